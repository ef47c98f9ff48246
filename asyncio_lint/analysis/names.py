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
* ``Ref(OBJECT, class_scope)``: an instance of a class defined in this file (``svc = Service()``);
* ``Ref(DEF, node)``: a function or class defined in this file (``node`` is the libcst node).

Types come from the catalogue's tables (:class:`TypeTables`: what calls return, what attributes
hold, which names are aliases of one class), from annotations (``Optional[X]``, ``X | None``,
``Annotated[X, ...]``, ``"X"``, imports under ``if TYPE_CHECKING:``), from the return annotation of
a function or property of this file, and from ``with X() as v``.

Anything else (a plain local, a name bound two different ways, a subscript) resolves to ``None``:
the resolver would rather know nothing than guess, so a shadowing local never passes for the import.

A name bound more than once in a scope is resolved at the place it is used when that place is
known (the rules' current node): the binding that reaches it in straight-line code wins
(``c = A()`` ... ``c = B()`` ... ``c.m()`` is a ``B``); a binding in a branch, or later in a loop
around the use, makes the name ambiguous again.

What a scope binds a name to is a :class:`Binding`: a fixed ``Ref`` (an import, a def), an
expression assigned to it, the item of a ``with ... as`` it names, an annotation, a ``nonlocal``
declaration, or something unknowable (a loop target, a parameter without annotation).
"""

from __future__ import annotations

import builtins
from typing import Callable, Iterable, Iterator, NamedTuple, Protocol, Union

import libcst as cst

NAME = "name"
INSTANCE = "instance"
SELF = "self"
OBJECT = "object"
DEF = "def"

_BUILTINS = frozenset(dir(builtins))


class Ref(NamedTuple):
    kind: str
    value: object


# Where a statement is in its scope: (sequence number in text order, the numbers of the compound
# statements around it). Parameters are at (0, ()).
Pos = tuple[int, tuple[int, ...]]
# Where a name is used: a position, or a function giving it for the scope that binds the name.
At = Union[Pos, Callable[["Scope"], "Pos | None"], None]


class TypeTables(Protocol):
    """What the resolver asks the catalogue (analysis/catalogue.py) about types."""

    def returns_for(self, name: str, call: cst.Call, arg_type: Callable[[cst.CSTNode], str | None]) -> str | None:
        """The class of what calling ``name`` returns (``arg_type`` types the call's arguments)."""

    def attribute_type(self, member: str) -> str | None:
        """The class of attribute ``Class.attr`` (``Class.__getitem__``: of a subscript)."""

    def module_instance(self, name: str) -> str | None:
        """The class of a module attribute that is an object (``openai.chat``)."""

    def canonical(self, name: str) -> str:
        """The catalogue's name for a class or function reached by another import path."""

    def known_class(self, name: str) -> bool:
        """True when the catalogue knows methods or attributes of this (canonical) class."""


# Binding kinds.
REF = "ref"                # ``ref`` holds what the name means (an import, a def or class of this file)
EXPR = "expr"              # ``node`` is the expression assigned (resolved lazily); ``x: T = v`` too
WITH = "with"              # ``node`` is the ``with`` item the name is bound to with ``as``
ANNOTATION = "annotation"  # ``node`` is the annotation of a parameter or a bare ``x: T``
NONLOCAL = "nonlocal"      # declared ``nonlocal`` here
UNKNOWN = "unknown"        # a loop target, an unannotated parameter, ``del``, ``x += ...``


class Binding(NamedTuple):
    kind: str
    node: cst.CSTNode | None = None
    ref: Ref | None = None
    pos: Pos | None = None                  # where the binding is (set by the collector)
    annotation: cst.CSTNode | None = None   # EXPR from ``x: T = value``: the ``T``

    @property
    def expression(self) -> cst.CSTNode | None:
        """The expression assigned, for an ``x = ...`` binding."""
        return self.node if self.kind == EXPR else None


_UNKNOWN = Binding(UNKNOWN)


class Scope:
    """A module, class, function or lambda body: where names are bound."""

    __slots__ = ("kind", "node", "parent", "is_async", "_bindings", "_globals", "_attrs", "_positions",
                 "_loops")

    def __init__(self, kind: str, node: cst.CSTNode, parent: "Scope | None") -> None:
        self.kind = kind  # "module" | "class" | "function" | "lambda"
        self.node = node
        self.parent = parent
        self.is_async = kind == "function" and getattr(node, "asynchronous", None) is not None
        self._bindings: dict[str, list[Binding]] | None = None
        self._globals: set[str] = set()
        # class scopes: class attributes and ``self.X`` (see class_attributes)
        self._attrs: dict[str, list[tuple[Binding, Scope]]] | None = None
        self._positions: dict[int, Pos] = {}  # id(statement) -> its position (with the bindings)
        self._loops: set[int] = set()          # sequence numbers of the loops

    # -- bindings -------------------------------------------------------------------------------
    def bindings(self) -> dict[str, list[Binding]]:
        """Name -> what this scope's own statements bind it to (collected on first use)."""
        if self._bindings is None:
            self._bindings = {}
            _Collector(self).collect()
        return self._bindings

    def forget(self) -> None:
        """Drop the class attributes collected (they name this scope and its methods' scopes, whose
        parent it is: a cycle that would keep the tree alive; FileContext.close)."""
        self._attrs = None

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

    # -- positions ------------------------------------------------------------------------------
    def position_in(self, path: Iterable[cst.CSTNode]) -> Pos | None:
        """The position of the innermost statement of this scope among ``path`` (a node's
        ancestors, outermost first), or None when none of them is a statement of this scope."""
        self.bindings()
        positions = self._positions
        for node in reversed(path if isinstance(path, list) else list(path)):
            found = positions.get(id(node))
            if found is not None:
                return found
        return None

    def reaching(self, values: list[Binding], at: Pos) -> Binding | None:
        """The one binding among ``values`` (all of this scope) that reaches a use at ``at`` in
        straight-line code; None when the text does not settle it (a branch, a loop, no position)."""
        seq, path = at
        around = path + (seq,)
        best: Binding | None = None
        for value in values:
            if value.pos is None:
                return None
            if value.pos[0] < seq and (best is None or value.pos[0] > best.pos[0]):  # type: ignore[index]
                best = value
        if best is None:
            return None
        best_path = best.pos[1]  # type: ignore[index]
        if around[:len(best_path)] != best_path:
            return None  # bound in a branch that the use is not inside
        loops = [s for s in around if s in self._loops]
        if loops:
            for value in values:
                # bound later in a loop that also holds the use: it reaches the next iteration
                if value.pos[0] > seq and any(s in value.pos[1] for s in loops):  # type: ignore[index]
                    return None
        return best

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


_PARAMS: Pos = (0, ())


def _is_type_checking(test: cst.BaseExpression) -> bool:
    """``if TYPE_CHECKING:`` / ``if typing.TYPE_CHECKING:``."""
    return (isinstance(test, cst.Name) and test.value == "TYPE_CHECKING") or (
        isinstance(test, cst.Attribute) and test.attr.value == "TYPE_CHECKING")


class _Collector:
    """Collects the names a scope binds, from its own statements only (not nested defs' bodies),
    with the position of each statement and binding."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope
        self.seq = 0
        self.path: tuple[int, ...] = ()
        self.pos: Pos = _PARAMS

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

    def bind(self, name: str, value: Binding) -> None:
        self.scope.bind(name, value._replace(pos=self.pos))

    def _enter(self, stmt: cst.CSTNode) -> int:
        """Number the statement (text order) and make it the current position."""
        self.seq += 1
        self.pos = (self.seq, self.path)
        self.scope._positions[id(stmt)] = self.pos
        return self.seq

    def _params(self, params: cst.Parameters) -> None:
        bind = self.bind
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
        seq = self._enter(stmt)
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            self.bind(stmt.name.value, Binding(REF, ref=Ref(DEF, stmt)))
            return
        if isinstance(stmt, (cst.For, cst.While)):
            self.scope._loops.add(seq)
        if isinstance(stmt, cst.For):
            self._targets(stmt.target, _UNKNOWN)
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                if item.asname is not None:
                    self._targets(item.asname.name, Binding(WITH, item.item))
        outer = self.path
        self.path = outer + (seq,)
        try:
            self._inner_blocks(stmt)
        finally:
            self.path = outer

    def _inner_blocks(self, stmt: cst.CSTNode) -> None:
        if isinstance(stmt, cst.Try) or isinstance(stmt, getattr(cst, "TryStar", cst.Try)):
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
        if isinstance(stmt, cst.If) and _is_type_checking(stmt.test):
            return  # the names under `if TYPE_CHECKING:` are what annotations mean; skip the else
        orelse = getattr(stmt, "orelse", None)
        while orelse is not None:
            if isinstance(orelse, cst.If):  # elif
                self._block(orelse.body)
                orelse = orelse.orelse
            else:
                self._block(orelse.body)
                orelse = None

    def _small(self, statements: Iterable[cst.BaseSmallStatement]) -> None:
        bind = self.bind
        for small in statements:
            self._enter(small)
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    self._assign(target.target, small.value)
            elif isinstance(small, cst.AnnAssign):
                value = (Binding(EXPR, small.value, annotation=small.annotation.annotation)
                         if small.value is not None else Binding(ANNOTATION, small.annotation.annotation))
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

    def _assign(self, target: cst.CSTNode, value: cst.BaseExpression) -> None:
        """``a = v``, and ``a, b = v1, v2`` element by element (a display of the same length)."""
        if isinstance(target, (cst.Tuple, cst.List)) and isinstance(value, (cst.Tuple, cst.List)):
            targets, values = target.elements, value.elements
            if (len(targets) == len(values) and not any(isinstance(e, cst.StarredElement) for e in targets)
                    and not any(isinstance(e, cst.StarredElement) for e in values)):
                for t, v in zip(targets, values, strict=True):
                    self._assign(t.value, v.value)
                return
        self._targets(target, Binding(EXPR, value))

    def _targets(self, target: cst.CSTNode, value: Binding) -> None:
        if isinstance(target, cst.Name):
            if target.value not in self.scope._globals:
                self.bind(target.value, value)
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
    """Resolves expressions to :class:`Ref` values within a scope, with the catalogue's type tables
    (:class:`TypeTables`).

    ``at`` says where the expression is used (see :data:`At`): with it, a name bound several
    times in the scope that is resolving it means the binding that reaches that place.
    """

    def __init__(self, types: TypeTables) -> None:
        self._types = types
        self._busy: set[int] = set()
        self._parsed: dict[str, cst.BaseExpression | None] = {}  # string annotations
        self._class_scopes: dict[int, Scope] = {}                # id(ClassDef) -> its scope

    def class_scopes(self) -> list[Scope]:
        """The scopes this resolver made for classes it looked into."""
        return list(self._class_scopes.values())

    # -- entry points ---------------------------------------------------------------------------
    def resolve(self, expr: cst.CSTNode, scope: Scope, at: At = None) -> Ref | None:
        key = id(expr)
        if key in self._busy:  # a binding that refers to itself
            return None
        self._busy.add(key)
        try:
            return self._resolve(expr, scope, at)
        finally:
            self._busy.discard(key)

    def qualified_name(self, expr: cst.CSTNode, scope: Scope, at: At = None) -> str | None:
        ref = self.resolve(expr, scope, at)
        return ref.value if ref is not None and ref.kind == NAME else None  # type: ignore[return-value]

    def type_of(self, expr: cst.CSTNode, scope: Scope, at: At = None) -> str | None:
        ref = self.resolve(expr, scope, at)
        return ref.value if ref is not None and ref.kind == INSTANCE else None  # type: ignore[return-value]

    def lookup(self, name: str, scope: Scope, at: At = None) -> Ref | None:
        """What a bare name means at ``scope`` (LEGB, class bodies skipped for nested functions)."""
        found = self._bindings_of(name, scope)
        if found is None:
            return Ref(NAME, f"builtins.{name}") if name in _BUILTINS else None
        bound, current, first = found
        if first and len(bound) > 1 and at is not None:
            pos = at(current) if callable(at) else at
            chosen = current.reaching(bound, pos) if pos is not None else None
            if chosen is not None:
                return self._binding(chosen, current)
        return self._merge(bound, current)

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

    def _bindings_of(self, name: str, scope: Scope) -> tuple[list[Binding], Scope, bool] | None:
        """The bindings of ``name`` a use at ``scope`` sees, their scope, and whether it is ``scope``."""
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind == "class" and not first:
                current = current.parent
                continue
            if name in current._globals:
                current = _module_of(current)
                first = False
                continue
            bound = current.bindings().get(name)
            if bound is not None:
                return bound, current, first
            first = False
            current = current.parent
        return None

    def binding_scope(self, name: str, scope: Scope) -> Scope | None:
        """The scope whose binding of ``name`` a use at ``scope`` sees (None: a builtin or unbound)."""
        found = self._bindings_of(name, scope)
        return found[1] if found is not None else None

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
            if value.annotation is not None:  # x: T = v: the annotation, when the catalogue knows T
                declared = self._annotation(value.annotation, scope)
                if declared is not None and declared.kind == INSTANCE and self._types.known_class(
                        declared.value):  # type: ignore[arg-type]
                    return declared
            return self.resolve(expr, scope, value.pos)
        if kind == WITH:
            ref = self.resolve(expr, scope, value.pos)
            # a catalogue class's __enter__ returns the object itself (a class of this file may not)
            return ref if ref is not None and ref.kind == INSTANCE else None
        if kind == ANNOTATION:
            return self._annotation(expr, scope)
        return None

    def _annotation(self, expr: cst.CSTNode, scope: Scope) -> Ref | None:
        """The instance an annotation declares: ``X``, ``"X"``, ``Optional[X]``, ``X | None``,
        ``Union[X, None]``, ``Annotated[X, ...]``, or a name bound to one of those."""
        if isinstance(expr, cst.SimpleString):
            parsed = self._parse(expr)
            return self._annotation(parsed, scope) if parsed is not None else None
        if isinstance(expr, cst.Subscript):
            base = self.qualified_name(expr.value, scope)
            elements = [e.slice.value for e in expr.slice if isinstance(e.slice, cst.Index)]
            if not elements:
                return None
            if base in _ANNOTATED:
                return self._annotation(elements[0], scope)
            if base in _OPTIONAL and len(elements) == 1:
                return self._annotation(elements[0], scope)
            if base in _UNION:
                return self._one_of(elements, scope)
            return None
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.BitOr):
            return self._one_of([expr.left, expr.right], scope)
        ref = self.resolve(expr, scope)
        if ref is None:
            return self._alias_annotation(expr, scope)
        if ref.kind == NAME:
            name = self._types.canonical(ref.value)  # type: ignore[arg-type]
            return Ref(INSTANCE, name) if not name.startswith("builtins.") else None
        if ref.kind == DEF and isinstance(ref.value, cst.ClassDef):
            return self._object_of(ref.value, scope)
        return None

    def _one_of(self, elements: list[cst.BaseExpression], scope: Scope) -> Ref | None:
        """A union: the one member that is not None (two different members: unknown)."""
        result: Ref | None = None
        for element in elements:
            if isinstance(element, cst.Name) and element.value == "None":
                continue
            ref = self._annotation(element, scope)
            if ref is None or (result is not None and ref != result):
                return None
            result = ref
        return result

    def _alias_annotation(self, expr: cst.CSTNode, scope: Scope) -> Ref | None:
        """``SessionDep = Annotated[Session, Depends(get_db)]`` then ``db: SessionDep``."""
        if not isinstance(expr, cst.Name):
            return None
        owner = self.binding_scope(expr.value, scope)
        values = owner.bindings().get(expr.value) if owner is not None else None
        if owner is None or not values or len(values) != 1 or values[0].kind != EXPR:
            return None
        value = values[0].node
        if isinstance(value, (cst.Subscript, cst.BinaryOperation, cst.SimpleString)):
            return self._annotation(value, owner)  # type: ignore[arg-type]
        return None

    def _parse(self, string: cst.SimpleString) -> cst.BaseExpression | None:
        text = string.evaluated_value
        if not isinstance(text, str):
            return None
        if text not in self._parsed:
            try:
                self._parsed[text] = cst.parse_expression(text.strip())
            except Exception:  # libcst raises ParserSyntaxError, and others on odd input
                self._parsed[text] = None
        return self._parsed[text]

    def _resolve(self, expr: cst.CSTNode, scope: Scope, at: At) -> Ref | None:
        if isinstance(expr, cst.Name):
            if scope.method_kind() is not None and expr.value == scope.first_param():
                return Ref(SELF, scope.parent)
            ref = self.lookup(expr.value, scope, at)
            if ref is None and scope.kind in ("function", "lambda"):
                # self used inside a nested function or lambda of a method
                method = _enclosing_method(scope)
                if method is not None and expr.value == method.first_param() and not _binds(scope, expr.value, method):
                    return Ref(SELF, method.parent)
            return ref
        if isinstance(expr, cst.Attribute):
            base = self.resolve(expr.value, scope, at)
            if base is None:
                return None
            return self._member(base, expr.attr.value, scope)
        if isinstance(expr, cst.Call):
            return self._call(expr, scope, at)
        if isinstance(expr, cst.Await):
            inner = expr.expression
            if isinstance(inner, cst.Call):
                callee = self.resolve(inner.func, scope, at)
                if callee is not None and callee.kind == DEF and isinstance(callee.value, cst.FunctionDef) \
                        and callee.value.asynchronous is not None:
                    return self._returned(callee.value, scope)
            return None
        if isinstance(expr, cst.IfExp):
            # `Path(p) if local else None`: the object, where it is one (a method call on None fails)
            sides = [side for side in (expr.body, expr.orelse)
                     if not (isinstance(side, cst.Name) and side.value == "None")]
            refs = {self.resolve(side, scope, at) for side in sides}
            return refs.pop() if len(refs) == 1 else None
        if isinstance(expr, cst.Subscript):
            base = self.resolve(expr.value, scope, at)
            if base is not None and base.kind == INSTANCE:
                cls = self._types.attribute_type(f"{base.value}.__getitem__")
                return Ref(INSTANCE, cls) if cls is not None else None
            return None
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Divide):
            left = self.resolve(expr.left, scope, at)
            if left is not None and left.kind == INSTANCE:
                cls = self._types.attribute_type(f"{left.value}.__truediv__")
                return Ref(INSTANCE, cls) if cls is not None else None
        return None

    def _member(self, base: Ref, attr: str, scope: Scope) -> Ref | None:
        """What ``base.attr`` is."""
        if base.kind == NAME:
            full = f"{base.value}.{attr}"
            cls = self._types.module_instance(full)
            return Ref(INSTANCE, cls) if cls is not None else Ref(NAME, full)
        if base.kind == INSTANCE:
            member = f"{base.value}.{attr}"
            cls = self._types.attribute_type(member)
            return Ref(INSTANCE, cls) if cls is not None else Ref(NAME, member)
        if base.kind in (SELF, OBJECT):
            return self._class_attribute(base.value, attr)  # type: ignore[arg-type]
        return None

    def _call(self, call: cst.Call, scope: Scope, at: At) -> Ref | None:
        callee = self.resolve(call.func, scope, at)
        if callee is None:
            return None
        if callee.kind == NAME:
            cls = self._types.returns_for(callee.value, call,  # type: ignore[arg-type]
                                          lambda arg: self.type_of(arg, scope, at))
            return Ref(INSTANCE, cls) if cls is not None else None
        if callee.kind == INSTANCE:  # calling an object: `SessionLocal()` of a sessionmaker
            cls = self._types.returns_for(f"{callee.value}.__call__", call,
                                          lambda arg: self.type_of(arg, scope, at))
            return Ref(INSTANCE, cls) if cls is not None else None
        if callee.kind == DEF:
            node = callee.value
            if isinstance(node, cst.ClassDef):
                return self._object_of(node, scope)
            if isinstance(node, cst.FunctionDef) and node.asynchronous is None:
                return self._returned(node, scope)
        return None

    def _returned(self, function: cst.FunctionDef, scope: Scope) -> Ref | None:
        """The instance a function of this file returns, by its return annotation; for a
        ``@contextmanager`` generator, what its ``with`` gives (``Iterator[X]`` -> X)."""
        if function.returns is None:
            return None
        annotation = function.returns.annotation
        module = _module_of(scope)
        if any(_decorator_name(d) in _CONTEXT_MANAGER_DECORATORS for d in function.decorators):
            element = self._element(annotation, module)
            if element is None:
                return None
            annotation = element
        ref = self._annotation(annotation, module)
        return ref if ref is not None and ref.kind in (INSTANCE, OBJECT) else None

    def _element(self, annotation: cst.BaseExpression, scope: Scope) -> cst.BaseExpression | None:
        """X of ``Iterator[X]`` / ``Generator[X, ...]`` / ``ContextManager[X]`` (and async forms)."""
        if isinstance(annotation, cst.SimpleString):
            parsed = self._parse(annotation)
            return self._element(parsed, scope) if parsed is not None else None
        if not isinstance(annotation, cst.Subscript) or not annotation.slice:
            return None
        first = annotation.slice[0].slice
        return first.value if isinstance(first, cst.Index) else None

    def _object_of(self, node: cst.ClassDef, scope: Scope) -> Ref | None:
        """An instance of a class of this file (``svc = Service()``, ``svc: Service``)."""
        class_scope = self._class_scopes.get(id(node))
        if class_scope is None:
            owner = self.binding_scope(node.name.value, scope) or _module_of(scope)
            class_scope = self._class_scopes[id(node)] = Scope("class", node, owner)
        return Ref(OBJECT, class_scope)

    def _class_attribute(self, class_scope: Scope, attr: str) -> Ref | None:
        attrs = class_attributes(class_scope)
        values = attrs.get(attr)
        if not values:
            return self._inherited(class_scope, attr)
        result: Ref | None = None
        for value, scope in values:
            ref = self._binding(value, scope)
            if ref is not None and ref.kind == DEF and isinstance(ref.value, cst.FunctionDef) and any(
                    _decorator_name(d) in _PROPERTY_DECORATORS for d in ref.value.decorators):
                ref = self._returned(ref.value, class_scope)  # a property: what it returns
            if ref is None or (result is not None and ref != result):
                return None
            result = ref
        return result

    def _inherited(self, class_scope: Scope, attr: str) -> Ref | None:
        """An attribute the class does not define, from a catalogue class it derives from
        (``class Api(requests.Session)``: ``self.get`` is ``requests.Session.get``)."""
        node = class_scope.node
        if not isinstance(node, cst.ClassDef) or class_scope.parent is None:
            return None
        for base in node.bases:
            if base.keyword is not None:
                continue
            name = self.qualified_name(base.value, class_scope.parent)
            if name is not None:
                canonical = self._types.canonical(name)
                if self._types.known_class(canonical):
                    return self._member(Ref(INSTANCE, canonical), attr, class_scope)
        return None


_OPTIONAL = frozenset({"typing.Optional", "typing_extensions.Optional"})
_UNION = frozenset({"typing.Union", "typing_extensions.Union"})
_ANNOTATED = frozenset({"typing.Annotated", "typing_extensions.Annotated"})
_PROPERTY_DECORATORS = frozenset({"property", "cached_property", "functools.cached_property"})
_CONTEXT_MANAGER_DECORATORS = frozenset({"contextmanager", "contextlib.contextmanager", "asynccontextmanager",
                                         "contextlib.asynccontextmanager"})


def _decorator_name(decorator: cst.Decorator) -> str | None:
    """The decorator's dotted spelling (``property``, ``functools.cached_property``)."""
    return _dotted(decorator.decorator)


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


_BODY_HOLDERS = frozenset({cst.SimpleStatementLine, cst.IndentedBlock, cst.SimpleStatementSuite, cst.If, cst.Else,
                           cst.For, cst.While, cst.With, cst.Try, cst.ExceptHandler, cst.Finally})


def _self_assignments(body: cst.CSTNode, owner: str) -> Iterator[tuple[str, Binding]]:
    """``owner.X = value`` / ``owner.X: T`` anywhere in a method body, outside nested scopes."""
    stack: list[cst.CSTNode] = [body]
    while stack:
        node = stack.pop()
        kind = node.__class__  # (exact classes: isinstance of libcst's ABCs costs more)
        if kind is cst.FunctionDef or kind is cst.ClassDef or kind is cst.Lambda:
            continue
        if kind is cst.Assign:
            for target in node.targets:  # type: ignore[attr-defined]
                name = _owned(target.target, owner)
                if name is not None:
                    yield name, Binding(EXPR, node.value)  # type: ignore[attr-defined]
        elif kind is cst.AnnAssign:
            name = _owned(node.target, owner)  # type: ignore[attr-defined]
            if name is not None:
                value, annotation = node.value, node.annotation.annotation  # type: ignore[attr-defined]
                yield name, (Binding(EXPR, value, annotation=annotation)
                             if value is not None else Binding(ANNOTATION, annotation))
        elif kind is cst.AugAssign:
            name = _owned(node.target, owner)  # type: ignore[attr-defined]
            if name is not None:
                yield name, _UNKNOWN
        if kind in _BODY_HOLDERS:
            for name in ("body", "orelse", "handlers", "finalbody"):
                child = getattr(node, name, None)
                if isinstance(child, (list, tuple)):
                    stack.extend(child)
                elif isinstance(child, cst.CSTNode):
                    stack.append(child)


def _owned(target: cst.CSTNode, owner: str) -> str | None:
    if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == owner:
        return target.attr.value
    return None
