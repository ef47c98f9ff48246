"""Stall detection and attribution: what is reported for known programs (issue 19, items 1-3, 5, 6).

No test here asserts a timing the scheduler must meet: they assert which stalls and lines are
reported. Durations are compared with the program's own measurement, with the tolerance the
other sampler tests use.
"""

from __future__ import annotations

import asyncio
import inspect
import socket
import threading
import time
from typing import Any, Callable

import pytest

from asyncio_lint.runtime import ticker
from asyncio_lint.runtime.detect import LoopDetector
from asyncio_lint.runtime.model import Frame, Sample, Stall
from asyncio_lint.runtime.sampler import sampling
from asyncio_lint.runtime.stacks import attribute

THRESHOLD = 0.1
METHODS = ["auto", "thread"]


def _line(func: Callable[..., Any], marker: str) -> int:
    lines, start = inspect.getsourcelines(func)
    for offset, text in enumerate(lines):
        if marker in text:
            return start + offset
    raise AssertionError(marker)


def _code(stalls: list[Stall]) -> list[Stall]:
    return [stall for stall in stalls if stall.is_code]


def _describe(stalls: list[Stall]) -> list[Any]:
    return [
        (round(s.duration_ms), s.cause, s.starved_ms, s.gil_ms,
         [(share.frame and share.frame.line, share.samples, round(share.ms)) for share in s.lines])
        for s in stalls
    ]


# -- 1. invented stalls ---------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_short_block_then_idle_is_no_stall(method: str) -> None:
    # 60 ms of blocking then a second of idle (a timer, then waiting on a thread with no timer):
    # the gap is shorter than the threshold and must be dropped, not finished at loop stop.
    async def main() -> None:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(0.02)
        time.sleep(0.06)
        await asyncio.sleep(0.5)
        time.sleep(0.06)
        await loop.run_in_executor(None, time.sleep, 0.5)

    with sampling(THRESHOLD, method=method) as sampler:
        asyncio.run(main())
    assert _code(sampler.stalls) == [], _describe(sampler.stalls)


@pytest.mark.parametrize("method", METHODS)
def test_idle_service_waiting_on_a_socket_has_no_stall(method: str) -> None:
    async def main() -> None:
        loop = asyncio.get_running_loop()
        reader, writer = socket.socketpair()
        reader.setblocking(False)
        try:
            threading.Timer(0.8, writer.send, args=(b"x",)).start()
            assert await loop.sock_recv(reader, 1) == b"x"
        finally:
            reader.close()
            writer.close()

    with sampling(THRESHOLD, method=method) as sampler:
        asyncio.run(main())
    assert sampler.stalls == [], _describe(sampler.stalls)


@pytest.mark.parametrize("method", METHODS)
def test_blocks_in_separate_steps_are_separate_stalls(method: str) -> None:
    # Two 250 ms blocks with an `await asyncio.sleep(0)` between: two loop steps, two stalls
    # (a heartbeat would see one 500 ms absence: the next step runs before any timer).
    async def main(measured: list[float]) -> None:
        await asyncio.sleep(0.02)
        start = time.monotonic()
        time.sleep(0.25)  # FIRST
        measured.append(time.monotonic() - start)
        await asyncio.sleep(0)
        start = time.monotonic()
        time.sleep(0.25)  # SECOND
        measured.append(time.monotonic() - start)
        await asyncio.sleep(0.02)

    measured: list[float] = []
    with sampling(THRESHOLD, method=method) as sampler:
        asyncio.run(main(measured))
    stalls = _code(sampler.stalls)
    assert [stall.blocking_frame.line for stall in stalls if stall.blocking_frame] == [
        _line(main, "# FIRST"), _line(main, "# SECOND")
    ], _describe(sampler.stalls)
    for stall, seconds in zip(stalls, measured, strict=False):
        assert abs(stall.duration_ms - seconds * 1000) <= 0.2 * seconds * 1000, (stall.duration_ms, seconds)


# -- 2. the wrong line ----------------------------------------------------------------------------------


def test_a_late_sample_stands_for_the_time_it_was_held_up() -> None:
    # One sample came 300 ms late on line 10 (a C call holding the GIL returned there), then three
    # on-time samples on line 11: line 10 held the stall, whatever the sample counts say.
    app = "/app/two.py"
    late = Sample((Frame(app, 10, "main"),), at=1.30, late=0.29, in_call=True)
    after = [Sample((Frame(app, 11, "main"),), at=1.31 + 0.01 * i) for i in range(3)]
    shares = attribute([late, *after], start=1.0, end=1.34)
    assert [(share.frame.line, share.samples) for share in shares if share.frame] == [(10, 1), (11, 3)]
    assert shares[0].ms == pytest.approx(300, abs=1)
    assert sum(share.ms for share in shares) == pytest.approx(340, abs=1)


