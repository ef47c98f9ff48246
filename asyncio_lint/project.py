"""The project phase of a CLI / pre-commit run: helper chains that cross files (AIO120, AIO220).

Each file's result carries the summary its walk recorded (analysis/summary.py). After the files
are linted, this phase

1. summarises on demand the files no rule fired on that a coroutine's helper chain leads into
   (:func:`summarise_demanded`): parsing every sync module instead would cost as much again as the
   rest of a run on projects with many of them;
2. merges the summaries into one call graph (analysis/graph.py) and adds the findings whose chain
   leaves the caller's file (:func:`project_results`), locating their calls by walking just those
   files again (chains within one file were reported by the rules during the walk).

Nothing here imports libcst at module level: a fully cached run stays parser-free unless a finding
needs a position.
"""

from __future__ import annotations

import os
import sys
import zlib
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Sequence

from asyncio_lint.codes import CODES, drop_covered, family_code, phases, shown
from asyncio_lint.files import iter_files, read_source
from asyncio_lint.modules import module_names, project_root
from asyncio_lint.suppress import is_suppressed, noqa_lines
from asyncio_lint.types import FileError, FileResult, Finding, summary_of

if TYPE_CHECKING:
    from asyncio_lint.analysis.graph import Dropped, Graph, Hit
    from asyncio_lint.environment import Environment, ModuleFile
    from asyncio_lint.libcache import LibraryCache
    from asyncio_lint.analysis.records import ModuleSummary
    from asyncio_lint.config import Config
    from asyncio_lint.files import Configs

# A demanded file this large is not summarised: hand-written modules are far smaller, and a chain
# rarely passes through generated code (telethon's tl/types, 2.9 MB), whose parse costs many seconds.
LARGE_FILE = 1024 * 1024
MAX_CONTEXT_FILES = 20_000
_STDLIB = frozenset(sys.stdlib_module_names) | {"builtins"}

Span = tuple[int, int, int, int]  # line, column, end line, end column
Reader = Callable[[str], "bytes | FileError | None"]


def project_enabled(config: "Config") -> bool:
    """A rule the project phase reports for is selected (decided from codes.py: a cached run loads
    no rule)."""
    return bool(phases(config.codes))


def project_context(paths: Sequence[str], files: list[str], config: "Config | Configs",
                    walked: list[str] | None = None) -> list[str]:
    """The project's other Python files, when ``paths`` names files (not folders): their summaries
    let a changed file's coroutine see helpers that did not change."""
    explicit = [p for p in paths if os.path.isfile(p)]
    if not explicit:
        return []
    roots = sorted({r for r in (project_root(p) for p in explicit) if r is not None})
    have = {os.path.abspath(f) for f in files}
    out: list[str] = []
    for root in roots:
        rel = os.path.relpath(root)
        for item in iter_files([rel if not rel.startswith("..") else root], config, walked):
            if isinstance(item, str) and os.path.abspath(item) not in have:
                have.add(os.path.abspath(item))
                out.append(item)
                if len(out) >= MAX_CONTEXT_FILES:
                    return out
    return out


def where_of(site: str, target: str, root: str | None = None) -> str:
    from asyncio_lint.analysis.graph import where

    return where(site, target, root)


# The call graph and the summary records are imported only when the phase runs: a run answered by
# the cache (its project memo) never needs them.
def _graph(summaries: Any, config: "Config", libraries: "Libraries | None" = None) -> "Graph":
    from asyncio_lint.analysis.graph import Graph

    graph = Graph((), config.transitive_depth, config.non_blocking_functions)
    if libraries is not None:
        from asyncio_lint.analysis.data.async_safe import ASYNC_SAFE_PACKAGES

        graph.async_safe = ASYNC_SAFE_PACKAGES
    labels = libraries.labels if libraries is not None else {}
    for path, summary in summaries:
        graph.add(path, summary, library=labels.get(path))
    return graph


def _summary_of(result: FileResult) -> "ModuleSummary | None":
    from asyncio_lint.analysis.records import ModuleSummary

    summary = summary_of(result)
    return summary if isinstance(summary, ModuleSummary) else None


# ---- files summarised on demand ----------------------------------------------------------------------
class Demanded:
    """What :func:`summarise_demanded` found: the project's files summarised on demand (path ->
    (bytes, new FileResult)), the installed libraries' (never reported), the merged graph (for
    :func:`project_results` to reuse), and notes for a verbose run."""

    def __init__(self) -> None:
        self.results: dict[str, tuple[bytes, FileResult]] = {}
        self.libraries: dict[str, FileResult] = {}
        self.graph: "Graph | None" = None
        self.notes: list[str] = []


