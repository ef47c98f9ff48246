"""The stall sampler: a heartbeat on each event loop and one watchdog thread.

How it works, and why it is cheap:

* **Heartbeat.** On every watched loop a timer callback (``_Watch.beat``) re-arms itself every
  ``interval`` seconds (a tenth of the threshold, 1-50 ms). It stores ``time.monotonic()``; when
  the gap since the previous beat is at least ``threshold + interval / 2`` the loop was away: it
  records a stall. The loop pays one timer callback per interval and nothing per callback or per
  iteration, so throughput is unchanged for practical purposes (see ``benchmarks/bench_sampler.py``).
* **Watchdog.** One daemon thread per ``Sampler`` sleeps until a loop's heartbeat is half a
  threshold overdue; from then until the beat comes back it samples the loop thread's stack with
  ``sys._current_frames()`` every ``interval``. The samples of an absence that turns out to be a
  stall become the stall's stacks; the innermost frame in the user's code is its blocking frame.
* **Duration.** The loop left somewhere between its last beat ``L`` and the moment the next one
  was due, ``L + interval``; it came back when the late beat ran at ``E``. The estimate
  ``E - L - interval / 2`` is within ``interval / 2`` of the truth (5 ms at the default 100 ms).

Use :func:`sampling` (every loop run inside the block) or :func:`install` (one loop).
"""

from __future__ import annotations

import contextvars
import re
import sys
import threading
import time
import weakref
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from .stacks import Frame, Stack, blocking_frame, extract_stack

DEFAULT_THRESHOLD = 0.1
DEFAULT_MAX_SAMPLES = 1000

_monotonic = time.monotonic
_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s)?\s*$", re.IGNORECASE)


