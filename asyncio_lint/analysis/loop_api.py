"""Event-loop and executor API: the catalogue (data) and the shared analysis of the AIO5xx rules.

Tables are keyed by qualified name (see ``analysis/names.py``) or, for methods whose name is
distinctive enough, by the bare method name:

* :data:`OFFLOAD_FUNCTIONS`: functions that run a *sync* callable in a worker thread, and where the
  callable goes (positional index, keyword);
* :data:`EXECUTOR_METHODS` / :data:`POOL_METHODS`: methods of executors and ``multiprocessing``
  pools that run a callable elsewhere (the receiver's type must be visible);
* :data:`EXECUTOR_TYPES`, :data:`NOT_EXECUTOR_TYPES`, :data:`LOOP_TYPES`;
* :data:`LOOP_RUNNERS`: calls that start an event loop (nested inside a coroutine they fail);
* :data:`LOOP_GETTERS`: ``asyncio.get_event_loop`` and its aliases.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, cast

import libcst as cst

from asyncio_lint.engine import child_nodes

from asyncio_lint.analysis.callbacks import COROUTINE_FUNCTIONS as LIBRARY_COROUTINE_FUNCTIONS
from asyncio_lint.analysis.names import DEF, NAME, SELF, Ref, Scope, class_attributes, dotted_name

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.config import Config

# Where the callable goes: (positional index, keyword name).
Slot = tuple[int, str]

# Module-level functions that run a sync callable in a thread. Calling them with an ``async def``
# only creates a coroutine object in the worker, which nobody awaits.
OFFLOAD_FUNCTIONS: dict[str, Slot] = {
    "asyncio.to_thread": (0, "func"),
    "asyncio.threads.to_thread": (0, "func"),
    "anyio.to_thread.run_sync": (0, "func"),
    "trio.to_thread.run_sync": (0, "sync_fn"),
    "starlette.concurrency.run_in_threadpool": (0, "func"),
    "fastapi.concurrency.run_in_threadpool": (0, "func"),
    "asgiref.sync.sync_to_async": (0, "func"),
}


@lru_cache(maxsize=8)
def offload_functions(config: "Config") -> tuple[dict[str, Slot], frozenset[str]]:
    """:data:`OFFLOAD_FUNCTIONS` plus the configuration's ``extend-offload-functions``, and the
    last components of their names (a cheap pre-test before resolving a callee)."""
    table = dict(OFFLOAD_FUNCTIONS)
    for name, index in getattr(config, "extend_offload_functions", ()):
        table[name] = (index, "")
    return table, frozenset(name.rsplit(".", 1)[1] for name in table)

# ``<anything>.run_in_executor(executor, func, *args)``: the method name is distinctive enough to
# trust on any receiver (event loops of every flavour spell it the same).
RUN_IN_EXECUTOR = "run_in_executor"
RUN_IN_EXECUTOR_SLOTS: dict[str, Slot] = {"executor": (0, "executor"), "func": (1, "func")}
SET_DEFAULT_EXECUTOR = "set_default_executor"

# Methods of a ``concurrent.futures.Executor`` that run a callable in a worker.
EXECUTOR_METHODS: dict[str, Slot] = {"submit": (0, "fn"), "map": (0, "fn")}
# Methods of a ``multiprocessing`` pool that run a callable in a worker.
POOL_METHODS: dict[str, Slot] = {
    name: (0, "func") for name in (
        "apply", "apply_async", "map", "map_async", "imap", "imap_unordered", "starmap", "starmap_async")
}
OFFLOAD_METHOD_NAMES = frozenset((RUN_IN_EXECUTOR, *EXECUTOR_METHODS, *POOL_METHODS))

EXECUTOR_TYPES = frozenset({
    "concurrent.futures.Executor",
    "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.InterpreterPoolExecutor",
    "concurrent.futures._base.Executor",
})
# Executors ``loop.set_default_executor()`` rejects (it wants a ThreadPoolExecutor, since 3.11).
NOT_DEFAULT_EXECUTOR_TYPES = frozenset({"concurrent.futures.ProcessPoolExecutor"})
# Objects people pass as an executor that are not one, with what to use instead.
NOT_EXECUTOR_TYPES: dict[str, str] = {
    "multiprocessing.pool.Pool": "`concurrent.futures.ProcessPoolExecutor()`",
    "multiprocessing.pool.ThreadPool": "`concurrent.futures.ThreadPoolExecutor()`",
}
POOL_TYPES = frozenset(NOT_EXECUTOR_TYPES)

LOOP_TYPES = frozenset({
    "asyncio.AbstractEventLoop", "asyncio.events.AbstractEventLoop", "asyncio.BaseEventLoop",
    "asyncio.base_events.BaseEventLoop", "asyncio.SelectorEventLoop", "asyncio.ProactorEventLoop",
    "uvloop.Loop",
})

# Calls that start (and run) an event loop: inside a coroutine one is already running.
LOOP_RUNNERS = frozenset({
    "asyncio.run", "asyncio.runners.run", "asyncio.Runner.run", "anyio.run", "uvloop.run",
})
# Loop methods that run the loop; ``run_until_complete`` is distinctive on any receiver,
# ``run_forever`` (also a websocket-client and APScheduler method) only on a visible loop.
RUN_UNTIL_COMPLETE = "run_until_complete"
RUN_FOREVER = "run_forever"
LOOP_RUN_METHODS = frozenset({RUN_UNTIL_COMPLETE, RUN_FOREVER})

LOOP_GETTERS = frozenset({"asyncio.get_event_loop", "asyncio.events.get_event_loop"})
LOOP_SETTERS = frozenset({"asyncio.set_event_loop", "asyncio.events.set_event_loop"})

# Decorators that leave an ``async def`` a coroutine function (anything else may wrap it).
TRANSPARENT_DECORATORS = frozenset({"staticmethod", "classmethod", "abstractmethod", "override", "wraps"})


# -- shared analysis ------------------------------------------------------------------------------
def argument(call: cst.Call, slot: Slot) -> cst.BaseExpression | None:
    """The argument of ``call`` in ``slot`` (by keyword, else by position; None if absent/starred)."""
    index, keyword = slot
    if keyword:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == keyword:
                return arg.value
    position = 0
    for arg in call.args:
        if arg.keyword is not None:
            continue
        if arg.star:
            return None
        if position == index:
            return arg.value
        position += 1
    return None


def _transparent(node: cst.FunctionDef) -> bool:
    for decorator in node.decorators:
        expr = decorator.decorator
        if isinstance(expr, cst.Call):
            expr = expr.func
        name = dotted_name(expr)
        if name is None or name.rsplit(".", 1)[-1] not in TRANSPARENT_DECORATORS:
            return False
    return True


def coroutine_function(context: "FileContext", expr: cst.CSTNode) -> cst.FunctionDef | None:
    """The ``async def`` of this file that ``expr`` names (``f``, ``self.m``, ``cls.m``), if visible.

    Functions with a decorator other than staticmethod/classmethod/abstractmethod/override/wraps are
    not trusted: the decorator may turn them into something else.
    """
    if not isinstance(expr, (cst.Name, cst.Attribute)):
        return None
    node = context.local_definition(expr)
    if node is None and isinstance(expr, cst.Attribute):
        node = _inherited_method(context, expr)
    if isinstance(node, cst.FunctionDef) and node.asynchronous is not None and _transparent(node):
        return node
    return None


def _inherited_method(context: "FileContext", expr: cst.Attribute) -> cst.FunctionDef | None:
    """``self.m`` / ``cls.m`` where ``m`` is defined by a base class of this file (and the own class
    binds no ``m``). Bases are followed left to right while they are classes of this file; a base
    the analysis cannot see ends the search (it may define ``m`` first in the MRO)."""
    owner = context.resolve(expr.value)
    if owner is None or owner.kind != SELF:
        return None
    class_scope = cast(Scope, owner.value)  # a SELF Ref holds the class scope
    attr = expr.attr.value
    if attr in class_attributes(class_scope):
        return None
    # a class scope's node is its ClassDef
    return _search_bases(context, class_scope.node, attr, 0)  # type: ignore[arg-type]


def _search_bases(context: "FileContext", cls: cst.ClassDef, attr: str, depth: int) -> cst.FunctionDef | None:
    if depth > 4:
        return None
    for base in cls.bases:
        if base.keyword is not None or base.star:
            continue
        ref = context.resolve(base.value, context.module_scope)
        if ref is None:
            return None
        if ref.kind == NAME and ref.value in ("builtins.object", "typing.Generic", "abc.ABC"):
            continue
        if ref.kind != DEF or not isinstance(ref.value, cst.ClassDef):
            return None
        base_cls = ref.value
        found = None
        for stmt in getattr(base_cls.body, "body", ()):
            if isinstance(stmt, cst.FunctionDef) and stmt.name.value == attr:
                if found is not None:
                    return None  # defined twice (overloads, conditional): do not guess
                found = stmt
            elif _binds_name(stmt, attr):
                return None
        if found is not None:
            return found
        deeper = _search_bases(context, base_cls, attr, depth + 1)
        if deeper is not None:
            return deeper
    return None


def _binds_name(stmt: cst.CSTNode, attr: str) -> bool:
    """A class-body statement other than a def that binds ``attr`` (``m = other``, ``if``: unknown)."""
    if isinstance(stmt, cst.SimpleStatementLine):
        for small in stmt.body:
            targets: tuple[cst.BaseAssignTargetExpression, ...] = ()
            if isinstance(small, cst.Assign):
                targets = tuple(t.target for t in small.targets)
            elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                targets = (small.target,)
            if any(isinstance(t, cst.Name) and t.value == attr for t in targets):
                return True
        return False
    return not isinstance(stmt, (cst.FunctionDef, cst.ClassDef))  and attr in _mentioned(stmt)


def _mentioned(stmt: cst.CSTNode) -> set[str]:
    names: set[str] = set()
    stack: list[cst.CSTNode] = [stmt]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            names.add(node.value)
        stack.extend(child_nodes(node))
    return names


def coroutine_callable(context: "FileContext", expr: cst.CSTNode) -> tuple[str, cst.FunctionDef | None] | None:
    """(how to name it, the ``async def`` or None for a library one) when calling ``expr`` only
    creates a coroutine object.

    Sees ``f``, ``self.f``, ``functools.partial(f, ...)``, ``lambda: f(...)`` and the library
    coroutine functions of the AIO4xx catalogue (``asyncio.sleep``, ...).
    """
    node = coroutine_function(context, expr)
    if node is not None:
        return context.code_of(expr), node
    if isinstance(expr, (cst.Name, cst.Attribute)) and context.qualified_name(expr) in LIBRARY_COROUTINE_FUNCTIONS:
        return context.code_of(expr), None
    if isinstance(expr, cst.Call) and expr.args and not expr.args[0].star:
        if context.qualified_name(expr.func) in ("functools.partial", "functools.partialmethod"):
            inner = coroutine_function(context, expr.args[0].value)
            if inner is not None:
                return context.code_of(expr.args[0].value), inner
    if isinstance(expr, cst.Lambda) and isinstance(expr.body, cst.Call):
        # The lambda's body is evaluated in the lambda's scope; names resolve the same way for
        # module functions and self/cls methods unless the lambda rebinds them as parameters.
        func = expr.body.func
        head = func
        while isinstance(head, cst.Attribute):
            head = head.value
        params = {p.name.value for p in (*expr.params.posonly_params, *expr.params.params,
                                         *expr.params.kwonly_params)}
        if isinstance(head, cst.Name) and head.value not in params:
            inner = coroutine_function(context, func)
            if inner is not None:
                return context.code_of(func), inner
    return None


def is_loop_receiver(context: "FileContext", receiver: cst.CSTNode) -> bool:
    """True when ``receiver`` visibly is an event loop (by type, or a name ending in ``loop``)."""
    if context.type_of(receiver) in LOOP_TYPES:
        return True
    if isinstance(receiver, cst.Name):
        name = receiver.value
    elif isinstance(receiver, cst.Attribute):
        name = receiver.attr.value
    else:
        return False
    return name.lower().endswith("loop")


def method_call(call: cst.Call) -> str | None:
    """The method name of ``x.m(...)``, else None."""
    func = call.func
    return func.attr.value if isinstance(func, cst.Attribute) else None


class LoopUses:
    """What one scope's own statements do with event loops (nested defs/classes/lambdas excluded)."""

    __slots__ = ("sets_loop", "run_receivers")

    def __init__(self) -> None:
        self.sets_loop = False  # calls something named set_event_loop
        self.run_receivers: set[str] = set()  # X / self.X in X.run_until_complete()/X.run_forever()


