"""The public entry points: lint a string, a file, or a set of paths.

Data flows one way: paths -> files -> (worker processes) -> engine -> FileResults -> Report.
"""

from __future__ import annotations

import os
import sys
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Sequence

from typing import TYPE_CHECKING

from asyncio_lint.config import Config
from asyncio_lint.types import FileError, FileResult, Finding

if TYPE_CHECKING:
    from asyncio_lint.engine import Engine

# Folders never worth linting: virtualenvs, VCS metadata, build output, caches.
DEFAULT_EXCLUDED_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", ".venv", "venv", ".env", "env", "__pycache__", "build", "dist",
    ".tox", ".nox", "node_modules", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs",
    ".asyncio_lint_cache", "site-packages", "__pypackages__", ".direnv", "_build", "buck-out",
})
# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 16


@dataclass
class Report:
    results: list[FileResult] = field(default_factory=list)
    # Errors about paths themselves (missing, unreadable folder), not about a file's content.
    path_errors: list[FileError] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return sorted(f for r in self.results for f in r.findings)

    @property
    def errors(self) -> list[FileError]:
        return self.path_errors + [r.error for r in self.results if r.error is not None]

    @property
    def files(self) -> int:
        """Files analysed (read and checked, whether or not they needed parsing)."""
        return sum(1 for r in self.results if r.error is None)

    @property
    def exit_code(self) -> int:
        """0 clean, 1 findings, 2 errors (an error wins over findings)."""
        if self.errors:
            return 2
        return 1 if any(r.findings for r in self.results) else 0


@lru_cache(maxsize=8)
def engine_for(config: Config) -> "Engine":
    from asyncio_lint.engine import Engine  # imported late: a fully cached run never loads libcst

    return Engine(config)


def lint_source(source: str | bytes, path: str = "<string>", config: Config | None = None,
                apply_noqa: bool = True) -> FileResult:
    """Lint source text or bytes as if it were the file ``path``."""
    config = config or Config()
    from asyncio_lint.source import quick_result  # (light: a file no rule can fire on never loads libcst)

    quick = quick_result(source, path, config)
    if quick is not None:
        return quick
    return engine_for(config).lint(source, path, apply_noqa=apply_noqa)


def read_source(path: str) -> bytes | FileError:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return FileError(path, "no such file")
    except IsADirectoryError:
        return FileError(path, "is a directory")
    except PermissionError:
        return FileError(path, "permission denied (cannot read the file)")
    except OSError as exc:
        return FileError(path, f"cannot read: {exc.strerror or exc}")


def lint_file(path: str, config: Config | None = None) -> FileResult:
    data = read_source(path)
    if isinstance(data, FileError):
        return FileResult(path, error=data)
    return lint_source(data, path, config)


# While a traced lint_paths runs: every folder iter_files walks (a run memo's inputs, runmemo.py).
_walk_log: list[str] | None = None


def iter_files(paths: Sequence[str], config: Config) -> Iterator[str | FileError]:
    """Python files under ``paths``: folders recursed (symlink loops broken), excludes applied.

    A path named explicitly is linted even if excluded by a folder rule, as flake8 and Ruff do for
    files; excluded globs still apply to it.
    """
    seen: set[str] = set()
    walked = _walk_log
    for top in paths:
        try:
            info = os.stat(top)
        except FileNotFoundError:
            yield FileError(top, "no such file or directory")
            continue
        except OSError as exc:
            yield FileError(top, f"cannot access: {exc.strerror or exc}")
            continue
        if not stat.S_ISDIR(info.st_mode):
            if top not in seen and not config.is_excluded(top):
                seen.add(top)
                yield top
            continue
        visited_dirs: set[tuple[int, int]] = set()
        errors: list[OSError] = []
        for folder, dirs, files in os.walk(top, followlinks=True, onerror=errors.append):
            try:
                folder_stat = os.stat(folder)
            except OSError:
                dirs[:] = []
                continue
            key = (folder_stat.st_dev, folder_stat.st_ino)
            if key in visited_dirs:  # a symlink loop, or the same folder reached twice
                dirs[:] = []
                continue
            visited_dirs.add(key)
            if walked is not None:
                walked.append(folder)
            dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDED_DIRS and not d.endswith(".egg-info")
                             and not config.is_excluded(os.path.join(folder, d)))
            for name in sorted(files):
                if not name.endswith(".py"):
                    continue
                path = os.path.normpath(os.path.join(folder, name))
                if path in seen or config.is_excluded(path):
                    continue
                seen.add(path)
                yield path
        for walk_error in errors:
            yield FileError(walk_error.filename or top, f"cannot list folder: {walk_error.strerror or walk_error}")


