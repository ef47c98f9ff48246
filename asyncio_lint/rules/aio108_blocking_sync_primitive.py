import libcst as cst

from asyncio_lint.analysis.blocking import shared_with_sync_code
from asyncio_lint.rules._blocking import BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingSyncPrimitive(BlockingCallRule):
    """
    ## What it does
    Flags waiting on thread and queue primitives whose type is visible: `queue.Queue.get/put`, `threading.Lock.acquire`, `Event.wait`, `Thread.join`, `concurrent.futures.Future.result`, `concurrent.futures.wait` inside a coroutine.

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

    Not flagged: `put()` on a queue built without a `maxsize` (it is never full), `block=False`,
    `get_nowait()`, and `acquire()` of a `threading.Lock` the coroutine has just made and not yet
    shared (no other thread can hold it).
    """

    CODE = "AIO108"
    NAME = "blocking-sync-primitive"
    KIND = "sync-primitive"
    FIX = 'the asyncio counterpart, or `await asyncio.to_thread(...)`'
    MESSAGE = "`{call}()` blocks the event loop; use {fix} instead"
    QUEUE_FIX = "`await asyncio.to_thread({call})`"

    def fix_for(self, name: str, fix: str, call: cst.Call) -> str:
        if not name.startswith("queue.Queue.") or not isinstance(call.func, cst.Attribute):
            return fix
        code = self.context.code_of
        to_thread = self.QUEUE_FIX.format(call=", ".join(
            [code(call.func)] + [code(arg).strip().rstrip(",") for arg in call.args]))
        if shared_with_sync_code(self.context, call):
            return f"{to_thread} (sync code shares this queue, and `asyncio.Queue` is not thread-safe)"
        return f"{to_thread} if a thread shares the queue, or {fix} if only coroutines use it"

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
