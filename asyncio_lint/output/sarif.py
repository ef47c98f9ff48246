"""SARIF 2.1.0, as GitHub code scanning accepts it (``github/codeql-action/upload-sarif``).

* Paths are relative to the repository root (the folder holding ``.git`` above the current one,
  else the current folder) with ``uriBaseId`` ``%SRCROOT%``, which ``originalUriBaseIds`` defines;
  columns count Unicode code points (``columnKind``).
* Each result's level follows its confidence (certain: error, likely: warning, style: note), and
  its ``partialFingerprints.primaryLocationLineHash`` is made of its code, file and the text of its
  lines (fingerprint.py), so an alert survives edits that only move it.
* Each rule has its full documentation (``help``), a ``helpUri`` to its page (urls.py), and its
  default level; a fixable result carries its fix (``fixes``: the text edits).
"""

from __future__ import annotations

import inspect
import json
import os
from pathlib import Path, PurePath
from typing import Any

from asyncio_lint import __version__
from asyncio_lint.docs import rule_doc
from asyncio_lint.fingerprint import digest, keys
from asyncio_lint.output import FormatOptions, source_lines
from asyncio_lint.registry import all_rules
from asyncio_lint.rule import Rule
from asyncio_lint.types import Finding, Fix, Report
from asyncio_lint.urls import REPOSITORY, rule_url

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = REPOSITORY
ROOT_ID = "%SRCROOT%"
LEVELS = {"certain": "error", "likely": "warning", "style": "note"}
# GitHub's own properties: how sure a rule is, and how bad its findings are.
PRECISIONS = {"certain": "very-high", "likely": "high", "style": "medium"}
SEVERITIES = {"certain": "error", "likely": "warning", "style": "recommendation"}


def repository_root(start: str | None = None) -> str:
    """The nearest folder at or above ``start`` (default: the current one) holding ``.git``, else ``start``."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return str(folder)
    return str(here)


def _location(path: str, root: str) -> dict[str, str]:
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, root)
    if rel.startswith(".."):
        return {"uri": PurePath(absolute).as_uri()}
    return {"uri": PurePath(rel).as_posix(), "uriBaseId": ROOT_ID}


def _rule_descriptor(rule: type[Rule]) -> dict[str, object]:
    doc = inspect.cleandoc(rule.__doc__ or "")
    first = doc.split("## Why is this bad?")[0].replace("## What it does", "").strip()
    page = rule_doc(rule)
    return {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": f"{rule.CODE} {rule.NAME}"},
        "fullDescription": {"text": first},
        "help": {"text": page, "markdown": page},
        "helpUri": rule_url(rule.CODE),
        "defaultConfiguration": {"level": LEVELS[rule.CONFIDENCE]},
        "properties": {"tags": ["asyncio", rule.CODE[:4].lower() + "xx"], "precision": PRECISIONS[rule.CONFIDENCE],
                       "problem.severity": SEVERITIES[rule.CONFIDENCE]},
    }


def _region(line: int, column: int, end_line: int, end_column: int) -> dict[str, int]:
    return {"startLine": line, "startColumn": column + 1, "endLine": end_line, "endColumn": end_column + 1}


def _fix(fix: Fix, location: dict[str, str]) -> dict[str, Any]:
    return {
        "description": {"text": f"{fix.description} ({fix.applicability} fix)"},
        "artifactChanges": [{
            "artifactLocation": location,
            "replacements": [{"deletedRegion": _region(e.line, e.column, e.end_line, e.end_column),
                              "insertedContent": {"text": e.content}} for e in fix.edits],
        }],
    }


def _result(finding: Finding, index: dict[str, int], root: str, fingerprint: str) -> dict[str, Any]:
    location = _location(finding.path, root)
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "level": LEVELS.get(finding.confidence, "warning"),
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {
            "artifactLocation": location,
            "region": _region(finding.line, finding.column, finding.end_line, finding.end_column),
        }}],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    }
    if finding.code in index:
        result["ruleIndex"] = index[finding.code]
    calls = dict(finding.extra).get("calls")
    if calls:  # (a root finding: the calls from coroutines that reach it)
        result["relatedLocations"] = [{
            "id": number,
            "physicalLocation": {"artifactLocation": _location(call["path"], root),
                                 "region": {"startLine": call["line"], "startColumn": call["column"]}},
            "message": {"text": f"`{call['call']}` from a coroutine"},
        } for number, call in enumerate(calls, start=1)]
    cell = dict(finding.extra).get("cell")
    if cell is not None:  # (a notebook: the region's lines are the cell's)
        result["properties"] = {"cell": cell}
    elif finding.fix is not None:
        result["fixes"] = [_fix(finding.fix, location)]
    return result


def format_report(report: Report, options: FormatOptions | None = None) -> str:
    options = options or FormatOptions()
    root = options.root or repository_root()
    rules = all_rules()
    index = {rule.CODE: i for i, rule in enumerate(rules)}
    findings = report.findings
    lines = {path: source_lines(path, options) for path in {f.path for f in findings}}
    relative = {path: _location(path, root)["uri"] for path in lines}
    fingerprints = [digest(k) for k in keys(findings, lines, relative)]
    results = [_result(f, index, root, fp) for f, fp in zip(findings, fingerprints, strict=True)]
    notifications = [{
        "level": "error",
        "message": {"text": e.message},
        "locations": [{"physicalLocation": {"artifactLocation": _location(e.path, root)}}],
    } for e in report.errors]
    notifications += [{
        "level": "note",
        "message": {"text": n.message},
        "locations": [{"physicalLocation": {"artifactLocation": _location(n.path, root)}}],
    } for n in report.notices]
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "asyncio-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFO_URI,
                "rules": [_rule_descriptor(r) for r in rules],
            }},
            "originalUriBaseIds": {ROOT_ID: {"uri": PurePath(root).as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [{
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": notifications,
            }],
        }],
    }
    return json.dumps(document, indent=2) + "\n"
