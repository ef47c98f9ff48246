"""Project-wide call analysis: blocking or CPU-bound work reached through sync helpers (AIO120, AIO220).

Per file, the engine's walk records a summary (see ``analysis/summary.py``): the catalogue calls each
sync function makes, the project functions it calls, and each coroutine's calls of project functions.
This module merges the summaries of a project, builds the call graph, and propagates "may block"
backwards from the functions that make a catalogue call (breadth-first, so each function gets one
shortest witness chain; cycles are harmless), up to ``transitive-depth`` functions per chain and
never through the functions the project declares ``non-blocking-functions``.

One mechanism serves both front ends:

* the rules AIO120/AIO220 run :func:`analyse` on their own file's summary at the end of the walk,
  so same-file helpers are reported everywhere, flake8 included (it sees one file at a time);
* :func:`project_results` runs it on every summary of a CLI / pre-commit run and adds the findings
  whose chain leaves the file, locating their calls by re-walking just those files.

Nothing here imports libcst at module level: a fully cached run stays parser-free unless a finding
needs a position.
"""

from __future__ import annotations

import fnmatch
import os
import zlib
from collections import deque
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from asyncio_lint.suppress import is_suppressed, noqa_lines
from asyncio_lint.types import FileResult, Finding

if TYPE_CHECKING:
    from asyncio_lint.config import Config


@lru_cache(maxsize=4096)
def _is_package(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "__init__.py"))


def module_name(path: str) -> str:
    """Dotted module name of a file: walk up while the folder holds an ``__init__.py``."""
    path = os.path.abspath(path)
    folder, base = os.path.split(path)
    stem = base[:-3] if base.endswith(".py") else base
    parts = [] if stem == "__init__" else [stem]
    while _is_package(folder):
        folder, name = os.path.split(folder)
        if not name:
            break
        parts.append(name)
    parts.reverse()
    return ".".join(parts) or stem


SUMMARY_VERSION = 1
PROJECT_CODES = {"AIO120": "AIO1", "AIO220": "AIO2"}
CODE_OF_FAMILY = {family: code for code, family in PROJECT_CODES.items()}
NAMES = {"AIO120": "blocking-helper-call", "AIO220": "cpu-bound-helper-call"}
DEFAULT_DEPTH = 4

MESSAGES = {
    "AIO120": ("`{call}()` blocks the event loop: `{chain}` ({file}:{line}); "
               "call it with `await asyncio.to_thread({call}, ...)` or make the chain async"),
    "AIO220": ("`{call}()` is CPU-bound: `{chain}` ({file}:{line}) stalls every other task while it runs "
               "on the loop; offload it with {fix}"),
}


@dataclass(frozen=True)
class Hit:
    """A coroutine's call (``path``, call ordinal) of a function that may block, with its witness."""

    code: str
    path: str
    ordinal: int
    call: str                # the callee as written: load_settings, self.load, u.load_settings
    chain: str               # "load_settings -> _read -> open()"
    target_path: str         # the file of the catalogue call ending the chain
    target_ordinal: int
    fix: str                 # AIO220: the offloading advice for this call
    local: bool              # every function of the chain is in ``path``

    def params(self, line: Any) -> dict[str, Any]:
        return {"call": self.call, "chain": self.chain, "file": where(self.path, self.target_path),
                "line": line, "fix": self.fix}


def where(site: str, target: str) -> str:
    """How the message names the file of the catalogue call: a path relative to the caller's folder
    when it is below it (``settings.py``, ``util/io.py``), else the path as given."""
    if site == target:
        return os.path.basename(target)
    try:
        rel = os.path.relpath(target, os.path.dirname(site) or ".")
    except ValueError:
        return target
    return target if rel.startswith("..") else rel


def _catalogue_display(name: str) -> str:
    return (name[len("builtins."):] if name.startswith("builtins.") else name) + "()"


