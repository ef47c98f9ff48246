"""Formatters: a Report in, text out. They know findings, never rules' logic.

Imported lazily, so a warm cached run of the text or JSON format never loads libcst.
"""

from __future__ import annotations

import importlib
from typing import Callable, NamedTuple

from asyncio_lint.edits import split_lines

_MODULES = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github"}
NAMES = tuple(_MODULES)


class FormatOptions(NamedTuple):
    """How to render a report (the text format reads most of them).

    ``unsafe_fixes``: unsafe fixes count as applicable (``[*]``); ``show_source``: each finding's
    line with a caret under it, and the rule's documentation link; ``show_fixes``: the fix of each
    fixable finding; ``statistics``: a count per rule instead of the findings; ``quiet``: no
    summary line; ``color``: ANSI colours; ``root``: the folder SARIF paths are relative to.
    """

    unsafe_fixes: bool = False
    show_source: bool = False
    show_fixes: bool = False
    statistics: bool = False
    quiet: bool = False
    color: bool = False
    root: str | None = None
    sources: "dict[str, str] | None" = None  # path -> source text, for sources not on disk (stdin)


Formatter = Callable[..., str]


def formatter(name: str) -> Formatter:
    """``formatter(name)(report, options=FormatOptions())``."""
    module = importlib.import_module(f"asyncio_lint.output.{_MODULES[name]}")
    return module.format_report  # type: ignore[no-any-return]


def source_lines(path: str, options: FormatOptions | None = None) -> list[str]:
    """The lines of a finding's file (empty if it cannot be read now, or is a notebook: its
    findings' lines are the cells')."""
    if options is not None and options.sources and path in options.sources:
        return split_lines(options.sources[path])
    if path.endswith(".ipynb"):
        return []
    from asyncio_lint.files import read_source
    from asyncio_lint.source import decode

    data = read_source(path)
    if not isinstance(data, bytes):
        return []
    try:
        return split_lines(decode(data))
    except ValueError:
        return []
