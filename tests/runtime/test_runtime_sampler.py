"""The library API: every kind of loop is watched; stalls have the right line and duration."""

from __future__ import annotations

import asyncio
import importlib.util
import signal
import socket
import sys
import threading
import time
from typing import Any, Callable

import pytest

from asyncio_lint.runtime import attach, ticker
from asyncio_lint.runtime.sampler import Sampler, Stall, install, parse_threshold, sampling

THRESHOLD = 0.1


def _line_of(func: Callable[..., Any], marker: str) -> int:
    import inspect

    lines, start = inspect.getsourcelines(func)
    for offset, text in enumerate(lines):
        if marker in text:
            return start + offset
    raise AssertionError(marker)


def _check(stall: Stall, func: Callable[..., Any], marker: str, seconds: float) -> None:
    assert stall.blocking_frame is not None, stall
    assert stall.blocking_frame.path == __file__
    assert stall.blocking_frame.line == _line_of(func, marker)
    assert abs(stall.duration_ms - seconds * 1000) <= 0.2 * seconds * 1000, (stall.duration_ms, seconds)


async def sleeper(measured: list[float]) -> None:
    await asyncio.sleep(0.02)
    start = time.monotonic()
    time.sleep(0.4)  # BLOCK-sleep
    measured.append(time.monotonic() - start)
    await asyncio.sleep(0.02)


async def spinner(measured: list[float]) -> None:
    await asyncio.sleep(0.02)
    start, cpu = time.monotonic(), time.thread_time()
    while time.thread_time() - cpu < 0.4:  # BLOCK-cpu
        pass
    measured.append(time.monotonic() - start)
    await asyncio.sleep(0.02)


async def receiver(measured: list[float]) -> None:
    reader, writer = socket.socketpair()
    try:
        timer = threading.Timer(0.4, writer.sendall, args=(b"x",))
        start = time.monotonic()
        timer.start()
        reader.recv(1)  # BLOCK-socket
        measured.append(time.monotonic() - start)
    finally:  # (no timer.join(): waiting for the sender thread would block the loop too)
        reader.close()
        writer.close()


@pytest.mark.parametrize("method", ["auto", "thread"])
@pytest.mark.parametrize(
    "coro, marker",
    [(sleeper, "BLOCK-sleep"), (spinner, "BLOCK-cpu"), (receiver, "BLOCK-socket")],
    ids=["sleep", "cpu", "socket"],
)
def test_asyncio_run_stall(coro: Callable[..., Any], marker: str, method: str) -> None:
    measured: list[float] = []
    with sampling(THRESHOLD, method=method) as sampler:
        asyncio.run(coro(measured))
    assert len(sampler.stalls) == 1, [(s.duration_ms, s.blocking_frame) for s in sampler.stalls]
    (stall,) = sampler.stalls
    _check(stall, coro, marker, measured[0])
    assert stall.thread == threading.current_thread().name
    on_line = [stack for stack in stall.stacks if any(f.line == _line_of(coro, marker) for f in stack)]
    assert len(on_line) >= len(stall.stacks) / 2, stall.stacks
    assert sampler not in attach.active_listeners()
    if not attach.active_listeners():  # (pytest --asyncio-stalls keeps one open)
        assert not attach.is_hooked()  # the hook is gone with the last sampler


def test_busy_healthy_loop_has_no_stall() -> None:
    async def worker(stop: float) -> int:
        rounds = 0
        while time.monotonic() < stop:
            sum(range(300))  # a few microseconds of work between yields
            await asyncio.sleep(0)
            rounds += 1
        return rounds

    async def main() -> int:
        stop = time.monotonic() + 1.0
        return sum(await asyncio.gather(*(worker(stop) for _ in range(200))))

    with sampling(THRESHOLD) as sampler:
        rounds = asyncio.run(main())
    assert rounds > 1000
    assert sampler.stalls == [], [(s.duration_ms, s.blocking_frame, len(s.stacks)) for s in sampler.stalls]


def test_short_blocks_below_threshold_are_not_stalls() -> None:
    async def main() -> None:
        for _ in range(10):
            time.sleep(0.03)
            await asyncio.sleep(0.01)

    with sampling(THRESHOLD) as sampler:
        asyncio.run(main())
    assert sampler.stalls == []


def test_runner_hand_made_loop_and_thread_loops() -> None:
    measured: list[float] = []
    with sampling(THRESHOLD) as sampler:
        if sys.version_info >= (3, 11):
            with asyncio.Runner() as runner:
                runner.run(sleeper(measured))
        else:  # asyncio.Runner is new in 3.11; the other loops are still checked on 3.10
            asyncio.run(sleeper(measured))
        loop = asyncio.new_event_loop()
        try:
            loop.run_until_complete(spinner(measured))
        finally:
            loop.close()
        thread = threading.Thread(target=lambda: asyncio.run(receiver(measured)), name="worker-loop")
        thread.start()
        thread.join()
    assert len(sampler.stalls) == 3
    _check(sampler.stalls[0], sleeper, "BLOCK-sleep", measured[0])
    _check(sampler.stalls[1], spinner, "BLOCK-cpu", measured[1])
    _check(sampler.stalls[2], receiver, "BLOCK-socket", measured[2])
    assert sampler.stalls[2].thread == "worker-loop"


