from asyncio_lint.rules._blocking import THREAD_FIX_SAFETY, BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingFileIo(BlockingCallRule):
    """
    ## What it does
    Flags file I/O inside a coroutine: opening a file (`open`, `io.open`, `os.fdopen`, `gzip.open`,
    `pathlib.Path.open`, `tempfile` files and directories), the methods of a file object (`read`,
    `write`, `readlines`, `flush`... of `io.TextIOWrapper` and the `Buffered*` classes),
    `pathlib.Path` reads and writes, `shutil` copies, archives (`tarfile.open`, `zipfile.ZipFile`
    and their members), `ssl.create_default_context()` and loading certificates, installed
    packages' metadata (`importlib.metadata.version`), pandas readers and writers, Pillow's
    `Image.open` / `save`, and creating a boto3 or Google Cloud client (it reads the service model
    or the credentials from disk).

    A file opened in the coroutine is reported once, at the call that opens it: its reads and
    writes are the same transfer, with the same fix (`with open(p) as f: f.read()` is one finding).
    A file object that comes from elsewhere (a parameter, an attribute, a module-level file) is
    reported where it is read or written. Files and archives in memory (`io.BytesIO`,
    `zipfile.ZipFile(io.BytesIO(data))`) and pandas' `to_csv()` without a path are not reported.

    Differences from the peers: flake8-async's ASYNC232 also reports each read of a file opened in
    the same coroutine (here the `open()` finding covers it), any method name on a file object
    (here the methods that do no I/O, such as `fileno()` or `tell()`, are not reported), and a
    name annotated as a file and then assigned something else (`f: TextIOWrapper = ...`, then
    `f = make()` or `f = 7`: here `f` is what was assigned last).

    ## Why is this bad?
    Disk reads and writes can take milliseconds to seconds (network file systems, a busy disk, a large
    file); the loop waits the whole time.

    ## Example
    ```python
    async def load(path):
        with open(path) as f:
            return f.read()
    ```

    ## Use instead
    ```python
    import asyncio
    from pathlib import Path

    async def load(path):
        return await asyncio.to_thread(Path(path).read_text)
    ```

    ## Fix safety
    `open(path).read()` and `open(path, "w").write(data)` (modes `r`, `rb`, `w`, `wb`, with
    `encoding` and `errors` carried over) become pathlib's one-shot method run in a thread:
    `await asyncio.to_thread(pathlib.Path(path).read_text)`. It is unsafe: the file is then
    closed at once (it was left to the garbage collector), and a file descriptor passed as `path`
    would no longer work. Other file calls get the thread fix.

    """

    CODE = "AIO104"
    NAME = "blocking-file-io"
    CONFIDENCE = "likely"  # fast on a local disk with a warm cache, not on a network share or a busy disk
    KIND = "file"
    FIX_SAFETY = THREAD_FIX_SAFETY
    FIX = '`await asyncio.to_thread(...)` (or an async file library such as aiofiles)'
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    VALID = [
        Valid('import asyncio\nfrom pathlib import Path\nasync def f(p):\n    return await asyncio.to_thread(Path(p).read_text)\n'),
        Valid('async def f(p):\n    def load():\n        with open(p) as fh:\n            return fh.read()\n    return load\n'),
        Valid('async def f(p):\n    open = lambda *a: None\n    open(p)\n'),
        Valid('async def f(p):\n    return p.read_text()\n'),
    ]
    INVALID = [
        Invalid('async def f(p):\n    with open(p) as fh:  # expect: AIO104\n        return fh.read()\n'),
        Invalid('from pathlib import Path\nasync def f(p):\n    return Path(p).read_text()  # expect: AIO104\n'),
        Invalid('from pathlib import Path\nasync def f(p: Path):\n    return (p / "x").read_bytes()  # expect: AIO104\n'),
    ]
