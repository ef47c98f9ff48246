#!/usr/bin/env python3
"""A big generated module: asyncio-lint against libcst's own whole-module parse of it.

    python benchmarks/big_module.py [--defs 57000] [--runs 3] [--asyncio-lint CHECKOUT] [--keep FILE]

Generates a module of ``--defs`` small ``async def`` handlers (57,000: about 5 MB, a few of them
calling ``time.sleep``), then in alternating runs, each a fresh process:

* ``parse``: ``libcst.parse_module`` of the whole text, nothing else;
* ``lint``: ``asyncio-lint check --no-cache --format json FILE`` (the module is parsed in pieces);

and prints the median wall time and peak RSS of each, and the lint/parse ratios (issue 17's
targets: under 0.5 of the time, under 0.25 of the memory). Once, it checks that the findings are
those of a whole-module parse (the engine with the piece threshold raised above the file's size).
Peak RSS is ``ru_maxrss`` of the child (one process: a single file is linted without workers).
The machine is shared: read the ratios, which pair runs made under the same load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PARSE = "import libcst, sys\nlibcst.parse_module(open(sys.argv[1], encoding='utf-8').read())\n"
WHOLE = (
    "import json, sys\n"
    "import asyncio_lint.parse as parse\n"
    "from asyncio_lint.config import ConfigResolver\n"
    "from asyncio_lint.engine import Engine\n"
    "parse.BIG_BYTES = 1 << 62  # one piece: libcst's whole-module parse\n"
    "path = sys.argv[1]\n"
    "result = Engine(ConfigResolver().for_path(path)).lint(open(path, 'rb').read(), path)\n"
    "print(json.dumps(sorted([f.line, f.column, f.code, f.message] for f in result.findings)))\n"
)


def generate(defs: int) -> str:
    out = ["import asyncio\nimport time\n\n\n"]
    for i in range(defs):
        if i % 1000 == 7:
            out.append(f"async def handler_{i}(request):\n    time.sleep(0.{i % 10})\n    return request\n\n\n")
        else:
            out.append(f"async def handler_{i}(request):\n    return await request.fetch({i})\n\n\n")
    return "".join(out)


def _measured(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    # ru_maxrss of RUSAGE_CHILDREN is the largest of all children waited for: measure each run in
    # a fresh intermediate process so it is this run's alone.
    code = ("import json, resource, subprocess, sys, time\n"
            "argv = json.loads(sys.argv[1])\n"
            "start = time.perf_counter()\n"
            "proc = subprocess.run(argv, capture_output=True, text=True)\n"
            "elapsed = time.perf_counter() - start\n"
            "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "print(json.dumps([elapsed, peak, proc.returncode, proc.stdout, proc.stderr[-2000:]]))\n")
    proc = subprocess.run([sys.executable, "-c", code, json.dumps(argv)], env=env, capture_output=True, text=True)
    elapsed, peak, status, out, err = json.loads(proc.stdout)
    if status not in (0, 1):
        raise SystemExit(f"{argv[:4]}: exit {status}\n{err}")
    return elapsed, peak, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--defs", type=int, default=57_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--asyncio-lint", dest="checkout", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), help="the checkout to run (default: this one)")
    parser.add_argument("--keep", help="write the generated module here (and keep it)")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONPATH=args.checkout)
    folder = tempfile.mkdtemp(prefix="asyncio-lint-big-")
    path = args.keep or os.path.join(folder, "generated.py")
    text = generate(args.defs)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"{path}: {len(text.encode()) / 1e6:.1f} MB, {text.count(chr(10))} lines, {args.defs} async defs")
    lint = [sys.executable, "-m", "asyncio_lint", "check", "--no-cache", "--format", "json", path]
    parse = [sys.executable, "-c", PARSE, path]
    samples: dict[str, list[tuple[float, float]]] = {"parse": [], "lint": []}
    lint_out = ""
    for index in range(args.runs):
        for name in (("parse", "lint") if index % 2 == 0 else ("lint", "parse")):
            elapsed, peak, out = _measured(parse if name == "parse" else lint, env)
            samples[name].append((elapsed, peak))
            lint_out = out if name == "lint" else lint_out
            print(f"  run {index + 1} {name:<5} {elapsed:7.1f} s  {peak:7.0f} MB", flush=True)
    pieces = sorted([f["line"], f["column"] - 1, f["code"], f["message"]] for f in json.loads(lint_out)["findings"])
    whole = json.loads(subprocess.run([sys.executable, "-c", WHOLE, path], env=env, capture_output=True,
                                      text=True, check=True).stdout)
    medians = {name: (statistics.median(t for t, _ in runs), statistics.median(m for _, m in runs))
               for name, runs in samples.items()}
    (pt, pm), (lt, lm) = medians["parse"], medians["lint"]
    print(f"libcst whole-module parse: {pt:7.1f} s  {pm:7.0f} MB (median of {args.runs})")
    print(f"asyncio-lint check:        {lt:7.1f} s  {lm:7.0f} MB")
    print(f"ratios lint/parse: time {lt / pt:.2f} (target < 0.5), peak memory {lm / pm:.2f} (target < 0.25)")
    print(f"findings: {len(pieces)}; same as a whole-module parse: {pieces == whole}")
    if not args.keep:
        os.unlink(path)
        os.rmdir(folder)
    return 0 if pieces == whole else 1


if __name__ == "__main__":
    sys.exit(main())
