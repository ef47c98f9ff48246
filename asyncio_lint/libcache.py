"""Summaries of installed libraries' modules, kept in the user cache folder across projects and runs.

A library is read once per version, not once per run: each distribution (name + version) has one
file per configuration digest holding, per module file, its content hash and its summary result.
An entry stands while the file's bytes hash the same (an upgrade changes the version and so the
file; an edited installed file changes its hash). Files are written atomically (temporary file +
``os.replace``) after merging what another run may have written meanwhile, so two runs at once
never see a torn file and rarely lose each other's entries.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from typing import Any

from asyncio_lint.filestat import Signature, settled, signature
from asyncio_lint.types import FileResult

_FORMAT = 1


def content_hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


class LibraryCache:
    """``get``/``put`` summary results of library files; ``save`` writes the distributions changed."""

    def __init__(self, folder: str, digest: str) -> None:
        self.folder = os.path.join(folder, "libraries")
        self.digest = digest  # of asyncio-lint's code and the configuration parts summaries depend on
        self._tables: dict[str, dict[str, Any]] = {}  # distribution file -> path -> entry
        self._dirty: set[str] = set()

    def _file(self, distribution: tuple[str, str]) -> str:
        name, version = distribution
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in f"{name}-{version}")
        return os.path.join(self.folder, f"{safe}-{self.digest}.pickle")

    def _table(self, file: str) -> dict[str, Any]:
        table = self._tables.get(file)
        if table is None:
            table = self._tables[file] = _read(file)
        return table

    def get(self, distribution: tuple[str, str], path: str, data: bytes | None = None
            ) -> tuple[bytes, FileResult] | None:
        """(content hash, result) for ``path`` if the cache holds it for these bytes; with no
        ``data``, only if the file's stat signature is the one recorded (and had settled)."""
        entry = self._table(self._file(distribution)).get(path)
        if entry is None:
            return None
        key, sig, result = entry
        if data is None:
            current = signature(path)
            return (key, result) if sig is not None and current == sig else None
        return (key, result) if content_hash(data) == key else None

    def put(self, distribution: tuple[str, str], path: str, data: bytes, result: FileResult) -> None:
        if result.error is not None and result.error.message.startswith("internal error"):
            return
        import time

        sig = signature(path)
        trusted: Signature | None = sig if sig is not None and settled(sig, time.time_ns()) else None
        file = self._file(distribution)
        self._table(file)[path] = (content_hash(data), trusted, result)
        self._dirty.add(file)

    def save(self) -> None:
        for file in sorted(self._dirty):
            mine = self._tables[file]
            merged = {**_read(file), **mine}  # another run's entries for other modules are kept
            try:
                os.makedirs(self.folder, exist_ok=True)
                fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump({"format": _FORMAT, "entries": merged}, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, file)
            except OSError:
                continue  # a read-only cache folder: the next run reads the libraries again
        self._dirty.clear()


def _read(file: str) -> dict[str, Any]:
    try:
        with open(file, "rb") as handle:
            stored = pickle.load(handle)
    except FileNotFoundError:
        return {}
    except Exception:  # torn by a crash, or written by another version: a miss, never an error
        return {}
    if not isinstance(stored, dict) or stored.get("format") != _FORMAT or not isinstance(stored.get("entries"), dict):
        return {}
    return stored["entries"]
