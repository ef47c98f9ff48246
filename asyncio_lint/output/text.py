"""``path:line:col: AIO101 message``, one line a finding (in a notebook ``path:cell 2:line:col:``),
then the errors and notes, then a one-line summary (columns 1-based)."""

from __future__ import annotations

from asyncio_lint.types import Report
from asyncio_lint.types import Finding


def format_finding(finding: Finding) -> str:
    marker = dict(finding.extra)
    suffix = f" [confirmed at run time: {marker.get('stall_ms', '?')} ms stall]" if marker.get("confirmed") else ""
    cell = f"cell {marker['cell']}:" if "cell" in marker else ""  # (a notebook's, as Ruff shows it)
    # Only style points are marked: they are shown on request, beside findings that need a fix.
    if finding.confidence == "style":
        suffix += " [style]"
    return f"{finding.path}:{cell}{finding.line}:{finding.column + 1}: {finding.code} {finding.message}{suffix}"


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


def format_report(report: Report) -> str:
    lines = [format_finding(f) for f in report.findings]
    lines += [f"{e.path}: error: {e.message}" for e in report.errors]
    lines += [f"{n.path}: note: {n.message}" for n in report.notices]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
