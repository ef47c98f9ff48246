"""What identifies a finding across edits that move it: its code, its file, and the text of the
lines it covers (whitespace-normalised), not its line number. The baseline and SARIF's
``partialFingerprints`` use it; identical statements of one file are told apart by their order.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Iterable, Mapping, Sequence

from asyncio_lint.types import Finding


def statement_text(lines: Sequence[str], finding: Finding) -> str:
    """The finding's lines, each stripped and inner runs of whitespace collapsed."""
    chosen = lines[finding.line - 1:finding.end_line] if finding.line - 1 < len(lines) else []
    return "\n".join(" ".join(line.split()) for line in chosen)


def keys(findings: Iterable[Finding], lines_of: Mapping[str, Sequence[str]],
         path_of: Mapping[str, str] | None = None) -> list[tuple[str, str, str, int]]:
    """(code, path, statement text, occurrence) for each finding, in the order given; ``path_of``
    maps a finding's path to the one to record (relative to a root)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for finding in findings:
        path = (path_of or {}).get(finding.path, finding.path)
        base = (finding.code, path, statement_text(lines_of.get(finding.path, ()), finding))
        seen[base] += 1
        out.append((*base, seen[base]))
    return out


def digest(key: tuple[str, str, str, int]) -> str:
    """A short hex digest of a key without its occurrence, then ``:occurrence`` (the shape of
    GitHub's ``primaryLocationLineHash``)."""
    code, path, text, occurrence = key
    value = hashlib.blake2b(f"{code}\0{path}\0{text}".encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return f"{value}:{occurrence}"
