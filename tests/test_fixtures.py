"""Every fixture, through the engine, the CLI and flake8, gives exactly the annotated findings."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from asyncio_lint.api import lint_file
from asyncio_lint.config import discover
from tests.helpers import FIXTURES, ROOT, as_counter, diff, expectations, fixture_files

FILES = fixture_files()


# A finding whose helper chain crosses files (AIO120/AIO220) appears only when the whole project is
# linted (the CLI), not file by file (the engine, flake8): annotated `# expect-project: AIO120`.
# Calls that end at one blocking call of the project (`root-finding-at`, 3) are one finding
# there in the CLI and flake8 (`# expect-root: AIO120`), and each call's finding only in the
# engine's walk (`# expect-walk: AIO120`).
PROJECT_EXPECT_RE = re.compile(r"#\s*expect-(?P<kind>project|root|walk):\s*(?P<codes>AIO\d{3}(?:\s*,\s*AIO\d{3})*)")


def _marked(source: str, kinds: tuple[str, ...]) -> Counter[tuple[int, str]]:
    found: Counter[tuple[int, str]] = Counter()
    for number, line in enumerate(source.splitlines(), start=1):
        for match in PROJECT_EXPECT_RE.finditer(line):
            if match.group("kind") in kinds:
                found.update((number, code.strip()) for code in match.group("codes").split(","))
    return found


def _expected_by_file(kinds: tuple[str, ...]) -> dict[str, Counter[tuple[int, str]]]:
    out = {}
    for p in FILES:
        text = p.read_text(encoding="utf-8")
        out[str(p.relative_to(ROOT))] = expectations(text) + _marked(text, kinds)
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_engine_matches_annotations(path: Path) -> None:
    result = lint_file(str(path), discover(path.parent))
    assert result.error is None, result.error
    actual = as_counter((f.line, f.code) for f in result.findings)
    text = path.read_text(encoding="utf-8")
    expected = expectations(text) + _marked(text, ("walk",))
    assert actual == expected, diff(expected, actual, path.name)


def test_every_rule_has_a_fixture_with_findings_and_near_misses() -> None:
    from asyncio_lint.registry import all_rules

    for rule in all_rules():
        if rule.RUNTIME:  # (reported from a stall report: its examples run through confirm, test_rule_examples)
            continue
        module = rule.__module__.rsplit(".", 1)[1]
        path = FIXTURES / f"{module}.py"
        assert path.exists(), f"{rule.CODE}: missing fixture {path.relative_to(ROOT)}"
        text = path.read_text(encoding="utf-8")
        assert any(code == rule.CODE for (_, code) in expectations(text)), f"{path.name}: no `# expect: {rule.CODE}`"
        assert "# ok" in text, f"{path.name}: no near misses (`# ok`)"


def _by_file(pairs: list[tuple[str, int, str]]) -> dict[str, Counter[tuple[int, str]]]:
    result: dict[str, Counter[tuple[int, str]]] = {}
    for path, line, code in pairs:
        rel = os.path.relpath(os.path.join(ROOT, path), ROOT)  # (the tools ran in ROOT)
        result.setdefault(rel, Counter())[(line, code)] += 1
    return result


def _compare_all(actual: dict[str, Counter[tuple[int, str]]], label: str, kinds: tuple[str, ...]) -> None:
    expected = {k: v for k, v in _expected_by_file(kinds).items() if v}
    problems = [diff(expected.get(path, Counter()), actual.get(path, Counter()), f"{label} {path}")
                for path in sorted(set(expected) | set(actual))
                if expected.get(path, Counter()) != actual.get(path, Counter())]
    assert not problems, "\n".join(problems)


def test_cli_json_matches_annotations() -> None:
    proc = subprocess.run([sys.executable, "-m", "asyncio_lint", "check", "--format", "json", "fixtures"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    assert document["errors"] == []
    assert document["summary"]["files"] == len(FILES)
    actual = _by_file([(f["path"], f["line"], f["code"]) for f in document["findings"]])
    _compare_all(actual, "CLI", ("project", "root"))


def test_flake8_matches_annotations() -> None:
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO", "fixtures"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    pattern = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>AIO\d{3}) ")
    pairs = []
    for line in proc.stdout.splitlines():
        match = pattern.match(line)
        assert match, f"unexpected flake8 output: {line}"
        pairs.append((match["path"], int(match["line"]), match["code"]))
    _compare_all(_by_file(pairs), "flake8", ("root",))
