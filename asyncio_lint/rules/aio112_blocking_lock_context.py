from asyncio_lint.rules._blocking import BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingLockContext(BlockingCallRule):
    """
    ## What it does
    Flags a plain `with` on a `threading` or `multiprocessing` lock, semaphore or condition inside
    a coroutine (`with self._lock:`): entering it is `acquire()` without a timeout, which AIO108
    reports when it is written out.

    Off by default: the `with` waits only while another thread holds the lock, and most critical
    sections shared with worker threads last microseconds. Select it (`--select AIO112`) for code
    whose threads hold such a lock across I/O.

    ## Why is this bad?
    While a worker thread holds the lock, the loop thread waits for it and nothing else runs. If
    the coroutine awaits inside the block, another task that enters the same `with` blocks the
    loop for good: the holder can never resume to release it.

    ## Example
    ```python
    import threading

    state_lock = threading.Lock()

    async def update(state, key, value):
        with state_lock:
            state[key] = value
    ```

    ## Use instead
    ```python
    import asyncio

    state_lock = asyncio.Lock()

    async def update(state, key, value):
        async with state_lock:
            state[key] = value
    ```
    (when threads share the data, hand the update to one of them, or keep the critical section
    short and document it).
    """

    CODE = "AIO112"
    FIX_AVAILABILITY = None  # (a `with` block has no mechanical rewrite)
    NAME = "blocking-lock-context"
    KIND = "lock"
    FIX = "`asyncio.Lock` (`async with lock:`)"
    MESSAGE = "`{call}` blocks the event loop while another thread holds it; use {fix} instead"
    DEFAULT_ENABLED = False
    VALID = [
        Valid("import asyncio\nlock = asyncio.Lock()\nasync def f():\n    async with lock:\n        pass\n"),
        Valid("import threading\nlock = threading.Lock()\ndef f():\n    with lock:\n        pass\n"),
        Valid("import threading\nlock = threading.Lock()\nasync def f():\n    if lock.acquire(blocking=False):\n"
              "        lock.release()\n"),
    ]
    INVALID = [
        Invalid("import threading\nlock = threading.Lock()\nasync def f():\n    with lock:  # expect: AIO112\n"
                "        pass\n"),
        Invalid("import threading\nclass Cache:\n    def __init__(self):\n        self._lock = threading.RLock()\n"
                "    async def put(self, k, v):\n        with self._lock:  # expect: AIO112\n            self.k = v\n"),
    ]
