"""AIO108 (thread and queue primitives) and AIO103 (subprocesses): the cases read on real code where
nothing can block, and advice that fits the code (a queue shared with a thread, a subprocess fallback)."""

from __future__ import annotations

import textwrap

from asyncio_lint.api import lint_source
from asyncio_lint.config import Config


def lint(source: str) -> list[tuple[int, str]]:
    result = lint_source(textwrap.dedent(source), "m.py", Config(select=("AIO108",)))
    assert result.error is None, result.error
    return [(f.line, f.message) for f in result.findings]


def lines(source: str) -> list[int]:
    return [line for line, _ in lint(source)]


def test_put_on_a_queue_without_maxsize_never_blocks() -> None:
    source = """\
        import queue
        from queue import Queue
        free = queue.Queue()
        sized = queue.Queue(maxsize=5)
        zero = queue.Queue(0)
        positional = Queue(3)
        class C:
            def __init__(self):
                self.inbox = queue.Queue()
                self.mixed = queue.Queue()
            def reset(self, n):
                self.mixed = queue.Queue(n)
            async def f(self, item):
                free.put(item)
                zero.put(item)
                self.inbox.put(item)
                sized.put(item)
                positional.put(item)
                self.mixed.put(item)
                free.get()
    """
    # unbounded: never full; bounded, or bounded in one of its assignments: may block; get() waits.
    assert lines(source) == [17, 18, 19, 20]


def test_acquire_of_a_lock_made_here_and_not_yet_shared() -> None:
    source = """\
        import threading
        async def fresh(pool):
            lock = threading.RLock()
            lock.acquire()
            pool.submit(print, lock)
        async def shared_first(pool):
            lock = threading.Lock()
            pool.submit(print, lock)
            lock.acquire()
        async def in_a_loop():
            lock = threading.Lock()
            while True:
                lock.acquire()
        LOCK = threading.Lock()
        async def module_lock():
            LOCK.acquire()
        async def same_statement(pool):
            lock = threading.Lock()
            pool.submit(print, lock) or lock.acquire()
    """
    assert lines(source) == [9, 13, 16, 19]


def test_queue_advice_never_proposes_asyncio_queue_for_a_queue_a_thread_uses() -> None:
    source = """\
        import queue
        import threading
        shared = queue.Queue(1)
        handed = queue.Queue(1)
        alone = queue.Queue(1)
        def worker():
            while True:
                shared.get()
        threading.Thread(target=worker).start()
        threading.Thread(target=print, args=(handed,)).start()
        async def f(item):
            shared.put(item, timeout=2)
            handed.put(item)
            alone.put(item)
    """
    (_, first), (_, second), (_, third) = lint(source)
    assert "`await asyncio.to_thread(shared.put, item, timeout=2)`" in first
    assert "asyncio.Queue` is not thread-safe" in first and "only coroutines" not in first
    assert "`await asyncio.to_thread(handed.put, item)`" in second and "only coroutines" not in second
    # Nothing shows a thread using it: both fixes, each with its condition.
    assert "`await asyncio.to_thread(alone.put, item)` if a thread shares the queue" in third
    assert "`asyncio.Queue`" in third and "if only coroutines use it" in third


def test_subprocess_advice_on_the_fallback_for_a_loop_without_subprocess_support() -> None:
    source = """\
        import asyncio, subprocess
        async def spawn(argv):
            try:
                return await asyncio.create_subprocess_exec(*argv)
            except NotImplementedError:
                subprocess.run(argv)
                return await fallback(argv)
        async def fallback(argv):
            return subprocess.Popen(argv)
        async def shared(argv):
            proc = subprocess.Popen(argv)
            proc.wait()
        async def caller(argv):
            try:
                await spawn(argv)
            except NotImplementedError:
                await shared(argv)
            await shared(argv)
    """
    result = lint_source(textwrap.dedent(source), "m.py", Config(select=("AIO103",)))
    found = [(f.line, f.message) for f in result.findings]
    assert [line for line, _ in found] == [6, 9, 11, 12]
    run, popen, elsewhere, wait = (message for _, message in found)
    assert "`await asyncio.to_thread(subprocess.run, ...)`" in run and "create_subprocess_exec` raises" in run
    assert "`await asyncio.to_thread(subprocess.Popen, ...)`" in popen
    # also called outside a fallback: the asyncio subprocess API is the fix there
    assert "use `await asyncio.create_subprocess_exec(...)`" in elsewhere
    assert "use `await asyncio.create_subprocess_exec(...)`" in wait


def test_waiting_for_one_submitted_job_is_advised_as_awaiting_it_in_the_executor() -> None:
    source = """\
        import concurrent.futures
        async def one(query, values):
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                for future in concurrent.futures.as_completed([pool.submit(query, values)]):
                    return future.result()
        async def several(pool, query):
            return concurrent.futures.wait([pool.submit(query, 1), pool.submit(query, 2)])
        async def keywords(pool, query):
            return concurrent.futures.wait([pool.submit(query, timeout=1)])
    """
    (_, one), (_, several), (_, keywords) = lint(source)
    assert "use `await asyncio.get_running_loop().run_in_executor(pool, query, ...)` (one job: await it)" in one
    # several jobs, or keyword arguments run_in_executor cannot pass: the general advice
    assert "asyncio.wrap_future" in several and "asyncio.wrap_future" in keywords