# At most this many installed modules are summarised in one run (a chain rarely passes through
# more than a few dozen; the bound keeps a first run over a huge environment finite).
MAX_LIBRARY_MODULES = 2000


class Libraries:
    """The installed packages of the project's environment, summarised on demand and cached per
    distribution version in the user cache folder (libcache.py)."""

    def __init__(self, environment: "Environment", cache: "LibraryCache | None", build: bool = True) -> None:
        self.environment = environment
        self.cache = cache
        self.build = build  # False: only the summaries the cache holds (an editor's lint reads no package)
        self.tried: set[str] = set()  # library files summarised or given up on
        self.labels: dict[str, tuple[str, str]] = {}  # path -> ("vendorlib 1.2.3", "vendorlib/client.py")

    def module_of(self, name: str) -> "ModuleFile | None":
        """The installed module of the longest importable prefix of ``name`` (not the stdlib)."""
        parts = name.split(".")
        if parts[0] in _STDLIB:
            return None
        for i in range(len(parts), 0, -1):
            found = self.environment.find(".".join(parts[:i]))
            if found is not None:
                return found
        return None

    def summarise(self, found: "ModuleFile", config: "Config", out: Demanded,
                  engine: Callable[[], Any]) -> tuple[ModuleSummary, tuple[str, str]] | None:
        path = found.path
        if path in self.tried or len(self.tried) >= MAX_LIBRARY_MODULES:
            return None
        self.tried.add(path)
        environment = self.environment
        distribution = environment.distribution(path) or (environment.relative(path).split("/", 1)[0], "")
        label = f"{distribution[0]} {distribution[1]}".strip()
        data = read_source(path)
        if not isinstance(data, bytes):
            out.notes.append(f"{path}: skipped ({data.message})")
            return None
        result = None
        if self.cache is not None:
            hit = self.cache.get(distribution, path, data)
            result = hit[1] if hit is not None else None
        if result is None:
            if not self.build:
                return None
            if len(data) > LARGE_FILE:
                out.notes.append(f"{path}: skipped (over {LARGE_FILE // 1024} KB, generated code)")
                return None
            result = engine().lint(data, path, summary_only=True, module=found.module, library=True)
            if self.cache is not None:
                self.cache.put(distribution, path, data, result)
        if result.error is not None:
            out.notes.append(f"{path}: skipped ({result.error.message})")
            return None
        summary = _summary_of(result)
        if summary is None:
            return None
        out.libraries[path] = result
        self.labels[path] = (label, environment.relative(path))
        return summary, self.labels[path]


# Summary-only lints of (path, bytes) items, results in their order (runner.SummaryPool: in worker
# processes when there is enough to do).
Summarise = Callable[[list[tuple[str, bytes]]], list[FileResult]]


def summarise_demanded(results: Sequence[FileResult], config: "Config", read: Reader | None = None,
                       candidates: Sequence[str] = (),
                       cached: Callable[[str, bytes], FileResult | None] | None = None,
                       libraries: Libraries | None = None, summarise: Summarise | None = None) -> Demanded:
    """Summaries of the files no rule fired on (no ``async`` in them) that a coroutine's helper chain
    leads into: follow the calls from every coroutine call site, ``transitive-depth`` levels deep,
    and parse a module only when a call lands in it. ``candidates``: more files that may be
    summarised (pre-commit: the unchanged files of the project); ``cached(path, bytes)``: a cached
    FileResult with its summary, if any. ``libraries``: the project's environment, whose installed
    modules a chain or a dropped call leads into are summarised too. ``summarise``: how the
    files a round of the walk needs are linted (default: one after another, here).
    """
    demanded = Demanded()
    try:
        _summarise_demanded(results, config, read, candidates, cached, demanded, libraries, summarise)
    except Exception:  # a bug here costs cross-file findings, never the run (project_results reports)
        return Demanded()
    return demanded


