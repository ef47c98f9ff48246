from __future__ import annotations

import libcst as cst

from asyncio_lint.analysis.cpu import suspends, walk
from asyncio_lint.analysis.names import NAME, REF
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid

TIME_CALLS = frozenset({
    "time.time", "time.monotonic", "time.perf_counter", "time.process_time", "time.time_ns",
    "time.monotonic_ns", "time.perf_counter_ns", "datetime.datetime.now", "datetime.datetime.utcnow",
})
# Zero-argument methods that only read state (`fut.done()`, `event.is_set()`, `thread.is_alive()`).
PREDICATES = frozenset({
    "done", "cancelled", "running", "empty", "full", "locked", "ready", "qsize", "is_set", "is_alive",
    "is_closing", "is_closed", "is_running", "is_connected", "closed", "exception", "result",
})
PURE_BUILTINS = frozenset({"len", "bool", "isinstance", "getattr", "hasattr", "id", "min", "max", "abs", "any", "all"})

EVENT_FIX = ("`await` an `asyncio.Event` (or future) that whoever changes it sets, or at least add an "
             "`await asyncio.sleep(0)` checkpoint to the loop")
SLEEP_FIX = "`await asyncio.sleep(...)` for the delay instead"


class _NotBusy(Exception):
    """The loop does work or makes progress of its own: not a busy wait."""


