"""Which expressions denote shared state, and the keys a coroutine writes.

Shared keys: ``self.X`` / ``cls.X`` chains, ``Class.X`` for a class of this module, names declared
``global``, names declared ``nonlocal`` in a nested coroutine that its enclosing function runs
concurrently (``create_task(worker())``, ``gather(*(worker() for ...))``: a nested coroutine that is
only ever awaited in turn shares its closure with no other task), and module-level names the
function mutates in place (``CACHE[k] = v``, ``CACHE.append(x)``). A key is only tracked when the
function writes it.

Also here: the paths of container entries (``self.cache[k]`` is entry ``("k",)`` of
``self.cache``), and the in-place updates of a key anywhere in its class or module (the updates
another task can make while this one waits).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from asyncio_lint.analysis.names import DEF, EXPR, NONLOCAL
from asyncio_lint.analysis.races.vocabulary import ADDERS, KEYED, MUTATORS, SCOPES, SPAWNERS
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
        declared = frozenset(n for n, vs in bindings.items() if any(v.kind == NONLOCAL for v in vs))
        self.locals = frozenset(n for n in bindings if n not in declared)
        self.nonlocals = declared if declared and spawned(scope) else frozenset()
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


def spawned(scope: "Scope") -> bool:
    """The nested coroutine of ``scope`` may run beside another run of itself: its enclosing
    function hands coroutine objects of it to a task spawner (``create_task(f())``,
    ``gather(f(a), f(b))``, ``tg.start_soon(f)``) or makes several in a comprehension, instead of
    awaiting each call in turn, or returns it (its callers may)."""
    node = scope.node
    parent = scope.parent
    if not isinstance(node, cst.FunctionDef) or parent is None or parent.kind != "function":
        return False
    name = node.name.value
    # (node, the call it is an argument of, inside a comprehension)
    stack: list[tuple[cst.CSTNode, cst.Call | None, bool]] = [(parent.node.body, None, False)]  # type: ignore[attr-defined]
    while stack:
        current, argument_of, in_comprehension = stack.pop()
        if isinstance(current, cst.Call) and isinstance(current.func, cst.Name) and current.func.value == name:
            if in_comprehension or (argument_of is not None and _callee_name(argument_of) in SPAWNERS):
                return True
        elif isinstance(current, cst.Name) and current.value == name:
            if argument_of is not None and _callee_name(argument_of) in SPAWNERS:
                return True
        elif isinstance(current, cst.Return) and current.value is not None and any(
                isinstance(n, cst.Name) and n.value == name for n in _names_in(current.value)):
            return True  # the coroutine function escapes: its callers may run it as several tasks
        comprehension = in_comprehension or isinstance(current, (cst.ListComp, cst.SetComp, cst.GeneratorExp,
                                                                  cst.DictComp))
        if isinstance(current, cst.Call):
            stack.append((current.func, argument_of, comprehension))
            stack.extend((arg.value, current, comprehension) for arg in current.args)
        elif not isinstance(current, cst.Arg):
            stack.extend((child, argument_of if isinstance(current, (cst.Element, cst.StarredElement)) else None,
                          comprehension) for child in child_nodes(current))
    return False


def _names_in(node: cst.CSTNode) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, cst.Name):
            found.append(current)
        elif not isinstance(current, (cst.Call, cst.Lambda)):  # a call's result is not the function
            stack.extend(child_nodes(current))
    return found


def _callee_name(call: cst.Call) -> str | None:
    func = call.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else None


def entry_path(context: "FileContext", expr: cst.CSTNode) -> tuple[str, ...]:
    """The entry of a container that a subscript chain addresses: ``self.d[a][b]`` -> ("a", "b")."""
    path: list[str] = []
    while isinstance(expr, cst.Subscript):
        if len(expr.slice) != 1 or not isinstance(expr.slice[0].slice, cst.Index):
            return ()  # a slice or a tuple of indexes: the whole container, as far as we know
        path.append(context.code_of(expr.slice[0].slice.value))
        expr = expr.value
    return tuple(reversed(path))


def same_entry(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Two entry paths may address the same entry: one is a prefix of the other (``()``: the whole)."""
    n = min(len(one), len(other))
    return one[:n] == other[:n]


def keyed_method_path(context: "FileContext", call: cst.Call) -> tuple[str, ...] | None:
    """``X.get(k)``, ``X.pop(k)``, ``X.setdefault(k, v)``: the entry path of ``k`` in ``X``."""
    func = call.func
    if not isinstance(func, cst.Attribute) or func.attr.value not in KEYED or not call.args or call.args[0].star:
        return None
    return entry_path(context, func.value) + (context.code_of(call.args[0].value),)


def in_place_updates(context: "FileContext", root: cst.CSTNode,
                     owners: frozenset[str]) -> dict[str, list[tuple[cst.CSTNode, cst.FunctionDef | None]]]:
    """Where code in ``root`` (the coroutine's class, or the module) adds to shared state in place:
    ``self.buf.append(x)``, ``self.d[k] = v``, ``self.n += 1``, ``self.s |= {x}`` (attribute chains
    rooted at one of ``owners``, or bare names), each with the outermost function it is written in.
    Sync methods count too: callbacks run on the loop while a coroutine waits. Memoised per root."""
    memo = context.memo.setdefault("races.updates", {})
    key = (id(root), owners)
    found: dict[str, list[tuple[cst.CSTNode, cst.FunctionDef | None]]] | None = memo.get(key)
    if found is not None:
        return found
    found = {}
    stack: list[tuple[cst.CSTNode, cst.FunctionDef | None]] = [(root, None)]
    while stack:
        node, function = stack.pop()
        if function is None and isinstance(node, cst.FunctionDef):
            function = node
        target: cst.CSTNode | None = None
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value in ADDERS:
            target = node.func.value
        elif isinstance(node, cst.AugAssign) and isinstance(node.operator, (cst.AddAssign, cst.BitOrAssign)):
            target = node.target
        elif isinstance(node, cst.Assign):
            for t in node.targets:
                if isinstance(t.target, cst.Subscript):
                    target = t.target
        if target is not None:
            while isinstance(target, cst.Subscript):
                target = target.value
            name = _owned_chain(target, owners)
            if name is not None:
                found.setdefault(name, []).append((node, function))
        stack.extend((child, function) for child in child_nodes(node))
    memo[key] = found
    return found


def _owned_chain(expr: cst.CSTNode, owners: frozenset[str]) -> str | None:
    """``self.a.b`` as "self.a.b" when rooted at one of ``owners`` or at a bare module name."""
    parts: list[str] = []
    while isinstance(expr, cst.Attribute):
        parts.append(expr.attr.value)
        expr = expr.value
    if not isinstance(expr, cst.Name):
        return None
    if parts and expr.value not in owners:
        return None
    return ".".join([expr.value, *reversed(parts)])
