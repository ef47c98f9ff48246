"""The catalogues in force for one configuration: the built-in tables (``analysis/data/``, one
section per library in ``analysis/data/libraries/``) plus the user's extensions, built once per
configuration by :func:`catalogue_for`.

Every analysis reads them from ``context.catalogue``: blocking calls (AIO1xx), CPU-bound calls
(AIO2xx), what calls return and attributes hold (the resolver's types), offloading functions
(AIO501) and callback registrars (AIO4xx). Look-ups are dict look-ups, memoised per name: a name
is canonicalised (``sqlalchemy.orm.session.Session`` -> ``sqlalchemy.orm.Session``) and tried
against the class-wide entries only when its exact spelling is not in a table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Callable, Mapping, NamedTuple

import libcst as cst

from asyncio_lint.analysis.data.blocking import Blocking, ClassWide
from asyncio_lint.analysis.data.cpu import CPU_BOUND_CALLS, CpuBound
from asyncio_lint.analysis.data.loops import OFFLOAD_DECORATORS, OFFLOAD_FUNCTIONS, Slot
from asyncio_lint.analysis.data.tasks import REGISTRARS
from asyncio_lint.analysis.data.types import ARGUMENT_RETURNS, RETURNS
from asyncio_lint.analysis.syntax import argument, literal_value

if TYPE_CHECKING:
    from asyncio_lint.analysis.data.library import Library
    from asyncio_lint.config import Config


class Registrars(NamedTuple):
    methods: Mapping[str, int]                          # ``x.NAME(...)``: built-ins and bare user names
    functions: Mapping[str, int]                        # ``NAME(...)``: bare user names
    dotted: Mapping[str, tuple[tuple[str, int], ...]]   # last component -> (qualified name, index)


_MISSING = object()
# Openers whose file object's class depends on the mode: name -> position of the mode argument.
_OPENERS = {"builtins.open": 1, "io.open": 1, "os.fdopen": 1, "codecs.open": 1, "pathlib.Path.open": 0}
_IN_MEMORY = frozenset({"io.BytesIO", "io.StringIO"})


@dataclass(frozen=True)
class Catalogue:
    blocking: Mapping[str, Blocking]
    classes: Mapping[str, ClassWide]       # every public method of the class blocks
    iteration: Mapping[str, Blocking]      # iterating an instance of the class / the function's result
    enter: Mapping[str, Blocking]          # `with obj:` on an instance of the class
    cpu: Mapping[str, CpuBound]
    returns: Mapping[str, str]
    attributes: Mapping[str, str]
    aliases: Mapping[str, str]
    module_instances: Mapping[str, str]
    returns_unless: Mapping[str, tuple[str, ...]]
    # Class.* attributes: class -> (the class of any attribute, the names that are methods instead)
    wildcards: Mapping[str, tuple[str, frozenset[str]]]
    known: frozenset[str]             # classes the catalogue knows methods or attributes of
    offload: Mapping[str, Slot]       # functions that run a sync callable in a worker thread
    offload_names: frozenset[str]     # their last components (a cheap pre-test)
    registrars: Registrars
    cpu_roots: frozenset[str]         # the top-level modules the CPU catalogue's names start with
    # decorators that run a sync function in a worker (the keyword they need for it, or None)
    offload_decorators: Mapping[str, tuple[str, object] | None]
    _memo: dict[tuple[str, str], object] = field(default_factory=dict, compare=False, hash=False, repr=False)

    # -- names ----------------------------------------------------------------------------------
    def canonical(self, name: str) -> str:
        """``name`` with its longest aliased prefix replaced (``pymongo.synchronous.collection.
        Collection.find`` -> ``pymongo.collection.Collection.find``); itself when none is."""
        key = ("canonical", name)
        found = self._memo.get(key)
        if found is None:
            found = name
            aliases = self.aliases
            if aliases:
                head, rest = name, ""
                while True:
                    target = aliases.get(head)
                    if target is not None:
                        found = target + rest
                        break
                    cut = head.rfind(".")
                    if cut < 0:
                        break
                    head, rest = head[:cut], head[cut:] + rest
            self._memo[key] = found
        return found  # type: ignore[return-value]

    def known_class(self, name: str) -> bool:
        return name in self.known

    # -- blocking calls -------------------------------------------------------------------------
    def blocking_for(self, name: str) -> Blocking | None:
        """The entry of a call of ``name``: listed as such (under any of its names), or a public
        method of a class whose every method blocks."""
        key = ("blocking", name)
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            found = self.blocking.get(name)
            if found is None:
                canonical = self.canonical(name)
                found = self.blocking.get(canonical)
                if found is None:
                    cls, _, method = canonical.rpartition(".")
                    wide = self.classes.get(cls)
                    if wide is not None and wide.blocks(method) and f"{cls}.{method}" not in self.attributes:
                        found = wide.entry
            self._memo[key] = found
        return found  # type: ignore[return-value]

    def iteration_for(self, name: str) -> Blocking | None:
        """Iterating an instance of class ``name``, or what the function ``name`` returns."""
        found = self.iteration.get(name)
        return found if found is not None else self.iteration.get(self.canonical(name))

    def enter_for(self, cls: str) -> Blocking | None:
        return self.enter.get(cls)

    # -- types (names.TypeTables) ---------------------------------------------------------------
    def returns_for(self, name: str, call: cst.Call,
                    arg_type: Callable[[cst.CSTNode], str | None] = lambda node: None) -> str | None:
        """The class of what ``call`` (of the callable ``name``) returns, arguments considered."""
        cls = self.returns.get(name)
        if cls is None:
            name = self.canonical(name)
            cls = self.returns.get(name)
            if cls is None:
                return None
        special = ARGUMENT_RETURNS.get(name)
        if special is not None:
            keyword, position, literal, special_cls = special
            value = argument(call, keyword, position)
            if value is not None and literal_value(value) == literal:
                return special_cls
        unless = self.returns_unless.get(name)
        if unless is not None and any(a.keyword is not None and a.keyword.value in unless for a in call.args):
            return None  # sessionmaker(class_=AsyncSession): not the sync class
        if name in _OPENERS:
            return _file_class(call, _OPENERS[name])
        entry = self.blocking_for(name)
        if entry is not None and "in-memory-file" in entry.safe_when and in_memory_argument(call, arg_type):
            return None  # zipfile.ZipFile(io.BytesIO(data)): an archive in memory
        return cls

    def attribute_type(self, member: str) -> str | None:
        cls = self.attributes.get(member)
        if cls is None and self.wildcards:
            owner, _, attr = member.rpartition(".")
            wildcard = self.wildcards.get(owner)
            if wildcard is not None and not attr.startswith("_") and attr not in wildcard[1]:
                return wildcard[0]
        return cls

    def module_instance(self, name: str) -> str | None:
        return self.module_instances.get(name)


def _file_class(call: cst.Call, position: int) -> str:
    """The file object's class by the literal mode: text, or a buffered binary reader/writer."""
    mode_node = argument(call, "mode", position)
    mode = literal_value(mode_node) if mode_node is not None else "r"
    if not isinstance(mode, str) or "b" not in mode:
        return "io.TextIOWrapper"
    if "+" in mode:
        return "io.BufferedRandom"
    return "io.BufferedReader" if "r" in mode else "io.BufferedWriter"


