#!/usr/bin/env python3
"""Baseline for speed.py: parse every *.py file under PATHS with bare
``libcst.parse_module`` and nothing else, in N processes.

    python benchmarks/libcst_parse.py -j 2 DIR [DIR ...]

With ``-j 1`` the files are parsed in this process; with ``-j N`` (N > 1) a
``multiprocessing`` pool of N workers parses them.  Prints one summary line
(files, parse errors, lines) to stdout; exit status 0.
"""

from __future__ import annotations

import argparse
import os
import sys
from multiprocessing import get_context


def iter_py_files(paths: list[str]):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
            for name in sorted(names):
                if name.endswith(".py"):
                    yield os.path.join(root, name)


def parse_one(path: str) -> tuple[int, int]:
    """Return (ok, lines)."""
    import libcst

    with open(path, "rb") as fh:
        source = fh.read()
    try:
        libcst.parse_module(source)
    except Exception:  # noqa: BLE001  (ParserSyntaxError, encoding errors...)
        return 0, source.count(b"\n")
    return 1, source.count(b"\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-j", "--jobs", type=int, default=1)
    ap.add_argument("paths", nargs="+")
    args = ap.parse_args(argv)

    files = list(iter_py_files(args.paths))
    # Imported once up front (and inherited by forked workers); its import
    # cost is part of the baseline, as it is for any libcst-based tool.
    import libcst  # noqa: F401

    if args.jobs <= 1:
        results = [parse_one(f) for f in files]
    else:
        # Largest files first so that one big file does not finish last.
        files.sort(key=lambda f: os.path.getsize(f), reverse=True)
        with get_context("fork").Pool(args.jobs) as pool:
            results = pool.map(parse_one, files, chunksize=max(1, min(16, len(files) // (args.jobs * 8) or 1)))
    ok = sum(r[0] for r in results)
    lines = sum(r[1] for r in results)
    print(f"libcst_parse: {len(files)} files, {len(files) - ok} parse errors, {lines} lines, jobs={args.jobs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
