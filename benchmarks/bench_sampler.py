"""Event-loop throughput with and without the stall sampler, measured in the same run.

    python benchmarks/bench_sampler.py [--rounds 30] [--seconds 0.25] [--threshold 100ms]

Two workloads, each run as alternating pairs (plain loop, sampled loop; the order flips every
pair so drift and warm-up hit both sides alike):

* ``sleep0``: one task doing ``await asyncio.sleep(0)`` round trips, one callback per loop
  iteration, the worst case for any per-iteration cost;
* ``tasks``: 100 tasks doing ``await asyncio.sleep(0)`` with a little work, a busy server.

Each run counts operations over a fixed time. The script prints the median throughput of each
side and the median of the per-pair ratios (sampled / plain): 1.00 means no cost, 0.98 means 2%
slower; the pair quartiles show how noisy the machine was. It also prints the ratio of
operations per CPU second of the whole process (loop and watchdog threads), which other
processes on a busy machine disturb much less. Exit status 1 if the wall-clock ratio of a
workload is below ``1 - --max-slowdown`` (default 2%).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from typing import Awaitable, Callable

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from asyncio_lint.runtime.sampler import parse_threshold, sampling  # noqa: E402


Measurement = tuple[int, float, float]  # operations, wall seconds, CPU seconds (whole process)


async def sleep0(seconds: float) -> Measurement:
    count = 0
    wall, cpu = time.perf_counter(), time.process_time()
    stop = wall + seconds
    while True:
        for _ in range(1000):
            await asyncio.sleep(0)
        count += 1000
        now = time.perf_counter()
        if now >= stop:
            return count, now - wall, time.process_time() - cpu


async def tasks(seconds: float) -> Measurement:
    wall, cpu = time.perf_counter(), time.process_time()
    stop = wall + seconds

    async def worker() -> int:
        count = 0
        while True:
            for _ in range(100):
                sum(range(20))
                await asyncio.sleep(0)
            count += 100
            if time.perf_counter() >= stop:
                return count

    count = sum(await asyncio.gather(*(worker() for _ in range(100))))
    return count, time.perf_counter() - wall, time.process_time() - cpu


WORKLOADS: dict[str, Callable[[float], Awaitable[Measurement]]] = {"sleep0": sleep0, "tasks": tasks}


def run_once(
    workload: Callable[[float], Awaitable[Measurement]], seconds: float, threshold: float | None
) -> tuple[float, float]:
    """(operations per wall second, per CPU second of the whole process) of one run.

    Timed inside the loop, so starting and stopping the loop (and the sampler) is not counted.
    """
    if threshold is None:
        count, wall, cpu = asyncio.run(workload(seconds))  # type: ignore[arg-type]
    else:
        with sampling(threshold):
            count, wall, cpu = asyncio.run(workload(seconds))  # type: ignore[arg-type]
    return count / wall, count / max(cpu, 1e-9)


def bench(name: str, rounds: int, seconds: float, threshold: float) -> tuple[float, float]:
    """Median sampled/plain ratios (wall, cpu) over alternating pairs; prints one line."""
    workload = WORKLOADS[name]
    run_once(workload, seconds / 4, None)  # warm up
    run_once(workload, seconds / 4, threshold)
    plain: list[float] = []
    sampled: list[float] = []
    wall_ratios: list[float] = []
    cpu_ratios: list[float] = []
    for index in range(rounds):
        if index % 2 == 0:
            a = run_once(workload, seconds, None)
            b = run_once(workload, seconds, threshold)
        else:
            b = run_once(workload, seconds, threshold)
            a = run_once(workload, seconds, None)
        plain.append(a[0])
        sampled.append(b[0])
        wall_ratios.append(b[0] / a[0])
        cpu_ratios.append(b[1] / a[1])
    wall, cpu = statistics.median(wall_ratios), statistics.median(cpu_ratios)
    quartiles = statistics.quantiles(wall_ratios, n=4)
    print(
        f"{name:7s} plain {statistics.median(plain):>10,.0f} ops/s  sampled {statistics.median(sampled):>10,.0f} ops/s  "
        f"ratio {wall:.4f} ({(1 - wall) * 100:+.2f}% slower, pair quartiles {quartiles[0]:.3f}-{quartiles[2]:.3f})  "
        f"per CPU second {cpu:.4f} ({(1 - cpu) * 100:+.2f}%)"
    )
    return wall, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="alternating pairs per workload")
    parser.add_argument("--seconds", type=float, default=0.25, help="length of one run")
    parser.add_argument("--threshold", default="100ms", help="sampler threshold (default 100ms)")
    parser.add_argument("--max-slowdown", type=float, default=0.02, help="fail above this (0.02 = 2%%)")
    parser.add_argument("--workload", choices=sorted(WORKLOADS), action="append")
    args = parser.parse_args(argv)
    threshold = parse_threshold(args.threshold)
    print(
        f"python {sys.version.split()[0]}, threshold {threshold * 1000:g} ms, "
        f"{args.rounds} pairs of {args.seconds:g} s runs"
    )
    results = [bench(name, args.rounds, args.seconds, threshold) for name in (args.workload or WORKLOADS)]
    worst = min(wall for wall, _ in results)
    if worst < 1 - args.max_slowdown:
        print(f"FAIL: sampled loop more than {args.max_slowdown:.0%} slower")
        return 1
    print(f"OK: at most {max(0.0, 1 - worst) * 100:.2f}% slower (limit {args.max_slowdown:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
