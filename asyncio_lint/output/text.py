"""``path:line:col: AIO101 [*] message``, one line a finding (in a notebook ``path:cell 2:line:col:``),
then the errors and notes, then a one-line summary (columns 1-based).

``[*]`` marks a finding whose fix this run may apply (``check --fix``; unsafe fixes with
``--unsafe-fixes``). Options (output.FormatOptions): the source line with a caret under the
finding (``--show-source``), the fix of each fixable finding (``--show-fixes``), a count per rule
(``--statistics``), no summary (``--quiet``), ANSI colours (``--color``).
"""

from __future__ import annotations

from collections import Counter

from asyncio_lint.output import FormatOptions, source_lines
from asyncio_lint.types import SAFE, Finding, Report

_BOLD, _RED, _CYAN, _DIM, _RESET = "\033[1m", "\033[31m", "\033[36m", "\033[2m", "\033[0m"


def _paint(text: str, style: str, options: FormatOptions) -> str:
    return f"{style}{text}{_RESET}" if options.color else text


def fixable(finding: Finding, options: FormatOptions) -> bool:
    fix = finding.fix
    return fix is not None and (fix.applicability == SAFE or options.unsafe_fixes)


def format_finding(finding: Finding, options: FormatOptions | None = None) -> str:
    options = options or FormatOptions()
    marker = dict(finding.extra)
    suffix = f" [confirmed at run time: {marker.get('stall_ms', '?')} ms stall]" if marker.get("confirmed") else ""
    cell = f"cell {marker['cell']}:" if "cell" in marker else ""  # (a notebook's, as Ruff shows it)
    # Only style points are marked: they are shown on request, beside findings that need a fix.
    if finding.confidence == "style":
        suffix += " [style]"
    star = _paint("[*] ", _CYAN, options) if fixable(finding, options) else ""
    where = _paint(f"{finding.path}:{cell}{finding.line}:{finding.column + 1}:", _BOLD, options)
    code = _paint(finding.code, _RED + _BOLD, options)
    return f"{where} {code} {star}{finding.message}{suffix}"


def _source(finding: Finding, lines: list[str], options: FormatOptions) -> list[str]:
    """The finding's first line and a caret under its columns (to the line's end if it goes on)."""
    if not 0 < finding.line <= len(lines):
        return []
    line = lines[finding.line - 1].expandtabs(1)
    end = finding.end_column if finding.end_line == finding.line else len(line)
    width = max(1, end - finding.column)
    number = f"{finding.line} | "
    return [f"  {number}{line}",
            "  " + " " * len(number) + " " * finding.column + _paint("^" * width, _RED, options)]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(report: Report) -> str:
    findings = report.findings
    errors = report.errors
    with_findings = len({f.path for f in findings})
    if not findings and not errors:
        return f"All clear: {_plural(report.files, 'file')} checked, no findings." + _hidden(report)
    parts = [f"Found {_plural(len(findings), 'finding')} in {_plural(with_findings, 'file')}",
             f"{_plural(report.files, 'file')} checked"]
    if errors:
        parts.append(f"{_plural(len(errors), 'file')} could not be analysed")
    return ", ".join(parts) + "." + _hidden(report)


def _hidden(report: Report) -> str:
    if not report.hidden:
        return ""
    return (f" {_plural(report.hidden, 'finding')} below the minimum confidence not shown "
            f"(`--min-confidence style` shows {'it' if report.hidden == 1 else 'them'}).")


def fix_summary(findings: list[Finding], options: FormatOptions) -> list[str]:
    """Ruff's hint lines: how many findings ``--fix`` would fix, and how many more fixes
    ``--unsafe-fixes`` would enable."""
    safe = sum(1 for f in findings if f.fix is not None and f.fix.applicability == SAFE)
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.applicability != SAFE)
    now = safe + (unsafe if options.unsafe_fixes else 0)
    lines = []
    if now:
        lines.append(f"[*] {now} fixable with the `--fix` option.")
    if unsafe and not options.unsafe_fixes:
        hidden = f"{unsafe} hidden fix{'' if unsafe == 1 else 'es'} can be enabled with the `--unsafe-fixes` option."
        lines.append(f"({hidden})" if now else f"No fixes available ({hidden})")
    return lines


def statistics(report: Report, options: FormatOptions) -> list[str]:
    """``count  code  [*] name`` per rule, most frequent first, then the total and the fixable."""
    findings = report.findings
    counts = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    fixes = Counter(f.code for f in findings if fixable(f, options))
    width = max((len(str(n)) for n in counts.values()), default=1)
    lines = []
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        star = "[*]" if fixes[code] == count else f"[{fixes[code]}*]" if fixes[code] else "   "
        lines.append(f"{count:>{width}}\t{code}\t{star} {names[code]}")
    lines.append(f"Found {_plural(len(findings), 'finding')}"
                 + (f" ({sum(fixes.values())} fixable with `--fix`"
                    + (" --unsafe-fixes" if options.unsafe_fixes else "") + ")" if fixes else "") + ".")
    return lines


def format_report(report: Report, options: FormatOptions | None = None) -> str:
    options = options or FormatOptions()
    findings = report.findings
    if options.statistics:
        lines = statistics(report, options)
        lines += [f"{e.path}: error: {e.message}" for e in report.errors]
        return "\n".join(lines) + "\n"
    lines = []
    cached: dict[str, list[str]] = {}
    for finding in findings:
        lines.append(format_finding(finding, options))
        if options.show_source:
            if finding.path not in cached:
                cached[finding.path] = source_lines(finding.path, options)
            lines += _source(finding, cached[finding.path], options)
            from asyncio_lint.urls import rule_url

            lines.append(_paint(f"  docs: {rule_url(finding.code)}", _DIM, options))
        if options.show_fixes and finding.fix is not None:
            kind = "" if finding.fix.applicability == SAFE else " (unsafe)"
            lines.append(f"  fix{kind}: {finding.fix.description}")
    lines += [f"{e.path}: error: {e.message}" for e in report.errors]
    lines += [f"{n.path}: note: {n.message}" for n in report.notices]
    if not options.quiet:
        lines.append(summary(report))
        lines += fix_summary(findings, options)
    return "\n".join(lines) + ("\n" if lines else "")
