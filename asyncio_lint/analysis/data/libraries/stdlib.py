"""The standard library (read in CPython 3.11 and 3.12 sources): sleeping, processes, files and
archives, sockets, TLS, stdlib HTTP, mail and FTP, sqlite3, thread and process primitives, imports."""

from __future__ import annotations

from asyncio_lint.analysis.data.blocking import (
    NOT_BLOCKING, Blocking, class_wide, each, methods, returning, same)
from asyncio_lint.analysis.data.library import Library

_THREAD = "`await asyncio.to_thread(...)`"
_FILE = "`await asyncio.to_thread(...)` (or an async file library such as aiofiles)"
_TLS = "a context built once at startup (or `await asyncio.to_thread(...)`)"
_SQLITE = "`aiosqlite`"
_HTTP = None  # the rule's own advice
_IMPORT = "an import at module level (or `await asyncio.to_thread(importlib.import_module, name)`)"
_LOCK = "`asyncio.Lock` (`async with lock:`)"
_ONCE = "a value read once at start-up (or `await asyncio.to_thread(...)`)"
# A file, or a file object the call reads or writes, that is an io.BytesIO / io.StringIO does no I/O.
_MEMORY = ("in-memory-file",)

# Methods of a file object that do no I/O (or only an lseek): everything else reads or writes.
_FILE_OBJECT_LOCAL = ("fileno isatty readable writable seekable tell seek detach reconfigure close "
                      "closed name mode buffer raw encoding errors newlines line_buffering write_through")
_FILE_CLASSES = ("io.TextIOWrapper", "io.BufferedReader", "io.BufferedWriter", "io.BufferedRandom", "io.FileIO")

SLEEP_AND_INPUT = Library(
    name="Python: sleeping and console input",
    checked="CPython 3.11",
    calls={"time.sleep": Blocking("sleep"), "builtins.input": Blocking("input")},
    async_alternatives="`await asyncio.sleep(...)`; `await asyncio.to_thread(input, ...)`",
)

PROCESSES = Library(
    name="Python: processes",
    checked="CPython 3.11",
    calls={
        **each("subprocess", "run call check_call check_output getoutput getstatusoutput Popen", prefix="subprocess."),
        **methods("subprocess.Popen", "subprocess", "wait communicate"),
        **each("subprocess", "system popen wait posix_spawn posix_spawnp "
               "spawnl spawnle spawnlp spawnlpe spawnv spawnve spawnvp spawnvpe", prefix="os."),
        # (with os.WNOHANG in their options they return at once)
        **each("subprocess", "wait3 wait4 waitpid waitid", prefix="os.", safe_when=("no-hang",)),
    },
    returns=same("subprocess.Popen"),
    not_blocking=("subprocess.Popen.poll", "subprocess.Popen.kill", "subprocess.Popen.terminate"),
    async_alternatives="`asyncio.create_subprocess_exec` / `create_subprocess_shell`",
)