def _summarise_demanded(results: Sequence[FileResult], config: "Config", read: Reader | None,
                        candidates: Sequence[str], cached: Callable[[str, bytes], FileResult | None] | None,
                        out: Demanded, libraries: Libraries | None = None,
                        summarise: Summarise | None = None) -> None:
    modules: dict[str, str] = {}
    unsummarised = [r.path for r in results if r.error is None and r.summary is None]
    for path in (*unsummarised, *candidates):
        name, others = module_names(path)
        for each in (name, *others):
            modules.setdefault(each, path)
    summaries = {r.path: s for r in results if (s := _summary_of(r)) is not None}
    if not (modules or libraries) or not summaries:
        return
    pending: dict[str, int] = {}
    for summary in summaries.values():
        for site in summary.sites:
            pending.setdefault(site.target, 1)
        for call in summary.dropped:
            pending.setdefault(call.target, 1)
    visited = set(pending)
    engines: list[Any] = []

    def engine() -> Any:
        if not engines:
            from asyncio_lint.engine import engine_for

            engines.append(engine_for(config))
        return engines[0]

    graph = _graph(summaries.items(), config, libraries)
    # The project's own modules are never looked up in the environment (an application is often
    # installed in its own virtualenv: the installed copy would shadow the code being linted); a
    # module of its packages that the project does not hold (a partial tree: litellm's proxy alone)
    # is only to be found there.
    own = {s.module for s in summaries.values()} | set(modules)
    for linted in results:  # (a file of the project that failed to parse is still the project's)
        name, others = module_names(linted.path)
        own.update((name, *others))
    while pending:
        wanted: set[str] = set()
        wanted_libraries: dict[str, "ModuleFile"] = {}
        following: dict[str, int] = {}
        for name, level in pending.items():
            qual = graph.resolve(name)
            if qual is not None:
                if level < config.transitive_depth and not graph.allowed(qual) and qual in graph.functions:
                    for callee in graph.callees(qual):
                        if callee not in visited:
                            visited.add(callee)
                            following[callee] = level + 1
                continue
            for lead in graph.frontier(name) or [name]:
                module_path = _module_file(lead, modules)
                if module_path is not None:
                    wanted.add(module_path)
                    following[name] = level  # again once its module is summarised
                elif libraries is not None:
                    found = libraries.module_of(lead)
                    if found is not None and found.path not in libraries.tried and found.module not in own:
                        wanted_libraries[found.path] = found
                        following[name] = level
        for found in wanted_libraries.values():
            added = libraries.summarise(found, config, out, engine) if libraries is not None else None
            if added is not None:
                graph.add(found.path, added[0], library=added[1])
        found_results: dict[str, tuple[bytes, FileResult | None]] = {}
        for path in sorted(wanted):
            modules = {m: p for m, p in modules.items() if p != path}
            data = (read or read_source)(path)
            if not isinstance(data, bytes):
                continue
            known: FileResult | None = cached(path, data) if cached is not None else None
            if known is None or _summary_of(known) is None:
                if len(data) > LARGE_FILE:
                    continue  # generated code: a parse costs many seconds
                known = None
            found_results[path] = (data, known)
        todo = [(path, data) for path, (data, known) in found_results.items() if known is None]
        if todo:  # (a round's files are linted together: in workers, when there are many)
            summarised = (summarise(todo) if summarise is not None
                          else [engine().lint(data, path, summary_only=True) for path, data in todo])
            for (path, data), one in zip(todo, summarised, strict=True):
                found_results[path] = (data, one)
        for path, (data, maybe) in found_results.items():
            result: FileResult = maybe  # type: ignore[assignment]
            out.results[path] = (data, result)
            fresh = _summary_of(result)
            if fresh is not None:
                replaced = path in summaries
                summaries[path] = fresh
                if replaced:  # (a newer summary of a file already merged: merge afresh)
                    graph = _graph([*summaries.items(), *((p, s) for p, s in graph.summaries
                                                          if p in graph.libraries)], config, libraries)
                else:
                    graph.add(path, fresh)
        progressed = wanted or wanted_libraries or following.keys() - pending.keys()
        pending = following if progressed else {}
    out.graph = graph


