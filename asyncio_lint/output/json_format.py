"""JSON: ``{"version", "findings": [...], "errors": [...], "notices": [...], "summary": {...}}``; lines
and columns 1-based (in a notebook, within the cell the finding's ``cell`` names).

Each finding carries its ``confidence`` (certain / likely / style); ``summary.hidden`` counts the
findings below the run's ``min-confidence``, which are not listed."""

from __future__ import annotations

import json

from asyncio_lint import __version__
from asyncio_lint.types import Report
from asyncio_lint.types import Finding


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
    }
    item.update(dict(finding.extra))
    return item


def format_report(report: Report) -> str:
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