def _lint_in_worker(args: tuple[str, bytes | None, Config]) -> FileResult:
    path, data, config = args
    result = lint_file(path, config) if data is None else lint_source(data, path, config)
    if (len(data) if data is not None else _size(path)) >= TRIM_AFTER:
        _release_memory()
    return result


# A big file's trees (libcst's, or ast's for a syntax check) are freed when it is done, but glibc
# keeps most of that memory: after telethon's 2.9 MB tl/types/__init__.py a process still holds
# ~105 MB, and the next big file's tree stacks on top of it (peak RSS per worker). malloc_trim
# hands it back (~18 MB left).
TRIM_AFTER = 64 * 1024
# A file this big is linted in a fresh process of its own by the CLI's pool (see lint_paths).
FRESH_WORKER_BYTES = 300 * 1024
_malloc_trim: Any = None


def _release_memory() -> None:
    global _malloc_trim
    if _malloc_trim is None:
        _malloc_trim = False
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                _malloc_trim = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
                pass
    if _malloc_trim:
        _malloc_trim(0)


def lint_paths(paths: Sequence[str], config: Config, jobs: int | None = None,
               on_result: Callable[[FileResult], None] | None = None,
               on_files: Callable[[int], None] | None = None,
               cache: bool = False, inputs: list[str] | None = None,
               start_method: str | None = None) -> Report:
    """Lint every Python file under ``paths``.

    ``jobs``: worker processes (default: CPU count). ``cache``: reuse and store results in
    ``.asyncio_lint_cache/`` (see cache.py). ``on_files(count)`` is called once the files are known,
    ``on_result(result)`` as each file is done (for progress display). ``inputs``: if given, every
    file and folder the run read is appended to it (for a run memo, runmemo.py). ``start_method``:
    how worker processes start (multiprocessing's default if None or not available here); the CLI
    asks for ``forkserver``, whose workers do not inherit its memory (a script calling this with
    it must guard its main code with ``if __name__ == "__main__"``, as with ``spawn``).
    """
    global _walk_log
    _walk_log = inputs
    try:
        return _lint_paths(paths, config, jobs, on_result, on_files, cache, inputs, start_method)
    finally:
        _walk_log = None


