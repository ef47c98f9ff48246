"""Per-file summaries for the helper-chain rules (AIO120 / AIO220), collected in the engine's walk.

:class:`SummaryCollector` walks with the rules when a helper-chain rule is selected: it sees every
``Call`` the walk reaches, so no second traversal is needed. For each file it records, as plain
typed records (the cache pickles them with the FileResult):

* for every sync function or method: the catalogue calls it makes directly (blocking: family
  ``AIO1``, CPU-bound: ``AIO2``), and the project callables it calls, resolved through imports
  (``from .util import f``, ``import pkg.util as u``, ``self.method()``, a class -> its ``__init__``);
* for every coroutine: its calls of such callables (not catalogue calls, which the per-call rules
  report; ``to_thread(helper)`` passes the helper uncalled, so it is no call site);
* the module's import aliases (``pkg/__init__.py``'s ``from .util import load_settings``).

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
from asyncio_lint.analysis.names import DEF, NAME
from asyncio_lint.analysis.records import SUMMARY_VERSION, CallSite, CatalogueCall, FunctionSummary, ModuleSummary
from asyncio_lint.codes import families, followed_kinds
from asyncio_lint.modules import module_name

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
    __slots__ = ("qual", "display", "lazy", "blocking", "calls")

    def __init__(self, qual: str, display: str) -> None:
        self.qual = qual
        self.display = display
        self.lazy = False
        self.blocking: list[CatalogueCall] = []
        self.calls: set[Any] = set()


_CACHES = frozenset({"functools.lru_cache", "functools.cache"})


def _runs_once(context: Any, node: cst.FunctionDef) -> bool:
    """A ``functools.cache`` / ``lru_cache`` function without parameters: its body runs once per
    process, however often a coroutine calls it (open-webui's lru_cached SSL context)."""
    params = node.params
    if params.params or params.posonly_params or params.kwonly_params or params.star_kwarg is not None \
            or isinstance(params.star_arg, cst.Param):
        return False
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


@lru_cache(maxsize=8)
def _setup(config: "Config", selected: frozenset[str]) -> _Setup:
    from asyncio_lint.analysis.catalogue import catalogue_for

    catalogue = catalogue_for(config)
    names = [*catalogue.blocking, *catalogue.cpu]
    return _Setup(families(selected), followed_kinds(selected), frozenset(n.rpartition(".")[2] for n in names))


class SummaryCollector(Collector):
    """Records the file's :class:`ModuleSummary` for the helper-chain rules and the project phase."""

    def __init__(self, context: "FileContext") -> None:
        super().__init__(context)
        setup = _setup(context.config, context.selected)
        self.families = setup.families
        self.kinds = setup.kinds
        self.last_names = setup.last_names
        self.crc = zlib.crc32(context.raw)
        self.module = module_name(context.path) if context.path not in ("-", "<string>", "stdin") else "__main__"
        self.package = self.module if os.path.basename(context.path) == "__init__.py" else self.module.rpartition(".")[0]
        self.ordinal = 0
        # Enclosing classes and defs: ("class" | "def" | "async", qualified name, sync def's record).
        self.stack: list[tuple[str, str, _Function | None]] = []
        self.functions: dict[str, _Function] = {}
        self.def_names: dict[int, str] = {}
        self.records: dict[int, _Function] = {}  # id(sync def node) -> its record
        self.sites: list[tuple[str, Any, int, str]] = []
        self.nodes: dict[int, cst.Call] = {}  # ordinal -> node, for the calls recorded
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

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.stack.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        outer = self.stack[-1] if self.stack else None
        qual = f"{self._prefix()}.{node.name.value}"
        self.def_names[id(node)] = qual
        record = None
        if node.asynchronous is None:
            display = node.name.value
            if outer is not None and outer[0] == "class":
                display = f"{outer[1].rpartition('.')[2]}.{display}"
            record = self.functions.get(qual)
            if record is None:
                record = self.functions[qual] = _Function(qual, display)
            self.records[id(node)] = record
            if not record.lazy and _runs_once(self.context, node):
                record.lazy = True
        self.stack.append(("async" if node.asynchronous is not None else "def", qual, record))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.stack.pop()

    def visit_Yield(self, node: cst.Yield) -> None:
        function = self.context.function
        record = self.records.get(id(function)) if function is not None else None
        if function is not None and record is not None and not record.lazy:
            if not any("contextmanager" in self.context.code_of(d.decorator) for d in function.decorators):
                record.lazy = True

    # -- calls ----------------------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        self.ordinal += 1
        scope = self.context.scope  # decorators and defaults of a def belong to the enclosing scope
        if scope.kind != "function":
            return
        qual = self.def_names.get(id(scope.node))
        if qual is None:
            return
        if not scope.is_async:
            record = self.records.get(id(scope.node))
            if record is None:
                return
            found = self._catalogue(node)
            if found is not None:
                record.blocking.append(CatalogueCall(found[0], found[1], self.ordinal, found[2]))
                self.nodes[self.ordinal] = node
                return
            target = self._target(node)
            if target is not None:
                record.calls.add(target)
        else:
            parent = self.context.parent
            if isinstance(parent, cst.Await) and parent.expression is node:
                return  # awaited: a decorator made the helper return an awaitable (an executor job)
            target = self._target(node)
            if target is not None and self._catalogue(node) is None:
                self.sites.append((qual, target, self.ordinal, self.context.code_of(node.func)))
                self.nodes[self.ordinal] = node

    def _catalogue(self, node: cst.Call) -> tuple[str, str, str] | None:
        """(family, catalogue name, fix) for a blocking or CPU-bound call of a family that is on."""
        func = node.func
        last = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
        if last not in self.last_names:  # cheap test first: most calls are of no catalogue name
            return None
        if "AIO1" in self.families:
            found = blocking_call(self.context, node)
            if found is not None and found[1].kind in self.kinds:
                return "AIO1", found[0], ""
        if "AIO2" in self.families:
            cpu = cpu_call(self.context, node)
            if cpu is not None:
                return "AIO2", cpu[0], fix_for(cpu[1].fix, "{func}")
        return None

    def _target(self, node: cst.Call) -> Any:
        """The project callable ``node`` calls: a qualified name, or ("def", id) for a def of this file."""
        func = node.func
        if isinstance(func, cst.Attribute):
            # self.attr.method(): the resolver knows the classes of catalogue types only, never of a
            # project class, so this cannot name a project function (and resolving it is costly).
            base = func.value
            if isinstance(base, cst.Attribute) and isinstance(base.value, cst.Name) and base.value.value in ("self", "cls"):
                return None
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
            return None
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

    # -- the summary ----------------------------------------------------------------------------
    def leave_Module(self, node: cst.Module) -> None:
        def name_of(target: Any) -> str | None:
            if isinstance(target, str):
                return target
            qual = self.def_names.get(target[1])
            if qual is None:
                return None
            return qual if target[0] == "def" else f"{qual}.__init__"

        functions = {}
        for qual, record in self.functions.items():
            calls = tuple(sorted({n for n in map(name_of, record.calls) if n is not None and n != qual}))
            functions[qual] = FunctionSummary(record.display, record.lazy, tuple(record.blocking), calls)
        sites = []
        for coroutine, target, ordinal, text in self.sites:
            name = name_of(target)
            if name is not None:
                sites.append(CallSite(coroutine, name, ordinal, text))
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
        self.summary = ModuleSummary(SUMMARY_VERSION, self.module, self.crc, functions, tuple(sites), aliases)

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
