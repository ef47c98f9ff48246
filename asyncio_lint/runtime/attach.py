"""Hook every event loop the program runs, without the program changing.

Two patches, both undone when the last sampler closes: ``_set_running_loop`` (below) tells the
samplers when loops start and stop, and, only once a loop outside the main thread is watched,
``BaseEventLoop.time`` becomes :func:`heartbeat_time`, the heartbeat the watchdog thread reads
(:func:`hook_clock`; loops in the main thread are looked at by signal ticks and need no clock
hook, which would cost every loop iteration ~2%).

Every asyncio event loop announces itself when it starts and stops running through
``asyncio.events._set_running_loop(loop)`` / ``_set_running_loop(None)``: ``BaseEventLoop.
run_forever`` does (so ``asyncio.run``, ``asyncio.Runner``, ``run_until_complete`` and hand-made
loops in any thread), and so does uvloop, which looks the function up in ``asyncio`` when it is
imported. We wrap that one function while at least one sampler is open; the wrapper runs twice
per ``run_forever`` call and never per iteration. A uvloop imported before the wrap is caught by
wrapping ``uvloop.Loop.run_forever`` as well.
"""

from __future__ import annotations

import asyncio
import asyncio.base_events as _base_events
import asyncio.events as _events
import functools
import sys
import threading
import time
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:
    from .sampler import Sampler


class Heartbeat:
    """A loop's last sign of life (a ``time.monotonic()`` value), shared by its samplers."""

    __slots__ = ("last", "users")

    def __init__(self, last: float = 0.0) -> None:
        self.last = last
        self.users = 0


#: The heartbeat of loops no sampler watches (class default; writes to it are ignored).
UNWATCHED = Heartbeat()
_stock_time = _base_events.BaseEventLoop.time
_monotonic = time.monotonic


def heartbeat_time(self: Any) -> float:
    """``BaseEventLoop.time`` while a sampler is open: the same clock, noted as a sign of life.

    ``_run_once`` calls it right after its selector returns, so the note is the moment the loop
    left to run callbacks. Patched on the class (not the instance) so that ``self.time()`` stays
    a specialised method call: the only cost is one attribute store.
    """
    self._asyncio_lint_heartbeat.last = now = _monotonic()
    return now


def clock_hooked(loop: Any) -> bool:
    """True if ``loop`` reports to its heartbeat through :func:`heartbeat_time`."""
    cls = type(loop)
    return (
        isinstance(loop, _base_events.BaseEventLoop)
        and cls.time is heartbeat_time
        and cls._run_once is _base_events.BaseEventLoop._run_once  # type: ignore[attr-defined]
        and getattr(loop.time, "__func__", None) is heartbeat_time  # not replaced on the instance
    )


_lock = threading.Lock()
_samplers: list["Sampler"] = []
_original_set_running_loop: Callable[[Any], None] | None = None
_original_uvloop_run_forever: Callable[..., Any] | None = None


def _notify_started(loop: Any) -> None:
    for sampler in tuple(_samplers):
        try:
            sampler._loop_started(loop)
        except Exception:  # never let the sampler break the program's loop
            pass


def _notify_stopped(loop: Any) -> None:
    for sampler in tuple(_samplers):
        try:
            sampler._loop_stopped(loop)
        except Exception:
            pass


def _set_running_loop(loop: Any) -> None:
    original = _original_set_running_loop
    assert original is not None
    if loop is None:
        running = _events._get_running_loop()
        original(None)
        if running is not None and _samplers:
            _notify_stopped(running)
    else:
        original(loop)
        if _samplers:
            _notify_started(loop)


_set_running_loop._asyncio_lint_hook = True  # type: ignore[attr-defined]


def _wrap_uvloop() -> None:
    global _original_uvloop_run_forever
    uvloop = sys.modules.get("uvloop")
    loop_class = getattr(uvloop, "Loop", None)
    if loop_class is None or _original_uvloop_run_forever is not None:
        return
    original = loop_class.run_forever

    @functools.wraps(original)
    def run_forever(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _samplers and not self.is_running():
            _notify_started(self)
            try:
                return original(self, *args, **kwargs)
            finally:
                _notify_stopped(self)
        return original(self, *args, **kwargs)

    try:
        loop_class.run_forever = run_forever
    except (AttributeError, TypeError):
        return
    _original_uvloop_run_forever = original


def hook_clock() -> None:
    """Make ``BaseEventLoop.time`` the heartbeat clock while samplers are open (any thread)."""
    with _lock:
        base = _base_events.BaseEventLoop
        if _samplers and base.time is _stock_time:
            base._asyncio_lint_heartbeat = UNWATCHED  # type: ignore[attr-defined]
            base.time = heartbeat_time  # type: ignore[method-assign]


def _patch() -> None:
    global _original_set_running_loop
    current = _events._set_running_loop
    if not getattr(current, "_asyncio_lint_hook", False):
        _original_set_running_loop = current
        _events._set_running_loop = _set_running_loop
        if getattr(asyncio, "_set_running_loop", None) is current:
            asyncio._set_running_loop = _set_running_loop
    _wrap_uvloop()


def _unpatch() -> None:
    global _original_uvloop_run_forever
    if _base_events.BaseEventLoop.time is heartbeat_time:
        _base_events.BaseEventLoop.time = _stock_time  # type: ignore[method-assign]
    original = _original_set_running_loop
    if original is not None:
        if _events._set_running_loop is _set_running_loop:
            _events._set_running_loop = original
        if getattr(asyncio, "_set_running_loop", None) is _set_running_loop:
            asyncio._set_running_loop = original
    # (A uvloop imported meanwhile keeps our wrapper: with no sampler open it only passes through.)
    uvloop = sys.modules.get("uvloop")
    if _original_uvloop_run_forever is not None and uvloop is not None:
        try:
            uvloop.Loop.run_forever = _original_uvloop_run_forever
        except (AttributeError, TypeError):
            pass
        _original_uvloop_run_forever = None


def register(sampler: "Sampler") -> None:
    """Start telling ``sampler`` about every loop that starts or stops running."""
    with _lock:
        if sampler not in _samplers:
            if not _samplers:
                _patch()
            _samplers.append(sampler)


def unregister(sampler: "Sampler") -> None:
    with _lock:
        if sampler in _samplers:
            _samplers.remove(sampler)
            if not _samplers:
                _unpatch()


def is_hooked() -> bool:
    return _events._set_running_loop is _set_running_loop


def active_samplers() -> tuple["Sampler", ...]:
    """The samplers told about loops right now."""
    return tuple(_samplers)
