"""Per-file summaries for the helper-chain rules (AIO120 / AIO220), collected in the engine's walk.

:class:`SummaryCollector` walks with the rules when a helper-chain rule is selected: it sees every
``Call`` the walk reaches, so no second traversal is needed. For each file it records, as plain
typed records (the cache pickles them with the FileResult):

* for every sync function or method: the catalogue calls it makes directly (blocking: family
  ``AIO1``, CPU-bound: ``AIO2``), and the project callables it calls, resolved through imports
  (``from .util import f``, ``import pkg.util as u``, ``self.method()``, a class -> its ``__init__``);
* for every coroutine: its calls of such callables (not catalogue calls, which the per-call rules
  report; ``to_thread(helper)`` passes the helper uncalled, so it is no call site);
* the module's import aliases (``pkg/__init__.py``'s ``from .util import load_settings``) and the
  modules it imports ``*`` from;
* its coroutine functions, its classes' bases and the types of their attributes (annotations,
  ``self.x = Client(...)``, properties), so that a call such as ``update.message.reply_text()``
  can be followed into another module or an installed library;
* the calls whose result is dropped (a bare statement), for AIO505 across files.

A catalogue call or a call made only behind a test of a parameter (``if verbose:``, an early
``return`` on one) or in an exception handler is marked as off the function's main path: a chain
through an installed library counts only along main paths.

Calls are identified by their ordinal in the walk (the n-th ``Call`` the engine visits), not by a
position: positions cost a pass over the module (docs/performance.md), and only the few calls that
become findings need one. The project phase recovers positions from ordinals by walking again.
"""

from __future__ import annotations

import os
import sys
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

import libcst as cst

from asyncio_lint.analysis.blocking import blocking_call
from asyncio_lint.analysis.context import Collector
from asyncio_lint.analysis.cpu import cpu_call, fix_for
from asyncio_lint.analysis.names import ANNOTATION, DEF, EXPR, INSTANCE, NAME, WITH, Binding, dotted_name
from asyncio_lint.analysis.once import rarely_run
from asyncio_lint.analysis.syntax import NO_LITERAL, block_exit, literal_value
from asyncio_lint.analysis.records import (
    SUMMARY_VERSION, CallSite, CatalogueCall, Condition, DroppedCall, FunctionSummary, ModuleSummary)
from asyncio_lint.codes import families, followed_kinds, phases
from asyncio_lint.modules import module_names
from asyncio_lint.tree import child_nodes

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.analysis.graph import Hit
    from asyncio_lint.config import Config

_STDLIB = frozenset(sys.stdlib_module_names) | {"builtins"}


def absolute(name: str, package: str) -> str:
    """``.util.f`` / ``..x.f`` resolved against ``package`` (the package the module is in)."""
    dots = len(name) - len(name.lstrip("."))
    rest = name[dots:]
    base = package.split(".") if package else []
    if dots > 1:
        base = base[: max(0, len(base) - (dots - 1))]
    return ".".join([*base, rest]) if rest else ".".join(base)


class _Function:
    __slots__ = ("qual", "display", "lazy", "blocking", "calls", "main_calls", "params", "node", "coroutine",
                 "offloaded", "positional", "defaults", "forwarded")

    def __init__(self, qual: str, display: str, node: cst.FunctionDef, coroutine: bool = False) -> None:
        self.coroutine = coroutine
        self.offloaded = False
        positional = (*node.params.posonly_params, *node.params.params)
        self.positional = tuple(p.name.value for p in positional)
        self.defaults: dict[str, object] = {}
        for param in (*positional, *node.params.kwonly_params):
            if param.default is not None:
                value = literal_value(param.default)
                if value is not NO_LITERAL:
                    self.defaults[param.name.value] = value
        self.forwarded: dict[Any, list[tuple[tuple[Condition, ...], tuple[Any, ...]]]] = {}  # callee -> its calls
        self.qual = qual
        self.display = display
        self.lazy = False
        self.blocking: list[CatalogueCall] = []
        self.calls: set[Any] = set()
        self.main_calls: set[Any] = set()
        self.node = node
        params = node.params
        self.params = frozenset(p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params))

    @classmethod
    def bare(cls, qual: str, display: str, positional: tuple[str, ...], coroutine: bool) -> "_Function":
        """The record of a def with plain parameters that calls nothing the summary follows."""
        record = cls.__new__(cls)
        record.qual, record.display, record.coroutine, record.positional = qual, display, coroutine, positional
        record.offloaded = record.lazy = False
        record.defaults, record.forwarded = {}, {}
        record.blocking, record.calls, record.main_calls = [], set(), set()
        record.params = frozenset(positional)
        return record


_CACHES = frozenset({"functools.lru_cache", "functools.cache"})


def _cached(context: Any, node: cst.FunctionDef) -> bool:
    """A ``functools.cache`` / ``lru_cache`` function: its body runs once per process (no
    parameters: open-webui's cached SSL context), or once per argument set that in practice stays
    fixed (Home Assistant's SSL contexts per cipher list, warmed at import; litellm's keys derived
    from the process's master key), however often a coroutine calls it."""
    for decorator in node.decorators:
        expr = decorator.decorator
        if isinstance(expr, cst.Call):
            expr = expr.func
        if context.qualified_name(expr) in _CACHES:
            return True
    return False


