from asyncio_lint.rules._blocking import THREAD_FIX_SAFETY, BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingDatabase(BlockingCallRule):
    """
    ## What it does
    Flags calls of synchronous database clients inside a coroutine: sqlite3, SQLAlchemy's sync
    `Engine` / `Connection` / `Session` / `sessionmaker` / `scoped_session` (and sqlmodel,
    Flask-SQLAlchemy), psycopg2, psycopg 3 and its pool, PyMySQL, mysql-connector, pymongo (a
    `find()` cursor as it is iterated), redis (every command, `with r.lock(...)`), cassandra-driver,
    pandas' `read_sql` / `to_sql`. Methods that only build a query or mark objects
    (`session.add()`, `session.query(...)`, `select(...)`) are not reported.

    Receivers are typed as for AIO102 (constructors, factories, annotations, `Depends()`,
    `self.` attributes); an unknown type is never reported, nor an awaited method call. The full
    list is [docs/catalogue.md](catalogue.md).

    ## Why is this bad?
    A synchronous driver waits for the database server (or the disk) with the thread held; one slow
    query stalls every request the process serves.

    ## Example
    ```python
    import sqlite3

    async def count():
        conn = sqlite3.connect("app.db")
        return conn.execute("select count(*) from t").fetchone()
    ```

    ## Use instead
    ```python
    import aiosqlite

    async def count():
        async with aiosqlite.connect("app.db") as conn:
            cursor = await conn.execute("select count(*) from t")
            return await cursor.fetchone()
    ```

    ## Fix safety
    sqlite3 calls get no fix: sqlite3 objects may only be used in the thread that created them.
    """

    CODE = "AIO106"
    NAME = "blocking-database"
    CONFIDENCE = "certain"
    KIND = "database"
    FIX_SAFETY = THREAD_FIX_SAFETY
    FIX = 'an async driver (`asyncpg`, `aiosqlite`, `aiomysql`, `redis.asyncio`) or `await asyncio.to_thread(...)`'
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    VALID = [
        Valid('import aiosqlite\nasync def f():\n    async with aiosqlite.connect("db") as c:\n        await c.execute("select 1")\n'),
        Valid('import asyncio, sqlite3\nasync def f():\n    return await asyncio.to_thread(sqlite3.connect, "db")\n'),
        Valid('import redis.asyncio as redis\nasync def f():\n    r = redis.Redis()\n    await r.get("k")\n'),
    ]
    INVALID = [
        Invalid('import sqlite3\nasync def f():\n    c = sqlite3.connect("db")  # expect: AIO106\n    c.execute("select 1")  # expect: AIO106\n'),
        Invalid('import redis\nasync def f():\n    r = redis.Redis()\n    r.get("k")  # expect: AIO106\n'),
    ]