def test_ties_go_to_the_line_in_a_call_not_to_the_later_sample() -> None:
    app = "/app/two.py"
    reading = Sample((Frame(app, 5, "main"),), at=1.1, in_call=True)
    writing = Sample((Frame(app, 6, "main"),), at=1.2, in_call=False)
    for order in ([reading, writing], [writing, reading]):
        shares = attribute(order, start=1.0, end=1.2)
        assert shares[0].frame == Frame(app, 5, "main")


@pytest.mark.skipif(not ticker.available(), reason="signal ticks need Linux (timer_create)")
def test_gil_holding_call_then_short_sleep_blames_the_call() -> None:
    # sum() over a big range holds the GIL: the tick waiting for it is late and lands on the
    # calling line once; the 30 ms sleep after it gets several on-time samples. The call held
    # far more of the stall, so it is the blocking line.
    size = 10**6
    while True:  # a size that takes 250 ms of CPU or more here
        start = time.thread_time()
        sum(range(size))
        if time.thread_time() - start >= 0.25 or size > 10**9:
            break
        size *= 2

    async def main() -> None:
        await asyncio.sleep(0.02)
        sum(range(size))  # HOLDS-GIL
        time.sleep(0.03)  # SHORT
        await asyncio.sleep(0.02)

    with sampling(THRESHOLD) as sampler:
        asyncio.run(main())
    (stall,) = _code(sampler.stalls)
    assert stall.blocking_frame is not None and stall.blocking_frame.line == _line(main, "HOLDS-GIL"), _describe([stall])
    held = {share.frame.line: share.ms for share in stall.lines if share.frame}
    assert held[_line(main, "HOLDS-GIL")] > 0.6 * stall.duration_ms, _describe([stall])


# -- 3. merged blockers ---------------------------------------------------------------------------------


def crunch(seconds: float) -> None:
    """``seconds`` of CPU time (on a busy machine it takes longer, but is the same work)."""
    start = time.thread_time()
    while time.thread_time() - start < seconds:  # CRUNCH
        pass


@pytest.mark.parametrize("method", METHODS)
def test_two_blockers_in_one_step_are_both_listed(method: str) -> None:
    measured: dict[str, float] = {}

    async def main() -> None:
        await asyncio.sleep(0.02)
        start = time.monotonic()
        time.sleep(0.3)  # SLEEPER
        middle = time.monotonic()
        crunch(0.3)
        measured.update(sleep=middle - start, crunch=time.monotonic() - middle)
        await asyncio.sleep(0.02)

    with sampling(THRESHOLD, method=method) as sampler:
        asyncio.run(main())
    (stall,) = _code(sampler.stalls)
    held = {share.frame.line: share for share in stall.lines if share.frame}
    sleeper, cruncher = _line(main, "SLEEPER"), _line(crunch, "CRUNCH")
    assert set(held) >= {sleeper, cruncher}, _describe([stall])
    for line, part in ((sleeper, "sleep"), (cruncher, "crunch")):
        assert held[line].samples >= 3
        # each line's share is the time the program measured it took (one look period apart)
        expected = measured[part] * 1000
        assert abs(held[line].ms - expected) <= max(0.2 * expected, 30), (_describe([stall]), measured)
    assert sum(share.ms for share in stall.lines) == pytest.approx(stall.duration_ms, rel=0.01)


# -- 5. the machine's stalls ----------------------------------------------------------------------------


class _Clock:
    def __init__(self) -> None:
        self.value = (0.0, 0.0)

    def read(self) -> tuple[float, float]:
        return self.value

    def close(self) -> None:
        pass


class _Settings:
    threshold = 0.1
    interval = 0.01
    max_samples = 100
    context = None
    wall_offset = 0.0


def _detector(measure_gil: bool = True) -> tuple[LoopDetector, _Clock, list[Stall]]:
    found: list[Stall] = []
    detector = LoopDetector(_Settings(), "MainThread", None, arm_end=lambda: True, emit=found.append,
                            measure_gil=measure_gil)
    clock = _Clock()
    detector.clock = clock  # type: ignore[assignment]
    detector.started_at = 0.0
    return detector, clock, found


def _step_frame(start: float) -> Any:
    """A frame stack whose stock _run_once is in the step that began at ``start``."""
    import asyncio.base_events

    code = asyncio.base_events.BaseEventLoop._run_once.__code__  # type: ignore[attr-defined]

    class FakeFrame:
        f_code = code
        f_back = None
        f_lineno = 1
        f_lasti = 0
        f_locals = {"end_time": start}

    class Inner:
        f_code = crunch.__code__
        f_back = FakeFrame
        f_lineno = 3
        f_lasti = 0

    return Inner


