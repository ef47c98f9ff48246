"""Which files a run lints, and reading them.

``iter_files`` walks the paths given (folders recursed, symlink loops broken, excludes applied);
``read_source`` reads one file's bytes or says in words why it cannot.
"""

from __future__ import annotations

import os
import stat
from typing import Iterator, Sequence

from asyncio_lint.config import Config
from asyncio_lint.types import FileError

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


def iter_files(paths: Sequence[str], config: Config, walked: list[str] | None = None) -> Iterator[str | FileError]:
    """Python files under ``paths``: folders recursed (symlink loops broken), excludes applied.

    A path named explicitly is linted even if excluded by a folder rule, as flake8 and Ruff do for
    files; excluded globs still apply to it. ``walked``: if given, every folder walked is appended
    (a run memo's inputs: a file added or removed changes its folder).
    """
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
            if top not in seen and not config.is_excluded(top):
                seen.add(top)
                yield top
            continue
        visited_dirs: set[tuple[int, int]] = set()
        errors: list[OSError] = []
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
            dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDED_DIRS and not d.endswith(".egg-info")
                             and not config.is_excluded(os.path.join(folder, d)))
            for name in sorted(files):
                if not name.endswith(".py"):
                    continue
                path = os.path.normpath(os.path.join(folder, name))
                if path in seen or config.is_excluded(path):
                    continue
                seen.add(path)
                yield path
        for walk_error in errors:
            yield FileError(walk_error.filename or top, f"cannot list folder: {walk_error.strerror or walk_error}")
