from asyncio_lint.rules._blocking import BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingHttp(BlockingCallRule):
    """
    ## What it does
    Flags a synchronous HTTP request (requests, `urllib.request`, `http.client`, httpx's sync client and module functions, urllib3) inside a coroutine.

    ## Why is this bad?
    A synchronous HTTP call waits for the network with the thread held: every other task on the loop
    waits for the slowest server you talk to.

    ## Example
    ```python
    import requests

    async def fetch(url):
        return requests.get(url).json()
    ```

    ## Use instead
    ```python
    import httpx

    async def fetch(url):
        async with httpx.AsyncClient() as client:
            return (await client.get(url)).json()
    ```

    ## Fix safety
    The fix runs the call in a worker thread: `f(a, b=c)` becomes
    `await asyncio.to_thread(f, a, b=c)` (`import asyncio` is added when missing). It is unsafe:
    the callee then runs in another thread while the loop goes on, so code that is not
    thread-safe, or an object bound to the thread that made it, can break; the arguments are
    still evaluated on the loop, as before. No fix is offered where `await` cannot go (a
    generator expression, a lambda) or where the name `asyncio` means something else.
    """

    CODE = "AIO102"
    NAME = "blocking-http-call"
    KIND = "http"
    FIX = 'an async HTTP client such as `aiohttp.ClientSession` or `httpx.AsyncClient`, or `await asyncio.to_thread(...)`'
    MESSAGE = "`{call}()` blocks the event loop; use {fix} instead"
    VALID = [
        Valid('import asyncio, requests\nasync def f(url):\n    return await asyncio.to_thread(requests.get, url)\n'),
        Valid('import httpx\nasync def f(url):\n    async with httpx.AsyncClient() as c:\n        await c.get(url)\n'),
        Valid('import requests\nasync def f(url):\n    requests = None\n    requests.get(url)\n'),
        Valid('import redis.asyncio as redis\nasync def f():\n    r = redis.Redis()\n    await r.get("k")\n'),
    ]
    INVALID = [
        Invalid('import requests\nasync def f(url):\n    requests.get(url)  # expect: AIO102\n'),
        Invalid('from requests import Session\nasync def f(url):\n    Session().get(url)  # expect: AIO102\n'),
        Invalid('import requests\nclass C:\n    def __init__(self):\n        self.s = requests.Session()\n    async def f(self, url):\n        self.s.post(url)  # expect: AIO102\n'),
        Invalid('import urllib.request\nasync def f(url):\n    urllib.request.urlopen(url)  # expect: AIO102\n'),
    ]
