"""Which files a run lints, and reading them.

``iter_files`` walks the paths given (folders recursed, symlink loops broken, excludes and
``.gitignore`` applied, each path by its own configuration);
``read_source`` reads one file's bytes or says in words why it cannot.
"""

from __future__ import annotations

import os
import stat
from typing import Iterator, Protocol, Sequence

from asyncio_lint.config import Config
from asyncio_lint.gitignore import IgnoreRules
from asyncio_lint.notebook import NOTEBOOK_SUFFIX
from asyncio_lint.types import FileError, Notice

# Folders never worth linting: virtualenvs, VCS metadata, build output, caches.
DEFAULT_EXCLUDED_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".env", "env", "__pycache__", "build", "dist",
    ".tox", ".nox", "node_modules", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs",
    ".asyncio_lint_cache", "site-packages", "__pypackages__", ".direnv", "_build", "buck-out",
})


def read_source(path: str) -> bytes | FileError:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return FileError(path, "no such file")
    except IsADirectoryError:
        return FileError(path, "is a directory")
    except PermissionError:
        return FileError(path, "permission denied (cannot read the file)")
    except OSError as exc:
        return FileError(path, f"cannot read: {exc.strerror or exc}")


class Configs(Protocol):
    """What gives each file its configuration (config.ConfigResolver, or one Config for all)."""

    def for_path(self, path: str) -> Config: ...

    def for_file(self, path: str) -> Config: ...

    def for_folder(self, folder: str) -> Config: ...


class _One:
    def __init__(self, config: Config) -> None:
        self.config = config

    def for_path(self, path: str) -> Config:
        return self.config

    def for_file(self, path: str) -> Config:
        return self.config

    def for_folder(self, folder: str) -> Config:
        return self.config


def configs_of(configs: "Config | Configs") -> Configs:
    return _One(configs) if isinstance(configs, Config) else configs


def is_source(name: str) -> bool:
    """A file a folder walk lints: Python modules and Jupyter notebooks."""
    return name.endswith(".py") or name.endswith(NOTEBOOK_SUFFIX)


def iter_files(paths: Sequence[str], configs: "Config | Configs", walked: list[str] | None = None
               ) -> Iterator[str | FileError | Notice]:
    """Python files (and notebooks) under ``paths``: folders recursed (symlink loops broken),
    excludes and ``.gitignore`` files applied, each path judged by its own configuration.

    A path named explicitly is linted even if excluded by a folder rule or ignored by git, as
    flake8 and Ruff do for files; an ``exclude`` glob still applies to it, and a Notice says so.
    ``walked``: if given, every folder walked and ignore file read is appended (a run memo's
    inputs: a file added or removed changes its folder).
    """
    resolver = configs_of(configs)
    seen: set[str] = set()
    for top in paths:
        try:
            info = os.stat(top)
        except FileNotFoundError:
            yield FileError(top, "no such file or directory")
            continue
        except OSError as exc:
            yield FileError(top, f"cannot access: {exc.strerror or exc}")
            continue
        if not stat.S_ISDIR(info.st_mode):
            if top in seen:
                continue
            seen.add(top)
            config = resolver.for_file(top)
            pattern = config.excluded_by(top) if config.exclude or config.extend_exclude else None
            if pattern is None:
                yield top
            else:
                where = f" in {config.source}" if config.source else ""
                yield Notice(top, f"not checked: it matches the exclude pattern {pattern!r}{where}")
            continue
        visited_dirs: set[tuple[int, int]] = set()
        errors: list[OSError] = []
        ignore = IgnoreRules()
        for folder, dirs, files in os.walk(top, followlinks=True, onerror=errors.append):
            try:
                folder_stat = os.stat(folder)
            except OSError:
                dirs[:] = []
                continue
            key = (folder_stat.st_dev, folder_stat.st_ino)
            if key in visited_dirs:  # a symlink loop, or the same folder reached twice
                dirs[:] = []
                continue
            visited_dirs.add(key)
            if walked is not None:
                walked.append(folder)
            here = os.path.abspath(folder)
            config = resolver.for_folder(here)
            git = config.respect_gitignore
            kept = []
            for d in sorted(dirs):
                if d in DEFAULT_EXCLUDED_DIRS or d.endswith(".egg-info"):
                    continue
                sub, absolute = os.path.join(folder, d), os.path.join(here, d)
                if resolver.for_folder(absolute).is_excluded(sub) or (git and ignore.ignored(sub, True, absolute)):
                    continue
                kept.append(d)
            dirs[:] = kept
            # (a file's name has no separator: its path is its folder's, normalised once, + name)
            prefix = os.path.normpath(folder)
            prefix = "" if prefix == os.curdir else os.path.join(prefix, "")
            absolute_prefix = os.path.join(here, "")
            for name in sorted(files):
                if not is_source(name):
                    continue
                path = prefix + name
                if path in seen or config.is_excluded(path) or (
                        git and ignore.ignored(path, False, absolute_prefix + name, here)):
                    continue
                seen.add(path)
                yield path
        if walked is not None:
            walked.extend(ignore.read)
        for walk_error in errors:
            yield FileError(walk_error.filename or top, f"cannot list folder: {walk_error.strerror or walk_error}")
