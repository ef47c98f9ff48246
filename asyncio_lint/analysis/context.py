"""FileContext: what every rule may ask about the place the engine's walk has reached.

One FileContext per file. The walk (:class:`ContextWalker`) keeps ``scope`` and ``parents`` current;
rules ask ``in_coroutine``, ``qualified_name(expr)``, ``call_name(call)`` and ``type_of(expr)``.
Answers are memoised per node, so the AIO1xx rules that all look at the same call pay for one
resolution.

A :class:`Collector` gathers facts in the same walk for the rules that declare it (the per-file
summary of the helper-chain rules, the imports of the CPU rules); rules read it with
``context.collected(CollectorClass)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar

import libcst as cst

from asyncio_lint.analysis.data.loops import FOREIGN_DRIVERS
from asyncio_lint.analysis.names import DEF, INSTANCE, NAME, Pos, Ref, Resolver, Scope, dotted_name
from asyncio_lint.tree import Handlers, Visitor, Walker

if TYPE_CHECKING:
    from asyncio_lint.analysis.catalogue import Catalogue
    from asyncio_lint.config import Config
    from asyncio_lint.parse import Unparsed


class Collector(Visitor):
    """Gathers facts about a file in the engine's walk, for the rules that declare it in
    ``COLLECTORS``. Its handlers run before any rule's, so a rule's ``leave_Module`` sees the
    finished facts. One instance per file."""

    # As Rule.STATEMENT_TRIGGERS: what a top-level def that names nothing of the module must
    # contain for the collector to record anything of it beyond its binding (parse.Unparsed).
    STATEMENT_TRIGGERS: ClassVar[tuple[str, ...] | None] = None

    def __init__(self, context: "FileContext") -> None:
        self.context = context

    def file_summary(self) -> object | None:
        """What the file's result keeps for the project phase (at most one collector gives one)."""
        return None


class Reporter(Protocol):
    """What reports a finding: a rule (its code, name and message template)."""

    CODE: ClassVar[str]
    NAME: ClassVar[str]
    MESSAGE: ClassVar[str]


@dataclass
class PendingFinding:
    reporter: Reporter
    node: cst.CSTNode
    message: str | None
    params: dict[str, Any]
    confidence: str = "likely"
    # The top-level statement the walk was in when it was reported (where its position is looked
    # for first, when the module was parsed in pieces); None at module level.
    top: cst.CSTNode | None = None
    # How to fix it: a function of an analysis.fixes.Rewriter returning a Plan (or None).
    fix: Any = None


_C = TypeVar("_C", bound=Collector)


