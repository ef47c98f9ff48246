"""Event-loop throughput with and without the stall sampler, measured in the same run.

    python benchmarks/bench_sampler.py [--pairs 40] [--phase 0.1] [--threshold 100ms] [--processes]
    python benchmarks/bench_sampler.py --idle [--pairs 10] [--phase 3]

One event loop runs the workload the whole time; a sampler is installed on that loop and closed
again (``Sampler.install(loop)`` / ``close()``)
in alternating phases of ``--phase`` seconds, the order flipping every pair, so machine drift,
warm-up and other processes hit both sides alike. Each phase counts operations; the script
prints the median throughput of each side and the median of the per-pair ratios
(sampled / plain): 1.00 means no cost, 0.98 means 2% slower. It also prints the same ratio per
CPU second of the whole process (loop and watchdog threads), which other processes on a busy
machine disturb less.

Two workloads:

* ``sleep0``: one task doing ``await asyncio.sleep(0)`` round trips, one callback per loop
  iteration, the worst case for any per-iteration cost;
* ``tasks``: 100 tasks doing ``await asyncio.sleep(0)`` with a little work, a busy server.

Toggling the sampler inside one process shares interpreter state between both sides (e.g. the
specialisation of ``self.time()`` in ``_run_once``), so ``--processes`` also offers the slower,
noisier comparison of fresh child processes, alternating plain and sampled ones.

Exit status 1 if a workload's wall-clock ratio is below ``1 - --max-slowdown`` (default 2%).

``--idle`` measures what the sampler costs a loop that has nothing to do: fresh child
processes, alternating plain and sampled, each running ``asyncio.run(asyncio.sleep(PHASE))``;
it prints the median CPU seconds (user + system, the whole process) of each side and of the
per-pair differences, with their quartiles.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from asyncio_lint.runtime import Sampler, parse_threshold, sampling  # noqa: E402


Rates = tuple[float, float]  # operations per wall second, per CPU second


class Counter:
    def __init__(self) -> None:
        self.ops = 0
        self.running = True


async def sleep0_worker(counter: Counter) -> None:
    while counter.running:
        for _ in range(100):
            await asyncio.sleep(0)
        counter.ops += 100


async def busy_worker(counter: Counter) -> None:
    while counter.running:
        for _ in range(10):
            sum(range(20))
            await asyncio.sleep(0)
        counter.ops += 10


WORKLOADS = {"sleep0": (sleep0_worker, 1), "tasks": (busy_worker, 100)}


async def measure(name: str, pairs: int, phase: float, threshold: float) -> tuple[float, float]:
    worker, count = WORKLOADS[name]
    loop = asyncio.get_running_loop()
    counter = Counter()
    workers = [asyncio.create_task(worker(counter)) for _ in range(count)]

    async def one_phase(sampled: bool) -> tuple[float, float]:
        # A fresh sampler per sampled phase, closed after it: plain phases run with nothing
        # patched (closing the last sampler restores BaseEventLoop.time).
        sampler = Sampler(threshold) if sampled else None
        if sampler is not None:
            sampler.install(loop)
        ops, wall, cpu = counter.ops, time.perf_counter(), time.process_time()
        await asyncio.sleep(phase)  # the workers run meanwhile
        rates = (
            (counter.ops - ops) / (time.perf_counter() - wall),
            (counter.ops - ops) / max(time.process_time() - cpu, 1e-9),
        )
        if sampler is not None:
            sampler.close()
        return rates

    try:
        await one_phase(False)  # warm up both sides
        await one_phase(True)
        pairs_seen: list[tuple[Rates, Rates]] = []  # (plain, sampled)
        for index in range(pairs):
            if index % 2 == 0:
                a = await one_phase(False)
                b = await one_phase(True)
            else:
                b = await one_phase(True)
                a = await one_phase(False)
            pairs_seen.append((a, b))
    finally:
        counter.running = False
        await asyncio.gather(*workers)
    return summarise(name, pairs_seen)


def summarise(name: str, pairs: list[tuple[Rates, Rates]], note: str = "") -> tuple[float, float]:
    """Print one workload's line; return the median (sampled / plain) ratios per wall and CPU second."""
    wall_ratios = [b[0] / a[0] for a, b in pairs]
    cpu_ratios = [b[1] / a[1] for a, b in pairs]
    wall, cpu = statistics.median(wall_ratios), statistics.median(cpu_ratios)
    quartiles = statistics.quantiles(wall_ratios, n=4)
    plain, sampled = statistics.median(a[0] for a, _ in pairs), statistics.median(b[0] for _, b in pairs)
    print(
        f"{name:7s} plain {plain:>10,.0f} ops/s  sampled {sampled:>10,.0f} ops/s  "
        f"ratio {wall:.4f} ({(1 - wall) * 100:+.2f}% slower, pair quartiles {quartiles[0]:.3f}-{quartiles[2]:.3f})  "
        f"per CPU second {cpu:.4f} ({(1 - cpu) * 100:+.2f}%){note}"
    )
    return wall, cpu


async def child_run(name: str, seconds: float) -> tuple[float, float]:
    """One child process's measurement: ops per wall and per CPU second over ``seconds``."""
    worker, count = WORKLOADS[name]
    counter = Counter()
    workers = [asyncio.create_task(worker(counter)) for _ in range(count)]
    await asyncio.sleep(seconds / 5)  # warm up
    ops, wall, cpu = counter.ops, time.perf_counter(), time.process_time()
    await asyncio.sleep(seconds)
    rates = (
        (counter.ops - ops) / (time.perf_counter() - wall),
        (counter.ops - ops) / max(time.process_time() - cpu, 1e-9),
    )
    counter.running = False
    await asyncio.gather(*workers)
    return rates


