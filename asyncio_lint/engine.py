"""The engine: decode, parse once, walk once with every selected rule, position the findings.

``Engine(config).lint(data, path)`` is a pure function of (source, path, configuration): no file is
read here, nothing is printed, so the same call runs in worker processes and behind a cache.

Speed (see shared PERF.md): libcst's visitor machinery and its scope/qualified-name providers cost
several times the parse, so the engine walks node fields itself (skipping whitespace and
punctuation), dispatches each node to the rules that named its type, resolves names lazily with
``analysis.names``, and computes positions only for the nodes that became findings (positions.py).
"""

from __future__ import annotations

import dataclasses
import zlib
from functools import lru_cache
from typing import Any, Callable, Iterable

import libcst as cst

from asyncio_lint.analysis.catalogue import catalogue_for
from asyncio_lint.analysis.context import FileContext
from asyncio_lint.analysis.names import Scope
from asyncio_lint.analysis.project import PROJECT_CODES, drop_covered
from asyncio_lint.config import Config
from asyncio_lint.positions import positions as node_positions
from asyncio_lint.registry import select_rules
from asyncio_lint.rule import LineOf, Rule
from asyncio_lint.source import decode, prepare  # noqa: F401  (decode: re-exported)
from asyncio_lint.source import syntax_error as _syntax_error
from asyncio_lint.suppress import is_suppressed, noqa_lines
from asyncio_lint.types import FileError, FileResult, Finding

_SKIP_FIELDS = frozenset({
    "lpar", "rpar", "comma", "colon", "semicolon", "leading_lines", "lines_after_decorators", "header",
    "footer", "trailing_whitespace", "equal", "dot", "lbrace", "rbrace", "lbracket", "rbracket",
    "newline", "operator", "asynchronous", "first_colon", "second_colon", "separator", "empty_lines",
    "default_indent", "default_newline", "encoding", "has_trailing_newline", "posonly_ind",
    "trailing_comma", "comment", "indent", "first_line", "last_line", "leading_whitespace", "relative",
    "conversion", "star", "type_parameters",
})
# Fields of scope-making nodes that are evaluated in the enclosing scope, and those inside.
_OUTER_FIELDS: dict[type, tuple[str, ...]] = {
    cst.FunctionDef: ("decorators", "params", "returns"),
    cst.ClassDef: ("decorators", "bases", "keywords"),
    cst.Lambda: ("params",),
}
_SCOPE_KINDS = {cst.FunctionDef: "function", cst.ClassDef: "class", cst.Lambda: "lambda"}


def _all_node_types() -> frozenset[type]:
    found: set[type] = set()
    stack: list[type] = [cst.CSTNode]
    while stack:
        cls = stack.pop()
        found.add(cls)
        stack.extend(cls.__subclasses__())
    return frozenset(found)


# Set membership by exact class: isinstance() against libcst's ABCs costs several times more.
_NODE_TYPES = _all_node_types()


@lru_cache(maxsize=None)
def _fields(node_type: type) -> tuple[str, ...]:
    if node_type in _OUTER_FIELDS:
        return ("body",)
    return tuple(f.name for f in dataclasses.fields(node_type)
                 if f.name not in _SKIP_FIELDS and not f.name.startswith("whitespace"))


