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
import zlib
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable, Sequence

from asyncio_lint.codes import CODES, drop_covered, families, family_code, selected
from asyncio_lint.files import iter_files, read_source
from asyncio_lint.modules import module_name, project_root
from asyncio_lint.suppress import is_suppressed, noqa_lines
from asyncio_lint.types import FileError, FileResult, Finding

if TYPE_CHECKING:
    from asyncio_lint.analysis.graph import Graph
    from asyncio_lint.analysis.records import ModuleSummary
    from asyncio_lint.config import Config

# A demanded file this large is not summarised: hand-written modules are far smaller, and a chain
# rarely passes through generated code (telethon's tl/types, 2.9 MB), whose parse costs many seconds.
LARGE_FILE = 1024 * 1024
MAX_CONTEXT_FILES = 20_000

Span = tuple[int, int, int, int]  # line, column, end line, end column
Reader = Callable[[str], "bytes | FileError | None"]


def project_enabled(config: "Config") -> bool:
    """A helper-chain rule is selected (decided from codes.py: a cached run loads no rule)."""
    return bool(families(selected(config.select, config.ignore, config.extend_select)))


def project_context(paths: Sequence[str], files: list[str], config: "Config",
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


# The call graph and the summary records are imported only when the phase runs: a run answered by
# the cache (its project memo) never needs them.
def _graph(summaries: Any, config: "Config") -> "Graph":
    from asyncio_lint.analysis.graph import Graph

    return Graph(summaries, config.transitive_depth, config.non_blocking_functions)


def _summary_of(result: FileResult) -> "ModuleSummary | None":
    from asyncio_lint.analysis.records import ModuleSummary

    return result.summary if isinstance(result.summary, ModuleSummary) else None


# ---- files summarised on demand ----------------------------------------------------------------------
class Demanded:
    """What :func:`summarise_demanded` found: path -> (bytes, new FileResult), and the merged graph
    (for :func:`project_results` to reuse)."""

    def __init__(self) -> None:
        self.results: dict[str, tuple[bytes, FileResult]] = {}
        self.graph: "Graph | None" = None


def summarise_demanded(results: Sequence[FileResult], config: "Config", read: Reader | None = None,
                       candidates: Sequence[str] = (),
                       cached: Callable[[str, bytes], FileResult | None] | None = None) -> Demanded:
    """Summaries of the files no rule fired on (no ``async`` in them) that a coroutine's helper chain
    leads into: follow the calls from every coroutine call site, ``transitive-depth`` levels deep,
    and parse a module only when a call lands in it. ``candidates``: more files that may be
    summarised (pre-commit: the unchanged files of the project); ``cached(path, bytes)``: a cached
    FileResult with its summary, if any.
    """
    demanded = Demanded()
    try:
        _summarise_demanded(results, config, read, candidates, cached, demanded)
    except Exception:  # a bug here costs cross-file findings, never the run (project_results reports)
        return Demanded()
    return demanded


def _summarise_demanded(results: Sequence[FileResult], config: "Config", read: Reader | None,
                        candidates: Sequence[str], cached: Callable[[str, bytes], FileResult | None] | None,
                        out: Demanded) -> None:
    modules: dict[str, str] = {}
    for linted in results:
        if linted.error is None and linted.summary is None:
            modules.setdefault(module_name(linted.path), linted.path)
    for path in candidates:
        modules.setdefault(module_name(path), path)
    summaries = {r.path: s for r in results if (s := _summary_of(r)) is not None}
    if not modules or not summaries:
        return
    pending: dict[str, int] = {}
    for summary in summaries.values():
        for site in summary.sites:
            pending.setdefault(site.target, 1)
    visited = set(pending)
    engine = None
    graph = _graph(summaries.items(), config)
    while pending:
        wanted: set[str] = set()
        following: dict[str, int] = {}
        for name, level in pending.items():
            qual = graph.resolve(name)
            if qual is not None:
                if level < config.transitive_depth and not graph.allowed(qual):
                    for callee in graph.callees(qual):
                        if callee not in visited:
                            visited.add(callee)
                            following[callee] = level + 1
                continue
            module_path = _module_file(name, modules)
            if module_path is not None:
                wanted.add(module_path)
                following[name] = level  # again once its module is summarised
        for path in sorted(wanted):
            modules = {m: p for m, p in modules.items() if p != path}
            data = (read or read_source)(path)
            if not isinstance(data, bytes):
                continue
            result: FileResult | None = cached(path, data) if cached is not None else None
            if result is None or _summary_of(result) is None:
                if len(data) > LARGE_FILE:
                    continue  # generated code: a parse costs many seconds
                if engine is None:
                    from asyncio_lint.engine import engine_for

                    engine = engine_for(config)
                result = engine.lint(data, path, summary_only=True)
            out.results[path] = (data, result)
            fresh = _summary_of(result)
            if fresh is not None:
                replaced = path in summaries
                summaries[path] = fresh
                if replaced:  # (a newer summary of a file already merged: merge afresh)
                    graph = _graph(summaries.items(), config)
                else:
                    graph.add(path, fresh)
        pending = following if wanted or following.keys() - pending.keys() else {}
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
                    graph: "Graph | None" = None) -> list[FileResult]:
    """``results`` with the findings whose witness chain leaves the caller's file added.

    ``report``: the paths to report findings in (pre-commit: the changed files; the others only
    contribute summaries). A bug here must not lose the per-file findings: it becomes an error
    result, as in the engine. ``located``: call positions and noqa tables found by earlier runs,
    keyed by (path, crc of the file); updated in place, so a cache can keep it and a re-run need
    not parse those files again. ``graph``: the graph :func:`summarise_demanded` built, if any.
    """
    try:
        return _project_results(results, config, report, read, located, graph)
    except Exception as exc:
        where = "<project analysis>"
        return [*results, FileResult(where, error=FileError(
            where, f"internal error ({type(exc).__name__}: {exc}); please report it"))]


