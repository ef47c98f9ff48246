"""Signal ticks for the main thread: how the sampler looks at a loop without a second thread.

A watchdog *thread* has to take the GIL to look at the loop's stack, and on a loop that releases
and retakes the GIL for every ``select(0)`` a waiting thread is costly: each GIL hand-over slows
the loop for up to the switch interval (5 ms), and a busy loop can starve the thread for most of
a second. Measured on ``benchmarks/bench_sampler.py``: a bare thread waking 12 times a second
made a saturated loop 3-16% slower.

So for loops in the main thread the sampler uses a POSIX timer (``timer_create`` through
ctypes, Linux) that sends a realtime signal to the main thread every ``interval``. CPython runs
the Python-level handler in the main thread between two bytecodes, with the interrupted frame:
exactly the loop's stack, with no GIL hand-over. A blocking ``time.sleep`` or socket read is
interrupted by the signal, the handler runs, and Python retries the call (PEP 475); a C call
holding the GIL gets its tick when it returns. Where this is not available (not Linux, no free
realtime signal, not the main thread) :func:`available` says so and the sampler uses its
watchdog thread.

The period adapts: a subscriber's callback returns the period it wants next (short while a
step has run for a while, longer while the loop is busy with short steps or idle), and the
timer runs at the shortest period wanted, so an idle loop is woken about ten times a second
instead of every ``interval``. Each callback is told how late its tick ran, i.e. how long after
the timer expired the thread reached a bytecode boundary (a C call holding the GIL, or the
thread waiting for the GIL or a CPU).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import signal
import sys
import math
import threading
import time
from typing import Any, Callable

_SIGEV_THREAD_ID = 4  # Linux: deliver to the thread whose kernel id is in sigev_notify_thread_id
_CLOCK_MONOTONIC = 1


class _SigEvent(ctypes.Structure):
    # struct sigevent on Linux: 64 bytes, the thread id first in the trailing union.
    _fields_ = [
        ("sigev_value", ctypes.c_void_p),
        ("sigev_signo", ctypes.c_int),
        ("sigev_notify", ctypes.c_int),
        ("sigev_notify_thread_id", ctypes.c_int),
        ("_pad", ctypes.c_int * 11),
    ]


class _TimeSpec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _ITimerSpec(ctypes.Structure):
    _fields_ = [("it_interval", _TimeSpec), ("it_value", _TimeSpec)]


_LIBC: Any = None


def _libc() -> Any:
    """The C library with ``timer_create`` (glibc 2.34+ has it in libc, older ones in librt)."""
    global _LIBC
    if _LIBC is None:
        _LIBC = False
        if sys.platform.startswith("linux") and ctypes.sizeof(ctypes.c_void_p) == 8:
            for name in (None, ctypes.util.find_library("rt")):
                try:
                    lib = ctypes.CDLL(name, use_errno=True)
                    lib.timer_create, lib.timer_settime, lib.timer_delete  # noqa: B018
                except (OSError, AttributeError):
                    continue
                lib.timer_create.argtypes = [ctypes.c_int, ctypes.POINTER(_SigEvent), ctypes.POINTER(ctypes.c_void_p)]
                lib.timer_settime.argtypes = [
                    ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(_ITimerSpec), ctypes.POINTER(_ITimerSpec),
                ]
                lib.timer_delete.argtypes = [ctypes.c_void_p]
                _LIBC = lib
                break
    return _LIBC


def _free_signal() -> int | None:
    """A realtime signal nobody handles (counting down from SIGRTMAX), or None."""
    low, high = getattr(signal, "SIGRTMIN", None), getattr(signal, "SIGRTMAX", None)
    if low is None or high is None:
        return None
    for signum in range(high, low, -1):
        try:
            if signal.getsignal(signum) in (signal.SIG_DFL, None):
                return signum
        except (ValueError, OSError):
            continue
    return None


def available() -> bool:
    """True if ticks can be had here: Linux, 64-bit, in the main thread, a free realtime signal."""
    return (
        threading.current_thread() is threading.main_thread()
        and bool(_libc())
        and (_ticker is not None or _free_signal() is not None)
    )


_monotonic = time.monotonic
Callback = Callable[[Any, float], float]


class _Ticker:
    """One POSIX timer and one signal handler, shared by every sampler in the process."""

    def __init__(self, signum: int, interval: float, callback: Callable[[Any, float, float], bool]) -> None:
        self.signum = signum
        self.interval = interval
        self.callback = callback
        self.timer = ctypes.c_void_p()
        self.running = False
        self.busy = False
        self.armed_at = 0.0  # when the timer was last set: it expires at armed_at + k * interval
        self.last = 0.0  # when the handler last ran

    def _handler(self, signum: int, frame: Any) -> None:
        if self.busy:  # (a tick arriving while the last one is still being handled)
            return
        self.busy = True
        try:
            now = _monotonic()
            period, armed = self.interval, self.armed_at
            since = max(self.last, armed)
            due = armed + max(1, math.ceil((since - armed) / period + 1e-9)) * period
            self.last = now
            self.callback(frame, now, max(0.0, now - due))
        except Exception:  # the program must never see the sampler's errors
            pass
        finally:
            self.busy = False

    def start(self) -> bool:
        lib = _libc()
        signal.signal(self.signum, self._handler)
        event = _SigEvent()
        event.sigev_signo = self.signum
        event.sigev_notify = _SIGEV_THREAD_ID
        event.sigev_notify_thread_id = threading.main_thread().native_id or 0
        if lib.timer_create(_CLOCK_MONOTONIC, ctypes.byref(event), ctypes.byref(self.timer)) != 0:
            signal.signal(self.signum, signal.SIG_IGN)
            return False
        self.running = True
        self.set_interval(self.interval)
        return True

    def set_interval(self, interval: float) -> None:
        self.interval = interval
        seconds, fraction = divmod(interval, 1.0)
        spec = _TimeSpec(int(seconds), max(int(fraction * 1e9), 1 if not seconds else 0))
        self.armed_at = _monotonic()
        _libc().timer_settime(self.timer, 0, ctypes.byref(_ITimerSpec(spec, spec)), None)

    def stop(self) -> None:
        if self.running:
            self.running = False
            _libc().timer_delete(self.timer)
        # SIG_IGN, not SIG_DFL: a tick still pending would otherwise end the process (the
        # default action of a realtime signal).
        signal.signal(self.signum, signal.SIG_IGN)


_ticker: _Ticker | None = None
_users: dict[int, tuple[float, Callback]] = {}  # key -> (shortest period, callback)
_wanted: dict[int, float] = {}  # key -> the period its callback asked for last
_owned_signals: set[int] = set()


def _wanted_interval() -> float:
    return min(_wanted.get(key, value[0]) for key, value in _users.items())


def _dispatch(frame: Any, now: float, late: float) -> bool:
    for key, (shortest, callback) in tuple(_users.items()):
        try:
            wants = max(float(callback(frame, late)), shortest)
        except Exception:
            wants = shortest
        _wanted[key] = wants
    ticker = _ticker
    if ticker is not None and _users:
        wanted = _wanted_interval()
        if wanted != ticker.interval:
            ticker.set_interval(wanted)
    return True


def subscribe(key: int, interval: float, callback: Callback) -> bool:
    """Call ``callback(frame, late)`` in the main thread, first after ``interval``, then after
    the period it returns (at least ``interval``); False if ticks are impossible here.

    Call in the main thread. Several subscribers share one timer (at the shortest period).
    """
    global _ticker
    if threading.current_thread() is not threading.main_thread() or not _libc():
        return False
    _users[key] = (interval, callback)
    _wanted[key] = interval  # start often: the loop may be stalling already
    wanted = _wanted_interval()
    if _ticker is None:
        signum = _free_signal_or_owned()
        if signum is None:
            del _users[key]
            return False
        ticker = _Ticker(signum, wanted, _dispatch)
        if not ticker.start():
            del _users[key]
            return False
        _owned_signals.add(signum)
        _ticker = ticker
    elif wanted != _ticker.interval:
        _ticker.set_interval(wanted)
    return True


def interval() -> float | None:
    """The timer's current period, or None when no timer runs."""
    return _ticker.interval if _ticker is not None else None


def _free_signal_or_owned() -> int | None:
    for signum in sorted(_owned_signals, reverse=True):  # ours from a previous run (SIG_IGN now)
        try:
            if signal.getsignal(signum) == signal.SIG_IGN:
                return signum
        except (ValueError, OSError):
            continue
    return _free_signal()


def unsubscribe(key: int) -> None:
    """Stop calling ``key``'s callback; the timer goes with the last subscriber (main thread)."""
    global _ticker
    _wanted.pop(key, None)
    if _users.pop(key, None) is None:
        return
    if _ticker is None:
        return
    if not _users:
        if threading.current_thread() is threading.main_thread():
            _ticker.stop()
            _ticker = None
        # (from another thread the timer keeps ticking into an empty dispatch until the next
        # subscribe or unsubscribe in the main thread; signal handlers can only change there)
    else:
        wanted = _wanted_interval()
        if wanted != _ticker.interval and threading.current_thread() is threading.main_thread():
            _ticker.set_interval(wanted)
