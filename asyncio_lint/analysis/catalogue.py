"""The catalogues in force for one configuration: built-in tables plus the user's extensions."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Mapping

import libcst as cst

from asyncio_lint.analysis.blocking import BLOCKING_CALLS, Blocking, argument, literal_value
from asyncio_lint.analysis.types_table import ARGUMENT_RETURNS, ATTRIBUTES, RETURNS

if TYPE_CHECKING:
    from asyncio_lint.config import Config


@dataclass(frozen=True)
class Catalogue:
    blocking: Mapping[str, Blocking]
    returns: Mapping[str, str]
    attributes: Mapping[str, str]

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
    return Catalogue(blocking=blocking, returns=RETURNS, attributes=ATTRIBUTES)
