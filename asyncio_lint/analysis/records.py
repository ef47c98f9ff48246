"""The per-file summary of the helper-chain analysis, as plain typed records.

The summary collector (analysis/summary.py) fills them in the engine's walk; the cache pickles them
with each file's result; the call graph (analysis/graph.py) and the project phase read them. Light
on purpose (no libcst): a run whose results all come from the cache never loads the parser.
"""

from __future__ import annotations

from typing import NamedTuple

SUMMARY_VERSION = 16


class Condition(NamedTuple):
    """A test of a parameter that a call is made under: ``if verbose:``, ``if path is None:``,
    ``if isinstance(fp, str):``, ``if mode == "sync":``, or the early ``return`` on one."""

    param: str
    test: str        # "truth" | "none" | "eq" | "is" | "isinstance"
    value: object    # eq: the literal; is: True or False; isinstance: the class names; else None
    holds: bool      # the call is made when the test comes out this way


class CatalogueCall(NamedTuple):
    """A call of a catalogue function made by a sync function."""

    family: str     # "AIO1" blocking, "AIO2" CPU-bound
    name: str       # its qualified name: "time.sleep", "builtins.open"
    ordinal: int    # the n-th Call of the engine's walk of the file
    fix: str        # AIO2: the offloading advice, with "{func}" for the caller's call
    # Off the function's main path: only behind a test of a parameter (``if verbose:``, an early
    # ``return`` on one), or in an exception handler.
    guarded: bool = False
    kind: str = ""  # AIO1: the blocking kind ("http", "file", ...), for the chain to name the costliest
    conditions: tuple[Condition, ...] = ()


class FunctionSummary(NamedTuple):
    display: str                           # how a chain names it: "load_settings", "Client.fetch"
    lazy: bool                             # a generator function (calling it runs none of its body), or a
                                           # cached one without parameters (its body runs once per process)
    catalogue: tuple[CatalogueCall, ...]   # catalogue calls it makes itself
    calls: tuple[str, ...]                 # qualified names of the project callables it calls
    main_calls: tuple[str, ...] = ()       # those of ``calls`` made on its main path (see guarded)
    coroutine: bool = False                # an installed library's coroutine function (awaited, it runs this)
    offloaded: bool = False                # a decorator runs it in a worker (``@work(thread=True)``)
    params: tuple[str, ...] = ()           # its positional parameters, in order (``self`` too)
    defaults: dict[str, object] = {}       # parameter -> its default, when a literal
    # callee -> (conditions, arguments) of each call of it: the arguments as in CallSite.args, plus
    # ("param", name) for one of its own parameters passed on (the graph binds it to the caller's)
    forwarded: dict[str, tuple[tuple[tuple[Condition, ...], tuple[tuple[object, tuple[str, object]], ...]], ...]] = {}


class CallSite(NamedTuple):
    """A coroutine's call of a project callable (a candidate AIO120/AIO220 finding)."""

    coroutine: str  # qualified name of the coroutine
    target: str     # qualified name of the callee
    ordinal: int
    text: str       # the callee as written: "load_settings", "self.load", "u.load_settings"
    # literal arguments: (position or keyword, ("lit", value) or ("type", class of a constructor call))
    args: tuple[tuple[object, tuple[str, object]], ...] = ()
    awaited: bool = False  # ``await f()``: only an installed coroutine function is followed from it


class DroppedCall(NamedTuple):
    """A call whose result is dropped (a bare statement, or a local never used again): a candidate
    AIO505 finding when the callee turns out to be a coroutine function of another file."""

    target: str         # qualified name of the callee
    ordinal: int
    text: str           # the callee as written
    in_coroutine: bool  # made in an ``async def``


class ModuleSummary(NamedTuple):
    version: int
    module: str
    crc: int                                  # crc32 of the file's bytes
    functions: dict[str, FunctionSummary]     # qualified name -> summary of a sync function
    sites: tuple[CallSite, ...]
    aliases: dict[str, str]                   # "pkg.mod.local" -> "pkg.other.name"
    coroutines: frozenset[str] = frozenset()  # qualified names of its coroutine functions
    dropped: tuple[DroppedCall, ...] = ()
    classes: dict[str, tuple[str, ...]] = {}  # class -> its bases' qualified names
    attributes: dict[str, str] = {}           # "pkg.mod.Class.attr" -> the class of its value
    star_imports: tuple[str, ...] = ()        # modules this one imports ``*`` from