class Graph:
    """The merged call graph of a set of summaries."""

    def __init__(self, summaries: Iterable[tuple[str, dict[str, Any]]], depth: int = DEFAULT_DEPTH,
                 allow: Sequence[str] = ()) -> None:
        self.depth = depth
        self.allow = tuple(allow)
        self.summaries: list[tuple[str, dict[str, Any]]] = []
        # qualname -> (path, display, lazy, blocking, calls)
        self.functions: dict[str, tuple[str, str, bool, tuple, tuple]] = {}
        self.aliases: dict[str, str] = {}
        self._ambiguous: set[str] = set()
        self._resolved: dict[str, str | None] = {}
        self._allowed: dict[str, bool] = {}
        self._best: dict[str, dict[str, tuple[int, str | None, tuple]]] = {}
        self._callers_of: dict[str, list[str]] | None = None
        for path, summary in summaries:
            self.add(path, summary)

    def add(self, path: str, summary: Any) -> None:
        """Merge one more file's summary (answers computed so far are dropped)."""
        if not isinstance(summary, dict) or summary.get("v") != SUMMARY_VERSION:
            return
        self.summaries.append((path, summary))
        for alias, target in summary["aliases"].items():
            if alias in self._ambiguous:
                continue
            if self.aliases.setdefault(alias, target) != target:
                self._ambiguous.add(alias)  # (two files with one module name, as below)
                del self.aliases[alias]
        for qual, (display, lazy, blocking, calls) in summary["functions"].items():
            if qual in self._ambiguous:
                continue
            known = self.functions.setdefault(qual, (path, display, lazy, blocking, calls))
            if known[0] != path:
                # Two files with one module name (scripts or test folders without __init__.py, two
                # checkouts in one run): which one a call means is unknown, so neither is followed.
                self._ambiguous.add(qual)
                del self.functions[qual]
        self._resolved.clear()
        self._best.clear()
        self._callers_of = None

    def resolve(self, name: str) -> str | None:
        """The function a call target names, through module aliases; a class -> its ``__init__``."""
        try:
            return self._resolved[name]
        except KeyError:
            pass
        result = None
        current = name
        seen: set[str] = set()
        while current not in seen and len(seen) < 8:
            seen.add(current)
            if current in self.functions:
                result = current
                break
            if current + ".__init__" in self.functions:
                result = current + ".__init__"
                break
            parts = current.split(".")
            for i in range(len(parts), 0, -1):
                target = self.aliases.get(".".join(parts[:i]))
                if target is not None:
                    current = ".".join([target, *parts[i:]])
                    break
            else:
                break
        self._resolved[name] = result
        return result

    def allowed(self, qual: str) -> bool:
        """Declared non-blocking in ``non-blocking-functions`` (qualified names or globs)."""
        found = self._allowed.get(qual)
        if found is None:
            found = self._allowed[qual] = any(fnmatch.fnmatchcase(qual, p) for p in self.allow)
        return found

    def may_block(self, family: str) -> dict[str, tuple[int, str | None, tuple]]:
        """qualname -> (chain length, next function of the witness or None, catalogue entry)."""
        best = self._best.get(family)
        if best is not None:
            return best
        best = {}
        callers = self._callers()
        for qual in sorted(self.functions):
            path, display, lazy, blocking, calls = self.functions[qual]
            if not blocking or lazy or self.allowed(qual):
                continue  # calling a generator runs none of its body
            own = [b for b in blocking if b[0] == family]
            if own:
                best[qual] = (1, None, min(own, key=lambda b: b[2]))
        frontier = deque(sorted(best))
        while frontier:
            callee = frontier.popleft()
            length = best[callee][0]
            if length >= self.depth:
                continue
            for caller in callers.get(callee, ()):
                if caller not in best:
                    best[caller] = (length + 1, callee, best[callee][2])
                    frontier.append(caller)
        self._best[family] = best
        return best

    def _callers(self) -> dict[str, list[str]]:
        """callee -> the functions that call it (generators and allowed functions call nothing),
        shared by every family."""
        if self._callers_of is None:
            callers: dict[str, list[str]] = {}
            for qual in sorted(self.functions):
                _path, _display, lazy, _blocking, calls = self.functions[qual]
                if lazy or self.allowed(qual):
                    continue
                for target in calls:
                    callee = self.resolve(target)
                    if callee is not None and callee != qual:
                        callers.setdefault(callee, []).append(qual)
            self._callers_of = callers
        return self._callers_of

    def witness(self, qual: str, family: str) -> tuple[str, str, int, str, bool]:
        """(chain text, path of the catalogue call, its ordinal, its fix, every step in one file)."""
        best = self.may_block(family)
        names = []
        paths = set()
        current: str | None = qual
        last = qual
        while current is not None:
            names.append(self.functions[current][1])
            paths.add(self.functions[current][0])
            last = current
            current = best[current][1]
        entry = best[qual][2]
        names.append(_catalogue_display(entry[1]))
        return " -> ".join(names), self.functions[last][0], entry[2], entry[3], len(paths) == 1

    def hits(self, paths: set[str] | None = None) -> list[Hit]:
        """Coroutine calls (in ``paths``, default all) of functions that may block."""
        out = []
        for path, summary in self.summaries:
            if paths is not None and path not in paths:
                continue
            for _coroutine, target, ordinal, text in summary["sites"]:
                callee = self.resolve(target)
                if callee is None:
                    continue
                for code, family in PROJECT_CODES.items():
                    if callee not in self.may_block(family):
                        continue
                    chain, target_path, target_ordinal, fix, one_file = self.witness(callee, family)
                    fix_text = fix.format(func=text) if fix else ""
                    out.append(Hit(code, path, ordinal, text, chain, target_path, target_ordinal, fix_text,
                                   one_file and target_path == path))
        return out


