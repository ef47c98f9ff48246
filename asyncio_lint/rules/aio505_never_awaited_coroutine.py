from functools import partial

import libcst as cst

from asyncio_lint.analysis import loop_api
from asyncio_lint.analysis.fixes import await_coroutine
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class NeverAwaitedCoroutine(Rule):
    """
    ## What it does
    Flags a call of a visible `async def` (a function of this module, a nested one, or a method
    through `self`/`cls`, also one inherited from a base class of this module) made as a bare statement: not awaited, not passed to
    `asyncio.create_task()`, not stored or returned. Functions with decorators other than
    `staticmethod`/`classmethod`/`abstractmethod` are skipped (a decorator may make them sync).

    ## Why is this bad?
    Calling an `async def` does not run it: it creates a coroutine object. Dropped on the floor, the
    body never runs and the only trace is a `RuntimeWarning: coroutine ... was never awaited`,
    often long after the fact.

    ## Example
    ```python
    class Client:
        async def close(self):
            ...

        async def __aexit__(self, *exc):
            self.close()
    ```

    ## Use instead
    ```python
    class Client:
        async def close(self):
            ...

        async def __aexit__(self, *exc):
            await self.close()
    ```

    ## Fix safety
    Inside a coroutine, the fix awaits the call: `self.close()` becomes `await self.close()`. It is
    unsafe: the body that never ran now runs, and the caller waits for it (if it was meant to run in
    the background, `asyncio.create_task()` with a kept reference is the fix instead). Calls in sync
    functions and of async generators get no fix.
    """

    CODE = "AIO505"
    NAME = "never-awaited-coroutine"
    MESSAGE = ("`{call}()` creates {what} and drops it, so `async def {name}` never runs; "
               "{fix}")
    FIX_AVAILABILITY = "sometimes"
    VALID = [
        Valid('import asyncio\nasync def ping():\n    pass\nasync def main():\n    await ping()\n'
              '    task = asyncio.create_task(ping())\n    await task\n'),
        Valid('async def ping():\n    pass\ndef ping_sync():\n    pass\nclass C:\n'
              '    def ping(self):\n        pass\n    async def run(self):\n        self.ping()\n        ping_sync()\n'),
        Valid('import functools\ndef sync(f):\n    return f\n@sync\nasync def ping():\n    pass\n'
              'def main():\n    ping()\n'),
    ]
    INVALID = [
        Invalid('async def ping():\n    pass\nasync def main():\n    ping()  # expect: AIO505\n'),
        Invalid('class Client:\n    async def close(self):\n        pass\n    def __del__(self):\n'
                '        self.close()  # expect: AIO505\n'),
        Invalid('class Client:\n    @classmethod\n    async def make(cls):\n        pass\n'
                '    @classmethod\n    async def warm(cls):\n        cls.make()  # expect: AIO505\n'),
    ]

    def __init__(self, context) -> None:
        super().__init__(context)
        self._async_names: set[str] = set()
        self._candidates: list[tuple[cst.Call, str, object, bool]] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.asynchronous is not None:
            self._async_names.add(node.name.value)

    def visit_Expr(self, node: cst.Expr) -> None:
        call = node.value
        if not isinstance(call, cst.Call):
            return
        func = call.func
        if isinstance(func, cst.Name):
            name = func.value
        elif isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            name = func.attr.value
        else:
            return
        # Resolved at the end of the module, once every async def's name is known.
        context = self.context
        self._candidates.append((call, name, context.scope, context.in_coroutine))

    def leave_Module(self, node: cst.Module) -> None:
        names = self._async_names
        if not names:
            return
        context = self.context
        for call, name, scope, in_coroutine in self._candidates:
            if name not in names:
                continue
            saved = context.scope
            context.scope = scope  # type: ignore[assignment]
            try:
                definition = loop_api.coroutine_function(context, call.func)
            finally:
                context.scope = saved
            if definition is None:
                continue
            code = context.code_of(call.func)
            if loop_api.is_async_generator(definition):
                fix = f"iterate it with `async for ... in {code}(...)`"
                self.report(call, call=code, what="an async generator", name=definition.name.value, fix=fix)
                continue
            if in_coroutine:
                fix = f"`await {code}(...)`, or keep a reference to `asyncio.create_task({code}(...))`"
            else:
                fix = (f"`await {code}(...)` from a coroutine, schedule it with `asyncio.create_task()` / "
                       f"`asyncio.run_coroutine_threadsafe()`, or `asyncio.run({code}(...))` at an entry point")
            self.report(call, call=code, what="a coroutine", name=definition.name.value, fix=fix,
                        autofix=partial(await_coroutine, call=call) if in_coroutine else None)
