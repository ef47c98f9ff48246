"""Replay a ``check`` run whose inputs have not changed, before click or anything heavy loads.

The result cache (cache.py) makes a warm run cheap, but a warm run still starts Python, imports
click, the configuration and the cache code, reads and hashes every file and renders the report:
~75 ms on aiohttp, where the imports alone are ~55 ms. This module is the layer in front of it.

After a cached ``check`` (not stdin, not ``--output``, not ``--stalls``, not ``--no-cache``) the
CLI records a *run memo* in the cache folder: the report it printed (stdout and stderr), its exit
status, and the ``stat`` signature (inode, size, mtime and ctime in ns) of every input: each file
linted or read by the project phase, each folder walked (a file added or removed changes its
folder), every ``pyproject.toml`` the configuration search looked at or for (a missing one is
recorded as missing), and asyncio-lint's own source files. The memo's name is a hash of the arguments, the working folder
and the interpreter.

The next identical command (``asyncio-lint check ...`` / ``python -m asyncio_lint check ...``)
finds the memo, stats the inputs again, and if every signature is unchanged prints the recorded
report and exits with the recorded status: nothing else is imported. Any difference, a missing
memo or any error falls through to the normal run, which rewrites the memo.

Stat signatures are what make and git trust; like git, a memo is not written while any input
changed less than ``filestat.RACY_NS`` before it was taken (a write in the same clock tick could
otherwise go unseen). The content-hash cache behind it stays the ground truth.
"""

from __future__ import annotations

import os
import sys
from typing import Iterable, Mapping

try:  # the builtin module: ``hashlib`` would load OpenSSL too
    from _blake2 import blake2b
except ImportError:  # pragma: no cover
    from hashlib import blake2b

from asyncio_lint.filestat import settled, signature

CACHE_DIR = ".asyncio_lint_cache"
VERSION = 1
KEEP = 32
_PREFIX = "run-"


def memo_name(argv: list[str], cwd: str) -> str:
    # The package's own folder too: one interpreter may run two copies of asyncio-lint (PYTHONPATH).
    package = os.path.dirname(os.path.realpath(__file__))
    key = repr((VERSION, argv, cwd, sys.executable, sys.version, sys.platform, package))
    return _PREFIX + blake2b(key.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()


def config_inputs(starts: Iterable[str]) -> list[str]:
    """The ``pyproject.toml`` files the configuration search looks at from ``starts`` (one that
    does not exist yet is recorded as missing, so creating it counts as a change)."""
    out: list[str] = []
    for start in starts:
        here = os.path.abspath(start)
        if not os.path.isdir(here):
            here = os.path.dirname(here)
        while True:
            out.append(os.path.join(here, "pyproject.toml"))
            parent = os.path.dirname(here)
            if parent == here:
                break
            here = parent
    return out


def _candidate_folders(argv: list[str], cwd: str) -> list[str]:
    """Where a memo for this command may be: the cache folder of the configuration root, which
    is the working folder, a folder given on the command line, or one of their parents."""
    seen: dict[str, None] = {}
    for start in [cwd, *(os.path.join(cwd, arg) for arg in argv[1:] if not arg.startswith("-"))]:
        here = os.path.normpath(start)
        while here not in seen:
            seen[here] = None
            parent = os.path.dirname(here)
            if parent == here:
                break
            here = parent
    return list(seen)


def replay(argv: list[str]) -> int | None:
    """The exit status after printing a still-valid memo's report, or None to run normally."""
    if len(argv) < 1 or argv[0] != "check":
        return None
    try:
        import marshal

        cwd = os.getcwd()
        name = memo_name(argv, cwd)
        for folder in _candidate_folders(argv, cwd):
            path = os.path.join(folder, CACHE_DIR, name)
            try:
                with open(path, "rb") as handle:
                    memo = marshal.load(handle)
            except OSError:
                continue
            if not isinstance(memo, dict) or memo.get("v") != VERSION:
                return None
            for input_path, recorded in memo["inputs"]:
                if signature(input_path) != recorded:
                    return None
            out, err, status = str(memo["stdout"]), str(memo["stderr"]), int(memo["exit"])
            break
        else:
            return None
    except Exception:  # a memo is only ever a shortcut
        return None
    # Valid: from here on the report is ours to print, once (never again by a fallback run).
    for stream, text in ((sys.stdout, out), (sys.stderr, err)):
        if text:
            try:
                stream.write(text)
                stream.flush()
            except (OSError, ValueError):  # a closed or broken pipe, as the full run would meet
                pass
    return status


def record(folder: str, argv: list[str], inputs: Iterable[str], stdout: str, stderr: str, status: int,
           known: Mapping[str, tuple[int, ...] | None] | None = None) -> bool:
    """Write the memo for this command into ``folder`` (the cache folder); False if not written
    (an input changed too recently to be trusted, or the folder is not writable). ``known``: the
    signatures the run took of some inputs before reading them, recorded as they are (a file
    edited since has another signature: the memo misses, as it must)."""
    import marshal
    import time

    now = time.time_ns()
    signed = []
    seen: set[str] = set()
    for path in inputs:  # (the files linted come first: a run after an edit gives up at once)
        if path in seen:
            continue
        seen.add(path)
        sig = known[path] if known is not None and path in known else signature(path)
        if sig is not None and not settled(sig, now):
            return False
        signed.append((os.path.abspath(path), sig))
    memo = {"v": VERSION, "inputs": signed, "stdout": stdout, "stderr": stderr, "exit": status}
    try:
        os.makedirs(folder, exist_ok=True)
        target = os.path.join(folder, memo_name(argv, os.getcwd()))
        temporary = f"{target}.{os.getpid()}.tmp"
        with open(temporary, "wb") as handle:
            marshal.dump(memo, handle)
        os.replace(temporary, target)
    except OSError:
        return False
    _prune(folder)
    return True


def _prune(folder: str) -> None:
    """Keep the :data:`KEEP` most recent memos (pre-commit passes a new file list each time)."""
    try:
        memos = [entry for entry in os.scandir(folder) if entry.name.startswith(_PREFIX)]
        if len(memos) <= KEEP:
            return
        memos.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        for entry in memos[KEEP:]:
            os.unlink(entry.path)
    except OSError:
        pass
