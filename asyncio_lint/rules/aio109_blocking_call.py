from asyncio_lint.rules._blocking import THREAD_FIX_SAFETY, BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingCall(BlockingCallRule):
    """
    ## What it does
    Flags calls the project declared blocking in `extend-blocking-calls` (as a list, or with kind `other`) inside a coroutine.

    ## Why is this bad?
    The project told asyncio-lint this call blocks; made on the loop thread, it stalls every task.

    ## Example
    ```python
    import mylib

    async def f():
        mylib.fetch_sync()  # with extend-blocking-calls = ["mylib.fetch_sync"]
    ```

    ## Use instead
    ```python
    import asyncio, mylib

    async def f():
        await asyncio.to_thread(mylib.fetch_sync)
    ```

    ## Fix safety
    """

    CODE = "AIO109"
    NAME = "blocking-call"
    CONFIDENCE = "certain"  # the project declared it blocking
    KIND = "other"
    FIX_SAFETY = THREAD_FIX_SAFETY
    FIX = '`await asyncio.to_thread(...)` or an async alternative'
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    VALID = [
        Valid('import mylib\nasync def f():\n    await mylib.fetch()\n'),
        # A declared call of another kind is reported by that kind's rule (AIO106 here), not AIO109.
        Valid('import mylib\nasync def f():\n    mylib.query()\n',
              config={"extend-blocking-calls": {"mylib.query": "database"}}),
    ]
    INVALID = [
        Invalid('import mylib\nasync def f():\n    mylib.fetch_sync()  # expect: AIO109\n',
                config={"extend-blocking-calls": ["mylib.fetch_sync"]}),

    ]
