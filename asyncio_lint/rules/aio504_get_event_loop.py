import libcst as cst

from asyncio_lint.analysis import loop_api
from asyncio_lint.analysis.data import loops
from asyncio_lint.analysis.fixes import running_loop
from asyncio_lint.analysis.names import dotted_name
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class GetEventLoop(Rule):
    """
    ## What it does
    Flags `asyncio.get_event_loop()` where its meaning is deprecated or about to change:

    * inside a coroutine, where `asyncio.get_running_loop()` says what is meant;
    * where no loop can be running: at module level (including `if __name__ == "__main__":` and
      class bodies), and in a sync function that then runs the loop itself with
      `run_until_complete()` / `run_forever()`.

    Calls in other sync functions are left alone: a callback or `__init__` called from a coroutine
    gets the running loop, as intended. A scope that calls `asyncio.set_event_loop()` is skipped.

    ## Why is this bad?
    With no running loop, `get_event_loop()` is deprecated since Python 3.10 (a
    `DeprecationWarning` when it has to create a loop), and from Python 3.14 it raises
    `RuntimeError` instead of creating one: scripts and tutorials built on
    `loop = asyncio.get_event_loop(); loop.run_until_complete(main())` stop working.
    Inside a coroutine it works, but `get_running_loop()` is the explicit, future-proof spelling.

    ## Example
    ```python
    import asyncio

    async def main():
        loop = asyncio.get_event_loop()
        await loop.run_in_executor(None, print, "hi")

    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    ```

    ## Use instead
    ```python
    import asyncio

    async def main():
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, print, "hi")

    asyncio.run(main())
    ```

    ## Fix safety
    Inside a coroutine, the fix replaces `asyncio.get_event_loop()` with
    `asyncio.get_running_loop()`. It is safe: in a coroutine both return the running loop (a test
    that patches `asyncio.get_event_loop` itself no longer sees the call, and has to patch
    `asyncio.get_running_loop` instead: aiohttp's `test_tcpsite_default_host` does). Calls outside
    coroutines get no fix: moving to `asyncio.run()` restructures the program; nor do calls in a
    generator expression, which may be consumed later, where no loop is running.
    """

    CODE = "AIO504"
    NAME = "get-event-loop"
    MESSAGE = "`{call}()` {where}; use {fix}"
    FIX_AVAILABILITY = "sometimes"
    TRIGGERS = (b"get_event_loop",)
    VALID = [
        Valid('import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n'),
        Valid('import asyncio\nclass Proto:\n    def __init__(self):\n        self.loop = asyncio.get_event_loop()\n'),
        Valid('import asyncio\nasync def main():\n    pass\ndef run():\n    loop = asyncio.new_event_loop()\n'
              '    asyncio.set_event_loop(loop)\n    asyncio.get_event_loop().run_until_complete(main())\n'),
        Valid('import asyncio\ndef on_done(fut):\n    asyncio.get_event_loop().stop()\n'),
    ]
    INVALID = [
        Invalid('import asyncio\nasync def main():\n    loop = asyncio.get_event_loop()  # expect: AIO504\n'),
        Invalid('import asyncio\nasync def main():\n    pass\nloop = asyncio.get_event_loop()  # expect: AIO504\n'
                'loop.run_until_complete(main())\n'),
        Invalid('import asyncio\nasync def serve():\n    pass\ndef cli():\n'
                '    loop = asyncio.get_event_loop()  # expect: AIO504\n'
                '    loop.run_until_complete(serve())\n'),
        Invalid('from asyncio import get_event_loop\nasync def serve():\n    pass\ndef cli():\n'
                '    get_event_loop().run_until_complete(serve())  # expect: AIO504\n'),
        Invalid('import asyncio, unittest\nasync def serve():\n    pass\nclass T(unittest.TestCase):\n'
                '    def setUp(self):\n        self.loop = asyncio.get_event_loop()  # expect: AIO504\n'
                '        self.loop.run_until_complete(serve())\n'),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute):
            if func.attr.value != "get_event_loop":
                return
        elif not isinstance(func, cst.Name) or func.value not in loop_api.bare_names(self.context, loops.LOOP_GETTERS):
            return
        context = self.context
        if context.call_name(node) not in loops.LOOP_GETTERS:
            return
        call = context.code_of(func)
        if context.in_coroutine:
            self.report(node, call=call, where="inside a coroutine is the old spelling of `asyncio.get_running_loop()`",
                        fix="`asyncio.get_running_loop()`", autofix=lambda rewriter: running_loop(rewriter, node))
            return
        scope = context.scope
        function = scope.function_scope
        uses = loop_api.loop_uses(context, function.node if function is not None else context.module)
        if uses.sets_loop:
            return
        if function is None:
            where = "at module level, where no event loop runs, is deprecated (an error from Python 3.14)"
        elif self._runs_loop(node, uses):
            where = ("before running the loop itself (no loop runs yet) is deprecated "
                     "(an error from Python 3.14)")
        else:
            return
        self.report(node, call=call, where=where,
                    fix="`asyncio.run(main())` at the entry point, and `asyncio.get_running_loop()` inside coroutines")

    def _runs_loop(self, node: cst.Call, uses: "loop_api.LoopUses") -> bool:
        """True when the loop this call returns is then run with run_until_complete/run_forever."""
        parents = self.context.parents
        parent = parents[-2] if len(parents) > 1 else None
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return parent.attr.value in loops.LOOP_RUN_METHODS
        if isinstance(parent, cst.Assign) and parent.value is node:
            return any(dotted_name(t.target) in uses.run_receivers for t in parent.targets)
        return False
