import re
from functools import partial

import libcst as cst

from asyncio_lint.analysis import loop_api
from asyncio_lint.analysis.data.awaitables import ASYNCIO_AWAITABLES, ASYNCIO_FUTURES
from asyncio_lint.analysis.summary import SummaryCollector
from asyncio_lint.analysis.fixes import await_coroutine
from asyncio_lint.rule import Rule
from asyncio_lint.tree import child_nodes
from asyncio_lint.types import Invalid, Valid

API_MESSAGE = "`{call}()` creates {what} and drops it, so {outcome}; {fix}"


class NeverAwaitedCoroutine(Rule):
    """
    ## What it does
    Flags a call that creates a coroutine or an awaitable and drops it: made as a bare statement,
    or assigned to a local variable that is never used again (not awaited, not passed to
    `asyncio.create_task()`, not returned). The calls it knows:

    - a visible `async def` (a function of this module, a nested one, or a method through
      `self`/`cls`, also one inherited from a base class of this module); functions with decorators
      other than `staticmethod`/`classmethod`/`abstractmethod` are skipped (a decorator may make
      them sync);
    - asyncio's own coroutine functions and methods, from typeshed's stubs: `asyncio.sleep()`,
      `asyncio.wait_for()`, `asyncio.open_connection()`, `lock.acquire()` on an `asyncio.Lock`,
      `queue.put()` / `queue.get()` on an `asyncio.Queue`, `writer.drain()` on an
      `asyncio.StreamWriter`, `event.wait()`, `loop.sock_connect()`, ... (the receiver's type
      must be visible: a constructor, an annotation); and `asyncio.gather()` / `asyncio.shield()`,
      whose future carries the outcome;
    - in a command-line or pre-commit run, the project's coroutine functions in other modules, and,
      with the project's environment (`--python`), the coroutine functions of the libraries it
      uses (`ctx.send()` of discord.py, `bot.send_message()` of python-telegram-bot, ...).

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
    CONFIDENCE = "certain"
    COLLECTORS = (SummaryCollector,)  # the dropped calls of other modules' coroutines (project phase)
    MESSAGE = ("`{call}()` creates {what} and drops it, so `async def {name}` never runs; "
               "{fix}")
    FIX_AVAILABILITY = "sometimes"
    STATEMENT_TRIGGERS = ("async",)  # (a coroutine function of its own, or a name of the module)
    VALID = [
        Valid('import asyncio\nasync def ping():\n    pass\nasync def main():\n    await ping()\n'
              '    task = asyncio.create_task(ping())\n    await task\n'),
        Valid('import asyncio\nasync def main(queue: asyncio.Queue, lock):\n    await queue.put(1)\n'
              '    waiter = asyncio.sleep(1)\n    await waiter\n    lock.acquire()\n'),
        Valid('async def ping():\n    pass\ndef ping_sync():\n    pass\nclass C:\n'
              '    def ping(self):\n        pass\n    async def run(self):\n        self.ping()\n        ping_sync()\n'),
        Valid('import functools\ndef sync(f):\n    return f\n@sync\nasync def ping():\n    pass\n'
              'def main():\n    ping()\n'),
    ]
    INVALID = [
        Invalid('async def ping():\n    pass\nasync def main():\n    ping()  # expect: AIO505\n'),
        Invalid('import asyncio\nasync def main():\n    asyncio.sleep(1)  # expect: AIO505\n'),
        Invalid('import asyncio\nasync def main(lock: asyncio.Lock):\n    lock.acquire()  # expect: AIO505\n'
                '    try:\n        pass\n    finally:\n        lock.release()\n'),
        Invalid('async def ping():\n    pass\nasync def main():\n    pending = ping()  # expect: AIO505\n'
                '    return 1\n'),
        Invalid('class Client:\n    async def close(self):\n        pass\n    def __del__(self):\n'
                '        self.close()  # expect: AIO505\n'),
        Invalid('class Client:\n    @classmethod\n    async def make(cls):\n        pass\n'
                '    @classmethod\n    async def warm(cls):\n        cls.make()  # expect: AIO505\n'),
    ]

    def __init__(self, context) -> None:
        super().__init__(context)
        self._async_names: set[str] = set()
        self._candidates: list[tuple[cst.Call, str, object, bool]] = []
        # function -> (local name, its call) for ``name = call(...)`` statements in it
        self._stored: dict[int, list[tuple[str, cst.Call]]] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.asynchronous is not None:
            self._async_names.add(node.name.value)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        stored = self._stored.pop(id(node), None)
        if stored:
            # (only a call of one of the file's async defs or of asyncio's awaitables can be
            # reported: test that before counting the function's reads)
            maybe = self._maybe_async()
            stored = [(name, call) for name, call in stored if _callee_name(call) in maybe
                      or _callee_name(call) in _API_LAST_NAMES] if maybe is not None else stored
        if not stored:
            return
        loads = _names_used(node, {name for name, _ in stored})
        for name, call in stored:
            if loads.get(name, 0) <= 1:  # the assignment's own target is its only mention
                self._consider(call)

    def _maybe_async(self) -> frozenset[str] | None:
        """Every word after ``async def`` in the file's bytes (a superset of its coroutine
        functions' names); None when the bytes may spell a name otherwise (non-ASCII, a notebook's JSON)."""
        found = self.context.memo.get("aio505.async-words", False)
        if found is False:
            raw = self.context.raw
            found = None
            if raw and raw.isascii() and not self.context.path.endswith(".ipynb"):
                found = frozenset(word.decode() for word in _ASYNC_DEF.findall(raw))
            self.context.memo["aio505.async-words"] = found
        return found  # type: ignore[no-any-return]

    def visit_Expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.Call):
            self._consider(node.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        function = self.context.function
        if (function is not None and isinstance(node.value, cst.Call) and len(node.targets) == 1
                and isinstance(node.targets[0].target, cst.Name)):
            self._stored.setdefault(id(function), []).append((node.targets[0].target.value, node.value))

    def _consider(self, call: cst.Call) -> None:
        if self._api_call(call):
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

    def _api_call(self, call: cst.Call) -> bool:
        """Report a dropped call of asyncio's own awaitables (True when reported)."""
        func = call.func
        last = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
        if last not in _API_LAST_NAMES:
            return False
        name = self.context.call_name(call)
        if name not in ASYNCIO_AWAITABLES:
            return False
        code = self.context.code_of(func)
        if name in ASYNCIO_FUTURES:
            what, outcome = "a future", "its result and any exception are lost"
        else:
            what, outcome = "a coroutine", "it never runs"
        if self.context.in_coroutine:
            fix = f"`await {code}(...)`"
        else:
            fix = f"call it from a coroutine as `await {code}(...)`"
        self.report(call, message=API_MESSAGE, call=code, what=what, outcome=outcome, fix=fix,
                    confidence="certain")
        return True

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