def loop_uses(context: "FileContext", scope_node: cst.CSTNode) -> LoopUses:
    """:class:`LoopUses` of a function or the module, computed once per file and scope."""
    memo = context.shared.setdefault("aio5.loop_uses", {})
    key = id(scope_node)
    found = memo.get(key)
    if found is not None:
        return found
    uses = LoopUses()
    body = scope_node.body  # type: ignore[attr-defined]  # a FunctionDef, Lambda or Module
    stack: list[object] = list(body) if isinstance(body, (list, tuple)) else [body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute):
                name = func.attr.value
                if name in LOOP_RUN_METHODS:
                    receiver = dotted_name(func.value)
                    if receiver is not None:
                        uses.run_receivers.add(receiver)
            elif isinstance(func, cst.Name):
                name = func.value
            else:
                name = None
            if name == "set_event_loop":
                uses.sets_loop = True
        if isinstance(node, cst.CSTNode):
            stack.extend(child_nodes(node))
    memo[key] = uses
    return uses


def bare_names(context: "FileContext", qualified: frozenset[str]) -> frozenset[str]:
    """Bare names that may call one of ``qualified`` in this file: their last components, and the
    module-level aliases bound to them (``from asyncio import run as arun``). A cheap pre-test
    before resolving a ``name(...)`` call; memoised per file."""
    memo = context.shared.setdefault("aio5.bare_names", {})
    found = memo.get(qualified)
    if found is None:
        names = {name.rsplit(".", 1)[1] for name in qualified}
        for name, values in context.module_scope.bindings().items():
            if any(isinstance(v, Ref) and v.kind == NAME and v.value in qualified for v in values):
                names.add(name)
        found = memo[qualified] = frozenset(names)
    return found


def is_async_generator(node: cst.FunctionDef) -> bool:
    """True when the ``async def`` has a ``yield`` of its own (not in a nested def/lambda/class)."""
    stack: list[cst.CSTNode] = [node.body]
    while stack:
        current = stack.pop()
        if isinstance(current, (cst.Yield)):
            return True
        if isinstance(current, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        stack.extend(current.children)
    return False
