import libcst as cst

from asyncio_lint.analysis import loop_api
from asyncio_lint.analysis.data import loops
from asyncio_lint.analysis.names import dotted_name
from asyncio_lint.analysis.syntax import runs_only_before
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid

# From Python 3.14, get_event_loop() raises RuntimeError when no loop is set.
ERROR_FROM = (3, 14)
_HANDLES = ("RuntimeError", "Exception", "BaseException")


class GetEventLoop(Rule):
    """
    ## What it does
    Flags `asyncio.get_event_loop()` where no event loop can be running yet, so that it has to
    create one (deprecated) or fails (Python 3.14):

    * at module level (including `if __name__ == "__main__":` and class bodies);
    * in a sync function that then runs the loop itself with `run_until_complete()` /
      `run_forever()`.

    Left alone: calls in other sync functions (a callback or `__init__` called from a coroutine gets
    the running loop, as intended); a scope that calls `asyncio.set_event_loop()` first; code that
    only runs on Python before 3.14 (under `if sys.version_info < (3, 14):`, or the `else` of
    `if sys.version_info >= (3, 12):`). Inside a coroutine `get_event_loop()` returns the running
    loop and works on every version: that style point is AIO506 (off by default).

    Confidence: *certain*; *likely* when the call is inside a `try` whose handler catches
    `RuntimeError` (the author expected it to fail, though the fallback may not be what 3.14 needs).

    ## Why is this bad?
    With no running loop, `get_event_loop()` is deprecated: since Python 3.10 it warns when it
    has to create a loop, from 3.12 whenever no loop is set, and from Python 3.14 it raises
    `RuntimeError` instead of creating one: scripts and tutorials built on
    `loop = asyncio.get_event_loop(); loop.run_until_complete(main())` stop working.

    ## Example
    ```python
    import asyncio

    async def main():
        await asyncio.sleep(1)

    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    ```

    ## Use instead
    ```python
    import asyncio

    async def main():
        await asyncio.sleep(1)

    asyncio.run(main())
    ```
    """

    CODE = "AIO504"
    NAME = "get-event-loop"
    CONFIDENCE = "certain"  # an error from Python 3.14 on
    MESSAGE = "`{call}()` {where}; use {fix}"
    TRIGGERS = (b"get_event_loop",)
    STATEMENT_TRIGGERS = ("get_event_loop",)
    VALID = [
        Valid('import asyncio\nasync def main():\n    loop = asyncio.get_running_loop()\n'),
        Valid('import asyncio\nasync def main():\n    loop = asyncio.get_event_loop()\n'),
        Valid('import asyncio\nclass Proto:\n    def __init__(self):\n        self.loop = asyncio.get_event_loop()\n'),
        Valid('import asyncio\nasync def main():\n    pass\ndef run():\n    loop = asyncio.new_event_loop()\n'
              '    asyncio.set_event_loop(loop)\n    asyncio.get_event_loop().run_until_complete(main())\n'),
        Valid('import asyncio\ndef on_done(fut):\n    asyncio.get_event_loop().stop()\n'),
        Valid('import asyncio, sys\nasync def main():\n    pass\nif sys.version_info < (3, 10):\n'
              '    asyncio.get_event_loop().run_until_complete(main())\nelse:\n    asyncio.run(main())\n'),
    ]
    INVALID = [
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
        Invalid('import asyncio, sys\nasync def main():\n    pass\nif sys.version_info >= (3, 8):\n'
                '    asyncio.get_event_loop().run_until_complete(main())  # expect: AIO504\n'),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        context = self.context
        if context.in_coroutine or not loop_api.is_get_event_loop(context, node):
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
        if runs_only_before(context.parents, ERROR_FROM, self._is_version_info):
            return
        self.report(node, call=context.code_of(node.func), where=where,
                    confidence="likely" if self._handled() else None,
                    fix="`asyncio.run(main())` at the entry point, and `asyncio.get_running_loop()` inside coroutines")

    def _is_version_info(self, expr: cst.BaseExpression) -> bool:
        return self.context.qualified_name(expr) == "sys.version_info"

    def _handled(self) -> bool:
        """Inside the body of a ``try`` of this scope whose handler catches RuntimeError."""
        parents = self.context.parents
        for index in range(len(parents) - 2, -1, -1):
            node = parents[index]
            if isinstance(node, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                return False
            if isinstance(node, cst.Try) and parents[index + 1] is node.body:
                for handler in node.handlers:
                    if handler.type is None or any(name in self.context.code_of(handler.type) for name in _HANDLES):
                        return True
        return False

    def _runs_loop(self, node: cst.Call, uses: "loop_api.LoopUses") -> bool:
        """True when the loop this call returns is then run with run_until_complete/run_forever."""
        parents = self.context.parents
        parent = parents[-2] if len(parents) > 1 else None
        if isinstance(parent, cst.Attribute) and parent.value is node:
            return parent.attr.value in loops.LOOP_RUN_METHODS
        if isinstance(parent, cst.Assign) and parent.value is node:
            return any(dotted_name(t.target) in uses.run_receivers for t in parent.targets)
        return False
