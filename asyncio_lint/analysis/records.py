"""The per-file summary of the helper-chain analysis, as plain typed records.

The summary collector (analysis/summary.py) fills them in the engine's walk; the cache pickles them
with each file's result; the call graph (analysis/graph.py) and the project phase read them. Light
on purpose (no libcst): a run whose results all come from the cache never loads the parser.
"""

from __future__ import annotations

from typing import NamedTuple

SUMMARY_VERSION = 3


class CatalogueCall(NamedTuple):
    """A call of a catalogue function made by a sync function."""

    family: str     # "AIO1" blocking, "AIO2" CPU-bound
    name: str       # its qualified name: "time.sleep", "builtins.open"
    ordinal: int    # the n-th Call of the engine's walk of the file
    fix: str        # AIO2: the offloading advice, with "{func}" for the caller's call


class FunctionSummary(NamedTuple):
    display: str                           # how a chain names it: "load_settings", "Client.fetch"
    lazy: bool                             # a generator function (calling it runs none of its body), or a
                                           # cached one without parameters (its body runs once per process)
    catalogue: tuple[CatalogueCall, ...]   # catalogue calls it makes itself
    calls: tuple[str, ...]                 # qualified names of the project callables it calls


class CallSite(NamedTuple):
    """A coroutine's call of a project callable (a candidate AIO120/AIO220 finding)."""

    coroutine: str  # qualified name of the coroutine
    target: str     # qualified name of the callee
    ordinal: int
    text: str       # the callee as written: "load_settings", "self.load", "u.load_settings"


class ModuleSummary(NamedTuple):
    version: int
    module: str
    crc: int                                  # crc32 of the file's bytes
    functions: dict[str, FunctionSummary]     # qualified name -> summary of a sync function
    sites: tuple[CallSite, ...]
    aliases: dict[str, str]                   # "pkg.mod.local" -> "pkg.other.name"