_FILE_KEYWORDS = ("file", "fileobj", "fp", "path_or_buf", "filepath_or_buffer", "buf", "path", "name", "filename")


def in_memory_argument(call: cst.Call, arg_type: Callable[[cst.CSTNode], str | None]) -> bool:
    """The call's file argument (the first positional one, or ``fileobj=`` and the like) is an
    ``io.BytesIO`` / ``io.StringIO``: made right there, or a name bound to one."""
    candidates = [a.value for a in call.args if a.keyword is not None and a.keyword.value in _FILE_KEYWORDS]
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    if positional:
        candidates.append(positional[0])
    return any(arg_type(node) in _IN_MEMORY for node in candidates)


@lru_cache(maxsize=8)
def catalogue_for(config: "Config") -> Catalogue:
    tables = _merged()
    blocking = tables.blocking
    for name, kind in config.extend_blocking_calls:
        blocking[name] = Blocking(kind)
    cpu = dict(CPU_BOUND_CALLS)
    cpu.update(tables.cpu)
    for name, fix in config.extend_cpu_bound_calls:
        cpu[name] = CpuBound("declared CPU-bound in extend-cpu-bound-calls", fix)
    offload = dict(OFFLOAD_FUNCTIONS)
    for name, index in config.extend_offload_functions:
        offload[name] = (index, "")
    decorators = dict(OFFLOAD_DECORATORS)
    decorators.update((name, None) for name in config.offload_decorators)
    return Catalogue(
        blocking=blocking, classes=tables.classes, iteration=tables.iteration, enter=tables.enter, cpu=cpu,
        returns=tables.returns, attributes=tables.attributes, aliases=tables.aliases,
        module_instances=tables.module_instances, returns_unless=tables.returns_unless,
        wildcards=tables.wildcards, known=tables.known, offload=offload,
        offload_names=frozenset(name.rsplit(".", 1)[1] for name in offload),
        registrars=_registrars(config), cpu_roots=frozenset(name.split(".", 1)[0] for name in cpu),
        offload_decorators=decorators)


