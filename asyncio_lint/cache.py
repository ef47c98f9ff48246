"""A content-hash cache of per-file results, in ``.asyncio_lint_cache/`` of each project root.

The project root of a file is the nearest folder at or above it with a ``pyproject.toml`` or a
``.git``, else the working folder; ``asyncio-lint clean`` there finds the cache. A file's entry is
valid while its bytes, its path, its module name (which the ``__init__.py`` files and namespace
folders above it decide), the configuration and the tool version are the same: the key is a BLAKE2b
digest of them, so an edit, a new or removed ``__init__.py``, a config change or an upgrade misses.
One pickle per (version, configuration) holds every file's result; it is loaded once, updated in
memory, and written back atomically (temporary file + ``os.replace``), so two runs sharing the
folder never see a torn file: the last writer wins, and each writer's entries are correct.

Nothing here imports libcst: a run whose files all hit never loads the parser.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
import time
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from asyncio_lint import __version__
from asyncio_lint.config import Config
from asyncio_lint.filestat import package_files, settled
from asyncio_lint.modules import module_names
from asyncio_lint.types import FileResult

CACHE_DIR = ".asyncio_lint_cache"
ROOT_MARKERS = ("pyproject.toml", ".git")
_FORMAT = 5  # bump when the pickled layout changes
KEEP_RESULT_FILES = 3  # e.g. a couple of configurations used side by side


@lru_cache(maxsize=4096)
def _marked_root(folder: str) -> str | None:
    if any(os.path.exists(os.path.join(folder, marker)) for marker in ROOT_MARKERS):
        return folder
    parent = os.path.dirname(folder)
    return None if parent == folder else _marked_root(parent)


def clear_memos() -> None:
    _marked_root.cache_clear()


def project_root_of(path: str, is_file: bool = False) -> str:
    """The folder of the nearest ``pyproject.toml`` or ``.git`` at or above ``path``, else the
    working folder."""
    folder = os.path.abspath(path)
    if is_file or not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    return _marked_root(folder) or os.getcwd()


def cache_folder_of(path: str, is_file: bool = False) -> str:
    """The cache folder of the project ``path`` (``is_file``: known to be a file) is in."""
    return os.path.join(project_root_of(path, is_file), CACHE_DIR)


def cache_folder(config: Config) -> Path:
    """The cache folder of the project a configuration's folder is in."""
    return Path(cache_folder_of(config.root))


def module_identity(path: str) -> str:
    """What the module of ``path`` is called (its name and other names), as the cache keys it."""
    name, others = module_names(path)
    return "\0".join((name, *others))


