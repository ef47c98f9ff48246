"""A stall listener that logs: one record per stall, for services that keep the sampler on."""

from __future__ import annotations

import logging
import os
from typing import Optional, Union

from .model import Stall
from .report import cause_text, shares_text

LOGGER = "asyncio_lint.stalls"


class StallLogger:
    """``Sampler.add_listener(StallLogger())``: a WARNING per code stall (with the lines that held
    it), an INFO per stall the machine caused. The record carries ``stall`` for handlers that
    want the data (e.g. a JSON log formatter)."""

    def __init__(self, logger: Union[logging.Logger, str, None] = None, root: Optional[str] = None) -> None:
        self.logger = logger if isinstance(logger, logging.Logger) else logging.getLogger(logger or LOGGER)
        self.root = root or os.getcwd()

    def __call__(self, stall: Stall) -> None:
        where = f" in {stall.context}" if stall.context else ""
        if stall.is_code:
            self.logger.warning(
                "event loop stalled%s (%s thread): %s", where, stall.thread, shares_text(stall, self.root),
                extra={"stall": stall},
            )
        else:
            self.logger.info(
                "event loop late by %.0f ms%s, not the code's: %s", stall.duration_ms, where, cause_text(stall),
                extra={"stall": stall},
            )
