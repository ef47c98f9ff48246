"""Shared helpers for the runtime sampler tests: programs that stall for a known time."""

from __future__ import annotations

import gc
import importlib.metadata
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

# pytester is enabled in tests/conftest.py (pytest allows pytest_plugins only at the top level).

REPO = Path(__file__).resolve().parents[2]
THRESHOLD_MS = 100
TOLERANCE = 0.20

# A program with three stalls of known length. Each blocking line carries a `# STALL:<kind>`
# marker; the program prints the measured length of each stall (as JSON) to stdout.
STALLING_PROGRAM = textwrap.dedent(
    '''
    import asyncio, json, socket, sys, threading, time

    measured = {}

    def cpu_work(seconds):  # (seconds of CPU: a busy machine makes it longer, never shorter)
        start = time.thread_time()
        while time.thread_time() - start < seconds: pass  # STALL:cpu

    async def main():
        await asyncio.sleep(0.05)
        start = time.monotonic()
        time.sleep(0.4)  # STALL:sleep
        measured["sleep"] = time.monotonic() - start
        await asyncio.sleep(0.05)

        start = time.monotonic()
        cpu_work(0.5)
        measured["cpu"] = time.monotonic() - start
        await asyncio.sleep(0.05)

        reader, writer = socket.socketpair()
        sender = threading.Timer(0.52, writer.sendall, args=(b"x",))
        start = time.monotonic()
        sender.start()
        reader.recv(1)  # STALL:socket
        measured["socket"] = time.monotonic() - start
        reader.close(); writer.close()  # (no join: waiting for the sender would block too)
        await asyncio.sleep(0.05)

    asyncio.run(main())
    print(json.dumps(measured))
    sys.exit(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    '''
)


def marker_line(source: str, marker: str) -> int:
    for number, line in enumerate(source.splitlines(), start=1):
        if f"# STALL:{marker}" in line:
            return number
    raise AssertionError(f"no marker {marker}")


def assert_stall_matches(stall: dict[str, Any], path: Path, line: int, seconds: float) -> None:
    """Blocking line is ``path:line``; duration within 20% of the measured length.

    The stalls are 400-650 ms long: the sampler counts from the moment the loop left, so an OS
    or GIL hiccup just before the blocking call (tens of ms on a loaded machine) is part of the
    stall but not of the program's own measurement; 20% of 400 ms leaves room for it.
    """
    frame = stall["blocking_frame"]
    assert frame is not None, stall
    assert os.path.realpath(frame["path"]) == os.path.realpath(path)
    assert frame["line"] == line, (frame, line)
    expected_ms = seconds * 1000
    assert abs(stall["duration_ms"] - expected_ms) <= TOLERANCE * expected_ms, (stall["duration_ms"], expected_ms)


def plugin_args() -> list[str]:
    """``-p`` for the plugin when it is not installed through its entry point."""
    names = {ep.value for ep in importlib.metadata.entry_points(group="pytest11")}
    return [] if "asyncio_lint.runtime.pytest_plugin" in names else ["-p", "asyncio_lint.runtime.pytest_plugin"]


def run_sample(args: list[str], cwd: Path, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-m", "asyncio_lint.runtime.cli", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=60, **kwargs,
    )


@pytest.fixture(autouse=True)
def no_gc_pauses() -> Any:
    """Collect now and keep the cyclic GC off during a test.

    A full collection in a big pytest process can itself stop the loop for 100 ms or more: a
    real stall the sampler rightly reports, but not one these tests inject.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.fixture
def stalling_program(tmp_path: Path) -> Path:
    path = tmp_path / "stalling.py"
    path.write_text(STALLING_PROGRAM)
    return path


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


@pytest.fixture
def burners() -> Any:
    """Two CPU burners (the development machine has two cores): the loop thread must share."""
    import time

    procs = [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(2)]
    time.sleep(0.2)
    try:
        yield procs
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()
