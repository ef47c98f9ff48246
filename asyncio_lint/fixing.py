"""Applying fixes to files: ``check --fix``, ``--unsafe-fixes``, ``--diff``, ``--fix-only``.

The fixes are the findings' own (plain text edits, types.Fix). For each file with a fix to apply:

1. lint the file as it is now (the report may be older than the file), keeping the report's
   cross-file findings (AIO120/AIO220 through other files) only if the file is unchanged since;
2. apply every selected fix that does not overlap one accepted before it, all in one pass
   (edits.apply_fixes); check that the result parses with libcst and with CPython, else apply
   the fixes one at a time and drop the ones that break it;
3. lint the new text; if the pass brought in a finding (an ``await`` added between a read and a
   write of shared state is a new race), try its fixes one at a time and drop those that do;
   repeat while fixes apply (a fix skipped for overlapping another is made
   in a later pass), at most :data:`MAX_PASSES` times;
4. write the file, only if it changed: a temporary file beside it, then ``os.replace``, with the
   file's own encoding, byte order mark, line endings and permissions.

Nothing else of the file changes, and a second run finds nothing more to fix.
"""

from __future__ import annotations

import difflib
import zlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from asyncio_lint.api import lint_source
from asyncio_lint.config import Config
from asyncio_lint.edits import apply_fixes
from asyncio_lint.files import Configs, configs_of, read_source
from asyncio_lint.notebook import is_notebook
from asyncio_lint.filewrite import encoding_of, parses, write_atomic
from asyncio_lint.source import decode
from asyncio_lint.types import SAFE, FileResult, Finding, Report, summary_of

MAX_PASSES = 10


def applicable(finding: Finding, unsafe: bool) -> bool:
    """The finding has a fix that this run may apply."""
    fix = finding.fix
    return fix is not None and (fix.applicability == SAFE or unsafe)


@dataclass
class FileFixes:
    """What fixing one file did."""

    path: str
    before: str
    after: str
    applied: Counter[str] = field(default_factory=Counter)   # code -> fixes applied
    failed: list[str] = field(default_factory=list)          # fixes dropped: their result did not parse
    skipped: set[FixKey] = field(default_factory=set)       # the dropped fixes, not to be tried again
    drops: list[tuple[Finding, str, str]] = field(default_factory=list)  # (finding, why, the text then)
    error: str | None = None                                  # the file could not be fixed or written

    @property
    def changed(self) -> bool:
        return self.after != self.before

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{self.path}", tofile=f"b/{self.path}"))


FixKey = tuple[str, str]


def fix_key(finding: Finding) -> FixKey:
    """A fix's identity across passes: its code and its first edit, the rewrite itself (the
    ``import`` it also adds is gone once another fix has added it)."""
    edits = finding.fix.edits if finding.fix else ()
    return finding.code, edits[0].content if edits else ""


def fix_text(text: str, path: str, config: Config, unsafe: bool,
             extra: Iterable[Finding] | None = None, skip: Iterable[FixKey] = ()) -> FileFixes:
    """Fix the source ``text`` of ``path`` in memory. ``extra``: the helper-chain findings a run
    reported for this text (through other files, or one root finding for many calls), whose fixes
    are the only ones of their rules applied (in the first pass); None: those of this file alone.
    ``skip``: fixes dropped by an earlier run, not tried."""
    outcome = FileFixes(path, text, text)
    failed: set[FixKey] = set(skip)
    current = text
    reported = None if extra is None else list(extra)
    findings = _findings(current, path, config, reported is not None)
    findings += [f for f in reported or () if f.fix is not None and f not in findings]
    for _ in range(MAX_PASSES):
        chosen = sorted((f for f in findings if applicable(f, unsafe) and fix_key(f) not in failed),
                        key=lambda f: (f.line, f.column, f.code))
        if not chosen:
            break
        new, applied = apply_fixes(current, [f.fix for f in chosen])  # type: ignore[misc]
        if not parses(new):
            new, applied = _one_by_one(current, chosen, applied, failed, outcome)
        if not applied or new == current:
            break
        after = _findings(new, path, config, reported is not None)
        if _adds(findings, after, [chosen[i] for i in applied]):
            new, applied, after = _without_additions(current, path, config, findings, chosen, applied, failed, outcome,
                                                     reported is not None)
            if not applied:
                break
        for index in applied:
            outcome.applied[chosen[index].code] += 1
        current, findings = new, after
    outcome.after = current
    outcome.skipped = failed
    outcome.failed = [f"{f.code} at line {_line_in(then, current, f.line)}: {why}" for f, why, then in outcome.drops]
    return outcome


def _line_in(before: str, after: str, line: int) -> int:
    """Where line ``line`` of ``before`` is in ``after`` (other fixes may have added lines above)."""
    if before == after:
        return line
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    for tag, start, end, new_start, _ in matcher.get_opcodes():
        if start <= line - 1 < end:
            return new_start + (line - 1 - start if tag == "equal" else 0) + 1
    return line


def _adds(before: list[Finding], after: list[Finding], fixed: list[Finding]) -> str | None:
    """The code of a finding the fixes brought in (one more than before, less the fixed ones):
    an unsafe fix adds an ``await``, and state read before it and written after it is a new race."""
    left = Counter(f.code for f in before)
    left.subtract(f.code for f in fixed)
    grown = Counter(f.code for f in after) - +left
    return min(grown) if grown else None


