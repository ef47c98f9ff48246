"""The report survives production: SIGTERM, SIGKILL, a service's own handlers (issue 19, item 4),
the in-process API, and sample's option order (item 6)."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

from asyncio_lint.runtime.report import load_report

from .conftest import REPO, run_sample

SERVICE = textwrap.dedent(
    '''
    import asyncio, sys, time

    async def main():
        await asyncio.sleep(0.02)
        time.sleep(0.3)  # STALL
        await asyncio.sleep(0.02)
        print("ready", flush=True)
        await asyncio.sleep(60)

    asyncio.run(main())
    '''
)

# The same service with its own SIGTERM handler: it shuts down cleanly and exits 3.
SERVICE_WITH_HANDLER = textwrap.dedent(
    '''
    import asyncio, signal, sys, time

    async def main():
        loop = asyncio.get_running_loop()
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        await asyncio.sleep(0.02)
        time.sleep(0.3)  # STALL
        await asyncio.sleep(0.02)
        print("ready", flush=True)
        await stop.wait()
        print("clean shutdown", flush=True)
        sys.exit(3)

    asyncio.run(main())
    '''
)


def _start(tmp_path: Path, source: str, *options: str) -> subprocess.Popen[str]:
    (tmp_path / "service.py").write_text(source)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "asyncio_lint.runtime.cli", *options, "service.py"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # (blocks until the service is past its stall)
    assert line == "ready\n", (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc


def _stall_lines(report: dict[str, Any]) -> list[int]:
    return [stall["blocking_frame"]["line"] for stall in report["stalls"]]


STALL_LINE = SERVICE.splitlines().index("    time.sleep(0.3)  # STALL") + 1


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_sigterm_finishes_the_report_and_the_process_still_dies_by_sigterm(tmp_path: Path, fmt: str) -> None:
    report_path = tmp_path / f"stalls.{fmt}"
    proc = _start(tmp_path, SERVICE, "--format", fmt, "-o", str(report_path))
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGTERM
    assert _stall_lines(load_report(report_path)) == [STALL_LINE]


def test_sigterm_text_report_goes_to_stderr(tmp_path: Path) -> None:
    proc = _start(tmp_path, SERVICE)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGTERM
    assert "1 event-loop stall of 100 ms or more" in err and f"service.py:{STALL_LINE} in main" in err


def test_the_services_own_sigterm_handler_and_exit_status_are_kept(tmp_path: Path) -> None:
    report_path = tmp_path / "stalls.json"
    proc = _start(tmp_path, SERVICE_WITH_HANDLER, "--format", "json", "-o", str(report_path))
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=30)
    assert out == "clean shutdown\n" and proc.returncode == 3
    line = SERVICE_WITH_HANDLER.splitlines().index("    time.sleep(0.3)  # STALL") + 1
    assert _stall_lines(load_report(report_path)) == [line]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_killed_program_leaves_a_valid_report(tmp_path: Path, fmt: str) -> None:
    # SIGKILL cannot be caught: what was written so far must still load (jsonl: every stall).
    report_path = tmp_path / f"stalls.{fmt}"
    proc = _start(tmp_path, SERVICE, "--format", fmt, "-o", str(report_path))
    if fmt == "json":
        time.sleep(1.1)  # (the JSON file is rewritten at most once a second)
    proc.kill()
    proc.communicate(timeout=30)
    report = load_report(report_path)
    assert report["version"] == 1
    if fmt == "jsonl":
        assert _stall_lines(report) == [STALL_LINE]


def test_check_stalls_reads_the_report_of_a_killed_program(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from asyncio_lint.cli import main

    report_path = tmp_path / "stalls.jsonl"
    proc = _start(tmp_path, SERVICE, "--format", "jsonl", "-o", str(report_path))
    proc.kill()
    proc.communicate(timeout=30)
    result = CliRunner().invoke(main, ["check", "--no-cache", "--stalls", str(report_path), str(tmp_path / "service.py")])
    assert result.exit_code in (0, 1), result.output
    assert "AIO101" in result.output and "confirmed at run time" in result.output


# -- option order ---------------------------------------------------------------------------------------

TINY = "import asyncio, sys, time\nprint(sys.argv[1:])\nasync def main():\n    time.sleep(0.08)\nasyncio.run(main())\n"


def test_options_before_the_script_are_samples(tmp_path: Path) -> None:
    (tmp_path / "tiny.py").write_text(TINY)
    result = run_sample(["--threshold", "50ms", "tiny.py"], cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == "[]\n"
    assert "1 event-loop stall of 50 ms or more" in result.stderr
    assert "warning" not in result.stderr


def test_sample_options_after_the_script_draw_a_warning(tmp_path: Path) -> None:
    (tmp_path / "tiny.py").write_text(TINY)
    result = run_sample(["tiny.py", "--threshold", "50ms"], cwd=tmp_path)
    assert result.stdout == "['--threshold', '50ms']\n"  # still the program's, as python would pass them
    assert "warning: --threshold after the program is passed to the program" in result.stderr
    assert "no event-loop stalls of 100 ms" in result.stderr
    quiet = run_sample(["-t", "50ms", "--", "tiny.py", "--threshold", "50ms"], cwd=tmp_path)
    assert quiet.stdout == "['--threshold', '50ms']\n" and "warning" not in quiet.stderr
    assert "1 event-loop stall of 50 ms or more" in quiet.stderr


# -- the in-process API -----------------------------------------------------------------------------------


def test_install_logs_each_stall_and_keeps_a_json_lines_report(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    import asyncio_lint.runtime as runtime

    report_path = tmp_path / "service.jsonl"
    seen: list[Any] = []

    async def main() -> Any:
        sampler = runtime.install(threshold=0.1, on_stall=seen.append, log=True, report=str(report_path))
        await asyncio.sleep(0.02)
        time.sleep(0.25)  # API-STALL
        await asyncio.sleep(0.02)
        assert len(load_report(report_path)["stalls"]) == 1  # on disk already, before any exit
        return sampler

    with caplog.at_level(logging.WARNING, logger="asyncio_lint.stalls"):
        sampler = asyncio.run(main())
        sampler.close()
    (stall,) = seen
    assert stall.is_code and stall.blocking_frame.function == "main"
    (record,) = [r for r in caplog.records if r.name == "asyncio_lint.stalls"]
    assert record.levelno == logging.WARNING and record.stall is stall  # type: ignore[attr-defined]
    assert "event loop stalled" in record.getMessage() and "test_runtime_production.py" in record.getMessage()
    assert len(load_report(report_path)["stalls"]) == 1
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # close() put the handler back
