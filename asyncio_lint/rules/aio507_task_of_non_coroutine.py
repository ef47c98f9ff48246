import libcst as cst

from asyncio_lint.analysis import loop_api
from asyncio_lint.analysis.callbacks import receiver_name
from asyncio_lint.analysis.data.tasks import TASK_FACTORIES, TASK_GROUP_NAME_RE, TASK_GROUP_TYPES
from asyncio_lint.rule import Rule
from asyncio_lint.tree import child_nodes
from asyncio_lint.types import Invalid, Valid

# Return annotations that say a plain function returns no awaitable.
_PLAIN_RETURNS = frozenset({"None", "bool", "int", "float", "str", "bytes", "dict", "list", "tuple", "set"})


class TaskOfNonCoroutine(Rule):
    """
    ## What it does
    Flags a task factory given something that is not a coroutine: `asyncio.create_task(f)` with
    the function itself instead of a call of it, or `asyncio.create_task(f())` where `f` is a plain
    `def` of this file that returns nothing awaitable (no `return` of a value, or a return
    annotation such as `-> None`). Task factories: `asyncio.create_task`, `asyncio.ensure_future`,
    `loop.create_task` (a visible event loop, or a receiver named like one) and
    `TaskGroup.create_task` (a visible `asyncio.TaskGroup`, or a receiver named `tg`, `task_group`...).

    ## Why is this bad?
    `create_task()` raises `TypeError: a coroutine was expected` at run time, on the path that was
    meant to start the work, which is often an error path or a rarely taken branch; the work
    never starts. With `create_task(f())` the plain function has already run on the loop, blocking
    it, before the error.

    ## Example
    ```python
    import asyncio

    async def refresh():
        ...

    async def start():
        task = asyncio.create_task(refresh)
        await task
    ```

    ## Use instead
    ```python
    import asyncio

    async def refresh():
        ...

    async def start():
        task = asyncio.create_task(refresh())
        await task
    ```
    """

    CODE = "AIO507"
    NAME = "task-of-non-coroutine"
    MESSAGE = "`{factory}()` is given {given}, not a coroutine, and raises `TypeError`; {fix}"
    CONFIDENCE = "certain"
    TRIGGERS = (b"create_task", b"ensure_future")
    STATEMENT_TRIGGERS = ("create_task", "ensure_future")
    VALID = [
        Valid("import asyncio\nasync def ping():\n    pass\nasync def main():\n    t = asyncio.create_task(ping())\n"
              "    await t\n"),
        Valid("import asyncio\ndef make():\n    return ping()\nasync def ping():\n    pass\nasync def main():\n"
              "    await asyncio.create_task(make())\n"),
        Valid("import asyncio\nasync def main(factory):\n    await asyncio.ensure_future(factory())\n"),
        Valid("class Scheduler:\n    def create_task(self, job):\n        job()\ndef tick():\n    pass\n"
              "def main(s: Scheduler):\n    s.create_task(tick)\n"),
    ]
    INVALID = [
        Invalid("import asyncio\nasync def ping():\n    pass\nasync def main():\n"
                "    t = asyncio.create_task(ping)  # expect: AIO507\n    await t\n"),
        Invalid("import asyncio\ndef log_ping():\n    print('ping')\nasync def main():\n"
                "    t = asyncio.create_task(log_ping())  # expect: AIO507\n    await t\n"),
        Invalid("import asyncio\nasync def ping():\n    pass\nasync def main():\n    async with asyncio.TaskGroup() as tg:\n"
                "        tg.create_task(ping)  # expect: AIO507\n"),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        factory = self._factory(node.func)
        if factory is None or not node.args or node.args[0].keyword is not None or node.args[0].star:
            return
        given = node.args[0].value
        context = self.context
        if isinstance(given, (cst.Name, cst.Attribute)):
            definition = context.local_definition(given)
            if isinstance(definition, cst.FunctionDef):
                code = context.code_of(given)
                kind = "the coroutine function" if definition.asynchronous is not None else "the function"
                self.report(node, factory=factory, given=f"{kind} `{code}` itself",
                            fix=f"call it: `{factory}({code}(...))`")
        elif isinstance(given, cst.Call) and isinstance(given.func, (cst.Name, cst.Attribute)):
            definition = context.local_definition(given.func)
            if isinstance(definition, cst.FunctionDef) and _plain(definition):
                code = context.code_of(given.func)
                self.report(node, factory=factory, given=f"the result of the plain function `{code}()`",
                            fix=f"make `{code}` an `async def`, or call it directly instead of scheduling it")

    def _factory(self, func: cst.BaseExpression) -> str | None:
        context = self.context
        if isinstance(func, cst.Attribute):
            if func.attr.value not in ("create_task", "ensure_future"):
                return None
        elif not isinstance(func, cst.Name):
            return None
        name = context.qualified_name(func)
        if name in TASK_FACTORIES:
            return context.code_of(func)
        if not isinstance(func, cst.Attribute) or func.attr.value != "create_task":
            return None
        if context.local_definition(func) is not None:
            return None  # this file's own create_task, of unknown semantics
        receiver = func.value
        if context.type_of(receiver) in TASK_GROUP_TYPES or loop_api.is_loop_receiver(context, receiver):
            return f"{context.code_of(receiver)}.create_task"
        last = receiver_name(receiver)
        if name is None and last is not None and TASK_GROUP_NAME_RE.search(last):
            return f"{context.code_of(receiver)}.create_task"
        return None


def _plain(definition: cst.FunctionDef) -> bool:
    """A plain def that returns nothing awaitable: no decorator, and no ``return`` of a value or
    a return annotation naming a plain type."""
    if definition.asynchronous is not None or definition.decorators:
        return False
    if definition.returns is not None:
        annotation = definition.returns.annotation
        return isinstance(annotation, cst.Name) and annotation.value in _PLAIN_RETURNS
    stack: list[cst.CSTNode] = [definition.body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(node, cst.Return) and node.value is not None:
            return False
        if isinstance(node, (cst.Yield, cst.Await)):
            return False
        stack.extend(child_nodes(node))
    return True