def child_nodes(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The children the engine's walk visits: no whitespace or punctuation; for a def, lambda or
    class only its body (its decorators, parameters and bases belong to the enclosing scope)."""
    out: list[cst.CSTNode] = []
    for name in _fields(node.__class__):
        value = getattr(node, name)
        cls = value.__class__
        if cls is tuple or cls is list:
            out.extend(value)
        elif cls in _NODE_TYPES:
            out.append(value)
    return out


class Engine:
    """All selected rules for one configuration. Build once, lint many files."""

    def __init__(self, config: Config, rules: Iterable[type[Rule]] | None = None) -> None:
        self.config = config
        self.rules = tuple(rules) if rules is not None else select_rules(
            config.select, config.ignore, config.extend_select)
        self.catalogue = catalogue_for(config)
        triggers: set[bytes] = set()
        self._always = False
        for rule in self.rules:
            rule_triggers = rule.triggers(config)
            if rule_triggers is None:
                self._always = True
            else:
                triggers.update(rule_triggers)
        self._triggers = tuple(sorted(triggers))
        # Project-wide call analysis (AIO120/AIO220, analysis/project.py): a summary collector walks
        # with the rules. A file no rule fires on is summarised only on demand (``summary_only``):
        # when a coroutine elsewhere calls into it (see project.summarise_demanded).
        self.project_families = frozenset(PROJECT_CODES[r.CODE] for r in self.rules if r.CODE in PROJECT_CODES)
        if self.project_families:
            from asyncio_lint.analysis.cpu import cpu_calls_for
            from asyncio_lint.analysis.summary import blocking_kinds_on, last_names

            self._blocking_kinds = blocking_kinds_on(self.rules)
            self._last_names = last_names([*self.catalogue.blocking, *cpu_calls_for(config)])

    def could_fire(self, data: bytes) -> bool:
        """False when no selected rule can fire on this file (its trigger bytes are absent)."""
        return self._always or any(t in data for t in self._triggers)

    def lint(self, data: bytes | str, path: str, apply_noqa: bool = True, summary_only: bool = False) -> FileResult:
        """``summary_only``: parse even if no rule can fire, and run only the project summary collector."""
        prepared = prepare(data, path)
        if isinstance(prepared, FileError):
            return FileResult(path, error=prepared)
        text, raw = prepared
        lines = text.count("\n")
        summary_only = summary_only and bool(self.project_families) and not self.could_fire(raw)
        if not self.rules or not (summary_only or self.could_fire(raw)):
            # No selected rule can fire here: skip the libcst parse, but still report a syntax
            # error (CPython's own parser costs about a tenth of libcst's).
            return FileResult(path, error=_syntax_error(text, path), lines=lines)
        try:
            module = cst.parse_module(text)
        except cst.ParserSyntaxError as exc:
            # CPython's message is the one users know; libcst's when only libcst rejects the code.
            error = _syntax_error(text, path) or FileError(
                path, f"syntax error at {exc.raw_line}:{exc.raw_column + 1}: {exc.message} (libcst)")
            return FileResult(path, error=error, lines=lines)
        except RecursionError:
            return FileResult(path, error=FileError(path, "too deeply nested to parse"), lines=lines)
        except Exception as exc:  # libcst raises a few other types on odd input
            return FileResult(path, error=FileError(path, f"cannot parse: {exc}"), lines=lines)
        try:
            findings, summary = self._run(module, path, text, apply_noqa, raw, summary_only)
        except RecursionError:
            return FileResult(path, error=FileError(path, "too deeply nested to analyse"), lines=lines)
        except Exception as exc:  # a rule bug must not abort the run or lose the other files
            return FileResult(path, error=FileError(
                path, f"internal error ({type(exc).__name__}: {exc}); please report it"), lines=lines)
        return FileResult(path, findings=findings, lines=lines, summary=summary)

    # -- the walk -------------------------------------------------------------------------------
    def _run(self, module: cst.Module, path: str, text: str, apply_noqa: bool, raw: bytes = b"",
             summary_only: bool = False) -> tuple[tuple[Finding, ...], Any]:
        context = FileContext(path, module, self.config, self.catalogue)
        visitors: dict[type, list[Callable[[Any], None]]] = {}
        leavers: dict[type, list[Callable[[Any], None]]] = {}
        collector = None
        if self.project_families:
            from asyncio_lint.analysis.summary import SummaryCollector

            # First in every dispatch list: AIO120/AIO220 read its summary in their leave_Module.
            collector = SummaryCollector(context, self.project_families, self._blocking_kinds, zlib.crc32(raw),
                                         self._last_names)
            context.shared["project.collector"] = collector
            for node_type, method in SummaryCollector._visitors.items():
                visitors.setdefault(node_type, []).append(getattr(collector, method))
            for node_type, method in SummaryCollector._leavers.items():
                leavers.setdefault(node_type, []).append(getattr(collector, method))
        for rule_type in () if summary_only else self.rules:
            rule = rule_type(context)
            for node_type, method in rule_type._visitors.items():
                visitors.setdefault(node_type, []).append(getattr(rule, method))
            for node_type, method in rule_type._leavers.items():
                leavers.setdefault(node_type, []).append(getattr(rule, method))
        _Walker(context, visitors, leavers).walk(module)
        summary = collector.summary if collector is not None else None
        if not context.pending:
            return (), summary
        return self._finish(context, text, apply_noqa), summary

    def _finish(self, context: FileContext, text: str, apply_noqa: bool) -> tuple[Finding, ...]:
        wanted = [p.node for p in context.pending]
        wanted += [v.node for p in context.pending for v in p.params.values() if isinstance(v, LineOf)]
        positions = node_positions(context.module, wanted)
        ignored = self.config.ignored_codes_for(context.path)
        noqa = noqa_lines(text) if apply_noqa else {}
        findings = []
        for pending in context.pending:
            rule = pending.rule
            if any(rule.CODE.startswith(code) for code in ignored):
                continue
            span = positions[pending.node]
            if is_suppressed(rule.CODE, span.start.line, noqa):
                continue
            params = {k: (positions[v.node].start.line if isinstance(v, LineOf) else v)
                      for k, v in pending.params.items()}
            message = (pending.message or rule.MESSAGE).format(**params)
            findings.append(Finding(context.path, span.start.line, span.start.column, span.end.line,
                                    span.end.column, rule.CODE, rule.NAME, message))
        if self.project_families:
            findings = drop_covered(findings)
        return tuple(sorted(set(findings)))


class _Walker:
    __slots__ = ("context", "visitors", "leavers", "parents")

    def __init__(self, context: FileContext, visitors: dict[type, list[Callable[[Any], None]]],
                 leavers: dict[type, list[Callable[[Any], None]]]) -> None:
        self.context = context
        self.visitors = visitors
        self.leavers = leavers
        self.parents = context.parents

    def walk(self, node: cst.CSTNode) -> None:
        node_type = node.__class__
        parents = self.parents
        parents.append(node)
        kind = _SCOPE_KINDS.get(node_type)
        if kind is None:
            handlers = self.visitors.get(node_type)
            if handlers:
                for handler in handlers:
                    handler(node)
            self._children(node, _fields(node_type))
            handlers = self.leavers.get(node_type)
            if handlers:
                for handler in handlers:
                    handler(node)
        else:
            self._scoped(node, node_type, kind)
        parents.pop()

    def _children(self, node: cst.CSTNode, names: tuple[str, ...]) -> None:
        walk = self.walk
        node_types = _NODE_TYPES
        for name in names:
            value = getattr(node, name)
            cls = value.__class__
            if cls is tuple or cls is list:
                for child in value:
                    walk(child)
            elif cls in node_types:
                walk(value)

    def _scoped(self, node: cst.CSTNode, node_type: type, kind: str) -> None:
        context = self.context
        outer = context.scope
        inner = Scope(kind, node, outer)
        # Visitors see the node's own scope (so in_coroutine inside visit_FunctionDef is about it).
        context.scope = inner
        handlers = self.visitors.get(node_type)
        if handlers:
            for handler in handlers:
                handler(node)
        context.scope = outer
        self._children(node, _OUTER_FIELDS[node_type])
        context.scope = inner
        self._children(node, ("body",))
        handlers = self.leavers.get(node_type)
        if handlers:
            for handler in handlers:
                handler(node)
        context.scope = outer