def _project_results(results: list[FileResult], config: "Config", report: set[str] | None, read: Reader | None,
                     located: dict[Any, Any] | None, graph: "Graph | None") -> list[FileResult]:
    summaries = [(r.path, s) for r in results if (s := _summary_of(r)) is not None]
    if not summaries:
        return results
    # The graph summarise_demanded built is this one if it merged these very summaries (a graph
    # does not depend on the order they were merged in).
    if graph is None or {(p, id(s)) for p, s in graph.summaries} != {(p, id(s)) for p, s in summaries}:
        graph = _graph(summaries, config)
    hits = [h for h in graph.hits(report) if not h.local]
    if not hits:
        return results
    wanted: dict[str, set[int]] = {}
    for hit in hits:
        wanted.setdefault(hit.path, set()).add(hit.ordinal)
        wanted.setdefault(hit.target_path, set()).add(hit.target_ordinal)
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
    for hit in hits:
        site = spans.get(hit.path, {}).get(hit.ordinal)
        target = spans.get(hit.target_path, {}).get(hit.target_ordinal)
        if site is None or target is None:
            continue  # the file changed since it was summarised
        code = family_code(hit.family)
        if any(code.startswith(c) for c in config.ignored_codes_for(hit.path)):
            continue
        if is_suppressed(code, site[0], noqa.get(hit.path, {})):
            continue
        entry = CODES[code]
        message = (entry.message or "").format(**hit.params(target[0]))
        fix = fixes.get(hit.path, {}).get((hit.ordinal, _needs_process(hit)))
        new.setdefault(hit.path, []).append(Finding(hit.path, site[0], site[1], site[2], site[3], code,
                                                    entry.name, message, fix=fix))
    if not new:
        return results
    out = []
    for result in results:
        extra = new.get(result.path)
        if extra:
            result = replace(result, findings=tuple(sorted(set(drop_covered([*result.findings, *extra])))))
        out.append(result)
    return out


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
    import libcst as cst

    from asyncio_lint.analysis.catalogue import catalogue_for
    from asyncio_lint.analysis.context import FileContext
    from functools import partial

    from asyncio_lint.analysis.fixes import FixPlanner, offload_fix
    from asyncio_lint.positions import positions as node_positions

    module = cst.parse_module(text)
    context = FileContext(path, module, config, catalogue_for(config))
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
    positions = node_positions(module, [*nodes.values(), *(planner.nodes() if planner is not None else ())])
    if planner is not None and fixes_found is not None:
        for key, plan in plans:
            fixes_found[key] = planner.fix(plan, positions, text) if plan is not None else None
    out = {}
    for ordinal, node in nodes.items():
        span = positions[node]
        out[ordinal] = (span.start.line, span.start.column, span.end.line, span.end.column)
    return out
