"""The one walk over a libcst tree, and the visitor classes that ride on it.

libcst's visitor machinery and its metadata providers cost several times the parse (see
docs/performance.md), so the engine walks node fields itself, skipping whitespace and punctuation,
and dispatches each node to the visitors that named its type. Everything that must see nodes in the
engine's order (rules, collectors, the project phase's call locator) walks with :class:`Walker`:
call ordinals recorded in one walk find the same calls in another.

Order: a node's ``visit_`` handlers, its children, its ``leave_`` handlers. A ``def``, ``lambda``
or ``class`` is special: its decorators, parameters, annotations and bases are evaluated in the
enclosing scope, so they are walked after the node's visitors and before its body, with the scope
hooks telling a subclass which scope each part belongs to.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache
from typing import Any, Callable, ClassVar

import libcst as cst

_SKIP_FIELDS = frozenset({
    "lpar", "rpar", "comma", "colon", "semicolon", "leading_lines", "lines_after_decorators", "header",
    "footer", "trailing_whitespace", "equal", "dot", "lbrace", "rbrace", "lbracket", "rbracket",
    "newline", "operator", "asynchronous", "first_colon", "second_colon", "separator", "empty_lines",
    "default_indent", "default_newline", "encoding", "has_trailing_newline", "posonly_ind",
    "trailing_comma", "comment", "indent", "first_line", "last_line", "leading_whitespace", "relative",
    "conversion", "star", "type_parameters",
})
# Fields of scope-making nodes that are evaluated in the enclosing scope (their body is inside).
OUTER_FIELDS: dict[type, tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "params", "returns"),
    cst.ClassDef: ("decorators", "bases", "keywords"),
    cst.Lambda: ("params",),
}
SCOPE_KINDS: dict[type, str] = {cst.FunctionDef: "function", cst.ClassDef: "class", cst.Lambda: "lambda"}
_BODY = ("body",)


def _all_node_types() -> frozenset[type]:
    found: set[type] = set()
    stack: list[type] = [cst.CSTNode]
    while stack:
        cls = stack.pop()
        found.add(cls)
        stack.extend(cls.__subclasses__())
    return frozenset(found)


# Set membership by exact class: isinstance() against libcst's ABCs costs several times more.
NODE_TYPES = _all_node_types()


@lru_cache(maxsize=None)
def fields(node_type: type) -> tuple[str, ...]:
    """The fields of a node type that the walk descends into (a scope-making node: its body)."""
    if node_type in OUTER_FIELDS:
        return _BODY
    return tuple(f.name for f in dataclasses.fields(node_type)
                 if f.name not in _SKIP_FIELDS and not f.name.startswith("whitespace"))


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The children the walk visits: no whitespace or punctuation; for a def, lambda or class only
    its body (its decorators, parameters and bases belong to the enclosing scope)."""
    out: list[cst.CSTNode] = []
    for name in fields(node.__class__):
        value = getattr(node, name)
        cls = value.__class__
        if cls is tuple or cls is list:
            out.extend(value)
        elif cls in NODE_TYPES:
            out.append(value)
    return out


class DeclarationError(TypeError):
    """A visitor class names a handler for a node type libcst does not have."""


