"""The catalogues in force for one configuration: the built-in tables (``analysis/data/``) plus the
user's extensions, built once per configuration by :func:`catalogue_for`.

Every analysis reads them from ``context.catalogue``: blocking calls (AIO1xx), CPU-bound calls
(AIO2xx), what calls return and attributes hold (the resolver's types), offloading functions
(AIO501) and callback registrars (AIO4xx).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping, NamedTuple

import libcst as cst

from asyncio_lint.analysis.data.blocking import BLOCKING_CALLS, Blocking
from asyncio_lint.analysis.data.cpu import CPU_BOUND_CALLS, CpuBound
from asyncio_lint.analysis.data.loops import OFFLOAD_DECORATORS, OFFLOAD_FUNCTIONS, Slot
from asyncio_lint.analysis.data.tasks import REGISTRARS
from asyncio_lint.analysis.data.types import ARGUMENT_RETURNS, ATTRIBUTES, RETURNS
from asyncio_lint.analysis.syntax import argument, literal_value

if TYPE_CHECKING:
    from asyncio_lint.config import Config


class Registrars(NamedTuple):
    methods: Mapping[str, int]                          # ``x.NAME(...)``: built-ins and bare user names
    functions: Mapping[str, int]                        # ``NAME(...)``: bare user names
    dotted: Mapping[str, tuple[tuple[str, int], ...]]   # last component -> (qualified name, index)


@dataclass(frozen=True)
class Catalogue:
    blocking: Mapping[str, Blocking]
    cpu: Mapping[str, CpuBound]
    returns: Mapping[str, str]
    attributes: Mapping[str, str]
    offload: Mapping[str, Slot]       # functions that run a sync callable in a worker thread
    offload_names: frozenset[str]     # their last components (a cheap pre-test)
    registrars: Registrars
    cpu_roots: frozenset[str]         # the top-level modules the CPU catalogue's names start with
    # decorators that run a sync function in a worker (the keyword they need for it, or None)
    offload_decorators: Mapping[str, tuple[str, object] | None]

    def returns_for(self, name: str, call: "cst.Call") -> str | None:
        """The class of what ``call`` (of the callable ``name``) returns, arguments considered."""
        special = ARGUMENT_RETURNS.get(name)
        if special is not None:
            keyword, position, literal, cls = special
            value = argument(call, keyword, position)
            if value is not None and literal_value(value) == literal:
                return cls
        return self.returns.get(name)


@lru_cache(maxsize=8)
def catalogue_for(config: "Config") -> Catalogue:
    blocking = dict(BLOCKING_CALLS)
    for name, kind in config.extend_blocking_calls:
        blocking[name] = Blocking(kind)
    cpu = dict(CPU_BOUND_CALLS)
    for name, fix in config.extend_cpu_bound_calls:
        cpu[name] = CpuBound("declared CPU-bound in extend-cpu-bound-calls", fix)
    offload = dict(OFFLOAD_FUNCTIONS)
    for name, index in config.extend_offload_functions:
        offload[name] = (index, "")
    decorators = dict(OFFLOAD_DECORATORS)
    decorators.update((name, None) for name in config.offload_decorators)
    return Catalogue(
        blocking=blocking, cpu=cpu, returns=RETURNS, attributes=ATTRIBUTES, offload=offload,
        offload_names=frozenset(name.rsplit(".", 1)[1] for name in offload),
        registrars=_registrars(config), cpu_roots=frozenset(name.split(".", 1)[0] for name in cpu),
        offload_decorators=decorators)


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
