"""Formatters: a Report in, text out. They know findings, never rules' logic.

Imported lazily, so a warm cached run of the text or JSON format never loads libcst.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from asyncio_lint.types import Report

_MODULES = {"text": "text", "json": "json_format", "sarif": "sarif", "github": "github"}
NAMES = tuple(_MODULES)


def formatter(name: str) -> Callable[["Report"], str]:
    module = importlib.import_module(f"asyncio_lint.output.{_MODULES[name]}")
    return module.format_report  # type: ignore[no-any-return]