class BusyWait(Rule):
    """
    ## What it does
    Flags a `while` loop inside a coroutine that never suspends (no `await`, `async for`,
    `async with` or `yield` in it), does no work of its own, and waits for state that only
    another task, a thread, or the clock can change:

    ```python
    while not self.ready: pass
    while not fut.done(): continue
    while True:
        if self._closed: break
    while time.monotonic() < deadline: pass
    ```

    "No work" means the body holds only `pass`/`continue`/`...`, `if ...: break`/`return`/`raise`,
    and assignments of reads: attributes, subscripts, the clock (`time.monotonic()`,
    `loop.time()`), and zero-argument predicates (`done()`, `is_set()`, `empty()`, `locked()`,
    `is_alive()`, ...). A loop that calls anything else does work and is left alone (a loop that
    calls `time.sleep()` is AIO101's), and so is a loop that makes progress itself (`i += 1`,
    `node = node.parent`).

    ## Why is this bad?
    While the loop spins, the event loop never gets the thread back, so no other task, callback or
    I/O can run. If another task was to change the state, that task never runs: the loop never
    ends and the whole program hangs. If a thread changes it, the loop burns a core and starves
    everything else on the loop until it does. A clock-based spin is a `time.sleep()` that also
    burns a core.

    ## Example
    ```python
    class Connection:
        async def wait_ready(self):
            while not self.ready:
                pass
    ```

    ## Use instead
    ```python
    import asyncio

    class Connection:
        def __init__(self):
            self.ready = asyncio.Event()

        async def wait_ready(self):
            await self.ready.wait()
    ```
    """

    CODE = "AIO203"
    NAME = "busy-wait"
    CONFIDENCE = "certain"  # no other task can run while it spins
    MESSAGE = "busy wait: this loop polls `{state}` without ever suspending, so {why}; {fix}"
    TRIGGERS = (b"async",)  # only coroutines can busy-wait on the loop
    STATEMENT_TRIGGERS = ("while", "for")
    VALID = [
        Valid("import asyncio\nasync def f(self):\n    while not self.ready:\n        await asyncio.sleep(0.1)\n"),
        Valid("async def f(data):\n    i = 0\n    while i < len(data) and data[i] == ' ':\n        i += 1\n"),
        Valid("async def f(self):\n    while not self.done:\n        self.step()\n"),
        Valid("import time\nasync def f(self):\n    while not self.ready:\n        time.sleep(0.1)\n"),
        Valid("async def f(node):\n    while node.parent is not None:\n        node = node.parent\n    return node\n"),
        Valid("def f(self):\n    while not self.ready:\n        pass\n"),
    ]
    INVALID = [
        Invalid("async def f(self):\n    while not self.ready:  # expect: AIO203\n        pass\n"),
        Invalid("async def f(fut):\n    while True:  # expect: AIO203\n        if fut.done():\n            break\n"),
        Invalid("import time\nasync def f(deadline):\n    while time.monotonic() < deadline:  # expect: AIO203\n        pass\n"),
        Invalid("async def f(loop, state):\n    start = loop.time()\n    while state['flag'] is None:  # expect: AIO203\n"
                "        now = loop.time()\n        if now - start > 5:\n            raise TimeoutError\n"),
    ]

    def visit_While(self, node: cst.While) -> None:
        context = self.context
        if not context.on_event_loop or suspends(context, node):
            return
        exits: list[cst.BaseExpression] = []
        assigned: dict[str, cst.BaseExpression | None] = {}
        if not _truthy_constant(node.test):
            exits.append(node.test)
        try:
            self._block(node.body, exits, assigned, guarded=False)
            self._pure(node.test)
            reads: set[str] = set()
            kinds: set[str] = set()
            for expr in exits:
                self._reads(expr, reads, kinds, assigned, set())
        except _NotBusy:
            return
        if not exits:
            why = "it has no exit: it never ends and the event loop hangs"
            fix = EVENT_FIX
        elif "state" in kinds:
            why = ("no other task can run to change it (the program hangs) and a thread that could "
                   "must win the GIL from a spinning core")
            fix = EVENT_FIX
        elif "time" in kinds:
            why = "it burns a core and stalls every other task until the time is up"
            fix = SLEEP_FIX
        else:
            why = "nothing in the loop changes it and no other task can run: the loop never ends and the event loop hangs"
            fix = EVENT_FIX
        state_expr = next((e for e in exits), None)
        state = _short(context.code_of(state_expr)) if state_expr is not None else "True"
        self.report(node, state=state, why=why, fix=fix)

    # -- body: only reads, exits and assignments of reads ------------------------------------------
    def _block(self, block: cst.CSTNode, exits: list, assigned: dict, guarded: bool) -> bool:
        """Checks a block; returns True when it contains an exit (break/return/raise)."""
        has_exit = False
        statements = block.body if isinstance(block, (cst.IndentedBlock, cst.SimpleStatementSuite)) else [block]
        for stmt in statements:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    has_exit |= self._small(small, assigned, guarded)
            elif isinstance(stmt, (cst.Pass, cst.Continue, cst.Break, cst.Return, cst.Raise, cst.Expr,
                                   cst.Assign, cst.AnnAssign, cst.AugAssign)):
                has_exit |= self._small(stmt, assigned, guarded)
            elif isinstance(stmt, cst.If):
                self._pure(stmt.test)
                branch_exit = self._block(stmt.body, exits, assigned, True)
                orelse = stmt.orelse
                if isinstance(orelse, cst.If):
                    branch_exit |= self._block(orelse, exits, assigned, True)
                elif isinstance(orelse, cst.Else):
                    branch_exit |= self._block(orelse.body, exits, assigned, True)
                if branch_exit:
                    exits.append(stmt.test)
                    has_exit = True
            else:
                raise _NotBusy
        return has_exit

    def _small(self, small: cst.CSTNode, assigned: dict, guarded: bool) -> bool:
        if isinstance(small, (cst.Pass, cst.Continue)):
            return False
        if isinstance(small, (cst.Break, cst.Return, cst.Raise)):
            if not guarded:
                raise _NotBusy  # runs at most once
            value = small.value if isinstance(small, cst.Return) else (small.exc if isinstance(small, cst.Raise) else None)
            if value is not None and not isinstance(small, cst.Raise):
                self._pure(value)
            return True
        if isinstance(small, cst.Expr):
            if isinstance(small.value, (cst.Ellipsis, cst.SimpleString)):
                return False
            raise _NotBusy  # an expression statement is a call, i.e. work
        if isinstance(small, cst.Assign):
            self._pure(small.value)
            for target in small.targets:
                if not isinstance(target.target, cst.Name):
                    raise _NotBusy  # writes state
                assigned.setdefault(target.target.value, small.value)
            return False
        if isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
            self._pure(small.value)
            assigned.setdefault(small.target.value, small.value)
            return False
        if isinstance(small, cst.AugAssign) and isinstance(small.target, cst.Name):
            self._pure(small.value)
            assigned[small.target.value] = None  # progress: a counter
            return False
        raise _NotBusy

    def _pure(self, expr: cst.CSTNode) -> None:
        """Raises _NotBusy unless ``expr`` only reads (attributes, the clock, predicates)."""
        for node in walk(expr):
            if isinstance(node, (cst.Lambda, cst.NamedExpr, cst.ListComp, cst.SetComp, cst.DictComp,
                                 cst.GeneratorExp)):
                raise _NotBusy
            if isinstance(node, cst.Call) and self._call_kind(node) is None:
                raise _NotBusy

    def _call_kind(self, call: cst.Call) -> str | None:
        context = self.context
        func = call.func
        name = context.call_name(call)
        if name in TIME_CALLS:
            return "time"
        if isinstance(func, cst.Attribute) and not call.args:
            attr = func.attr.value
            if attr == "time":
                return "time"  # loop.time()
            if attr in PREDICATES or attr.startswith(("is_", "has_")):
                return "state"
        if name is not None and name.startswith("builtins.") and name[9:] in PURE_BUILTINS:
            return "pure"
        return None

    # -- what the exit conditions read -------------------------------------------------------------
    def _reads(self, expr: cst.CSTNode, reads: set, kinds: set, assigned: dict, seen: set) -> None:
        context = self.context
        if isinstance(expr, cst.Call):
            kind = self._call_kind(expr)
            if kind in ("time", "state"):
                kinds.add(kind)
            for arg in expr.args:
                self._reads(arg.value, reads, kinds, assigned, seen)
            return
        if isinstance(expr, (cst.Attribute, cst.Subscript)):
            if isinstance(expr, cst.Subscript) or not _module_constant(context, expr):
                kinds.add("state")
            for node in walk(expr):  # `node.parent` where the loop assigns `node`
                if isinstance(node, cst.Name) and node.value in assigned:
                    self._reads(node, reads, kinds, assigned, seen)
            return
        if isinstance(expr, cst.Name):
            name = expr.value
            if name in ("True", "False", "None"):
                return
            if name in assigned:
                value = assigned[name]
                if value is None or name in seen:
                    raise _NotBusy  # the loop counts towards its exit
                if any(isinstance(n, cst.Name) and n.value in assigned for n in walk(value)):
                    raise _NotBusy  # node = node.parent: progress
                self._reads(value, reads, kinds, assigned, seen | {name})
                return
            reads.add(name)
            if _bound_outside(context.scope, name):
                kinds.add("state")  # a global or closure variable: another task or thread may set it
            return
        for child in expr.children:
            if isinstance(child, (cst.BaseExpression, cst.ComparisonTarget, cst.Arg, cst.Element,
                                  cst.SubscriptElement, cst.BaseSlice)):
                self._reads(child, reads, kinds, assigned, seen)


