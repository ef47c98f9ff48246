import libcst as cst

from asyncio_lint.analysis import loop_api
from asyncio_lint.analysis.data import loops
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class NestedEventLoop(Rule):
    """
    ## What it does
    Flags starting an event loop inside a coroutine: `asyncio.run()`, `asyncio.Runner().run()`,
    `anyio.run()`, `uvloop.run()`, `loop.run_until_complete()` on any receiver, and
    `loop.run_forever()` on a visible event loop (a loop from `asyncio.get_event_loop()` /
    `new_event_loop()` / an annotation, or a name ending in `loop`). Files that import
    `nest_asyncio` are skipped.

    ## Why is this bad?
    A coroutine runs on an event loop that is already running in this thread; asyncio refuses to
    run a second one (`RuntimeError: asyncio.run() cannot be called from a running event loop`,
    `This event loop is already running`). Where it is patched to work, the outer loop is frozen
    until the inner one finishes.

    ## Example
    ```python
    import asyncio

    async def refresh():
        ...

    async def handler():
        asyncio.run(refresh())
    ```

    ## Use instead
    ```python
    import asyncio

    async def refresh():
        ...

    async def handler():
        await refresh()
    ```
    Run blocking code that starts its own loop in a thread: `await asyncio.to_thread(asyncio.run, refresh())`.
    """

    CODE = "AIO503"
    NAME = "nested-event-loop"
    CONFIDENCE = "certain"  # it raises RuntimeError, or deadlocks the running loop
    STATEMENT_TRIGGERS = ("run_until_complete", "run_forever")  # (asyncio.run: a name of the module)
    MESSAGE = ("`{call}()` inside a coroutine starts a second event loop while this one runs "
               "(RuntimeError); `await` the coroutine instead, or create a task with `asyncio.create_task()`")
    VALID = [
        Valid('import asyncio\nasync def main():\n    pass\nif __name__ == "__main__":\n    asyncio.run(main())\n'),
        Valid('import asyncio\nasync def main():\n    pass\ndef run():\n    loop = asyncio.new_event_loop()\n'
              '    loop.run_until_complete(main())\n'),
        Valid('import asyncio\nasync def work():\n    pass\nasync def main():\n'
              '    await asyncio.to_thread(asyncio.run, work())\n'),
        Valid('import asyncio\nasync def work():\n    pass\nasync def main(app):\n'
              '    def in_thread():\n        asyncio.run(work())\n    app.run_forever()\n'),
    ]
    INVALID = [
        Invalid('import asyncio\nasync def work():\n    pass\nasync def main():\n'
                '    asyncio.run(work())  # expect: AIO503\n'),
        Invalid('import asyncio\nasync def work():\n    pass\nasync def main():\n'
                '    loop = asyncio.get_running_loop()\n'
                '    loop.run_until_complete(work())  # expect: AIO503\n'
                '    loop.run_forever()  # expect: AIO503\n'),
        Invalid('from asyncio import run as arun\nasync def work():\n    pass\nclass C:\n'
                '    async def go(self):\n        arun(work())  # expect: AIO503\n'),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        context = self.context
        if not context.on_event_loop:
            return
        func = node.func
        if isinstance(func, cst.Attribute):
            name = func.attr.value
            if name == loops.RUN_UNTIL_COMPLETE:
                pass
            elif name == loops.RUN_FOREVER:
                if not loop_api.is_loop_receiver(context, func.value):
                    return
            elif name != "run" or context.call_name(node) not in loops.LOOP_RUNNERS:
                return
        elif isinstance(func, cst.Name):
            if (func.value not in loop_api.bare_names(context, loops.LOOP_RUNNERS)
                    or context.call_name(node) not in loops.LOOP_RUNNERS):
                return
        else:
            return
        if _uses_nest_asyncio(context):
            return
        self.report(node, call=context.code_of(func))


def _uses_nest_asyncio(context) -> bool:
    memo = context.memo.get("aio5.nest_asyncio")
    if memo is None:
        memo = context.memo["aio5.nest_asyncio"] = "nest_asyncio" in context.module_scope.bindings()
    return memo
