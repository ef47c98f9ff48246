"""Where a file sits in its project: its dotted module name and the project's root folder.

Light (only ``os``): the per-file summaries name their functions by module, and the project phase
finds the rest of a project from the files it was given.

A file in a regular package is named by its ``__init__.py`` chain (``pkg/sub/mod.py`` ->
``pkg.sub.mod``). A file in a folder without ``__init__.py`` below the project's source root (the
project root, or its ``src/`` folder) is in a namespace package (PEP 420) and is named from that
root (``lib/helpers.py`` -> ``lib.helpers``); its bare name (``helpers``, how a script beside it
imports it) is kept as an alias. So is the namespace name of a regular package below such folders
(``ns/pkg/mod.py``: ``pkg.mod``, alias ``ns.pkg.mod``).
"""

from __future__ import annotations

import os
from functools import lru_cache

PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")


@lru_cache(maxsize=4096)
def _is_package(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "__init__.py"))


@lru_cache(maxsize=4096)
def _package_chain(folder: str) -> tuple[tuple[str, ...], str]:
    """(the names of the packages ``folder`` is in, outermost first, down to itself; the first
    folder above it that is no package): the same for every file of a folder."""
    parts: list[str] = []
    while _is_package(folder):
        folder, name = os.path.split(folder)
        if not name:
            break
        parts.append(name)
    parts.reverse()
    return tuple(parts), folder


@lru_cache(maxsize=4096)
def _source_root(folder: str) -> str | None:
    """The source root a folder lies in: its project root, or the project root's ``src``."""
    root = project_root(folder)
    if root is None:
        return None
    src = os.path.join(root, "src")
    if folder == src or folder.startswith(src + os.sep):
        return src
    return root


@lru_cache(maxsize=65536)
def module_names(path: str) -> tuple[str, tuple[str, ...]]:
    """(the module name of a file, its other names): see the module docstring. Memoised: a run
    starts with :func:`clear_memos`."""
    folder, base = os.path.split(path)
    packages, below_top, namespace = _folder_names(folder)
    stem = base[:-3] if base.endswith(".py") else base
    parts = packages if stem == "__init__" else (*packages, stem)
    classic = ".".join(parts or (stem,))
    if namespace is None:
        return classic, ()
    namespaced = ".".join((*namespace, *(parts or (stem,))))
    if below_top or base == "__init__.py":  # in a regular package below the namespace folders
        return classic, (namespaced,)
    return namespaced, (classic,)


@lru_cache(maxsize=16384)
def _folder_names(folder: str) -> tuple[tuple[str, ...], bool, tuple[str, ...] | None]:
    """What the files of ``folder`` (as given, relative or not) share: the packages it is in, down
    to itself; whether it is below the first folder above it that is no package; the namespace
    folders above that one (None: none). Taken once per folder, not per file."""
    absolute = os.path.abspath(folder)
    packages, top = _package_chain(absolute)
    return packages, absolute != top, _namespace_folders(top)


@lru_cache(maxsize=4096)
def _namespace_folders(top: str) -> tuple[str, ...] | None:
    """The folders from the source root down to ``top`` (the first folder above a file that is no
    package), when they name a namespace package; None when ``top`` is the root or outside it."""
    root = _source_root(top)
    if root is None or top == root or not top.startswith(root + os.sep):
        return None
    folders = tuple(os.path.relpath(top, root).split(os.sep))
    return folders if all(name.isidentifier() for name in folders) else None


def module_name(path: str) -> str:
    """Dotted module name of a file (namespace packages included, see the module docstring)."""
    return module_names(path)[0]


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


def clear_memos() -> None:
    """Forget what the folders looked like (a long-lived process, or a test, after changing them)."""
    _is_package.cache_clear()
    _package_chain.cache_clear()
    _namespace_folders.cache_clear()
    _source_root.cache_clear()
    _folder_names.cache_clear()
    module_names.cache_clear()
