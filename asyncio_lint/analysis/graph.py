"""The call graph of a set of per-file summaries, and which helpers may block or compute.

Merges :class:`~asyncio_lint.analysis.summary.ModuleSummary` records, resolves call targets through
module aliases, and propagates "may block" backwards from the functions that make a catalogue call
(breadth-first, so each function gets one shortest witness chain; cycles are harmless), up to
``transitive-depth`` functions per chain and never through the functions the project declares
``non-blocking-functions``.

The helper-chain rules run it on their own file's summary (same-file chains, also under flake8);
the project phase runs it on every summary of a run (chains across files), and on the summaries of
the installed libraries a run's chains lead into (``add(..., library=...)``). A library function
is followed only along its main path (calls not behind a test of a parameter or in an exception
handler), and never into a package known to be async-safe.

Names are resolved through module aliases and ``*`` imports, and through classes: a method found
on a base class, an attribute whose type the summaries know (``update.message.reply_text`` ->
``Message.reply_text``).
"""

from __future__ import annotations

import fnmatch
import os
from typing import Any, Iterable, NamedTuple, Sequence

from asyncio_lint.analysis.records import (
    SUMMARY_VERSION, CallSite, CatalogueCall, Condition, FunctionSummary, ModuleSummary)

DEFAULT_DEPTH = 4
FAMILIES = ("AIO1", "AIO2")
# How costly a kind of blocking call usually is: a chain names its costliest call (the network before
# the disk, the disk before a short sleep), then its shortest.
_COST = {"http": 5, "database": 5, "socket": 5, "subprocess": 5, "input": 5, "other": 4, "file": 3,
         "import": 3, "sync-primitive": 2, "sleep": 2, "lock-context": 1, "file-metadata": 1}


def _cost(call: CatalogueCall) -> int:
    return _COST.get(call.kind, 3)


def _costliest(calls: Sequence[CatalogueCall]) -> CatalogueCall:
    """The call a chain names among a function's own: the costliest kind, then the first."""
    return min(calls, key=lambda c: (-_cost(c), c.ordinal))


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
    library: str = ""        # the installed distribution the catalogue call is in ("vendorlib 1.2.3")
    shown: str = ""          # how to name a library's file: its path inside site-packages
    awaited: bool = False    # the callee is an installed library's coroutine (it blocks when awaited)

    def params(self, line: Any, root: str | None = None) -> dict[str, Any]:
        """The message parameters (``line``: the line of the catalogue call, or a stand-in;
        ``root``: the project's root, that other files' paths are shown relative to)."""
        file = f"{self.library}: {self.shown}" if self.library else where(self.path, self.target_path, root)
        return {"call": self.call, "chain": self.chain, "file": file, "line": line, "fix": self.fix}


class Dropped(NamedTuple):
    """A dropped call (``path``, call ordinal) of a coroutine function of another file."""

    path: str
    ordinal: int
    call: str            # the callee as written
    coroutine: str       # how to name the coroutine function: "Messageable.send"
    target_path: str
    library: str         # its distribution, for an installed library ("discord.py 2.7.1"), else ""
    in_coroutine: bool


class Node(NamedTuple):
    """A function of the graph: its file and its summary."""

    path: str
    function: FunctionSummary


# The functions a call goes through to its blocking, and the catalogue call that ends it (None:
# the costliest way on from the last of them).
Route = tuple[tuple[str, ...], CatalogueCall | None]


class Witness(NamedTuple):
    """Why a function may block: the chain's length, the next function of it (None: the function
    makes the catalogue call itself), and the catalogue call that ends it."""

    length: int
    next: str | None
    call: CatalogueCall


def where(site: str, target: str, root: str | None = None) -> str:
    """How the message names the file of the catalogue call: its name when it is the caller's
    file; else its path relative to the project's ``root`` (``pkg/util/__init__.py``, never a bare
    ``__init__.py``); without a root, relative to the caller's folder when it is below it."""
    if site == target:
        return os.path.basename(target)
    if root is not None:
        try:
            rel = os.path.relpath(os.path.abspath(target), os.path.abspath(root))
        except ValueError:
            rel = ".."
        if not rel.startswith(".."):
            return rel.replace(os.sep, "/")
    try:
        rel = os.path.relpath(target, os.path.dirname(site) or ".")
    except ValueError:
        return target
    return target if rel.startswith("..") else rel


def _catalogue_display(name: str) -> str:
    return (name[len("builtins."):] if name.startswith("builtins.") else name) + "()"


