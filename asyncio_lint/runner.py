"""Linting one source, and many files through worker processes.

``lint_data`` is the light path first: a file no rule can fire on is decoded and syntax-checked
without loading libcst (source.py); only the others reach the engine.
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import contextmanager
from typing import Any, Callable, Iterable, Iterator, Sequence

from dataclasses import replace

from asyncio_lint.config import Config
from asyncio_lint.files import read_source
from asyncio_lint.notebook import is_notebook, locate_message, to_python
from asyncio_lint.types import FileError, FileResult, Notice, finding_order

# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 16
# A big file's trees (libcst's, or ast's for a syntax check) are freed when it is done, but glibc
# keeps most of that memory (docs/performance.md); malloc_trim hands it back.
TRIM_AFTER = 64 * 1024
# A file this big is linted in a fresh process of its own by the pool (see lint_many).
FRESH_WORKER_BYTES = 300 * 1024
_malloc_trim: Any = None
# While a file is linted, its tree and what the analyses build of it are alive: a full collection
# then traverses all of it (about half a second for a big generated module, several times for one
# file; a tenth to a quarter of a run's time: docs/performance.md). The young generations still run
# during a file; the old one is collected between files, where only the process's own heap is left.
FULL_COLLECTION_EVERY = 100  # collections of the middle generation

OnResult = Callable[[FileResult], None]


def lint_data(data: bytes | str, path: str, config: Config, apply_noqa: bool = True) -> FileResult:
    """Lint source text or bytes as if it were the file ``path`` (a ``.ipynb``: a notebook)."""
    if is_notebook(path):
        return _lint_notebook(data, path, config, apply_noqa)
    return _lint_python(data, path, config, apply_noqa)


def _lint_python(data: bytes | str, path: str, config: Config, apply_noqa: bool) -> FileResult:
    from asyncio_lint.source import quick_result  # (a run answered by the cache needs no decoding)

    quick = quick_result(data, path, config)
    if quick is not None:
        return quick
    from asyncio_lint.engine import engine_for  # imported late: a fully cached run never loads libcst

    return engine_for(config).lint(data, path, apply_noqa=apply_noqa)


def _lint_notebook(data: bytes | str, path: str, config: Config, apply_noqa: bool) -> FileResult:
    """A notebook's code cells linted as one module, positions reported as cell and line."""
    try:
        text, cells = to_python(data.encode("utf-8") if isinstance(data, str) else data)
    except ValueError as exc:
        return FileResult(path, error=FileError(path, str(exc)))
    result = _lint_python(text, path, config, apply_noqa)
    findings = []
    for f in result.findings:
        cell, line = cells.where(f.line)
        end_cell, end_line = cells.where(f.end_line)
        if end_cell != cell:
            end_line, end_column = line, f.column + 1
        else:
            end_column = f.end_column
        # (no fix: its edits are placed in the cells' Python, not in the notebook's JSON)
        findings.append(replace(f, path=path, line=line, end_line=end_line, end_column=end_column,
                                extra=tuple(sorted({**dict(f.extra), "cell": cell}.items())), fix=None))
    error = result.error
    if error is not None:
        error = FileError(path, locate_message(error.message, cells))
    notices = tuple(Notice(path, locate_message(n.message, cells)) for n in result.notices)
    # (no summary: a chain from a notebook into the project is not followed across files)
    return FileResult(path, findings=tuple(sorted(findings, key=finding_order)), error=error, lines=result.lines, notices=notices)


def lint_path(path: str, config: Config) -> FileResult:
    data = read_source(path)
    if not isinstance(data, bytes):
        return FileResult(path, error=data)
    return lint_data(data, path, config)


@contextmanager
def full_collections_between_files() -> Iterator[None]:
    """No full garbage collection while the block lints a file; one after it, when they are due."""
    threshold = gc.get_threshold()
    gc.set_threshold(threshold[0], threshold[1], 2**31 - 1)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if gc.isenabled() and gc.get_count()[2] >= FULL_COLLECTION_EVERY:
            gc.collect()


def lint_task(args: tuple[str, bytes | None, Config]) -> FileResult:
    """One item of ``lint_many`` (in a worker process, or in this one)."""
    path, data, config = args
    with full_collections_between_files():
        result = lint_path(path, config) if data is None else lint_data(data, path, config)
    if (len(data) if data is not None else size_of(path)) >= TRIM_AFTER:
        release_memory()
    return result


def release_memory() -> None:
    """Give freed heap memory back to the system (glibc keeps it otherwise)."""
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


