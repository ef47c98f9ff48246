"""The analysis the callback and task rules (AIO4xx) share; the tables are in
``analysis/data/tasks.py``, the registrars in force (built in plus ``callback-registrars``) in the
catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import libcst as cst

from asyncio_lint.analysis.data.tasks import COROUTINE_FUNCTIONS

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext

# Decorators that leave an ``async def`` a coroutine function.
_TRANSPARENT_DECORATORS = frozenset({"staticmethod", "classmethod", "functools.wraps", "wraps"})


class Registration(NamedTuple):
    name: str                 # what the message calls it: "call_soon", "mylib.on"
    callback: cst.BaseExpression | None  # None: hidden in ``*args``


def registration(context: "FileContext", call: cst.Call) -> Registration | None:
    """The registrar called by ``call`` and its callback argument, or None (memoised per call)."""
    func = call.func
    shared = context.memo
    registrars = context.catalogue.registrars
    if func.__class__ is cst.Attribute:
        short = func.attr.value  # type: ignore[attr-defined]
        index = registrars.methods.get(short)
    elif func.__class__ is cst.Name:
        short = func.value  # type: ignore[attr-defined]
        index = registrars.functions.get(short)
    else:
        return None
    dotted = registrars.dotted.get(short)
    if index is None and dotted is None:
        return None
    memo = shared.setdefault("aio4.registration", {})
    key = id(call)
    if key in memo:
        return memo[key]
    name = short
    if dotted is not None:
        qualified = context.call_name(call)
        for candidate, candidate_index in dotted:
            if candidate == qualified:
                index, name = candidate_index, candidate
                break
    result: Registration | None = None
    if index is not None:
        position = 0
        for arg in call.args:
            if arg.star or arg.keyword is not None:
                if arg.star == "*":  # *args before the callback: a registration of an unknown callable
                    result = Registration(name, None)
                break
            if position == index:
                result = Registration(name, arg.value)
                break
            position += 1
    memo[key] = result
    return result


def unwrap_partial(context: "FileContext", expr: cst.BaseExpression) -> cst.BaseExpression:
    """``functools.partial(f, ...)`` -> ``f``; anything else unchanged."""
    while isinstance(expr, cst.Call) and expr.args and expr.args[0].keyword is None and not expr.args[0].star:
        if context.qualified_name(expr.func) not in ("functools.partial", "functools.partialmethod"):
            break
        expr = expr.args[0].value
    return expr


def coroutine_function(context: "FileContext", expr: cst.BaseExpression) -> str | None:
    """The name of the coroutine function ``expr`` refers to (an ``async def`` of this file, or a
    known library coroutine function), else None."""
    if not isinstance(expr, (cst.Name, cst.Attribute)):
        return None
    node = context.local_definition(expr)
    if node is not None:
        if (isinstance(node, cst.FunctionDef) and node.asynchronous is not None
                and all(_transparent(context, d.decorator) for d in node.decorators)):
            return node.name.value
        return None
    name = context.qualified_name(expr)
    return name if name in COROUTINE_FUNCTIONS else None


def _transparent(context: "FileContext", decorator: cst.BaseExpression) -> bool:
    if isinstance(decorator, cst.Call):
        decorator = decorator.func
    if isinstance(decorator, cst.Name) and decorator.value in ("staticmethod", "classmethod"):
        return True
    return context.qualified_name(decorator) in _TRANSPARENT_DECORATORS


def receiver_name(expr: cst.BaseExpression) -> str | None:
    """The last identifier of a receiver: ``tg`` for ``tg``, ``_group`` for ``self._group``."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None
