"""One run over paths: files -> cache -> workers -> project phase -> cache -> Report.

:class:`PathsRun` holds the run's state; each step is one method, in the order :meth:`run` calls
them. The result cache (cache.py) answers for files whose bytes (or stat signature) are unchanged;
the project phase (project.py) adds the helper-chain findings that cross files, and is itself
memoised as a whole when no linted file changed.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, NamedTuple, Sequence

from asyncio_lint.config import Config
from asyncio_lint.files import iter_files, read_source
from asyncio_lint.filestat import Signature, signature
from asyncio_lint import project
from asyncio_lint.project import Demanded
from asyncio_lint.runner import OnResult, collect, lint_many
from asyncio_lint.types import FileError, FileResult, Report

if TYPE_CHECKING:
    from asyncio_lint.cache import ResultCache


class RunOptions(NamedTuple):
    """``jobs``: worker processes (default: CPU count). ``cache``: reuse and store results in
    ``.asyncio_lint_cache/``. ``on_files(count)`` is called once the files are known,
    ``on_result(result)`` as each file is done (for progress display). ``inputs``: if given, every
    file and folder the run read is appended to it (a run memo's inputs, runmemo.py).
    ``start_method``: how worker processes start (see runner.lint_many). ``python``: the project's
    interpreter (or virtualenv), over the configuration's ``python`` and the usual places
    (environment.locate); ``environment=False`` follows no installed package at all."""

    jobs: int | None = None
    cache: bool = False
    on_result: OnResult | None = None
    on_files: Callable[[int], None] | None = None
    inputs: list[str] | None = None
    start_method: str | None = None
    python: str | None = None
    environment: bool = True


class PathsRun:
    def __init__(self, paths: Sequence[str], config: Config, options: RunOptions) -> None:
        self.paths = list(paths)
        self.config = config
        self.options = options
        self.report = Report()
        self.project = project.project_enabled(config)
        self.files: list[str] = []
        self.context: list[str] = []  # the project's other files (when given files, not folders)
        self.results: list[FileResult] = []  # answered by the cache
        self.todo: list[tuple[str, bytes | None, bytes | None]] = []  # (path, bytes or None, cache key)
        self.store: ResultCache | None = None
        self.keys: dict[str, bytes] = {}
        self.signatures: dict[str, Signature | None] = {}  # of the files read for the todo list
        self.libraries: project.Libraries | None = None
        self.environment_key = ""  # the interpreter whose packages the phase follows

    def run(self) -> Report:
        self.find_files()
        self.find_environment()
        self.look_up()
        done = lint_many([(p, d) for p, d, _ in self.todo], self.config, self.options.jobs,
                         self.options.on_result, self.options.start_method)
        if self.project and self.store is not None and not self.todo:
            # Nothing changed among the linted files: the project phase's last answer stands if the
            # files it read besides them (helpers a chain led into) are unchanged too.
            memo = self.store.project_memo(self.keys, self.paths, self.environment_key)
            if memo is not None:
                self.report.results = memo
                return self.report
        demanded = self.summarise(done)
        if demanded.results:
            swap = demanded.results
            self.results = [swap[r.path][1] if r.path in swap else r for r in self.results]
            done = [swap[r.path][1] if r.path in swap else r for r in done]
        demanded_keys = self.store_results(done, demanded)
        results = self.cross_file([*self.results, *done], demanded)
        self.report.results = sorted(results, key=lambda r: r.path)
        if self.store is not None:
            if self.project:
                self.store.remember_project(self.keys, self.paths, demanded_keys, self.report.results,
                                            self.environment_key)
            self.store.save()  # once, after the project phase: the pickle holds every file's result
        return self.report

    # -- steps ----------------------------------------------------------------------------------
    def find_files(self) -> None:
        inputs = self.options.inputs
        for item in iter_files(self.paths, self.config, inputs):
            if isinstance(item, FileError):
                self.report.path_errors.append(item)
            else:
                self.files.append(item)
        # AIO120/AIO220 follow helpers across the project: when given files (pre-commit passes the
        # changed ones), the project's other files are candidates for summaries too (from the
        # cache, or parsed when a chain leads into them), never reported.
        if self.project:
            self.context = project.project_context(self.paths, self.files, self.config, inputs)
        if inputs is not None:
            inputs.extend(self.paths)  # (one that does not exist yet, too)
            inputs.extend(self.files)
            inputs.extend(self.context)  # (demanded helpers are among them, or among the files)
        if self.options.on_files is not None:
            self.options.on_files(len(self.files))

    def find_environment(self) -> None:
        """The project's interpreter, whose installed packages the project phase follows."""
        if not self.project or not self.options.environment:
            return
        from asyncio_lint import environment, libcache

        python = self.options.python or self.config.python
        if python and not os.path.isabs(python) and self.options.python is None:
            python = os.path.join(self.config.root, python)  # (relative to the configuration file)
        try:
            found, why = environment.locate(python, self.config.root)
            if found is None:
                self.report.notes.append(f"environment: none ({why})")
                return
            loaded = environment.load(found, environment.user_cache_folder())
        except environment.EnvironmentProblem as exc:
            self.report.path_errors.append(FileError(python or "<environment>", str(exc)))
            return
        self.environment_key = loaded.python
        self.report.notes.append(f"environment: {loaded.python} (Python {loaded.version[0]}.{loaded.version[1]}, "
                                 f"from {why})")
        cache = libcache.LibraryCache(environment.user_cache_folder(), _summary_digest(self.config))
        self.libraries = project.Libraries(loaded, cache)
        if self.options.inputs is not None:
            self.options.inputs.extend([loaded.python, *loaded.site])

    def look_up(self) -> None:
        """Fill ``results`` from the cache and ``todo`` with the files it cannot answer for."""
        if not self.options.cache:
            self.todo = [(path, None, None) for path in self.files]
            return
        from asyncio_lint.cache import ResultCache, file_key

        store = self.store = ResultCache(self.config)
        on_result = self.options.on_result
        for path in self.files:
            stat = signature(path)
            unchanged = store.get_unchanged(path, stat)
            if unchanged is not None:  # same stat as when its result was stored: not even read
                self.keys[path] = unchanged[0]
                self.results.extend(collect([unchanged[1]], on_result))
                continue
            data = read_source(path)
            if isinstance(data, FileError):
                self.results.extend(collect([FileResult(path, error=data)], on_result))
                continue
            key = self.keys[path] = file_key(path, data)
            hit = store.get(path, key)
            if hit is not None:
                store.note_signature(path, key, stat)
                self.results.extend(collect([hit], on_result))
            else:
                self.signatures[path] = stat
                self.todo.append((path, data, key))

    def summarise(self, done: list[FileResult]) -> Demanded:
        """Files no rule fired on, that a coroutine's helper chain leads into, get their summaries."""
        if not self.project:
            return Demanded()
        store = self.store

        def cached(path: str, data: bytes) -> FileResult | None:
            if store is None:
                return None
            from asyncio_lint.cache import file_key

            return store.get(path, file_key(path, data))

        demanded = project.summarise_demanded([*self.results, *done], self.config, candidates=self.context,
                                              cached=cached, libraries=self.libraries)
        if self.libraries is not None and self.libraries.cache is not None:
            self.libraries.cache.save()
        if self.libraries is not None:
            self.report.notes.append(f"environment: {len(demanded.libraries)} installed modules summarised")
        self.report.notes.extend(demanded.notes)
        if self.options.inputs is not None:
            self.options.inputs.extend(demanded.libraries)
        return demanded

    def store_results(self, done: list[FileResult], demanded: Demanded) -> dict[str, bytes]:
        """Put the new results in the cache; the cache keys of the demanded helper files."""
        demanded_keys: dict[str, bytes] = {}
        if self.store is None:
            return demanded_keys
        from asyncio_lint.cache import file_key

        for (path, _, key), result in zip(self.todo, done, strict=True):
            assert key is not None  # todo items carry their key whenever the cache is on
            self.store.put(path, key, result, self.signatures.get(path))
        for path, (data, result) in demanded.results.items():
            demanded_keys[path] = file_key(path, data)
            self.store.put(path, demanded_keys[path], result)
        for path in demanded.libraries:  # (not cached here: the library cache keeps them)
            installed = read_source(path)
            if isinstance(installed, bytes):
                demanded_keys[path] = file_key(path, installed)
        return demanded_keys

    def cross_file(self, results: list[FileResult], demanded: Demanded) -> list[FileResult]:
        """The results with the helper-chain findings that cross files (only in the linted files)."""
        if not self.project:
            return results
        only = set(self.files) if self.context else None
        extra = [r for path, (_, r) in demanded.results.items() if only is not None and path not in only]
        located = self.store.located() if self.store is not None else None
        libraries = list(demanded.libraries.values())
        results = project.project_results([*results, *extra, *libraries], self.config, only, located=located,
                                          graph=demanded.graph, libraries=self.libraries)
        if only is not None:
            results = [r for r in results if r.path in only]
        elif libraries:
            results = [r for r in results if r.path not in demanded.libraries]
        return results


def _summary_digest(config: Config) -> str:
    """What an installed module's summary depends on besides its bytes: asyncio-lint's code, the
    rules selected and the catalogue extensions (not the paths, so projects share the summaries)."""
    import hashlib

    from asyncio_lint.analysis.records import SUMMARY_VERSION
    from asyncio_lint.cache import code_fingerprint
    from asyncio_lint.codes import selected

    key = (SUMMARY_VERSION, code_fingerprint(), sorted(selected(config.select, config.ignore, config.extend_select)),
           config.extend_blocking_calls, config.extend_cpu_bound_calls)
    return hashlib.blake2b(repr(key).encode(), digest_size=8).hexdigest()
