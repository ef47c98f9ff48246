"""Attach to event loops without the program changing: who starts and stops, and step ends.

* **Loops starting and stopping.** Every asyncio loop announces itself through
  ``asyncio.events._set_running_loop(loop)`` when ``run_forever`` starts and
  ``_set_running_loop(None)`` when it stops (so ``asyncio.run``, ``asyncio.Runner``,
  ``run_until_complete`` and hand-made loops in any thread), and so does uvloop, which looks the
  function up in ``asyncio`` when it is imported. While at least one :class:`LoopListener` is
  registered that function is wrapped: twice per ``run_forever`` call, never per iteration. A
  uvloop imported before the wrap is caught by wrapping ``uvloop.Loop.run_forever`` as well.
  Both patches go with the last listener.
* **The end of one step** (:class:`EndOfStep`): a one-shot ``select`` on the loop's selector
  instance, which ``_run_once`` calls when the step is over. Put on only once a step has run
  long, so it costs nothing per iteration.
* **A timer heartbeat** (:class:`TimerBeat`) for loops whose steps cannot be read (uvloop).
"""

from __future__ import annotations

import asyncio
import asyncio.base_events as _base_events
import asyncio.events as _events
import functools
import sys
import threading
import time
from typing import Any, Callable, Optional, Protocol


class LoopListener(Protocol):
    """Told, in the loop's own thread, when any event loop starts and stops running."""

    def loop_started(self, loop: Any) -> None: ...

    def loop_stopped(self, loop: Any) -> None: ...


_monotonic = time.monotonic
_lock = threading.Lock()
_listeners: list[LoopListener] = []
_original_set_running_loop: Optional[Callable[[Any], None]] = None
_original_uvloop_run_forever: Optional[Callable[..., Any]] = None


def _notify_started(loop: Any) -> None:
    for listener in tuple(_listeners):
        try:
            listener.loop_started(loop)
        except Exception:  # never let the sampler break the program's loop
            pass


def _notify_stopped(loop: Any) -> None:
    for listener in tuple(_listeners):
        try:
            listener.loop_stopped(loop)
        except Exception:
            pass


def _set_running_loop(loop: Any) -> None:
    original = _original_set_running_loop
    assert original is not None
    if loop is None:
        running = _events._get_running_loop()
        original(None)
        if running is not None and _listeners:
            _notify_stopped(running)
    else:
        original(loop)
        if _listeners:
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
        if _listeners and not self.is_running():
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
    original = _original_set_running_loop
    if original is not None:
        if _events._set_running_loop is _set_running_loop:
            _events._set_running_loop = original
        if getattr(asyncio, "_set_running_loop", None) is _set_running_loop:
            asyncio._set_running_loop = original
    # (A uvloop imported meanwhile keeps our wrapper: with no listener it only passes through.)
    uvloop = sys.modules.get("uvloop")
    if _original_uvloop_run_forever is not None and uvloop is not None:
        try:
            uvloop.Loop.run_forever = _original_uvloop_run_forever
        except (AttributeError, TypeError):
            pass
        _original_uvloop_run_forever = None


def register(listener: LoopListener) -> None:
    """Start telling ``listener`` about every loop that starts or stops running."""
    with _lock:
        if listener not in _listeners:
            if not _listeners:
                _patch()
            _listeners.append(listener)


def unregister(listener: LoopListener) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)
            if not _listeners:
                _unpatch()


def is_hooked() -> bool:
    return _events._set_running_loop is _set_running_loop


def active_listeners() -> tuple[LoopListener, ...]:
    """The listeners told about loops right now."""
    return tuple(_listeners)


def running_loop() -> Any:
    """The loop running in this thread, or None."""
    return _events._get_running_loop()


# -- reading a loop's steps -------------------------------------------------------------------------

_stock_run_once = _base_events.BaseEventLoop._run_once  # type: ignore[attr-defined]
_stock_time = _base_events.BaseEventLoop.time


def steps_readable(loop: Any) -> bool:
    """True if ``loop`` runs the stock ``_run_once`` on the stock clock with a selector, so its
    steps can be read from its stack (:func:`.detect.step_of`) and ended by :class:`EndOfStep`."""
    cls = type(loop)
    selector = getattr(loop, "_selector", None)
    return (
        isinstance(loop, _base_events.BaseEventLoop)
        and getattr(cls, "_run_once", None) is _stock_run_once
        and cls.time is _stock_time
        and getattr(loop.time, "__func__", None) is _stock_time  # not replaced on the instance
        and selector is not None
        and hasattr(selector, "__dict__")
        and callable(getattr(selector, "select", None))
    )


class EndOfStep:
    """A one-shot hook on a loop's selector: calls ``callback(monotonic_time)`` when the loop
    next enters its selector (the end of the step now running), then removes itself."""

    def __init__(self, loop: Any, callback: Callable[[float], None]) -> None:
        self.loop = loop
        self.callback = callback

    def arm(self) -> bool:
        """Put the hook on (any thread); False if the loop's selector cannot take it."""
        selector = getattr(self.loop, "_selector", None)
        if selector is None or not hasattr(selector, "__dict__"):
            return False
        if "select" in selector.__dict__:
            return getattr(selector.__dict__["select"], "_asyncio_lint_end", False)
        callback = self.callback

        def select(timeout: Optional[float] = None) -> Any:
            at = _monotonic()
            selector.__dict__.pop("select", None)
            try:
                callback(at)
            except Exception:  # the sampler must never break the loop
                pass
            return selector.select(timeout)

        select._asyncio_lint_end = True  # type: ignore[attr-defined]
        selector.select = select
        return True

    def disarm(self) -> None:
        selector = getattr(self.loop, "_selector", None)
        hook = getattr(selector, "__dict__", {}).get("select")
        if hook is not None and getattr(hook, "_asyncio_lint_end", False):
            selector.__dict__.pop("select", None)


class TimerBeat:
    """A timer callback that re-arms itself every ``interval`` (in the loop's thread)."""

    def __init__(self, loop: Any, interval: float, callback: Callable[[float], None]) -> None:
        import contextvars

        self.loop = loop
        self.interval = interval
        self.callback = callback
        self.handle: Any = None
        self.active = False
        self.ctx = contextvars.Context()  # the program's context variables are not ours

    def start(self) -> None:
        self.active = True
        self.handle = self.loop.call_later(self.interval, self._beat, context=self.ctx)

    def _beat(self) -> None:
        try:
            self.callback(_monotonic())
        except Exception:
            pass
        if self.active:
            self.handle = self.loop.call_later(self.interval, self._beat, context=self.ctx)

    def stop(self) -> None:
        self.active = False
        handle, self.handle = self.handle, None
        if handle is not None:
            try:
                handle.cancel()
            except Exception:
                pass
