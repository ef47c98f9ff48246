"""The sampler: watches event loops and collects :class:`~.model.Stall` records.

It puts the layers together: :mod:`.attach` tells it when loops start and stop, a signal
:mod:`.ticker` (loops in the main thread, Linux) or the :mod:`.watchdog` thread (other loops)
looks at each loop's stack, and one :class:`~.detect.LoopDetector` per loop turns the looks into
stalls. How a stall is found and timed is :mod:`.detect`'s docstring.

Use :func:`sampling` (every loop run inside the block) or :func:`install` (one loop).
"""

from __future__ import annotations

import sys
import threading
import time
import weakref
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional

from . import attach, ticker
from .detect import CALM, SOON, LoopDetector
from .model import (
    DEFAULT_MAX_SAMPLES, DEFAULT_THRESHOLD, METHODS, Frame, LineShare, Stall, default_interval, parse_threshold,
)
from .watchdog import Watchdog

__all__ = [
    "DEFAULT_THRESHOLD", "Frame", "LineShare", "Sampler", "Stall", "install", "parse_threshold", "sampling",
]

_monotonic = time.monotonic
StallListener = Callable[[Stall], None]


class _Watch:
    """One running loop: where it runs, how it is looked at, its detector."""

    __slots__ = ("loop", "thread_id", "ticked", "detector", "end", "beat", "pending")

    def __init__(self, loop: Any, thread_id: int) -> None:
        self.loop = loop
        self.thread_id = thread_id
        self.ticked = False
        self.detector: Any = None
        self.end: Optional[attach.EndOfStep] = None
        self.beat: Optional[attach.TimerBeat] = None
        self.pending: list[Stall] = []


