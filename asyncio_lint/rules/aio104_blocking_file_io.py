from asyncio_lint.rules._blocking import BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingFileIo(BlockingCallRule):
    """
    ## What it does
    Flags file I/O (builtin `open`, `io.open`, `pathlib.Path` read/write/open methods, `shutil` copies) inside a coroutine.

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
    """

    CODE = "AIO104"
    NAME = "blocking-file-io"
    CONFIDENCE = "likely"  # fast on a local disk with a warm cache, not on a network share or a busy disk
    KIND = "file"
    FIX = '`await asyncio.to_thread(...)` (or an async file library such as aiofiles)'
    MESSAGE = "`{call}()` blocks the event loop; use {fix} instead"
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
