"""File stat signatures: when a file's ``stat`` may stand for its content.

The run memo (runmemo.py) and the result cache (cache.py) both trust an unchanged signature the way
make and git do, with git's rule for the racy window: a signature taken less than :data:`RACY_NS`
after the file changed is not trusted (a write in the same clock tick could go unseen).
"""

from __future__ import annotations

import os

RACY_NS = 2_000_000_000

Signature = tuple[int, int, int, int]


def signature(path: str) -> Signature | None:
    """(inode, size, mtime ns, ctime ns) of ``path``, or None if it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def settled(sig: tuple[int, ...], now: int) -> bool:
    """True if the file of ``sig`` had not changed for :data:`RACY_NS` at ``now``
    (``time.time_ns()``): only then may its signature stand for its content."""
    return now - sig[2] >= RACY_NS and now - sig[3] >= RACY_NS


def package_files() -> list[str]:
    """asyncio-lint's own source files and folders (an upgrade or an edit of an editable install)."""
    package = os.path.dirname(os.path.realpath(__file__))
    out: list[str] = []
    for folder, dirs, files in os.walk(package):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        out.extend(os.path.join(folder, name) for name in files if name.endswith(".py"))
        out.append(folder)
    return out
