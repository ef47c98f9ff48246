#!/usr/bin/env python3
"""Build the benchmark corpus: real asyncio projects installed from PyPI.

Creates (or reuses, with ``--venv``) a scratch virtualenv, pip-installs a
pinned list of asyncio projects into it (``--no-deps``: only their sources are
read, never imported), plus the peer tools (flake8, flake8-async, ruff,
libcst) and, unless ``--no-self``, this repository in editable mode.  Then it
copies each project's package folder(s) -- Python files only, no ``.pyc`` and
no ``__pycache__`` -- into ``<dest>/<project>/`` and writes
``<dest>/CORPUS.txt`` (project, version, files, lines).

Nothing is downloaded at benchmark run time: ``speed.py`` only reads ``dest``
and runs the tools from the venv.

    python benchmarks/corpus.py                       # benchmarks/.venv -> benchmarks/.corpus
    python benchmarks/corpus.py --venv /work/corpus/venv --dest /work/corpus/src
    python benchmarks/corpus.py --no-install          # re-copy from an existing venv
    python benchmarks/corpus.py --no-peers --snapshot # freeze asyncio-lint before a long run
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_VENV = HERE / ".venv"
DEFAULT_DEST = HERE / ".corpus"

# project name in the corpus -> (pip requirement, package folders in site-packages)
# All installed with --no-deps: the benchmark only reads the sources.
PROJECTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "aiohttp": ("aiohttp==3.14.5", ("aiohttp",)),
    "httpx": ("httpx==0.28.1", ("httpx",)),
    "httpcore": ("httpcore==1.0.9", ("httpcore",)),
    "anyio": ("anyio==4.16.0", ("anyio",)),
    "starlette": ("starlette==1.10.0", ("starlette",)),
    "uvicorn": ("uvicorn==0.54.0", ("uvicorn",)),
    "websockets": ("websockets==17.4", ("websockets",)),
    "asyncpg": ("asyncpg==0.32.0", ("asyncpg",)),
    "aiosqlite": ("aiosqlite==0.22.1", ("aiosqlite",)),
    "aiokafka": ("aiokafka==0.14.0", ("aiokafka",)),
    "aiomysql": ("aiomysql==0.3.2", ("aiomysql",)),
    "redis": ("redis==8.1.0", ("redis",)),
    "motor": ("motor==3.7.1", ("motor",)),
    "aiobotocore": ("aiobotocore==3.10.0", ("aiobotocore",)),
    "sanic": ("sanic==25.12.1", ("sanic",)),
    "tornado": ("tornado==6.6.1", ("tornado",)),
    "aiogram": ("aiogram==3.31.0", ("aiogram",)),
    "discord.py": ("discord.py==2.7.1", ("discord",)),
    "telethon": ("Telethon==1.45.0", ("telethon",)),
}

# The peers measured in the same run (installed with their dependencies).
PEERS = (
    "flake8==7.5.0",
    "flake8-async==26.8.1",
    "ruff==0.17.6",
    "libcst==1.9.0",
)

# Written at the corpus root and in each project folder, so that config
# discovery by asyncio-lint and ruff stops there instead of reaching the
# repository's pyproject.toml (which excludes ``benchmarks/*`` from
# asyncio-lint), and so that each project is its own project root: asyncio-lint
# summarises the other files of a file's project (AIO120/AIO220), which must be
# that project, not the whole corpus.
CORPUS_PYPROJECT = """\
# Written by benchmarks/corpus.py: an empty config so that tools searching
# upwards for pyproject.toml stop here and run with their defaults.
[tool.asyncio-lint]

