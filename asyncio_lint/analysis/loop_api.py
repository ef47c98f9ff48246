"""The shared analysis of the AIO5xx rules (event loops and executors); the tables are in
``analysis/data/loops.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import libcst as cst

from asyncio_lint.analysis.data.loops import LOOP_GETTERS, LOOP_RUN_METHODS, LOOP_TYPES, TRANSPARENT_DECORATORS, Slot
from asyncio_lint.analysis.data.tasks import COROUTINE_FUNCTIONS as LIBRARY_COROUTINE_FUNCTIONS
from asyncio_lint.analysis.names import DEF, NAME, SELF, Scope, class_attributes, dotted_name
from asyncio_lint.tree import child_nodes

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext


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


class LoopUses:
    """What one scope's own statements do with event loops (nested defs/classes/lambdas excluded)."""

    __slots__ = ("sets_loop", "run_receivers")

    def __init__(self) -> None:
        self.sets_loop = False  # calls something named set_event_loop
        self.run_receivers: set[str] = set()  # X / self.X in X.run_until_complete()/X.run_forever()


def loop_uses(context: "FileContext", scope_node: cst.CSTNode) -> LoopUses:
    """:class:`LoopUses` of a function or the module, computed once per file and scope."""
    memo = context.memo.setdefault("aio5.loop_uses", {})
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
    memo = context.memo.setdefault("aio5.bare_names", {})
    found = memo.get(qualified)
    if found is None:
        names = {name.rsplit(".", 1)[1] for name in qualified}
        for name, values in context.module_scope.bindings().items():
            if any(v.ref is not None and v.ref.kind == NAME and v.ref.value in qualified for v in values):
                names.add(name)
        found = memo[qualified] = frozenset(names)
    return found


def is_get_event_loop(context: "FileContext", call: cst.Call) -> bool:
    """``call`` is ``asyncio.get_event_loop()`` (or an alias of it; not a policy's method)."""
    func = call.func
    if isinstance(func, cst.Attribute):
        if func.attr.value != "get_event_loop":
            return False
    elif not isinstance(func, cst.Name) or func.value not in bare_names(context, LOOP_GETTERS):
        return False
    return context.call_name(call) in LOOP_GETTERS


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
