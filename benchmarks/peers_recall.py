"""Recall on the peers' own test cases: flake8-async's ``tests/eval_files`` and Ruff's
``flake8_async`` fixtures (with ``RUF006.py``), for the rules issue 14 maps (codes.PEER_CODES).

    python benchmarks/peers_recall.py --flake8-async ~/src/flake8-async --ruff ~/src/ruff [--tree .]

Each argument is a checkout (a work tree) of that repository. A case is a line the peer expects one
of the mapped codes on: a ``# ASYNC230: ...`` comment in flake8-async's eval files (but those
marked ``# NOASYNCIO``, which its own asyncio run only checks for crashes: their asyncio twins,
``async23x_asyncio.py`` and the like, hold the cases), a ``--> ASYNC230.py:9:10`` location in
Ruff's snapshots. The fixtures are copied into a scratch
folder with the imports they leave out added on one line (the peers match bare names such as
``open`` or ``sleep``; asyncio-lint follows imports), and checked as a user switching would: the
mapped rules selected by full code, ``script-paths = []``. A case is caught when asyncio-lint
reports the mapped code on that line; "other code" counts the cases reported on that line only
under another code. Prints the recall per peer and per code, and the cases missed.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from asyncio_lint.codes import PEER_CODES  # noqa: E402

# The imports a fixture leaves out, by the unbound name it uses (the peers match bare names).
IMPORTS = {name: f"import {name}" for name in (
    "asyncio", "io", "os", "pathlib", "socket", "subprocess", "time", "urllib", "requests", "httpx", "httpx2",
    "urllib3", "trio", "anyio")}
IMPORTS.update({"Optional": "from typing import Optional", "request": "from urllib import request",
                "urlopen": "from urllib.request import urlopen", "Path": "from pathlib import Path",
                "sleep": "from time import sleep", "P_WAIT": "from os import P_WAIT"})
# ``# ASYNC230: 4, 'open'`` (any library) or ``# ASYNC230_asyncio: ...`` (asyncio's variant).
_F8_CASE = re.compile(r"#\s*(ASYNC\d{3})(?:_asyncio)?:")
_RUFF_CASE = re.compile(r"^(ASYNC\d{3}|RUF006)\b.*?\n\s*-->\s*([\w.]+):(\d+):\d+", re.M)
_FUTURE = re.compile(r"^from __future__ import .*$", re.M)

Case = tuple[str, str, int, str]  # peer, copied file, line in the copy, peer code


def _unbound(text: str) -> list[str]:
    """The names ``text`` reads and never binds, that IMPORTS knows."""
    tree = ast.parse(text)
    bound, read = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).partition(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return sorted(name for name in read - bound if name in IMPORTS)


def _copy(source: Path, dest: Path) -> int:
    """Copy a fixture with the imports it leaves out added on one line; return the number of lines
    before that one (the lines after it move down by one)."""
    text = source.read_text(encoding="utf-8")
    futures = list(_FUTURE.finditer(text))
    at = futures[-1].end() + 1 if futures else 0  # (a ``__future__`` import must stay first)
    added = "; ".join(IMPORTS[name] for name in _unbound(text)) or "pass"
    dest.write_text(text[:at] + added + "  # (added by peers_recall.py)\n" + text[at:], encoding="utf-8")
    return text[:at].count("\n")


def _line(line: int, after: int) -> int:
    return line + 1 if line > after else line


def flake8_async_cases(repo: Path, scratch: Path) -> list[Case]:
    cases = []
    for source in sorted((repo / "tests" / "eval_files").glob("*.py")):
        if "# NOASYNCIO" in source.read_text(encoding="utf-8"):
            continue  # (flake8-async's own asyncio run only checks that these do not crash)
        copy = f"f8_{source.name}"
        after = _copy(source, scratch / copy)
        for number, text in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            for code in _F8_CASE.findall(text):
                if code in PEER_CODES:
                    cases.append(("flake8-async", copy, _line(number, after), code))
    return cases


def ruff_cases(repo: Path, scratch: Path) -> list[Case]:
    fixtures = repo / "crates" / "ruff_linter" / "resources" / "test" / "fixtures"
    rules = repo / "crates" / "ruff_linter" / "src" / "rules"
    sources = {p.name: p for p in (fixtures / "flake8_async").glob("*.py")}
    sources["RUF006.py"] = fixtures / "ruff" / "RUF006.py"
    shifts = {name: _copy(path, scratch / f"ruff_{name}") for name, path in sources.items()}
    cases = set()
    for snap in [*(rules / "flake8_async" / "snapshots").glob("*.snap"), *(rules / "ruff" / "snapshots").glob("*RUF006*.snap")]:
        for code, name, line in _RUFF_CASE.findall(snap.read_text(encoding="utf-8")):
            if code in PEER_CODES and name in sources:
                cases.add(("ruff", f"ruff_{name}", _line(int(line), shifts[name]), code))
    return sorted(cases)


def found(scratch: Path, tree: Path) -> dict[tuple[str, int], set[str]]:
    codes = sorted(set(PEER_CODES.values()))
    (scratch / "pyproject.toml").write_text(
        "[tool.asyncio-lint]\nselect = [%s]\nscript-paths = []\n" % ", ".join(f'"{c}"' for c in codes))
    env = dict(os.environ, PYTHONPATH=str(tree))
    proc = subprocess.run([sys.executable, "-P", "-m", "asyncio_lint", "check", "--no-cache", "--no-environment",
                           "--format", "json", "."], cwd=scratch, env=env, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"asyncio-lint failed ({proc.returncode}): {proc.stderr}")
    out: dict[tuple[str, int], set[str]] = {}
    for finding in json.loads(proc.stdout)["findings"]:
        out.setdefault((finding["path"], finding["line"]), set()).add(finding["code"])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flake8-async", type=Path, required=True, help="a checkout of python-trio/flake8-async")
    parser.add_argument("--ruff", type=Path, required=True, help="a checkout of astral-sh/ruff")
    parser.add_argument("--tree", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the asyncio-lint checkout to measure (default: this one)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="peers_recall_"))
    try:
        cases = flake8_async_cases(args.flake8_async, scratch) + ruff_cases(args.ruff, scratch)
        reported = found(scratch, args.tree.resolve())
        for peer in ("flake8-async", "ruff"):
            mine = [c for c in cases if c[0] == peer]
            caught = [c for c in mine if PEER_CODES[c[3]] in reported.get((c[1], c[2]), set())]
            other = [c for c in mine if c not in caught and reported.get((c[1], c[2]))]
            by_code = Counter(c[3] for c in mine)
            caught_by_code = Counter(c[3] for c in caught)
            print(f"{peer}: {len(caught)}/{len(mine)} = {len(caught) / max(len(mine), 1):.3f}"
                  f" (another code on the line: {len(other)})")
            print("  " + ", ".join(f"{code} {caught_by_code[code]}/{n}" for code, n in sorted(by_code.items())))
            for case in mine:
                if case not in caught:
                    codes = sorted(reported.get((case[1], case[2]), set()))
                    print(f"  missed {case[3]} {case[1].split('_', 1)[1]}:{case[2]}" + (f" (got {codes})" if codes else ""))
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
