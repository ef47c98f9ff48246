"""Stall detection: where a loop is (idle in its selector, or in which step), and when a step
that ran longer than the threshold began and ended.

A **step** is one pass of ``BaseEventLoop._run_once`` from the moment its selector returns to
the moment it calls the selector again: the callbacks it runs in between are what can stall the
loop. Idle time in the selector is never a stall.

* **Start, exactly.** ``_run_once`` stores ``end_time = self.time() + clock_resolution`` right
  after its selector returns (3.10-3.13), and ``self.time()`` is ``time.monotonic()``. So any
  look at the loop thread's stack (a signal tick, the watchdog thread) finds the running
  ``_run_once`` frame and reads the step's start from it; two looks in the same step read the
  same value, so a step is never confused with the next one. No per-iteration cost.
* **End, exactly.** Once a step has lasted ``interval``, a one-shot hook is put on the loop's
  selector (:class:`..attach.EndOfStep`); the loop calls it when it enters its selector again,
  which is the end of the step. The hook removes itself.
* **Loops whose steps cannot be read** (uvloop, a ``_run_once`` or ``time`` of the program's
  own): a timer callback re-arms itself every ``interval`` (a heartbeat) and each gap between two
  beats is one absence: a stall when it is a threshold plus half an interval long, else
  nothing. The program left between its last beat and the next one's due time, so durations
  are off by at most ``interval / 2``.

Every absence is closed by what the loop did (the hook, the next step, the next beat, the loop
stopping), never by the last heartbeat, and one shorter than the threshold is dropped.

Causes (:mod:`.causes`): over each stall the loop thread's run-queue wait (``starved_ms``) and,
for signal ticks, the time its looks were late while it neither ran nor waited for a CPU, i.e.
waited for the GIL (``gil_ms``). Run-queue waits the ticks cause (a tick interrupting a blocking
call wakes the sleeping thread, which may queue for a CPU to run the handler) delay no step and
are left out. A stall that would have stayed under the threshold without both was the machine's
doing: its cause is ``starved`` or ``gil``, not ``code``. (So a CPU-heavy step slowed down by a
busy machine stays a code stall when its own work is a threshold long; a loop that spins on the
wall clock does no fixed work, and on a starved thread it counts as starved.)
"""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, Optional, Protocol

from . import causes
from .model import Sample, Stall
from .stacks import attribute, extract_stack, in_call, top_frame

IDLE, BUSY, UNKNOWN = "idle", "busy", "unknown"
#: How soon a loop wants its next look: every interval (in a long step), at the calm period
#: (short steps), or at the idle period (waiting in its selector).
SOON, CALM, IDLE_LOOK = 2, 1, 0

_monotonic = time.monotonic
_RUN_ONCE: Any = None
_RESOLUTION = time.get_clock_info("monotonic").resolution


def _run_once_code() -> Any:
    global _RUN_ONCE
    if _RUN_ONCE is None:
        import asyncio.base_events

        _RUN_ONCE = asyncio.base_events.BaseEventLoop._run_once.__code__  # type: ignore[attr-defined]
    return _RUN_ONCE


def step_of(frame: Any) -> tuple[str, Optional[float]]:
    """``(IDLE, None)``: in or before its selector; ``(BUSY, start)``: in the step that began at
    ``start`` (monotonic); ``(UNKNOWN, None)``: no stock ``_run_once`` on the stack."""
    code = _run_once_code()
    while frame is not None:
        if frame.f_code is code:
            end_time = frame.f_locals.get("end_time")
            if end_time is None:
                return IDLE, None
            return BUSY, float(end_time) - _RESOLUTION
        frame = frame.f_back
    return UNKNOWN, None


_IDLE_CODES: Optional[frozenset[Any]] = None


def _idle_codes() -> frozenset[Any]:
    global _IDLE_CODES
    if _IDLE_CODES is None:
        import selectors

        codes = set()
        for value in vars(selectors).values():
            select = getattr(value, "select", None)
            code = getattr(select, "__code__", None)
            if isinstance(value, type) and code is not None:
                codes.add(code)
        _IDLE_CODES = frozenset(codes)
    return _IDLE_CODES


def looks_idle(frame: Any) -> bool:
    """For loops whose steps cannot be read: no Python frame, or in a selector's ``select``."""
    if frame is None:
        return True
    codes = _idle_codes()
    for _ in range(4):
        if frame is None:
            return False
        if frame.f_code in codes:
            return True
        frame = frame.f_back
    return False


