"""Lock types, as data (AIO3xx: ``async with`` one of them, or ``acquire()`` it, guards state)."""

LOCK_TYPES = frozenset({
    "asyncio.Lock", "asyncio.Semaphore", "asyncio.BoundedSemaphore", "asyncio.Condition",
    "asyncio.locks.Lock", "asyncio.locks.Semaphore", "asyncio.locks.BoundedSemaphore",
    "asyncio.locks.Condition", "anyio.Lock", "anyio.Semaphore", "anyio.Condition",
    "anyio.CapacityLimiter", "trio.Lock", "trio.Semaphore", "trio.Condition", "trio.CapacityLimiter",
})
