from __future__ import annotations

import re

import libcst as cst

from asyncio_lint.analysis.callbacks import receiver_name, registration
from asyncio_lint.analysis.data.tasks import (
    TASK_FACTORIES, TASK_FACTORY_METHODS, TASK_GROUP_TYPES)
from asyncio_lint.rule import Rule
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
    Flags a statement that creates a task and throws the result away:
    `asyncio.create_task(...)`, `loop.create_task(...)` or `asyncio.ensure_future(...)` used as an
    expression statement (also with a `.add_done_callback(...)` chained on it), or a task factory
    registered as a callback (`loop.call_soon_threadsafe(loop.create_task, coro)`,
    `loop.call_soon(lambda: asyncio.create_task(coro))`): the loop drops a callback's result.
    `create_task` of an `asyncio.TaskGroup` is not flagged: the group keeps its tasks; nor is
    `create_task` on a receiver that is not visibly an event loop (`self.hass.create_task(...)`,
    `application.create_task(...)`: frameworks' own methods keep the task), nor
    `ensure_future(self._task)` on a task that a name already holds.

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
    """

    CODE = "AIO402"
    NAME = "dropped-task"
    MESSAGE = (
        "the task from `{factory}()` is thrown away and the event loop holds only a weak reference to it, "
        "so it can be garbage-collected mid-flight; keep a reference (add it to a set and "
        "`task.add_done_callback(tasks.discard)`) or use `asyncio.TaskGroup`"
    )
    TRIGGERS = (b"create_task", b"ensure_future")
    VALID = [
        Valid('import asyncio\nasync def f(c):\n    async with asyncio.TaskGroup() as tg:\n'
              '        tg.create_task(c())\n'),
        Valid('import asyncio\ntasks = set()\nasync def f(c):\n    t = asyncio.create_task(c())\n'
              '    tasks.add(t)\n    t.add_done_callback(tasks.discard)\n'),
        Valid('import asyncio\nasync def f(c):\n    await asyncio.create_task(c())\n'),
        Valid('import asyncio\nasync def f(c, tasks):\n    tasks.append(asyncio.ensure_future(c()))\n'),
        Valid('class Pool:\n    def create_task(self, coro):\n        self.tasks.add(coro)\n'
              '    def run(self, c):\n        self.create_task(c())\n'),
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
        self._check(call, func)  # type: ignore[arg-type]

    def visit_Call(self, node: cst.Call) -> None:
        """The loop calls a callback and drops its result: ``loop.call_soon_threadsafe(loop.create_task,
        coro)`` and ``loop.call_soon(lambda: asyncio.create_task(coro))`` drop the task too."""
        found = registration(self.context, node)
        if found is None or found.callback is None:
            return
        callback = found.callback
        if isinstance(callback, cst.Lambda):
            if isinstance(callback.body, cst.Call):
                self._check(callback.body, callback.body.func)
        elif isinstance(callback, (cst.Name, cst.Attribute)):
            self._check(callback, callback)

    def _check(self, node: cst.CSTNode, func: cst.BaseExpression) -> None:
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
            self.report(node, factory=factory)

    def _factory(self, func: cst.BaseExpression) -> str | None:
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
