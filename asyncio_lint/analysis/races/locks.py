"""Lock reasoning: which ``async with`` items are locks, and which methods only run with a lock
held by every caller."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from asyncio_lint.analysis.data.locks import LOCK_TYPES
from asyncio_lint.tree import child_nodes

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.analysis.names import Scope

LOCK_NAME = re.compile(r"lock|mutex|semaphore|(^|_)sem(s|_|$)|(^|_)cond(ition)?(s|_|$)|limiter", re.I)


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


def is_lock_expression(context: "FileContext", expr: cst.BaseExpression, scope: "Scope | None") -> bool:
    """``async with <expr>`` holds a lock: an asyncio/anyio lock by type, or named like one."""
    node: cst.CSTNode = expr
    while True:
        if isinstance(node, cst.Call):
            node = node.func
        elif isinstance(node, cst.Subscript):
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
    return context.type_of(expr, scope) in LOCK_TYPES
