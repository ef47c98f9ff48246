"""What guards state: which ``async with`` items and ``acquire()`` receivers are locks, which methods
only run with a lock held by every caller, and which objects one task owns."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from asyncio_lint.analysis.data.locks import LOCK_TYPES
from asyncio_lint.analysis.names import EXPR, SELF, class_attributes
from asyncio_lint.tree import child_nodes

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.analysis.names import Scope

LOCK_NAME = re.compile(r"lock|mutex|semaphore|(^|_)sem(s|_|$)|(^|_)cond(ition)?(s|_|$)|limiter", re.I)
# Protocol methods that make an object an async iterator: the task that iterates it owns it.
ITERATOR_METHODS = frozenset({"__anext__", "__aiter__"})


def locked_methods(context: "FileContext", cls: cst.ClassDef) -> frozenset[str]:
    """Methods of ``cls`` that are only ever called (``self.m(...)``) with a lock held: inside an
    ``async with <lock>`` of the calling method, or from another such method. Memoised."""
    memo = context.memo.setdefault("races.locked", {})
    found = memo.get(id(cls))
    if found is not None:
        return found
    calls: dict[str, list[tuple[str, bool]]] = {}  # callee -> [(caller, under a lock there)]
    methods = [s for s in getattr(cls.body, "body", ()) if isinstance(s, cst.FunctionDef)]
    for method in methods:
        params = method.params.params
        owner = params[0].name.value if params else None
        if owner is None:
            continue
        stack: list[tuple[cst.CSTNode, bool]] = [(method.body, False)]
        while stack:
            node, locked = stack.pop()
            if isinstance(node, (cst.ClassDef, cst.Lambda)) or (isinstance(node, cst.FunctionDef) and node is not method):
                continue
            if isinstance(node, cst.With) and node.asynchronous is not None:
                if any(is_lock_expression(context, item.item, None) for item in node.items):
                    stack.append((node.body, True))
                    for item in node.items:
                        stack.append((item, locked))
                    continue
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                    and isinstance(node.func.value, cst.Name) and node.func.value.value == owner:
                calls.setdefault(node.func.attr.value, []).append((method.name.value, locked))
            stack.extend((child, locked) for child in child_nodes(node))
    names = {m.name.value for m in methods}
    result: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name in names - result:
            sites = calls.get(name)
            if sites and all(locked or caller in result for caller, locked in sites):
                result.add(name)
                changed = True
    found = memo[id(cls)] = frozenset(result)
    return found


def task_owned(cls: cst.ClassDef) -> bool:
    """An async iterator (``__anext__``/``__aiter__``): a stream or body-part reader is consumed by
    the one task that iterates it, so its own fields are not shared between tasks."""
    return any(isinstance(s, cst.FunctionDef) and s.name.value in ITERATOR_METHODS
               for s in getattr(cls.body, "body", ()))


def is_lock_expression(context: "FileContext", expr: cst.BaseExpression, scope: "Scope | None") -> bool:
    """``async with <expr>`` holds a lock: an asyncio/anyio/trio lock, semaphore or condition by
    type (annotated, or built by ``asyncio.Lock()`` where the name is bound), or anything named
    like one: ``self._lock``, ``self.lock_for(key)``, a lock kept in a mapping under a key named
    like one (``hass.data[STORAGE_SEMAPHORE]``)."""
    node: cst.CSTNode = expr
    while True:
        if isinstance(node, cst.Call):
            node = node.func
        elif isinstance(node, cst.Subscript):
            if any(_lock_named(element.slice) for element in node.slice):
                return True
            node = node.value
        else:
            break
    if isinstance(node, cst.Attribute):
        name = node.attr.value
    elif isinstance(node, cst.Name):
        name = node.value
    else:
        return False
    if LOCK_NAME.search(name):
        return True
    if scope is None or isinstance(expr, cst.Call):
        return False
    return context.type_of(expr, scope) in LOCK_TYPES or _built_as_lock(context, expr, scope)


def _lock_named(element: cst.BaseSlice) -> bool:
    if not isinstance(element, cst.Index):
        return False
    value = element.value
    name = value.attr.value if isinstance(value, cst.Attribute) else value.value if isinstance(value, cst.Name) else None
    return name is not None and bool(LOCK_NAME.search(name))


def _built_as_lock(context: "FileContext", expr: cst.BaseExpression, scope: "Scope") -> bool:
    """Every binding of ``self.X`` (or of a name) is a call of a lock type: ``asyncio.Condition()``."""
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name):
        owner = context.resolve(expr.value, scope)
        if owner is None or owner.kind != SELF:
            return False
        values = class_attributes(owner.value).get(expr.attr.value)  # type: ignore[arg-type]
    elif isinstance(expr, cst.Name):
        current: Scope | None = scope
        values = None
        while current is not None and values is None:
            bound = current.bindings().get(expr.value)
            values = [(v, current) for v in bound] if bound else None
            current = current.parent
    else:
        return False
    if not values:
        return False
    for binding, where in values:
        value = binding.node if binding.kind == EXPR else None
        if not isinstance(value, cst.Call) or context.qualified_name(value.func, where) not in LOCK_TYPES:
            return False
    return True