def _module_file(name: str, modules: dict[str, str]) -> str | None:
    """The not yet summarised file of the longest module prefix of ``name``."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        path = modules.get(".".join(parts[:i]))
        if path is not None:
            return path
    return None


# ---- findings whose chain crosses files ---------------------------------------------------------------
def project_results(results: list[FileResult], config: "Config", report: set[str] | None = None,
                    read: Reader | None = None, located: dict[Any, Any] | None = None,
                    graph: "Graph | None" = None, libraries: Libraries | None = None) -> list[FileResult]:
    """``results`` with the findings whose witness chain leaves the caller's file added.

    ``report``: the paths to report findings in (pre-commit: the changed files; the others only
    contribute summaries). A bug here must not lose the per-file findings: it becomes an error
    result, as in the engine. ``located``: call positions and noqa tables found by earlier runs,
    keyed by (path, crc of the file); updated in place, so a cache can keep it and a re-run need
    not parse those files again. ``graph``: the graph :func:`summarise_demanded` built, if any.
    """
    try:
        return _project_results(results, config, report, read, located, graph, libraries)
    except Exception as exc:
        where = "<project analysis>"
        return [*results, FileResult(where, error=FileError(
            where, f"internal error ({type(exc).__name__}: {exc}); please report it"))]


def _project_results(results: list[FileResult], config: "Config", report: set[str] | None, read: Reader | None,
                     located: dict[Any, Any] | None, graph: "Graph | None",
                     libraries: Libraries | None = None) -> list[FileResult]:
    summaries = [(r.path, s) for r in results if (s := _summary_of(r)) is not None]
    if not summaries:
        return results
    # The graph summarise_demanded built is this one if it merged these very summaries (a graph
    # does not depend on the order they were merged in).
    if graph is None or {(p, id(s)) for p, s in graph.summaries} != {(p, id(s)) for p, s in summaries}:
        graph = _graph(summaries, config, libraries)
    every = graph.hits(report)
    hits = [h for h in every if not h.local]
    # Calls ending at one blocking call of the project may become one finding there (a root
    # cause, fixed once); the calls of one file that may join such a group are located too, to
    # take the rules' findings at them back.
    rooted = Counter(_root_of(h) for h in every if _rootable(h, report))
    least = config.root_finding_at or sys.maxsize
    joining = [h for h in every if h.local and rooted.get(_root_of(h), 0) >= least and _rootable(h, report)]
    dropped = graph.dropped(report)
    if not hits and not dropped and not joining:
        return results
    wanted: dict[str, set[int]] = {}
    for hit in [*hits, *joining]:
        wanted.setdefault(hit.path, set()).add(hit.ordinal)
        wanted.setdefault(hit.target_path, set()).add(hit.target_ordinal)
    for call in dropped:
        wanted.setdefault(call.path, set()).add(call.ordinal)
    crcs = {p: s.crc for p, s in summaries}
    noqa: dict[str, dict[int, frozenset[str]]] = {}
    spans: dict[str, dict[int, Span]] = {}
    memo = located if located is not None else {}
    # The fixes of the calls reported (to a thread, or a process pool for AIO2 work holding the GIL).
    fix_wanted: dict[str, dict[tuple[int, bool], None]] = {}
    for hit in hits:
        fix_wanted.setdefault(hit.path, {})[(hit.ordinal, _needs_process(hit))] = None
    fixes: dict[str, dict[tuple[int, bool], Any]] = {}
    for path, ordinals in wanted.items():
        key = (path, crcs.get(path))
        known = memo.get(key)
        known_fixes = memo.get((key[0], key[1], "fixes"), {})
        if (key[1] is not None and known is not None and ordinals <= known[1].keys()
                and fix_wanted.get(path, {}).keys() <= known_fixes.keys()):
            noqa[path], spans[path] = known
            fixes[path] = known_fixes
            continue
        found = _locate_file(path, crcs.get(path), ordinals, config, read, list(fix_wanted.get(path, {})))
        if found is not None:
            text, spans[path], fixes[path] = found
            noqa[path] = noqa_lines(text)
            if key[1] is not None:
                memo[key] = (noqa[path], spans[path])
                memo[(key[0], key[1], "fixes")] = fixes[path]
    for stale in [k for k in memo if k[0] in crcs and k[1] != crcs[k[0]]]:
        del memo[stale]  # an older version of a file
    new: dict[str, list[Finding]] = {}
    hidden: dict[str, list[Finding]] = {}
    explicit = config.explicit
    # (a per-call finding on a call's line is the finding there: one problem, one finding)
    per_call = {(r.path, f.line, f.code[:4]) for r in results if r.path in wanted for f in r.findings
                if f.code in CODES and CODES[f.code].family is None}
    groups: dict[tuple[str, str, int], list[tuple["Hit", Span, Span, str]]] = {}
    alone = []
    for hit in [*hits, *joining]:
        site = spans.get(hit.path, {}).get(hit.ordinal)
        target = spans.get(hit.target_path, {}).get(hit.target_ordinal)
        if site is None or target is None:
            continue  # the file changed since it was summarised
        code = family_code(hit.family)
        if any(code.startswith(c) for c in config.ignored_codes_for(hit.path)):
            continue
        if is_suppressed(code, site[0], noqa.get(hit.path, {})):
            continue
        if (hit.path, site[0], hit.family) in per_call:
            continue
        item = (hit, site, target, code)
        if _rootable(hit, report) and shown(code, config.confidence_in(hit.path, code, "likely"),
                                            config.min_confidence, explicit):
            groups.setdefault(_root_of(hit), []).append(item)
        elif not hit.local:
            alone.append(item)
    taken: dict[str, set[tuple[int, int, str]]] = {}  # the rules' findings a root finding stands for
    for (_, root_path, _), items in groups.items():
        if len(items) < least:
            alone.extend(item for item in items if not item[0].local)
            continue
        for hit, site, _, code in items:
            if hit.local:
                taken.setdefault(hit.path, set()).add((site[0], site[1], code))
        root = _root_finding(items, config, noqa.get(root_path, {}))
        if root is not None:  # (silenced where it is, it silences the calls that reach it)
            new.setdefault(root.path, []).append(root)
    for hit, site, target, code in alone:
        entry = CODES[code]
        template = entry.phase_message if hit.awaited and entry.phase_message else entry.message
        message = (template or "").format(**hit.params(target[0], config.root))
        fix = fixes.get(hit.path, {}).get((hit.ordinal, _needs_process(hit)))
        finding = Finding(hit.path, site[0], site[1], site[2], site[3], code, entry.name, message, fix=fix,
                          confidence=config.confidence_in(hit.path, code, "likely"))
        if not shown(code, finding.confidence, config.min_confidence, explicit):
            hidden.setdefault(hit.path, []).append(finding)
            continue
        new.setdefault(hit.path, []).append(finding)
    for call in dropped:
        site = spans.get(call.path, {}).get(call.ordinal)
        if site is None:
            continue
        code = _DROPPED_CODE
        if any(code.startswith(c) for c in config.ignored_codes_for(call.path)):
            continue
        if is_suppressed(code, site[0], noqa.get(call.path, {})):
            continue
        new.setdefault(call.path, []).append(Finding(call.path, site[0], site[1], site[2], site[3], code,
                                                     CODES[code].name, _dropped_message(call, config.root),
                                                     confidence="certain"))
    if not new and not hidden and not taken:
        return results
    out = []
    for result in results:
        gone = taken.get(result.path)
        if gone:
            result = replace(result, findings=tuple(f for f in result.findings
                                                    if (f.line, f.column, f.code) not in gone))
        extra = new.get(result.path)
        if extra:
            result = replace(result, findings=tuple(sorted(set(drop_covered([*result.findings, *extra])))))
        unseen = hidden.get(result.path)
        if unseen:  # (counted unless a per-call finding on its line covers it)
            kept = set(drop_covered([*result.findings, *unseen])) - set(result.findings)
            result = replace(result, hidden=result.hidden + len(kept))
        out.append(result)
    return out


# How many of a root finding's calls its message names.
NAMED_CALLS = 3


def may_take_root(result: FileResult, config: "Config") -> bool:
    """Whether the calls reported in one file may end at one blocking call (so many reported by a
    helper-chain rule that the project phase may make them one finding)."""
    counts = Counter(f.code for f in result.findings if f.code in CODES and CODES[f.code].root_message)
    return config.root_finding_at > 0 and any(n >= config.root_finding_at for n in counts.values())


def _root_of(hit: "Hit") -> tuple[str, str, int]:
    return hit.family, hit.target_path, hit.target_ordinal


def _rootable(hit: "Hit", report: set[str] | None) -> bool:
    """A call whose chain ends in the project (not in an installed library), at a call the run
    reports in (checking some files only, a root elsewhere leaves each call its own finding)."""
    return not hit.library and not hit.awaited and (report is None or hit.target_path in report)


def _root_finding(items: "list[tuple[Hit, Span, Span, str]]", config: "Config",
                  noqa: dict[int, frozenset[str]]) -> Finding | None:
    """The one finding at the blocking call that ``items`` (the calls from coroutines) all reach;
    None when a noqa comment or per-file-ignores silences it there."""
    hit, _, target, code = items[0]
    if any(code.startswith(c) for c in config.ignored_codes_for(hit.target_path)):
        return None
    if is_suppressed(code, target[0], noqa):
        return None
    entry = CODES[code]
    names = hit.chain.split(" -> ")
    calls = sorted((h.path, site[0], site[1], h.call) for h, site, _, _ in items)
    named = ", ".join(f"{where_of(hit.target_path, path, config.root)}:{line} `{call}()`"
                      for path, line, _, call in calls[:NAMED_CALLS])
    if len(calls) > NAMED_CALLS:
        named += f" and {len(calls) - NAMED_CALLS} more"
    message = (entry.root_message or "").format(target=names[-1], root=names[-2], count=len(calls), calls=named)
    # Every call, for the JSON and SARIF reports (``calls``; SARIF's related locations).
    listed = tuple({"path": path, "line": line, "column": column + 1, "call": f"{call}()"}
                   for path, line, column, call in calls)
    # (as sure as the calls it stands for, which are shown: a helper kept under scripts/ still
    # blocks the coroutines that call it)
    return Finding(hit.target_path, *target, code, entry.name, message, extra=(("calls", listed),),
                   confidence="likely")


# The code of the dropped calls of coroutine functions (codes.py: the code reported from them).
_DROPPED_CODE = next(c.code for c in CODES.values() if c.phase == "dropped")


def _dropped_message(call: "Dropped", root: str) -> str:
    where = call.library or where_of(call.path, call.target_path, root)
    if call.in_coroutine:
        fix = f"`await {call.call}(...)`, or keep a reference to `asyncio.create_task({call.call}(...))`"
    else:
        fix = (f"`await {call.call}(...)` from a coroutine, schedule it with `asyncio.create_task()` / "
               f"`asyncio.run_coroutine_threadsafe()`, or `asyncio.run({call.call}(...))` at an entry point")
    return (CODES[_DROPPED_CODE].phase_message or "").format(call=call.call, name=call.coroutine, where=where, fix=fix)


def _needs_process(hit: Any) -> bool:
    """The helper holds the GIL (its chain ends at CPU work declared "process"): a thread won't do."""
    from asyncio_lint.analysis.cpu import fix_for

    return bool(hit.family == "AIO2" and hit.fix == fix_for("process", hit.call))


