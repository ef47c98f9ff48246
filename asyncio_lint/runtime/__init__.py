"""Runtime stall sampler: proves what the static rules guess.

Import cheaply: the public names are loaded on first use, so the pytest plugin (which imports
this package at every pytest start) costs nothing unless ``--asyncio-stalls`` is given.

    from asyncio_lint.runtime import sampling

    with sampling(threshold=0.1) as sampler:
        asyncio.run(main())
    for stall in sampler.stalls: ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .sampler import Sampler, Stall, install, parse_threshold, sampling
    from .stacks import Frame

__all__ = ["Frame", "Sampler", "Stall", "install", "parse_threshold", "sampling"]


def __getattr__(name: str) -> Any:
    if name == "Frame":
        from .stacks import Frame

        return Frame
    if name in __all__:
        from . import sampler

        return getattr(sampler, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
