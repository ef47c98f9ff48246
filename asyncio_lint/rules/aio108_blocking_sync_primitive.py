from __future__ import annotations

import libcst as cst

from asyncio_lint.analysis.blocking import shared_with_sync_code
from asyncio_lint.rules._blocking import THREAD_FIX_SAFETY, BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingSyncPrimitive(BlockingCallRule):
    """
    ## What it does
    Flags waiting on thread and process primitives whose type is visible inside a coroutine:
    `queue.Queue.get/put`, `threading.Lock.acquire`, `Semaphore.acquire`, `Event.wait`,
    `Condition.wait`, `Thread.join`, `concurrent.futures.Future.result`, `concurrent.futures.wait`,
    `multiprocessing` queues, locks, `Process.join` and pool calls, and the futures of SDKs
    (`kafka` sends, S3 transfers, Cassandra queries, paho's `wait_for_publish`). `with lock:` on a
    thread lock is AIO112 (off by default).

    ## Why is this bad?
    These block the thread until another thread acts. On the loop thread that stalls everything, and
    if the other side needs the loop to make progress, it deadlocks.

    ## Example
    ```python
    import queue

    jobs = queue.Queue()

    async def worker():
        item = jobs.get()
    ```

    ## Use instead
    When only coroutines use the queue:
    ```python
    import asyncio

    jobs = asyncio.Queue()

    async def worker():
        item = await jobs.get()
    ```
    When a thread shares it (`asyncio.Queue` is not thread-safe), wait for it in a worker thread:
    `item = await asyncio.to_thread(jobs.get)`. The message proposes only that when the file shows
    the queue used by sync code (a method of it called in a `def`, or the queue passed as an argument).

    Waiting for one job submitted to an executor (`as_completed([pool.submit(fn, x)])`) is awaiting
    it: `await loop.run_in_executor(pool, fn, x)`.

    Not flagged: `put()` on a queue built without a `maxsize` (it is never full), `block=False`,
    `get_nowait()`, and `acquire()` of a `threading.Lock` the coroutine has just made and not yet
    shared (no other thread can hold it).

    ## Fix safety
    `future.result()` becomes `await asyncio.wrap_future(future)` (unsafe: cancelling the waiting
    task now cancels the future too). `Lock.acquire()` (an `RLock` is owned by the thread that
    acquires it) and `Condition.wait()` (its lock must be held by the waiting thread) get no fix;
    other calls get the thread fix.

    """

    CODE = "AIO108"
    NAME = "blocking-sync-primitive"
    KIND = "sync-primitive"
    FIX_SAFETY = THREAD_FIX_SAFETY
    FIX = 'the asyncio counterpart, or `await asyncio.to_thread(...)`'
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    QUEUE_FIX = "`await asyncio.to_thread({call})`"

    def fix_for(self, name: str, fix: str, call: cst.Call) -> str:
        if name in ("concurrent.futures.as_completed", "concurrent.futures.wait"):
            return self._one_submission(call) or fix
        if not name.startswith("queue.Queue.") or not isinstance(call.func, cst.Attribute):
            return fix
        code = self.context.code_of
        to_thread = self.QUEUE_FIX.format(call=", ".join(
            [code(call.func)] + [code(arg).strip().rstrip(",") for arg in call.args]))
        if shared_with_sync_code(self.context, call):
            return f"{to_thread} (sync code shares this queue, and `asyncio.Queue` is not thread-safe)"
        return f"{to_thread} if a thread shares the queue, or {fix} if only coroutines use it"

    def _one_submission(self, call: cst.Call) -> str | None:
        """``as_completed([pool.submit(fn, a)])``: one job waited for; awaiting it in the executor
        says it simply (``run_in_executor`` takes no keyword arguments)."""
        first = call.args[0].value if call.args and call.args[0].keyword is None else None
        if not isinstance(first, (cst.List, cst.Tuple)) or len(first.elements) != 1:
            return None
        job = first.elements[0].value
        if (not isinstance(job, cst.Call) or not isinstance(job.func, cst.Attribute)
                or job.func.attr.value != "submit" or not job.args
                or any(arg.keyword is not None or arg.star for arg in job.args)):
            return None
        code = self.context.code_of
        parts = [code(job.func.value), code(job.args[0].value)] + (["..."] if len(job.args) > 1 else [])
        if any("\n" in part or len(part) > 60 for part in parts):
            return None
        return f"`await asyncio.get_running_loop().run_in_executor({', '.join(parts)})` (one job: await it)"

    VALID = [
        Valid('import queue\nq = queue.Queue()\nasync def f():\n    return q.get(block=False)\n'),
        Valid('import queue\nq = queue.Queue()\nasync def f():\n    return q.get_nowait()\n'),
        Valid('import asyncio\nq = asyncio.Queue()\nasync def f():\n    return await q.get()\n'),
        Valid('import threading\nlock = threading.Lock()\nasync def f():\n    return lock.acquire(blocking=False)\n'),
        Valid('import queue\nq = queue.Queue()\nasync def f(item):\n    q.put(item)\n'),
        Valid('import threading\nasync def f():\n    lock = threading.Lock()\n    lock.acquire()\n'),
    ]
    INVALID = [
        Invalid('import queue\nq = queue.Queue()\nasync def f():\n    return q.get()  # expect: AIO108\n'),
        Invalid('import threading\nasync def f():\n    t = threading.Thread(target=print)\n    t.start()\n    t.join()  # expect: AIO108\n'),
        Invalid('from concurrent.futures import ThreadPoolExecutor\nasync def f(pool: ThreadPoolExecutor):\n    fut = pool.submit(print)\n    return fut.result()  # expect: AIO108\n'),
    ]
