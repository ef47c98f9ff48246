"""Which expressions denote shared state, and the keys a coroutine writes.

Shared keys: ``self.X`` / ``cls.X`` chains, ``Class.X`` for a class of this module, names declared
``global`` or ``nonlocal``, and module-level names the function mutates in place (``CACHE[k] = v``,
``CACHE.append(x)``). A key is only tracked when the function writes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from asyncio_lint.analysis.names import DEF, EXPR, NONLOCAL
from asyncio_lint.analysis.races.vocabulary import MUTATORS, SCOPES
from asyncio_lint.tree import child_nodes

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.analysis.names import Scope


_SCOPE_TYPES = frozenset(SCOPES)
_LOOPS_AND_WITH = frozenset({cst.For, cst.With, cst.CompFor})


class SharedKeys:
    """The shared keys of one coroutine (``scope``: its scope)."""

    def __init__(self, context: "FileContext", scope: "Scope") -> None:
        self.scope = scope
        bindings = scope.bindings()
        self.globals = scope.global_names
        self.nonlocals = frozenset(n for n, vs in bindings.items() if any(v.kind == NONLOCAL for v in vs))
        self.locals = frozenset(n for n in bindings if n not in self.nonlocals)
        self.self_name, self.cls_name = self.owner_names(scope)
        self.module_bindings = context.module_scope.bindings()
        self.written: set[str] = set()

    def owner_names(self, scope: "Scope") -> tuple[str | None, str | None]:
        kind = scope.method_kind()
        if kind is not None:
            first = scope.first_param()
            return (first, None) if kind == "self" else (None, first)
        # a nested coroutine of a method sees the method's self
        current = scope.parent
        while current is not None and current.kind in ("function", "lambda"):
            kind = current.method_kind()
            if kind is not None:
                first = current.first_param()
                if first is None or first in self.locals:
                    return None, None
                return (first, None) if kind == "self" else (None, first)
            current = current.parent
        return None, None

    def module_container(self, name: str) -> bool:
        """A module-level variable (not an import, def or class) not shadowed on the way here."""
        if name in self.locals or name in self.nonlocals:
            return False
        current = self.scope.parent
        while current is not None and current.parent is not None:
            if current.kind in ("function", "lambda") and name in current.bindings():
                return False
            current = current.parent
        values = self.module_bindings.get(name)
        if not values:
            return False
        return all(v.kind == EXPR for v in values)

    def module_class(self, name: str) -> bool:
        if name in self.locals or name in self.nonlocals or name in self.globals:
            return False
        values = self.module_bindings.get(name)
        if not values:
            return False
        return all(v.ref is not None and v.ref.kind == DEF and isinstance(v.ref.value, cst.ClassDef) for v in values)

    def key_of(self, expr: cst.CSTNode, container: bool = False) -> str | None:
        """The shared key an expression denotes (a pure chain rooted at shared state), else None."""
        if isinstance(expr, cst.Name):
            name = expr.value
            if name in self.globals or name in self.nonlocals:
                return name
            if container and self.module_container(name):
                return name
            return None
        if isinstance(expr, cst.Attribute):
            parts = [expr.attr.value]
            base = expr.value
            while isinstance(base, cst.Attribute):
                parts.append(base.attr.value)
                base = base.value
            if not isinstance(base, cst.Name):
                return None
            root = base.value
            if root == self.self_name or root == self.cls_name:
                pass
            elif root in self.globals or root in self.nonlocals:
                pass
            elif root[:1].isupper() and self.module_class(root):
                pass
            else:
                return None
            return ".".join([root, *reversed(parts)])
        return None

    def subscript_key(self, expr: cst.CSTNode) -> str | None:
        while isinstance(expr, cst.Subscript):
            expr = expr.value
        return self.key_of(expr, container=True)

    def collect_writes(self, coroutine: cst.FunctionDef) -> bool:
        """Fill ``self.written``; True when the function also has a suspension point."""
        # (Exact classes, not isinstance: libcst's node classes are ABCs, whose isinstance costs
        # several times a set lookup, and none of these has a subclass.)
        suspends = False
        stack: list[cst.CSTNode] = [coroutine.body]
        written = self.written
        while stack:
            node = stack.pop()
            kind = node.__class__
            if kind in _SCOPE_TYPES:
                continue
            if kind is cst.Await:
                suspends = True
            elif kind in _LOOPS_AND_WITH and node.asynchronous is not None:  # type: ignore[attr-defined]
                suspends = True
            elif kind is cst.Assign:
                for t in node.targets:  # type: ignore[attr-defined]
                    self.target_keys(t.target, written)
            elif kind is cst.AugAssign or (kind is cst.AnnAssign and node.value is not None):  # type: ignore[attr-defined]
                self.target_keys(node.target, written)  # type: ignore[attr-defined]
            elif kind is cst.Del or kind is cst.NamedExpr:
                self.target_keys(node.target, written)  # type: ignore[attr-defined]
            elif kind is cst.Call:
                func = node.func  # type: ignore[attr-defined]
                if func.__class__ is cst.Attribute and func.attr.value in MUTATORS:
                    key = self.subscript_key(func.value)
                    if key is not None:
                        written.add(key)
            stack.extend(child_nodes(node))
        return suspends

    def target_keys(self, target: cst.CSTNode, out: set[str]) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.target_keys(element.value, out)
        elif isinstance(target, cst.StarredElement):
            self.target_keys(target.value, out)
        elif isinstance(target, cst.Subscript):
            key = self.subscript_key(target)
            if key is not None:
                out.add(key)
        else:
            key = self.key_of(target)
            if key is not None:
                out.add(key)
