#!/usr/bin/env python3
"""What following calls into a project's installed packages costs: first run and warm runs.

    python benchmarks/bench_environment.py PROJECT_DIR --python VENV_PYTHON [--runs 3] [--jobs 2]

For the project (a folder with its own ``pyproject.toml``) and its virtualenv, in alternating order:

* ``cold, no env``: ``check --no-cache --no-environment``;
* ``cold, env, first``: ``check --no-cache --python VENV`` with an empty user cache (every installed
  module a chain leads into is summarised);
* ``cold, env``: the same with the library summaries cached (a second project, or a run with
  ``--no-cache`` of the project cache);
* ``warm, no env`` / ``warm, env``: ``check`` again with the project cache filled and nothing
  changed, the run memo removed first (the result cache and the project phase's memo answer).

Medians and min-max of wall seconds; the ratios that matter are ``cold, env, first`` over ``cold,
no env`` (the first run's extra cost) and ``warm, env`` over ``warm, no env`` (target: at most
1.5). The machine is shared: read ratios from one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("project")
    parser.add_argument("--python", required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    cache_home = tempfile.mkdtemp(prefix="bench-env-")
    env = dict(os.environ, ASYNCIO_LINT_CACHE_HOME=cache_home)
    env.pop("VIRTUAL_ENV", None)
    base = [sys.executable, "-m", "asyncio_lint", "check", "--format", "json", f"-j{args.jobs}", "."]

    def run(*extra: str) -> float:
        start = time.perf_counter()
        proc = subprocess.run([*base, *extra], cwd=args.project, env=env, capture_output=True, text=True)
        if proc.returncode not in (0, 1):
            raise SystemExit(proc.stderr[-2000:])
        return time.perf_counter() - start

    def drop_memos() -> None:
        for memo in glob.glob(os.path.join(args.project, "**", ".asyncio_lint_cache", "run-*"), recursive=True):
            os.unlink(memo)

    times: dict[str, list[float]] = {}
    for index in range(args.runs):
        shutil.rmtree(os.path.join(cache_home, "libraries"), ignore_errors=True)
        steps = [("cold, no env", ("--no-cache", "--no-environment")),
                 ("cold, env, first", ("--no-cache", "--python", args.python)),
                 ("cold, env", ("--no-cache", "--python", args.python))]
        if index % 2:
            steps = [steps[1], steps[2], steps[0]]
        for name, extra in steps:
            times.setdefault(name, []).append(run(*extra))
        for name, extra in ([("warm, no env", ("--no-environment",)), ("warm, env", ("--python", args.python))]
                            if index % 2 == 0 else
                            [("warm, env", ("--python", args.python)), ("warm, no env", ("--no-environment",))]):
            run(*extra)  # fill the project cache for this configuration
            drop_memos()
            times.setdefault(name, []).append(run(*extra))
    shutil.rmtree(cache_home, ignore_errors=True)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{args.project}: {args.runs} runs, -j{args.jobs}")
    for name, values in times.items():
        print(f"  {name:<18} {medians[name]:7.3f} s  (min {min(values):.3f}, max {max(values):.3f})")
    print(f"  first run's extra cost: {medians['cold, env, first'] / medians['cold, no env']:.2f}x the run "
          f"without the environment; later cold runs {medians['cold, env'] / medians['cold, no env']:.2f}x")
    print(f"  warm with / without the environment: {medians['warm, env'] / medians['warm, no env']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
