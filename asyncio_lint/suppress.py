"""``# noqa`` comments, read as flake8 reads them.

``# noqa`` silences every finding on its line; ``# noqa: AIO101,AIO102`` (or with spaces, in any
case: ``# NOQA: aio101``) only those codes, or codes starting with a listed prefix. A peer's code silences the AIO rule
that reports the same problem (``# noqa: ASYNC230`` silences AIO104: ``codes.PEER_CODES``). A line
starting with ``# flake8: noqa`` exempts the whole file, as flake8 skips it.
The engine applies this for the CLI and for the flake8 plugin alike (the plugin leaves it to
flake8's ``--disable-noqa``), so both front ends agree.
"""

from __future__ import annotations

import re

from asyncio_lint.codes import peer_equivalents

# flake8's pattern: codes separated by commas and/or whitespace after "noqa:".
NOQA_RE = re.compile(r"# noqa(?::[\s]?(?P<codes>([A-Z]+[0-9]+(?:[,\s]+)?)+))?", re.IGNORECASE)
_SPLIT_RE = re.compile(r"[,\s]+")

ALL = frozenset({"*"})


FILE = 0  # the key of noqa_lines' table for the whole file's exemptions


def noqa_lines(source: str) -> dict[int, frozenset[str]]:
    """Line number (1-based) -> codes silenced there (``ALL`` for a bare ``# noqa``); under
    :data:`FILE` (0), the codes a ``# flake8: noqa`` exempts the whole file from."""
    if "noqa" not in source.lower():
        return {}
    result: dict[int, frozenset[str]] = {}
    exempt = file_exemptions(source)
    if exempt is not None:
        result[FILE] = exempt
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


# flake8's file-level exemption, as flake8 reads it: a line that starts with it (codes after it
# change nothing: flake8 skips the whole file all the same).
FILE_NOQA_RE = re.compile(r"^[ \t]*# flake8[:=]\s*noqa", re.IGNORECASE | re.MULTILINE)


def file_exemptions(source: str) -> frozenset[str] | None:
    """``ALL`` when a ``# flake8: noqa`` line exempts the whole file, else None (as flake8 decides
    it; asyncio-lint's CLI agrees with it)."""
    if "flake8" not in source.lower():
        return None
    return ALL if FILE_NOQA_RE.search(source) else None


def file_exempt(code: str, source: str) -> bool:
    codes = file_exemptions(source)
    return codes is not None and (codes is ALL or any(code.startswith(c) for c in codes))


def is_suppressed(code: str, line: int, table: dict[int, frozenset[str]]) -> bool:
    for codes in (table.get(line), table.get(FILE)):
        if codes is not None and (codes is ALL or any(code.startswith(c) for c in codes)):
            return True
    return False