@pytest.mark.parametrize(
    "runnable_wait, cause",
    # 500 ms steps whose own time is 40 ms (machine), 380 ms (code), 200 ms (code: a CPU-heavy step
    # on a busy machine is mostly waiting, but its own work is two thresholds long)
    [(0.46, "starved"), (0.12, "code"), (0.30, "code")], ids=["mostly-starved", "mostly-code", "cpu-heavy-on-busy-machine"]
)
def test_a_stall_mostly_spent_waiting_for_a_cpu_is_the_machines(runnable_wait: float, cause: str) -> None:
    detector, clock, found = _detector()
    frame = _step_frame(10.0)
    clock.value = (1.0, 2.0)
    detector.observe(frame, 10.02)
    clock.value = (1.0 + 0.5 - runnable_wait, 2.0 + runnable_wait)
    detector.step_ended(10.5)
    (stall,) = found
    assert stall.cause == cause
    assert stall.starved_ms == pytest.approx(runnable_wait * 1000, abs=1)
    assert stall.is_code is (cause == "code")


def test_late_looks_while_neither_running_nor_runnable_are_gil_wait() -> None:
    detector, clock, found = _detector()
    frame = _step_frame(10.0)
    clock.value = (1.0, 2.0)
    detector.observe(frame, 10.02)
    clock.value = (1.003, 2.0)  # the thread ran 3 ms, never waited for a CPU...
    detector.observe(frame, 10.45, late=0.42)  # ...and this look came 420 ms late
    detector.step_ended(10.46)
    (stall,) = found
    # it could not look for 430 ms (since the last look), of which it ran 3: 427 ms for the GIL
    assert stall.cause == "gil" and stall.gil_ms == pytest.approx(427, abs=2), _describe(found)


@pytest.mark.parametrize("method", METHODS)
def test_healthy_loop_beside_cpu_burners_has_no_code_stall(burners: Any, method: str) -> None:
    async def worker(stop: float) -> int:
        rounds = 0
        while time.monotonic() < stop:
            sum(range(300))
            await asyncio.sleep(0)
            rounds += 1
        return rounds

    async def main() -> int:
        stop = time.monotonic() + 1.5
        return sum(await asyncio.gather(*(worker(stop) for _ in range(100))))

    with sampling(THRESHOLD, method=method) as sampler:
        rounds = asyncio.run(main())
    assert rounds > 100
    assert _code(sampler.stalls) == [], _describe(sampler.stalls)


def test_idle_loop_while_another_thread_holds_the_gil_has_no_code_stall() -> None:
    # Another thread holds the GIL for a while (a long C call); the main loop only waits in its
    # selector meanwhile (and then for the GIL to come back from it): idle time, no stall.
    size = 10**6
    while True:
        start = time.thread_time()
        sum(range(size))
        if time.thread_time() - start >= 0.3 or size > 10**9:
            break
        size *= 2

    async def main() -> None:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(0.02)
        holder = threading.Thread(target=lambda: sum(range(size)))
        holder.start()
        await asyncio.sleep(0.05)  # its timer falls due while the other thread has the GIL
        await loop.run_in_executor(None, holder.join)

    with sampling(THRESHOLD) as sampler:
        asyncio.run(main())
    assert _code(sampler.stalls) == [], _describe(sampler.stalls)


# -- 6. busy wait on the loop clock in a thread's loop ----------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_busy_wait_on_loop_time_in_a_thread_loop_is_a_stall(method: str) -> None:
    async def main(measured: list[float]) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(0.02)
        start = time.monotonic()
        end, cpu = loop.time() + 0.3, time.thread_time()
        while loop.time() < end or time.thread_time() - cpu < 0.15:  # BUSY-WAIT
            pass
        measured.append(time.monotonic() - start)
        await asyncio.sleep(0.02)

    measured: list[float] = []
    with sampling(THRESHOLD, method=method) as sampler:
        thread = threading.Thread(target=lambda: asyncio.run(main(measured)), name="loop-thread")
        thread.start()
        thread.join()
    (stall,) = _code(sampler.stalls)
    assert stall.thread == "loop-thread"
    assert stall.blocking_frame is not None and stall.blocking_frame.line in {
        _line(main, "BUSY-WAIT"), _line(main, "BUSY-WAIT") + 1
    }
    assert abs(stall.duration_ms - measured[0] * 1000) <= 0.2 * measured[0] * 1000


# -- idle cost --------------------------------------------------------------------------------------------


@pytest.mark.skipif(not ticker.available(), reason="signal ticks need Linux (timer_create)")
def test_ticks_slow_down_while_the_loop_is_idle_and_speed_up_in_a_long_step() -> None:
    seen: dict[str, Any] = {}

    async def main(sampler: Any) -> None:
        await asyncio.sleep(0.3)  # idle: a few calm ticks pass
        seen["idle"] = ticker.interval()
        time.sleep(0.2)  # a long step: the ticks that see it switch to the sampling period
        seen["step"] = ticker.interval()

    with sampling(THRESHOLD) as sampler:
        asyncio.run(main(sampler))
        seen["idle_period"], seen["hot"] = sampler._idle, sampler.interval
    assert seen["idle"] == seen["idle_period"] > seen["hot"]
    assert seen["step"] == seen["hot"]