def _better(a: Witness, b: Witness) -> bool:
    return (_cost(a.call), -a.length) > (_cost(b.call), -b.length)


class Graph:
    """The merged call graph of a set of summaries."""

    def __init__(self, summaries: Iterable[tuple[str, Any]], depth: int = DEFAULT_DEPTH,
                 allow: Sequence[str] = ()) -> None:
        self.depth = depth
        self.allow = tuple(allow)
        self.summaries: list[tuple[str, ModuleSummary]] = []
        self.functions: dict[str, Node] = {}
        self.aliases: dict[str, str] = {}
        self.coroutines: dict[str, tuple[str, str]] = {}   # qualified name -> (path, module)
        self.classes: dict[str, tuple[str, ...]] = {}      # class -> bases
        self.attributes: dict[str, str] = {}               # "Class.attr" -> class of its value
        self.star: dict[str, tuple[str, ...]] = {}         # module -> modules it imports * from
        self.modules: set[str] = set()
        self.libraries: dict[str, tuple[str, str]] = {}    # path of a library file -> (label, shown path)
        self.async_safe: tuple[str, ...] = ()              # package prefixes never followed
        self._owner: dict[str, str] = {}                   # name of a class / attribute / coroutine -> its path
        self._ambiguous: set[str] = set()
        self._resolved: dict[str, str | None] = {}
        self._allowed: dict[str, bool] = {}
        self._best: dict[str, dict[str, Witness]] = {}
        self._callers_of: dict[str, list[str]] | None = None
        for path, summary in summaries:
            self.add(path, summary)

    def add(self, path: str, summary: Any, library: tuple[str, str] | None = None) -> None:
        """Merge one more file's summary (answers computed so far are dropped). ``library``: the
        file is an installed library's, named ("vendorlib 1.2.3", "vendorlib/transport.py")."""
        if not isinstance(summary, ModuleSummary) or summary.version != SUMMARY_VERSION:
            return
        self.summaries.append((path, summary))
        if library is not None:
            self.libraries[path] = library
        self.modules.add(summary.module)
        if summary.star_imports:
            self.star[summary.module] = summary.star_imports
        for qual in summary.coroutines:
            if self._claim(qual, path):
                self.coroutines[qual] = (path, summary.module)
        for qual, bases in summary.classes.items():
            if self._claim(qual, path):
                self.classes[qual] = bases
        for qual, kind in summary.attributes.items():
            if self._claim(qual, path):
                self.attributes[qual] = kind
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

    def _claim(self, qual: str, path: str) -> bool:
        """Record that ``path`` defines ``qual``; False when another file does too (ambiguous:
        two files with one module name), which then drops it from every table."""
        if qual in self._ambiguous:
            return False
        owner = self._owner.setdefault(qual, path)
        if owner == path:
            return True
        self._ambiguous.add(qual)
        for table in (self.coroutines, self.classes, self.attributes):
            table.pop(qual, None)  # type: ignore[attr-defined]
        return False

    def resolve(self, name: str) -> str | None:
        """The function or coroutine function a call target names, through module aliases, ``*``
        imports, base classes and attribute types; a class -> its ``__init__``."""
        try:
            return self._resolved[name]
        except KeyError:
            pass
        result = None
        current: str | None = name
        seen: set[str] = set()
        while current is not None and current not in seen and len(seen) < 12:
            seen.add(current)
            if current in self.functions or current in self.coroutines:
                result = current
                break
            if current + ".__init__" in self.functions:
                result = current + ".__init__"
                break
            current = self._rewrite(current)
        self._resolved[name] = result
        return result

    def frontier(self, name: str) -> list[str]:
        """Names whose modules, once summarised, may let ``name`` resolve further: where its
        resolution stopped, and the bases (not yet known) of a class it stopped at."""
        current: str | None = name
        last = name
        seen: set[str] = set()
        while current is not None and current not in seen and len(seen) < 12:
            if current in self.functions or current in self.coroutines or current + ".__init__" in self.functions:
                return []
            seen.add(current)
            last = current
            current = self._rewrite(current)
        out = [last]
        parts = last.split(".")
        for i in range(len(parts), 0, -1):
            prefix = ".".join(parts[:i])
            if prefix in self.classes:
                out.extend(self._unknown_bases(prefix, 0))
                break
            if prefix in self.star and i < len(parts):
                out.extend(f"{module}.{parts[i]}" for module in self.star[prefix])
                break
        return out

    def _unknown_bases(self, cls: str, depth: int) -> list[str]:
        out: list[str] = []
        for written in self.classes.get(cls, ()):
            base = self._class_named(written)
            if base is None:
                out.append(written)
            elif depth < 6:
                out.extend(self._unknown_bases(base, depth + 1))
        return out

    def _rewrite(self, name: str) -> str | None:
        """One step towards a definition: the longest prefix of ``name`` that an alias, a ``*``
        import, a base class or an attribute's type says more about, replaced."""
        parts = name.split(".")
        for i in range(len(parts), 0, -1):
            prefix = ".".join(parts[:i])
            rest = parts[i:]
            target = self.aliases.get(prefix)
            if target is not None:
                return ".".join([target, *rest])
            if not rest:
                continue
            if prefix in self.classes:
                member = f"{prefix}.{rest[0]}"
                kind = self.attributes.get(member)
                if kind is not None and len(rest) > 1:
                    return ".".join([kind, *rest[1:]])
                owner = self._base_defining(prefix, rest[0])
                if owner is not None:
                    return ".".join([owner, *rest])
            if prefix in self.star:
                for module in self.star[prefix]:
                    if self._defined(f"{module}.{rest[0]}"):
                        return ".".join([module, *rest])
        return None

    def _class_named(self, name: str) -> str | None:
        """The class a name denotes, through aliases and ``*`` imports."""
        current: str | None = name
        for _ in range(8):
            if current is None or current in self.classes:
                return current
            parts = current.split(".")
            step = None
            for i in range(len(parts) - 1, 0, -1):
                prefix, rest = ".".join(parts[:i]), parts[i:]
                target = self.aliases.get(prefix) if i == len(parts) - 1 or prefix in self.aliases else None
                if target is not None:
                    step = ".".join([target, *rest])
                    break
                if prefix in self.star:
                    step = next((".".join([m, *rest]) for m in self.star[prefix] if self._defined(f"{m}.{rest[0]}")),
                                None)
                    if step is not None:
                        break
            if step is None:
                step = self.aliases.get(current)
            current = step
        return None

    def _defined(self, qual: str) -> bool:
        return (qual in self.functions or qual in self.coroutines or qual in self.classes
                or qual in self.aliases or qual in self.modules or qual in self.attributes)

    def _base_defining(self, cls: str, attr: str, depth: int = 0) -> str | None:
        """The base class of ``cls`` (depth first, left to right) that defines ``attr``."""
        if depth > 6:
            return None
        for written in self.classes.get(cls, ()):
            base = self._class_named(written)
            if base is None:
                continue
            if self._defined(f"{base}.{attr}"):
                return base
            deeper = self._base_defining(base, attr, depth + 1)
            if deeper is not None:
                return deeper
        return None

    def callees(self, qual: str) -> tuple[str, ...]:
        """The call targets of a function of the graph, as its summary names them."""
        return self.functions[qual].function.calls

    def allowed(self, qual: str) -> bool:
        """Declared non-blocking in ``non-blocking-functions`` (qualified names or globs)."""
        found = self._allowed.get(qual)
        if found is None:
            found = self._allowed[qual] = any(fnmatch.fnmatchcase(qual, p) for p in self.allow)
        return found

    def _silent(self, qual: str) -> bool:
        """Never reported nor followed: declared non-blocking, run in a worker by its decorator, or
        in an async-safe package."""
        node = self.functions.get(qual)
        return (self.allowed(qual) or (node is not None and node.function.offloaded)
                or (bool(self.async_safe) and qual.startswith(self.async_safe)))

    def may_block(self, family: str) -> dict[str, Witness]:
        """qualname -> its :class:`Witness`, for the functions that may reach a call of the family."""
        best = self._best.get(family)
        if best is not None:
            return best
        best = {}
        callers = self._callers()
        for qual in sorted(self.functions):
            node = self.functions[qual]
            function = node.function
            if not function.catalogue or function.lazy or self._silent(qual):
                continue  # calling a generator runs none of its body
            if function.coroutine and node.path not in self.libraries:
                continue  # (a project's coroutine is linted itself: its blocking calls are reported there)
            main_only = node.path in self.libraries
            own = [c for c in function.catalogue if c.family == family and not (main_only and c.guarded)]
            if own:
                best[qual] = Witness(1, None, _costliest(own))
        # Breadth-first from the catalogue calls, keeping for each function the costliest call it
        # reaches, then the shortest way there (rounds up to the chain length).
        frontier = sorted(best)
        while frontier:
            reached: dict[str, Witness] = {}
            for callee in frontier:
                witness = best[callee]
                if witness.length >= self.depth:
                    continue
                for caller in callers.get(callee, ()):
                    candidate = Witness(witness.length + 1, callee, witness.call)
                    current = reached.get(caller) or best.get(caller)
                    if current is None or _better(candidate, current):
                        reached[caller] = candidate
            frontier = sorted(q for q, w in reached.items() if best.get(q) != w)
            best.update(reached)
        self._best[family] = best
        return best

    def _callers(self) -> dict[str, list[str]]:
        """callee -> the functions that call it (generators and allowed functions call nothing),
        shared by every family."""
        if self._callers_of is None:
            callers: dict[str, list[str]] = {}
            for qual in sorted(self.functions):
                node = self.functions[qual]
                function = node.function
                if function.lazy or self._silent(qual):
                    continue
                # A library's function is followed only along its main path.
                if function.coroutine and node.path not in self.libraries:
                    continue
                calls = function.main_calls if node.path in self.libraries else function.calls
                for target in calls:
                    callee = self.resolve(target)
                    if callee is not None and callee != qual:
                        callers.setdefault(callee, []).append(qual)
            self._callers_of = callers
        return self._callers_of

    def witness(self, qual: str, family: str, route: "Route | None" = None) -> tuple[str, str, int, str, bool]:
        """(chain text, path of the catalogue call, its ordinal, its fix, every step in one file):
        along ``route`` (a call's arguments reach the blocking that way), then the costliest way."""
        best = self.may_block(family)
        quals = list(route[0]) if route is not None else [qual]
        call = route[1] if route is not None else None
        if quals[-1] in quals[:-1]:  # (the route came back to a function of it: on from the first time)
            quals = quals[: quals.index(quals[-1]) + 1]
        if call is None:
            current = best[quals[-1]].next
            seen = set(quals)
            while current is not None and current not in seen:
                seen.add(current)
                quals.append(current)
                current = best[current].next
            call = best[quals[-1]].call  # (the last function's own call: the chain's end, whatever it became)
        names = [self.functions[q].function.display for q in quals]
        paths = {self.functions[q].path for q in quals}
        names.append(_catalogue_display(call.name))
        return " -> ".join(names), self.functions[quals[-1]].path, call.ordinal, call.fix, len(paths) == 1

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
                if site.awaited and not (callee in self.functions and self.functions[callee].function.coroutine):
                    continue  # (awaited: only an installed coroutine function is followed)
                for family in FAMILIES:
                    route = self._reached(callee, site, family) if callee in self.may_block(family) else None
                    if route is None:
                        continue
                    chain, target_path, target_ordinal, fix, one_file = self.witness(callee, family, route)
                    fix_text = fix.format(func=site.text) if fix else ""
                    label, shown = self.libraries.get(target_path, ("", ""))
                    out.append(Hit(family, path, site.ordinal, site.text, chain, target_path, target_ordinal,
                                   fix_text, one_file and target_path == path, label, shown,
                                   self.functions[callee].function.coroutine))
        return out

    def _reached(self, qual: str, site: CallSite, family: str) -> "Route | None":
        """The way the callee's blocking is reached with the literal arguments the site passes (and
        its defaults), or None: ``join(block=False)`` does not reach a join that runs only ``if
        block:``. The arguments are followed down the chain where a helper passes its parameters on."""
        binding = self._binding(qual, site.args, {})
        return self._reaches(qual, binding, family, self.depth, frozenset({qual}))

    def _binding(self, qual: str, args: Sequence[tuple[object, tuple[str, object]]],
                 outer: dict[str, tuple[str, object]]) -> dict[str, tuple[str, object]]:
        """The callee's parameters bound by a call's arguments over its defaults (``outer``: the
        caller's binding, for the parameters it passes on)."""
        function = self.functions[qual].function
        binding: dict[str, tuple[str, object]] = {name: ("lit", value) for name, value in function.defaults.items()}
        # A method or a constructor is called without its first parameter.
        owner = qual[: -len(".__init__")] if qual.endswith(".__init__") else qual.rpartition(".")[0]
        offset = 1 if owner in self.classes else 0
        if any(key == "*" for key, _ in args):
            # (after ``*args`` / ``**kwargs``, only the arguments written out are known)
            binding = {name: _UNKNOWN for name in binding}
        for key, value in args:
            if key == "*":
                continue
            if value[0] == "param":
                value = outer.get(str(value[1]), _UNKNOWN)
            if isinstance(key, int):
                if offset + key < len(function.params):
                    binding[function.params[offset + key]] = value
            else:
                binding[str(key)] = value
        return binding

    def _reaches(self, qual: str, binding: dict[str, tuple[str, object]], family: str, depth: int,
                 seen: frozenset[str]) -> "Route | None":
        """The functions from ``qual`` to a catalogue call of ``family`` that ``binding`` can reach,
        and that call (None: the route stops at a function it no longer follows the arguments into).
        The costliest way (the witness) is tried first, so that the message names it when the
        arguments allow it, and another only when they do not."""
        function = self.functions[qual].function
        best = self.may_block(family)
        witness = best.get(qual)
        own = [c for c in function.catalogue if c.family == family and _consistent(c.conditions, binding)]
        if own and (witness is None or witness.next is None):
            return (qual,), (witness.call if witness is not None and witness.call in own else _costliest(own))
        targets = list(function.calls)
        if witness is not None and witness.next is not None:
            first = [t for t in targets if self.resolve(t) == witness.next]
            targets = first if own else first + [t for t in targets if t not in first]
        for target in targets:
            callee = self.resolve(target)
            if callee is None or callee == qual or callee not in best:
                continue
            for conditions, args in function.forwarded.get(target, _ONE_UNKNOWN_CALL):
                if not _consistent(conditions, binding):
                    continue
                if depth <= 1 or callee in seen or callee not in self.functions:
                    return (qual, callee), None
                inner = self._binding(callee, args, binding)
                found = self._reaches(callee, inner, family, depth - 1, seen | {callee})
                if found is not None:
                    return (qual, *found[0]), found[1]
        if own:
            return (qual,), _costliest(own)
        return None

    def dropped(self, paths: set[str] | None = None) -> list[Dropped]:
        """Dropped calls (in ``paths``, default all) of coroutine functions defined in other files."""
        out = []
        for path, summary in self.summaries:
            if (paths is not None and path not in paths) or path in self.libraries:
                continue
            for call in summary.dropped:
                callee = self.resolve(call.target)
                found = self.coroutines.get(callee) if callee is not None else None
                if callee is None or found is None or found[0] == path:
                    continue  # not a coroutine function, or one of this file (AIO505's own walk reports it)
                target_path, module = found
                display = callee[len(module) + 1:] if callee.startswith(module + ".") else callee
                label = self.libraries.get(target_path, ("", ""))[0]
                out.append(Dropped(path, call.ordinal, call.text, display, target_path, label, call.in_coroutine))
        return out