FILES = Library(
    name="Python: files and archives",
    checked="CPython 3.11",
    calls={
        # openers: the file object they return is reported once, here (see the opened-here guard)
        **each("file", "builtins.open io.open io.open_code codecs.open gzip.open bz2.open lzma.open shelve.open "
               "dbm.open"),
        # os.fdopen only wraps a descriptor; flake8-async's ASYNC231 reports it as the opener of the
        # file that is read next (a helper that wraps stdin is not followed: AIO120)
        "os.fdopen": Blocking("file", chained=False),
        **methods("pathlib.Path", "file", "read_text read_bytes write_text write_bytes open"),
        **each("file", "copy copy2 copyfile copytree move rmtree make_archive unpack_archive", prefix="shutil."),
        **each("file", "TemporaryFile NamedTemporaryFile mkstemp mkdtemp TemporaryDirectory", prefix="tempfile."),
        "tempfile.TemporaryDirectory.cleanup": Blocking("file"),  # rmtree
        # archives: opening one reads its index; zipfile.ZipFile(io.BytesIO(data)) is in memory
        "zipfile.ZipFile": Blocking("file", safe_when=_MEMORY),
        "zipfile.is_zipfile": Blocking("file", safe_when=_MEMORY),
        **methods("zipfile.ZipFile", "file", "read extract extractall write writestr mkdir testzip"),
        **methods("zipfile.ZipExtFile", "file", "read read1 readline readlines peek"),
        "tarfile.open": Blocking("file", safe_when=_MEMORY),
        "tarfile.TarFile": Blocking("file", safe_when=_MEMORY),
        "tarfile.TarFile.open": Blocking("file", safe_when=_MEMORY),
        "tarfile.is_tarfile": Blocking("file", safe_when=_MEMORY),
        **methods("tarfile.TarFile", "file", "add addfile extract extractall extractfile getmember getmembers "
                  "getnames gettarinfo list next"),
        "hashlib.file_digest": Blocking("file", safe_when=_MEMORY),
        # (de)serialising through a file object reads or writes it: reported when the object is a
        # disk file received from elsewhere (one opened here is reported at its opener)
        **each("file", "json.load json.dump pickle.load pickle.dump marshal.load marshal.dump tomllib.load",
               safe_when=("not-a-file-object",)),
        # installed distributions' metadata: reads dist-info files on sys.path
        **each("file", "version entry_points distributions distribution metadata files requires", _ONCE,
               prefix="importlib.metadata."),
    },
    # A file object's methods read or write (a file received from elsewhere: a parameter, an
    # attribute, a module-level file; one opened in the same coroutine is reported at its opener).
    classes={cls: class_wide("file", None, _FILE_OBJECT_LOCAL) for cls in _FILE_CLASSES},
    aliases={
        **{f"_io.{cls[3:]}": cls for cls in _FILE_CLASSES},
        "zipfile.PyZipFile": "zipfile.ZipFile", "gzip.GzipFile.open": "gzip.open",
        "pathlib.PosixPath": "pathlib.Path", "pathlib.WindowsPath": "pathlib.Path",
        "pathlib._local.Path": "pathlib.Path",
    },
    returns={
        # builtins.open & co.: io.TextIOWrapper, or a Buffered* class for a binary mode
        # (analysis/catalogue.py reads the mode)
        "builtins.open": "io.TextIOWrapper", "io.open": "io.TextIOWrapper", "os.fdopen": "io.TextIOWrapper",
        "codecs.open": "io.TextIOWrapper", "pathlib.Path.open": "io.TextIOWrapper",
        "tempfile.TemporaryFile": "io.BufferedRandom", "tempfile.NamedTemporaryFile": "io.BufferedRandom",
        "io.BytesIO": "io.BytesIO", "io.StringIO": "io.StringIO",
        **same("zipfile.ZipFile", "tarfile.TarFile", "pathlib.Path", "tempfile.TemporaryDirectory"),
        "zipfile.ZipFile.open": "zipfile.ZipExtFile",
        "tarfile.open": "tarfile.TarFile", "tarfile.TarFile.open": "tarfile.TarFile",
        **returning("pathlib.Path", "pathlib.Path", "cwd home resolve absolute expanduser joinpath with_name "
                    "with_suffix with_stem relative_to"),
    },
    attributes={"pathlib.Path.parent": "pathlib.Path", "pathlib.Path.__truediv__": "pathlib.Path"},
    not_blocking=("io.BytesIO.read", "io.StringIO.write", "pathlib.Path.name", "pathlib.Path.suffix",
                  "tempfile.gettempdir", "tempfile.SpooledTemporaryFile", "zipfile.ZipFile.namelist",
                  "json.loads", "pickle.loads"),
    async_alternatives="`aiofiles`, `anyio.Path` / `anyio.open_file`, `await asyncio.to_thread(...)`",
)

