"""Formatters: a Report in, text out. They know findings, never rules' logic."""

from __future__ import annotations

from typing import Callable

from asyncio_lint.api import Report
from asyncio_lint.output import github, json_format, sarif, text

FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": text.format_report,
    "json": json_format.format_report,
    "sarif": sarif.format_report,
    "github": github.format_report,
}
