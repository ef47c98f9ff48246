"""The flake8 plugin: registered as AIO, uses the buffer flake8 hands it, leaves noqa to flake8."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BAD = "import time\n\nasync def f():\n    time.sleep(1)\n"


def flake8(*args: str, cwd: Path, input: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO", *args], cwd=cwd,
                          capture_output=True, text=True, input=input)


def test_reports_with_same_message_as_cli(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(BAD)
    proc = flake8("m.py", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stdout == "m.py:4:5: AIO101 `time.sleep()` blocks the event loop; use `await asyncio.sleep(...)` instead\n"


def test_lints_the_buffer_from_stdin_not_the_file(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("x = 1\n")  # the saved file is clean; the editor's buffer is not
    proc = flake8("--stdin-display-name", "m.py", "-", cwd=tmp_path, input=BAD)
    assert proc.returncode == 1
    assert "m.py:4:5: AIO101" in proc.stdout


def test_noqa_and_disable_noqa(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(BAD.replace("time.sleep(1)", "time.sleep(1)  # noqa: AIO101"))
    assert flake8("m.py", cwd=tmp_path).stdout == ""
    assert "AIO101" in flake8("--disable-noqa", "m.py", cwd=tmp_path).stdout


def test_reads_project_config(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.asyncio-lint]\nextend-blocking-calls = ["mylib.block"]\n')
    (tmp_path / "m.py").write_text("import mylib\nasync def f():\n    mylib.block()\n")
    assert "m.py:3:5: AIO109" in flake8("m.py", cwd=tmp_path).stdout
