"""JSON: ``{"version", "findings": [...], "errors": [...], "notices": [...], "summary": {...}}``; lines
and columns 1-based (in a notebook, within the cell the finding's ``cell`` names).

Each finding carries its ``confidence`` (certain / likely / style); ``summary.hidden`` counts the
findings below the run's ``min-confidence``, which are not listed. A finding's ``fix`` is null or
``{"applicability": "safe" | "unsafe", "message", "edits": [{"content", "location": {"row",
"column"}, "end_location": {...}}]}``, as Ruff writes it; ``url`` is the rule's documentation.
"""

from __future__ import annotations

import json
from typing import Any

from asyncio_lint import __version__
from asyncio_lint.output import FormatOptions
from asyncio_lint.types import Finding, Fix, Report
from asyncio_lint.urls import rule_url


def fix_dict(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability,
        "message": fix.description,
        "edits": [{"content": e.content,
                   "location": {"row": e.line, "column": e.column + 1},
                   "end_location": {"row": e.end_line, "column": e.end_column + 1}} for e in fix.edits],
    }


def finding_dict(finding: Finding) -> dict[str, object]:
    item: dict[str, object] = {
        "path": finding.path,
        "line": finding.line,
        "column": finding.column + 1,
        "end_line": finding.end_line,
        "end_column": finding.end_column + 1,
        "code": finding.code,
        "name": finding.name,
        "message": finding.message,
        "confidence": finding.confidence,
        "fix": fix_dict(finding.fix),
        "url": rule_url(finding.code),
    }
    item.update(dict(finding.extra))
    return item


def format_report(report: Report, options: FormatOptions | None = None) -> str:
    findings = report.findings
    errors = report.errors
    notices = report.notices
    document = {
        "version": __version__,
        "findings": [finding_dict(f) for f in findings],
        "errors": [{"path": e.path, "message": e.message} for e in errors],
        "notices": [{"path": n.path, "message": n.message} for n in notices],
        "summary": {"files": report.files, "findings": len(findings), "errors": len(errors),
                    "notices": len(notices), "hidden": report.hidden},
    }
    return json.dumps(document, indent=2) + "\n"