FILE_METADATA = Library(
    name="Python: file-system metadata and directories (AIO110, off by default)",
    checked="CPython 3.11",
    calls={
        **each("file-metadata", "exists lexists isfile isdir islink ismount getsize getmtime getatime getctime "
               "samefile sameopenfile realpath _joinrealpath", prefix="os.path."),
        **each("file-metadata", "stat lstat listdir scandir walk makedirs mkdir remove unlink rmdir rename "
               "replace removedirs access chmod chown utime symlink readlink link truncate statvfs", prefix="os."),
        **methods("pathlib.Path", "file-metadata", "exists is_file is_dir is_symlink stat lstat iterdir glob rglob "
                  "mkdir unlink rmdir rename replace touch samefile chmod readlink symlink_to"),
        **each("file-metadata", "glob iglob", prefix="glob."),
        "pkgutil.iter_modules": Blocking("file-metadata", _ONCE),  # lists the directories of the path
        **each("file-metadata", "disk_usage copymode copystat chown", prefix="shutil."),
    },
    aliases={"posixpath": "os.path", "ntpath": "os.path", "genericpath": "os.path"},
    # Pure string computation: no file-system access (flake8-async's ASYNC240 lists normpath and
    # relpath, Ruff's every os.path function: a documented difference).
    not_blocking=("os.path.join", "os.path.basename", "os.path.dirname", "os.path.normpath", "os.path.relpath",
                  "os.path.abspath", "os.path.splitext"),
    async_alternatives="`anyio.Path`, `aiofiles.os`, `await asyncio.to_thread(...)`",
)

SOCKETS_AND_TLS = Library(
    name="Python: sockets, DNS and TLS",
    checked="CPython 3.11",
    calls={
        **each("socket", "gethostbyname gethostbyname_ex gethostbyaddr getfqdn create_connection", prefix="socket."),
        # With AI_NUMERICHOST / NI_NUMERICHOST no resolver is asked: the call only parses an address.
        **each("socket", "getaddrinfo getnameinfo", prefix="socket.", safe_when=("numeric-host",)),
        **methods("socket.socket", "socket", "accept recv recv_into recvfrom recvfrom_into recvmsg recvmsg_into "
                  "send sendall sendto sendmsg sendfile makefile", safe_when=("nonblocking-socket",)),
        # connecting a UDP socket only picks the route: no packet, no wait
        **methods("socket.socket", "socket", "connect connect_ex", safe_when=("nonblocking-socket", "datagram-socket")),
        # loading certificates reads (and parses) the CA bundle or the given files
        "ssl.create_default_context": Blocking("file", _TLS),
        **methods("ssl.SSLContext", "file", "load_verify_locations load_cert_chain load_default_certs "
                  "set_default_verify_paths load_dh_params", _TLS),
        "ssl.get_server_certificate": Blocking("socket", "`asyncio.open_connection(..., ssl=ctx)`"),
    },
    returns={
        **same("socket.socket", "ssl.SSLContext"),
        "socket.create_connection": "socket.socket", "socket.create_server": "socket.socket",
        "socket.fromfd": "socket.socket",
        "socket.socket.accept": "socket.socket",  # (conn, addr) in truth; methods reached via conn
        "ssl.create_default_context": "ssl.SSLContext",
    },
    not_blocking=("socket.gethostname", "socket.inet_aton", "socket.socket.setblocking", "ssl.SSLContext.wrap_bio"),
    async_alternatives="`asyncio.open_connection`, `loop.getaddrinfo`, `loop.sock_*`; build SSL contexts at startup",
)

STDLIB_HTTP = Library(
    name="Python: urllib.request, http.client, urllib.robotparser",
    checked="CPython 3.11",
    calls={
        **each("http", "urlopen urlretrieve", _HTTP, prefix="urllib.request."),
        "urllib.request.OpenerDirector.open": Blocking("http", _HTTP),
        "urllib.robotparser.RobotFileParser.read": Blocking("http", _HTTP),  # urlopen(self.url)
        **methods("http.client.HTTPConnection", "http", "connect request getresponse send endheaders", _HTTP),
        **methods("http.client.HTTPSConnection", "http", "connect request getresponse send endheaders", _HTTP),
    },
    returns={
        **same("http.client.HTTPConnection", "http.client.HTTPSConnection", "urllib.request.OpenerDirector",
               "urllib.robotparser.RobotFileParser"),
        "urllib.request.build_opener": "urllib.request.OpenerDirector",
    },
    not_blocking=("http.client.HTTPConnection", "urllib.request.Request", "urllib.robotparser.RobotFileParser.can_fetch"),
    async_alternatives="`aiohttp.ClientSession`, `httpx.AsyncClient`",
)

