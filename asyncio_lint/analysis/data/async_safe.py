"""Installed packages known to be async-safe: their functions are never followed as blocking, whatever
their summaries say (an async client's sync helpers read a certificate or a config file once, at
set-up, not per request). Prefixes of qualified names, ending with a dot."""

ASYNC_SAFE_PACKAGES: tuple[str, ...] = tuple(f"{name}." for name in (
    "aiohttp", "aiohttp_jinja2", "aiosqlite", "aiofiles", "aiomysql", "aiopg", "aiokafka", "aiobotocore",
    "aioboto3", "aiosmtplib", "aioredis", "anyio", "asyncpg", "asyncssh", "httpcore._async",
    "httpx._client.AsyncClient", "motor", "redis.asyncio", "sqlalchemy.ext.asyncio", "trio", "uvloop",
    "websockets", "asyncio",
))
