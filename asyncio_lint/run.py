"""One run over paths: files -> cache -> workers -> project phase -> cache -> Report.

:class:`PathsRun` holds the run's state; each step is one method, in the order :meth:`run` calls
them. Every file has its own configuration (the nearest ``[tool.asyncio-lint]`` above it, see
config.ConfigResolver); the files are grouped by configuration and by project root, and each group
has its own result cache (cache.py, one folder per project root) and its own project phase
(project.py: the helper-chain findings that cross files), memoised as a whole when nothing it read
changed. All groups' files are linted by one pool of workers. A group's project phase also follows
calls into the packages installed in the project's interpreter (environment.py), whose summaries
are kept per installed distribution in the user's cache (libcache.py).
"""

from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, NamedTuple, Sequence

from asyncio_lint import gitignore, modules, project
from asyncio_lint.config import Config
from asyncio_lint.files import Configs, configs_of, iter_files, read_source
from asyncio_lint.filestat import Signature, signature
from asyncio_lint.project import Demanded
from asyncio_lint.runner import OnResult, SummaryPool, collect, lint_many
from asyncio_lint.types import FileError, FileResult, Notice, Report, summary_of

if TYPE_CHECKING:
    from asyncio_lint.cache import ResultCache
    from asyncio_lint.environment import Environment
    from asyncio_lint.libcache import LibraryCache


class RunOptions(NamedTuple):
    """``jobs``: worker processes (default: CPU count). ``cache``: reuse and store results in
    ``.asyncio_lint_cache/`` (one per project root). ``on_files(count, sizes)`` is called once the
    files are known, ``on_result(result)`` as each file is done (for progress display). ``inputs``:
    if given, every file and folder the run read is appended to it (a run memo's inputs,
    runmemo.py). ``start_method``: how worker processes start (see runner.lint_many). ``python``: the
    project's interpreter (or virtualenv), over the configuration's ``python`` and the usual places
    (environment.locate); ``environment=False`` follows no installed package at all."""

    jobs: int | None = None
    cache: bool = False
    on_result: OnResult | None = None
    on_files: Callable[..., None] | None = None
    inputs: list[str] | None = None
    start_method: str | None = None
    python: str | None = None
    environment: bool = True


@dataclass
class Group:
    """The files of one configuration in one project root, and their state through the run."""

    config: Config
    folder: str  # the cache folder
    files: list[str] = field(default_factory=list)
    store: "ResultCache | None" = None
    results: list[FileResult] = field(default_factory=list)  # answered by the cache
    todo: list[tuple[str, bytes | None, bytes | None]] = field(default_factory=list)  # (path, bytes, key)
    done: list[FileResult] = field(default_factory=list)  # linted in this run
    keys: dict[str, bytes] = field(default_factory=dict)
    signatures: dict[str, Signature | None] = field(default_factory=dict)  # of the files read for todo
    libraries: "project.Libraries | None" = None  # the installed packages its project phase follows
    environment_key: str = ""  # their interpreter ("": none)
    borrowed: set[str] = field(default_factory=set)  # demanded files another group's result answered


