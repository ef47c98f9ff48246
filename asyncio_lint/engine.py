"""The engine: decode, parse once, walk once with every selected rule, position the findings.

``Engine(config).lint(data, path)`` is a pure function of (source, path, configuration): no file is
read here, nothing is printed, so the same call runs in worker processes and behind a cache.

Speed (docs/performance.md): libcst's visitor machinery and its scope/qualified-name providers cost
several times the parse, so the walk is the engine's own (``tree.Walker``), names are resolved
lazily by ``analysis.names``, and positions are computed only for the nodes that became findings
(positions.py). The engine knows no rule: it runs the selected rules and the collectors they
declare, and applies what ``codes.py`` says about codes.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable

import libcst as cst

from asyncio_lint.analysis.catalogue import catalogue_for
from asyncio_lint.analysis.context import Collector, FileContext
from asyncio_lint.analysis.fixes import FixPlanner
from asyncio_lint.codes import drop_covered, shown
from asyncio_lint.config import Config
from asyncio_lint.parse import Parsed, deep, parse
from asyncio_lint.registry import rules_for
from asyncio_lint.rule import LineOf, Rule
from asyncio_lint.source import check_syntax, prepare, syntax_error, syntax_result
from asyncio_lint.suppress import is_suppressed, noqa_lines
from asyncio_lint.tree import dispatch
from asyncio_lint.types import FileError, FileResult, Finding, Notice


class Engine:
    """All selected rules for one configuration. Build once, lint many files."""

    def __init__(self, config: Config, rules: Iterable[type[Rule]] | None = None) -> None:
        self.config = config
        self.rules = tuple(rules) if rules is not None else rules_for(config.codes)
        self.codes = frozenset(rule.CODE for rule in self.rules)
        self.explicit = config.explicit
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
        # What a top-level def must hold for any selected rule or its collectors to find anything
        # in it (None when one of them does not say: then every def is parsed).
        statement: set[str] | None = set()
        for each in (*(rule.statement_triggers(config) for rule in self.rules),
                     *(collector.STATEMENT_TRIGGERS for rule in self.rules for collector in rule.COLLECTORS)):
            if each is None or statement is None:
                statement = None
            else:
                statement.update(each)
        self.statement_triggers = None if statement is None else tuple(sorted(statement))
        # The collectors the rules declare, each once, in a stable order. A file no rule can fire
        # on is walked by the collectors alone on demand (``summary_only``: the project phase asks
        # for the summary of a file a coroutine elsewhere calls into).
        collectors: dict[type[Collector], None] = {}
        for rule in self.rules:
            for collector in rule.COLLECTORS:
                collectors.setdefault(collector, None)
        self.collectors = tuple(collectors)

    def could_fire(self, data: bytes) -> bool:
        """False when no selected rule can fire on this file (its trigger bytes are absent)."""
        return self._always or any(t in data for t in self._triggers)

    def lint(self, data: bytes | str, path: str, apply_noqa: bool = True, summary_only: bool = False,
             module: str | None = None, library: bool = False) -> FileResult:
        """``summary_only``: parse even if no rule can fire, and run only the collectors.
        ``module``: the file's dotted module name, when the caller knows it; ``library``: the file
        is an installed library's (summarised, never reported)."""
        prepared = prepare(data, path)
        if isinstance(prepared, FileError):
            return FileResult(path, error=prepared)
        text, raw = prepared
        lines = text.count("\n")
        summary_only = summary_only and bool(self.collectors) and not self.could_fire(raw)
        if not self.rules or not (summary_only or self.could_fire(raw)):
            # No selected rule can fire here: skip the libcst parse, but still report a syntax
            # error (CPython's own parser costs about a tenth of libcst's).
            return syntax_result(text, path, self.config.target_version)
        target = self.config.target_version
        verdicts: list[FileError | Notice | None] = []

        def may_skip() -> bool:  # (CPython compiles the file, or it is for a newer Python: a notice)
            verdicts.append(check_syntax(text, path, target))
            return not isinstance(verdicts[-1], FileError)

        try:
            parsed = parse(text, may_skip=may_skip, triggers=self.statement_triggers)
        except cst.ParserSyntaxError as exc:
            # CPython's message is the one users know; libcst's when only libcst rejects the code.
            error = syntax_error(text, path, target) or FileError(
                path, f"syntax error at {exc.raw_line}:{exc.raw_column + 1}: {exc.message} (libcst)")
            return FileResult(path, error=error, lines=lines)
        except RecursionError:
            return FileResult(path, error=FileError(path, "too deeply nested to parse"), lines=lines)
        except Exception as exc:  # libcst raises a few other types on odd input
            return FileResult(path, error=FileError(path, f"cannot parse: {exc}"), lines=lines)
        notices = tuple(Notice(path, f"lines {first}-{last} not analysed: libcst cannot parse them ({why}); "
                                     "the rest of the file was checked")
                        for first, last, why in parsed.skipped)
        notices = tuple(v for v in verdicts[:1] if isinstance(v, Notice)) + notices
        try:
            findings, summary = deep(lambda: self._run(parsed, path, text, apply_noqa, raw, summary_only, module, library))
        except RecursionError:
            return FileResult(path, error=FileError(path, "too deeply nested to analyse"), lines=lines,
                              notices=notices)
        except Exception as exc:  # a rule bug must not abort the run or lose the other files
            return FileResult(path, error=FileError(
                path, f"internal error ({type(exc).__name__}: {exc}); please report it"), lines=lines)
        reported = self.visible(findings)
        return FileResult(path, findings=reported, lines=lines, summary=summary, notices=notices,
                          hidden=len(findings) - len(reported))

    def visible(self, findings: tuple[Finding, ...]) -> tuple[Finding, ...]:
        """The findings this configuration reports (``min-confidence``; see codes.shown)."""
        minimum, explicit = self.config.min_confidence, self.explicit
        return tuple(f for f in findings if shown(f.code, f.confidence, minimum, explicit))

    # -- the walk -------------------------------------------------------------------------------
    def _run(self, parsed: Parsed, path: str, text: str, apply_noqa: bool, raw: bytes = b"",
             summary_only: bool = False, module: str | None = None,
             library: bool = False) -> tuple[tuple[Finding, ...], Any]:
        context = FileContext(path, parsed.module, self.config, self.catalogue, selected=self.codes, raw=raw,
                              module_name=module, library=library, unparsed=parsed.unparsed)
        collectors = [kind(context) for kind in self.collectors]
        for collector in collectors:
            context.add_collector(collector)
        rules = [] if summary_only else [rule_type(context) for rule_type in self.rules]
        # Collectors first in every dispatch list: rules read their facts at the end of the walk.
        visitors, leavers = dispatch([*collectors, *rules])
        try:
            context.walk(visitors, leavers)
            summary = next((s for s in (c.file_summary() for c in collectors) if s is not None), None)
            if not context.pending:
                return (), summary
            return self._finish(context, parsed, text, apply_noqa), summary
        finally:
            context.close()

    def _finish(self, context: FileContext, parsed: Parsed, text: str, apply_noqa: bool) -> tuple[Finding, ...]:
        wanted = [p.node for p in context.pending]
        wanted += [n for p in context.pending for v in p.params.values() if isinstance(v, LineOf) for n in v.nodes]
        tops = {}
        for p in context.pending:
            if p.top is not None:
                tops[id(p.node)] = p.top
                tops.update((id(n), p.top) for v in p.params.values() if isinstance(v, LineOf) for n in v.nodes)
        # Fix plans (analysis/fixes.py) are located in the same positions pass as the findings.
        planner = FixPlanner(context) if any(p.fix is not None for p in context.pending) else None
        plans = [planner.plan(p.fix, p.top) if planner is not None else None for p in context.pending]
        if planner is not None:
            wanted += planner.nodes()
        positions = parsed.positions(wanted, tops)
        ignored = self.config.ignored_codes_for(context.path)
        noqa = noqa_lines(text) if apply_noqa else {}
        findings = []
        config = self.config
        for pending, plan in zip(context.pending, plans, strict=True):
            rule = pending.reporter
            if any(rule.CODE.startswith(code) for code in ignored):
                continue
            span = positions[pending.node]
            if is_suppressed(rule.CODE, span.start.line, noqa):
                continue
            params = {k: (v.render([positions[n].start.line for n in v.nodes]) if isinstance(v, LineOf) else v)
                      for k, v in pending.params.items()}
            message = (pending.message or rule.MESSAGE).format(**params)
            fix = planner.fix(plan, positions, text) if planner is not None and plan is not None else None
            findings.append(Finding(context.path, span.start.line, span.start.column, span.end.line,
                                    span.end.column, rule.CODE, rule.NAME, message,
                                    confidence=config.confidence_in(context.path, rule.CODE, pending.confidence),
                                    fix=fix))
        return tuple(sorted(set(drop_covered(findings))))


@lru_cache(maxsize=8)
def engine_for(config: Config) -> Engine:
    """The engine of a configuration, built once per process."""
    return Engine(config)
