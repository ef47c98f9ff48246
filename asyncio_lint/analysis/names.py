"""A light name resolver: what a name or attribute chain means, through imports and assignments.

libcst's ScopeProvider and QualifiedNameProvider cost eight times the parse (docs/performance.md), so
the engine resolves names with tables of its own instead, built lazily: a scope's bindings are
collected only when a rule first asks about a name in it, and only from that scope's own statements.

A resolved value is a :class:`Ref`:

* ``Ref(NAME, "time.sleep")``: the expression is the object known by that qualified name (a module,
  function, class or method reached through imports or aliases);
* ``Ref(INSTANCE, "requests.Session")``: the expression is an instance of that class, inferred from a
  constructor or factory call, an annotation, or ``with Factory() as x``;
* ``Ref(SELF, class_scope)``: ``self`` / ``cls`` inside a method of that class;
* ``Ref(DEF, node)``: a function or class defined in this file (``node`` is the libcst node).

Anything else (a plain local, a name bound two different ways, a subscript) resolves to ``None``:
the resolver would rather know nothing than guess, so a shadowing local never passes for the import.

What a scope binds a name to is a :class:`Binding`: a fixed ``Ref`` (an import, a def), an
expression assigned to it, the item of a ``with ... as`` it names, an annotation, a ``nonlocal``
declaration, or something unknowable (a loop target, a parameter without annotation).
"""

from __future__ import annotations

import builtins
from typing import Callable, Iterable, Iterator, NamedTuple

import libcst as cst

NAME = "name"
INSTANCE = "instance"
SELF = "self"
DEF = "def"

_BUILTINS = frozenset(dir(builtins))


class Ref(NamedTuple):
    kind: str
    value: object


# Binding kinds.
REF = "ref"                # ``ref`` holds what the name means (an import, a def or class of this file)
EXPR = "expr"              # ``node`` is the expression assigned (resolved lazily)
WITH = "with"              # ``node`` is the ``with`` item the name is bound to with ``as``
ANNOTATION = "annotation"  # ``node`` is the annotation of a parameter or a bare ``x: T``
NONLOCAL = "nonlocal"      # declared ``nonlocal`` here
UNKNOWN = "unknown"        # a loop target, an unannotated parameter, ``del``, ``x += ...``


class Binding(NamedTuple):
    kind: str
    node: cst.CSTNode | None = None
    ref: Ref | None = None

    @property
    def expression(self) -> cst.CSTNode | None:
        """The expression assigned, for an ``x = ...`` binding."""
        return self.node if self.kind == EXPR else None


_UNKNOWN = Binding(UNKNOWN)


class Scope:
    """A module, class, function or lambda body: where names are bound."""

    __slots__ = ("kind", "node", "parent", "is_async", "_bindings", "_globals", "_attrs")

    def __init__(self, kind: str, node: cst.CSTNode, parent: "Scope | None") -> None:
        self.kind = kind  # "module" | "class" | "function" | "lambda"
        self.node = node
        self.parent = parent
        self.is_async = kind == "function" and getattr(node, "asynchronous", None) is not None
        self._bindings: dict[str, list[Binding]] | None = None
        self._globals: set[str] = set()
        # class scopes: class attributes and ``self.X`` (see class_attributes)
        self._attrs: dict[str, list[tuple[Binding, Scope]]] | None = None

    # -- bindings -------------------------------------------------------------------------------
    def bindings(self) -> dict[str, list[Binding]]:
        """Name -> what this scope's own statements bind it to (collected on first use)."""
        if self._bindings is None:
            self._bindings = {}
            _Collector(self).collect()
        return self._bindings

    def bind(self, name: str, value: Binding) -> None:
        assert self._bindings is not None
        self._bindings.setdefault(name, []).append(value)

    def declare_global(self, name: str) -> None:
        self._globals.add(name)

    @property
    def global_names(self) -> frozenset[str]:
        """Names this scope declares ``global`` (collected with the bindings)."""
        self.bindings()
        return frozenset(self._globals)

    def declares_global(self, name: str) -> bool:
        self.bindings()
        return name in self._globals

    @property
    def function_scope(self) -> "Scope | None":
        """The nearest enclosing function or lambda scope (this one included)."""
        scope: Scope | None = self
        while scope is not None and scope.kind not in ("function", "lambda"):
            scope = scope.parent
        return scope

    def first_param(self) -> str | None:
        if self.kind != "function":
            return None
        params = self.node.params  # type: ignore[attr-defined]
        first = (params.posonly_params or params.params or (None,))[0]
        return first.name.value if first is not None else None

    def method_kind(self) -> str | None:
        """'self' or 'cls' when this is a method whose first parameter names the instance/class."""
        if self.kind != "function" or self.parent is None or self.parent.kind != "class":
            return None
        decorators = {d.decorator.value for d in self.node.decorators  # type: ignore[attr-defined]
                      if isinstance(d.decorator, cst.Name)}
        if "staticmethod" in decorators:
            return None
        return "cls" if "classmethod" in decorators else "self"