def file_key(path: str, data: bytes) -> bytes:
    digest = hashlib.blake2b(data, digest_size=16)
    digest.update(b"\0" + path.encode("utf-8", "surrogateescape"))
    digest.update(b"\0" + module_identity(path).encode("utf-8", "surrogateescape"))
    return digest.digest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Changes whenever asyncio-lint's own code does (an upgrade, or an edit of an editable install).
    Taken once per process: what matters is the code that runs, which an edit made after its
    modules were imported does not change (each project of a run asked again, a stat per file)."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=8)
    for path in sorted(p for p in package_files() if p.endswith(".py")):
        info = os.stat(path)
        digest.update(f"{path}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def _trusted(signature: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """``signature`` if its file had settled (filestat.RACY_NS), else None: not to be trusted."""
    return signature if signature is not None and settled(signature, time.time_ns()) else None


class ResultCache:
    def __init__(self, config: Config, folder: "str | Path | None" = None) -> None:
        self.folder = Path(folder) if folder is not None else cache_folder(config)
        config_digest = hashlib.blake2b(repr((config, code_fingerprint(), _FORMAT)).encode(), digest_size=8).hexdigest()
        self.file = self.folder / f"results-{config_digest}.pickle"
        # path -> (key, FileResult, stat signature or None, module identity); also the project
        # phase's memos
        self._entries: dict[str, Any] | None = None
        self._dirty = False
        self._blobs: dict[int, tuple[Any, bytes]] = {}  # id(summary) -> (it, pickled)

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            try:
                with open(self.file, "rb") as handle:
                    entries = pickle.load(handle)
                self._entries = entries if isinstance(entries, dict) else {}
            except FileNotFoundError:
                self._entries = {}
            except Exception:  # a corrupt or foreign file is a miss, never an error
                self._entries = {}
        return self._entries

    def get(self, path: str, key: bytes) -> FileResult | None:
        entry = self._load().get(path)
        if entry is not None and entry[0] == key:
            return entry[1]
        return None

    def get_unchanged(self, path: str, signature: tuple[int, ...] | None,
                      identity: str | None = None) -> tuple[bytes, FileResult] | None:
        """(key, result) of a file whose ``stat`` signature (and module identity) is the one
        recorded with its result, without reading it (as git and Ruff do). Signatures are only
        recorded when the file had not changed for ``filestat.RACY_NS`` (a write in the same clock
        tick could go unseen)."""
        entry = self._load().get(path)
        if entry is not None and signature is not None and entry[2] == signature and (
                identity is None or entry[3] == identity):
            return entry[0], entry[1]
        return None

    def _packed(self, result: FileResult) -> FileResult:
        """``result`` with its summary pickled (types.summary_of reads it): loading the cache then
        builds no summary that the run does not read. One summary gives one blob, which the
        entries and the project memo share."""
        summary = result.summary
        if summary is None or isinstance(summary, bytes):
            return result
        found = self._blobs.get(id(summary))
        if found is None or found[0] is not summary:
            found = self._blobs[id(summary)] = (summary, pickle.dumps(summary, protocol=pickle.HIGHEST_PROTOCOL))
        return replace(result, summary=found[1])

    def put(self, path: str, key: bytes, result: FileResult, signature: tuple[int, ...] | None = None) -> None:
        if result.error is not None and result.error.message.startswith("internal error"):
            return  # never keep a crash: the next version may fix it
        entries = self._load()
        trusted = _trusted(signature)
        if trusted is None and path in entries and entries[path][0] == key:
            # (the same bytes as when that stat was recorded: a helper file the project phase read
            # and summarised again must not be read again by every later run)
            trusted = entries[path][2]
        entries[path] = (key, self._packed(result), trusted, module_identity(path))
        self._dirty = True

    def note_signature(self, path: str, key: bytes, signature: tuple[int, ...] | None) -> None:
        """Record the signature of a file read and found unchanged (its content matched)."""
        entry = self._load().get(path)
        trusted = _trusted(signature)
        if entry is not None and entry[0] == key and entry[2] != trusted:
            self._entries[path] = (entry[0], entry[1], trusted, entry[3])  # type: ignore[index]
            self._dirty = True

    # -- the project phase (AIO120/AIO220) -----------------------------------------------------
    # Its findings depend on every linted file, on what the other candidate files are called, and
    # on the helper files a chain led into, so it is memoised as a whole: (digest of the linted
    # files' keys, the paths given and the candidates' names, demanded file -> key, final results).
    _PROJECT = "\0project"

    @staticmethod
    def _digest(keys: dict[str, bytes], paths: Sequence[str], names: bytes) -> bytes:
        digest = hashlib.blake2b(repr(sorted(paths)).encode(), digest_size=16)
        digest.update(names)
        for path in sorted(keys):
            digest.update(path.encode("utf-8", "surrogateescape") + b"\0" + keys[path])
        return digest.digest()

    def project_memo(self, keys: dict[str, bytes], paths: Sequence[str], names: bytes = b"",
                     environment: str = "", known: dict[str, bytes] | None = None) -> list[FileResult] | None:
        """``environment``: the interpreter whose installed packages the phase followed ("": none).
        ``known``: the keys of files the run has just looked up (the other projects' files), which
        need not be read again."""
        entry = self._load().get(self._PROJECT)
        if entry is None or entry[0] != self._digest(keys, [*paths, "\0" + environment], names):
            return None
        demanded, results = entry[1]
        for path, key in demanded.items():
            if known is not None and path in known:
                if known[path] != key:
                    return None
                continue
            try:
                with open(path, "rb") as handle:
                    if file_key(path, handle.read()) != key:
                        return None
            except OSError:
                return None
        return list(results)

    def remember_project(self, keys: dict[str, bytes], paths: Sequence[str], names: bytes,
                         demanded: dict[str, bytes], results: list[FileResult], environment: str = "") -> None:
        """``demanded``: every file the phase read besides ``keys``' (installed libraries' too)."""
        self._load()[self._PROJECT] = (self._digest(keys, [*paths, "\0" + environment], names),
                                       (demanded, tuple(map(self._packed, results))))
        self._dirty = True

    def located(self) -> dict[Any, Any]:
        """Call positions the project phase found, per (path, file crc): kept across runs."""
        self._dirty = True
        located: dict[Any, Any] = self._load().setdefault("\0located", {})
        return located

    def save(self) -> None:
        if not self._dirty:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            marker = self.folder / ".gitignore"
            if not marker.exists():
                marker.write_text("# created by asyncio-lint\n*\n")
                (self.folder / "CACHEDIR.TAG").write_text(
                    "Signature: 8a477f597d28d172789f06886806bc55\n# asyncio-lint cache\n")
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(self._entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
            self._prune()
        except OSError:
            # A read-only checkout must not fail the lint run; the cache is an optimisation.
            return
        self._dirty = False


    def _prune(self) -> None:
        """Keep the newest few result files: older ones belong to past configurations or versions."""
        files = sorted(self.folder.glob("results-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in files[KEEP_RESULT_FILES:]:
            if stale != self.file:
                stale.unlink(missing_ok=True)


def clear(start: str = ".") -> list[Path]:
    """Delete the cache of the project ``start`` is in and every cache folder below ``start``
    (as ``ruff clean`` does); the folders removed. Only folders asyncio-lint made (with its
    ``CACHEDIR.TAG``, or holding only its files) are removed."""
    found = [Path(cache_folder_of(start))]
    for parent, dirs, _ in os.walk(start):
        if CACHE_DIR in dirs:
            found.append(Path(parent) / CACHE_DIR)
        dirs[:] = [d for d in dirs if d not in (CACHE_DIR, ".git", "node_modules", ".venv", "venv")]
    removed = []
    seen: set[str] = set()
    for folder in found:
        real = os.path.realpath(folder)
        if real in seen or not folder.is_dir() or not _ours(folder):
            continue
        seen.add(real)
        shutil.rmtree(folder)
        removed.append(folder)
    return removed


def _ours(folder: Path) -> bool:
    if (folder / "CACHEDIR.TAG").is_file():
        return True
    return all(p.name.startswith(("results-", "run-", ".tmp-", ".gitignore")) for p in folder.iterdir())