def size_of(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def collect(results: Iterable[FileResult], on_result: OnResult | None) -> Iterator[FileResult]:
    for result in results:
        if on_result is not None:
            on_result(result)
        yield result


# Demanded summaries are linted in workers once a round has this much to do (starting them costs
# about half a second); the workers then stay for the rest of the run.
PARALLEL_SUMMARY_BYTES = 64 * 1024


def summary_task(args: tuple[str, bytes, Config]) -> FileResult:
    """One item of ``SummaryPool.summarise``: the file's summary only (the project phase's demand)."""
    path, data, config = args
    from asyncio_lint.engine import engine_for

    with full_collections_between_files():
        result = engine_for(config).lint(data, path, summary_only=True)
    if len(data) >= TRIM_AFTER:
        release_memory()
    return result


class SummaryPool:
    """Worker processes for the project phase's demanded summaries, started on first need and kept
    for the run (its rounds are many and small: a pool per round would cost more than it saves).
    ``close()`` when the run is done."""

    def __init__(self, jobs: int | None = None, start_method: str | None = None) -> None:
        self.jobs = jobs or os.cpu_count() or 1
        self.start_method = start_method
        self._pool: Any = None

    def summarise(self, items: Sequence[tuple[str, bytes]], config: Config) -> list[FileResult]:
        """Summary-only lints of ``(path, bytes)`` items, results in their order."""
        tasks = [(path, data, config) for path, data in items]
        if self.jobs <= 1 or len(tasks) < 2 or (
                self._pool is None and sum(len(data) for _, data in items) < PARALLEL_SUMMARY_BYTES):
            return [summary_task(task) for task in tasks]
        if self._pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=mp_context_of(self.start_method))
        order = sorted(range(len(tasks)), key=lambda i: len(items[i][1]), reverse=True)  # largest first
        done = list(self._pool.map(summary_task, [tasks[i] for i in order], chunksize=1))
        results: list[FileResult | None] = [None] * len(tasks)
        for index, result in zip(order, done, strict=True):
            results[index] = result
        return [r for r in results if r is not None]

    def adopt(self, pool: Any, workers: int, start_method: str) -> bool:
        """Keep ``pool`` (the main phase's, ``workers`` processes started by ``start_method``) as
        this pool's workers, if it has none yet and they are what it would start."""
        if (self._pool is not None or self.jobs <= 1 or workers != self.jobs
                or start_method != mp_context_of(self.start_method).get_start_method()):
            return False
        self._pool = pool
        return True

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def mp_context_of(start_method: str | None) -> Any:
    """The multiprocessing context of ``start_method`` (the default one where it is not available)."""
    import multiprocessing

    usable = start_method in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context(start_method if usable else None)


def lint_many(todo: Sequence[tuple[str, bytes | None, Config]], jobs: int | None = None,
              on_result: OnResult | None = None, start_method: str | None = None,
              keep: "SummaryPool | None" = None) -> list[FileResult]:
    """Lint ``(path, bytes or None to read it, its configuration)`` items, in worker processes when
    there are many; results in the order of ``todo``.

    ``start_method``: how worker processes start (multiprocessing's default if None or not
    available here); the CLI asks for ``forkserver``, whose workers do not inherit its memory.
    ``keep``: the run's SummaryPool, which takes over the workers when they are as many as its own
    (the project phase then starts none).
    """
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(todo) < PARALLEL_THRESHOLD:
        return list(collect((lint_task(item) for item in todo), on_result))
    sizes = [len(data) if data is not None else size_of(path) for path, data, _ in todo]
    order = sorted(range(len(todo)), key=lambda i: sizes[i], reverse=True)  # largest first: even the load
    from concurrent.futures import ProcessPoolExecutor

    mp_context = mp_context_of(start_method)
    tasks = [todo[i] for i in order]
    # The few biggest files each get a fresh worker (a new process per task; not possible with fork
    # workers or before 3.11): what a worker keeps after one big tree would otherwise add to the
    # next one's peak. They are a prefix of the largest-first list.
    fresh = 0
    if sys.version_info >= (3, 11) and mp_context.get_start_method() != "fork":
        fresh = sum(1 for i in order if sizes[i] >= FRESH_WORKER_BYTES)
    done: list[FileResult] = []
    if fresh:
        one_task: dict[str, Any] = {"max_tasks_per_child": 1}  # (3.11+; mypy targets 3.10)
        with ProcessPoolExecutor(max_workers=min(jobs, fresh), mp_context=mp_context, **one_task) as pool:
            done += collect(pool.map(lint_task, tasks[:fresh], chunksize=1), on_result)
    if fresh < len(tasks):
        workers = min(jobs, len(tasks) - fresh)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)
        try:
            done += collect(pool.map(lint_task, tasks[fresh:], chunksize=1), on_result)
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
        if keep is None or not keep.adopt(pool, workers, mp_context.get_start_method()):
            pool.shutdown()
    results: list[FileResult | None] = [None] * len(todo)
    for index, result in zip(order, done, strict=True):
        results[index] = result
    return [r for r in results if r is not None]