def test_stall_at_the_end_of_the_run_is_kept() -> None:
    async def main() -> None:
        await asyncio.sleep(0.02)
        time.sleep(0.25)  # BLOCK-last

    with sampling(THRESHOLD) as sampler:
        asyncio.run(main())
    (stall,) = sampler.stalls
    assert stall.blocking_frame is not None and stall.blocking_frame.line == _line_of(main, "BLOCK-last")


def test_install_watches_only_that_loop() -> None:
    measured: list[float] = []
    loop = asyncio.new_event_loop()
    sampler = install(loop, threshold=THRESHOLD)
    try:
        loop.run_until_complete(sleeper(measured))
        asyncio.run(spinner([]))  # another loop: not watched
    finally:
        sampler.close()
        loop.close()
    (stall,) = sampler.stalls
    _check(stall, sleeper, "BLOCK-sleep", measured[0])


def test_sampling_inside_a_running_loop() -> None:
    async def main() -> Sampler:
        with sampling(THRESHOLD) as sampler:
            await asyncio.sleep(0.02)
            time.sleep(0.25)  # BLOCK-inside
            await asyncio.sleep(0.02)
        return sampler

    sampler = asyncio.run(main())
    (stall,) = sampler.stalls
    assert stall.blocking_frame is not None and stall.blocking_frame.line == _line_of(main, "BLOCK-inside")


def test_program_behaviour_is_unchanged() -> None:
    async def main() -> str:
        await asyncio.sleep(0.01)
        raise KeyError("kept")

    with sampling(THRESHOLD) as sampler:
        with pytest.raises(KeyError, match="kept"):
            asyncio.run(main())
        loop = asyncio.new_event_loop()
        loop.run_until_complete(asyncio.sleep(0))
        with pytest.raises(RuntimeError):
            loop.run_until_complete(loop.create_task(_nested(loop)))
        loop.close()
    assert sampler.stalls == []


async def _nested(loop: asyncio.AbstractEventLoop) -> None:
    pending = asyncio.sleep(0)
    try:
        loop.run_until_complete(pending)  # "This event loop is already running"
    finally:
        pending.close()


def test_on_stall_callback_and_context_tag() -> None:
    seen: list[Stall] = []
    with sampling(THRESHOLD, on_stall=seen.append) as sampler:
        sampler.context = "tag"
        asyncio.run(sleeper([]))
    assert seen == sampler.stalls and seen[0].context == "tag"


@pytest.mark.skipif(importlib.util.find_spec("uvloop") is None, reason="uvloop not installed")
def test_uvloop() -> None:
    import uvloop

    measured: list[float] = []
    with sampling(THRESHOLD) as sampler:
        uvloop.run(sleeper(measured))
    (stall,) = sampler.stalls
    _check(stall, sleeper, "BLOCK-sleep", measured[0])


@pytest.mark.parametrize(
    "text, seconds",
    [("100ms", 0.1), ("0.1s", 0.1), ("100", 0.1), ("1.5s", 1.5), (" 250 ms ", 0.25), ("2S", 2.0), (50, 0.05)],
)
def test_parse_threshold(text: Any, seconds: float) -> None:
    assert parse_threshold(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "abc", "0", "0ms", "-1s", "1m", "ms"])
def test_parse_threshold_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="threshold"):
        parse_threshold(text)


def test_stall_followed_by_an_idle_wait_ends_when_the_loop_goes_idle() -> None:
    # After the block the loop waits in its selector with no timer (so it does not read its
    # clock): the watchdog sees it idle and ends the stall between its last two samples.
    async def main(measured: list[float]) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.sleep(0.02)
        start = time.monotonic()
        time.sleep(0.4)  # BLOCK-then-idle
        measured.append(time.monotonic() - start)
        await loop.run_in_executor(None, time.sleep, 0.2)

    measured: list[float] = []
    with sampling(THRESHOLD) as sampler:
        asyncio.run(main(measured))
    (stall,) = sampler.stalls
    _check(stall, main, "BLOCK-then-idle", measured[0])


def test_c_call_holding_the_gil_is_caught_when_it_returns() -> None:
    # A regex backtracking for a few hundred ms never lets the watchdog run; it still sees the
    # loop away (its clock has not moved) right after the call, on the calling line.
    import re

    pattern = re.compile(r"(a+)+$")
    size = 16
    while True:  # find an input that takes 300-900 ms on this machine
        start = time.monotonic()
        pattern.match("a" * size + "b")
        took = time.monotonic() - start
        if took >= 0.3 or size > 30:
            break
        size += 1

    async def main(measured: list[float]) -> None:
        await asyncio.sleep(0.02)
        start = time.monotonic()
        pattern.match("a" * size + "b")  # BLOCK-gil
        measured.append(time.monotonic() - start)
        await asyncio.sleep(0.02)

    measured: list[float] = []
    with sampling(THRESHOLD) as sampler:
        asyncio.run(main(measured))
    (stall,) = sampler.stalls
    _check(stall, main, "BLOCK-gil", measured[0])