@dataclass
class FileContext:
    path: str
    module: cst.Module
    config: "Config"
    catalogue: "Catalogue"
    # The codes of the rules selected for this run (collectors adapt to them).
    selected: frozenset[str] = frozenset()
    raw: bytes = b""  # the file's bytes
    module_name: str | None = None  # its dotted module name, when the caller knows it (an installed module)
    library: bool = False  # an installed library's module, summarised for the project phase
    unparsed: tuple["Unparsed", ...] = ()  # top-level defs the parser left out (parse.inert_defs)
    scope: Scope = field(init=False)
    parents: list[cst.CSTNode] = field(default_factory=list)
    pending: list[PendingFinding] = field(default_factory=list)
    # Per-file memo space for analyses shared by several rules of a family.
    memo: dict[Any, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.module_scope = Scope("module", self.module, None)
        self.scope = self.module_scope
        self.resolver = Resolver(self.catalogue)
        self._call_names: dict[int, str | None] = {}
        self._resolved: dict[tuple[int, int], tuple[cst.CSTNode, cst.CSTNode | None, Ref | None]] = {}
        self._collectors: dict[type, Collector] = {}
        self._scopes: list[Scope] = []  # those the walk opened (see close)

    def close(self) -> None:
        """Let go of what the walk built, once the file's findings and summary are out. The rules
        and collectors that hold this context are held by it (its memo, its pending findings), and
        class scopes by their methods' scopes: left as they are, such cycles keep the whole tree
        alive until a full garbage collection, which costs far more than freeing it now."""
        for scope in (*self._scopes, *self.resolver.class_scopes()):
            scope.forget()
        self._scopes.clear()
        self.memo.clear()
        self.pending.clear()
        self.parents.clear()
        self._collectors.clear()
        self._resolved.clear()
        self._call_names.clear()

    # -- collectors -----------------------------------------------------------------------------
    def add_collector(self, collector: Collector) -> None:
        self._collectors[type(collector)] = collector

    def collected(self, kind: type[_C]) -> _C | None:
        """The collector of this class walking with the rules (None if no selected rule needs it)."""
        found = self._collectors.get(kind)
        return found if isinstance(found, kind) else None

    # -- where we are ---------------------------------------------------------------------------
    @property
    def in_coroutine(self) -> bool:
        """True when the nearest enclosing function is an ``async def`` (no nested def/lambda/class)."""
        return self.scope.is_async

    @property
    def on_event_loop(self) -> bool:
        """In a coroutine that an asyncio event loop runs: not one of a module that imports a
        foreign driver's API (``data/loops.FOREIGN_DRIVERS``: ESPHome's code generation)."""
        return self.scope.is_async and self.foreign_driver is None

    @cached_property
    def foreign_driver(self) -> str | None:
        """What runs this module's coroutines instead of an event loop, if its imports say so."""
        return foreign_driver(self.module)

    @property
    def parent(self) -> cst.CSTNode | None:
        """The parent of the node being visited."""
        return self.parents[-2] if len(self.parents) > 1 else None

    @property
    def function(self) -> cst.FunctionDef | None:
        """The innermost enclosing ``def``/``async def`` (None at module level or in a class body)."""
        scope = self.scope
        return scope.node if scope.kind == "function" else None  # type: ignore[return-value]

    # -- what names mean ------------------------------------------------------------------------
    # Without a scope, the expression is taken to be at the walk's current node: a name bound
    # several times is then resolved to the binding that reaches it (names.Scope.reaching).
    def here(self, scope: Scope) -> "Pos | None":
        """Where the walk is, as a position in ``scope`` (None when it is not in that scope)."""
        return scope.position_in(self.parents)

    def resolve(self, expr: cst.CSTNode, scope: Scope | None = None) -> Ref | None:
        if scope is not None:
            return self.resolver.resolve(expr, scope)
        # Several rules and the summary ask about the same callee at the same node of the walk,
        # where the answer is the same (the memo holds the nodes: their ids stay theirs).
        current = self.parents[-1] if self.parents else None
        key = (id(expr), id(current))
        found = self._resolved.get(key)
        if found is not None and found[0] is expr and found[1] is current:
            return found[2]
        ref = self.resolver.resolve(expr, self.scope, self.here)
        self._resolved[key] = (expr, current, ref)
        return ref

    def qualified_name(self, expr: cst.CSTNode, scope: Scope | None = None) -> str | None:
        ref = self.resolve(expr, scope)
        return ref.value if ref is not None and ref.kind == NAME else None  # type: ignore[return-value]

    def type_of(self, expr: cst.CSTNode, scope: Scope | None = None) -> str | None:
        """The class of the instance ``expr`` evaluates to, when the analysis can see it."""
        ref = self.resolve(expr, scope)
        return ref.value if ref is not None and ref.kind == INSTANCE else None  # type: ignore[return-value]

    def assigned(self, expr: cst.CSTNode, scope: Scope | None = None) -> list[tuple[cst.CSTNode, Scope]] | None:
        """The expressions a name or ``self.X`` is assigned (with their scopes), if all are ``=``."""
        return self.resolver.assigned(expr, scope or self.scope)

    def local_definition(self, expr: cst.CSTNode, scope: Scope | None = None) -> cst.CSTNode | None:
        """The ``def``/``class`` node of this file that ``expr`` names (``f``, ``self.m``), if any."""
        ref = self.resolve(expr, scope)
        return ref.value if ref is not None and ref.kind == DEF else None  # type: ignore[return-value]

    def call_name(self, call: cst.Call) -> str | None:
        """Qualified name of the callee: ``time.sleep``, ``requests.Session.get``, ``builtins.open``."""
        key = id(call)
        try:
            return self._call_names[key]
        except KeyError:
            name = self.qualified_name(call.func)
            self._call_names[key] = name
            return name

    def code_of(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)

    # -- output ---------------------------------------------------------------------------------
    def add_finding(self, reporter: Reporter, node: cst.CSTNode, message: str | None, params: dict[str, Any],
                    confidence: str = "likely", fix: Any = None) -> None:
        parents = self.parents
        self.pending.append(PendingFinding(reporter, node, message, params, confidence,
                                           parents[1] if len(parents) > 1 else None, fix))

    def walk(self, visitors: Handlers, leavers: Handlers) -> None:
        """Walk the module with these handlers, keeping ``scope`` and ``parents`` current."""
        ContextWalker(self, visitors, leavers).walk(self.module)


def foreign_driver(module: cst.Module) -> str | None:
    """``FOREIGN_DRIVERS``' reason when a top-level ``import X`` / ``from P import M`` of the module
    names one of its modules."""
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            for name in _imported_modules(small):
                if name in FOREIGN_DRIVERS:
                    return FOREIGN_DRIVERS[name]
    return None


def _imported_modules(statement: cst.BaseSmallStatement) -> list[str | None]:
    if isinstance(statement, cst.Import):
        return [dotted_name(alias.name) for alias in statement.names]
    if isinstance(statement, cst.ImportFrom) and statement.module is not None and not statement.relative:
        base = dotted_name(statement.module)
        names = [] if isinstance(statement.names, cst.ImportStar) else statement.names
        return [base] + [f"{base}.{alias.name.value}" for alias in names if isinstance(alias.name, cst.Name)]
    return []


class ContextWalker(Walker):
    """The engine's walk, with the context's scope following it."""

    __slots__ = ("context",)

    def __init__(self, context: FileContext, visitors: Handlers, leavers: Handlers) -> None:
        super().__init__(visitors, leavers, context.parents)
        self.context = context

    def open_scope(self, node: cst.CSTNode, kind: str) -> tuple[Scope, Scope]:
        outer = self.context.scope
        scope = Scope(kind, node, outer)
        self.context._scopes.append(scope)
        return scope, outer

    def set_scope(self, scope: Scope) -> None:
        self.context.scope = scope


__all__ = ["FileContext", "PendingFinding", "Collector", "ContextWalker", "Ref", "NAME", "INSTANCE", "DEF"]