def _locate_file(path: str, crc: int | None, ordinals: set[int], config: "Config", read: Reader | None = None,
                 fixes: Sequence[tuple[int, bool]] = ()) -> tuple[str, dict[int, Span], dict[Any, Any]] | None:
    data = (read or read_source)(path)
    if not isinstance(data, bytes) or (crc is not None and zlib.crc32(data) != crc):
        return None
    from asyncio_lint.source import decode

    try:
        text = decode(data)
        found: dict[Any, Any] = {}
        return text, locate(text, path, ordinals, config, fixes, found), found
    except Exception:  # it parsed when summarised; anything else means it changed
        return None


def locate(text: str, path: str, ordinals: set[int], config: "Config", fixes: Sequence[tuple[int, bool]] = (),
           fixes_found: dict[Any, Any] | None = None) -> dict[int, Span]:
    """Positions of the calls with these walk ordinals (the n-th ``Call`` of the engine's walk).
    ``fixes``: (ordinal, process) of calls to offload, to a thread or a process pool; their fixes
    go into ``fixes_found``."""
    from functools import partial

    import libcst as cst

    from asyncio_lint.analysis.catalogue import catalogue_for
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.analysis.fixes import FixPlanner, offload_fix
    from asyncio_lint.engine import engine_for
    from asyncio_lint.parse import parse

    # (parsed as the engine parsed it, in pieces and without its inert defs too, so the walk
    # counts the same calls)
    parsed = parse(text, may_skip=lambda: True, triggers=engine_for(config).statement_triggers)
    context = FileContext(path, parsed.module, config, catalogue_for(config))
    nodes: dict[int, cst.CSTNode] = {}
    count = [0]

    def visit(node: cst.Call) -> None:
        count[0] += 1
        if count[0] in ordinals:
            nodes[count[0]] = node

    context.walk({cst.Call: [visit]}, {})
    planner = FixPlanner(context) if fixes else None
    plans = []
    for ordinal, process in fixes:
        node = nodes.get(ordinal)
        if planner is not None and isinstance(node, cst.Call):
            plan = planner.plan(partial(offload_fix, call=node, process=process))
            plans.append(((ordinal, process), plan))
    positions = parsed.positions([*nodes.values(), *(planner.nodes() if planner is not None else ())])
    if planner is not None and fixes_found is not None:
        for key, plan in plans:
            fixes_found[key] = planner.fix(plan, positions, text) if plan is not None else None
    out = {}
    for ordinal, node in nodes.items():
        span = positions[node]
        out[ordinal] = (span.start.line, span.start.column, span.end.line, span.end.column)
    return out
