from asyncio_lint.rules._blocking import BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingSleep(BlockingCallRule):
    """
    ## What it does
    Flags `time.sleep()` inside a coroutine.

    ## Why is this bad?
    `time.sleep()` suspends the whole thread, and with it the event loop: no other task, callback or
    connection makes progress until it returns.

    ## Example
    ```python
    import time

    async def poll():
        time.sleep(1)
    ```

    ## Use instead
    ```python
    import asyncio

    async def poll():
        await asyncio.sleep(1)
    ```

    ## Fix safety
    The fix replaces `time.sleep(x)` with `await asyncio.sleep(x)` (`import asyncio` is added
    when missing). It is safe: the coroutine still waits as long, and other tasks run meanwhile.
    No fix is offered where `await` cannot go (a generator expression, a lambda) or where the
    name `asyncio` means something else. `--fix` skips it where the new `await` would fall between a
    read and a write of shared state (the sleep blocked every other task; the await lets them run,
    and AIO301 would then report the race).
    """

    CODE = "AIO101"
    NAME = "blocking-sleep"
    CONFIDENCE = "certain"  # a sleep always blocks for its full duration
    KIND = "sleep"
    FIX = "`await asyncio.sleep(...)`"
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    VALID = [
        Valid("import asyncio\nasync def f():\n    await asyncio.sleep(1)\n"),
        Valid("import time, asyncio\nasync def f():\n    await asyncio.to_thread(time.sleep, 1)\n"),
        Valid("import time\nasync def f():\n    def g():\n        time.sleep(1)\n    return g\n"),
        Valid("import time\ndef f():\n    time.sleep(1)\n"),
    ]
    INVALID = [
        Invalid("import time\nasync def f():\n    time.sleep(1)  # expect: AIO101\n"),
        Invalid("from time import sleep as pause\nasync def f():\n    pause(1)  # expect: AIO101\n"),
    ]
