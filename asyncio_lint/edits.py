"""Applying fixes to source text: text edits in, new text out. No libcst, no rule.

Lines are 1-based and columns 0-based, counted in characters, with ``\\n``, ``\\r\\n`` and ``\\r``
all ending a line (as libcst counts them, so positions from the engine land where they should).

:func:`apply_fixes` applies, in one pass, every fix that does not overlap a fix accepted before
it; the caller re-lints and retries the others (fixing.py). Two fixes may share an identical edit
(both insert ``import asyncio`` at the same place): it is made once.
"""

from __future__ import annotations

import re
from typing import Sequence

from asyncio_lint.types import Edit, Fix

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """The lines of ``text`` as the engine numbers them (``str.splitlines`` also breaks at form
    feeds and other separators, which Python does not count)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines and lines[-1] == "" else lines


def line_starts(text: str) -> list[int]:
    """Offset of the start of each line: ``starts[0]`` is line 1."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def offset(starts: list[int], text: str, line: int, column: int) -> int:
    """The offset of (line, column); a position past the end clamps to the end of the text."""
    if line - 1 >= len(starts):
        return len(text)
    return min(starts[line - 1] + column, len(text))


Span = tuple[int, int]


def _spans(fix: Fix, starts: list[int], text: str) -> list[tuple[int, int, str]]:
    return [(offset(starts, text, e.line, e.column), offset(starts, text, e.end_line, e.end_column), e.content)
            for e in fix.edits]


def _overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """True when two edits touch the same text. Insertions at a range's start or end, and several
    insertions at one point, do not overlap (they are applied in the order accepted)."""
    (a0, a1, _), (b0, b1, _) = a, b
    if a0 == a1 and b0 == b1:
        return False
    if a0 == a1:
        return b0 < a0 < b1
    if b0 == b1:
        return a0 < b0 < a1
    return a0 < b1 and b0 < a1


def apply_fixes(text: str, fixes: Sequence[Fix]) -> tuple[str, list[int]]:
    """``text`` with the fixes applied that overlap no fix accepted before them (in the order
    given), and the indices of those fixes. Identical edits of several fixes are made once."""
    starts = line_starts(text)
    accepted: list[tuple[int, int, str]] = []
    applied: list[int] = []
    for index, fix in enumerate(fixes):
        spans = _spans(fix, starts, text)
        if not spans or any(s0 > s1 for s0, s1, _ in spans):
            continue
        new = [s for s in spans if s not in accepted]
        if any(_overlaps(s, t) for s in new for t in accepted) or any(
                _overlaps(s, t) for i, s in enumerate(new) for t in new[i + 1:]):
            continue
        accepted.extend(new)
        applied.append(index)
    if not accepted:
        return text, applied
    # Stable by start: insertions at one point keep the order they were accepted in, before a
    # replacement that starts there.
    order = sorted(range(len(accepted)), key=lambda i: (accepted[i][0], accepted[i][1] != accepted[i][0], i))
    out: list[str] = []
    position = 0
    for i in order:
        start, end, content = accepted[i]
        out.append(text[position:start])
        out.append(content)
        position = max(position, end)
    out.append(text[position:])
    return "".join(out), applied


__all__ = ["Edit", "Fix", "apply_fixes", "line_starts", "offset", "split_lines"]
