"""Where a file sits in its project: its dotted module name and the project's root folder.

Light (only ``os``): the per-file summaries name their functions by module, and the project phase
finds the rest of a project from the files it was given.
"""

from __future__ import annotations

import os
from functools import lru_cache

PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


@lru_cache(maxsize=4096)
def _is_package(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "__init__.py"))


def module_name(path: str) -> str:
    """Dotted module name of a file: walk up while the folder holds an ``__init__.py``."""
    path = os.path.abspath(path)
    folder, base = os.path.split(path)
    stem = base[:-3] if base.endswith(".py") else base
    parts = [] if stem == "__init__" else [stem]
    while _is_package(folder):
        folder, name = os.path.split(folder)
        if not name:
            break
        parts.append(name)
    parts.reverse()
    return ".".join(parts) or stem


def project_root(start: str) -> str | None:
    """The nearest folder at or above ``start`` with a pyproject.toml, setup.py, setup.cfg or .git."""
    here = os.path.abspath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        if any(os.path.exists(os.path.join(here, m)) for m in PROJECT_MARKERS):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent
