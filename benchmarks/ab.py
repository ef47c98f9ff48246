#!/usr/bin/env python3
"""A/B timing of two checkouts of asyncio-lint on the same folders, in paired, alternating runs.

    python benchmarks/ab.py --a /path/to/old/checkout --b . DIR [DIR ...] [--runs 5] [--jobs 2]

For each DIR and each checkout (run as ``python -m asyncio_lint`` with ``PYTHONPATH`` set to the
checkout), in A/B/B/A order so that a drift of the machine's load falls on both alike:

* ``cold``: ``check --no-cache --format json -jN``;
* ``warm``: ``check --format json -jN`` with the cache filled and nothing changed (the run memo
  replays it);
* ``warm, no memo``: the same after ``touch``-ing every run memo away (the stat-checked result
  cache answers).

Prints medians and the B/A ratio of each, of wall time and, for the warm runs, of CPU time
(user + system of the process tree, which other tenants of a shared machine move less; a cold
run's workers, started by a forkserver, are not its children and would not be counted). Also
checks that both give the same JSON, and the same findings and errors (the timing of a wrong
answer means nothing). Caches in the folders above a DIR (a project root's) are cleared and their
memos dropped too. The machine is shared: read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import glob
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time


def _run(tree: str, folder: str, args: list[str]) -> tuple[float, str, float]:
    """(wall seconds, stdout, CPU seconds: user + system of the run and the children it waited for)."""
    env = dict(os.environ, PYTHONPATH=tree)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "asyncio_lint", "check", *args, "."], cwd=folder, env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"{tree} on {folder}: exit {proc.returncode}\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, proc.stdout, cpu


def _caches(folder: str) -> list[str]:
    """The cache folders a run in ``folder`` may use: below it, and in the folders above it (a
    checkout may keep its cache in the project root above the folder linted)."""
    found = glob.glob(os.path.join(folder, "**", ".asyncio_lint_cache"), recursive=True)
    here = os.path.abspath(folder)
    while os.path.dirname(here) != here:
        here = os.path.dirname(here)
        if os.path.isdir(os.path.join(here, ".asyncio_lint_cache")):
            found.append(os.path.join(here, ".asyncio_lint_cache"))
    return found


def _drop_memos(folder: str) -> None:
    for cache in _caches(folder):
        for memo in glob.glob(os.path.join(cache, "run-*")):
            os.unlink(memo)


def _answer(out: str) -> object:
    """The findings and errors of a JSON report (what both checkouts must agree on)."""
    import json

    document = json.loads(out)
    return document["findings"], document["errors"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--a", required=True, help="the baseline checkout")
    parser.add_argument("--b", required=True, help="the checkout under test")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args(argv)
    trees = {"A": os.path.abspath(args.a), "B": os.path.abspath(args.b)}
    jobs = [f"-j{args.jobs}"]
    for folder in args.folders:
        times: dict[tuple[str, str], list[float]] = {}
        cpus: dict[tuple[str, str], list[float]] = {}  # (less moved by other tenants than wall time)
        outputs: dict[str, str] = {}
        for cache in _caches(folder):
            shutil.rmtree(cache)
        for index in range(args.runs):
            order = ["A", "B"] if index % 2 == 0 else ["B", "A"]
            for name in order:
                tree = trees[name]
                elapsed, out, cpu = _run(tree, folder, ["--no-cache", "--format", "json", *jobs])
                times.setdefault((name, "cold"), []).append(elapsed)
                cpus.setdefault((name, "cold"), []).append(cpu)
                outputs.setdefault(name, out)
                _run(tree, folder, ["--format", "json", *jobs])  # fill the cache
                time.sleep(2.1)  # past the racy window: signatures and memos are trusted
                _run(tree, folder, ["--format", "json", *jobs])  # records the memo
                elapsed, _, cpu = _run(tree, folder, ["--format", "json", *jobs])
                times.setdefault((name, "warm"), []).append(elapsed)
                cpus.setdefault((name, "warm"), []).append(cpu)
                _drop_memos(folder)
                elapsed, _, cpu = _run(tree, folder, ["--format", "json", *jobs])
                times.setdefault((name, "warm, no memo"), []).append(elapsed)
                cpus.setdefault((name, "warm, no memo"), []).append(cpu)
        same = outputs["A"] == outputs["B"]
        same_answer = _answer(outputs["A"]) == _answer(outputs["B"])
        print(f"{folder}: {args.runs} paired runs, -j{args.jobs}; same JSON from A and B: {same}; "
              f"same findings and errors: {same_answer}")
        for step in ("cold", "warm", "warm, no memo"):
            a = statistics.median(times[("A", step)])
            b = statistics.median(times[("B", step)])
            spread = max(times[("B", step)]) - min(times[("B", step)])
            print(f"  {step:<14} A {a:7.3f} s   B {b:7.3f} s   B/A {b / a:5.2f}   (B spread {spread:.3f} s)")
            if step != "cold":  # (a forkserver's workers are not the run's children: not counted)
                a, b = statistics.median(cpus[("A", step)]), statistics.median(cpus[("B", step)])
                print(f"  {'  CPU':<14} A {a:7.3f} s   B {b:7.3f} s   B/A {b / a:5.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
