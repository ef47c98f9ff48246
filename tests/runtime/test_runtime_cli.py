"""The ``sample`` command: stalls in a script are reported; the program's behaviour passes through."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from asyncio_lint.runtime.cli import sample

from .conftest import assert_stall_matches, load, marker_line, run_sample, STALLING_PROGRAM


@pytest.mark.parametrize("method", ["auto", "thread"])
def test_script_stalls_are_reported_with_line_and_duration(stalling_program: Path, tmp_path: Path, method: str) -> None:
    report_path = tmp_path / "report.json"
    result = run_sample(
        ["--threshold", "100ms", "--method", method, "--format", "json", "--output", str(report_path),
         str(stalling_program), "7"],
        cwd=tmp_path,
    )
    assert result.returncode == 7, result.stderr
    measured = json.loads(result.stdout)  # the program's stdout is untouched
    report = load(report_path)
    assert report["version"] == 1 and report["threshold_ms"] == 100
    stalls = report["stalls"]
    assert len(stalls) == 3, json.dumps(stalls, indent=1)[:2000]
    for stall, kind in zip(stalls, ["sleep", "cpu", "socket"], strict=True):
        assert_stall_matches(stall, stalling_program, marker_line(STALLING_PROGRAM, kind), measured[kind])
        assert stall["stacks"] and all(stack for stack in stall["stacks"])
        inner = stall["stacks"][-1][-1]
        assert set(inner) == {"path", "line", "function"}
        # stacks start at the program's own module, not in the runner that started it
        assert all(stack[0]["function"] == "<module>" for stack in stall["stacks"])
        assert all(stack[0]["path"] == str(stalling_program) for stack in stall["stacks"])


def test_text_report_goes_to_stderr_sorted_by_total_time(stalling_program: Path, tmp_path: Path) -> None:
    result = run_sample([str(stalling_program)], cwd=tmp_path)
    assert result.returncode == 0
    measured = json.loads(result.stdout)  # nothing but the program's own output on stdout
    code_part = result.stderr.split("Not the code's:")[0]  # (a busy machine may add its own)
    lines = [line for line in code_part.splitlines() if " ms  " in line]
    longest_first = sorted(measured, key=lambda kind: -measured[kind])
    marked = [str(marker_line(STALLING_PROGRAM, kind)) for kind in longest_first]
    # (a loaded machine can add a short stall the classifier leaves to the code, at some other line:
    # the three stalls the program makes must be there, longest first)
    shown = [line.split("  ")[-2].split(":")[-1].split()[0] for line in lines]
    assert [number for number in shown if number in marked] == marked, code_part
    assert "3 event-loop stalls" in result.stderr


def test_module_mode_and_exception_pass_through(tmp_path: Path) -> None:
    (tmp_path / "blocker.py").write_text(
        "import asyncio, sys, time\n"
        "async def main():\n"
        "    time.sleep(0.3)\n"
        "print('args', sys.argv[1:])\n"
        "asyncio.run(main())\n"
        "raise ValueError('from the program')\n"
    )
    report_path = tmp_path / "r.json"
    result = run_sample(["-o", str(report_path), "--format", "json", "-m", "blocker", "a", "--b"], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "args ['a', '--b']\n"
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert "runpy" not in result.stderr and "asyncio_lint" not in result.stderr
    assert result.stderr.rstrip().endswith("ValueError: from the program")
    # the report is still written when the program raises
    (stall,) = load(report_path)["stalls"]
    assert stall["blocking_frame"]["line"] == 3


def test_speedscope_output(tmp_path: Path) -> None:
    (tmp_path / "p.py").write_text(
        "import asyncio, time\nasync def main():\n    time.sleep(0.25)\nasyncio.run(main())\n"
    )
    out = tmp_path / "flame.json"
    result = run_sample(["--format", "speedscope", "-o", str(out), "p.py"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = load(out)
    assert data["$schema"] == "https://www.speedscope.app/file-format-schema.json"
    (profile,) = data["profiles"]
    assert profile["type"] == "sampled" and profile["samples"]
    assert len(profile["samples"]) == len(profile["weights"])
    names = {frame["name"] for frame in data["shared"]["frames"]}
    assert "main" in names


@pytest.mark.parametrize("value", ["abc", "0", "-5ms", "10 minutes"])
def test_bad_threshold_is_a_usage_error(value: str) -> None:
    result = CliRunner().invoke(sample, ["--threshold", value, "x.py"])
    assert result.exit_code == 2
    assert "threshold" in result.output


def test_missing_script_and_no_script() -> None:
    runner = CliRunner()
    result = runner.invoke(sample, ["does-not-exist.py"])
    assert result.exit_code == 2
    assert "can't open file" in result.output
    result = runner.invoke(sample, [])
    assert result.exit_code == 2
    assert "SCRIPT" in result.output


def test_clirunner_exit_status_and_sys_argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp_path / "exit.py"
    script.write_text("import sys\nprint(sys.argv)\nsys.exit(sys.argv[1])\n")
    saved = sys.argv[:]
    result = CliRunner().invoke(sample, [str(script), "bye"])
    assert sys.argv == saved
    assert result.exit_code == 1  # sys.exit("bye") prints the message and exits 1, as python does
    assert f"[{str(script)!r}, 'bye']" in result.output
    assert "bye" in result.output


def test_program_closing_stdout(tmp_path: Path) -> None:
    (tmp_path / "closer.py").write_text("import sys\nprint('bye')\nsys.stdout.close()\n")
    result = run_sample(["closer.py"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "bye\n"
    assert "no event-loop stalls" in result.stderr
