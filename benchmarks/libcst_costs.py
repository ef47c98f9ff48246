#!/usr/bin/env python3
"""What libcst's conveniences cost next to the parse, and what the engine's own walk costs instead.

    python benchmarks/libcst_costs.py DIR [DIR ...] [--repeat 3]

Over every ``*.py`` file under DIR, in this process (one core), each measured ``--repeat`` times
(median printed), in seconds and as a multiple of the bare parse:

* ``parse``: ``libcst.parse_module``;
* ``visitor``: a no-op ``libcst.CSTVisitor`` walked over the parsed module (``module.visit``);
* ``walker``: asyncio-lint's ``tree.Walker`` over the same module, with no handlers;
* ``scope+qualname``: ``MetadataWrapper(module).resolve(ScopeProvider, QualifiedNameProvider)``;
* ``positions (all)``: ``MetadataWrapper(module).resolve(PositionProvider)``;
* ``positions (1 node)``: asyncio-lint's ``positions.positions`` for the module's last ``Call``;
* ``engine``: ``Engine(Config()).lint`` of the file (every rule on by default).

docs/performance.md quotes its output; it backs the design notes in the engine's docstrings.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _files(paths: list[str]) -> list[str]:
    out = []
    for top in paths:
        for folder, dirs, names in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            out.extend(os.path.join(folder, n) for n in sorted(names) if n.endswith(".py"))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider, ScopeProvider

    from asyncio_lint.config import Config
    from asyncio_lint.engine import Engine
    from asyncio_lint.positions import positions
    from asyncio_lint.tree import Walker

    sources = []
    for path in _files(args.paths):
        text = Path(path).read_text(encoding="utf-8", errors="replace")
        try:
            sources.append((path, text, cst.parse_module(text)))
        except Exception:  # noqa: BLE001  (a file libcst cannot parse is left out of every row)
            continue
    lines = sum(text.count("\n") for _, text, _ in sources)
    engine = Engine(Config())

    class Nothing(cst.CSTVisitor):
        pass

    def last_call(module: cst.Module) -> list[cst.CSTNode]:
        found: list[cst.CSTNode] = []

        def note(node: Any) -> None:
            found[:] = [node]

        Walker({cst.Call: [note]}, {}).walk(module)
        return found

    targets = {id(module): last_call(module) for _, _, module in sources}

    rows: list[tuple[str, Callable[[str, str, cst.Module], object]]] = [
        ("parse", lambda p, t, m: cst.parse_module(t)),
        ("visitor", lambda p, t, m: m.visit(Nothing())),
        ("walker", lambda p, t, m: Walker({}, {}).walk(m)),
        ("scope+qualname", lambda p, t, m: MetadataWrapper(m, unsafe_skip_copy=True).resolve_many(
            [ScopeProvider, QualifiedNameProvider])),
        ("positions (all)", lambda p, t, m: MetadataWrapper(m, unsafe_skip_copy=True).resolve(PositionProvider)),
        ("positions (1 node)", lambda p, t, m: positions(m, targets[id(m)])),
        ("engine", lambda p, t, m: engine.lint(t, p)),
    ]
    medians: dict[str, float] = {}
    for name, work in rows:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            for path, text, module in sources:
                work(path, text, module)
            times.append(time.perf_counter() - start)
        medians[name] = statistics.median(times)
    print(f"{len(sources)} files, {lines} lines, median of {args.repeat}")
    for name, _ in rows:
        print(f"  {name:<20} {medians[name]:8.3f} s  {medians[name] / medians['parse']:6.2f}x parse")
    return 0


if __name__ == "__main__":
    sys.exit(main())
