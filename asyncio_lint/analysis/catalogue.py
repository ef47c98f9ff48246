"""The catalogues in force for one configuration: built-in tables plus the user's extensions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping

from asyncio_lint.analysis.blocking import BLOCKING_CALLS, Blocking
from asyncio_lint.analysis.types_table import ATTRIBUTES, RETURNS

if TYPE_CHECKING:
    from asyncio_lint.config import Config


@dataclass(frozen=True)
class Catalogue:
    blocking: Mapping[str, Blocking]
    returns: Mapping[str, str]
    attributes: Mapping[str, str]


@lru_cache(maxsize=8)
def catalogue_for(config: "Config") -> Catalogue:
    blocking = dict(BLOCKING_CALLS)
    for name, kind in config.extend_blocking_calls:
        blocking[name] = Blocking(kind)
    return Catalogue(blocking=blocking, returns=RETURNS, attributes=ATTRIBUTES)
