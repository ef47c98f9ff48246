"""SARIF 2.1.0, as GitHub code scanning accepts it."""

from __future__ import annotations

import inspect
import json
import os
from pathlib import PurePath

from asyncio_lint import __version__
from asyncio_lint.types import Report
from asyncio_lint.registry import all_rules
from asyncio_lint.rule import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://pypi.org/project/asyncio-lint/"


def _uri(path: str) -> str:
    if os.path.isabs(path):
        return PurePath(path).as_uri()
    return PurePath(path).as_posix()


def _rule_descriptor(rule: type[Rule]) -> dict[str, object]:
    doc = inspect.cleandoc(rule.__doc__ or "")
    first = doc.split("## Why is this bad?")[0].replace("## What it does", "").strip()
    return {
        "id": rule.CODE,
        "name": rule.NAME,
        "shortDescription": {"text": f"{rule.CODE} {rule.NAME}"},
        "fullDescription": {"text": first},
        "help": {"text": doc, "markdown": doc},
        "defaultConfiguration": {"level": "warning"},
        "properties": {"tags": ["asyncio"]},
    }


def format_report(report: Report) -> str:
    rules = all_rules()
    index = {rule.CODE: i for i, rule in enumerate(rules)}
    results = []
    for f in report.findings:
        result: dict[str, object] = {
            "ruleId": f.code,
            "level": "warning",
            "message": {"text": f.message},
            "locations": [{
                "physicalLocation": {
                    "artifactLocation": {"uri": _uri(f.path)},
                    "region": {"startLine": f.line, "startColumn": f.column + 1,
                               "endLine": f.end_line, "endColumn": f.end_column + 1},
                }
            }],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        cell = dict(f.extra).get("cell")
        if cell is not None:  # (a notebook: the region's lines are the cell's)
            result["properties"] = {"cell": cell}
        results.append(result)
    notifications = [{
        "level": "error",
        "message": {"text": e.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(e.path)}}}],
    } for e in report.errors]
    notifications += [{
        "level": "note",
        "message": {"text": n.message},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(n.path)}}}],
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
            "results": results,
            "invocations": [{
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": notifications,
            }],
        }],
    }
    return json.dumps(document, indent=2) + "\n"