class _Setup(NamedTuple):
    families: frozenset[str]
    kinds: frozenset[str]
    last_names: frozenset[str]  # last components of the catalogue names in force (a cheap pre-test)
    dropped: bool               # record dropped calls (AIO505 across files)


# Decorators that leave an ``async def`` a coroutine function (any other may wrap it in something else).
_TRANSPARENT = frozenset({"staticmethod", "classmethod", "abstractmethod", "override", "wraps", "overload",
                          "abc.abstractmethod", "typing.override", "typing_extensions.override",
                          "functools.wraps", "typing.overload", "typing_extensions.overload"})
_PROPERTIES = frozenset({"property", "cached_property", "functools.cached_property", "builtins.property"})
_AWAITABLE_RETURNS = ("Awaitable", "Coroutine")


@lru_cache(maxsize=8)
def _setup(config: "Config", selected: frozenset[str]) -> _Setup:
    from asyncio_lint.analysis.catalogue import catalogue_for

    catalogue = catalogue_for(config)
    names = [*catalogue.blocking, *catalogue.cpu]
    return _Setup(families(selected), followed_kinds(selected), frozenset(n.rpartition(".")[2] for n in names),
                  "dropped" in phases(selected))


class SummaryCollector(Collector):
    """Records the file's :class:`ModuleSummary` for the helper-chain rules and the project phase."""

    # A def that names nothing of the module calls nothing it can follow; only ``yield`` (a lazy
    # function) changes what its binding records (parse.Unparsed).
    STATEMENT_TRIGGERS = ("yield",)

    def __init__(self, context: "FileContext") -> None:
        super().__init__(context)
        setup = _setup(context.config, context.selected)
        self.families = setup.families
        self.kinds = setup.kinds
        self.last_names = setup.last_names
        self.record_dropped = setup.dropped
        self.crc = zlib.crc32(context.raw)
        self.other_names: tuple[str, ...] = ()
        if context.module_name is not None:  # (an installed library's file, named by its environment)
            self.module = context.module_name
        else:
            named = context.path not in ("-", "<string>", "stdin")
            self.module, self.other_names = module_names(context.path) if named else ("__main__", ())
        self.package = self.module if os.path.basename(context.path) == "__init__.py" else self.module.rpartition(".")[0]
        self.ordinal = 0
        # Enclosing classes and defs: ("class" | "def" | "async", qualified name, sync def's record).
        self.stack: list[tuple[str, str, _Function | None]] = []
        self.functions: dict[str, _Function] = {}
        self.def_names: dict[int, str] = {}
        self.records: dict[int, _Function] = {}  # id(sync def node) -> its record
        self._held: dict[int, _Held] = {}  # id(sync def node) -> parameters bound only as such
        self._derived: dict[int, frozenset[str]] = {}  # id(sync def node) -> parameters and locals from them
        self.sites: list[tuple[str, Any, int, str, tuple, bool]] = []
        self.dropped: list[tuple[Any, int, str, bool]] = []
        self.coroutines: set[str] = set()
        self.classes: dict[str, tuple[str, ...]] = {}
        self.attributes: dict[str, str] = {}
        self.star_imports: list[str] = []
        self.nodes: dict[int, cst.Call] = {}  # ordinal -> node, for the calls recorded
        self._early_exits: dict[int, list[tuple[int, list[Condition], bool]]] = {}  # id(block) -> its guarding early exits
        self._rare: dict[Any, bool] = {}  # rarely_run's memo
        self.summary: ModuleSummary | None = None
        self._hits: list[Hit] | None = None

    def file_summary(self) -> ModuleSummary | None:
        return self.summary

    # -- where we are ---------------------------------------------------------------------------
    def _prefix(self) -> str:
        return self.stack[-1][1] if self.stack else self.module

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        qual = f"{self._prefix()}.{node.name.value}"
        self.def_names[id(node)] = qual
        self.stack.append(("class", qual, None))
        bases = []
        for arg in node.bases:
            if arg.keyword is None and not arg.star:
                base = self._type_name(arg.value, self.context.scope.parent or self.context.scope)
                if base is not None:
                    bases.append(base)
        self.classes[qual] = tuple(bases)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        outer = self.stack[-1] if self.stack else None
        qual = f"{self._prefix()}.{node.name.value}"
        self.def_names[id(node)] = qual
        record = None
        decorators = [self._decorator_name(d.decorator) for d in node.decorators]
        if node.asynchronous is None:
            display = node.name.value
            if outer is not None and outer[0] == "class":
                display = f"{outer[1].rpartition('.')[2]}.{display}"
            record = self.functions.get(qual)
            if record is None:
                record = self.functions[qual] = _Function(qual, display, node)
            self.records[id(node)] = record
            if not record.lazy and _cached(self.context, node):
                record.lazy = True
            record.offloaded = record.offloaded or any(self._offloads(d.decorator) for d in node.decorators)
            if node.returns is not None and _names_awaitable(node.returns.annotation) and all(
                    d in _TRANSPARENT for d in decorators):
                self.coroutines.add(qual)
        elif all(d in _TRANSPARENT for d in decorators):
            self.coroutines.add(qual)
            if self.context.library:
                # An installed library's coroutine is not linted: what it blocks on is recorded like
                # a sync function's, for the project's awaits of it (analysis/graph.py).
                display = node.name.value
                if outer is not None and outer[0] == "class":
                    display = f"{outer[1].rpartition('.')[2]}.{display}"
                record = self.functions.get(qual)
                if record is None:
                    record = self.functions[qual] = _Function(qual, display, node, coroutine=True)
                self.records[id(node)] = record
        if outer is not None and outer[0] == "class" and node.returns is not None and any(
                d in _PROPERTIES for d in decorators):
            kind = self._type_name(node.returns.annotation, self.context.scope.parent or self.context.scope)
            if kind is not None:
                self.attributes[f"{outer[1]}.{node.name.value}"] = kind
        self.stack.append(("async" if node.asynchronous is not None else "def", qual, record))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_Yield(self, node: cst.Yield) -> None:
        function = self.context.function
        record = self.records.get(id(function)) if function is not None else None
        if function is not None and record is not None and not record.lazy:
            if not any("contextmanager" in self.context.code_of(d.decorator) for d in function.decorators):
                record.lazy = True

    # -- attributes and imports -------------------------------------------------------------------
    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        owner = self._attribute_owner(node.target)
        if owner is not None:
            kind = self._type_name(node.annotation.annotation, self.context.scope)
            if kind is not None:
                self.attributes[owner] = kind

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) != 1:
            return
        owner = self._attribute_owner(node.targets[0].target, classes=False)
        if owner is not None and owner not in self.attributes:
            kind = self._value_type(node.value)
            if kind is not None:
                self.attributes[owner] = kind

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar):
            module = dotted_name(node.module) if node.module is not None else ""
            self.star_imports.append(absolute("." * len(node.relative) + (module or ""), self.package))

    def _value_type(self, value: cst.BaseExpression) -> str | None:
        """The class of what an expression evaluates to: ``Client(...)`` (a class of this file or
        an imported one: a capitalised name), a parameter with an annotation, a known type."""
        found = self.context.resolve(value)
        if found is not None and found.kind == INSTANCE:
            return str(found.value)
        if isinstance(value, cst.Call) and isinstance(value.func, (cst.Name, cst.Attribute)):
            callee = self.context.resolve(value.func)
            if callee is not None and callee.kind == DEF and isinstance(callee.value, cst.ClassDef):
                return self.def_names.get(id(callee.value))
            if callee is not None and callee.kind == NAME:
                name = str(callee.value)
                name = absolute(name, self.package) if name.startswith(".") else name
                last = name.rpartition(".")[2]
                if last[:1].isupper() and not name.startswith("builtins."):
                    return name  # a class, by the naming convention (a factory's result stays unknown)
        return None

    def _attribute_owner(self, target: cst.CSTNode, classes: bool = True) -> str | None:
        """``Class.attr`` for ``attr: T`` in a class body or ``self.attr ... =`` in a method."""
        scope = self.context.scope
        if classes and scope.kind == "class" and isinstance(target, cst.Name):
            qual = self.def_names.get(id(scope.node))
            return f"{qual}.{target.value}" if qual is not None else None
        if (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and scope.kind == "function"
                and scope.method_kind() == "self" and target.value.value == scope.first_param()
                and scope.parent is not None):
            qual = self.def_names.get(id(scope.parent.node))
            return f"{qual}.{target.attr.value}" if qual is not None else None
        return None

    def _type_name(self, expr: cst.BaseExpression, scope: Any) -> str | None:
        """The class an annotation or base names (``Optional[X]``, ``X | None`` and ``"X"`` too)."""
        if isinstance(expr, cst.SimpleString):
            try:
                expr = cst.parse_expression(str(expr.evaluated_value))
            except Exception:  # not an expression: a string that is no annotation
                return None
        if isinstance(expr, cst.Subscript):
            base = self.context.qualified_name(expr.value, scope)
            if base in ("typing.Optional", "typing.Annotated", "typing_extensions.Annotated") and expr.slice:
                element = expr.slice[0].slice
                return self._type_name(element.value, scope) if isinstance(element, cst.Index) else None
            return None
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.BitOr):
            for side, other in ((expr.left, expr.right), (expr.right, expr.left)):
                if isinstance(other, cst.Name) and other.value == "None":
                    return self._type_name(side, scope)
            return None
        if not isinstance(expr, (cst.Name, cst.Attribute)):
            return None
        found = self.context.resolve(expr, scope)
        if found is None:
            return None
        if found.kind == DEF:
            return self.def_names.get(id(found.value))
        if found.kind == NAME:
            name = str(found.value)
            if name.startswith("."):
                return absolute(name, self.package)
            return None if name.startswith("builtins.") else name
        return None

    def _offloads(self, decorator: cst.BaseExpression) -> bool:
        """A decorator that runs the function in a worker (``@work(thread=True)``, ``@sync_to_async``)."""
        call = decorator if isinstance(decorator, cst.Call) else None
        name = self.context.qualified_name(call.func if call is not None else decorator,
                                           self.context.scope.parent or self.context.scope)
        table = self.context.catalogue.offload_decorators
        if name is None or name not in table:
            return False
        needed = table[name]
        if needed is None:
            return True
        keyword, value = needed
        return call is not None and any(
            arg.keyword is not None and arg.keyword.value == keyword and literal_value(arg.value) == value
            for arg in call.args)

    def _decorator_name(self, decorator: cst.BaseExpression) -> str:
        if isinstance(decorator, cst.Call):
            decorator = decorator.func
        if isinstance(decorator, cst.Name) and decorator.value in _TRANSPARENT | _PROPERTIES:
            return decorator.value
        name = self.context.qualified_name(decorator, self.context.scope.parent or self.context.scope)
        return name or dotted_name(decorator) or "?"

    # -- calls ----------------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        self.ordinal += 1
        scope = self.context.scope  # decorators and defaults of a def belong to the enclosing scope
        if scope.kind != "function":
            return
        qual = self.def_names.get(id(scope.node))
        if qual is None:
            return
        if not scope.is_async or self.context.library:
            record = self.records.get(id(scope.node))
            if record is None or self._rarely_run(record):
                return
            found = self._catalogue(node)
            if found is not None:
                guarded, conditions = self._position(record)
                record.blocking.append(CatalogueCall(found[0], found[1], self.ordinal, found[2],
                                                     guarded, found[3], conditions))
                self.nodes[self.ordinal] = node
                return
            target = self._target(node)
            if target is not None:
                record.calls.add(target)
                guarded, conditions = self._position(record)
                if not guarded:
                    record.main_calls.add(target)
                record.forwarded.setdefault(target, []).append(
                    (conditions, _literal_args(node, self._own_params(record))))
                self._note_dropped(node, target, False)
        else:
            parent = self.context.parent
            # Awaited, a sync helper was made to return an awaitable by a decorator (an executor
            # job); an installed coroutine function's blocking is reached all the same (graph.py).
            awaited = isinstance(parent, cst.Await) and parent.expression is node
            target = self._target(node)
            if target is not None and self._catalogue(node) is None:
                # (no event loop runs a foreign driver's coroutines; rare code costs the first call)
                if self.context.foreign_driver is None and not rarely_run(self.context, scope.node, self._rare):
                    self.sites.append((qual, target, self.ordinal, self.context.code_of(node.func),
                                       _literal_args(node), awaited))
                self.nodes[self.ordinal] = node
                self._note_dropped(node, target, True)

    def _rarely_run(self, record: _Function) -> bool:
        """The call being visited runs never or once per process (or per key) in ``record``'s
        function (analysis/once.py): a chain through it blocks no request."""
        return rarely_run(self.context, record.node, self._rare)

    def _note_dropped(self, node: cst.Call, target: Any, in_coroutine: bool) -> None:
        """A bare-statement call of another module's callable: AIO505's, if it is a coroutine function."""
        if self.record_dropped and isinstance(target, str) and isinstance(self.context.parent, cst.Expr):
            self.dropped.append((target, self.ordinal, self.context.code_of(node.func), in_coroutine))
            self.nodes[self.ordinal] = node

    def _own_params(self, record: _Function) -> "_Held":
        """The parameters of ``record``'s function that still hold what its caller passed (bound
        once, as the parameter): passed on as they are, a callee's tests see the caller's value.
        Also the keyword options it reads from its ``**kwargs`` (``delay = kwargs.get("delay")``,
        the key standing for a parameter of that name, with the ``get``'s default)."""
        found = self._held.get(id(record.node))
        if found is None:
            bindings = self.context.scope.bindings()
            names = frozenset(name for name in record.params if len(bindings.get(name, ())) == 1)
            options = kwargs_options(record.node, bindings)
            if options is None:
                found = _Held(names)
            else:
                locals_, defaults, star = options
                for key, default in defaults.items():
                    record.defaults.setdefault(key, default)
                found = _Held(names | frozenset(locals_), locals_, star, frozenset(defaults))
            self._held[id(record.node)] = found
        return found

    def _tested(self, record: _Function) -> frozenset[str]:
        """The names whose test puts a call off the function's main path: its parameters and the
        locals computed from them (``content = data[1]``, then ``if isinstance(content, PathLike):``)."""
        found = self._derived.get(id(record.node))
        if found is None and not self.context.library:
            held = self._own_params(record)
            # (off the main path matters only for a library: graph.may_block; here, the tests of
            # parameters and of keyword options give a call site's arguments their conditions)
            found = self._derived[id(record.node)] = (record.params | held.names
                                                      | ({held.star} if held.star else frozenset()))
        if found is None:
            params = record.node.params
            stars = {p.name.value for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)}
            found = self._derived[id(record.node)] = _derived_from(self.context.scope.bindings(),
                                                                   record.params | stars)
        return found

    def _position(self, record: _Function) -> tuple[bool, tuple[Condition, ...]]:
        """Where the call being visited is in ``record``: (off its main path: in an exception
        handler, in a branch of a test of a parameter, or after an early exit taken on such a
        test; the simple parameter tests it is made under, for a call site's literal arguments)."""
        parents = self.context.parents
        params = self._tested(record)
        guarded = False
        conditions: list[Condition] = []
        for index in range(len(parents) - 2, -1, -1):
            node = parents[index]
            if node is record.node:
                break
            if isinstance(node, cst.ExceptHandler):
                guarded = True
            elif isinstance(node, cst.If) and parents[index + 1] is not node.test and _mentions(node.test, params):
                guarded = True
                conditions.extend(self._branch_conditions(node.test, self._own_params(record),
                                                          parents[index + 1] is node.body))
            elif isinstance(node, cst.IndentedBlock):
                child = parents[index + 1]
                exits = self._early_exits_of(node, params, self._own_params(record))
                if exits:
                    position = node.body.index(child)  # type: ignore[arg-type]
                    for exit_index, after, returns in exits:
                        if exit_index < position:
                            # (after a check that raises, the code that goes on is the main path)
                            guarded = guarded or returns
                            conditions.extend(after)
        return guarded, tuple(conditions)

    def _branch_conditions(self, test: cst.BaseExpression, held: "_Held", true: bool) -> list[Condition]:
        """The conditions a branch runs under (``true``: the branch taken when ``test`` is true):
        one simple test, or each simple term of an ``and`` (true) or an ``or`` (false)."""
        found = self._condition(test, held)
        if found is not None:
            condition, holds = found
            return [condition._replace(holds=holds if true else not holds)]
        if (isinstance(test, cst.BooleanOperation)
                and isinstance(test.operator, cst.And if true else cst.Or)):
            return (self._branch_conditions(test.left, held, true)
                    + self._branch_conditions(test.right, held, true))
        return []

    def _early_exits_of(self, block: cst.IndentedBlock, params: frozenset[str],
                        held: "_Held") -> list[tuple[int, list[Condition], bool]]:
        """The ``if <test of a parameter>: ... return/raise`` statements of ``block``: (index, the
        conditions the code after it runs under when the test is simple, whether it returns)."""
        key = id(block)
        found = self._early_exits.get(key)
        if found is None:
            found = []
            for index, stmt in enumerate(block.body):
                if not isinstance(stmt, cst.If) or stmt.orelse is not None:
                    continue
                exit_kind = block_exit(stmt.body)
                if exit_kind is not None and _mentions(stmt.test, params):
                    found.append((index, self._branch_conditions(stmt.test, held, False), exit_kind is cst.Return))
            self._early_exits[key] = found
        return found

    def _condition(self, test: cst.BaseExpression, held: "_Held") -> tuple[Condition, bool] | None:
        """(the condition, the outcome that makes ``test`` true) for a simple test of a parameter."""
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            inner = self._condition(test.expression, held)
            return (inner[0], not inner[1]) if inner is not None else None
        param = held.param(test)
        if param is not None:
            return Condition(param, "truth", None, True), True
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
            param = held.param(test.left)
            if param is None:
                return None
            comparison = test.comparisons[0]
            operator, value = comparison.operator, literal_value(comparison.comparator)
            if isinstance(operator, (cst.Is, cst.IsNot)) and value is None:
                return Condition(param, "none", None, True), isinstance(operator, cst.Is)
            if isinstance(operator, (cst.Is, cst.IsNot)) and isinstance(value, bool):
                return Condition(param, "is", value, True), isinstance(operator, cst.Is)
            if isinstance(operator, (cst.Equal, cst.NotEqual)) and value is not NO_LITERAL:
                return Condition(param, "eq", value, True), isinstance(operator, cst.Equal)
            return None
        if (isinstance(test, cst.Call) and isinstance(test.func, cst.Name) and test.func.value == "isinstance"
                and len(test.args) == 2 and (param := held.param(test.args[0].value)) is not None):
            kinds = test.args[1].value
            elements = [e.value for e in kinds.elements] if isinstance(kinds, cst.Tuple) else [kinds]
            names = [self.context.qualified_name(e) for e in elements]
            if all(names):
                return Condition(param, "isinstance", tuple(sorted(n for n in names if n)), True), True
        return None

    def _catalogued(self, func: cst.BaseExpression) -> bool:
        """The callee is in the catalogue, whatever it said of this call (exempt here, or of a kind
        that is off): the catalogue judges it, and its installed code is not followed (PIL's
        ``Image.open(BytesIO(data))`` opens no file, although ``Image.open`` can)."""
        last = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
        if last not in self.last_names:
            return False
        name = self.context.qualified_name(func)
        catalogue = self.context.catalogue
        return name is not None and (catalogue.blocking_for(name) is not None or name in catalogue.cpu)

    def _catalogue(self, node: cst.Call) -> tuple[str, str, str, str] | None:
        """(family, catalogue name, fix) for a blocking or CPU-bound call of a family that is on."""
        func = node.func
        last = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
        if last not in self.last_names:  # cheap test first: most calls are of no catalogue name
            return None
        if "AIO1" in self.families:
            found = blocking_call(self.context, node)
            if found is not None and found[1].kind in self.kinds:
                return "AIO1", found[0], "", found[1].kind
        if "AIO2" in self.families:
            cpu = cpu_call(self.context, node)
            if cpu is not None:
                return "AIO2", cpu[0], fix_for(cpu[1].fix, "{func}"), ""
        return None

    def _target(self, node: cst.Call) -> Any:
        """The project callable ``node`` calls: a qualified name, or ("def", id) for a def of this file."""
        func = node.func
        if self._catalogued(func):
            return None
        if isinstance(func, cst.Attribute):
            # self.attr.method(): named through the class (``pkg.mod.Client.transport.send``), for
            # the graph to follow with the types its summaries give the class's attributes (the
            # resolver would scan every self.X assignment of the class, which costs more).
            base = func.value
            if isinstance(base, cst.Attribute) and isinstance(base.value, cst.Name) and base.value.value in ("self", "cls"):
                return self._through_self(func)
            if isinstance(base, cst.Name):
                scope = self.context.scope
                if scope.method_kind() is not None and base.value == scope.first_param() and scope.parent is not None:
                    # self.method(): the method of this class (the resolver would also scan every
                    # self.X assignment of the class, which costs more than the rest together).
                    bound = scope.parent.bindings().get(func.attr.value)
                    ref = bound[0].ref if bound and len(bound) == 1 else None
                    if ref is None or ref.kind != DEF:
                        return None
                    definition = ref.value
                    if isinstance(definition, cst.FunctionDef) and definition.asynchronous is None:
                        return ("def", id(definition))
                    return None
        elif not isinstance(func, cst.Name):
            return None
        found = self.context.resolve(func)
        if found is None:
            return self._through_local(func) if isinstance(func, cst.Attribute) else None
        if found.kind == DEF:
            definition = found.value
            if isinstance(definition, cst.FunctionDef):
                return None if definition.asynchronous is not None else ("def", id(definition))
            if isinstance(definition, cst.ClassDef):
                return ("class", id(definition))
            return None
        if found.kind == NAME:
            name = str(found.value)
            if name.startswith("."):
                return absolute(name, self.package)
            if name.partition(".")[0] in _STDLIB:
                return None
            return name
        return None

    def _through_local(self, func: cst.Attribute) -> str | None:
        """``client.fetch()`` where ``client`` is a local or a parameter whose class is a class of
        this module (``client: Client``, ``client = Client(...)``), or that class itself
        (``Client.load()``, a static or class method): ``pkg.mod.Client.fetch``."""
        base = func.value
        if not isinstance(base, cst.Name):
            return None
        named = self.context.resolve(base)
        if named is not None and named.kind == DEF and isinstance(named.value, cst.ClassDef):
            owner = self.def_names.get(id(named.value))
            if owner is None and any(stmt is named.value for stmt in self.context.module.body):
                owner = f"{self.module}.{base.value}"  # (a module-level class defined further down)
            return f"{owner}.{func.attr.value}" if owner is not None else None
        scope = self.context.scope
        bound = scope.bindings().get(base.value)
        if not bound or len(bound) != 1:
            return None
        binding = bound[0]
        kind = None
        if binding.kind == ANNOTATION and binding.node is not None:
            kind = self._type_name(binding.node, scope)  # type: ignore[arg-type]
        elif binding.kind == EXPR and binding.node is not None:
            kind = self._value_type(binding.node)  # type: ignore[arg-type]
        if kind is None or kind not in self.classes:
            return None  # (an imported class is resolved already; only this module's are missing)
        return f"{kind}.{func.attr.value}"

    def _through_self(self, func: cst.Attribute) -> str | None:
        """``self.a.b.method`` in a method of class ``C`` -> ``pkg.mod.C.a.b.method``."""
        parts = [func.attr.value]
        node: cst.BaseExpression = func.value
        while isinstance(node, cst.Attribute):
            parts.append(node.attr.value)
            node = node.value
        scope = self.context.scope
        if (not isinstance(node, cst.Name) or scope.method_kind() is None or node.value != scope.first_param()
                or scope.parent is None):
            return None
        owner = self.def_names.get(id(scope.parent.node))
        return ".".join([owner, *reversed(parts)]) if owner is not None else None

    # -- the summary ----------------------------------------------------------------------------
    def leave_Module(self, node: cst.Module) -> None:
        def name_of(target: Any) -> str | None:
            if isinstance(target, str):
                return target
            qual = self.def_names.get(target[1])
            if qual is None:
                return None
            return qual if target[0] == "def" else f"{qual}.__init__"

        for unparsed in self.context.unparsed:  # (what the walk would have recorded of them)
            qual = f"{self.module}.{unparsed.name}"
            if unparsed.coroutine:
                self.coroutines.add(qual)
            if (not unparsed.coroutine or self.context.library) and qual not in self.functions:
                self.functions[qual] = _Function.bare(qual, unparsed.name, unparsed.positional, unparsed.coroutine)
        functions = {}
        for qual, record in self.functions.items():
            calls = tuple(sorted({n for n in map(name_of, record.calls) if n is not None and n != qual}))
            main = tuple(sorted({n for n in map(name_of, record.main_calls) if n is not None and n != qual}))
            forwarded: dict[str, list[Any]] = {}
            for target, each_call in record.forwarded.items():
                name = name_of(target)
                if name is not None and name != qual:
                    forwarded.setdefault(name, []).extend(each_call)
            functions[qual] = FunctionSummary(record.display, record.lazy, tuple(record.blocking), calls, main,
                                              record.coroutine, record.offloaded, record.positional,
                                              record.defaults, {name: tuple(each) for name, each in forwarded.items()})
        sites = []
        for coroutine, target, ordinal, text, args, awaited in self.sites:
            name = name_of(target)
            if name is not None:
                sites.append(CallSite(coroutine, name, ordinal, text, args, awaited))
        aliases = {}
        for local, values in self.context.module_scope.bindings().items():
            ref = values[0].ref if len(values) == 1 else None
            if ref is not None and ref.kind == NAME:
                alias = str(ref.value)  # a NAME Ref's value is a dotted name
                if alias.startswith("."):
                    alias = absolute(alias, self.package)
                elif alias.partition(".")[0] in _STDLIB:
                    continue
                aliases[f"{self.module}.{local}"] = alias
        for other in self.other_names:  # (a namespace package's module by its bare name, and back)
            aliases.setdefault(other, self.module)
        dropped = tuple(DroppedCall(target, ordinal, text, in_coroutine)
                        for target, ordinal, text, in_coroutine in self.dropped)
        self.summary = ModuleSummary(SUMMARY_VERSION, self.module, self.crc, functions, tuple(sites), aliases,
                                     frozenset(self.coroutines), dropped, self.classes, self.attributes,
                                     tuple(self.star_imports))

    def file_hits(self) -> list["Hit"]:
        """Helper-chain hits whose whole chain lies in this file (for both AIO120 and AIO220)."""
        if self._hits is None:
            from asyncio_lint.analysis.graph import Graph

            if self.summary is None:
                self._hits = []
            else:
                config = self.context.config
                graph = Graph([(self.context.path, self.summary)], config.transitive_depth,
                              config.non_blocking_functions)
                self._hits = graph.hits()
        return self._hits


