from __future__ import annotations

import re

import libcst as cst

from asyncio_lint.analysis.callbacks import receiver_name, registration
from asyncio_lint.analysis.fixes import Plan, Rewriter
from asyncio_lint.analysis.data.tasks import (
    TASK_FACTORIES, TASK_FACTORY_METHODS, TASK_GROUP_TYPES)
from asyncio_lint.rule import Rule
from asyncio_lint.tree import child_nodes
from asyncio_lint.types import Invalid, Valid


_TASK_NAME = re.compile(r"(^|_)(task|fut|future)s?$|^t$", re.IGNORECASE)


def _holds_a_task(node: cst.CSTNode) -> bool:
    """``ensure_future(self._task)``: a task or future passed in comes back unchanged, and the name
    it came from still holds it (a coroutine object would be wrapped in a new task, so only names
    that say task or future count)."""
    if not isinstance(node, cst.Call) or not node.args or node.args[0].keyword is not None:
        return False
    name = receiver_name(node.args[0].value)
    return name is not None and _TASK_NAME.search(name) is not None


class DroppedTask(Rule):
    """
    ## What it does
    Flags a task that is created and whose only reference is thrown away:
    `asyncio.create_task(...)`, `loop.create_task(...)` or `asyncio.ensure_future(...)`

    - used as an expression statement (also with a `.add_done_callback(...)` chained on it);
    - assigned to `_`, or to a local variable that the function never reads
      (`task = asyncio.create_task(...)` and nothing else uses `task`);
    - inside an expression that drops it: an element of a list, tuple or set display, or of a
      comprehension or generator, that is itself a statement (`[create_task(c) for c in coros]`);
      the test of a conditional expression, an `if`/`while` or a comprehension's `if` (`not`
      included); a `with` item;
    - registered as a callback (`loop.call_soon_threadsafe(loop.create_task, coro)`,
      `loop.call_soon(lambda: asyncio.create_task(coro))`): the loop drops a callback's result.

    `create_task` of an `asyncio.TaskGroup` is not flagged: the group keeps its tasks; nor is
    `create_task` on a receiver that is not visibly an event loop (`self.hass.create_task(...)`,
    `application.create_task(...)`: frameworks' own methods keep the task), nor
    `ensure_future(self._task)` on a task that a name already holds. A task passed to a function,
    stored in an attribute, a container or a module-level variable, returned or awaited is kept.

    Differences from the peers: `create_task` imported inside a function, or bound to another name
    (`spawn = asyncio.create_task`), is followed (flake8-async's ASYNC300 does not); a `loop`
    whose origin the file does not show is taken for an event loop when its name says so (Ruff's
    RUF006 wants to see `loop = asyncio.get_running_loop()`).

    ## Why is this bad?
    The event loop keeps only a weak reference to a task. When nothing else holds the task, the
    garbage collector may destroy it while it is still running (it just stops, with at most a
    "Task was destroyed but it is pending!" log line), and an exception it raises is never seen.

    ## Example
    ```python
    import asyncio

    async def handle(request):
        asyncio.create_task(audit_log(request))
        return "ok"
    ```

    ## Use instead
    ```python
    import asyncio

    background_tasks = set()

    async def handle(request):
        task = asyncio.create_task(audit_log(request))
        background_tasks.add(task)
        task.add_done_callback(background_tasks.discard)
        return "ok"
    ```
    or run the work in an `asyncio.TaskGroup` (`async with asyncio.TaskGroup() as tg:
    tg.create_task(...)`), which keeps every task until it is done.

    ## Fix safety
    The fix keeps the task in a module-level set until it is done: the statement becomes
    `task = asyncio.create_task(...)`, `_background_tasks.add(task)`,
    `task.add_done_callback(_background_tasks.discard)`, with `_background_tasks: set[object] = set()`
    added after the imports (annotated, so that type checkers accept it; a chained
    `.add_done_callback(cb)` is kept, on `task`). It is unsafe: the task now
    lives until it finishes, which is the point but changes when it is collected; a task that never
    finishes is kept forever. Only a task dropped as a statement gets a fix (not one assigned to
    `_` or to an unused local, nor one inside an expression), nor does a task factory passed as a
    callback.
    """

    CODE = "AIO402"
    FIX_AVAILABILITY = "sometimes"
    NAME = "dropped-task"
    MESSAGE = (
        "the task from `{factory}()` is thrown away and the event loop holds only a weak reference to it, "
        "so it can be garbage-collected mid-flight; keep a reference (add it to a set and "
        "`task.add_done_callback(tasks.discard)`) or use `asyncio.TaskGroup`"
    )
    TRIGGERS = (b"create_task", b"ensure_future")
    STATEMENT_TRIGGERS = ("create_task", "ensure_future")
    VALID = [
        Valid('import asyncio\nasync def f(c):\n    async with asyncio.TaskGroup() as tg:\n'
              '        tg.create_task(c())\n'),
        Valid('import asyncio\ntasks = set()\nasync def f(c):\n    t = asyncio.create_task(c())\n'
              '    tasks.add(t)\n    t.add_done_callback(tasks.discard)\n'),
        Valid('import asyncio\nasync def f(c):\n    await asyncio.create_task(c())\n'),
        Valid('import asyncio\nasync def f(c, tasks):\n    tasks.append(asyncio.ensure_future(c()))\n'),
        Valid('class Pool:\n    def create_task(self, coro):\n        self.tasks.add(coro)\n'
              '    def run(self, c):\n        self.create_task(c())\n'),
        Valid('import asyncio\nasync def f(c):\n    task = asyncio.create_task(c())\n    await asyncio.sleep(0)\n'
              '    return await task\n'),
        Valid('import asyncio\nasync def f(coros):\n    await asyncio.gather(*[asyncio.create_task(c) for c in coros])\n'),
    ]
    INVALID = [
        Invalid('import asyncio\nasync def f(c):\n    asyncio.create_task(c())  # expect: AIO402\n'),
        Invalid('import asyncio\ndef f(c):\n    asyncio.get_running_loop().create_task(c())  # expect: AIO402\n'),
        Invalid('from asyncio import ensure_future\ndef f(c):\n    ensure_future(c())  # expect: AIO402\n'),
        Invalid('import asyncio\nclass P(asyncio.Protocol):\n    def data_received(self, data):\n'
                '        self._loop.create_task(self.handle(data))  # expect: AIO402\n'),
        Invalid('import asyncio\nasync def f(c, log):\n'
                '    asyncio.create_task(c()).add_done_callback(log)  # expect: AIO402\n'),
        Invalid('import asyncio\ndef from_thread(loop, c):\n'
                '    loop.call_soon_threadsafe(loop.create_task, c())  # expect: AIO402\n'),
        Invalid('import asyncio\nasync def f(c):\n    task = asyncio.create_task(c())  # expect: AIO402\n'
                '    return "started"\n'),
        Invalid('import asyncio\nasync def f(coros):\n'
                '    [asyncio.create_task(c) for c in coros]  # expect: AIO402\n'),
    ]

    def visit_Expr(self, node: cst.Expr) -> None:
        call = node.value
        if call.__class__ is not cst.Call:
            return
        func = call.func  # type: ignore[attr-defined]
        # asyncio.create_task(...).add_done_callback(...): the task is still dropped.
        if (func.__class__ is cst.Attribute and func.attr.value == "add_done_callback"
                and func.value.__class__ is cst.Call):
            call = func.value
            func = call.func  # type: ignore[attr-defined]
        self._check(call, func, fixable=True)  # type: ignore[arg-type]

    def visit_Assign(self, node: cst.Assign) -> None:
        """``_ = create_task(...)``, or a local that the function never reads."""
        value = node.value
        if (value.__class__ is cst.Call and self._may_make_a_task(value.func)  # type: ignore[attr-defined]
                and self._dropped_into([t.target for t in node.targets])):
            self._check(value, value.func)  # type: ignore[attr-defined]

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        value = node.value
        if (value is not None and value.__class__ is cst.Call and self._may_make_a_task(value.func)  # type: ignore[attr-defined]
                and self._dropped_into([node.target])):
            self._check(value, value.func)  # type: ignore[attr-defined]

    def _may_make_a_task(self, func: cst.BaseExpression) -> bool:
        """What ``_check`` tests of the callee first (cheaper than the reads of the function)."""
        if func.__class__ is cst.Attribute:
            return func.attr.value in TASK_FACTORY_METHODS  # type: ignore[attr-defined]
        return func.__class__ is cst.Name and self._factory(func) is not None

    def _dropped_into(self, targets: list[cst.BaseExpression]) -> bool:
        """Every target is ``_`` or a local variable of the function that nothing reads."""
        if not all(isinstance(t, cst.Name) for t in targets):
            return False
        names = {t.value for t in targets}  # type: ignore[attr-defined]
        if names == {"_"}:
            return True
        scope = self.context.scope
        if scope.kind != "function" or any(scope.declares_global(n) or _is_nonlocal(scope, n) for n in names):
            return False
        return not names & _names_read(self.context.memo, scope.node)

    def visit_Call(self, node: cst.Call) -> None:
        """A task dropped inside an expression (``[create_task(c)]``, ``1 if create_task(c) else 2``,
        ``with create_task(c):``); the loop calls a callback and drops its result:
        ``loop.call_soon_threadsafe(loop.create_task, coro)`` and
        ``loop.call_soon(lambda: asyncio.create_task(coro))`` drop the task too."""
        if _dropped_by_expression(self.context.parents):
            self._check(node, node.func)
        found = registration(self.context, node)
        if found is None or found.callback is None:
            return
        callback = found.callback
        if isinstance(callback, cst.Lambda):
            if isinstance(callback.body, cst.Call):
                self._check(callback.body, callback.body.func)
        elif isinstance(callback, (cst.Name, cst.Attribute)):
            self._check(callback, callback)

    def _check(self, node: cst.CSTNode, func: cst.BaseExpression, fixable: bool = False) -> None:
        """Report ``node`` when ``func`` (the callee) is a task factory."""
        if func.__class__ is cst.Attribute:
            short = func.attr.value  # type: ignore[attr-defined]
        elif func.__class__ is not cst.Name:
            return
        else:
            short = None  # a bare name may be an alias: `from asyncio import create_task as spawn`
        if short is not None and short not in TASK_FACTORY_METHODS:
            return
        factory = self._factory(func)
        if factory is not None and not (factory == "asyncio.ensure_future" and _holds_a_task(node)):
            self.report(node, factory=factory, autofix=(lambda rewriter: _keep(rewriter, node)) if fixable else None)

    def _factory(self, func: cst.BaseExpression) -> str | None:
        """The factory's name: asyncio's, or the ``create_task`` of something visibly an event loop."""
        context = self.context
        name = context.qualified_name(func)
        if name is not None and name.endswith("Loop.create_task") and (
                name in TASK_FACTORIES or name.startswith("asyncio.")):
            return "loop.create_task"
        if name in TASK_FACTORIES:
            return name.replace("asyncio.tasks.", "asyncio.")
        if not isinstance(func, cst.Attribute) or func.attr.value != "create_task":
            return None  # a bare create_task/ensure_future that is not asyncio's
        receiver = func.value
        if context.local_definition(func) is not None:
            return None  # this file's own create_task (a wrapper that may keep the task)
        if context.type_of(receiver) in TASK_GROUP_TYPES:
            return None
        last = receiver_name(receiver)
        if last is not None and "loop" in last.lower():
            return "loop.create_task"  # self.client.loop, self._loop, event_loop, ...
        # Any other receiver is not visibly a loop: frameworks' own create_task methods keep the
        # task (Home Assistant's hass.create_task, python-telegram-bot's application.create_task,
        # opsdroid's), and so do task groups, nurseries and project wrappers.
        return None