def _without_additions(text: str, path: str, config: Config, before: list[Finding], chosen: list[Finding],
                       applied: list[int], failed: set[FixKey], outcome: FileFixes, reported: bool = False
                       ) -> tuple[str, list[int], list[Finding]]:
    """The pass's fixes without those that bring in a new finding, each tried alone."""
    good = []
    for index in applied:
        finding = chosen[index]
        alone, _ = apply_fixes(text, [finding.fix])  # type: ignore[list-item]
        added = _adds(before, _findings(alone, path, config, reported), [finding])
        if added is None:
            good.append(index)
            continue
        failed.add(fix_key(finding))
        outcome.drops.append((finding, f"the fix would bring in a new {added} finding (fix skipped)", text))
    for subset in ([*good], good[:1]):
        if not subset:
            break
        new, done = apply_fixes(text, [chosen[i].fix for i in subset])  # type: ignore[misc]
        after = _findings(new, path, config, reported)
        if parses(new) and _adds(before, after, [chosen[subset[i]] for i in done]) is None:
            return new, [subset[i] for i in done], after
    return text, [], before


def _one_by_one(text: str, chosen: list[Finding], applied: list[int], failed: set[FixKey],
                outcome: FileFixes) -> tuple[str, list[int]]:
    """The fixes together broke the code: drop each that breaks it alone, then apply the others
    together, or only the first of them if together they still do."""
    good = []
    for index in applied:
        finding = chosen[index]
        alone, done = apply_fixes(text, [finding.fix])  # type: ignore[list-item]
        if done and parses(alone):
            good.append(index)
            continue
        failed.add(fix_key(finding))
        outcome.drops.append((finding, "the fixed code would not parse (fix skipped; please report it)", text))
    if not good:
        return text, []
    new, done = apply_fixes(text, [chosen[i].fix for i in good])  # type: ignore[misc]
    if parses(new):
        return new, [good[i] for i in done]
    new, _ = apply_fixes(text, [chosen[good[0]].fix])  # type: ignore[list-item]
    return new, [good[0]]


def _findings(text: str, path: str, config: Config, reported: bool = False) -> list[Finding]:
    """The findings of ``text`` as a one-file lint gives them (``reported``: but the helper
    chains', which the run's report gives)."""
    result = lint_source(text, path, config, installed=True)
    if result.error is not None:
        return []
    return [f for f in result.findings if not (reported and f.code in _PROJECT_CODES)]


# ---- files -------------------------------------------------------------------------------------------
def fix_report(report: Report, config: "Config | Configs", unsafe: bool, write: bool,
               skip: dict[str, set[FixKey]] | None = None) -> list[FileFixes]:
    """Fix every file of the report with a fix to apply, each with its own configuration; write
    them when ``write``. ``skip``: per file, the fixes an earlier run dropped (their warning is
    given once). Notebooks are not fixed (their findings are placed in the cells' Python)."""
    skip = skip or {}
    configs = configs_of(config)
    out: list[FileFixes] = []
    for result in report.results:
        dropped = skip.get(result.path, set())
        if result.error is not None or is_notebook(result.path) or not any(applicable(f, unsafe) and fix_key(f) not in dropped
                                               for f in result.findings):
            continue
        out.append(fix_file(result, configs.for_file(result.path), unsafe, write, dropped))
    return out


def pending(report: Report, unsafe: bool, skip: dict[str, set[FixKey]]) -> bool:
    """The report has a fix to apply that was not dropped before."""
    return any(applicable(f, unsafe) and fix_key(f) not in skip.get(r.path, set())
               for r in report.results for f in r.findings)


def fix_file(result: FileResult, config: Config, unsafe: bool, write: bool,
             skip: Iterable[FixKey] = ()) -> FileFixes:
    path = result.path
    data = read_source(path)
    if not isinstance(data, bytes):
        return FileFixes(path, "", "", error=data.message)
    try:
        text = decode(data)
    except ValueError as exc:
        return FileFixes(path, "", "", error=str(exc))
    # The project phase's findings (chains through other files) hold if the file is as linted.
    crc = getattr(summary_of(result), "crc", None)
    extra = [f for f in result.findings if f.code in _PROJECT_CODES] if crc == zlib.crc32(data) else None
    outcome = fix_text(text, path, config, unsafe, extra, skip)
    if write and outcome.changed:
        try:
            write_atomic(path, outcome.after, encoding_of(data))
        except (OSError, UnicodeEncodeError) as exc:
            outcome.error = f"cannot write the fixed file: {getattr(exc, 'strerror', None) or exc}"
            outcome.after = outcome.before
    return outcome


def _project_codes() -> frozenset[str]:
    from asyncio_lint.codes import CODES

    return frozenset(c.code for c in CODES.values() if c.family is not None)


_PROJECT_CODES = _project_codes()


def summary(fixed: list[FileFixes]) -> Counter[str]:
    total: Counter[str] = Counter()
    for outcome in fixed:
        total.update(outcome.applied)
    return total