def _derived_from(bindings: dict[str, list[Binding]], params: frozenset[str]) -> frozenset[str]:
    """``params`` and the locals assigned (``=``, ``with ... as``) from expressions that read
    them, transitively (``bindings``: the function scope's)."""
    sources = [(name, [v.node for v in values if v.kind in (EXPR, WITH) and v.node is not None])
               for name, values in bindings.items() if name not in params]
    names = set(params)
    grown = True
    while grown:
        grown = False
        for name, nodes in sources:
            if name not in names and any(_mentions(node, frozenset(names)) for node in nodes):
                names.add(name)
                grown = True
    return frozenset(names)


def _mentions(test: cst.CSTNode, names: frozenset[str]) -> bool:
    """The expression reads one of ``names`` (a parameter: ``verbose``, ``self.debug``, ``path``)."""
    stack: list[cst.CSTNode] = [test]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name) and node.value in names:
            return True
        stack.extend(child_nodes(node))
    return False


def _names_awaitable(annotation: cst.BaseExpression) -> bool:
    head = annotation.value if isinstance(annotation, cst.Subscript) else annotation
    name = head.attr.value if isinstance(head, cst.Attribute) else head.value if isinstance(head, cst.Name) else ""
    return name in _AWAITABLE_RETURNS


def _literal_args(call: cst.Call, held: "_Held | None" = None) -> tuple[tuple[object, tuple[str, object]], ...]:
    """The arguments of ``call`` that are literals (or a constructor call of a known class:
    ``io.BytesIO(...)``), by position or keyword, for the callee's parameter tests; ``held``: the
    caller's parameters (and ``**kwargs`` options) passed on as they are (``("param", name)``).
    After ``*args`` or ``**kwargs`` only the keywords are known (``"*"`` says so): Python lets no
    other argument fill a parameter that is passed by keyword."""
    out: list[tuple[object, tuple[str, object]]] = []
    position = 0
    starred = False
    for arg in call.args:
        if arg.star:
            if not starred:
                out.append(("*", ("any", None)))  # the callee's other parameters can no longer be told apart
            starred = True
            continue
        key: object = arg.keyword.value if arg.keyword is not None else position
        if arg.keyword is None:
            if starred:
                continue  # (a position after ``*args`` is not known)
            position += 1
        value = literal_value(arg.value)
        param = held.param(arg.value) if held is not None else None
        if value is not NO_LITERAL:
            out.append((key, ("lit", value)))
        elif param is not None:
            out.append((key, ("param", param)))
        elif isinstance(arg.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            out.append((key, ("type", "builtins.str")))
        elif isinstance(arg.value, cst.Call) and isinstance(arg.value.func, (cst.Name, cst.Attribute)):
            name = dotted_name(arg.value.func)
            if name in _KNOWN_CONSTRUCTORS:
                out.append((key, ("type", _KNOWN_CONSTRUCTORS[name])))
            else:
                out.append((key, ("any", None)))
        else:
            out.append((key, ("any", None)))  # it still overrides the parameter's default
    return tuple(out)


class _Held(NamedTuple):
    """A sync function's names whose value is still what its caller passed: its parameters bound
    once, and the locals holding a keyword option of its ``**kwargs`` (``options``: local -> key;
    ``star``: the ``**kwargs`` name; ``keys``: the options, which ``star.get("key")`` also reads)."""

    names: frozenset[str]
    options: dict[str, str] = {}
    star: str = ""
    keys: frozenset[str] = frozenset()

    def param(self, expr: cst.BaseExpression) -> str | None:
        """The parameter (or option key) ``expr`` reads as it is, if any."""
        if isinstance(expr, cst.Name):
            return self.options.get(expr.value, expr.value) if expr.value in self.names else None
        if self.star:
            read = option_read(expr, self.star)
            if read is not None and read[0] in self.keys:
                return read[0]
        return None


_READS = frozenset({"get", "pop"})
_CASTS = frozenset({"cast", "typing.cast"})
_WRITES = frozenset({"update", "setdefault", "clear", "popitem", "__setitem__", "__delitem__"})


def option_read(expr: cst.CSTNode, star: str, unwrap: bool = True) -> tuple[str, object, bool] | None:
    """(key, default, a ``pop``) of ``star.get("key")`` / ``star.get("key", <literal>)`` (or
    ``pop``), also inside ``cast(T, ...)``."""
    if (unwrap and isinstance(expr, cst.Call) and len(expr.args) == 2 and dotted_name(expr.func) in _CASTS
            and isinstance(expr.args[1].value, cst.Call)):
        expr = expr.args[1].value
    if not (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)
            and isinstance(expr.func.value, cst.Name) and expr.func.value.value == star
            and expr.func.attr.value in _READS and 1 <= len(expr.args) <= 2
            and all(a.keyword is None and not a.star for a in expr.args)):
        return None
    key = literal_value(expr.args[0].value)
    default = literal_value(expr.args[1].value) if len(expr.args) == 2 else None
    if not isinstance(key, str) or not key.isidentifier() or default is NO_LITERAL:
        return None
    return key, default, expr.func.attr.value == "pop"


