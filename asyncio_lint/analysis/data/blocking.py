"""The catalogue of blocking calls, as data.

Each entry maps a qualified name to a *kind*; one AIO1xx rule reports each kind (codes.py). Users
extend the table in ``pyproject.toml`` with ``extend-blocking-calls`` (see config.py).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Blocking:
    kind: str
    fix: str | None = None  # overrides the rule's default fix in the message
    # The call does not block when this argument (keyword, position) is one of these literals.
    unless: tuple[str, int, tuple[object, ...]] | None = None
    # Names of GUARDS: code around the call that shows it cannot block here.
    safe_when: tuple[str, ...] = ()


_NOT_BLOCKING = (False, 0)


def _each(kind: str, names: str, fix: str | None = None, unless: tuple[str, int, tuple[object, ...]] | None = None,
          prefix: str = "", safe_when: tuple[str, ...] = ()) -> dict[str, Blocking]:
    entry = Blocking(kind, fix, unless, safe_when)
    return {f"{prefix}{name}": entry for name in names.split()}


_HTTP_VERBS = "get post put patch delete head options request"
_REDIS_COMMANDS = (
    "get set mget mset getset setex setnx incr incrby decr decrby delete exists expire ttl keys scan "
    "hget hset hmget hmset hgetall hdel hincrby hkeys hvals lpush rpush lpop rpop lrange llen blpop "
    "brpop sadd srem smembers sismember zadd zrange zrem zscore publish ping flushdb flushall "
    "execute_command eval evalsha"
)
_DB_CURSOR = "execute executemany fetchone fetchall fetchmany callproc"
_DB_CONNECTION = "commit rollback"

BLOCKING_CALLS: dict[str, Blocking] = {
    # sleep
    "time.sleep": Blocking("sleep"),
    # HTTP
    **_each("http", _HTTP_VERBS, prefix="requests."),
    **_each("http", _HTTP_VERBS, prefix="requests.api."),
    **_each("http", _HTTP_VERBS + " send", prefix="requests.Session."),
    **_each("http", "urlopen urlretrieve", prefix="urllib.request."),
    **_each("http", "request getresponse connect", prefix="http.client.HTTPConnection."),
    **_each("http", "request getresponse connect", prefix="http.client.HTTPSConnection."),
    **_each("http", _HTTP_VERBS + " stream", prefix="httpx."),
    **_each("http", _HTTP_VERBS + " send stream", prefix="httpx.Client."),
    **_each("http", "request", prefix="urllib3."),
    **_each("http", "request urlopen request_encode_url request_encode_body", prefix="urllib3.PoolManager."),
    **_each("http", "request urlopen", prefix="urllib3.HTTPConnectionPool."),
    **_each("http", "request urlopen", prefix="urllib3.HTTPSConnectionPool."),
    # processes
    **_each("subprocess", "run call check_call check_output getoutput getstatusoutput Popen",
            prefix="subprocess."),
    **_each("subprocess", "wait communicate", prefix="subprocess.Popen."),
    **_each("subprocess", "system popen wait wait3 wait4 waitpid waitid posix_spawn posix_spawnp "
            "spawnl spawnle spawnlp spawnlpe spawnv spawnve spawnvp spawnvpe", prefix="os."),
    # files
    "builtins.open": Blocking("file"),
    "io.open": Blocking("file"),
    "io.open_code": Blocking("file"),
    "codecs.open": Blocking("file"),
    **_each("file", "read_text read_bytes write_text write_bytes open", prefix="pathlib.Path."),
    **_each("file", "copy copy2 copyfile copytree move rmtree", prefix="shutil."),
    # file-system metadata and directory operations (AIO110, off by default: usually fast)
    **_each("file-metadata", "exists lexists isfile isdir islink ismount getsize getmtime getatime getctime "
            "samefile realpath", prefix="os.path."),
    **_each("file-metadata", "stat lstat listdir scandir walk makedirs mkdir remove unlink rmdir rename "
            "replace removedirs", prefix="os."),
    **_each("file-metadata", "exists is_file is_dir is_symlink stat lstat iterdir glob rglob mkdir unlink "
            "rmdir rename replace touch samefile", prefix="pathlib.Path."),
    **_each("file-metadata", "glob iglob", prefix="glob."),
    # sockets and DNS
    **_each("socket", "gethostbyname gethostbyname_ex gethostbyaddr getfqdn create_connection", prefix="socket."),
    # With AI_NUMERICHOST / NI_NUMERICHOST no resolver is asked: the call only parses an address.
    **_each("socket", "getaddrinfo getnameinfo", prefix="socket.", safe_when=("numeric-host",)),
    **_each("socket", "connect accept recv recv_into recvfrom recvfrom_into sendall makefile",
            prefix="socket.socket.", safe_when=("nonblocking-socket",)),
    # databases
    # An in-memory database does no I/O (its connection's type is sqlite3.MemoryConnection).
    "sqlite3.connect": Blocking("database", "`aiosqlite`", ("database", 0, (":memory:",))),
    **_each("database", _DB_CURSOR, "`aiosqlite`", prefix="sqlite3.Cursor."),
    **_each("database", "execute executemany executescript " + _DB_CONNECTION, "`aiosqlite`",
            prefix="sqlite3.Connection."),
    "psycopg2.connect": Blocking("database", "`asyncpg` or `psycopg.AsyncConnection`"),
    **_each("database", _DB_CURSOR, "`asyncpg` or `psycopg.AsyncConnection`", prefix="psycopg2.extensions.cursor."),
    **_each("database", _DB_CONNECTION, "`asyncpg` or `psycopg.AsyncConnection`",
            prefix="psycopg2.extensions.connection."),
    "psycopg.connect": Blocking("database", "`psycopg.AsyncConnection`"),
    "psycopg.Connection.connect": Blocking("database", "`psycopg.AsyncConnection`"),
    **_each("database", "execute " + _DB_CONNECTION, "`psycopg.AsyncConnection`", prefix="psycopg.Connection."),
    **_each("database", _DB_CURSOR, "`psycopg.AsyncConnection`", prefix="psycopg.Cursor."),
    "pymysql.connect": Blocking("database", "`aiomysql` or `asyncmy`"),
    "pymysql.Connect": Blocking("database", "`aiomysql` or `asyncmy`"),
    **_each("database", _DB_CURSOR, "`aiomysql` or `asyncmy`", prefix="pymysql.cursors.Cursor."),
    **_each("database", _DB_CONNECTION + " ping", "`aiomysql` or `asyncmy`",
            prefix="pymysql.connections.Connection."),
    "mysql.connector.connect": Blocking("database", "`aiomysql` or `asyncmy`"),
    **_each("database", _DB_CURSOR, "`aiomysql` or `asyncmy`", prefix="mysql.connector.cursor.MySQLCursor."),
    **_each("database", _DB_CONNECTION, "`aiomysql` or `asyncmy`", prefix="mysql.connector.MySQLConnection."),
    **_each("database", _REDIS_COMMANDS, "`redis.asyncio.Redis`", prefix="redis.Redis."),
    "redis.client.Pipeline.execute": Blocking("database", "`redis.asyncio.Redis`"),
    # console input
    "builtins.input": Blocking("input"),
    # thread and queue primitives
    "queue.Queue.get": Blocking("sync-primitive", "`asyncio.Queue` (`await queue.get()`)", ("block", 0, _NOT_BLOCKING)),
    "queue.Queue.put": Blocking("sync-primitive", "`asyncio.Queue` (`await queue.put(item)`)", ("block", 1, _NOT_BLOCKING),
                                safe_when=("unbounded-queue",)),
    "queue.Queue.join": Blocking("sync-primitive", "`asyncio.Queue` (`await queue.join()`)"),
    "threading.Lock.acquire": Blocking("sync-primitive", "`asyncio.Lock` (`async with lock:`)", ("blocking", 0, _NOT_BLOCKING),
                                       safe_when=("fresh-lock",)),
    "threading.Semaphore.acquire": Blocking("sync-primitive", "`asyncio.Semaphore`", ("blocking", 0, _NOT_BLOCKING)),
    "threading.Event.wait": Blocking("sync-primitive", "`asyncio.Event` (`await event.wait()`)"),
    "threading.Condition.wait": Blocking("sync-primitive", "`asyncio.Condition`"),
    "threading.Condition.wait_for": Blocking("sync-primitive", "`asyncio.Condition`"),
    "threading.Barrier.wait": Blocking("sync-primitive", "`asyncio.Barrier`"),
    "threading.Thread.join": Blocking("sync-primitive", "`await asyncio.to_thread(thread.join)`"),
    "concurrent.futures.Future.result": Blocking(
        "sync-primitive", "`await asyncio.wrap_future(future)`", safe_when=("completion-signalled",)),
    "concurrent.futures.Future.exception": Blocking(
        "sync-primitive", "`await asyncio.wrap_future(future)`", safe_when=("completion-signalled",)),
    "concurrent.futures.wait": Blocking("sync-primitive", "`await asyncio.wait([asyncio.wrap_future(f) ...])`"),
    "concurrent.futures.as_completed": Blocking(
        "sync-primitive", "`asyncio.as_completed([asyncio.wrap_future(f) ...])`"),
}