[tool.ruff]
"""


def venv_python(venv_dir: Path) -> Path:
    return venv_dir / "bin" / "python"


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=False, **kw)


def ensure_venv(venv_dir: Path) -> Path:
    py = venv_python(venv_dir)
    if not py.exists():
        print(f"creating venv {venv_dir}")
        venv.EnvBuilder(with_pip=True, clear=False).create(venv_dir)
    return py


def pip_install(py: Path, reqs: list[str], *, no_deps: bool) -> list[str]:
    """Install requirements one by one; return the ones that failed."""
    failed = []
    base = [py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if no_deps:
        base.append("--no-deps")
    # Fast path: everything at once.
    if run(base + reqs).returncode == 0:
        return failed
    for req in reqs:
        if run(base + [req]).returncode != 0:
            failed.append(req)
    return failed


def site_packages(py: Path) -> Path:
    out = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    return Path(out)


def installed_versions(py: Path) -> dict[str, str]:
    code = (
        "import importlib.metadata as m, json;"
        "print(json.dumps({d.metadata['Name'].lower(): d.version for d in m.distributions()}))"
    )
    out = subprocess.run([str(py), "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def copy_python_tree(src: Path, dst: Path) -> tuple[int, int]:
    """Copy the *.py files of ``src`` into ``dst``; return (files, lines)."""
    files = lines = 0
    for root, dirs, names in os.walk(src):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        rel = Path(root).relative_to(src)
        for name in sorted(names):
            if not name.endswith(".py"):
                continue
            target = dst / rel / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(Path(root) / name, target)
            with open(target, "rb") as fh:
                lines += sum(1 for _ in fh)
            files += 1
    return files, lines


def count_tree(path: Path) -> tuple[int, int]:
    files = lines = 0
    for p in path.rglob("*.py"):
        files += 1
        with open(p, "rb") as fh:
            lines += sum(1 for _ in fh)
    return files, lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV,
                    help=f"virtualenv to create or reuse (default: {DEFAULT_VENV.relative_to(REPO)})")
    ap.add_argument("--dest", type=Path, default=DEFAULT_DEST,
                    help=f"where the source trees go (default: {DEFAULT_DEST.relative_to(REPO)})")
    ap.add_argument("--only", nargs="+", metavar="PROJECT", choices=sorted(PROJECTS),
                    help="restrict to these projects")
    ap.add_argument("--no-install", action="store_true",
                    help="do not run pip; copy from what the venv already has")
    ap.add_argument("--no-peers", action="store_true", help="do not install flake8/flake8-async/ruff/libcst")
    ap.add_argument("--no-self", action="store_true",
                    help=f"do not 'pip install -e {REPO}' (asyncio-lint itself) into the venv")
    ap.add_argument("--snapshot", action="store_true",
                    help="install asyncio-lint as a regular (non-editable) package: a frozen copy of the "
                         "working tree, so that edits made during a run do not invalidate its cache "
                         "(the cache key includes asyncio-lint's own source files)")
    ap.add_argument("--readme", type=Path, help="also write the corpus table to this file")
    args = ap.parse_args(argv)

    names = args.only or list(PROJECTS)
    venv_dir = args.venv.resolve()
    dest = args.dest.resolve()
    py = ensure_venv(venv_dir) if not args.no_install else venv_python(venv_dir)
    if not py.exists():
        print(f"error: {py} does not exist (drop --no-install to create the venv)", file=sys.stderr)
        return 2

    problems: list[str] = []
    if not args.no_install:
        failed = pip_install(py, [PROJECTS[n][0] for n in names], no_deps=True)
        problems += [f"pip install failed: {r}" for r in failed]
        if not args.no_peers:
            failed = pip_install(py, list(PEERS), no_deps=False)
            problems += [f"pip install failed: {r}" for r in failed]
        self_req = [REPO] if args.snapshot else ["-e", REPO]
        if not args.no_self and run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                     *(["--force-reinstall", "--no-deps"] if args.snapshot else []),
                                     *self_req]).returncode != 0:
            problems.append(f"pip install {' '.join(map(str, self_req))} failed (asyncio-lint will be "
                            "skipped unless it is on PATH)")

    sp = site_packages(py)
    versions = installed_versions(py)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "pyproject.toml").write_text(CORPUS_PYPROJECT)
    rows = []
    for name in names:
        req, packages = PROJECTS[name]
        dist = req.split("==")[0].lower()
        version = versions.get(dist)
        missing = [p for p in packages if not (sp / p).is_dir()]
        if version is None or missing:
            problems.append(f"{name}: not installed in {venv_dir} ({', '.join(missing) or dist})")
            continue
        target = dest / name
        if target.exists():
            shutil.rmtree(target)
        files = lines = 0
        for pkg in packages:
            nfiles, nlines = copy_python_tree(sp / pkg, target / pkg)
            files += nfiles
            lines += nlines
        (target / "pyproject.toml").write_text(CORPUS_PYPROJECT)
        rows.append((name, version, files, lines))
        print(f"  {name:<12} {version:<10} {files:>6} files {lines:>8} lines")

    total_files = sum(r[2] for r in rows)
    total_lines = sum(r[3] for r in rows)
    table = ["project       version      files     lines",
             "------------  ----------  ------  --------"]
    table += [f"{n:<12}  {v:<10}  {f:>6}  {ln:>8}" for n, v, f, ln in rows]
    table += ["------------  ----------  ------  --------",
              f"{'total':<12}  {'':<10}  {total_files:>6}  {total_lines:>8}"]
    text = "\n".join(table) + "\n"
    (dest / "CORPUS.txt").write_text(
        f"Python files only, copied from {sp}\n(created by benchmarks/corpus.py)\n\n" + text)
    (dest / "corpus.json").write_text(json.dumps(
        {"venv": str(venv_dir), "site_packages": str(sp),
         "projects": [{"name": n, "version": v, "files": f, "lines": ln} for n, v, f, ln in rows]},
        indent=2) + "\n")
    if args.readme:
        args.readme.write_text(text)
    print()
    print(text, end="")
    print(f"corpus: {dest}  ({len(rows)} projects)")
    for p in problems:
        print("warning:", p, file=sys.stderr)
    return 1 if problems and not rows else 0


if __name__ == "__main__":
    sys.exit(main())
