"""Synchronous HTTP clients: requests, httpx and httpx2 (their sync ``Client``), urllib3."""

from __future__ import annotations

from asyncio_lint.analysis.data.blocking import Blocking, class_wide, each, methods, same
from asyncio_lint.analysis.data.library import Library

# requests, httpx and urllib3 use the rule's own advice (an async client, or asyncio.to_thread)
_REQUESTS = _HTTPX = _URLLIB3 = None
_HTTPX2 = "`httpx2.AsyncClient`"
_VERBS = "get post put patch delete head options request"

REQUESTS = Library(
    name="requests",
    checked="requests 2.34.2",
    calls={
        **each("http", _VERBS, _REQUESTS, prefix="requests."),
        **methods("requests.Session", "http", _VERBS + " send", _REQUESTS),
        "requests.adapters.HTTPAdapter.send": Blocking("http", _REQUESTS),
    },
    returns={"requests.Session": "requests.Session", "requests.session": "requests.Session"},
    aliases={"requests.sessions.Session": "requests.Session", "requests.api": "requests",
             "requests.sessions.session": "requests.session"},
    not_blocking=("requests.Session.mount", "requests.Session.close", "requests.Session.prepare_request",
                  "requests.Request"),
    async_alternatives="`httpx.AsyncClient`, `aiohttp.ClientSession`",
)

# httpx 0.28.1 (_api.py, _client.py) and httpx2 2.16.2 (the maintained fork, same API plus query/sse)
HTTPX = Library(
    name="httpx / httpx2 (sync)",
    checked="httpx 0.28.1, httpx2 2.16.2",
    calls={
        **each("http", _VERBS + " stream", _HTTPX, prefix="httpx."),
        **each("http", _VERBS + " stream query", _HTTPX2, prefix="httpx2."),
        # close() closes the pool's connections (flake8-async's ASYNC212 and Ruff flag it too)
        **methods("httpx.Client", "http", _VERBS + " stream send close", _HTTPX),
        **methods("httpx2.Client", "http", _VERBS + " stream send close query sse websocket", _HTTPX2),
    },
    returns=same("httpx.Client", "httpx2.Client"),
    aliases={"httpx._client.Client": "httpx.Client", "httpx._api": "httpx", "httpx2._client.Client": "httpx2.Client",
             "httpx2._api": "httpx2", "openai.DefaultHttpxClient": "httpx.Client",
             "anthropic.DefaultHttpxClient": "httpx.Client"},
    not_blocking=("httpx.Client.build_request", "httpx.AsyncClient.get", "httpx2.AsyncClient.get"),
    async_alternatives="`httpx.AsyncClient`, `httpx2.AsyncClient`",
)

# urllib3 2.8.0: pools and managers (poolmanager.py, connectionpool.py, _request_methods.py)
_POOLS = ("urllib3.PoolManager", "urllib3.ProxyManager", "urllib3.HTTPConnectionPool",
          "urllib3.HTTPSConnectionPool", "urllib3.connectionpool.ConnectionPool", "urllib3.request.RequestMethods")
URLLIB3 = Library(
    name="urllib3",
    checked="urllib3 2.8.0 (and 1.26's urllib3.request.RequestMethods)",
    calls={"urllib3.request": Blocking("http", _URLLIB3)},
    # Every public method of a pool or manager sends a request, except these local ones.
    classes={cls: class_wide("http", _URLLIB3, "close clear is_same_host connection_from_url connection_from_host "
                             "connection_from_context connection_from_pool_key headers") for cls in _POOLS},
    returns={
        **same("urllib3.PoolManager", "urllib3.ProxyManager", "urllib3.HTTPConnectionPool",
               "urllib3.HTTPSConnectionPool"),
        "urllib3.proxy_from_url": "urllib3.ProxyManager",
        "urllib3.connection_from_url": "urllib3.HTTPConnectionPool",
        "urllib3.PoolManager.connection_from_url": "urllib3.HTTPConnectionPool",
        "urllib3.PoolManager.connection_from_host": "urllib3.HTTPConnectionPool",
    },
    aliases={
        "urllib3.poolmanager.PoolManager": "urllib3.PoolManager",
        "urllib3.poolmanager.ProxyManager": "urllib3.ProxyManager",
        "urllib3.poolmanager.proxy_from_url": "urllib3.proxy_from_url",
        "urllib3.connectionpool.HTTPConnectionPool": "urllib3.HTTPConnectionPool",
        "urllib3.connectionpool.HTTPSConnectionPool": "urllib3.HTTPSConnectionPool",
        "urllib3.connectionpool.connection_from_url": "urllib3.connection_from_url",
        "urllib3._request_methods.RequestMethods": "urllib3.request.RequestMethods",
    },
    not_blocking=("urllib3.PoolManager.clear", "urllib3.PoolManager.connection_from_url"),
    async_alternatives="`aiohttp.ClientSession`, `httpx.AsyncClient`",
)

LIBRARIES = (REQUESTS, HTTPX, URLLIB3)