def _module_constant(context, expr: cst.Attribute) -> bool:
    """``zlib.MAX_WBITS``, ``errno.EAGAIN``: an attribute of an imported module, not of an object."""
    root: cst.CSTNode = expr
    while isinstance(root, cst.Attribute):
        root = root.value
    if not isinstance(root, cst.Name):
        return False
    ref = context.resolve(root)
    return ref is not None and ref.kind == NAME and not str(ref.value).startswith("builtins.")


def _bound_outside(scope, name: str) -> bool:
    """True when ``name`` is a variable assigned in an enclosing function or at module level
    (not an import, def or class), i.e. state other code may change."""
    if name in scope.bindings() and not scope.declares_global(name):
        return False
    current = scope.parent
    while current is not None:
        if current.kind != "class":
            values = current.bindings().get(name)
            if values is not None:
                return any(v.kind != REF for v in values)
        current = current.parent
    return False


def _truthy_constant(expr: cst.CSTNode) -> bool:
    return (isinstance(expr, cst.Name) and expr.value == "True") or (
        isinstance(expr, cst.Integer) and expr.value not in ("0", "0x0"))


def _short(code: str, limit: int = 60) -> str:
    code = " ".join(code.split())
    return code if len(code) <= limit else code[:limit - 3] + "..."
