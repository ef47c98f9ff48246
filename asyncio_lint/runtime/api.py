"""The in-process API for services that keep the sampler on.

    import asyncio_lint.runtime as stalls

    async def main():
        stalls.install(threshold=0.1, log=True, report="/var/log/app/stalls.jsonl")
        ...

Every stall goes to ``on_stall`` (in the loop's thread), to the ``asyncio_lint.stalls`` logger
with ``log=True`` (or to the given logger), and to ``report`` (JSON lines by default, one line
per stall as it happens). The report is finished when the sampler is closed, at normal exit, and
on ``SIGTERM`` (then the signal's previous handling follows: the program's own handler, or the
default action, so the exit status is the one the program would have had).
"""

from __future__ import annotations

import atexit
import logging
import signal
import threading
from typing import Any, Callable, Optional, Union

from .logs import StallLogger
from .model import DEFAULT_THRESHOLD, Stall
from .sampler import Sampler
from .sink import ReportSink, finish_on_termination


def install(
    loop: Any = None,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    on_stall: Optional[Callable[[Stall], None]] = None,
    log: Union[bool, str, logging.Logger] = False,
    report: Optional[str] = None,
    report_format: str = "jsonl",
    **options: Any,
) -> Sampler:
    """Watch ``loop`` (default: the running loop; with none running, every loop from now on).

    ``threshold`` in seconds. Returns the :class:`Sampler`; ``close()`` it to stop. Other
    keyword arguments go to :class:`Sampler` (``method``, ``interval``, ``max_samples``).
    """
    if loop is None:
        from .attach import running_loop

        loop = running_loop()
    sampler = Sampler(threshold, all_loops=loop is None, on_stall=on_stall, **options)
    if log:
        sampler.add_listener(StallLogger(None if log is True else log))  # type: ignore[arg-type]
    if report is not None:
        sink = ReportSink(report, report_format, sampler.threshold).open()
        sampler.add_listener(sink.add)

        def finish() -> None:
            sampler.flush()
            sink.finish()

        sampler.add_close_callback(sink.finish)
        atexit.register(finish)
        if threading.current_thread() is threading.main_thread():
            termination = finish_on_termination(finish, (signal.SIGTERM,))
            termination.__enter__()
            sampler.add_close_callback(lambda: None if termination.__exit__(None, None, None) else None)
    if loop is None:
        sampler.start()
    else:
        sampler.install(loop)
    return sampler
