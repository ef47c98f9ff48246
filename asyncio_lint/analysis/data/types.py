"""What calls return and what attributes hold: the data that lets ``s = requests.Session()`` make
``s.get(...)`` resolve to ``requests.Session.get``. Keyed by qualified name; values are class names.

Every rule family reads these tables through the resolver; add a type here once and every
catalogue that lists its methods can see through variables, ``self.`` attributes, ``with ... as``
targets and annotations.
"""

from __future__ import annotations


def _same(*names: str) -> dict[str, str]:
    """Classes whose constructor returns an instance of themselves."""
    return {name: name for name in names}


def _methods(cls: str, result: str, *methods: str) -> dict[str, str]:
    return {f"{cls}.{m}": result for m in methods}


# Calling the key returns an instance of the value.
RETURNS: dict[str, str] = {
    **_same(
        "requests.Session", "httpx.Client", "urllib3.PoolManager", "urllib3.HTTPConnectionPool",
        "urllib3.HTTPSConnectionPool", "http.client.HTTPConnection", "http.client.HTTPSConnection",
        "socket.socket", "queue.Queue", "queue.SimpleQueue", "threading.Lock", "threading.Semaphore",
        "threading.Event", "threading.Condition", "threading.Thread", "threading.Barrier",
        "concurrent.futures.Future", "concurrent.futures.ThreadPoolExecutor",
        "concurrent.futures.ProcessPoolExecutor", "pathlib.Path", "redis.Redis",
        "multiprocessing.pool.Pool", "multiprocessing.pool.ThreadPool", "subprocess.Popen",
    ),
    "requests.session": "requests.Session",
    "requests.sessions.Session": "requests.Session",
    "urllib3.connection_from_url": "urllib3.HTTPConnectionPool",
    "socket.create_connection": "socket.socket",
    "socket.create_server": "socket.socket",
    "socket.fromfd": "socket.socket",
    "socket.socket.accept": "socket.socket",  # (conn, addr) in truth; methods reached via conn
    "queue.LifoQueue": "queue.Queue",
    "queue.PriorityQueue": "queue.Queue",
    "threading.RLock": "threading.Lock",
    "threading.BoundedSemaphore": "threading.Semaphore",
    "concurrent.futures.ThreadPoolExecutor.submit": "concurrent.futures.Future",
    "concurrent.futures.ProcessPoolExecutor.submit": "concurrent.futures.Future",
    "concurrent.futures.Executor.submit": "concurrent.futures.Future",
    "asyncio.run_coroutine_threadsafe": "concurrent.futures.Future",
    "sqlite3.connect": "sqlite3.Connection",
    "sqlite3.Connection.cursor": "sqlite3.Cursor",
    "sqlite3.Connection.execute": "sqlite3.Cursor",
    "psycopg2.connect": "psycopg2.extensions.connection",
    "psycopg2.extensions.connection.cursor": "psycopg2.extensions.cursor",
    "psycopg.connect": "psycopg.Connection",
    "psycopg.Connection.connect": "psycopg.Connection",
    "psycopg.Connection.cursor": "psycopg.Cursor",
    "psycopg.Connection.execute": "psycopg.Cursor",
    "pymysql.connect": "pymysql.connections.Connection",
    "pymysql.Connect": "pymysql.connections.Connection",
    "pymysql.connections.Connection": "pymysql.connections.Connection",
    "pymysql.connections.Connection.cursor": "pymysql.cursors.Cursor",
    "mysql.connector.connect": "mysql.connector.MySQLConnection",
    "mysql.connector.MySQLConnection": "mysql.connector.MySQLConnection",
    "mysql.connector.MySQLConnection.cursor": "mysql.connector.cursor.MySQLCursor",
    "redis.StrictRedis": "redis.Redis",
    "redis.from_url": "redis.Redis",
    "redis.Redis.from_url": "redis.Redis",
    "redis.client.Redis": "redis.Redis",
    "redis.Redis.pipeline": "redis.client.Pipeline",
    "pathlib.PosixPath": "pathlib.Path",
    "pathlib.WindowsPath": "pathlib.Path",
    **_methods("pathlib.Path", "pathlib.Path", "cwd", "home", "resolve", "absolute", "expanduser",
               "joinpath", "with_name", "with_suffix", "with_stem", "relative_to"),
    "multiprocessing.Pool": "multiprocessing.pool.Pool",
    "multiprocessing.pool.ThreadPool": "multiprocessing.pool.ThreadPool",
    "multiprocessing.dummy.Pool": "multiprocessing.pool.ThreadPool",
    # asyncio's synchronisation primitives and queues (AIO505: their coroutine methods; AIO3xx: locks)
    **_same("asyncio.Lock", "asyncio.Event", "asyncio.Condition", "asyncio.Semaphore",
            "asyncio.BoundedSemaphore", "asyncio.Barrier", "asyncio.Queue", "asyncio.PriorityQueue",
            "asyncio.LifoQueue"),
    **{f"asyncio.locks.{name}": f"asyncio.{name}"
       for name in ("Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier")},
    **{f"asyncio.queues.{name}": f"asyncio.{name}" for name in ("Queue", "PriorityQueue", "LifoQueue")},
    # task groups (AIO402: their create_task keeps the task)
    "asyncio.TaskGroup": "asyncio.TaskGroup",
    "asyncio.taskgroups.TaskGroup": "asyncio.TaskGroup",
    # event loops and executors (AIO5xx, analysis/loop_api.py)
    "multiprocessing.get_context": "multiprocessing.context.BaseContext",
    "multiprocessing.context.BaseContext.Pool": "multiprocessing.pool.Pool",
    "multiprocessing.context.BaseContext.ThreadPool": "multiprocessing.pool.ThreadPool",
    "concurrent.futures.thread.ThreadPoolExecutor": "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.process.ProcessPoolExecutor": "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.InterpreterPoolExecutor": "concurrent.futures.InterpreterPoolExecutor",
    "asyncio.get_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.get_running_loop": "asyncio.AbstractEventLoop",
    "asyncio.new_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.events.get_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.events.get_running_loop": "asyncio.AbstractEventLoop",
    "asyncio.events.new_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.SelectorEventLoop": "asyncio.AbstractEventLoop",
    "asyncio.ProactorEventLoop": "asyncio.AbstractEventLoop",
    "uvloop.new_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.Runner": "asyncio.Runner",
    # password hashers and key derivation (AIO201, analysis/cpu.py)
    "argon2.PasswordHasher": "argon2.PasswordHasher",
    "argon2.PasswordHasher.from_parameters": "argon2.PasswordHasher",
    "passlib.context.CryptContext": "passlib.context.CryptContext",
    "cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC": "cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC",
    "cryptography.hazmat.primitives.kdf.scrypt.Scrypt": "cryptography.hazmat.primitives.kdf.scrypt.Scrypt",
}

# Calls whose result type depends on a literal argument: name -> (keyword, position, literal, class).
ARGUMENT_RETURNS: dict[str, tuple[str, int, object, str]] = {
    "sqlite3.connect": ("database", 0, ":memory:", "sqlite3.MemoryConnection"),  # no I/O
}

# An attribute (or operator) of an instance of the key's class holds an instance of the value.
ATTRIBUTES: dict[str, str] = {
    "pathlib.Path.parent": "pathlib.Path",
    "pathlib.Path.__truediv__": "pathlib.Path",
}