def _keep(rewriter: Rewriter, node: cst.CSTNode) -> Plan | None:
    return rewriter.keep_task(node) if isinstance(node, cst.Call) else None


def _dropped_by_expression(parents: list[cst.CSTNode]) -> bool:
    """The call (last of ``parents``) is truth-tested, entered, or an element of a display or
    comprehension that is itself a statement: its value is never kept."""
    if len(parents) < 3:
        return False
    node, parent = parents[-1], parents[-2]
    kind = parent.__class__
    if kind is cst.IfExp or kind is cst.If or kind is cst.While:
        return parent.test is node  # type: ignore[attr-defined]
    if kind is cst.CompIf:
        return True
    if kind is cst.UnaryOperation:
        return parent.operator.__class__ is cst.Not  # type: ignore[attr-defined]
    if kind is cst.WithItem:
        return parent.item is node  # type: ignore[attr-defined]
    if kind is cst.Element and len(parents) >= 4 and parents[-3].__class__ in (cst.List, cst.Tuple, cst.Set):
        return parents[-4].__class__ is cst.Expr
    if kind in (cst.ListComp, cst.SetComp, cst.GeneratorExp) and parent.elt is node:  # type: ignore[attr-defined]
        return parents[-3].__class__ is cst.Expr
    return False


def _is_nonlocal(scope: object, name: str) -> bool:
    values = scope.bindings().get(name, ())  # type: ignore[attr-defined]
    return any(v.kind == "nonlocal" for v in values)


