"""Differential test: every way of running asyncio-lint gives the same findings.

A random sample of the fixtures and of real code (the corpora on this machine, when present) is
copied into a project and linted through the CLI cold (``--no-cache``), warm (cache filled), with
``-j1`` and ``-j2``, through the API (``lint_paths`` and ``lint_source`` per file) and through
flake8. The CLI runs and ``lint_paths`` must agree exactly; flake8 and ``lint_source`` see one file
at a time, so they must agree with each other, and with the CLI but for the helper chains that
cross files (AIO120/AIO220). The sample's seed is printed; ``ASYNCIO_LINT_SEED`` replays one.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from asyncio_lint.api import lint_paths, lint_source
from asyncio_lint.config import ConfigResolver
from tests.helpers import FIXTURES

CORPORA = [Path("/work/corpus/real/src"), Path("/work/scratch/ident/src")]
SAMPLE = 60
Key = tuple[str, int, int, str, str]


def _sample(seed: int, dest: Path) -> list[Path]:
    rng = random.Random(seed)
    shutil.copytree(FIXTURES, dest / "fixtures")
    picked = [p for p in (dest / "fixtures").rglob("*.py")]
    pool = [p for corpus in CORPORA if corpus.is_dir() for p in sorted(corpus.rglob("*.py"))
            if p.stat().st_size < 200_000]
    for source in rng.sample(pool, min(SAMPLE, len(pool))):
        corpus = next(c for c in CORPORA if source.is_relative_to(c))
        target = dest / "real" / corpus.name / source.relative_to(corpus)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        picked.append(target)
    (dest / "real").mkdir(exist_ok=True)
    (dest / "real" / "pyproject.toml").write_text("[tool.asyncio-lint]\nselect = [\"AIO\"]\n")
    return picked


def _cli(root: Path, *args: str) -> set[Key]:
    proc = subprocess.run([sys.executable, "-m", "asyncio_lint", "check", "--format", "json", *args, "."],
                          cwd=root, capture_output=True, text=True, timeout=900)
    assert proc.returncode in (0, 1), proc.stdout[-2000:] + proc.stderr[-2000:]
    document = json.loads(proc.stdout)
    return {(f["path"], f["line"], f["column"] - 1, f["code"], f["message"]) for f in document["findings"]}


def _flake8(root: Path) -> set[Key]:
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO", "--format",
                           "%(path)s\t%(row)d\t%(col)d\t%(code)s\t%(text)s", "."],
                          cwd=root, capture_output=True, text=True, timeout=900)
    out = set()
    for line in proc.stdout.splitlines():
        path, row, col, code, text = line.split("\t", 4)
        out.add((os.path.normpath(path), int(row), int(col) - 1, code, text))
    return out


def test_every_front_end_gives_the_same_findings(tmp_path: Path, monkeypatch) -> None:
    seed = int(os.environ.get("ASYNCIO_LINT_SEED") or random.randrange(1 << 30))
    print(f"sample seed: {seed} (ASYNCIO_LINT_SEED={seed} replays it)")
    root = tmp_path / "project"
    root.mkdir()
    (root / "pyproject.toml").write_text("")  # (the project root: where the cache goes)
    files = _sample(seed, root)
    cold = _cli(root, "--no-cache", "-j2")
    assert cold, "the sample has findings"
    assert _cli(root, "-j2") == cold  # fills the cache
    assert _cli(root, "-j2") == cold  # answered by the cache
    assert _cli(root, "--no-cache", "-j1") == cold
    monkeypatch.chdir(root)
    report = lint_paths(["."], ConfigResolver(), jobs=1)
    assert {(os.path.normpath(f.path), f.line, f.column, f.code, f.message) for f in report.findings} == cold
    resolver = ConfigResolver()
    one_at_a_time = set()
    for path in files:
        rel = os.path.relpath(path, root)
        result = lint_source(path.read_bytes(), rel, resolver.for_path(rel), installed=True)  # (as flake8 lints)
        one_at_a_time |= {(f.path, f.line, f.column, f.code, f.message) for f in result.findings}
    assert _flake8(root) == one_at_a_time
    # Only the helper-chain findings differ: the project's chains across files, and calls the whole
    # project has enough of to be one root finding (or whose root finding names more calls).
    assert {k[3] for k in cold ^ one_at_a_time} <= {"AIO120", "AIO220"}
    assert {k for k in one_at_a_time if k[3] not in ("AIO120", "AIO220")} <= cold