def _tick_queueing(samples: list[Sample]) -> float:
    """Run-queue wait the looks themselves caused: a tick interrupting a blocking call wakes the
    sleeping thread, which may then wait for a CPU to run the handler; that delays no step."""
    induced = 0.0
    for previous, sample in zip(samples, samples[1:], strict=False):
        if sample.in_call and sample.frame_id and sample.frame_id == previous.frame_id:
            induced += min(sample.queued, sample.late)
    return induced


class Settings(Protocol):
    """What a detector needs to know of its sampler (read at every decision, so it may change)."""

    threshold: float
    interval: float
    max_samples: int
    context: Optional[str]
    wall_offset: float


class Episode:
    """A step (or absence) that has lasted long enough to be sampled."""

    __slots__ = ("key", "start", "samples", "context", "stat", "throttled", "gil", "last_at", "hooked")

    def __init__(self, key: float, start: float, context: Optional[str]) -> None:
        self.key = key
        self.start = start
        self.samples: list[Sample] = []
        self.context = context
        self.stat: Optional[tuple[float, float, float]] = None  # (at, on_cpu, runnable wait)
        self.throttled: Optional[float] = None
        self.gil = 0.0
        self.last_at = start
        self.hooked = False


class LoopDetector:
    """One watched loop's detection state. Thread-safe; the watchers call it.

    ``arm_end`` puts the end-of-step hook on the loop (returns False if it cannot);
    ``emit`` receives each finished :class:`Stall`.
    """

    def __init__(
        self,
        settings: Settings,
        thread_name: str,
        native_id: Optional[int],
        arm_end: Callable[[], bool],
        emit: Callable[[Stall], None],
        measure_gil: bool = False,
        beat_mode: bool = False,
    ) -> None:
        self.settings = settings
        self.thread_name = thread_name
        self.arm_end = arm_end
        self.emit = emit
        self.measure_gil = measure_gil
        self.beat_mode = beat_mode
        self.lock = threading.Lock()
        self.episode: Optional[Episode] = None
        self.done_key: Optional[float] = None  # the step last closed (never reopened)
        self.clock = causes.ThreadClock(native_id)
        self.last_stat: Optional[tuple[float, float, float]] = None
        #: Timer heartbeat (loops whose steps cannot be read): the last beat's time.
        self.last_beat = self.started_at = _monotonic()

    # -- looks (signal ticks, watchdog) ----------------------------------------------------------

    def observe(self, frame: Any, now: float, late: float = 0.0, blocking: bool = True) -> int:
        """One look at the loop thread (its innermost frame). Returns how soon to look again:
        :data:`SOON` (a step has run long), :data:`CALM` (short steps) or :data:`IDLE_LOOK`."""
        if not self.lock.acquire(blocking):
            return SOON
        finished: Optional[Stall] = None
        try:
            previous, stat = self.last_stat, self._read_stat(now)
            if self.beat_mode:
                return self._observe_beat(frame, now, late, previous, stat)
            kind, start = step_of(frame)
            episode = self.episode
            if kind == UNKNOWN:  # outside the loop's steps (e.g. between two run_until_complete)
                return CALM
            if kind == IDLE:
                if episode is not None:  # back in its selector between the last look and now
                    finished = self._close((episode.last_at + now) / 2)
                return IDLE_LOOK
            assert start is not None
            if episode is not None and episode.key != start:
                # A new step: the last one ended before it began.
                finished = self._close(min(start, now))
                episode = None
            age = now - start
            interval = self.settings.interval
            if age < interval or start == self.done_key:
                return SOON if age >= interval / 2 and start != self.done_key else CALM
            if episode is None:
                # (a step that began before the watch did is counted from the watch's start)
                episode = self.episode = Episode(start, max(start, self.started_at), self.settings.context)
                episode.stat = previous or stat
                episode.throttled = causes.throttled()
            self._sample(episode, frame, now, late, previous, stat)
            if not episode.hooked:
                episode.hooked = self.arm_end()
            return SOON
        finally:
            self.lock.release()
            if finished is not None:
                self.emit(finished)

    def _read_stat(self, now: float) -> Optional[tuple[float, float, float]]:
        reading = self.clock.read()
        stat = (now, reading[0], reading[1]) if reading else None
        self.last_stat = stat
        return stat

    def _sample(self, episode: Episode, frame: Any, now: float, late: float,
                previous: Optional[tuple[float, float, float]], stat: Optional[tuple[float, float, float]]) -> None:
        queued = (stat[2] - previous[2]) if stat and previous else 0.0
        if self.measure_gil and stat and previous and late > 0:
            # Late while neither on a CPU nor waiting for one: waiting for the GIL. A look late by
            # more than a period could not run since the last one (or the step's start): that
            # whole stretch, less what the thread ran or queued for, is GIL wait.
            ran = (stat[1] - previous[1]) + queued
            window = now - max(previous[0], episode.start)
            waited = window if late > self.settings.interval else min(late, window)
            episode.gil += max(0.0, waited - ran)
        if len(episode.samples) < self.settings.max_samples:
            episode.samples.append(Sample(extract_stack(frame), now, late, in_call(frame), id(frame), queued))
        episode.last_at = now

    # -- the loop's own reports ------------------------------------------------------------------

    def step_ended(self, at: float) -> None:
        """The end-of-step hook (in the loop's thread, as it enters its selector)."""
        with self.lock:
            finished = self._close(at) if self.episode is not None else None
        if finished is not None:
            self.emit(finished)

    def stopped(self, now: float) -> None:
        """The loop stopped running (in its thread): a step still open ended just now."""
        with self.lock:
            finished = self._close(now) if self.episode is not None else None
            if finished is None and self.beat_mode:
                finished = self._beat_gap(now)
        self.clock.close()
        if finished is not None:
            self.emit(finished)

    def flush(self, now: float) -> None:
        """Report a stall still in progress (at SIGTERM or when the sampler closes)."""
        with self.lock:
            finished = self._close(now) if self.episode is not None else None
        if finished is not None:
            self.emit(finished)

    # -- timer heartbeat (loops whose steps cannot be read) --------------------------------------

    def beat(self, now: float) -> None:
        """A heartbeat (in the loop's thread): the gap since the last one was one absence."""
        with self.lock:
            finished = self._beat_gap(now)
            self.last_beat = now
        if finished is not None:
            self.emit(finished)

    def _beat_gap(self, now: float) -> Optional[Stall]:
        episode, self.episode = self.episode, None
        half = self.settings.interval / 2
        if now - self.last_beat < self.settings.threshold + half:
            return None  # a gap under the threshold: whatever was sampled in it is dropped
        if episode is None or episode.key != self.last_beat:
            episode = Episode(self.last_beat, self.last_beat + half, self.settings.context)
        else:
            episode.start = self.last_beat + half
        self.episode = episode
        return self._close(now)

    def _observe_beat(self, frame: Any, now: float, late: float,
                      previous: Optional[tuple[float, float, float]], stat: Optional[tuple[float, float, float]]) -> int:
        last = self.last_beat
        if now - last < max(2 * self.settings.interval, self.settings.threshold / 5) or looks_idle(frame):
            return CALM
        episode = self.episode
        if episode is None or episode.key != last:
            episode = self.episode = Episode(last, last, self.settings.context)
            episode.stat = previous or stat
            episode.throttled = causes.throttled()
        self._sample(episode, frame, now, late, previous, stat)
        return SOON

    # -- closing ---------------------------------------------------------------------------------

    def _close(self, end: float) -> Optional[Stall]:
        """End the open episode at ``end``; the stall, if it lasted the threshold (lock held)."""
        episode, self.episode = self.episode, None
        if episode is None:
            return None
        self.done_key = episode.key
        duration = end - episode.start
        settings = self.settings
        if duration < settings.threshold:
            return None
        lines = attribute(episode.samples, episode.start, end)
        starved: Optional[float] = None
        gil: Optional[float] = None
        reading = self.clock.read()
        if reading is not None and episode.stat is not None:
            starved = max(0.0, reading[1] - episode.stat[2])
            if self.measure_gil:
                gil = episode.gil
        throttled = causes.throttled()
        if throttled is not None and episode.throttled is not None:
            starved = max(starved or 0.0, throttled - episode.throttled)
        if starved is not None:
            starved = min(max(0.0, starved - _tick_queueing(episode.samples)), duration)
        if gil is not None:
            gil = min(gil, duration - (starved or 0.0))
        cause = "code"
        # Without the time it waited for a CPU or the GIL the step would have stayed under the
        # threshold: the machine made this stall, not the code.
        if duration - (starved or 0.0) - (gil or 0.0) < settings.threshold:
            cause = "gil" if (gil or 0.0) > (starved or 0.0) else "starved"
        return Stall(
            start=episode.start + settings.wall_offset,
            duration_ms=duration * 1000.0,
            blocking_frame=top_frame(lines),
            stacks=[sample.stack for sample in episode.samples],
            thread=self.thread_name,
            context=episode.context,
            lines=lines,
            cause=cause,
            starved_ms=None if starved is None else starved * 1000.0,
            gil_ms=None if gil is None else gil * 1000.0,
        )