def test_two_samplers_share_a_loop() -> None:
    measured: list[float] = []
    with sampling(THRESHOLD) as outer:
        with sampling(THRESHOLD) as inner:
            asyncio.run(sleeper(measured))
        asyncio.run(spinner(measured))
    assert len(inner.stalls) == 1 and len(outer.stalls) == 2
    _check(inner.stalls[0], sleeper, "BLOCK-sleep", measured[0])
    _check(outer.stalls[0], sleeper, "BLOCK-sleep", measured[0])
    _check(outer.stalls[1], spinner, "BLOCK-cpu", measured[1])
    loop = asyncio.new_event_loop()
    try:
        assert getattr(loop.time, "__func__", None) is asyncio.BaseEventLoop.time
    finally:
        loop.close()


def test_program_replacing_loop_time_falls_back_to_a_timer_heartbeat() -> None:
    async def main(measured: list[float]) -> None:
        loop = asyncio.get_running_loop()
        loop.time = time.monotonic  # type: ignore[method-assign]  # e.g. a test's own clock
        for _ in range(30):  # healthy for a while: no stall may be invented
            sum(range(2000))
            await asyncio.sleep(0.01)
        start = time.monotonic()
        time.sleep(0.4)  # BLOCK-own-clock
        measured.append(time.monotonic() - start)
        await asyncio.sleep(0.05)

    measured: list[float] = []
    with sampling(THRESHOLD) as sampler:
        asyncio.run(main(measured))
    (stall,) = sampler.stalls
    _check(stall, main, "BLOCK-own-clock", measured[0])


def _watchdog_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "asyncio-lint-stall-watchdog"]


@pytest.mark.skipif(not ticker.available(), reason="signal ticks need Linux (timer_create)")
def test_main_thread_loop_is_watched_by_signal_ticks_with_nothing_per_iteration() -> None:
    # The cheap path (benchmarks/bench_sampler.py): no watchdog thread to take the GIL from the
    # loop, and BaseEventLoop.time left alone (hooking it costs every iteration).
    seen: dict[str, Any] = {}

    async def main() -> None:
        await asyncio.sleep(0.02)
        seen["threads"] = _watchdog_threads()
        seen["time"] = asyncio.BaseEventLoop.time
        seen["handler"] = ticker._ticker is not None and signal.getsignal(ticker._ticker.signum)
        time.sleep(0.25)  # BLOCK-ticked

    with sampling(THRESHOLD) as sampler:
        asyncio.run(main())
        signum = next(iter(ticker._owned_signals))
        assert ticker._ticker is None  # the timer went with the loop
    assert seen["threads"] == [] and seen["time"] is attach._stock_time
    assert callable(seen["handler"])
    assert signal.getsignal(signum) == signal.SIG_IGN  # a late tick is dropped, never fatal
    (stall,) = sampler.stalls
    assert stall.blocking_frame is not None and stall.blocking_frame.line == _line_of(main, "BLOCK-ticked")
    assert len(stall.stacks) >= 10  # sampled every 10 ms during the 250 ms


def test_thread_method_uses_the_watchdog_thread() -> None:
    seen: list[Any] = []

    async def main() -> None:
        await asyncio.sleep(0.02)
        seen.append(_watchdog_threads())

    with sampling(THRESHOLD, method="thread"):
        asyncio.run(main())
    assert len(seen[0]) == 1 and ticker._ticker is None


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="method"):
        Sampler(THRESHOLD, method="fast")


def test_system_calls_interrupted_by_ticks_complete_normally(tmp_path: Any) -> None:
    # Ticks interrupt blocking calls in the main thread; Python retries them (PEP 475), so the
    # program sees the same results: sleeps last as long, reads get their data, children run.
    import subprocess

    async def main() -> tuple[float, bytes, str]:
        await asyncio.sleep(0.01)
        start = time.monotonic()
        time.sleep(0.15)
        slept = time.monotonic() - start
        reader, writer = socket.socketpair()
        threading.Timer(0.15, writer.sendall, args=(b"data",)).start()
        got = reader.recv(4)
        reader.close()
        writer.close()
        out = subprocess.run([sys.executable, "-c", "import time; time.sleep(0.15); print('ok')"],
                             capture_output=True, text=True, check=True).stdout
        return slept, got, out

    with sampling(THRESHOLD):
        slept, got, out = asyncio.run(main())
    assert slept >= 0.15 and got == b"data" and out == "ok\n"