class PathsRun:
    def __init__(self, paths: Sequence[str], configs: "Config | Configs", options: RunOptions) -> None:
        self.paths = list(paths)
        self.configs = configs_of(configs)
        self.options = options
        self.report = Report()
        self.files: list[str] = []
        self.groups: list[Group] = []
        self.context: list[str] = []  # the project's other files (when given files, not folders)
        self._names: bytes | None = None  # (names_digest)
        self._known: dict[str, bytes] | None = None  # (known_keys)
        self.environments: dict[str | None, "tuple[project.Libraries | None, str]"] = {}
        self.summary_pool = SummaryPool(self.options.jobs, self.options.start_method)
        # (path, Config.summary_key) -> a result of the run holding that file's summary: a group's
        # project phase takes a file another group linted or summarised from here, not lints it again.
        self.summaries: dict[tuple[str, tuple[Any, ...]], FileResult] = {}

    def run(self) -> Report:
        # Module names depend on the __init__.py files and project roots on disk now (cache keys too).
        modules.clear_memos()
        gitignore.clear_memos()
        self.find_files()
        for group in self.groups:
            self.look_up(group)
        todo = [(path, data, group.config) for group in self.groups for path, data, _ in group.todo]
        done = iter(lint_many(todo, self.options.jobs, self.options.on_result, self.options.start_method,
                              keep=self.summary_pool))
        for group in self.groups:
            group.done = [next(done) for _ in group.todo]
            self.share(group, [*group.results, *group.done])
        results = []
        try:
            for group in self.groups:
                results += self.finish(group)
        finally:
            self.summary_pool.close()
        self.report.results = sorted(results, key=lambda r: r.path)
        return self.report

    # -- steps ----------------------------------------------------------------------------------
    def find_files(self) -> None:
        from asyncio_lint.cache import cache_folder_of, clear_memos

        clear_memos()
        inputs = self.options.inputs
        by_key: dict[tuple[Config, str], Group] = {}
        of_folder: dict[str, Group] = {}  # (a file's configuration and cache folder are its folder's)
        for item in iter_files(self.paths, self.configs, inputs):
            if isinstance(item, FileError):
                self.report.path_errors.append(item)
            elif isinstance(item, Notice):
                self.report.path_notices.append(item)
            else:
                self.files.append(item)
                folder = os.path.dirname(item)
                group = of_folder.get(folder)
                if group is None:
                    key = (self.configs.for_file(item), cache_folder_of(item, is_file=True))
                    group = by_key.get(key)
                    if group is None:
                        group = by_key[key] = Group(*key)
                        self.groups.append(group)
                    of_folder[folder] = group
                group.files.append(item)
        # AIO120/AIO220 follow helpers across the project: when given files (pre-commit passes the
        # changed ones), the project's other files are candidates for summaries too (from the
        # cache, or parsed when a chain leads into them), never reported.
        if any(project.project_enabled(g.config) for g in self.groups):
            self.context = project.project_context(self.paths, self.files, self.configs, inputs)
        if inputs is not None:
            inputs.extend(self.paths)  # (one that does not exist yet, too)
            inputs.extend(self.files)
            inputs.extend(self.context)  # (demanded helpers are among them, or among the files)
        if self.options.on_files is not None:
            self.options.on_files(len(self.files), self.files)

    def look_up(self, group: Group) -> None:
        """Fill the group's ``results`` from the cache and ``todo`` with the files it cannot answer for."""
        if not self.options.cache:
            group.todo = [(path, None, None) for path in group.files]
            return
        from asyncio_lint.cache import ResultCache, file_key, module_identity

        store = group.store = ResultCache(group.config, group.folder)
        on_result = self.options.on_result
        signatures = self.report.signatures
        for path in group.files:
            stat = signatures[path] = signature(path)
            unchanged = store.get_unchanged(path, stat, module_identity(path))
            if unchanged is not None:  # same stat as when its result was stored: not even read
                group.keys[path] = unchanged[0]
                group.results.extend(collect([unchanged[1]], on_result))
                continue
            data = read_source(path)
            if isinstance(data, FileError):
                group.results.extend(collect([FileResult(path, error=data)], on_result))
                continue
            key = group.keys[path] = file_key(path, data)
            hit = store.get(path, key)
            if hit is not None:
                store.note_signature(path, key, stat)
                group.results.extend(collect([hit], on_result))
            else:
                group.signatures[path] = stat
                group.todo.append((path, data, key))

    def finish(self, group: Group) -> list[FileResult]:
        """The group's results after its project phase; the cache updated and saved."""
        done, store = group.done, group.store
        enabled = project.project_enabled(group.config)
        if enabled:
            group.libraries, group.environment_key = self.environment(group.config)
        if enabled and store is not None and not group.todo:
            # Nothing changed among the linted files: the project phase's last answer stands if
            # the files it read besides them (helpers a chain led into) are unchanged too, and no
            # candidate module appeared, vanished or was renamed.
            memo = store.project_memo(group.keys, self.paths, self.names_digest(), group.environment_key,
                                      self.known_keys())
            if memo is not None:
                return memo
        demanded = self.summarise(group, self.candidates(group)) if enabled else Demanded()
        if demanded.results:
            swap = demanded.results
            group.results = [swap[r.path][1] if r.path in swap else r for r in group.results]
            done = [swap[r.path][1] if r.path in swap else r for r in done]
        demanded_keys = self.store_results(group, done, demanded)
        results = self.cross_file(group, [*group.results, *done], demanded) if enabled else [*group.results, *done]
        results = sorted(results, key=lambda r: r.path)
        if store is not None:
            if enabled:
                store.remember_project(group.keys, self.paths, self.names_digest(), demanded_keys, results,
                                       group.environment_key)
            store.save()  # once, after the project phase: the pickle holds every file's result
        return results

    def share(self, group: Group, results: Sequence[FileResult]) -> None:
        """Offer the results holding a summary to the other groups' project phases."""
        key = group.config.summary_key
        for result in results:
            if result.summary is not None and result.error is None:
                self.summaries.setdefault((result.path, key), result)

    def environment(self, config: Config) -> "tuple[project.Libraries | None, str]":
        """The installed packages a group's project phase follows (memoised per interpreter asked
        for), and the interpreter's path ("": none)."""
        if not self.options.environment:
            return None, ""
        python = self.options.python or config.python
        if python and not os.path.isabs(python) and self.options.python is None:
            python = os.path.join(config.root, python)  # (relative to the configuration file)
        where = python if python else config.root
        if where in self.environments:
            return self.environments[where]
        self.environments[where] = found = self._environment(python, config)
        return found

    def _environment(self, python: str | None, config: Config) -> "tuple[project.Libraries | None, str]":
        from asyncio_lint import environment, libcache

        try:
            found, why = environment.locate(python, config.root)
            if found is None:
                self.report.notes.append(f"environment: none ({why})")
                return None, ""
            loaded = environment.load(found, environment.user_cache_folder())
        except environment.EnvironmentProblem as exc:
            self.report.path_errors.append(FileError(python or "<environment>", str(exc)))
            return None, ""
        self.report.notes.append(f"environment: {loaded.python} (Python {loaded.version[0]}.{loaded.version[1]}, "
                                 f"from {why})")
        cache = libcache.LibraryCache(environment.user_cache_folder(), _summary_digest(config))
        if self.options.inputs is not None:
            self.options.inputs.extend([loaded.python, *loaded.site])
        return project.Libraries(loaded, cache), loaded.python

    def names_digest(self) -> bytes:
        """What every file of the run and of its context is called, for the project memos. A group's
        memo depends on its candidates' names; this digest also holds the group's own names, which
        its files' keys hold already, so one digest serves every group (taken per group, it hashed
        projects x files names)."""
        if self._names is None:
            self._names = _names_digest([*self.files, *self.context])
        return self._names

    def known_keys(self) -> dict[str, bytes]:
        """The cache key of every file the groups looked up (once all have): a project memo checks
        the helper files it read against them, without reading them again."""
        if self._known is None:
            self._known = {path: key for group in self.groups for path, key in group.keys.items()}
        return self._known

    def candidates(self, group: Group) -> list[str]:
        """Files a chain of this group may lead into besides its own: the other groups' files and
        the project's other files."""
        own = set(group.files)
        out = [f for g in self.groups if g is not group for f in g.files if f not in own]
        return out + self.context

    def summarise(self, group: Group, candidates: list[str]) -> Demanded:
        """Files no rule fired on, that a coroutine's helper chain leads into, get their summaries."""
        store = group.store

        key = group.config.summary_key

        def cached(path: str, data: bytes) -> FileResult | None:
            if store is not None:
                from asyncio_lint.cache import file_key

                hit = store.get(path, file_key(path, data))
                if hit is not None and hit.summary is not None:
                    return hit
            shared = self.summaries.get((path, key))
            if shared is not None and getattr(summary_of(shared), "crc", None) == zlib.crc32(data):
                group.borrowed.add(path)  # (the same bytes, summarised alike: its findings are not ours)
                return shared
            return None

        libraries = group.libraries
        pool = self.summary_pool

        def summarise(items: list[tuple[str, bytes]]) -> list[FileResult]:
            return pool.summarise(items, group.config)

        demanded = project.summarise_demanded([*group.results, *group.done], group.config, candidates=candidates,
                                              cached=cached, libraries=libraries, summarise=summarise)
        if libraries is not None:
            if libraries.cache is not None:
                libraries.cache.save()
            self.report.notes.append(f"environment: {len(demanded.libraries)} installed modules summarised")
        self.report.notes.extend(demanded.notes)
        self.share(group, [result for _, result in demanded.results.values()])
        if self.options.inputs is not None:
            self.options.inputs.extend(demanded.libraries)
        return demanded

    def store_results(self, group: Group, done: list[FileResult], demanded: Demanded) -> dict[str, bytes]:
        """Put the new results in the cache; the cache keys of the demanded helper files."""
        demanded_keys: dict[str, bytes] = {}
        if group.store is None:
            return demanded_keys
        from asyncio_lint.cache import file_key

        for (path, _, key), result in zip(group.todo, done, strict=True):
            assert key is not None  # todo items carry their key whenever the cache is on
            group.store.put(path, key, result, group.signatures.get(path))
        for path, (data, result) in demanded.results.items():
            demanded_keys[path] = file_key(path, data)
            if path not in group.borrowed:  # (another group's result holds its configuration's findings)
                group.store.put(path, demanded_keys[path], result)
        for path in demanded.libraries:  # (not cached here: the library cache keeps them)
            installed = read_source(path)
            if isinstance(installed, bytes):
                demanded_keys[path] = file_key(path, installed)
        return demanded_keys

    def cross_file(self, group: Group, results: list[FileResult], demanded: Demanded) -> list[FileResult]:
        """The results with the helper-chain findings that cross files (only in the group's files)."""
        only = set(group.files)
        extra = [r for path, (_, r) in demanded.results.items() if path not in only]
        located = group.store.located() if group.store is not None else None
        libraries = list(demanded.libraries.values())
        results = project.project_results([*results, *extra, *libraries], group.config, only, located=located,
                                          graph=demanded.graph, libraries=group.libraries)
        return [r for r in results if r.path in only or r.path.startswith("<")]


