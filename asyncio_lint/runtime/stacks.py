"""Stack frames as plain values, and which of them belong to the user's own code.

The sampler records stacks outermost frame first (the order a traceback prints them). The
*blocking frame* of a sample is its innermost frame in the user's code: not in the standard
library, not in site-packages, not in asyncio-lint itself. :func:`attribute` splits a stall's
time between the lines its samples saw.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import dis
from types import FrameType
from typing import Iterable, Sequence

from .model import Frame, LineShare, Sample, Stack

#: Deepest stack kept per sample (innermost frames win).
MAX_DEPTH = 128




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


_CALL_OPS = frozenset(
    code for name, code in dis.opmap.items() if name.startswith(("CALL", "PRECALL")) and name != "CALL_INTRINSIC_1"
)
_op_cache: dict[tuple[int, int], bool] = {}


def in_call(frame: FrameType | None) -> bool:
    """True if ``frame`` is executing a call instruction (a C call in progress or just done).

    A signal tick that a C call holding the GIL delayed runs right after the call, with the
    frame still on its call instruction: that is the line the delay belongs to.
    """
    if frame is None:
        return False
    code, lasti = frame.f_code, frame.f_lasti
    key = (id(code), lasti)
    cached = _op_cache.get(key)
    if cached is None:
        raw = code.co_code
        cached = 0 <= lasti < len(raw) and raw[lasti] in _CALL_OPS
        if len(_op_cache) > 4096:
            _op_cache.clear()
        _op_cache[key] = cached
    return cached


def attribute(samples: Sequence[Sample], start: float, end: float) -> list[LineShare]:
    """The lines that held a stall from ``start`` to ``end`` (monotonic), largest share first.

    Each sample stands for the time since the previous one (the first since ``start``): a look
    that came late was held up by what the thread was doing when it finally ran, so that time
    is its line's. The stretch after the last sample goes to the last sample's line. Lines are
    the samples' innermost user frames; ties go to the line seen in a call (C code in
    progress), then to the line with more samples, then by path and line: never by order.
    """
    if not samples:
        return []
    weights: dict[Frame | None, float] = {}
    counts: dict[Frame | None, int] = {}
    calls: dict[Frame | None, int] = {}
    previous = start
    ordered = sorted(samples, key=lambda sample: sample.at)
    for index, sample in enumerate(ordered):
        frame = innermost_user_frame(sample.stack)
        until = end if index == len(ordered) - 1 else min(max(sample.at, previous), end)
        weights[frame] = weights.get(frame, 0.0) + max(until - previous, 0.0)
        counts[frame] = counts.get(frame, 0) + 1
        calls[frame] = calls.get(frame, 0) + (1 if sample.in_call else 0)
        previous = max(previous, until)
    total = sum(weights.values())
    span = max(end - start, 0.0)
    scale = span / total if total > 0 else 0.0
    if total <= 0:  # every sample at the very end: share by count
        scale, weights = span / len(ordered), {frame: float(count) for frame, count in counts.items()}

    def order(frame: Frame | None) -> tuple[float, int, int, str, int]:
        return (-weights[frame], -calls[frame], -counts[frame],
                frame.path if frame else "\uffff", frame.line if frame else 0)

    return [LineShare(frame, counts[frame], weights[frame] * scale * 1000.0) for frame in sorted(weights, key=order)]


def blocking_frame(stacks: Iterable[Sequence[Frame]]) -> Frame | None:
    """The innermost user frame seen most often across samples (ties by path and line)."""
    shares = attribute([Sample(tuple(stack), float(index)) for index, stack in enumerate(stacks)], -1.0, -1.0)
    for share in shares:
        if share.frame is not None:
            return share.frame
    return None


def top_frame(shares: Sequence[LineShare]) -> Frame | None:
    """The user line holding the largest share (the stall's blocking frame)."""
    for share in shares:
        if share.frame is not None:
            return share.frame
    return None
