from asyncio_lint.rules._blocking import THREAD_FIX_SAFETY, BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingFileMetadata(BlockingCallRule):
    """
    ## What it does
    Flags file-system metadata and directory calls inside a coroutine: `os.path.exists`/`isfile`/
    `getsize`, `os.stat`, `os.listdir`/`scandir`/`walk`, `os.makedirs`/`remove`/`rename`,
    `pathlib.Path.exists`/`stat`/`iterdir`/`glob`/`mkdir`/`unlink`, `glob.glob`.

    Pure string computation on paths is not reported: `os.path.join`, `normpath`, `abspath`,
    `relpath` (flake8-async's ASYNC240 lists `normpath` and `relpath`, and Ruff's every `os.path`
    function: a documented difference; `abspath` asks the kernel for the working directory, which
    does not wait for a disk).

    Off by default: on a local disk these calls usually return in microseconds. Select it
    (`--select AIO110`) for code that serves files or runs on network file systems, where a `stat`
    can take as long as a read.

    ## Why is this bad?
    Each call is a system call that waits for the file system with the thread held; on NFS, a
    container overlay or a busy disk that wait stalls the event loop.

    ## Example
    ```python
    import os

    async def size_of(path):
        if os.path.exists(path):
            return os.path.getsize(path)
    ```

    ## Use instead
    ```python
    import asyncio, os

    async def size_of(path):
        if await asyncio.to_thread(os.path.exists, path):
            return await asyncio.to_thread(os.path.getsize, path)
    ```

    ## Fix safety
    """

    CODE = "AIO110"
    NAME = "blocking-file-metadata"
    CONFIDENCE = "likely"
    KIND = "file-metadata"
    FIX_SAFETY = THREAD_FIX_SAFETY
    FIX = "`await asyncio.to_thread(...)` (or `anyio.Path` / `aiofiles.os`)"
    MESSAGE = "`{call}` waits for the file system on the event loop; use {fix} instead"
    DEFAULT_ENABLED = False
    VALID = [
        Valid("import asyncio, os\nasync def f(p):\n    return await asyncio.to_thread(os.path.exists, p)\n"),
        Valid("import os\ndef f(p):\n    return os.path.exists(p)\n"),
        Valid("import os\nasync def f(p):\n    return os.path.join(p, 'x'), os.path.basename(p)\n"),
    ]
    INVALID = [
        Invalid("import os\nasync def f(p):\n    return os.path.isfile(p)  # expect: AIO110\n"),
        Invalid("from pathlib import Path\nasync def f(p):\n    return Path(p).exists()  # expect: AIO110\n"),
    ]
