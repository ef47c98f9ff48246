"""``.gitignore`` files, read as git reads them, for the folder walk (Ruff's ``respect-gitignore``).

As Ruff (and ripgrep) do: inside a git repository (a ``.git`` at or above the folder walked), every
``.gitignore`` from the repository root down, and ``.git/info/exclude``, apply; ``.ignore`` files
apply anywhere, above the ``.gitignore`` ones. A deeper file overrides a shallower one, and within a
file the last matching pattern decides (``!`` re-includes). Paths named on the command line are
never filtered, only what a folder walk finds. The user's global excludes file
(``core.excludesFile``) is not read.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

_Pattern = tuple["re.Pattern[str]", bool, bool]  # regex, negated, directories only


def _translate(glob: str) -> str:
    """The regex of one gitignore glob (``*``, ``?``, ``[...]``, ``**``, backslash escapes)."""
    out: list[str] = []
    i, n = 0, len(glob)
    while i < n:
        c = glob[i]
        if c == "*":
            if glob.startswith("**", i):
                before = i == 0 or glob[i - 1] == "/"
                after = i + 2 == n or glob[i + 2] == "/"
                if before and after:
                    if i + 2 == n:
                        out.append(".*")  # trailing /**: everything inside
                        i += 2
                    else:
                        out.append("(?:.*/)?")  # **/ : zero or more folders
                        i += 3
                    continue
                i += 1  # other consecutive asterisks are plain ones
                continue
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            end = i + 1
            if end < n and glob[end] in "!^":
                end += 1
            if end < n and glob[end] == "]":
                end += 1
            while end < n and glob[end] != "]":
                end += 1
            if end >= n:
                out.append(re.escape(c))
            else:
                body = glob[i + 1:end]
                if body[:1] in ("!", "^"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def parse(text: str) -> list[_Pattern]:
    """The patterns of one ignore file, in order."""
    patterns: list[_Pattern] = []
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        stripped = line.rstrip(" ")
        if stripped.endswith("\\") and len(line) > len(stripped):
            stripped += " "  # an escaped trailing space stays
        line = stripped
        negated = line.startswith("!")
        if negated:
            line = line[1:]
        elif line.startswith("\\!") or line.startswith("\\#"):
            line = line[1:]
        directory = line.endswith("/")
        line = line.rstrip("/")
        if not line:
            continue
        anchored = "/" in line
        line = line.lstrip("/")
        regex = _translate(line)
        if not anchored:
            regex = "(?:.*/)?" + regex
        patterns.append((re.compile(regex + r"\Z", re.S), negated, directory))
    return patterns


@lru_cache(maxsize=1024)
def _file_patterns(path: str) -> tuple[_Pattern, ...]:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return tuple(parse(handle.read()))
    except OSError:
        return ()


@lru_cache(maxsize=4096)
def _repository(folder: str) -> str | None:
    """The root of the git repository ``folder`` is in (where ``.git`` is), if any."""
    if os.path.exists(os.path.join(folder, ".git")):
        return folder
    parent = os.path.dirname(folder)
    return None if parent == folder else _repository(parent)


class IgnoreRules:
    """Answers "does a .gitignore (or .ignore) exclude this path?" during one folder walk."""

    def __init__(self) -> None:
        # folder -> its ignore files, most important first: (folder of the file, patterns)
        self._chains: dict[str, tuple[tuple[str, tuple[_Pattern, ...]], ...]] = {}
        self.read: list[str] = []  # the ignore files consulted (a run memo's inputs)

    def _chain(self, folder: str) -> tuple[tuple[str, tuple[_Pattern, ...]], ...]:
        found = self._chains.get(folder)
        if found is not None:
            return found
        repo = _repository(folder)
        parent = os.path.dirname(folder)
        above = self._chain(parent) if parent != folder else ()
        own = []
        for name in (".ignore", ".gitignore") if repo is not None else (".ignore",):
            path = os.path.join(folder, name)
            self.read.append(path)
            patterns = _file_patterns(path) if os.path.isfile(path) else ()
            if patterns:
                own.append((folder, patterns))
        if repo == folder:
            exclude = os.path.join(folder, ".git", "info", "exclude")
            self.read.append(exclude)
            patterns = _file_patterns(exclude) if os.path.isfile(exclude) else ()
            chain = tuple(own) + above + (((folder, patterns),) if patterns else ())
        else:
            chain = tuple(own) + above
        self._chains[folder] = chain
        return chain

    def ignored(self, path: str, is_dir: bool, absolute: str | None = None, parent: str | None = None) -> bool:
        """True when the nearest matching pattern of the ignore files above ``path`` excludes it.
        ``absolute``: ``path`` made absolute, and ``parent``: its folder, when the caller has them."""
        path = absolute if absolute is not None else os.path.abspath(path)
        for folder, patterns in self._chain(parent if parent is not None else os.path.dirname(path)):
            rel = os.path.relpath(path, folder).replace(os.sep, "/")
            for regex, negated, directory in reversed(patterns):
                if directory and not is_dir:
                    continue
                if regex.match(rel):
                    return not negated
        return False


def clear_memos() -> None:
    _file_patterns.cache_clear()
    _repository.cache_clear()
