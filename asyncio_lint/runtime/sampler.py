"""The stall sampler: a heartbeat each event loop updates cheaply, and something that looks.

How it works, and why it is cheap. A loop in the **main thread** (``asyncio.run`` in a script,
pytest) is watched without any second thread:

* **Heartbeat.** A timer callback re-arms itself every ``interval`` (a tenth of the threshold,
  1-50 ms) and checks its own lateness: when it runs late by a threshold the loop was away, and
  since the loop left between the last beat and the next one's due time, the duration is off by
  at most ``interval / 2``. One timer callback per interval, nothing per loop iteration.
* **Signal ticks** (:mod:`.ticker`). A POSIX timer sends a realtime signal to the main thread
  every ``interval``; CPython runs the handler between two bytecodes of the main thread, with
  the interrupted frame. If the heartbeat is stale the handler keeps that frame's stack as a
  sample. A blocking ``sleep`` or ``recv`` is interrupted, sampled and resumed (PEP 475). No
  thread has to take the GIL from the loop, which is what made the watchdog thread cost 3-16%
  on a saturated loop (``benchmarks/bench_sampler.py``).

A loop in **another thread** (or where ticks are unavailable: not Linux, or
``method="thread"``) has a watchdog thread instead:

* **Heartbeat (asyncio loops).** ``BaseEventLoop._run_once`` reads the loop's clock,
  ``self.time()``, right after its selector returns, i.e. every time it leaves to run callbacks.
  While a sampler is open ``BaseEventLoop.time`` is :func:`attach.heartbeat_time`, which returns
  the same ``time.monotonic()`` and also stores it in the loop's heartbeat: a sign of life for one
  attribute store (no extra call, timer or callback per iteration).
* **Watchdog.** One daemon thread per ``Sampler`` wakes about every 0.8 threshold (it needs the
  GIL to look, so it looks rarely). If a loop's heartbeat is more than a fifth of the threshold
  old it looks at the loop thread's stack (``sys._current_frames()``): waiting in the selector is
  idle, anything else is an absence, which it samples every ``interval`` (a tenth of the
  threshold, 1-50 ms) until the loop reads its clock again (it is back, to the tick) or is seen
  idle in its selector (back between the last two samples). An absence of at least the
  threshold is a stall; its samples are the stall's stacks, and the innermost frame in the user's
  code is its blocking frame.
* **Heartbeat (other loops, e.g. uvloop).** As in the main thread: their clock is not ours to
  hook, so a timer callback re-arms itself every ``interval`` and checks its own lateness; the
  loop left between its last beat and the next one's due time, so durations are off by at most
  ``interval / 2``.

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

from . import ticker
from .attach import UNWATCHED, Heartbeat, clock_hooked, hook_clock
from .stacks import Frame, Stack, blocking_frame, extract_stack

DEFAULT_THRESHOLD = 0.1
DEFAULT_MAX_SAMPLES = 1000
METHODS = ("auto", "thread")

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


class _Episode:
    """One absence of a loop as the watchdog sees it: since ``key`` (when it left), with samples."""

    __slots__ = ("key", "samples", "last_busy", "context")

    def __init__(self, key: float, context: str | None) -> None:
        self.key = key
        self.samples: list[Stack] = []
        self.last_busy = key
        self.context = context


class _Watch:
    """One running loop: its heartbeat and the absence the watchdog is sampling, if any.

    ``heartbeat.last`` is the ``time.monotonic()`` of the loop's last sign of life.
    """

    __slots__ = (
        "sampler", "loop", "thread_id", "thread_name", "interval", "heartbeat", "mode",
        "handle", "active", "episode", "ctx", "ticked",
    )

    def __init__(self, sampler: "Sampler", loop: Any, thread_id: int, thread_name: str) -> None:
        self.sampler = sampler
        self.loop = loop
        self.thread_id = thread_id
        self.thread_name = thread_name
        self.interval = sampler.interval
        self.heartbeat = Heartbeat(_monotonic())
        self.mode = "beat"
        self.handle: Any = None
        self.active = True
        self.episode: _Episode | None = None
        self.ctx = contextvars.Context()
        self.ticked = False  # looked at by signal ticks (main thread), not the watchdog thread

    def arm(self) -> None:
        """Start the heartbeat (in the loop's thread): asyncio's own clock, else a timer.

        Ticked loops always get the timer: it costs one callback per interval, where the
        clock hook costs every loop iteration.
        """
        if not self.ticked:
            hook_clock()
        if not self.ticked and clock_hooked(self.loop):
            heartbeat = getattr(self.loop, "_asyncio_lint_heartbeat", UNWATCHED)
            if heartbeat is UNWATCHED:
                heartbeat = self.loop._asyncio_lint_heartbeat = self.heartbeat
                heartbeat.last = _monotonic()
            heartbeat.users += 1  # (shared with other samplers watching this loop)
            self.heartbeat = heartbeat
            self.mode = "clock"
        else:
            self.handle = self.loop.call_later(self.interval, self.beat, context=self.ctx)

    def release_clock(self) -> None:
        if self.mode == "clock":
            self.heartbeat.users -= 1
            if self.heartbeat.users <= 0 and getattr(self.loop, "_asyncio_lint_heartbeat", None) is self.heartbeat:
                self.loop._asyncio_lint_heartbeat = UNWATCHED

    def start_beat(self) -> None:
        """Switch to the timer heartbeat (in the loop's thread)."""
        if self.active and self.handle is None:
            self.heartbeat.last = _monotonic()
            self.handle = self.loop.call_later(self.interval, self.beat, context=self.ctx)

    def disarm(self) -> None:
        if not self.active:
            return
        self.active = False
        self.release_clock()
        handle = self.handle
        if handle is not None:
            try:
                handle.cancel()
            except Exception:
                pass

    def beat(self) -> None:
        """Timer heartbeat (loops with their own clock, e.g. uvloop): the loop checks itself."""
        now = _monotonic()
        last = self.heartbeat.last
        self.heartbeat.last = now
        if now - last >= self.sampler.threshold + self.interval / 2:
            self.sampler._beat_late(self, last, now)
        if self.active:
            self.handle = self.loop.call_later(self.interval, self.beat, context=self.ctx)


_IDLE: tuple[frozenset[Any], Any, frozenset[int]] | None = None


def _idle_markers() -> tuple[frozenset[Any], Any, frozenset[int]]:
    """The selectors' ``select`` code objects, ``_run_once``'s, and its lines calling ``select``."""
    global _IDLE
    if _IDLE is None:
        import asyncio.base_events
        import dis
        import selectors

        codes = set()
        for value in vars(selectors).values():
            select = getattr(value, "select", None)
            code = getattr(select, "__code__", None)
            if isinstance(value, type) and code is not None:
                codes.add(code)
        run_once = asyncio.base_events.BaseEventLoop._run_once.__code__  # type: ignore[attr-defined]
        found = set()
        line = None
        for ins in dis.get_instructions(run_once):
            # the instruction's line: ``positions`` (3.11+), ``line_number`` (3.13+), or the
            # last ``starts_line`` seen (3.10)
            positions = getattr(ins, "positions", None)
            number = getattr(ins, "line_number", None) or (positions.lineno if positions else None)
            if number is None and isinstance(ins.starts_line, int) and not isinstance(ins.starts_line, bool):
                line = ins.starts_line
            number = number or line
            if ins.argval == "select" and number:
                found.add(number)
        lines = frozenset(found)
        _IDLE = (frozenset(codes), run_once, lines)
    return _IDLE


def _is_idle(frame: Any) -> bool:
    """True if the loop thread waits in its selector (or runs no Python code at all)."""
    if frame is None:
        return True
    idle_codes, run_once, select_lines = _idle_markers()
    for _ in range(4):
        if frame is None:
            return False
        code = frame.f_code
        if code in idle_codes:
            return True
        if code is run_once:
            return frame.f_lineno in select_lines
        frame = frame.f_back
    return False


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
        self.context: str | None = None
        # The watchdog looks every ``_check_every`` while loops are healthy or idle, and every
        # ``interval`` while one has been away longer than ``_sample_after``: so the first sample
        # of an absence comes at most one threshold after it began, with ~12 looks a second.
        self._sample_after = max(2 * self.interval, self.threshold / 5)
        self._check_every = max(self.threshold - self._sample_after, self.interval)
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
        ticker.unsubscribe(id(self))
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
        watch.ticked = self.method != "thread" and ticker.subscribe(id(self), self.interval, self._tick)
        with self._cond:
            if not watch.ticked and self._thread is None:
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
            watch.disarm()
            episode, watch.episode = watch.episode, None
            ticked = any(other.ticked for other in self._watches.values())
        if watch.ticked and not ticked:
            ticker.unsubscribe(id(self))
        now = _monotonic()
        last = watch.heartbeat.last
        if episode is not None and episode.key != last:
            self._finish(watch, episode, last)  # it had come back already
            episode = None
        half = watch.interval / 2 if watch.mode == "beat" else 0.0
        if episode is None:
            episode = _Episode(last, self.context)
        self._finish(watch, episode, now, half)

    # -- stalls ----------------------------------------------------------------------------------

    def _finish(self, watch: _Watch, episode: _Episode, end: float, half: float = 0.0) -> None:
        """Record ``episode`` as a stall if the loop was away for at least the threshold."""
        duration = end - episode.key - half
        if duration < self.threshold:
            return
        stall = Stall(
            start=episode.key + half + self._wall_offset,
            duration_ms=duration * 1000.0,
            blocking_frame=blocking_frame(episode.samples),
            stacks=episode.samples,
            thread=watch.thread_name,
            context=episode.context,
        )
        self.stalls.append(stall)
        if self.on_stall is not None:
            try:
                self.on_stall(stall)
            except Exception:  # a reporting hook must never break the program
                pass

    def _beat_late(self, watch: _Watch, last: float, now: float) -> None:
        """The timer heartbeat came late (in the loop's thread): the loop was away since ``last``.

        It left between its last beat and the moment the next one was due, so the estimate
        ``now - last - interval / 2`` is off by at most half an interval.
        """
        with self._cond:
            episode, watch.episode = watch.episode, None
        if episode is None or episode.key != last:
            episode = _Episode(last, self.context)
        self._finish(watch, episode, now, watch.interval / 2)

    def _fall_back_to_beat(self, watch: _Watch) -> None:
        with self._cond:
            if not watch.active or watch.mode != "clock":
                return
            watch.release_clock()
            watch.mode = "beat"
            watch.episode = None
            watch.heartbeat = Heartbeat(_monotonic())
        try:
            watch.loop.call_soon_threadsafe(watch.start_beat, context=watch.ctx)
        except RuntimeError:  # the loop is closed
            pass

    def _close_episode(self, watch: _Watch, episode: _Episode, end: float) -> None:
        with self._cond:
            if watch.episode is not episode or not watch.active:
                return
            watch.episode = None
        self._finish(watch, episode, end)

    def _tick(self, frame: Any) -> None:
        """A signal tick (main thread, between two bytecodes): sample a loop that is away.

        ``frame`` is the frame the signal interrupted, i.e. where the loop thread is. Stalls
        are closed by the heartbeat (:meth:`_beat_late`) or when the loop stops.
        """
        now = _monotonic()
        for watch in tuple(self._watches.values()):
            if not watch.ticked or not watch.active:
                continue
            last = watch.heartbeat.last
            if now - last < self._sample_after:
                continue
            episode = watch.episode
            if episode is None or episode.key != last:
                episode = watch.episode = _Episode(last, self.context)
            if len(episode.samples) < self.max_samples:
                episode.samples.append(extract_stack(frame))
            episode.last_busy = now

    def _watchdog(self) -> None:
        while True:
            with self._cond:
                if self._closed:
                    return
                if not self._watches:
                    self._cond.wait()
                    continue
                watches = [watch for watch in self._watches.values() if not watch.ticked]
                if not watches:
                    self._cond.wait(self._check_every)
                    continue
            wake = self._check(watches)
            delay = wake - _monotonic()
            if delay > 0:
                with self._cond:
                    if self._closed:
                        return
                    self._cond.wait(delay)

    def _check(self, watches: list[_Watch]) -> float:
        """One watchdog round over the running loops; returns when the next round is due."""
        now = _monotonic()
        wake = now + self._check_every
        frames: dict[int, Any] | None = None
        for watch in watches:
            last = watch.heartbeat.last
            episode = watch.episode
            clock = watch.mode == "clock"
            if clock and not clock_hooked(watch.loop):
                # The program replaced loop.time (a fake clock?): fall back to a timer beat.
                self._fall_back_to_beat(watch)
                continue
            if clock and episode is not None and episode.key != last:
                # The loop read its clock again: it is back, and we know when to the tick.
                self._close_episode(watch, episode, last)
                episode = None
            if now - last < self._sample_after:
                continue
            if frames is None:
                frames = sys._current_frames()
            frame = frames.get(watch.thread_id)
            if clock and _is_idle(frame):
                # Waiting for I/O is no stall. If it was away, it came back between the last
                # busy sample and now.
                if episode is not None:
                    self._close_episode(watch, episode, (episode.last_busy + now) / 2)
                continue
            stack = extract_stack(frame)
            with self._cond:
                if not watch.active or watch.heartbeat.last != last:
                    wake = now  # it moved meanwhile: look again at once
                    continue
                episode = watch.episode
                if episode is None or episode.key != last:
                    episode = watch.episode = _Episode(last, self.context)
                if len(episode.samples) < self.max_samples:
                    episode.samples.append(stack)
                episode.last_busy = now
            wake = min(wake, now + self.interval)
        return wake


def _stop_watch(watch: _Watch) -> None:
    watch.disarm()


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