def kwargs_options(node: cst.FunctionDef, bindings: dict[str, list[Binding]]
                   ) -> tuple[dict[str, str], dict[str, object], str] | None:
    """The keyword options a function reads from its ``**kwargs``: (local -> key for the locals
    bound once to a read, key -> default, the ``**kwargs`` name), or None when it has none it keeps
    as given. A key read with two defaults, popped and read again, or a ``**kwargs`` the function
    rebinds or writes to (``kwargs["timeout"] = 5``, ``kwargs.update(...)``) gives no option. A
    ``**kwargs`` passed on as a dict (``helper(kwargs)``) is taken to come back unchanged: a
    helper that sets the very key tested is rare, and its cost is a finding missed, not a false one."""
    star = node.params.star_kwarg
    if not isinstance(star, cst.Param):
        return None
    name = star.name.value
    if len(bindings.get(name, ())) != 1:
        return None
    defaults: dict[str, object] = {}
    dropped: set[str] = set()
    popped: set[str] = set()
    stack: list[cst.CSTNode] = [node.body]
    while stack:  # (in source order: a read after a ``pop`` of its key sees the default)
        current = stack.pop()
        if _writes_to(current, name):
            return None
        read = option_read(current, name, unwrap=False)
        if read is not None:
            key, default, pop = read
            if key in popped or (key in defaults and defaults[key] != default):
                dropped.add(key)
            defaults.setdefault(key, default)
            if pop:
                popped.add(key)
        stack.extend(reversed(child_nodes(current)))
    # (a key named as a parameter: only a positional-only one, ``def f(a, /, **kw)``, can be both)
    named = {p.name.value for p in (*node.params.posonly_params, *node.params.params, *node.params.kwonly_params)}
    defaults = {key: value for key, value in defaults.items() if key not in dropped and key not in named}
    if not defaults:
        return None
    options = {}
    for local, values in bindings.items():
        if len(values) == 1 and values[0].kind == EXPR and values[0].node is not None:
            read = option_read(values[0].node, name)
            if read is not None and read[0] in defaults:
                options[local] = read[0]
    return options, defaults, name