def processes(name: str, pairs: int, seconds: float, threshold_text: str) -> tuple[float, float]:
    """Alternate fresh child processes, plain and sampled: no state shared between the two."""
    import subprocess

    def child(mode: str) -> tuple[float, float]:
        out = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--child", mode, "--workload", name,
             "--phase", str(seconds), "--threshold", threshold_text],
            check=True, capture_output=True, text=True,
        ).stdout.split()
        return float(out[0]), float(out[1])

    pairs_seen: list[tuple[Rates, Rates]] = []  # (plain, sampled)
    for index in range(pairs):
        if index % 2 == 0:
            a, b = child("plain"), child("sampled")
        else:
            b, a = child("sampled"), child("plain")
        pairs_seen.append((a, b))
    return summarise(name, pairs_seen, "  [separate processes]")


def idle_child(seconds: float, threshold: float, sampled: bool) -> float:
    """CPU seconds (user + system) this process spends on an idle loop for ``seconds``."""
    import resource

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    before = cpu()
    if sampled:
        with sampling(threshold):
            asyncio.run(asyncio.sleep(seconds))
    else:
        asyncio.run(asyncio.sleep(seconds))
    return cpu() - before


def idle(pairs: int, seconds: float, threshold_text: str) -> int:
    import subprocess

    def child(mode: str) -> float:
        out = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "--child", mode, "--idle", "--phase", str(seconds),
             "--threshold", threshold_text],
            check=True, capture_output=True, text=True,
        ).stdout
        return float(out.split()[0])

    plain, sampled = [], []
    for index in range(pairs):
        order = ("plain", "sampled") if index % 2 == 0 else ("sampled", "plain")
        got = {mode: child(mode) for mode in order}
        plain.append(got["plain"])
        sampled.append(got["sampled"])
    extra = [b - a for a, b in zip(plain, sampled, strict=True)]
    quartiles = statistics.quantiles(extra, n=4) if len(extra) > 1 else [extra[0]] * 3
    print(
        f"idle {seconds:g} s, threshold {threshold_text}, {pairs} pairs of child processes: CPU plain "
        f"{statistics.median(plain):.3f} s, sampled {statistics.median(sampled):.3f} s; the sampler's share "
        f"{statistics.median(extra):.3f} s (pair quartiles {quartiles[0]:.3f}-{quartiles[2]:.3f})"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--pairs", type=int, default=40, help="alternating phase pairs per workload")
    parser.add_argument("--phase", type=float, default=0.1, help="length of one phase, seconds")
    parser.add_argument("--threshold", default="100ms", help="sampler threshold (default 100ms)")
    parser.add_argument("--max-slowdown", type=float, default=0.02, help="fail above this (0.02 = 2%%)")
    parser.add_argument("--workload", choices=sorted(WORKLOADS), action="append")
    parser.add_argument(
        "--processes", action="store_true",
        help="compare fresh child processes (plain vs sampled, alternating) instead of phases of one loop",
    )
    parser.add_argument("--idle", action="store_true", help="CPU cost on an idle loop (fresh processes)")
    parser.add_argument("--child", choices=["plain", "sampled"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    threshold = parse_threshold(args.threshold)
    if args.idle and args.child:
        print(idle_child(args.phase, threshold, args.child == "sampled"))
        return 0
    if args.idle:
        return idle(args.pairs if "--pairs" in (argv or sys.argv) else 10,
                    args.phase if "--phase" in (argv or sys.argv) else 3.0, args.threshold)
    if args.child:
        name = (args.workload or ["sleep0"])[0]
        if args.child == "sampled":
            with sampling(threshold):
                rates = asyncio.run(child_run(name, args.phase))
        else:
            rates = asyncio.run(child_run(name, args.phase))
        print(f"{rates[0]} {rates[1]}")
        return 0
    if args.processes:
        print(f"python {sys.version.split()[0]}, threshold {threshold * 1000:g} ms, {args.pairs} pairs of "
              f"child processes measuring {args.phase:g} s each")
        results = [processes(name, args.pairs, args.phase, args.threshold) for name in (args.workload or WORKLOADS)]
        worst = min(wall for wall, _ in results)
        print(f"{'OK' if worst >= 1 - args.max_slowdown else 'FAIL'}: at most {max(0.0, 1 - worst) * 100:.2f}% slower"
              f" (limit {args.max_slowdown:.0%})")
        return 0 if worst >= 1 - args.max_slowdown else 1
    print(
        f"python {sys.version.split()[0]}, threshold {threshold * 1000:g} ms, "
        f"{args.pairs} pairs of {args.phase:g} s phases, load average "
        + " ".join(f"{value:.1f}" for value in os.getloadavg())
    )
    results = [
        asyncio.run(measure(name, args.pairs, args.phase, threshold)) for name in (args.workload or WORKLOADS)
    ]
    worst = min(wall for wall, _ in results)
    if worst < 1 - args.max_slowdown:
        print(f"FAIL: sampled loop more than {args.max_slowdown:.0%} slower")
        return 1
    print(f"OK: at most {max(0.0, 1 - worst) * 100:.2f}% slower (limit {args.max_slowdown:.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