def drop_covered(findings: Iterable[Finding]) -> list[Finding]:
    """Drop an AIO120/AIO220 finding when a per-call rule of its family (or the same finding)
    already reports that line: one problem, one finding."""
    findings = list(findings)
    covered = {(f.path, f.line, f.code[:4]) for f in findings if f.code not in PROJECT_CODES}
    seen: set[tuple[str, int, str]] = set()
    out = []
    for finding in findings:
        if finding.code in PROJECT_CODES:
            key = (finding.path, finding.line, finding.code)
            if (finding.path, finding.line, finding.code[:4]) in covered or key in seen:
                continue
            seen.add(key)
        out.append(finding)
    return out


# ---- the project phase of a CLI / pre-commit run ----------------------------------------------------
def project_results(results: list[FileResult], config: "Config", report: set[str] | None = None,
                    read: Any = None, located: dict[Any, Any] | None = None,
                    graph: "Graph | None" = None) -> list[FileResult]:
    """``results`` with the findings whose witness chain leaves the caller's file added.

    ``report``: the paths to report findings in (pre-commit: the changed files; the others only
    contribute summaries). Chains within one file were reported by the rules during the walk.
    A bug here must not lose the per-file findings: it becomes an error result, as in the engine.
    ``located``: call positions and noqa tables found by earlier runs, keyed by (path, crc of the
    file); updated in place, so a cache can keep it and a re-run need not parse those files again.
    """
    try:
        return _project_results(results, config, report, read, located, graph)
    except Exception as exc:
        return [*results, _internal_error(exc)]


def _internal_error(exc: Exception) -> FileResult:
    from asyncio_lint.types import FileError

    where = "<project analysis>"
    return FileResult(where, error=FileError(where, f"internal error ({type(exc).__name__}: {exc}); please report it"))


def _project_results(results: list[FileResult], config: "Config", report: set[str] | None, read: Any,
                     located: dict[Any, Any] | None = None, graph: "Graph | None" = None) -> list[FileResult]:
    summaries = [(r.path, r.summary) for r in results if isinstance(r.summary, dict)]
    if not summaries:
        return results
    # The graph summarise_demanded built is this one if it merged these very summaries (a graph
    # does not depend on the order they were merged in).
    if graph is None or {(p, id(s)) for p, s in graph.summaries} != {(p, id(s)) for p, s in summaries}:
        graph = Graph(summaries, config.transitive_depth, config.non_blocking_functions)
    hits = [h for h in graph.hits(report) if not h.local]
    if not hits:
        return results
    wanted: dict[str, set[int]] = {}
    for hit in hits:
        wanted.setdefault(hit.path, set()).add(hit.ordinal)
        wanted.setdefault(hit.target_path, set()).add(hit.target_ordinal)
    crcs = {p: s.get("crc") for p, s in summaries}
    noqa: dict[str, dict[int, frozenset[str]]] = {}
    spans: dict[str, dict[int, tuple[int, int, int, int]]] = {}
    memo = located if located is not None else {}
    for path, ordinals in wanted.items():
        key = (path, crcs.get(path))
        known = memo.get(key)
        if key[1] is not None and known is not None and ordinals <= known[1].keys():
            noqa[path], spans[path] = known
            continue
        found = _locate_file(path, crcs.get(path), ordinals, config, read)
        if found is not None:
            text, spans[path] = found
            noqa[path] = noqa_lines(text)
            if key[1] is not None:
                memo[key] = (noqa[path], spans[path])
    for stale in [k for k in memo if k[0] in crcs and k[1] != crcs[k[0]]]:
        del memo[stale]  # an older version of a file
    new: dict[str, list[Finding]] = {}
    for hit in hits:
        site = spans.get(hit.path, {}).get(hit.ordinal)
        target = spans.get(hit.target_path, {}).get(hit.target_ordinal)
        if site is None or target is None:
            continue  # the file changed since it was summarised
        if any(hit.code.startswith(c) for c in config.ignored_codes_for(hit.path)):
            continue
        if is_suppressed(hit.code, site[0], noqa.get(hit.path, {})):
            continue
        message = MESSAGES[hit.code].format(**hit.params(target[0]))
        new.setdefault(hit.path, []).append(Finding(hit.path, site[0], site[1], site[2], site[3], hit.code,
                                                    NAMES[hit.code], message))
    if not new:
        return results
    out = []
    for result in results:
        extra = new.get(result.path)
        if extra:
            result = replace(result, findings=tuple(sorted(set(drop_covered([*result.findings, *extra])))))
        out.append(result)
    return out


