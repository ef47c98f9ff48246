"""The call graph of a set of per-file summaries, and which helpers may block or compute.

Merges :class:`~asyncio_lint.analysis.summary.ModuleSummary` records, resolves call targets through
module aliases, and propagates "may block" backwards from the functions that make a catalogue call
(breadth-first, so each function gets one shortest witness chain; cycles are harmless), up to
``transitive-depth`` functions per chain and never through the functions the project declares
``non-blocking-functions``.

The helper-chain rules run it on their own file's summary (same-file chains, also under flake8);
the project phase runs it on every summary of a run (chains across files).
"""

from __future__ import annotations

import fnmatch
import os
from collections import deque
from typing import Any, Iterable, NamedTuple, Sequence

from asyncio_lint.analysis.records import SUMMARY_VERSION, CatalogueCall, FunctionSummary, ModuleSummary

DEFAULT_DEPTH = 4
FAMILIES = ("AIO1", "AIO2")


class Hit(NamedTuple):
    """A coroutine's call (``path``, call ordinal) of a function that may block, with its witness."""

    family: str              # "AIO1" blocking, "AIO2" CPU-bound
    path: str
    ordinal: int
    call: str                # the callee as written: load_settings, self.load, u.load_settings
    chain: str               # "load_settings -> _read -> open()"
    target_path: str         # the file of the catalogue call ending the chain
    target_ordinal: int
    fix: str                 # AIO2: the offloading advice for this call
    local: bool              # every function of the chain is in ``path``

    def params(self, line: Any) -> dict[str, Any]:
        """The message parameters (``line``: the line of the catalogue call, or a stand-in)."""
        return {"call": self.call, "chain": self.chain, "file": where(self.path, self.target_path),
                "line": line, "fix": self.fix}


class Node(NamedTuple):
    """A function of the graph: its file and its summary."""

    path: str
    function: FunctionSummary


class Witness(NamedTuple):
    """Why a function may block: the chain's length, the next function of it (None: the function
    makes the catalogue call itself), and the catalogue call that ends it."""

    length: int
    next: str | None
    call: CatalogueCall


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

    def __init__(self, summaries: Iterable[tuple[str, Any]], depth: int = DEFAULT_DEPTH,
                 allow: Sequence[str] = ()) -> None:
        self.depth = depth
        self.allow = tuple(allow)
        self.summaries: list[tuple[str, ModuleSummary]] = []
        self.functions: dict[str, Node] = {}
        self.aliases: dict[str, str] = {}
        self._ambiguous: set[str] = set()
        self._resolved: dict[str, str | None] = {}
        self._allowed: dict[str, bool] = {}
        self._best: dict[str, dict[str, Witness]] = {}
        self._callers_of: dict[str, list[str]] | None = None
        for path, summary in summaries:
            self.add(path, summary)

    def add(self, path: str, summary: Any) -> None:
        """Merge one more file's summary (answers computed so far are dropped)."""
        if not isinstance(summary, ModuleSummary) or summary.version != SUMMARY_VERSION:
            return
        self.summaries.append((path, summary))
        for alias, target in summary.aliases.items():
            if alias in self._ambiguous:
                continue
            if self.aliases.setdefault(alias, target) != target:
                self._ambiguous.add(alias)  # (two files with one module name, as below)
                del self.aliases[alias]
        for qual, function in summary.functions.items():
            if qual in self._ambiguous:
                continue
            known = self.functions.setdefault(qual, Node(path, function))
            if known.path != path:
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

    def callees(self, qual: str) -> tuple[str, ...]:
        """The call targets of a function of the graph, as its summary names them."""
        return self.functions[qual].function.calls

    def allowed(self, qual: str) -> bool:
        """Declared non-blocking in ``non-blocking-functions`` (qualified names or globs)."""
        found = self._allowed.get(qual)
        if found is None:
            found = self._allowed[qual] = any(fnmatch.fnmatchcase(qual, p) for p in self.allow)
        return found

    def may_block(self, family: str) -> dict[str, Witness]:
        """qualname -> its :class:`Witness`, for the functions that may reach a call of the family."""
        best = self._best.get(family)
        if best is not None:
            return best
        best = {}
        callers = self._callers()
        for qual in sorted(self.functions):
            function = self.functions[qual].function
            if not function.catalogue or function.lazy or self.allowed(qual):
                continue  # calling a generator runs none of its body
            own = [c for c in function.catalogue if c.family == family]
            if own:
                best[qual] = Witness(1, None, min(own, key=lambda c: c.ordinal))
        frontier = deque(sorted(best))
        while frontier:
            callee = frontier.popleft()
            length = best[callee].length
            if length >= self.depth:
                continue
            for caller in callers.get(callee, ()):
                if caller not in best:
                    best[caller] = Witness(length + 1, callee, best[callee].call)
                    frontier.append(caller)
        self._best[family] = best
        return best

    def _callers(self) -> dict[str, list[str]]:
        """callee -> the functions that call it (generators and allowed functions call nothing),
        shared by every family."""
        if self._callers_of is None:
            callers: dict[str, list[str]] = {}
            for qual in sorted(self.functions):
                function = self.functions[qual].function
                if function.lazy or self.allowed(qual):
                    continue
                for target in function.calls:
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
            node = self.functions[current]
            names.append(node.function.display)
            paths.add(node.path)
            last = current
            current = best[current].next
        call = best[qual].call
        names.append(_catalogue_display(call.name))
        return " -> ".join(names), self.functions[last].path, call.ordinal, call.fix, len(paths) == 1

    def hits(self, paths: set[str] | None = None) -> list[Hit]:
        """Coroutine calls (in ``paths``, default all) of functions that may block."""
        out = []
        for path, summary in self.summaries:
            if paths is not None and path not in paths:
                continue
            for site in summary.sites:
                callee = self.resolve(site.target)
                if callee is None:
                    continue
                for family in FAMILIES:
                    if callee not in self.may_block(family):
                        continue
                    chain, target_path, target_ordinal, fix, one_file = self.witness(callee, family)
                    fix_text = fix.format(func=site.text) if fix else ""
                    out.append(Hit(family, path, site.ordinal, site.text, chain, target_path, target_ordinal,
                                   fix_text, one_file and target_path == path))
        return out