def _names_read(memo: dict, function: cst.CSTNode) -> frozenset[str]:
    """The names a function (nested functions included) reads: every Name but plain assignment
    targets (``x = ...``, ``x: T = ...``, ``for x in``, ``with ... as x``, ``del x``)."""
    key = ("aio402.reads", id(function))
    found = memo.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    stores: set[int] = set()
    reads: set[str] = set()
    stack: list[cst.CSTNode] = [function.body]  # type: ignore[attr-defined]
    # (Exact classes: libcst's node classes are ABCs, whose isinstance costs several times this.)
    while stack:
        node = stack.pop()
        kind = node.__class__
        if kind is cst.Name:
            if id(node) not in stores:
                reads.add(node.value)  # type: ignore[attr-defined]
        elif kind is cst.Assign:
            for target in node.targets:  # type: ignore[attr-defined]
                _mark_stores(target.target, stores)
        elif kind is cst.AnnAssign or kind is cst.For or kind is cst.CompFor or kind is cst.Del:
            _mark_stores(node.target, stores)  # type: ignore[attr-defined]
        elif kind is cst.AsName:
            _mark_stores(node.name, stores)  # type: ignore[attr-defined]
        stack.extend(child_nodes(node))
    found = memo[key] = frozenset(reads)
    return found


def _mark_stores(target: cst.CSTNode, stores: set[int]) -> None:
    if isinstance(target, cst.Name):
        stores.add(id(target))
    elif isinstance(target, (cst.Tuple, cst.List)):
        for element in target.elements:
            _mark_stores(element.value, stores)
    elif isinstance(target, cst.StarredElement):
        _mark_stores(target.value, stores)