def _locate_file(path: str, crc: Any, ordinals: set[int], config: "Config", read: Any = None
                 ) -> tuple[str, dict[int, tuple[int, int, int, int]]] | None:
    from asyncio_lint.api import read_source

    data = (read or read_source)(path)
    if not isinstance(data, bytes) or (crc is not None and zlib.crc32(data) != crc):
        return None
    from asyncio_lint.engine import decode

    try:
        text = decode(data)
        return text, locate(text, path, ordinals, config)
    except Exception:  # it parsed when summarised; anything else means it changed
        return None


def locate(text: str, path: str, ordinals: set[int], config: "Config") -> dict[int, tuple[int, int, int, int]]:
    """Positions (line, column, end line, end column) of the calls with these walk ordinals."""
    import libcst as cst

    from asyncio_lint.analysis.catalogue import catalogue_for
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.engine import _Walker
    from asyncio_lint.positions import positions as node_positions

    module = cst.parse_module(text)
    context = FileContext(path, module, config, catalogue_for(config))
    nodes: dict[int, cst.CSTNode] = {}
    count = [0]

    def visit(node: cst.Call) -> None:
        count[0] += 1
        if count[0] in ordinals:
            nodes[count[0]] = node

    _Walker(context, {cst.Call: [visit]}, {}).walk(module)
    positions = node_positions(module, nodes.values())
    out = {}
    for ordinal, node in nodes.items():
        span = positions[node]
        out[ordinal] = (span.start.line, span.start.column, span.end.line, span.end.column)
    return out


def crc_of(data: bytes) -> int:
    return zlib.crc32(data)


# ---- files summarised on demand ----------------------------------------------------------------------
def summarise_demanded(results: Sequence[FileResult], config: "Config", read: Any = None,
                       candidates: Sequence[str] = (), cached: Any = None,
                       keep: dict[str, Any] | None = None) -> dict[str, tuple[bytes, FileResult]]:
    """(``keep``: if given, its "graph" is set to the merged graph, for project_results to reuse.)"""
    try:
        return _summarise_demanded(results, config, read, candidates, cached, keep)
    except Exception:  # a bug here costs cross-file findings, never the run (project_results reports)
        return {}