_ASYNC_DEF = re.compile(rb"async(?:\s|\\\r?\n)+def(?:\s|\\\r?\n)+([A-Za-z_]\w*)")


def _callee_name(call: cst.Call) -> str | None:
    """The name ``_consider`` judges a call by: ``f`` of ``f()`` and of ``x.f()``."""
    func = call.func
    if func.__class__ is cst.Name:
        return func.value  # type: ignore[attr-defined,no-any-return]
    if func.__class__ is cst.Attribute and func.value.__class__ is cst.Name:  # type: ignore[attr-defined]
        return func.attr.value  # type: ignore[attr-defined,no-any-return]
    return None


# The last components of the awaitables' names (a cheap test before resolving a call).
_API_LAST_NAMES = frozenset(name.rsplit(".", 1)[1] for name in ASYNCIO_AWAITABLES)


def _names_used(function: cst.FunctionDef, names: set[str]) -> dict[str, int]:
    """How often each of ``names`` occurs as a ``Name`` in ``function``'s body (nested scopes too:
    a closure that uses the variable uses it)."""
    counts: dict[str, int] = {}
    stack: list[cst.CSTNode] = [function.body]
    while stack:
        node = stack.pop()
        kind = node.__class__  # (exact classes: isinstance of libcst's ABCs costs more)
        if kind is cst.Name and node.value in names:  # type: ignore[attr-defined]
            counts[node.value] = counts.get(node.value, 0) + 1  # type: ignore[attr-defined]
        elif kind is cst.FunctionDef or kind is cst.Lambda or kind is cst.ClassDef:
            stack.extend(child_nodes(node))
            for field in ("params", "decorators", "bases", "keywords", "returns"):
                value = getattr(node, field, None)
                if isinstance(value, cst.CSTNode):
                    stack.append(value)
                elif isinstance(value, (list, tuple)):
                    stack.extend(value)
            continue
        stack.extend(child_nodes(node))
    return counts
