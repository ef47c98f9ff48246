import libcst as cst

from asyncio_lint.analysis import loop_api
from asyncio_lint.analysis.fixes import running_loop
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class GetEventLoopInCoroutine(Rule):
    """
    ## What it does
    Flags `asyncio.get_event_loop()` inside a coroutine (an `async def`, not a nested sync `def`
    or `lambda` in it), where `asyncio.get_running_loop()` says what is meant.

    A style point, off by default: inside a coroutine a loop is running, and `get_event_loop()`
    returns it on every Python version, with no warning. Select it by its code
    (`extend-select = ["AIO506"]`) to make the spelling uniform. The calls that do break (with no
    running loop) are AIO504's.

    ## Why is this bad?
    It works, but it reads as if it might create a loop, and it hides what the code relies on:
    `get_running_loop()` states that a loop is running and fails loudly if the function is ever
    called without one, where `get_event_loop()` would create (3.10-3.13) or fail to find
    (3.14) a different loop.

    ## Example
    ```python
    import asyncio

    async def read_config(path):
        loop = asyncio.get_event_loop()
        return await loop.run_in_executor(None, load, path)
    ```

    ## Use instead
    ```python
    import asyncio

    async def read_config(path):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, load, path)
    ```

    ## Fix safety
    The fix replaces `asyncio.get_event_loop()` with `asyncio.get_running_loop()`. It is safe: in
    a coroutine both return the running loop (a test that patches `asyncio.get_event_loop` itself
    no longer sees the call, and has to patch `asyncio.get_running_loop` instead: aiohttp's
    `test_tcpsite_default_host` does). A call in a generator expression gets no fix (it may be
    consumed later, where no loop is running).
    """

    CODE = "AIO506"
    NAME = "get-event-loop-in-coroutine"
    DEFAULT_ENABLED = False
    CONFIDENCE = "style"  # it works on every version
    MESSAGE = ("`{call}()` inside a coroutine returns the running loop; say so with "
               "`asyncio.get_running_loop()`")
    TRIGGERS = (b"get_event_loop",)
    STATEMENT_TRIGGERS = ("get_event_loop",)
    FIX_AVAILABILITY = "sometimes"
    VALID = [
        Valid('import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n'),
        Valid('import asyncio\nasync def main():\n    def later():\n        return asyncio.get_event_loop()\n'
              '    return later\n'),
        Valid('import asyncio\nasync def main():\n    return asyncio.get_event_loop_policy().get_event_loop()\n'),
    ]
    INVALID = [
        Invalid('import asyncio\nasync def main():\n    loop = asyncio.get_event_loop()  # expect: AIO506\n'),
        Invalid('from asyncio import get_event_loop as current\nasync def main():\n'
                '    return current().create_future()  # expect: AIO506\n'),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        if self.context.on_event_loop and loop_api.is_get_event_loop(self.context, node):
            self.report(node, call=self.context.code_of(node.func),
                        autofix=lambda rewriter: running_loop(rewriter, node))