class Sampler:
    """Watches event loops and collects :class:`Stall` records in :attr:`stalls`.

    ``all_loops=True`` watches every loop that starts running while the sampler is open (any
    thread, ``asyncio.run``, ``asyncio.Runner``, hand-made loops, uvloop); otherwise only the
    loops given to :meth:`install`. ``on_stall`` (and every :meth:`add_listener` callable) is
    called in the loop's thread for each stall, code stalls and starvation alike
    (``stall.is_code`` tells them apart).
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        *,
        interval: Optional[float] = None,
        all_loops: bool = False,
        max_samples: int = DEFAULT_MAX_SAMPLES,
        on_stall: Optional[StallListener] = None,
        method: str = "auto",
    ) -> None:
        if not threshold > 0:
            raise ValueError("threshold must be greater than zero")
        if method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
        #: ``auto``: signal ticks for loops in the main thread where available, else the thread;
        #: ``thread``: always the watchdog thread.
        self.method = method
        self.threshold = float(threshold)
        self.interval = float(interval) if interval else default_interval(self.threshold)
        self.all_loops = all_loops
        self.max_samples = max_samples
        self.on_stall = on_stall
        self.stalls: list[Stall] = []
        #: Tag stored on each stall (the pytest plugin sets the current test's node id).
        self.context: Optional[str] = None
        self.wall_offset = time.time() - _monotonic()
        self._listeners: list[StallListener] = []
        self._on_close: list[Callable[[], None]] = []
        self._lock = threading.Lock()
        self._watches: dict[int, _Watch] = {}
        self._wanted: "weakref.WeakSet[Any]" = weakref.WeakSet()
        self._watchdog = Watchdog(self._look)
        self._in_tick = False
        self._open = False
        self._closed = False
        self.set_threshold(self.threshold)

    def set_threshold(self, threshold: float) -> None:
        """Change the threshold of a running sampler (the sampling period stays as it was)."""
        if not threshold > 0:
            raise ValueError("threshold must be greater than zero")
        self.threshold = float(threshold)
        # Between long steps loops are looked at every ``_calm`` (ticks, short steps),
        # ``_idle`` (ticks, waiting in the selector) or ``_check_every`` (watchdog): all under
        # one threshold, so a step of one threshold is always seen while it runs.
        self._calm = max(min(self.threshold / 2, 4 * self.interval), self.interval)
        self._idle = max(0.9 * self.threshold, self._calm)
        self._check_every = max(self.threshold - self.interval, self.interval)

    # -- listeners -------------------------------------------------------------------------------

    def add_listener(self, listener: StallListener) -> None:
        """Also call ``listener(stall)`` for each stall (after ``on_stall``)."""
        self._listeners.append(listener)

    def add_close_callback(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` once the sampler has closed (its last stalls delivered)."""
        self._on_close.append(callback)

    def remove_listener(self, listener: StallListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _deliver(self, stall: Stall) -> None:
        self.stalls.append(stall)
        for listener in (self.on_stall, *self._listeners):
            if listener is None:
                continue
            try:
                listener(stall)
            except Exception:  # a reporting hook must never break the program
                pass

    def _drain(self, watch: _Watch) -> None:
        with self._lock:
            pending, watch.pending = watch.pending, []
        for stall in pending:
            self._deliver(stall)

    def _emit(self, watch: _Watch, stall: Stall) -> None:
        """A detector finished a stall: deliver it in the loop's thread, never inside a tick."""
        if threading.get_ident() == watch.thread_id and not self._in_tick:
            self._drain(watch)
            self._deliver(stall)
            return
        with self._lock:
            watch.pending.append(stall)
        try:
            watch.loop.call_soon_threadsafe(self._drain, watch)
        except RuntimeError:  # the loop is closed: it will not run it
            if threading.get_ident() == watch.thread_id or not watch.loop.is_running():
                self._drain(watch)

    # -- lifecycle -------------------------------------------------------------------------------

    def start(self) -> "Sampler":
        if self._closed:
            raise RuntimeError("a closed Sampler cannot be restarted")
        if not self._open:
            self._open = True
            attach.register(self)
        return self

    def close(self) -> None:
        """Stop watching (a loop running in this thread is checked one last time)."""
        if not self._open:
            self._closed = True
            return
        attach.unregister(self)
        running = attach.running_loop()
        if running is not None:
            self.loop_stopped(running)
        self.flush()
        with self._lock:
            self._closed = True
            self._open = False
            watches = list(self._watches.values())
            self._watches.clear()
        ticker.unsubscribe(id(self))
        for watch in watches:
            self._stop_watch(watch)
            self._drain(watch)
        self._watchdog.stop()
        callbacks, self._on_close = self._on_close, []
        for callback in callbacks:
            try:
                callback()
            except Exception:
                pass

    def flush(self) -> None:
        """Record the stalls in progress now (their end is now): for a program being stopped."""
        now = _monotonic()
        for watch in tuple(self._watches.values()):
            watch.detector.flush(now)
            if threading.get_ident() == watch.thread_id or not watch.loop.is_running():
                self._drain(watch)

    def __enter__(self) -> "Sampler":
        self.start()
        if self.all_loops:
            running = attach.running_loop()
            if running is not None:
                self.loop_started(running)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- which loops -----------------------------------------------------------------------------

    def install(self, loop: Any) -> None:
        """Watch ``loop``: now if it runs in this thread, else as soon as it (next) runs."""
        self.start()
        self._wanted.add(loop)
        if loop.is_running():
            thread_id = getattr(loop, "_thread_id", None)
            if thread_id is None or thread_id == threading.get_ident():
                self.loop_started(loop)
            else:
                loop.call_soon_threadsafe(self.loop_started, loop)

    def uninstall(self, loop: Any) -> None:
        self._wanted.discard(loop)
        with self._lock:
            watch = self._watches.pop(id(loop), None)
        if watch is not None:
            self._stop_watch(watch)

    def loop_started(self, loop: Any) -> None:
        """(:class:`.attach.LoopListener`) ``loop`` starts running in this thread."""
        if not self._open or not (self.all_loops or loop in self._wanted):
            return
        with self._lock:
            if id(loop) in self._watches:
                return
            watch = _Watch(loop, threading.get_ident())
            self._watches[id(loop)] = watch
        readable = attach.steps_readable(loop)
        watch.end = attach.EndOfStep(loop, lambda at: watch.detector.step_ended(at)) if readable else None
        ticked = (
            self.method != "thread"
            and threading.current_thread() is threading.main_thread()
            and ticker.subscribe(id(self), self.interval, self._tick)
        )
        watch.ticked = bool(ticked)
        end = watch.end
        watch.detector = LoopDetector(
            self, threading.current_thread().name, threading.get_native_id(),
            arm_end=end.arm if end is not None else (lambda: False),
            emit=lambda stall: self._emit(watch, stall),
            measure_gil=watch.ticked,
            beat_mode=not readable,
        )
        if not readable:
            watch.beat = attach.TimerBeat(loop, self.interval, watch.detector.beat)
            watch.beat.start()
        if not watch.ticked:
            self._watchdog.wake()

    def loop_stopped(self, loop: Any) -> None:
        """(:class:`.attach.LoopListener`) ``loop`` stopped: a step still open ends now."""
        with self._lock:
            watch = self._watches.pop(id(loop), None)
            ticked = any(other.ticked for other in self._watches.values())
        if watch is None:
            return
        if watch.ticked and not ticked:
            ticker.unsubscribe(id(self))
        self._stop_watch(watch)
        watch.detector.stopped(_monotonic())
        self._drain(watch)

    def _stop_watch(self, watch: _Watch) -> None:
        if watch.beat is not None:
            watch.beat.stop()
        if watch.end is not None:
            watch.end.disarm()

    # -- looking -----------------------------------------------------------------------------------

    def _tick(self, frame: Any, late: float) -> float:
        """A signal tick (main thread, between two bytecodes; ``frame`` is where it stopped).
        Returns the period until the next one."""
        self._in_tick = True
        try:
            heat = 0
            now = _monotonic()
            for watch in tuple(self._watches.values()):
                if watch.ticked and watch.detector is not None:
                    heat = max(heat, watch.detector.observe(frame, now, late, blocking=False))
            return self.interval if heat >= SOON else self._calm if heat >= CALM else self._idle
        finally:
            self._in_tick = False

    def _look(self) -> Optional[float]:
        """One watchdog round over the loops it watches; the delay until the next one."""
        watches = [watch for watch in tuple(self._watches.values()) if not watch.ticked and watch.detector]
        if not watches:
            return None if self._open else 0.0
        frames = sys._current_frames()
        now = _monotonic()
        heat = 0
        for watch in watches:
            heat = max(heat, watch.detector.observe(frames.get(watch.thread_id), now))
        del frames
        return self.interval if heat >= SOON else self._check_every


@contextmanager
def sampling(threshold: float = DEFAULT_THRESHOLD, **options: Any) -> Iterator[Sampler]:
    """Watch every event loop that runs inside the block (and the one running now, if any)."""
    sampler = Sampler(threshold, all_loops=True, **options)
    with sampler:
        yield sampler


def install(loop: Any, threshold: float = DEFAULT_THRESHOLD, **options: Any) -> Sampler:
    """Watch one loop; call ``close()`` on the returned sampler to stop."""
    sampler = Sampler(threshold, **options)
    sampler.install(loop)
    return sampler