# Classes a parameter test can be judged against when a literal or a known constructor is passed.
_SIMPLE_TYPES = frozenset({"builtins.str", "builtins.bytes", "builtins.bytearray", "builtins.int", "builtins.float",
                           "builtins.bool", "builtins.dict", "builtins.list", "builtins.tuple", "os.PathLike",
                           "pathlib.Path", "pathlib.PurePath", "io.BytesIO", "io.StringIO", "io.IOBase",
                           "typing.IO", "builtins.NoneType"})


_UNKNOWN: tuple[str, object] = ("any", None)
# A call whose arguments and conditions the summary does not hold: it may reach anything.
_ONE_UNKNOWN_CALL: tuple[tuple[tuple[Condition, ...], tuple[tuple[object, tuple[str, object]], ...]], ...] = (((), ()),)


def _consistent(conditions: tuple[Condition, ...], binding: dict[str, tuple[str, object]]) -> bool:
    """No condition is contradicted by the bound arguments (an unknown outcome never contradicts)."""
    for condition in conditions:
        bound = binding.get(condition.param)
        if bound is None:
            continue
        outcome = _outcome(condition, bound)
        if outcome is not None and outcome != condition.holds:
            return False
    return True


def _outcome(condition: Condition, bound: tuple[str, object]) -> bool | None:
    form, value = bound
    if form == "any":
        return None
    if condition.test == "truth":
        return bool(value) if form == "lit" else (None if value == "builtins.str" else True)
    if condition.test == "none":
        return value is None if form == "lit" else False
    if condition.test == "eq":
        return value == condition.value if form == "lit" else None
    if condition.test == "is":  # (``is True`` / ``is False``: 1 is not True)
        return value is condition.value if form == "lit" else (False if value != "builtins.bool" else None)
    if condition.test == "isinstance":
        names = set(condition.value) if isinstance(condition.value, tuple) else set()
        kind = f"builtins.{type(value).__name__}" if form == "lit" else str(value)
        if kind in names or (kind == "builtins.bool" and "builtins.int" in names):
            return True
        if kind in _SIMPLE_TYPES and names <= _SIMPLE_TYPES and not ({"io.IOBase", "typing.IO"} & names
                                                                    and kind.startswith("io.")):
            return False
        return None
    return None