MAIL_AND_FTP = Library(
    name="Python: smtplib, imaplib, poplib, ftplib",
    checked="CPython 3.11",
    calls={
        # SMTP() looks its own name up in DNS (socket.getfqdn) even without a host, and connects with one.
        "smtplib.SMTP": Blocking("socket", "`aiosmtplib`"),
        "imaplib.IMAP4": Blocking("socket", "`aioimaplib`"),  # connects (host '' is localhost)
        "poplib.POP3": Blocking("socket", _THREAD),
        "ftplib.FTP": Blocking("socket", "`aioftp`", unless=("host", 0, ("",)), only_if=("host", 0)),
    },
    # every command method is a round trip to the server
    classes={
        "smtplib.SMTP": class_wide("socket", "`aiosmtplib`", "set_debuglevel has_extn close"),
        "imaplib.IMAP4": class_wide("socket", "`aioimaplib`", "response socket print_log"),
        "poplib.POP3": class_wide("socket", _THREAD, "getwelcome set_debuglevel close"),
        "ftplib.FTP": class_wide("socket", "`aioftp`", "getwelcome set_debuglevel debug set_pasv close sanitize"),
    },
    aliases={"smtplib.SMTP_SSL": "smtplib.SMTP", "smtplib.LMTP": "smtplib.SMTP", "imaplib.IMAP4_SSL": "imaplib.IMAP4",
             "imaplib.IMAP4_stream": "imaplib.IMAP4", "poplib.POP3_SSL": "poplib.POP3", "ftplib.FTP_TLS": "ftplib.FTP"},
    returns=same("smtplib.SMTP", "imaplib.IMAP4", "poplib.POP3", "ftplib.FTP"),
    not_blocking=("smtplib.SMTP.has_extn", "ftplib.FTP.getwelcome", "email.message.EmailMessage"),
    async_alternatives="`aiosmtplib`, `aioimaplib`, `aioftp`",
)

SQLITE = Library(
    name="Python: sqlite3",
    checked="CPython 3.11",
    calls={
        # An in-memory database does no I/O (its connection's type is sqlite3.MemoryConnection).
        "sqlite3.connect": Blocking("database", _SQLITE, ("database", 0, (":memory:",))),
        **methods("sqlite3.Cursor", "database", "execute executemany executescript fetchone fetchall fetchmany",
                  _SQLITE),
        **methods("sqlite3.Connection", "database", "execute executemany executescript commit rollback backup "
                  "iterdump blobopen", _SQLITE),
    },
    returns={"sqlite3.connect": "sqlite3.Connection", "sqlite3.Connection.cursor": "sqlite3.Cursor",
             "sqlite3.Connection.execute": "sqlite3.Cursor"},
    not_blocking=("sqlite3.Connection.cursor",),
    async_alternatives="`aiosqlite`",
)