def _lint_paths(paths: Sequence[str], config: Config, jobs: int | None,
                on_result: Callable[[FileResult], None] | None, on_files: Callable[[int], None] | None,
                cache: bool, inputs: list[str] | None, start_method: str | None = None) -> Report:
    report = Report()
    files: list[str] = []
    for item in iter_files(paths, config):
        if isinstance(item, FileError):
            report.path_errors.append(item)
        else:
            files.append(item)
    # AIO120/AIO220 follow helpers across the project: when given files (pre-commit passes the
    # changed ones), the project's other files are candidates for summaries too (from the cache, or
    # parsed when a chain leads into them), never reported.
    from asyncio_lint.analysis.project import (
        project_context, project_enabled, project_results, summarise_demanded)

    project = project_enabled(config)
    context = project_context(paths, files, config) if project else []
    if inputs is not None:
        inputs.extend(paths)  # (one that does not exist yet, too)
        inputs.extend(files)
        inputs.extend(context)  # (demanded helpers are among them, or among the files)
    if on_files is not None:
        on_files(len(files))
    results: list[FileResult] = []
    # (path, bytes or None when the worker should read the file, cache key)
    todo: list[tuple[str, bytes | None, bytes | None]] = []
    store = None
    keys: dict[str, bytes] = {}
    signatures: dict[str, tuple[int, int, int, int] | None] = {}  # of the files read for the todo list
    if cache:
        from asyncio_lint.cache import ResultCache, file_key
        from asyncio_lint.runmemo import signature as stat_signature

        store = ResultCache(config)
        for path in files:
            signature = stat_signature(path)
            unchanged = store.get_unchanged(path, signature)
            if unchanged is not None:  # same stat as when its result was stored: not even read
                keys[path] = unchanged[0]
                results.extend(_collect([unchanged[1]], on_result))
                continue
            data = read_source(path)
            if isinstance(data, FileError):
                results.extend(_collect([FileResult(path, error=data)], on_result))
                continue
            key = file_key(path, data)
            keys[path] = key
            hit = store.get(path, key)
            if hit is not None:
                store.note_signature(path, key, signature)
                results.extend(_collect([hit], on_result))
            else:
                signatures[path] = signature
                todo.append((path, data, key))
    else:
        todo = [(path, None, None) for path in files]
    jobs = jobs or os.cpu_count() or 1
    done: list[FileResult]
    if jobs > 1 and len(todo) >= PARALLEL_THRESHOLD:
        sizes = {path: (len(data) if data is not None else _size(path)) for path, data, _ in todo}
        todo.sort(key=lambda item: sizes[item[0]], reverse=True)  # largest first: even the load
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        usable = start_method in multiprocessing.get_all_start_methods()
        mp_context = multiprocessing.get_context(start_method if usable else None)
        tasks = [(p, d, config) for p, d, _ in todo]
        # The few biggest files each get a fresh worker (a new process per task; not possible
        # with fork workers or before 3.11): what a worker keeps after one big tree (~15-20 MB even
        # after malloc_trim) would otherwise add to the next one's peak. They are a prefix of the
        # largest-first list.
        fresh = 0
        if sys.version_info >= (3, 11) and mp_context.get_start_method() != "fork":
            fresh = sum(1 for p, _, _ in todo if sizes[p] >= FRESH_WORKER_BYTES)
        done = []
        if fresh:
            one_task: dict[str, Any] = {"max_tasks_per_child": 1}  # (3.11+; mypy targets 3.10)
            with ProcessPoolExecutor(max_workers=min(jobs, fresh), mp_context=mp_context, **one_task) as pool:
                done += _collect(pool.map(_lint_in_worker, tasks[:fresh], chunksize=1), on_result)
        if fresh < len(tasks):
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks) - fresh), mp_context=mp_context) as pool:
                done += _collect(pool.map(_lint_in_worker, tasks[fresh:], chunksize=1), on_result)
    else:
        done = list(_collect((_lint_in_worker((p, d, config)) for p, d, _ in todo), on_result))
    summarised: dict[str, tuple[bytes, FileResult]] = {}
    kept: dict[str, Any] = {}  # the project graph, built once for both project steps
    demanded: dict[str, bytes] = {}  # helper files summarised on demand -> their cache keys
    if project and store is not None and not todo:
        # Nothing changed among the linted files: the project phase's last answer stands if the
        # files it read besides them (helpers a chain led into) are unchanged too.
        memo = store.project_memo(keys, paths)
        if memo is not None:
            report.results = memo
            return report
    if project:
        # Files no rule fired on, that a coroutine's helper chain leads into, get their summaries now.
        def cached(path: str, data: bytes) -> FileResult | None:
            return store.get(path, file_key(path, data)) if store is not None else None

        summarised = summarise_demanded([*results, *done], config, candidates=context, cached=cached, keep=kept)
        if summarised:
            results = [summarised[r.path][1] if r.path in summarised else r for r in results]
            done = [summarised[r.path][1] if r.path in summarised else r for r in done]
    if store is not None:
        for (path, _, todo_key), result in zip(todo, done, strict=True):
            assert todo_key is not None  # todo items carry their key whenever the cache is on
            store.put(path, todo_key, result, signatures.get(path))
        for path, (data, result) in summarised.items():
            demanded[path] = file_key(path, data)
            store.put(path, demanded[path], result)
    results.extend(done)
    if project:
        only = set(files) if context else None
        extra = [r for path, (_, r) in summarised.items() if only is not None and path not in only]
        located = store.located() if store is not None else None
        results = project_results([*results, *extra], config, only, located=located, graph=kept.get("graph"))
        if only is not None:
            results = [r for r in results if r.path in only]
    report.results = sorted(results, key=lambda r: r.path)
    if project and store is not None:
        store.remember_project(keys, paths, demanded, report.results)
    if store is not None:
        store.save()  # once, after the project phase: the pickle holds every file's result
    return report


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _collect(results: Iterable[FileResult], on_result: Callable[[FileResult], None] | None) -> Iterator[FileResult]:
    for result in results:
        if on_result is not None:
            on_result(result)
        yield result
