"""Value types that flow through the linter: paths -> sources -> engine -> findings -> report -> formatter.

All are frozen dataclasses made of plain values, so they pickle across worker processes and
serialise into the cache unchanged.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Edit:
    """Replace the text from (line, column) to (end_line, end_column) with ``content``: 1-based
    lines, 0-based columns counted in characters (as Finding's); an empty range inserts."""

    line: int
    column: int
    end_line: int
    end_column: int
    content: str


# How far a fix can be trusted (``--fix`` applies "safe" ones; ``--unsafe-fixes`` both).
SAFE = "safe"
UNSAFE = "unsafe"
APPLICABILITIES = (SAFE, UNSAFE)


@dataclass(frozen=True)
class Fix:
    """How to fix a finding, as plain text edits: cacheable, shown in JSON, carried in SARIF,
    offered as an editor code action, and applied by one generic applier (edits.py)."""

    description: str
    applicability: str  # SAFE | UNSAFE
    edits: tuple[Edit, ...]


@dataclass(frozen=True, order=True)
class Finding:
    """One reported problem. Lines are 1-based, columns 0-based (as flake8 and libcst use)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    name: str
    message: str
    # Extra facts a front end may show (e.g. "confirmed" by the runtime sampler).
    extra: tuple[tuple[str, Any], ...] = field(default=(), compare=False)
    # How sure the rule is that this is a problem worth acting on (codes.CONFIDENCES).
    confidence: str = field(default="likely", compare=False)
    # The rule's fix for it, if it has one.
    fix: Fix | None = field(default=None, compare=False)

    def with_extra(self, **items: Any) -> "Finding":
        merged = dict(self.extra)
        merged.update(items)
        return Finding(
            self.path, self.line, self.column, self.end_line, self.end_column,
            self.code, self.name, self.message, tuple(sorted(merged.items())), self.confidence, self.fix,
        )


def finding_order(finding: Finding) -> tuple[Any, ...]:
    """How findings are listed: by path, notebook cell, line, column, code."""
    cell = dict(finding.extra).get("cell", 0) if finding.extra else 0
    return (finding.path, cell, finding.line, finding.column, finding.end_line, finding.end_column,
            finding.code, finding.name, finding.message)


@dataclass(frozen=True)
class FileError:
    """A file that could not be analysed, with the reason in words a user can act on."""

    path: str
    message: str


@dataclass(frozen=True)
class Notice:
    """Something a user should know that does not fail the run: a file skipped on purpose, or a
    file only partly analysed (``lines 10-40 not analysed: ...``)."""

    path: str
    message: str


@dataclass(frozen=True)
class FileResult:
    """What the engine returns for one file: findings, or an error, and its project-wide summary."""

    path: str
    findings: tuple[Finding, ...] = ()
    error: FileError | None = None
    # Facts about the file that project-wide analysis needs (an analysis.summary.ModuleSummary;
    # from the result cache, still pickled until ``summary_of`` reads it).
    summary: Any = None
    lines: int = 0
    notices: tuple[Notice, ...] = ()
    # Findings found but not reported: below the run's ``min-confidence`` (style points, by default).
    hidden: int = 0


@dataclass
class Report:
    """What a run over many files gives the front ends: every file's result, in path order."""

    results: list[FileResult] = field(default_factory=list)
    # Errors about paths themselves (missing, unreadable folder), not about a file's content.
    path_errors: list[FileError] = field(default_factory=list)
    # Notices about paths themselves (a file named explicitly but excluded).
    path_notices: list[Notice] = field(default_factory=list)
    # What a verbose run says about how it ran (the environment followed, library files skipped).
    notes: list[str] = field(default_factory=list)
    # A cached run's stat signature of each file it looked up, taken before the file was read: a
    # run memo records it instead of taking it again (an edit since then misses the memo).
    signatures: dict[str, tuple[int, ...] | None] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.results for f in r.findings), key=finding_order)

    @property
    def errors(self) -> list[FileError]:
        return self.path_errors + [r.error for r in self.results if r.error is not None]

    @property
    def notices(self) -> list[Notice]:
        return self.path_notices + [n for r in self.results for n in r.notices]

    @property
    def hidden(self) -> int:
        """Findings below ``min-confidence``: counted, not reported (they never fail the run)."""
        return sum(r.hidden for r in self.results)

    @property
    def files(self) -> int:
        """Files analysed (read and checked, whether or not they needed parsing)."""
        return sum(1 for r in self.results if r.error is None)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 findings, 2 errors (an error wins over findings)."""
        if self.errors:
            return 2
        return 1 if any(r.findings for r in self.results) else 0


@dataclass(frozen=True)
class Valid:
    """A rule example that must produce no finding of the rule.

    ``config`` is a ``[tool.asyncio-lint]`` table to lint it with, when the example needs one.
    """

    code: str
    config: Any = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Invalid:
    """A rule example that must produce exactly the findings marked ``# expect: CODE`` on its lines."""

    code: str
    config: Any = field(default=None, compare=False, hash=False)


def summary_of(result: FileResult) -> Any:
    """The result's summary (None if it has none). A cached result keeps it pickled (cache.py): a
    run the project phase's memo answers never reads the summaries, and unpickling them was most
    of the cost of loading the cache."""
    value = result.summary
    return _unpickled(value) if isinstance(value, bytes) else value


@lru_cache(maxsize=4096)
def _unpickled(data: bytes) -> Any:
    return pickle.loads(data)