_ACQUIRE_UNLESS = ("blocking", 0, NOT_BLOCKING)
_MP_ACQUIRE_UNLESS = ("block", 0, NOT_BLOCKING)
THREADS = Library(
    name="Python: threads, queues, processes, concurrent.futures",
    checked="CPython 3.11",
    calls={
        "queue.Queue.get": Blocking("sync-primitive", "`asyncio.Queue` (`await queue.get()`)", ("block", 0, NOT_BLOCKING)),
        "queue.Queue.put": Blocking("sync-primitive", "`asyncio.Queue` (`await queue.put(item)`)", ("block", 1, NOT_BLOCKING),
                                    safe_when=("unbounded-queue",)),
        "queue.Queue.join": Blocking("sync-primitive", "`asyncio.Queue` (`await queue.join()`)"),
        "threading.Lock.acquire": Blocking("sync-primitive", _LOCK, _ACQUIRE_UNLESS, safe_when=("fresh-lock",)),
        "threading.Semaphore.acquire": Blocking("sync-primitive", "`asyncio.Semaphore`", _ACQUIRE_UNLESS),
        "threading.Condition.acquire": Blocking("sync-primitive", "`asyncio.Condition`", _ACQUIRE_UNLESS),
        "threading.Event.wait": Blocking("sync-primitive", "`asyncio.Event` (`await event.wait()`)"),
        **methods("threading.Condition", "sync-primitive", "wait wait_for", "`asyncio.Condition`"),
        "threading.Barrier.wait": Blocking("sync-primitive", "`asyncio.Barrier`"),
        "threading.Thread.join": Blocking("sync-primitive", "`await asyncio.to_thread(thread.join)`"),
        "concurrent.futures.Future.result": Blocking(
            "sync-primitive", "`await asyncio.wrap_future(future)`", safe_when=("completion-signalled",)),
        "concurrent.futures.Future.exception": Blocking(
            "sync-primitive", "`await asyncio.wrap_future(future)`", safe_when=("completion-signalled",)),
        "concurrent.futures.wait": Blocking("sync-primitive", "`await asyncio.wait([asyncio.wrap_future(f) ...])`"),
        "concurrent.futures.as_completed": Blocking(
            "sync-primitive", "`asyncio.as_completed([asyncio.wrap_future(f) ...])`"),
        # multiprocessing
        "multiprocessing.queues.Queue.get": Blocking(
            "sync-primitive", "`await loop.run_in_executor(None, q.get)`", ("block", 0, NOT_BLOCKING)),
        "multiprocessing.queues.Queue.put": Blocking(
            "sync-primitive", "`await loop.run_in_executor(None, q.put, item)`", ("block", 1, NOT_BLOCKING)),
        "multiprocessing.queues.Queue.join": Blocking("sync-primitive", _THREAD),  # a JoinableQueue's
        "multiprocessing.synchronize.Lock.acquire": Blocking("sync-primitive", _LOCK, _MP_ACQUIRE_UNLESS),
        "multiprocessing.synchronize.Semaphore.acquire": Blocking("sync-primitive", "`asyncio.Semaphore`",
                                                                  _MP_ACQUIRE_UNLESS),
        **methods("multiprocessing.synchronize.Condition", "sync-primitive", "wait wait_for", "`asyncio.Condition`"),
        "multiprocessing.synchronize.Event.wait": Blocking("sync-primitive", "`asyncio.Event` (`await event.wait()`)"),
        "multiprocessing.synchronize.Barrier.wait": Blocking("sync-primitive", "`asyncio.Barrier`"),
        "multiprocessing.Process.join": Blocking("sync-primitive", "`await asyncio.to_thread(process.join)`"),
        **methods("multiprocessing.pool.Pool", "sync-primitive", "apply map starmap join",
                  "`await loop.run_in_executor(pool, ...)`"),
        **methods("multiprocessing.pool.ThreadPool", "sync-primitive", "apply map starmap join", _THREAD),
        **methods("multiprocessing.pool.AsyncResult", "sync-primitive", "get wait", _THREAD),
    },
    # `with lock:` waits for the lock like acquire() (AIO112, off by default: it waits only while a
    # thread holds the lock, and most critical sections shared with threads are short).
    enter={
        "threading.Lock": Blocking("lock", _LOCK),
        "threading.Semaphore": Blocking("lock", "`asyncio.Semaphore` (`async with semaphore:`)"),
        "threading.Condition": Blocking("lock", "`asyncio.Condition` (`async with condition:`)"),
        "multiprocessing.synchronize.Lock": Blocking("lock", _LOCK),
        "multiprocessing.synchronize.Semaphore": Blocking("lock", "`asyncio.Semaphore` (`async with semaphore:`)"),
        "multiprocessing.synchronize.Condition": Blocking("lock", "`asyncio.Condition` (`async with condition:`)"),
    },
    returns={
        **same("queue.Queue", "queue.SimpleQueue", "threading.Lock", "threading.Semaphore", "threading.Event",
               "threading.Condition", "threading.Thread", "threading.Barrier", "concurrent.futures.Future",
               "concurrent.futures.ThreadPoolExecutor", "concurrent.futures.ProcessPoolExecutor",
               "multiprocessing.pool.Pool", "multiprocessing.pool.ThreadPool", "multiprocessing.Process"),
        "queue.LifoQueue": "queue.Queue", "queue.PriorityQueue": "queue.Queue",
        "threading.RLock": "threading.Lock", "threading.BoundedSemaphore": "threading.Semaphore",
        "concurrent.futures.ThreadPoolExecutor.submit": "concurrent.futures.Future",
        "concurrent.futures.ProcessPoolExecutor.submit": "concurrent.futures.Future",
        "concurrent.futures.Executor.submit": "concurrent.futures.Future",
        "asyncio.run_coroutine_threadsafe": "concurrent.futures.Future",
        "multiprocessing.Pool": "multiprocessing.pool.Pool",
        "multiprocessing.dummy.Pool": "multiprocessing.pool.ThreadPool",
        "multiprocessing.get_context": "multiprocessing.context.BaseContext",
        "multiprocessing.context.BaseContext.Pool": "multiprocessing.pool.Pool",
        "multiprocessing.context.BaseContext.ThreadPool": "multiprocessing.pool.ThreadPool",
        **{f"multiprocessing.{c}": f"multiprocessing.synchronize.{c}" for c in (
            "Lock", "Semaphore", "Condition", "Event", "Barrier")},
        "multiprocessing.RLock": "multiprocessing.synchronize.Lock",
        "multiprocessing.BoundedSemaphore": "multiprocessing.synchronize.Semaphore",
        "multiprocessing.Queue": "multiprocessing.queues.Queue",
        "multiprocessing.JoinableQueue": "multiprocessing.queues.Queue",
        "multiprocessing.context.BaseContext.Lock": "multiprocessing.synchronize.Lock",
        "multiprocessing.context.BaseContext.Queue": "multiprocessing.queues.Queue",
        **returning("multiprocessing.pool.Pool", "multiprocessing.pool.AsyncResult", "apply_async map_async"),
        **returning("multiprocessing.pool.ThreadPool", "multiprocessing.pool.AsyncResult", "apply_async map_async"),
    },
    aliases={
        "concurrent.futures.thread.ThreadPoolExecutor": "concurrent.futures.ThreadPoolExecutor",
        "concurrent.futures.process.ProcessPoolExecutor": "concurrent.futures.ProcessPoolExecutor",
        "concurrent.futures._base.Future": "concurrent.futures.Future",
        "multiprocessing.queues.JoinableQueue": "multiprocessing.queues.Queue",
    },
    not_blocking=("queue.Queue.get_nowait", "threading.Lock.release", "threading.Event.set"),
    async_alternatives="`asyncio.Queue`, `asyncio.Lock` / `Semaphore` / `Condition` / `Event` / `Barrier`, "
                       "`asyncio.wrap_future`",
)

IMPORTS = Library(
    name="Python: dynamic imports",
    checked="CPython 3.11",
    calls={
        # instant when the module is in sys.modules already; otherwise it reads and runs the module
        **each("import", "importlib.import_module importlib.__import__ builtins.__import__", _IMPORT,
               safe_when=("module-cached",)),
        **each("import", "importlib.reload pkgutil.walk_packages", _IMPORT),
    },
    not_blocking=("importlib.util.find_spec",),
    async_alternatives="imports at module level, or `await asyncio.to_thread(importlib.import_module, name)`",
)

LIBRARIES = (SLEEP_AND_INPUT, PROCESSES, FILES, FILE_METADATA, SOCKETS_AND_TLS, STDLIB_HTTP, MAIL_AND_FTP, SQLITE,
             THREADS, IMPORTS)