def _summarise_demanded(results: Sequence[FileResult], config: "Config", read: Any,
                        candidates: Sequence[str], cached: Any,
                        keep: dict[str, Any] | None = None) -> dict[str, tuple[bytes, FileResult]]:
    """Summaries of the files no rule fired on (no ``async`` in them) that a coroutine's helper chain
    leads into: follow the calls from every coroutine call site, ``transitive-depth`` levels deep,
    and parse a module only when a call lands in it. Returns path -> (bytes, new FileResult).
    ``candidates``: more files that may be summarised (pre-commit: the unchanged files of the
    project); ``cached(path, bytes)``: a cached FileResult with its summary, if any.

    Parsing every such file instead would cost as much again as the rest of a run on projects with
    many sync modules (redis: 195 files, +70%); the demand is usually a handful of files.
    """
    modules: dict[str, str] = {}
    for result in results:
        if result.error is None and result.summary is None:
            modules.setdefault(module_name(result.path), result.path)
    for path in candidates:
        modules.setdefault(module_name(path), path)
    summaries = {r.path: r.summary for r in results if isinstance(r.summary, dict)}
    if not modules or not summaries:
        return {}
    pending: dict[str, int] = {}
    for summary in summaries.values():
        for site in summary.get("sites", ()):
            pending.setdefault(site[1], 1)
    visited = set(pending)
    out: dict[str, tuple[bytes, FileResult]] = {}
    engine = None
    graph = Graph(summaries.items(), config.transitive_depth, config.non_blocking_functions)
    while pending:
        demanded: set[str] = set()
        following: dict[str, int] = {}
        for name, level in pending.items():
            qual = graph.resolve(name)
            if qual is not None:
                if level < config.transitive_depth and not graph.allowed(qual):
                    for callee in graph.functions[qual][4]:
                        if callee not in visited:
                            visited.add(callee)
                            following[callee] = level + 1
                continue
            module_path = _module_file(name, modules)
            if module_path is not None:
                demanded.add(module_path)
                following[name] = level  # again once its module is summarised
        for path in sorted(demanded):
            modules = {m: p for m, p in modules.items() if p != path}
            data = (read or _read_bytes)(path)
            if not isinstance(data, bytes):
                continue
            demanded_result: FileResult | None = cached(path, data) if cached is not None else None
            if demanded_result is None or not isinstance(demanded_result.summary, dict):
                if len(data) > LARGE_FILE:
                    continue  # generated code (telethon's 53,000-line tl/types): a parse costs many seconds
                if engine is None:
                    from asyncio_lint.api import engine_for

                    engine = engine_for(config)
                demanded_result = engine.lint(data, path, summary_only=True)
            out[path] = (data, demanded_result)
            if isinstance(demanded_result.summary, dict):
                replaced = path in summaries
                summaries[path] = demanded_result.summary
                if replaced:  # (a newer summary of a file already merged: merge afresh)
                    graph = Graph(summaries.items(), config.transitive_depth, config.non_blocking_functions)
                else:
                    graph.add(path, demanded_result.summary)
        pending = following if demanded or following.keys() - pending.keys() else {}
    if keep is not None:
        keep["graph"] = graph
    return out


# A demanded file this large is not summarised: hand-written modules are far smaller, and a chain
# rarely passes through generated code (telethon's tl/types, 2.9 MB), whose parse costs many seconds.
LARGE_FILE = 1024 * 1024


def _module_file(name: str, modules: dict[str, str]) -> str | None:
    """The not yet summarised file of the longest module prefix of ``name``."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        path = modules.get(".".join(parts[:i]))
        if path is not None:
            return path
    return None


def _read_bytes(path: str) -> bytes | None:
    from asyncio_lint.api import read_source

    data = read_source(path)
    return data if isinstance(data, bytes) else None


# ---- which runs do project analysis, over which files -----------------------------------------------
def _longest(code: str, prefixes: Sequence[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=0)


def project_enabled(config: "Config") -> bool:
    """AIO120 or AIO220 selected (registry.select_rules' rule for these default-on codes, without
    importing the rules: a cached run must not load libcst)."""
    for code in PROJECT_CODES:
        on = _longest(code, config.select) if config.select else len(code)
        on = max(on, _longest(code, config.extend_select))
        if on > _longest(code, config.ignore):
            return True
    return False


PROJECT_MARKERS = ("pyproject.toml", "setup.py", "setup.cfg", ".git")
MAX_CONTEXT_FILES = 20_000


def project_root(start: str) -> str | None:
    """The nearest folder at or above ``start`` with a pyproject.toml, setup.py, setup.cfg or .git."""
    here = os.path.abspath(start)
    if not os.path.isdir(here):
        here = os.path.dirname(here)
    while True:
        if any(os.path.exists(os.path.join(here, m)) for m in PROJECT_MARKERS):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def project_context(paths: Sequence[str], files: list[str], config: "Config") -> list[str]:
    """The project's other Python files, when ``paths`` names files (not folders): their summaries
    let a changed file's coroutine see helpers that did not change."""
    explicit = [p for p in paths if os.path.isfile(p)]
    if not explicit:
        return []
    from asyncio_lint.api import iter_files

    roots = sorted({r for r in (project_root(p) for p in explicit) if r is not None})
    have = {os.path.abspath(f) for f in files}
    out: list[str] = []
    for root in roots:
        rel = os.path.relpath(root)
        for item in iter_files([rel if not rel.startswith("..") else root], config):
            if isinstance(item, str) and os.path.abspath(item) not in have:
                have.add(os.path.abspath(item))
                out.append(item)
                if len(out) >= MAX_CONTEXT_FILES:
                    return out
    return out
