"""Every cached answer equals the uncached one, whatever changed between two runs.

One project, changed step by step (edit, touch, add, delete, rename, a namespace package becoming
a package and back, configuration changes, an upgrade of asyncio-lint itself); after each change
the real command runs at once (inside the racy window), and again after the window (a run memo
is recorded, then replayed), with the cache, and the answers must equal a ``--no-cache`` run.
Two commands: the pre-commit form (one changed file, the project seen around it) and a folder.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

import pytest

from asyncio_lint import filestat
from asyncio_lint.types import Finding

REPO = Path(__file__).resolve().parents[1]

VIEWS = """\
import lib.helpers
import lib.later


async def index(request):
    return lib.helpers.load_settings()


async def later(request):
    return lib.later.block()
"""
HELPERS = """\
def load_settings():
    with open("settings.json") as handle:
        return handle.read()
"""
MORE = """\
import lib.helpers


async def first(request):
    return lib.helpers.load_settings()


async def second(request):
    return lib.helpers.load_settings()
"""
LATER = """\
import time


def block():
    time.sleep(1)
"""


def _run(root: Path, site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(site))
    return subprocess.run([sys.executable, "-c", "from asyncio_lint.__main__ import main; main()", "check",
                           "--format", "json", *args], cwd=root, env=env, capture_output=True, text=True,
                          timeout=300)


def _answer(proc: subprocess.CompletedProcess[str]) -> tuple[int, list[tuple[str, int, str]], list[str]]:
    assert proc.returncode in (0, 1, 2), proc.stderr
    document = json.loads(proc.stdout)
    findings = sorted((f["path"], f["line"], f["code"]) for f in document["findings"])
    return proc.returncode, findings, [e["message"] for e in document["errors"]]


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    site = tmp_path / "site"
    shutil.copytree(REPO / "asyncio_lint", site / "asyncio_lint",
                    ignore=shutil.ignore_patterns("__pycache__"))
    root = tmp_path / "project"
    _write(root, "pyproject.toml", "[tool.asyncio-lint]\n")
    _write(root, "app/__init__.py", "")
    _write(root, "app/views.py", VIEWS)
    _write(root, "lib/helpers.py", HELPERS)  # lib/ has no __init__.py: a namespace package
    return root, site


COMMANDS = (("app/views.py",), (".",))


def _check(root: Path, site: Path, step: str) -> dict[tuple[str, ...], list[tuple[str, int, str]]]:
    """Run every command cold, cached at once, and cached twice after the racy window; all the
    answers of a command must be equal. The findings of each command."""
    out = {}
    for command in COMMANDS:
        cold = _answer(_run(root, site, "--no-cache", *command))
        soon = _answer(_run(root, site, *command))
        assert soon == cold, f"{step}, {command}: cached at once != --no-cache"
        out[command] = cold[1]
    time.sleep(filestat.RACY_NS / 1e9 + 0.2)
    for command in COMMANDS:
        for attempt in ("records the memo", "replays it"):
            again = _answer(_run(root, site, *command))
            assert again[1] == out[command], f"{step}, {command}: cached run that {attempt} != --no-cache"
    return out


def _codes(found: dict[tuple[str, ...], list[tuple[str, int, str]]], command: tuple[str, ...]) -> list[tuple[int, str]]:
    return [(line, code) for path, line, code in found[command] if path.endswith("views.py")]


def test_cached_answers_equal_uncached_ones_after_every_change(layout: tuple[Path, Path]) -> None:
    root, site = layout
    one = [(6, "AIO120")]
    steps: list[tuple[str, Callable[[], None], Any]] = [
        ("initial (namespace package followed)", lambda: None, one),
        ("edit: the helper no longer blocks",
         lambda: _write(root, "lib/helpers.py", HELPERS.replace('open("settings.json")', "memoryview(b'')")), []),
        ("edit back", lambda: _write(root, "lib/helpers.py", HELPERS), one),
        ("touch the helper", lambda: os.utime(root / "lib/helpers.py"), one),
        ("add the module an unchanged file already calls", lambda: _write(root, "lib/later.py", LATER),
         [(6, "AIO120"), (10, "AIO120")]),
        ("delete it", lambda: (root / "lib/later.py").unlink(), one),
        ("rename the helper away", lambda: (root / "lib/helpers.py").rename(root / "lib/helpers2.py"), []),
        ("rename it back", lambda: (root / "lib/helpers2.py").rename(root / "lib/helpers.py"), one),
        ("touch lib/__init__.py: the namespace package becomes a package", lambda: (root / "lib/__init__.py").touch(),
         one),
        ("remove lib/__init__.py again", lambda: (root / "lib/__init__.py").unlink(), one),
        ("config: ignore AIO120", lambda: _write(root, "pyproject.toml", '[tool.asyncio-lint]\nignore = ["AIO120"]\n'),
         []),
        ("config: back", lambda: _write(root, "pyproject.toml", "[tool.asyncio-lint]\n"), one),
        ("config: a nearer pyproject.toml for app/", lambda: _write(
            root, "app/pyproject.toml", '[tool.asyncio-lint]\nper-file-ignores = { "views.py" = ["AIO1"] }\n'), []),
        ("config: the nearer one removed", lambda: (root / "app/pyproject.toml").unlink(), one),
        ("config: views.py is a script (its blocking findings become style points)", lambda: _write(
            root, "pyproject.toml", '[tool.asyncio-lint]\nextend-script-paths = ["app/views.py"]\n'), []),
        ("config: back", lambda: _write(root, "pyproject.toml", "[tool.asyncio-lint]\n"), one),
        # Three calls ending at the helper's open(): one finding there, in a run that checks the
        # helper's file; checking views.py alone, its call keeps its own finding.
        ("add two more callers of the helper", lambda: _write(root, "app/more.py", MORE),
         {("app/views.py",): one, (".",): []}),
        ("config: each call its own finding", lambda: _write(
            root, "pyproject.toml", "[tool.asyncio-lint]\nroot-finding-at = 0\n"), one),
        ("config: back", lambda: _write(root, "pyproject.toml", "[tool.asyncio-lint]\n"),
         {("app/views.py",): one, (".",): []}),
        ("delete the other callers", lambda: (root / "app/more.py").unlink(), one),
    ]
    for step, change, expected in steps:
        change()
        found = _check(root, site, step)
        for command in COMMANDS:
            want = expected[command] if isinstance(expected, dict) else expected
            assert _codes(found, command) == want, f"{step}, {command}: {found[command]}"
        roots = [(line, code) for path, line, code in found[(".",)] if path.endswith("helpers.py")]
        assert roots == ([(2, "AIO120")] if expected == {("app/views.py",): one, (".",): []} else []), step


def test_an_upgrade_of_asyncio_lint_drops_every_cached_answer(layout: tuple[Path, Path]) -> None:
    root, site = layout
    command = ("app/views.py",)
    _answer(_run(root, site, *command))  # fills the cache
    # Plant a finding no linter would give in every cached result: while asyncio-lint is the
    # same, the cache answers (the plant shows); after an upgrade it must not.
    planted = 0
    for pickled in (root / ".asyncio_lint_cache").glob("results-*.pickle"):
        entries = pickle.loads(pickled.read_bytes())
        for path, entry in list(entries.items()):
            if path.startswith("\0") or not isinstance(entry, tuple):
                continue
            result = entry[1]
            fake = Finding(result.path, 1, 0, 1, 1, "AIO101", "blocking-sleep", "planted")
            entries[path] = (entry[0], replace(result, findings=(fake,)), *entry[2:])
            planted += 1
        entries.pop("\0project", None)
        pickled.write_bytes(pickle.dumps(entries))
    assert planted
    for memo in (root / ".asyncio_lint_cache").glob("run-*"):
        memo.unlink()
    assert (1, "AIO101") in [(line, code) for _, line, code in _answer(_run(root, site, *command))[1]]
    init = site / "asyncio_lint" / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "', '__version__ = "99.'))  # the upgrade
    upgraded = _answer(_run(root, site, *command))
    assert upgraded == _answer(_run(root, site, "--no-cache", *command))
    assert (1, "AIO101") not in [(line, code) for _, line, code in upgraded[1]]
