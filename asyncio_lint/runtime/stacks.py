"""Stack frames as plain values, and which of them belong to the user's own code.

The sampler records stacks outermost frame first (the order a traceback prints them). The
*blocking frame* of a sample is its innermost frame in the user's code: not in the standard
library, not in site-packages, not in asyncio-lint itself.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from collections import Counter
from dataclasses import dataclass
from types import FrameType
from typing import Any, Iterable, Sequence

#: Deepest stack kept per sample (innermost frames win).
MAX_DEPTH = 128


@dataclass(frozen=True)
class Frame:
    """One stack frame: an absolute path, a 1-based line and the function's name."""

    path: str
    line: int
    function: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "function": self.function}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Frame":
        return cls(str(data["path"]), int(data["line"]), str(data["function"]))


Stack = tuple[Frame, ...]


def _library_roots() -> tuple[str, ...]:
    base = getattr(sys, "base_prefix", sys.prefix)
    roots: set[str] = set()
    for scheme_vars in (None, {"base": base, "platbase": base, "installed_base": base}):
        paths = sysconfig.get_paths(vars=scheme_vars) if scheme_vars else sysconfig.get_paths()
        for key in ("stdlib", "platstdlib", "purelib", "platlib", "scripts"):
            if paths.get(key):
                roots.add(os.path.realpath(paths[key]))
    # asyncio-lint's own package: its frames are never the user's blocking line.
    roots.add(os.path.realpath(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    return tuple(sorted(root.rstrip(os.sep) + os.sep for root in roots))


_LIBRARY_ROOTS = _library_roots()
_is_library_cache: dict[str, bool] = {}
_abspath_cache: dict[str, str] = {}


def is_library(path: str) -> bool:
    """True if ``path`` is the standard library, an installed package or asyncio-lint itself."""
    cached = _is_library_cache.get(path)
    if cached is not None:
        return cached
    if path.startswith("<"):
        result = path.startswith("<frozen")
    else:
        real = os.path.realpath(path)
        parts = real.split(os.sep)
        result = (
            "site-packages" in parts
            or "dist-packages" in parts
            or any(real.startswith(root) for root in _LIBRARY_ROOTS)
        )
    _is_library_cache[path] = result
    return result


def _absolute(filename: str) -> str:
    path = _abspath_cache.get(filename)
    if path is None:
        path = filename if filename.startswith("<") else os.path.abspath(filename)
        _abspath_cache[filename] = path
    return path


_RUNNER_FILES = frozenset(
    {os.path.join(os.path.dirname(os.path.abspath(__file__)), "run.py"), "<frozen runpy>"}
)


def _is_runner(path: str) -> bool:
    """Frames of what starts the program (``asyncio-lint sample``'s runner, runpy)."""
    return path in _RUNNER_FILES or path.endswith(os.sep + "runpy.py")


def extract_stack(frame: FrameType | None, limit: int = MAX_DEPTH) -> Stack:
    """The stack ending at ``frame``, outermost first, without the runner's own outer frames."""
    frames: list[Frame] = []
    while frame is not None and len(frames) < limit:
        code = frame.f_code
        frames.append(Frame(_absolute(code.co_filename), frame.f_lineno or 0, code.co_name))
        frame = frame.f_back
    frames.reverse()
    # Under ``asyncio-lint sample`` the program's stack starts below our runner: leave out the
    # console script, click and runner frames above it.
    start = 0
    for index, entry in enumerate(frames[:-1]):
        if _is_runner(entry.path):
            start = index + 1
    return tuple(frames[start:])


def innermost_user_frame(stack: Sequence[Frame]) -> Frame | None:
    for frame in reversed(stack):
        if not is_library(frame.path):
            return frame
    return None


def blocking_frame(stacks: Iterable[Sequence[Frame]]) -> Frame | None:
    """The innermost user frame seen most often across samples (the latest one on a tie)."""
    counts: Counter[Frame] = Counter()
    last_seen: dict[Frame, int] = {}
    for index, stack in enumerate(stacks):
        frame = innermost_user_frame(stack)
        if frame is not None:
            counts[frame] += 1
            last_seen[frame] = index
    if not counts:
        return None
    return max(counts, key=lambda f: (counts[f], last_seen[f]))
