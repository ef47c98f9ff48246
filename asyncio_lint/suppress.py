"""``# noqa`` comments, read as flake8 reads them.

``# noqa`` silences every finding on its line; ``# noqa: AIO101,AIO102`` (or with spaces) only those
codes, or codes starting with a listed prefix. A peer's code silences the AIO rule that reports the
same problem (``# noqa: ASYNC230`` silences AIO104: ``codes.PEER_CODES``). The engine applies this
for the CLI; under flake8, flake8 itself does (so ``--disable-noqa`` keeps working), and the plugin
drops the findings that only a peer's code silences (flake8 matches codes by prefix, so it cannot).
"""

from __future__ import annotations

import re

from asyncio_lint.codes import peer_equivalents

# flake8's pattern: codes separated by commas and/or whitespace after "noqa:".
NOQA_RE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_SPLIT_RE = re.compile(r"[,\s]+")

ALL = frozenset({"*"})


def noqa_lines(source: str) -> dict[int, frozenset[str]]:
    """Line number (1-based) -> codes silenced there (``ALL`` for a bare ``# noqa``)."""
    if "noqa" not in source.lower():
        return {}
    result: dict[int, frozenset[str]] = {}
    for number, line in enumerate(source.splitlines(), start=1):
        if "#" not in line:
            continue
        match = NOQA_RE.search(line)
        if match is None:
            continue
        codes = match.group("codes")
        listed = frozenset(c.upper() for c in _SPLIT_RE.split(codes.strip()) if c) if codes else ALL
        result[number] = listed if listed is ALL else listed | peer_equivalents(listed)
    return result


def peer_noqa_lines(source: str) -> dict[int, frozenset[str]]:
    """Line -> the AIO codes that a peer's code in its ``# noqa:`` silences (for the flake8 plugin)."""
    out: dict[int, frozenset[str]] = {}
    for line, codes in noqa_lines(source).items():
        silenced = peer_equivalents(codes) if codes is not ALL else frozenset()
        if silenced:
            out[line] = silenced
    return out


def is_suppressed(code: str, line: int, table: dict[int, frozenset[str]]) -> bool:
    codes = table.get(line)
    if codes is None:
        return False
    return codes is ALL or any(code.startswith(c) for c in codes)