def _writes_to(node: cst.CSTNode, name: str) -> bool:
    """``node`` writes into the dict ``name``: ``name[k] = v``, ``del name[k]``, ``name.update(...)``."""
    targets: list[cst.CSTNode] = []
    if isinstance(node, cst.Assign):
        targets = [t.target for t in node.targets]
    elif isinstance(node, (cst.AugAssign, cst.AnnAssign)):
        targets = [node.target]
    elif isinstance(node, cst.Del):
        targets = [node.target]
    elif isinstance(node, cst.Call):
        func = node.func
        return (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == name
                and func.attr.value in _WRITES)
    flat: list[cst.CSTNode] = []
    while targets:  # (``del kw["a"], kw["b"]``, ``kw["a"], rest = ...``)
        target = targets.pop()
        if isinstance(target, (cst.Tuple, cst.List)):
            targets.extend(element.value for element in target.elements)
        else:
            flat.append(target)
    return any(isinstance(t, cst.Subscript) and isinstance(t.value, cst.Name) and t.value.value == name
               for t in flat)


# Constructor calls written with their module whose class a parameter test can be judged against.
_KNOWN_CONSTRUCTORS = {"io.BytesIO": "io.BytesIO", "io.StringIO": "io.StringIO", "BytesIO": "io.BytesIO",
                       "StringIO": "io.StringIO", "bytes": "builtins.bytes", "bytearray": "builtins.bytearray"}
