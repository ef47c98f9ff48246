"""The stall sampler beside pyleak and asyncio's debug mode, on one workload.

    python benchmarks/bench_sampler_peers.py [--runs 3] [--pairs 10] [--phase 1.0] [--tools sampler,pyleak,debug]

**Detection.** One program (below, in this file) runs a small service: ten healthy tasks doing a
little work between yields while a driver injects known blockers, each in its own loop step,
with gaps between them: ``time.sleep``, a pure-Python CPU loop, a C call that holds the GIL
(``sum(range(n))``), a blocking socket read, a blocking ``subprocess.run``, ``hashlib`` over a
big buffer (a C call that releases the GIL), and a step holding two blockers (a sleep, then a
CPU loop: two lines). Each takes about 200 ms (threshold 100 ms). It also does near misses that
must not be reported: a 60 ms sleep followed by 300 ms of idle. The program notes when each
blocker ran (``time.monotonic()``) and its line. Every tool runs the same program in a fresh
process, ``--runs`` times, order alternating:

* ``sampler``: ``asyncio_lint.runtime.sampling(0.1)`` (signal ticks); ``sampler-thread``: the
  same with ``method="thread"``;
* ``pyleak``: ``async with pyleak.no_event_loop_blocking(threshold=0.1)`` (skipped when pyleak
  is not installed);
* ``debug``: ``loop.set_debug(True)`` with ``slow_callback_duration = 0.1`` (asyncio's
  "Executing <Handle> took 0.200 seconds" warnings).

A report *finds* a blocker when one of its stalls covers at least half of the blocker's time. It
*names* a blocker's line when that stall gives the line: the sampler's ``lines`` (a share of a
tenth or more), pyleak's innermost frame in the program, debug mode's handle text (the task's
``running at file:line``). A *false stall* is a reported stall that covers no blocker for at
least half of its own time. Durations are summed over the stalls that found blockers, against
the blockers' own measured durations.

**Overhead.** Fresh processes, alternating without and with each tool, run a saturated loop
(100 tasks doing a little work between ``await asyncio.sleep(0)``) for ``--phase`` seconds and
count operations; the ratio with/without is taken per pair (median and quartiles).

This is a manual benchmark; figures are in docs/sampler.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import logging
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

THRESHOLD = 0.1
BLOCK = 0.2
HERE = os.path.abspath(__file__)
TOOLS = ("sampler", "sampler-thread", "pyleak", "debug")

# -- the workload -------------------------------------------------------------------------------------

BLOCKERS: list[dict[str, Any]] = []  # {"kind", "lines", "start", "end"}


def _line(marker: str) -> int:
    with open(HERE, encoding="utf-8") as handle:
        for number, text in enumerate(handle, start=1):
            if text.rstrip().endswith(f"# {marker}") and "_line(" not in text:
                return number
    raise AssertionError(marker)


def _calibrate(work: Any, seconds: float) -> int:
    """A size for ``seconds`` of CPU time (a busy machine stretches it, but it stays that work)."""
    size = 1000
    while True:
        start = time.thread_time()
        work(size)
        took = time.thread_time() - start
        if took >= seconds / 4:
            return int(size * seconds / took)
        size *= 2


def crunch(seconds: float) -> None:
    """``seconds`` of CPU time: the same work however busy the machine is."""
    start = time.thread_time()
    while time.thread_time() - start < seconds:  # B-CPU
        pass


def calibrate() -> tuple[int, bytes]:
    """Sizes for ~BLOCK seconds of sum(range(n)) and of sha256 (before any loop runs)."""
    gil_size = _calibrate(lambda n: sum(range(n)), BLOCK)
    chunk = os.urandom(1 << 20) * 16
    start = time.thread_time()
    hashlib.sha256(chunk).digest()
    return gil_size, chunk * max(1, round(BLOCK / max(time.thread_time() - start, 1e-6)))


SIZES: tuple[int, bytes] = (0, b"")


async def blockers(rounds: int) -> None:
    gil_size, big = SIZES

    async def gap() -> None:
        await asyncio.sleep(0.15)

    def note(kind: str, markers: list[str], start: float) -> None:
        BLOCKERS.append({"kind": kind, "lines": [_line(m) for m in markers], "start": start, "end": time.monotonic()})

    for _ in range(rounds):
        await gap()
        start = time.monotonic()
        time.sleep(BLOCK)  # B-SLEEP
        note("sleep", ["B-SLEEP"], start)
        await gap()
        start = time.monotonic()
        crunch(BLOCK)
        note("cpu", ["B-CPU"], start)
        await gap()
        start = time.monotonic()
        sum(range(gil_size))  # B-GIL
        note("gil-holding C call", ["B-GIL"], start)
        await gap()
        reader, writer = socket.socketpair()
        threading.Timer(BLOCK, writer.sendall, args=(b"x",)).start()
        start = time.monotonic()
        reader.recv(1)  # B-SOCKET
        note("socket", ["B-SOCKET"], start)
        reader.close()
        writer.close()
        await gap()
        start = time.monotonic()
        subprocess.run([sys.executable, "-c", f"import time; time.sleep({BLOCK})"], check=True)  # B-SUBPROCESS
        note("subprocess", ["B-SUBPROCESS"], start)
        await gap()
        start = time.monotonic()
        hashlib.sha256(big).digest()  # B-HASH
        note("GIL-releasing C call", ["B-HASH"], start)
        await gap()
        start = time.monotonic()
        time.sleep(BLOCK * 0.75)  # B-PAIR-SLEEP
        crunch(BLOCK * 0.75)
        note("two in one step", ["B-PAIR-SLEEP", "B-CPU"], start)
        for _ in range(2):  # near misses: under the threshold, then idle
            await gap()
            time.sleep(0.06)
            await asyncio.sleep(0.3)


async def healthy(stop: list[bool]) -> None:
    while not stop[0]:
        sum(range(200))
        await asyncio.sleep(0.001)


async def service(rounds: int) -> None:
    stop = [False]
    workers = [asyncio.create_task(healthy(stop)) for _ in range(10)]
    try:
        await blockers(rounds)
    finally:
        stop[0] = True
        await asyncio.gather(*workers)


# -- one tool, in a child process ---------------------------------------------------------------------


def _in_program(path: str) -> bool:
    return os.path.abspath(path) == HERE


def run_tool(tool: str, rounds: int) -> dict[str, Any]:
    global SIZES
    SIZES = calibrate()
    offset = time.time() - time.monotonic()
    detections: list[dict[str, Any]] = []
    if tool in ("sampler", "sampler-thread"):
        from asyncio_lint.runtime import sampling

        with sampling(THRESHOLD, method="thread" if tool == "sampler-thread" else "auto") as sampler:
            asyncio.run(service(rounds))
        for stall in sampler.stalls:
            if not stall.is_code:
                continue
            start = stall.start - sampler.wall_offset
            lines = [s.frame.line for s in stall.lines
                     if s.frame and _in_program(s.frame.path) and s.ms >= 0.1 * stall.duration_ms]
            detections.append({"start": start, "end": start + stall.duration_ms / 1000, "lines": lines})
    elif tool == "pyleak":
        from pyleak import no_event_loop_blocking

        quiet = logging.getLogger("bench.pyleak")
        quiet.addHandler(logging.NullHandler())
        quiet.propagate = False
        found: list[Any] = []

        async def main() -> None:
            watcher = no_event_loop_blocking(action="warn", logger=quiet, threshold=THRESHOLD)
            async with watcher:
                await service(rounds)
            found.extend(watcher.detector.detected_blocks)

        asyncio.run(main())
        for block in found:
            end = block.timestamp - offset
            frames = [f for f in block.blocking_stack or [] if _in_program(f.filename)]
            detections.append({"start": end - block.duration, "end": end, "lines": [frames[-1].lineno] if frames else []})
    elif tool == "debug":
        records: list[logging.LogRecord] = []

        class Keep(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                records.append(record)

        asyncio_logger = logging.getLogger("asyncio")
        asyncio_logger.addHandler(Keep())
        asyncio_logger.propagate = False

        async def main() -> None:
            loop = asyncio.get_running_loop()
            loop.slow_callback_duration = THRESHOLD
            await service(rounds)

        asyncio.run(main(), debug=True)
        for record in records:
            if not str(record.msg).startswith("Executing"):
                continue
            took = float(record.args[1])  # type: ignore[index]
            end = record.created - offset
            text = record.getMessage()
            lines = [int(n) for path, n in re.findall(r"(/[^\s:>]+\.py):(\d+)", text) if _in_program(path)]
            detections.append({"start": end - took, "end": end, "lines": lines})
    elif tool == "none":
        asyncio.run(service(rounds))
    else:
        raise SystemExit(f"unknown tool {tool}")
    return {"blockers": BLOCKERS, "detections": detections}


def score(result: dict[str, Any]) -> dict[str, float]:
    blockers, detections = result["blockers"], result["detections"]

    def overlap(a: dict[str, Any], b: dict[str, Any]) -> float:
        return max(0.0, min(a["end"], b["end"]) - max(a["start"], b["start"]))

    found = named = lines = 0
    true_ms = found_ms = 0.0
    used: set[int] = set()
    for blocker in blockers:
        length = blocker["end"] - blocker["start"]
        lines += len(blocker["lines"])
        covering = [i for i, d in enumerate(detections) if overlap(d, blocker) >= 0.5 * length]
        if covering:
            found += 1
            true_ms += length * 1000
            named += sum(1 for line in blocker["lines"] if any(line in detections[i]["lines"] for i in covering))
            used.update(covering)
    for index in used:
        detection = detections[index]
        found_ms += (detection["end"] - detection["start"]) * 1000
    false = sum(
        1 for d in detections
        if sum(overlap(d, b) for b in blockers) < 0.5 * (d["end"] - d["start"])
    )
    return {"blockers": len(blockers), "found": found, "lines": lines, "named": named, "false": false,
            "stalls": len(detections), "true_ms": true_ms, "found_ms": found_ms}


# -- overhead ---------------------------------------------------------------------------------------------


async def saturated(seconds: float) -> float:
    ops = [0]
    stop = [False]

    async def worker() -> None:
        while not stop[0]:
            for _ in range(10):
                sum(range(20))
                await asyncio.sleep(0)
            ops[0] += 10

    tasks = [asyncio.create_task(worker()) for _ in range(100)]
    await asyncio.sleep(seconds / 5)
    start_ops, start = ops[0], time.perf_counter()
    await asyncio.sleep(seconds)
    rate = (ops[0] - start_ops) / (time.perf_counter() - start)
    stop[0] = True
    await asyncio.gather(*tasks)
    return rate


def overhead_child(tool: str, seconds: float) -> float:  # noqa: C901
    if tool in ("sampler", "sampler-thread"):
        from asyncio_lint.runtime import sampling

        with sampling(THRESHOLD, method="thread" if tool == "sampler-thread" else "auto"):
            return asyncio.run(saturated(seconds))
    if tool == "pyleak":
        from pyleak import no_event_loop_blocking

        async def main() -> float:
            async with no_event_loop_blocking(action="warn", threshold=THRESHOLD):
                return await saturated(seconds)

        return asyncio.run(main())
    if tool == "debug":
        return asyncio.run(saturated(seconds), debug=True)
    return asyncio.run(saturated(seconds))


# -- the parent ---------------------------------------------------------------------------------------------


def _child(*args: str) -> str:
    return subprocess.run([sys.executable, HERE, *args], check=True, capture_output=True, text=True).stdout


def available(tool: str) -> bool:
    if tool == "pyleak":
        import importlib.util

        return importlib.util.find_spec("pyleak") is not None
    return True


def _spread(values: list[float]) -> str:
    if len(values) < 2:
        return f"{values[0]:g}"
    return f"{min(values):g}-{max(values):g}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="detection runs per tool (fresh processes)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the blocker schedule per run")
    parser.add_argument("--pairs", type=int, default=10, help="overhead pairs per tool (0: skip)")
    parser.add_argument("--phase", type=float, default=1.0, help="seconds measured per overhead process")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--overhead-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_tool(args.child, args.rounds)))
        return 0
    if args.overhead_child:
        print(overhead_child(args.overhead_child, args.phase))
        return 0
    tools = [tool for tool in args.tools.split(",") if tool]
    for tool in [tool for tool in tools if not available(tool)]:
        print(f"SKIP {tool}: not installed")
    tools = [tool for tool in tools if available(tool)]
    print(f"python {sys.version.split()[0]}, threshold {THRESHOLD * 1000:g} ms, load average "
          + " ".join(f"{value:.1f}" for value in os.getloadavg()))
    scores: dict[str, list[dict[str, float]]] = {tool: [] for tool in tools}
    for run in range(args.runs):
        for tool in tools if run % 2 == 0 else reversed(tools):
            scores[tool].append(score(json.loads(_child("--child", tool, "--rounds", str(args.rounds)))))
    print("\ndetection: median over runs (min-max)")
    print(f"{'tool':15s} {'found':>12s} {'lines named':>14s} {'false stalls':>13s} {'stalls':>9s} {'ms found / real':>20s}")
    for tool in tools:
        runs = scores[tool]

        def med(key: str, runs: list[dict[str, float]] = runs) -> str:
            values = [r[key] for r in runs]
            return f"{statistics.median(values):g} ({_spread(values)})"

        ms = f"{statistics.median(r['found_ms'] for r in runs):.0f} / {statistics.median(r['true_ms'] for r in runs):.0f}"
        print(f"{tool:15s} {med('found'):>8s}/{runs[0]['blockers']:g} {med('named'):>10s}/{runs[0]['lines']:g} "
              f"{med('false'):>13s} {med('stalls'):>9s} {ms:>20s}")
    if args.pairs:
        print(f"\noverhead: {args.pairs} pairs of fresh processes, {args.phase:g} s each, saturated loop; "
              "ratio with/without the tool")
        for tool in tools:
            ratios = []
            for index in range(args.pairs):
                order = ("none", tool) if index % 2 == 0 else (tool, "none")
                rates = {name: float(_child("--overhead-child", name, "--phase", str(args.phase))) for name in order}
                ratios.append(rates[tool] / rates["none"])
            q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratios[0]] * 3
            print(f"{tool:15s} median {statistics.median(ratios):.3f} ({(1 - statistics.median(ratios)) * 100:+.1f}% slower), "
                  f"pair quartiles {q[0]:.3f}-{q[2]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