def parse_threshold(value: str | float | int) -> float:
    """``"100ms"``, ``"0.1s"`` or ``"100"`` (milliseconds) -> seconds. Raises ``ValueError``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value) / 1000.0
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(
                f"invalid threshold {value!r}: use milliseconds or seconds, e.g. 100ms, 0.1s or 100"
            )
        number = float(match.group(1))
        seconds = number if (match.group(2) or "ms").lower() == "s" else number / 1000.0
    if not seconds > 0:
        raise ValueError(f"invalid threshold {value!r}: it must be greater than zero")
    return seconds


def default_interval(threshold: float) -> float:
    """Heartbeat and sampling period for a threshold: a tenth of it, between 1 and 50 ms."""
    return min(max(threshold / 10.0, 0.001), 0.05)


@dataclass
class Stall:
    """One time the loop did not come back within the threshold."""

    start: float  # wall-clock time (seconds since the epoch) the loop left
    duration_ms: float
    blocking_frame: Frame | None
    stacks: list[Stack] = field(default_factory=list)
    thread: str = ""
    context: str | None = None  # e.g. the pytest node id the stall happened in


class _Watch:
    """The state of one running loop: its heartbeat and the samples of its current absence."""

    __slots__ = (
        "sampler", "loop", "thread_id", "thread_name", "interval", "limit", "last",
        "handle", "active", "samples", "sample_key", "ctx", "__weakref__",
    )

    def __init__(self, sampler: "Sampler", loop: Any, thread_id: int, thread_name: str) -> None:
        self.sampler = sampler
        self.loop = loop
        self.thread_id = thread_id
        self.thread_name = thread_name
        self.interval = sampler.interval
        self.limit = sampler.threshold + sampler.interval / 2
        self.last = _monotonic()
        self.handle: Any = None
        self.active = True
        self.samples: list[Stack] = []
        self.sample_key: float | None = None
        self.ctx = contextvars.Context()

    def arm(self) -> None:
        self.handle = self.loop.call_later(self.interval, self.beat, context=self.ctx)

    def beat(self) -> None:
        now = _monotonic()
        last = self.last
        self.last = now
        if now - last >= self.limit:
            self.sampler._record(self, last, now)
        if self.active:
            self.handle = self.loop.call_later(self.interval, self.beat, context=self.ctx)


class Sampler:
    """Watches event loops and collects :class:`Stall` records in :attr:`stalls`.

    ``all_loops=True`` watches every loop that starts running while the sampler is open (any
    thread, ``asyncio.run``, ``asyncio.Runner``, hand-made loops, uvloop); otherwise only the
    loops given to :meth:`install`. ``on_stall`` is called (in the loop's thread) per stall.
    """

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        *,
        interval: float | None = None,
        all_loops: bool = False,
        max_samples: int = DEFAULT_MAX_SAMPLES,
        on_stall: Callable[[Stall], None] | None = None,
    ) -> None:
        if not threshold > 0:
            raise ValueError("threshold must be greater than zero")
        self.threshold = float(threshold)
        self.interval = float(interval) if interval else default_interval(self.threshold)
        self.all_loops = all_loops
        self.max_samples = max_samples
        self.on_stall = on_stall
        self.stalls: list[Stall] = []
        #: Tag stored on each stall (the pytest plugin sets the current test's node id).
        self.context: str | None = None
        self._sample_after = max(self.threshold / 2, self.interval * 1.5)
        self._wall_offset = time.time() - _monotonic()
        self._cond = threading.Condition()
        self._watches: dict[int, _Watch] = {}
        self._wanted: "weakref.WeakSet[Any]" = weakref.WeakSet()
        self._thread: threading.Thread | None = None
        self._open = False
        self._closed = False

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> "Sampler":
        from . import attach

        if self._closed:
            raise RuntimeError("a closed Sampler cannot be restarted")
        if not self._open:
            self._open = True
            attach.register(self)
        return self

    def close(self) -> None:
        """Stop watching (a loop running in this thread is checked one last time)."""
        from . import attach

        if not self._open:
            self._closed = True
            return
        attach.unregister(self)
        running = _running_loop()
        if running is not None:
            self._loop_stopped(running)
        with self._cond:
            self._closed = True
            self._open = False
            watches = list(self._watches.values())
            self._watches.clear()
            self._cond.notify_all()
        for watch in watches:
            _stop_watch(watch)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=1.0)

    def __enter__(self) -> "Sampler":
        self.start()
        if self.all_loops:
            running = _running_loop()
            if running is not None:
                self._loop_started(running)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- which loops ---------------------------------------------------------------------------

    def install(self, loop: Any) -> None:
        """Watch ``loop``: now if it runs in this thread, else as soon as it (next) runs."""
        self.start()
        self._wanted.add(loop)
        if loop.is_running():
            thread_id = getattr(loop, "_thread_id", None)
            if thread_id is None or thread_id == threading.get_ident():
                self._loop_started(loop)
            else:
                loop.call_soon_threadsafe(self._loop_started, loop)

    def uninstall(self, loop: Any) -> None:
        self._wanted.discard(loop)
        with self._cond:
            watch = self._watches.pop(id(loop), None)
        if watch is not None:
            _stop_watch(watch)

    def _loop_started(self, loop: Any) -> None:
        """Called in the loop's thread when it starts running."""
        if not self._open or not (self.all_loops or loop in self._wanted):
            return
        thread = threading.current_thread()
        with self._cond:
            if id(loop) in self._watches:
                return
            watch = _Watch(self, loop, threading.get_ident(), thread.name)
            self._watches[id(loop)] = watch
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._watchdog, name="asyncio-lint-stall-watchdog", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()
        watch.arm()

    def _loop_stopped(self, loop: Any) -> None:
        """Called in the loop's thread when it stops running: an absence up to now counts too."""
        with self._cond:
            watch = self._watches.pop(id(loop), None)
        if watch is None:
            return
        _stop_watch(watch)
        now = _monotonic()
        if now - watch.last >= watch.limit:
            self._record(watch, watch.last, now)

    # -- stalls ----------------------------------------------------------------------------------

    def _record(self, watch: _Watch, last: float, now: float) -> None:
        with self._cond:
            samples = watch.samples if watch.sample_key == last else []
            watch.samples = []
            watch.sample_key = None
        half = watch.interval / 2
        stall = Stall(
            start=last + half + self._wall_offset,
            duration_ms=(now - last - half) * 1000.0,
            blocking_frame=blocking_frame(samples),
            stacks=samples,
            thread=watch.thread_name,
            context=self.context,
        )
        self.stalls.append(stall)
        if self.on_stall is not None:
            try:
                self.on_stall(stall)
            except Exception:  # a reporting hook must never break the program
                pass

    def _watchdog(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                if not self._watches:
                    self._cond.wait()
                    continue
                watches = list(self._watches.values())
            now = _monotonic()
            wake = now + self._sample_after
            frames: dict[int, Any] | None = None
            for watch in watches:
                last = watch.last
                if now - last < self._sample_after:
                    wake = min(wake, last + self._sample_after)
                    continue
                wake = min(wake, now + self.interval)
                if frames is None:
                    frames = sys._current_frames()
                stack = extract_stack(frames.get(watch.thread_id))
                with self._cond:
                    if watch.active and watch.last == last:
                        if watch.sample_key != last:
                            watch.samples = []
                            watch.sample_key = last
                        if len(watch.samples) < self.max_samples:
                            watch.samples.append(stack)
            frames = None
            delay = wake - _monotonic()
            if delay > 0:
                with self._cond:
                    if self._closed:
                        return
                    self._cond.wait(delay)


def _stop_watch(watch: _Watch) -> None:
    watch.active = False
    handle = watch.handle
    if handle is not None:
        try:
            handle.cancel()
        except Exception:
            pass


def _running_loop() -> Any:
    import asyncio

    return asyncio.events._get_running_loop()


@contextmanager
def sampling(
    threshold: float = DEFAULT_THRESHOLD, **options: Any
) -> Iterator[Sampler]:
    """Watch every event loop that runs inside the block (and the one running now, if any)."""
    sampler = Sampler(threshold, all_loops=True, **options)
    with sampler:
        yield sampler


def install(loop: Any, threshold: float = DEFAULT_THRESHOLD, **options: Any) -> Sampler:
    """Watch one loop; call ``close()`` on the returned sampler to stop."""
    sampler = Sampler(threshold, **options)
    sampler.install(loop)
    return sampler
