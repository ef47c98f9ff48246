"""Runtime stall sampler: proves what the static rules guess.

Import cheaply: the public names are loaded on first use, so the pytest plugin (which imports
this package at every pytest start) costs nothing unless stalls are asked for.

    from asyncio_lint.runtime import sampling

    with sampling(threshold=0.1) as sampler:
        asyncio.run(main())
    for stall in sampler.stalls: ...

    asyncio_lint.runtime.install(loop, threshold=0.1, on_stall=..., log=True, report="stalls.jsonl")

Layers, each importing only from those below it: ``model`` (values); ``stacks``, ``causes``
(frames and their attribution, scheduler statistics); ``detect`` (idle and stall detection);
``attach``, ``ticker``, ``watchdog`` (watchers); ``sampler`` (puts them together); ``report``,
then ``sink``, ``logs``, ``confirm`` (reports); ``api``, ``run``, ``cli``, ``pytest_plugin``
(front ends).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import install
    from .logs import StallLogger
    from .model import Frame, LineShare, Stall, parse_threshold
    from .sampler import Sampler, sampling

__all__ = ["Frame", "LineShare", "Sampler", "Stall", "StallLogger", "install", "parse_threshold", "sampling"]

_HOMES = {
    "Frame": "model", "LineShare": "model", "Stall": "model", "parse_threshold": "model",
    "Sampler": "sampler", "sampling": "sampler", "install": "api", "StallLogger": "logs",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
