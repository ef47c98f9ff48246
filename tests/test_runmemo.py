"""Run memos: an unchanged ``check`` is replayed before any heavy import; any change runs it again.

Each test builds a project, ages its files past the racy window (a memo is never written while an
input changed less than two seconds ago), and drives the real command in a subprocess.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from asyncio_lint import filestat, runmemo

REPO = Path(__file__).resolve().parents[1]
BAD = "import time\n\nasync def f():\n    time.sleep(1)\n"
GOOD = "import asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n"


def _run(root: Path, *args: str, trace: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    code = "from asyncio_lint.__main__ import main; main()"
    if trace:  # report whether the run got past the memo into the full CLI
        code = ("import sys, asyncio_lint.runmemo as m, asyncio_lint.__main__ as entry\n"
                "status = m.replay(sys.argv[1:])\n"
                "print('REPLAYED' if status is not None else 'RAN', file=sys.stderr)\n"
                "sys.exit(status) if status is not None else entry.main()\n")
    return subprocess.run([sys.executable, "-c", code, "check", "--format", "json", *args],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)


def _age(root: Path) -> None:
    """Wait out the racy window for everything just written under ``root``."""
    time.sleep(filestat.RACY_NS / 1e9 + 0.1)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "app.py").write_text(BAD)
    return tmp_path


def _warm(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Fill the cache (creating .asyncio_lint_cache changes the project folder), wait out the racy
    window, and run again: this run records the memo."""
    _run(root, *args)
    _age(root)
    return _run(root, *args)


def _codes(result: subprocess.CompletedProcess[str]) -> list[tuple[str, int, str]]:
    return sorted((f["path"], f["line"], f["code"]) for f in json.loads(result.stdout)["findings"])


def test_unchanged_run_is_replayed_identically(project: Path) -> None:
    first = _warm(project, ".")
    second = _run(project, ".", trace=True)
    assert "REPLAYED" in second.stderr
    assert first.stdout == second.stdout and first.returncode == second.returncode == 1
    assert _codes(second) == [(os.path.join("pkg", "app.py"), 4, "AIO101")]
    # another command line is another memo
    assert "RAN" in _run(project, ".", "--select", "AIO1", trace=True).stderr


@pytest.mark.parametrize("change", ["edit", "new-file", "new-folder-file", "config", "delete"])
def test_any_input_change_runs_again(project: Path, change: str) -> None:
    _warm(project, ".")
    assert "REPLAYED" in _run(project, ".", trace=True).stderr
    if change == "edit":  # same size, new content
        (project / "pkg" / "app.py").write_text(BAD.replace("time.sleep(1)", "time.sleep(2)"))
        expected = [(os.path.join("pkg", "app.py"), 4, "AIO101")]
    elif change == "new-file":
        (project / "pkg" / "more.py").write_text(BAD)
        expected = [(os.path.join("pkg", "app.py"), 4, "AIO101"), (os.path.join("pkg", "more.py"), 4, "AIO101")]
    elif change == "new-folder-file":
        (project / "pkg" / "sub").mkdir()
        _age(project)
        assert "RAN" in _run(project, ".", trace=True).stderr  # the empty folder is walked and recorded
        (project / "pkg" / "sub" / "deep.py").write_text(BAD)
        expected = [(os.path.join("pkg", "app.py"), 4, "AIO101"), (os.path.join("pkg", "sub", "deep.py"), 4, "AIO101")]
    elif change == "config":
        (project / "pyproject.toml").write_text('[tool.asyncio-lint]\nignore = ["AIO101"]\n')
        expected = []
    else:
        (project / "pkg" / "app.py").unlink()
        expected = []
    again = _run(project, ".", trace=True)
    assert "RAN" in again.stderr
    assert _codes(again) == expected


def test_fixed_file_is_not_replayed_as_still_broken(project: Path) -> None:
    _warm(project, ".")
    (project / "pkg" / "app.py").write_text(GOOD)
    result = _run(project, ".")
    assert result.returncode == 0 and _codes(result) == []


def test_no_memo_without_the_cache_or_with_an_output_file(project: Path) -> None:
    _run(project, ".", "--no-cache")
    _run(project, ".", "--output", str(project / "report.json"))
    assert not list(project.glob(".asyncio_lint_cache/run-*"))
    assert "RAN" in _run(project, ".", "--no-cache", trace=True).stderr


def test_recently_changed_inputs_are_not_trusted(tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(BAD)
    future = time.time() + 3600  # inside the racy window however slowly the runs below start
    os.utime(tmp_path / "app.py", (future, future))
    _run(tmp_path, "app.py")
    assert not list(tmp_path.glob(".asyncio_lint_cache/run-*"))
    assert "RAN" in _run(tmp_path, "app.py", trace=True).stderr


def test_corrupt_memo_falls_back_to_a_full_run(project: Path) -> None:
    first = _warm(project, ".")
    assert list((project / ".asyncio_lint_cache").glob("run-*"))
    for memo in (project / ".asyncio_lint_cache").glob("run-*"):
        memo.write_bytes(b"\x00garbage")
    again = _run(project, ".", trace=True)
    assert "RAN" in again.stderr and again.stdout == first.stdout


def test_memos_are_pruned(project: Path) -> None:
    folder = project / ".asyncio_lint_cache"
    folder.mkdir(exist_ok=True)
    for index in range(runmemo.KEEP + 5):
        assert runmemo.record(str(folder), ["check", str(index)], [], "", "", 0)
    assert len(list(folder.glob("run-*"))) == runmemo.KEEP


def test_another_copy_of_asyncio_lint_does_not_replay_this_ones_memo(project: Path, tmp_path_factory) -> None:
    """One interpreter, two copies of the package (PYTHONPATH): each has its own memos."""
    import shutil

    copy = tmp_path_factory.mktemp("copy")
    shutil.copytree(REPO / "asyncio_lint", copy / "asyncio_lint", ignore=shutil.ignore_patterns("__pycache__"))
    # the copy reports differently, so a replay of the original's memo would show
    app = copy / "asyncio_lint" / "output" / "json_format.py"
    app.write_text(app.read_text().replace('"version": __version__,', '"version": "copy",'))
    _warm(project, ".")
    env = dict(os.environ, PYTHONPATH=str(copy))
    proc = subprocess.run([sys.executable, "-m", "asyncio_lint", "check", "--format", "json", "."],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert json.loads(proc.stdout)["version"] == "copy"


def test_a_file_edited_after_the_run_looked_it_up_is_not_replayed(project: Path, monkeypatch, capsys) -> None:
    # The memo records the signature the run took before reading the file (Report.signatures):
    # an edit made while the run went on (after that stat, before the memo) must miss the memo.
    app = project / "pkg" / "app.py"
    folder = str(project / ".asyncio_lint_cache")
    argv = ["check", "--format", "json"]
    monkeypatch.chdir(project)
    _age(project)
    looked_up = filestat.signature(str(app))
    # the control: recorded with the file's signature as it still is, the memo replays
    assert runmemo.record(folder, argv, [str(app)], "recorded\n", "", 1, known={str(app): looked_up})
    assert runmemo.replay(argv) == 1 and capsys.readouterr().out == "recorded\n"
    app.write_text(GOOD)
    _age(project)  # (settled: only the signature tells the edit apart)
    assert runmemo.record(folder, argv, [str(app)], "stale\n", "", 1, known={str(app): looked_up})
    assert runmemo.replay(argv) is None and capsys.readouterr().out == ""
