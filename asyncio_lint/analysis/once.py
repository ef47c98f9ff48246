"""Code that runs never, or once per process (or per key), however often its function is called.

* the body of ``if DEBUG:``, where the module binds ``DEBUG = False`` once and no ``global``
  rebinds it;
* the body of ``if X is None: X = ...`` (also ``not hasattr(C, "x")``), where X is a class's or a
  module's attribute, or a ``global`` of the function: a singleton built on first use;
* the body of ``if key not in _CACHE: _CACHE[key] = ...`` on a module's or a class's dict: built
  once per key, as a ``functools.cache`` helper's body is;
* what follows ``if X is not None: return X`` or ``if key in _CACHE: return _CACHE[key]`` (other
  tests joined with ``and`` allowed: ``and not reload``) in a function that sets that X or entry.

An attribute of ``self`` or a local set the same way is set again for each instance or call, so
code under such tests is not rare. A blocking call in rare code costs the first call only.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import libcst as cst

from asyncio_lint.analysis.names import EXPR
from asyncio_lint.analysis.syntax import NO_LITERAL, block_exit, literal_value

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.analysis.names import Scope


def rarely_run(context: "FileContext", function: cst.CSTNode, memo: dict[Any, bool]) -> bool:
    """Whether the node being visited (``context.parents[-1]``) is rare code of ``function``, the
    ``def`` around it. ``memo`` keeps the answers per ``if`` and per statement for the file."""
    parents = context.parents
    scope = _scope_of(context, function)
    if scope is None:
        return False
    for index in range(len(parents) - 2, 0, -1):
        node = parents[index]
        if node is function:
            statement = parents[index + 2] if index + 2 < len(parents) else None
            return statement is not None and _after_cached_return(context, scope, function, statement, memo)
        if isinstance(node, cst.If) and parents[index + 1] is node.body:
            key = ("if", id(node))
            found = memo.get(key)
            if found is None:
                found = memo[key] = _never_run(context, scope, node.test) or _run_once(context, scope, node)
            if found:
                return True
    return False


def in_rare_code(context: "FileContext") -> bool:
    """Whether the node being visited is rare code of the ``def`` around it (a per-call rule's
    question: the first call pays for a blocking call there, as a ``functools.cache`` helper's)."""
    function = context.function
    return function is not None and rarely_run(context, function, context.memo.setdefault("once", {}))


def _scope_of(context: "FileContext", function: cst.CSTNode) -> "Scope | None":
    scope: Scope | None = context.scope
    while scope is not None and scope.node is not function:
        scope = scope.parent
    return scope


def _after_cached_return(context: "FileContext", scope: "Scope", function: cst.CSTNode, statement: cst.CSTNode,
                         memo: dict[Any, bool]) -> bool:
    """``statement`` of the function's body comes after a return of the value it caches."""
    key = ("after", id(statement))
    found = memo.get(key)
    if found is not None:
        return found
    body = function.body if isinstance(function, cst.FunctionDef) else None
    if not isinstance(body, cst.IndentedBlock):  # (``def f(): return x`` on one line)
        memo[key] = False
        return False
    found = False
    for stmt in body.body:
        if stmt is statement:
            break
        if (isinstance(stmt, cst.If) and stmt.orelse is None and block_exit(stmt.body) is cst.Return
                and _sets_shared(context, scope, body, list(_set_tests(stmt.test)))):
            found = True
            break
    memo[key] = found
    return found


def _never_run(context: "FileContext", scope: "Scope", test: cst.BaseExpression) -> bool:
    """``test`` is a module constant bound once to a false literal, and no ``global`` rebinds it."""
    if not isinstance(test, cst.Name):
        return False
    name = test.value
    while scope.parent is not None:
        if name in scope.bindings():
            return False
        scope = scope.parent
    bound = scope.bindings().get(name, ())
    if len(bound) != 1 or bound[0].kind != EXPR or bound[0].node is None:
        return False
    value = literal_value(bound[0].node)  # type: ignore[arg-type]
    return value is not NO_LITERAL and not value and not re.search(
        rb"\bglobal\b[^\n]*\b" + re.escape(name.encode()) + rb"\b", context.raw)


def _run_once(context: "FileContext", function: "Scope", node: cst.If) -> bool:
    """``if X is None: X = ...`` (or ``not hasattr(C, "x")``, ``key not in _CACHE``), where X is
    a class's or a module's attribute, a ``global`` of the function, or an entry of a module's or
    a class's dict: set on the first run, skipped after."""
    return _sets_shared(context, function, node.body, _unset_tests(node.test))


def _sets_shared(context: "FileContext", function: "Scope", block: cst.BaseSuite,
                 tested: "list[cst.BaseExpression | str]") -> bool:
    """A statement of ``block`` assigns one of ``tested``, and it outlives a call of ``function``."""
    if not tested:
        return False
    code = context.code_of
    wanted = {t if isinstance(t, str) else code(t) for t in tested}
    for stmt in getattr(block, "body", ()):
        for small in getattr(stmt, "body", ()) if isinstance(stmt, cst.SimpleStatementLine) else ():
            targets = ([t.target for t in small.targets] if isinstance(small, cst.Assign)
                       else [small.target] if isinstance(small, cst.AnnAssign) else [])
            for target in targets:
                if isinstance(target, cst.Subscript):  # a cache entry: ``_CACHE[key] = ...``
                    shared = _is_shared(target.value, function)
                elif isinstance(target, cst.Attribute):  # (not an instance's, nor a local's)
                    shared = _is_shared(target, function)
                else:
                    shared = isinstance(target, cst.Name) and function.declares_global(target.value)
                if shared and code(target) in wanted:
                    return True
    return False


def _is_shared(holder: cst.BaseExpression, function: "Scope") -> bool:
    """``holder`` outlives a call of ``function``: a module's name it does not bind, or an attribute
    of a class (``cls.x`` in a classmethod, ``Registry.x``), not of ``self`` or of a local."""
    if isinstance(holder, cst.Name):
        return holder.value not in function.bindings() or function.declares_global(holder.value)
    if isinstance(holder, cst.Attribute) and isinstance(holder.value, cst.Name):
        owner = holder.value.value
        if owner == function.first_param():
            return function.method_kind() == "cls"
        return owner not in function.bindings()
    return False


def _in_cache(comparison: cst.Comparison, operator: type) -> cst.Subscript | None:
    """``key in _CACHE`` (or ``not in``, by ``operator``) -> ``_CACHE[key]``."""
    if len(comparison.comparisons) == 1 and isinstance(comparison.comparisons[0].operator, operator):
        return cst.Subscript(comparison.comparisons[0].comparator, [cst.SubscriptElement(cst.Index(comparison.left))])
    return None


def _is_none(comparison: cst.Comparison, operator: type) -> bool:
    target = comparison.comparisons[0] if len(comparison.comparisons) == 1 else None
    return (target is not None and isinstance(target.operator, operator)
            and isinstance(target.comparator, cst.Name) and target.comparator.value == "None")


def _set_tests(test: cst.BaseExpression) -> list[cst.BaseExpression]:
    """What ``test`` requires set: ``X is not None`` -> X, ``key in CACHE`` -> ``CACHE[key]``, for
    each side of an ``and``."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.And):
        return _set_tests(test.left) + _set_tests(test.right)
    if isinstance(test, cst.Comparison):
        if _is_none(test, cst.IsNot):
            return [test.left]
        entry = _in_cache(test, cst.In)
        if entry is not None:
            return [entry]
    return []


def _unset_tests(test: cst.BaseExpression) -> list[cst.BaseExpression | str]:
    """What ``test`` finds unset: ``X is None`` -> X, ``not hasattr(C, "x")`` -> "C.x",
    ``key not in CACHE`` -> ``CACHE[key]``, for each side of an ``or``."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or):
        left, right = _unset_tests(test.left), _unset_tests(test.right)
        return left + right if left and right else []
    if isinstance(test, cst.Comparison):
        if _is_none(test, cst.Is):
            return [test.left]
        entry = _in_cache(test, cst.NotIn)
        return [entry] if entry is not None else []
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        call = test.expression
        if (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "hasattr"
                and len(call.args) == 2 and isinstance(call.args[0].value, cst.Name)):
            attr = literal_value(call.args[1].value)
            if isinstance(attr, str):
                return [f"{call.args[0].value.value}.{attr}"]
    return []
