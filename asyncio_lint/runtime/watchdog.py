"""A watchdog thread, for loops that signal ticks cannot watch (other threads, not Linux,
``method="thread"``).

It needs the GIL to look at a loop thread's stack, and each look takes the GIL from the loops
for a moment (a bare Python thread waking 12 times a second made a saturated loop 3-16% slower,
``benchmarks/bench_sampler.py``), so it looks rarely until a loop is in a long step, and then
every ``interval``. What to look at and when to look again is its client's business.
"""

from __future__ import annotations

import threading
from typing import Callable, Optional

NAME = "asyncio-lint-stall-watchdog"


class Watchdog:
    """Calls ``look()`` in a daemon thread; ``look`` returns the seconds until the next look
    (None: nothing to watch, wait until :meth:`wake`)."""

    def __init__(self, look: Callable[[], Optional[float]]) -> None:
        self.look = look
        self.cond = threading.Condition()
        self.thread: Optional[threading.Thread] = None
        self.stopped = False

    def wake(self) -> None:
        """Start the thread if needed, and have it look now."""
        with self.cond:
            if self.stopped:
                return
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name=NAME, daemon=True)
                self.thread.start()
            self.cond.notify_all()

    def stop(self, join: float = 1.0) -> None:
        with self.cond:
            self.stopped = True
            self.cond.notify_all()
        thread = self.thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=join)

    def _run(self) -> None:
        while True:
            try:
                delay = self.look()
            except Exception:  # the sampler must never break the program
                delay = 0.1
            with self.cond:
                if self.stopped:
                    return
                if delay is None:
                    self.cond.wait()
                elif delay > 0:
                    self.cond.wait(delay)
                if self.stopped:
                    return