class Visitor:
    """Something that rides on the walk: ``visit_Call(self, node)`` runs when the walk enters a
    ``libcst.Call``, ``leave_FunctionDef(self, node)`` when it leaves a function.

    The handler tables are built once per class, when it is created.
    """

    visitors: ClassVar[dict[type[cst.CSTNode], str]] = {}
    leavers: ClassVar[dict[type[cst.CSTNode], str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.visitors = {}
        cls.leavers = {}
        for attr in dir(cls):
            for prefix, table in (("visit_", cls.visitors), ("leave_", cls.leavers)):
                if attr.startswith(prefix):
                    node_type = getattr(cst, attr[len(prefix):], None)
                    if not (isinstance(node_type, type) and issubclass(node_type, cst.CSTNode)):
                        raise DeclarationError(f"{cls.__name__}.{attr}: no libcst node {attr[len(prefix):]}")
                    table[node_type] = attr


Handlers = dict[type, list[Callable[[Any], None]]]


def dispatch(visitors: list[Visitor]) -> tuple[Handlers, Handlers]:
    """The walk's dispatch tables for these visitor instances, in their order."""
    enter: Handlers = {}
    leave: Handlers = {}
    for visitor in visitors:
        for node_type, method in visitor.visitors.items():
            enter.setdefault(node_type, []).append(getattr(visitor, method))
        for node_type, method in visitor.leavers.items():
            leave.setdefault(node_type, []).append(getattr(visitor, method))
    return enter, leave


_LEAVE, _LEAVE_SCOPED, _SCOPE = object(), object(), object()


class Walker:
    """Walks a tree, calling the handlers of each node type; ``parents`` is the path to the node.

    Subclasses that track scopes override :meth:`open_scope` and :meth:`set_scope`.
    """

    __slots__ = ("visitors", "leavers", "parents")

    def __init__(self, visitors: Handlers, leavers: Handlers, parents: list[cst.CSTNode] | None = None) -> None:
        self.visitors = visitors
        self.leavers = leavers
        self.parents = parents if parents is not None else []

    def open_scope(self, node: cst.CSTNode, kind: str) -> tuple[Any, Any]:
        """(the scope ``node`` opens, the scope around it), as ``set_scope`` takes them."""
        return None, None

    def set_scope(self, scope: Any) -> None:
        pass

    def walk(self, root: cst.CSTNode) -> None:
        """Walk ``root``'s tree, without recursion (a deep tree such as a long implicit string
        concatenation is walked like any other): a stack of nodes to enter and of markers that
        leave a node or set the scope."""
        visitors = self.visitors
        leavers = self.leavers
        parents = self.parents
        node_types = NODE_TYPES
        scope_kinds = SCOPE_KINDS
        stack: list[Any] = [root]
        push = stack.append
        pop = stack.pop
        while stack:
            node = pop()
            node_type = node.__class__
            if node_type is tuple:  # a marker: (_LEAVE, node) | (_LEAVE_SCOPED, node, outer) | (_SCOPE, scope)
                marker = node[0]
                if marker is _SCOPE:
                    self.set_scope(node[1])
                    continue
                left = node[1]
                handlers = leavers.get(left.__class__)
                if handlers:
                    for handler in handlers:
                        handler(left)
                if marker is _LEAVE_SCOPED:
                    self.set_scope(node[2])
                parents.pop()
                continue
            parents.append(node)
            kind = scope_kinds.get(node_type)
            if kind is None:
                handlers = visitors.get(node_type)
                if handlers:
                    for handler in handlers:
                        handler(node)
                push((_LEAVE, node))
                names = fields(node_type)
            else:
                inner, outer = self.open_scope(node, kind)
                # Visitors see the node's own scope (so "in a coroutine" inside visit_FunctionDef is about it).
                self.set_scope(inner)
                handlers = visitors.get(node_type)
                if handlers:
                    for handler in handlers:
                        handler(node)
                self.set_scope(outer)
                push((_LEAVE_SCOPED, node, outer))
                self._push_children(node, _BODY, push, node_types)
                push((_SCOPE, inner))
                names = OUTER_FIELDS[node_type]
            self._push_children(node, names, push, node_types)

    @staticmethod
    def _push_children(node: cst.CSTNode, names: tuple[str, ...], push: Callable[[Any], None],
                       node_types: frozenset[type]) -> None:
        """Push the children of these fields so that they are entered in order."""
        for name in reversed(names):
            value = getattr(node, name)
            cls = value.__class__
            if cls is tuple or cls is list:
                for child in reversed(value):
                    push(child)
            elif cls in node_types:
                push(value)