def _names_digest(paths: list[str]) -> bytes:
    """What the candidates are called: a file added, removed or renamed, or an ``__init__.py``
    that makes a folder a package (or stops it being one), changes it."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(paths):
        name, others = modules.module_names(path)
        digest.update("\0".join((path, name, *others, "\n")).encode("utf-8", "surrogateescape"))
    return digest.digest()


# (python asked for, configuration root, summary digest) -> the environment and its summaries' cache.
_INSTALLED: dict[tuple[str, str, str], "tuple[Environment, LibraryCache] | None"] = {}
# Positions of the calls located in installed files, kept across the files of a process.
_LOCATED: dict[Any, Any] = {}


def with_installed(result: FileResult, data: bytes, config: Config) -> FileResult:
    """``result`` with the findings whose chain leads into the project's installed packages, from
    the summaries a CLI run left in the user cache: nothing installed is summarised here, so an
    editor's lint never waits for a package to be read (the flake8 plugin). ``data``: the bytes
    linted (an unsaved buffer), read in place of the file."""
    if result.summary is None or result.error is not None or not project.project_enabled(config):
        return result

    def read(path: str) -> bytes | FileError | None:
        return data if path == result.path else read_source(path)

    libraries = _cached_libraries(config)
    demanded = project.summarise_demanded([result], config, libraries=libraries) if libraries is not None else None
    if demanded is None or demanded.graph is None:
        # (nothing installed to follow: the calls of this file that end at one blocking call of it
        # are still one finding there, as in a CLI run)
        if not project.may_take_root(result, config):
            return result
        inputs, graph = [result], None
    else:
        inputs, graph = [result, *demanded.libraries.values()], demanded.graph
    out = project.project_results(inputs, config, report={result.path}, read=read, located=_LOCATED, graph=graph,
                                  libraries=libraries)
    return next((r for r in out if r.path == result.path and r.error is None), result)


def _cached_libraries(config: Config) -> "project.Libraries | None":
    from asyncio_lint import environment, libcache

    python = config.python or ""
    if python and not os.path.isabs(python):
        python = os.path.join(config.root, python)
    key = (python, config.root, _summary_digest(config))
    if key not in _INSTALLED:
        _INSTALLED[key] = None
        try:
            found, _ = environment.locate(python or None, config.root)
            if found is not None:
                folder = environment.user_cache_folder()
                _INSTALLED[key] = environment.load(found, folder), libcache.LibraryCache(folder, key[2])
        except (environment.EnvironmentProblem, OSError):
            pass  # (the CLI reports it; an editor's lint goes on without the packages)
    known = _INSTALLED[key]
    # (a Libraries per file: it remembers the modules one project phase tried)
    return project.Libraries(*known, build=False) if known is not None else None


def _summary_digest(config: Config) -> str:
    """What an installed module's summary depends on besides its bytes: asyncio-lint's code and
    ``Config.summary_key`` (not the paths, so projects share the summaries)."""
    from asyncio_lint.analysis.records import SUMMARY_VERSION
    from asyncio_lint.cache import code_fingerprint

    key = (SUMMARY_VERSION, code_fingerprint(), config.summary_key)
    return hashlib.blake2b(repr(key).encode(), digest_size=8).hexdigest()
