from asyncio_lint.rules._blocking import BlockingCallRule
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
    ```python
    import asyncio

    jobs = asyncio.Queue()

    async def worker():
        item = await jobs.get()
    ```

    ## Fix safety
    `future.result()` becomes `await asyncio.wrap_future(future)` (unsafe: cancelling the waiting
    task now cancels the future too). `Lock.acquire()` (an `RLock` is owned by the thread that
    acquires it) and `Condition.wait()` (its lock must be held by the waiting thread) get no fix;
    other calls get the thread fix.

    The fix runs the call in a worker thread: `f(a, b=c)` becomes
    `await asyncio.to_thread(f, a, b=c)` (`import asyncio` is added when missing). It is unsafe:
    the callee then runs in another thread while the loop goes on, so code that is not
    thread-safe, or an object bound to the thread that made it, can break; the arguments are
    still evaluated on the loop, as before. No fix is offered where `await` cannot go (a
    generator expression, a lambda) or where the name `asyncio` means something else.
    """

    CODE = "AIO108"
    NAME = "blocking-sync-primitive"
    KIND = "sync-primitive"
    FIX = 'the asyncio counterpart, or `await asyncio.to_thread(...)`'
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    VALID = [
        Valid('import queue\nq = queue.Queue()\nasync def f():\n    return q.get(block=False)\n'),
        Valid('import queue\nq = queue.Queue()\nasync def f():\n    return q.get_nowait()\n'),
        Valid('import asyncio\nq = asyncio.Queue()\nasync def f():\n    return await q.get()\n'),
        Valid('import threading\nlock = threading.Lock()\nasync def f():\n    return lock.acquire(blocking=False)\n'),
    ]
    INVALID = [
        Invalid('import queue\nq = queue.Queue()\nasync def f():\n    return q.get()  # expect: AIO108\n'),
        Invalid('import threading\nasync def f():\n    t = threading.Thread(target=print)\n    t.start()\n    t.join()  # expect: AIO108\n'),
        Invalid('from concurrent.futures import ThreadPoolExecutor\nasync def f(pool: ThreadPoolExecutor):\n    fut = pool.submit(print)\n    return fut.result()  # expect: AIO108\n'),
    ]