@dataclass
class _Tables:
    blocking: dict[str, Blocking] = field(default_factory=dict)
    classes: dict[str, ClassWide] = field(default_factory=dict)
    iteration: dict[str, Blocking] = field(default_factory=dict)
    enter: dict[str, Blocking] = field(default_factory=dict)
    cpu: dict[str, CpuBound] = field(default_factory=dict)
    returns: dict[str, str] = field(default_factory=lambda: dict(RETURNS))
    attributes: dict[str, str] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    module_instances: dict[str, str] = field(default_factory=dict)
    returns_unless: dict[str, tuple[str, ...]] = field(default_factory=dict)
    wildcards: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    known: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def _built_in() -> _Tables:
    from asyncio_lint.analysis.data.libraries import LIBRARIES  # the big tables: loaded when first needed

    libraries: "tuple[Library, ...]" = LIBRARIES
    tables = _Tables()
    for library in libraries:
        tables.blocking.update(library.calls)
        tables.classes.update(library.classes)
        tables.iteration.update(library.iteration)
        tables.enter.update(library.enter)
        tables.cpu.update(library.cpu)
        tables.returns.update(library.returns)
        tables.attributes.update(library.attributes)
        tables.aliases.update(library.aliases)
        tables.module_instances.update(library.module_instances)
        tables.returns_unless.update(library.returns_unless)
    # An alias that names its own target is only documentation: drop it (no look-up loops).
    tables.aliases = {k: v for k, v in tables.aliases.items() if k != v}
    # the classes: what calls return, what attributes hold, and the classes of class-wide entries
    known = set(tables.classes) | set(tables.enter)
    known.update(tables.returns.values())
    known.update(tables.attributes.values())
    for member in tables.attributes:
        owner, _, attr = member.rpartition(".")
        if attr == "*":
            tables.wildcards[owner] = (tables.attributes[member], frozenset())
    for owner, (target, _) in list(tables.wildcards.items()):
        # the names of the class's methods (and of its typed attributes) are not wildcard attributes
        prefix = owner + "."
        names = {n[len(prefix):] for table in (tables.blocking, tables.returns, tables.attributes)
                 for n in table if n.startswith(prefix)}
        names.update(n[len(prefix):] for library in libraries for n in library.not_blocking if n.startswith(prefix))
        tables.wildcards[owner] = (target, frozenset(n for n in names if "." not in n))
    tables.known = frozenset(k for k in known if k)
    return tables


def _merged() -> _Tables:
    """A fresh copy of the built-in tables (configuration adds to the copy)."""
    built = _built_in()
    return _Tables(dict(built.blocking), built.classes, built.iteration, built.enter, built.cpu, built.returns,
                   built.attributes, built.aliases, built.module_instances, built.returns_unless, built.wildcards,
                   built.known)


def _registrars(config: "Config") -> Registrars:
    """The built-in registrars merged with the configuration's ``callback-registrars``."""
    methods = dict(REGISTRARS)
    functions: dict[str, int] = {}
    dotted: dict[str, list[tuple[str, int]]] = {}
    for name, index in config.callback_registrars:
        if "." in name:
            dotted.setdefault(name.rsplit(".", 1)[1], []).append((name, index))
        else:
            methods[name] = functions[name] = index
    return Registrars(methods, functions, {k: tuple(v) for k, v in dotted.items()})