class _Collector:
    """Collects the names a scope binds, from its own statements only (not nested defs' bodies)."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def collect(self) -> None:
        node = self.scope.node
        if isinstance(node, cst.FunctionDef):
            self._params(node.params)
            self._block(node.body)
        elif isinstance(node, cst.Lambda):
            self._params(node.params)
        elif isinstance(node, cst.ClassDef):
            self._block(node.body)
        elif isinstance(node, cst.Module):
            self._statements(node.body)

    def _params(self, params: cst.Parameters) -> None:
        bind = self.scope.bind
        for p in (*params.posonly_params, *params.params, *params.kwonly_params):
            bind(p.name.value, Binding(ANNOTATION, p.annotation.annotation) if p.annotation else _UNKNOWN)
        for star in (params.star_arg, params.star_kwarg):
            if isinstance(star, cst.Param):
                bind(star.name.value, _UNKNOWN)

    def _block(self, body: cst.BaseSuite) -> None:
        if isinstance(body, cst.IndentedBlock):
            self._statements(body.body)
        elif isinstance(body, cst.SimpleStatementSuite):
            self._small(body.body)

    def _statements(self, statements: Iterable[cst.CSTNode]) -> None:
        for stmt in statements:
            if isinstance(stmt, cst.SimpleStatementLine):
                self._small(stmt.body)
            else:
                self._compound(stmt)

    def _compound(self, stmt: cst.CSTNode) -> None:
        bind = self.scope.bind
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            bind(stmt.name.value, Binding(REF, ref=Ref(DEF, stmt)))
            return
        if isinstance(stmt, cst.For):
            self._targets(stmt.target, _UNKNOWN)
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                if item.asname is not None:
                    self._targets(item.asname.name, Binding(WITH, item.item))
        elif isinstance(stmt, cst.Try) or isinstance(stmt, getattr(cst, "TryStar", cst.Try)):
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                if handler.name is not None:
                    self._targets(handler.name.name, _UNKNOWN)
                self._block(handler.body)
            if stmt.finalbody is not None:  # type: ignore[attr-defined]
                self._block(stmt.finalbody.body)  # type: ignore[attr-defined]
        elif isinstance(stmt, cst.Match):
            for case in stmt.cases:
                self._block(case.body)
            return
        body = getattr(stmt, "body", None)
        if isinstance(body, cst.BaseSuite):
            self._block(body)
        orelse = getattr(stmt, "orelse", None)
        while orelse is not None:
            if isinstance(orelse, cst.If):  # elif
                self._block(orelse.body)
                orelse = orelse.orelse
            else:
                self._block(orelse.body)
                orelse = None

    def _small(self, statements: Iterable[cst.BaseSmallStatement]) -> None:
        bind = self.scope.bind
        for small in statements:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    self._targets(target.target, Binding(EXPR, small.value))
            elif isinstance(small, cst.AnnAssign):
                value = (Binding(EXPR, small.value) if small.value is not None
                         else Binding(ANNOTATION, small.annotation.annotation))
                self._targets(small.target, value)
            elif isinstance(small, cst.AugAssign):
                self._targets(small.target, _UNKNOWN)
            elif isinstance(small, cst.Import):
                for alias in small.names:
                    full = _dotted(alias.name)
                    if full is None:
                        continue
                    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                        bind(alias.asname.name.value, Binding(REF, ref=Ref(NAME, full)))
                    else:
                        head = full.split(".", 1)[0]
                        bind(head, Binding(REF, ref=Ref(NAME, head)))
            elif isinstance(small, cst.ImportFrom):
                module = _dotted(small.module) if small.module is not None else ""
                dots = "." * len(small.relative)
                if isinstance(small.names, cst.ImportStar):
                    continue
                for alias in small.names:
                    name = _dotted(alias.name)
                    if name is None:
                        continue
                    prefix = f"{dots}{module}" if module else dots
                    full = f"{prefix}.{name}" if prefix and not prefix.endswith(".") else f"{prefix}{name}"
                    local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
                    bind(local, Binding(REF, ref=Ref(NAME, full)))
            elif isinstance(small, (cst.Global, cst.Nonlocal)):
                for item in small.names:
                    if isinstance(small, cst.Global):
                        self.scope.declare_global(item.name.value)
                    else:
                        bind(item.name.value, Binding(NONLOCAL))
            elif isinstance(small, cst.Del):
                self._targets(small.target, _UNKNOWN)

    def _targets(self, target: cst.CSTNode, value: Binding) -> None:
        if isinstance(target, cst.Name):
            if target.value not in self.scope._globals:
                self.scope.bind(target.value, value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._targets(element.value, _UNKNOWN)
        elif isinstance(target, cst.StarredElement):
            self._targets(target.value, _UNKNOWN)
        # Attribute and subscript targets bind no name.


def _dotted(node: cst.CSTNode | None) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = _dotted(node.value)
        return f"{head}.{node.attr.value}" if head is not None else None
    return None


def dotted_name(node: cst.CSTNode | None) -> str | None:
    """``a.b.c`` for a pure Name/Attribute chain, else None."""
    return _dotted(node)


class Resolver:
    """Resolves expressions to :class:`Ref` values within a scope, with the catalogue's type tables.

    ``returns(qualified_name, call)`` gives the class of what that call returns (or None);
    ``attribute_type(qualified_name)`` the class of an attribute of an instance.
    """

    def __init__(self, returns: Callable[[str, cst.Call], str | None],
                 attribute_type: Callable[[str], str | None]) -> None:
        self._returns = returns
        self._attribute_type = attribute_type
        self._busy: set[int] = set()

    # -- entry points ---------------------------------------------------------------------------
    def resolve(self, expr: cst.CSTNode, scope: Scope) -> Ref | None:
        key = id(expr)
        if key in self._busy:  # a binding that refers to itself
            return None
        self._busy.add(key)
        try:
            return self._resolve(expr, scope)
        finally:
            self._busy.discard(key)

    def qualified_name(self, expr: cst.CSTNode, scope: Scope) -> str | None:
        ref = self.resolve(expr, scope)
        return ref.value if ref is not None and ref.kind == NAME else None  # type: ignore[return-value]

    def lookup(self, name: str, scope: Scope) -> Ref | None:
        """What a bare name means at ``scope`` (LEGB, class bodies skipped for nested functions)."""
        found = self._bindings_of(name, scope)
        if found is not None:
            return self._merge(*found)
        return Ref(NAME, f"builtins.{name}") if name in _BUILTINS else None

    def assigned(self, expr: cst.CSTNode, scope: Scope) -> list[tuple[cst.CSTNode, Scope]] | None:
        """The expressions a name or a ``self.X`` attribute is assigned, each with the scope it is
        evaluated in; None when one of its bindings is not an ``=`` (a parameter, a loop target)."""
        if isinstance(expr, cst.Name):
            found = self._bindings_of(expr.value, scope)
            if found is None:
                return None
            values = [(value, found[1]) for value in found[0]]
        elif isinstance(expr, cst.Attribute):
            base = self.resolve(expr.value, scope)
            if base is None or base.kind != SELF:
                return None
            values = class_attributes(base.value).get(expr.attr.value, [])  # type: ignore[arg-type]
        else:
            return None
        if not values or any(value.kind != EXPR or value.node is None for value, _ in values):
            return None
        return [(value.node, where) for value, where in values]  # type: ignore[misc]

    def _bindings_of(self, name: str, scope: Scope) -> tuple[list[Binding], Scope] | None:
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            first = False
            if name in current._globals:
                current = _module_of(current)
                continue
            bound = current.bindings().get(name)
            if bound is not None:
                return bound, current
            current = current.parent
        return None

    # -- internals ------------------------------------------------------------------------------
    def _merge(self, values: list[Binding], scope: Scope) -> Ref | None:
        result: Ref | None = None
        for value in values:
            ref = self._binding(value, scope)
            if ref is None or (result is not None and ref != result):
                return None
            result = ref
        return result

    def _binding(self, value: Binding, scope: Scope) -> Ref | None:
        kind = value.kind
        if kind == REF:
            return value.ref
        expr = value.node
        if expr is None:
            return None
        if kind == EXPR:
            return self.resolve(expr, scope)
        if kind == WITH:
            ref = self.resolve(expr, scope)
            return ref if ref is not None and ref.kind == INSTANCE else None
        if kind == ANNOTATION:
            return self._annotation(expr, scope)
        return None

    def _annotation(self, expr: cst.CSTNode, scope: Scope) -> Ref | None:
        # Optional[X], X | None
        if isinstance(expr, cst.Subscript) and len(expr.slice) == 1:
            base = self.qualified_name(expr.value, scope)
            element = expr.slice[0].slice
            if base == "typing.Optional" and isinstance(element, cst.Index):
                return self._annotation(element.value, scope)
            return None
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.BitOr):
            for side, other in ((expr.left, expr.right), (expr.right, expr.left)):
                if isinstance(other, cst.Name) and other.value == "None":
                    return self._annotation(side, scope)
            return None
        name = self.qualified_name(expr, scope)
        return Ref(INSTANCE, name) if name is not None and not name.startswith("builtins.") else None

    def _resolve(self, expr: cst.CSTNode, scope: Scope) -> Ref | None:
        if isinstance(expr, cst.Name):
            if scope.method_kind() is not None and expr.value == scope.first_param():
                return Ref(SELF, scope.parent)
            ref = self.lookup(expr.value, scope)
            if ref is None and scope.kind in ("function", "lambda"):
                # self used inside a nested function or lambda of a method
                method = _enclosing_method(scope)
                if method is not None and expr.value == method.first_param() and not _binds(scope, expr.value, method):
                    return Ref(SELF, method.parent)
            return ref
        if isinstance(expr, cst.Attribute):
            base = self.resolve(expr.value, scope)
            if base is None:
                return None
            attr = expr.attr.value
            if base.kind == NAME:
                return Ref(NAME, f"{base.value}.{attr}")
            if base.kind == INSTANCE:
                member = f"{base.value}.{attr}"
                cls = self._attribute_type(member)
                return Ref(INSTANCE, cls) if cls is not None else Ref(NAME, member)
            if base.kind == SELF:
                return self._class_attribute(base.value, attr)  # type: ignore[arg-type]
            return None
        if isinstance(expr, cst.Call):
            callee = self.resolve(expr.func, scope)
            if callee is None or callee.kind != NAME:
                return None
            cls = self._returns(callee.value, expr)  # type: ignore[arg-type]
            return Ref(INSTANCE, cls) if cls is not None else None
        if isinstance(expr, cst.Await):
            return None
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Divide):
            left = self.resolve(expr.left, scope)
            if left is not None and left.kind == INSTANCE:
                cls = self._attribute_type(f"{left.value}.__truediv__")
                return Ref(INSTANCE, cls) if cls is not None else None
        return None

    def _class_attribute(self, class_scope: Scope, attr: str) -> Ref | None:
        attrs = class_attributes(class_scope)
        values = attrs.get(attr)
        if not values:
            return None
        result: Ref | None = None
        for value, scope in values:
            ref = self._binding(value, scope)
            if ref is None or (result is not None and ref != result):
                return None
            result = ref
        return result


def _module_of(scope: Scope) -> Scope:
    while scope.parent is not None:
        scope = scope.parent
    return scope


def _enclosing_method(scope: Scope) -> Scope | None:
    current: Scope | None = scope.parent
    while current is not None:
        if current.method_kind() is not None:
            return current
        if current.kind in ("class", "module"):
            return None
        current = current.parent
    return None


def _binds(scope: Scope, name: str, stop: Scope) -> bool:
    current: Scope | None = scope
    while current is not None and current is not stop:
        if name in current.bindings():
            return True
        current = current.parent
    return False


def class_attributes(class_scope: Scope) -> dict[str, list[tuple[Binding, Scope]]]:
    """Attributes of a class: class-body bindings and ``self.X = ...`` in its methods."""
    if class_scope._attrs is not None:
        return class_scope._attrs
    attrs: dict[str, list[tuple[Binding, Scope]]] = {}
    for name, values in class_scope.bindings().items():
        attrs.setdefault(name, []).extend((v, class_scope) for v in values)
    body = class_scope.node.body  # type: ignore[attr-defined]
    for stmt in getattr(body, "body", ()):
        if isinstance(stmt, cst.FunctionDef):
            method = Scope("function", stmt, class_scope)
            owner = method.first_param()
            if owner is None or method.method_kind() != "self":
                continue
            for target, value in _self_assignments(stmt.body, owner):
                attrs.setdefault(target, []).append((value, method))
    class_scope._attrs = attrs
    return attrs


def _self_assignments(body: cst.CSTNode, owner: str) -> Iterator[tuple[str, Binding]]:
    """``owner.X = value`` / ``owner.X: T`` anywhere in a method body, outside nested scopes."""
    stack: list[cst.CSTNode] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
            continue
        if isinstance(node, cst.Assign):
            for target in node.targets:
                name = _owned(target.target, owner)
                if name is not None:
                    yield name, Binding(EXPR, node.value)
        elif isinstance(node, cst.AnnAssign):
            name = _owned(node.target, owner)
            if name is not None:
                yield name, (Binding(EXPR, node.value) if node.value is not None
                             else Binding(ANNOTATION, node.annotation.annotation))
        elif isinstance(node, cst.AugAssign):
            name = _owned(node.target, owner)
            if name is not None:
                yield name, _UNKNOWN
        if isinstance(node, (cst.SimpleStatementLine, cst.IndentedBlock, cst.SimpleStatementSuite,
                             cst.If, cst.Else, cst.For, cst.While, cst.With, cst.Try, cst.ExceptHandler,
                             cst.Finally)):
            for name in ("body", "orelse", "handlers", "finalbody"):
                child = getattr(node, name, None)
                if isinstance(child, (list, tuple)):
                    stack.extend(child)
                elif isinstance(child, cst.CSTNode):
                    stack.append(child)
        elif isinstance(node, cst.Expr) and isinstance(node.value, cst.NamedExpr):
            continue


def _owned(target: cst.CSTNode, owner: str) -> str | None:
    if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == owner:
        return target.attr.value
    return None
