"""Shared test helpers: reading ``# expect:`` annotations and comparing findings with a readable diff."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Iterable

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
EXPECT_RE = re.compile(r"#\s*expect:\s*(?P<codes>AIO\d{3}(?:\s*,\s*AIO\d{3})*)")


def expectations(source: str) -> Counter[tuple[int, str]]:
    """(line, code) pairs written as ``# expect: AIO101`` (or ``AIO101, AIO502``) on each line."""
    expected: Counter[tuple[int, str]] = Counter()
    for number, line in enumerate(source.splitlines(), start=1):
        match = EXPECT_RE.search(line)
        if match:
            for code in match.group("codes").split(","):
                expected[(number, code.strip())] += 1
    return expected


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.rglob("*.py"))


def diff(expected: Counter[tuple[int, str]], actual: Counter[tuple[int, str]], label: str) -> str:
    missing = expected - actual
    extra = actual - expected
    lines = [f"{label}: findings differ from the annotations"]
    lines += [f"  missing line {line}: {code}" for (line, code) in sorted(missing.elements())]
    lines += [f"  unexpected line {line}: {code}" for (line, code) in sorted(extra.elements())]
    return "\n".join(lines)


def as_counter(pairs: Iterable[tuple[int, str]]) -> Counter[tuple[int, str]]:
    return Counter(pairs)
