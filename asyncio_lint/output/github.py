"""GitHub Actions workflow commands: ``::warning file=...,line=...,col=...::message``."""

from __future__ import annotations

from asyncio_lint.output import FormatOptions
from asyncio_lint.types import Report


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def format_report(report: Report, options: FormatOptions | None = None) -> str:
    lines = []
    for f in report.findings:
        cell = dict(f.extra).get("cell")
        title = f.code + " " + f.name + (f" (cell {cell})" if cell is not None else "")
        lines.append(
            f"::warning file={_prop(f.path)},line={f.line},col={f.column + 1},endLine={f.end_line},"
            f"endColumn={f.end_column + 1},title={_prop(title)}::{_data(f.code + ' ' + f.message)}"
        )
    for e in report.errors:
        lines.append(f"::error file={_prop(e.path)},title=asyncio-lint::{_data(e.message)}")
    for n in report.notices:
        lines.append(f"::notice file={_prop(n.path)},title=asyncio-lint::{_data(n.message)}")
    return "\n".join(lines) + ("\n" if lines else "")
