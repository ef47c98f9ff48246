"""The catalogue's sections, one :class:`~asyncio_lint.analysis.data.library.Library` each, in the
order the docs list them (docs/catalogue.md is generated from them)."""

from __future__ import annotations

from asyncio_lint.analysis.data.libraries import cloud, databases, dataframes, http, messaging, sdks, stdlib
from asyncio_lint.analysis.data.library import Library

LIBRARIES: tuple[Library, ...] = (
    *stdlib.LIBRARIES, *http.LIBRARIES, *cloud.LIBRARIES, *sdks.LIBRARIES, *databases.LIBRARIES,
    *messaging.LIBRARIES, *dataframes.LIBRARIES,
)
