"""Writing a report while the program runs, and finishing it when the program is stopped.

:class:`ReportSink` keeps a report on disk current: a JSON lines file gets one line per stall as
it happens (and its header at once, so even a killed program leaves a valid report); the other
formats are rewritten (atomically: a temporary file, then a rename) at most every
``rewrite_every`` seconds and once more at the end.

:func:`finish_on_termination` makes ``SIGTERM`` (how docker, systemd and Kubernetes stop a
service) finish the report first, then does what the signal would have done: the handler that
was there before is called, or the default action (the process ends by the signal, so its exit
status says so). ``SIGINT`` needs nothing: it raises ``KeyboardInterrupt``, which unwinds
through the normal exit path.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import IO, Any, Callable, Iterator, Optional

from asyncio_lint.filewrite import replace_file

from .model import Stall
from .report import header, render, stall_to_json

STREAM = "-"


class ReportSink:
    """A report in ``fmt`` at ``path`` (or on ``stream`` when ``path`` is None: written at the end)."""

    def __init__(
        self, path: Optional[str], fmt: str, threshold: float, stream: Optional[IO[str]] = None,
        rewrite_every: float = 1.0,
    ) -> None:
        self.path = path
        self.fmt = fmt
        self.threshold = threshold
        self.stream = stream
        self.rewrite_every = rewrite_every
        self.stalls: list[Stall] = []
        self._lock = threading.RLock()
        self._written_at = 0.0
        self._dirty = False
        self._finished = False
        self._handle: Optional[IO[str]] = None

    def open(self) -> "ReportSink":
        """Write the empty report now (so there is a valid one whatever happens next)."""
        if self.path is None:
            return self
        with self._lock:
            if self.fmt == "jsonl":
                self._handle = open(self.path, "w", encoding="utf-8")
                self._handle.write(json.dumps(header(self.threshold, "jsonl")) + "\n")
                self._handle.flush()
            else:
                self._rewrite()
        return self

    def add(self, stall: Stall) -> None:
        """A stall listener: keep the report on disk up to date."""
        with self._lock:
            if self._finished:
                return
            self.stalls.append(stall)
            if self.path is None:
                return
            if self._handle is not None:
                self._handle.write(json.dumps(stall_to_json(stall)) + "\n")
                self._handle.flush()
            elif time.monotonic() - self._written_at >= self.rewrite_every:
                self._rewrite()
            else:
                self._dirty = True

    def finish(self) -> None:
        """Write the final report (once; later calls do nothing)."""
        with self._lock:
            if self._finished:
                return
            self._finished = True
            if self._handle is not None:
                self._handle.close()
                self._handle = None
            elif self.path is not None:
                self._rewrite()
            elif self.stream is not None:
                try:
                    self.stream.write(render(self.stalls, self.threshold, self.fmt))
                    self.stream.flush()
                except (ValueError, OSError):  # the program closed the stream: nowhere to report
                    pass

    def _rewrite(self) -> None:
        assert self.path is not None
        replace_file(self.path, render(self.stalls, self.threshold, self.fmt).encode("utf-8"))
        self._written_at = time.monotonic()
        self._dirty = False


@contextmanager
def finish_on_termination(finish: Callable[[], None], signals: tuple[int, ...] = (signal.SIGTERM,)) -> Iterator[None]:
    """While inside, each of ``signals`` first calls ``finish()``, then gets its previous
    handling (the program's handler, or the default action). Main thread only; elsewhere
    (where handlers cannot be set) it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved: dict[int, Any] = {}

    def handler(signum: int, frame: object) -> None:
        try:
            finish()
        except Exception:
            pass
        previous = saved.get(signum, signal.SIG_DFL)
        if callable(previous):
            previous(signum, frame)
            return
        if previous == signal.SIG_IGN:
            return
        # The default action: end the process by this very signal (exit status -signum / 128+n).
        signal.signal(signum, signal.SIG_DFL)
        sys.stdout.flush()
        os.kill(os.getpid(), signum)

    for signum in signals:
        try:
            previous = signal.getsignal(signum)
            if previous == signal.SIG_IGN:
                continue  # the program (or its parent) chose to ignore it
            signal.signal(signum, handler)
            saved[signum] = previous if previous is not None else signal.SIG_DFL
        except (ValueError, OSError):
            continue
    try:
        yield
    finally:
        for signum, previous in saved.items():
            try:
                if signal.getsignal(signum) is handler:
                    signal.signal(signum, previous)  # type: ignore[arg-type]
            except (ValueError, OSError, TypeError):
                pass
