"""Event-loop and executor API, as data (the AIO5xx rules; analysis/loop_api.py reads it).

Keyed by qualified name (see ``analysis/names.py``) or, for methods whose name is distinctive
enough, by the bare method name:

* :data:`OFFLOAD_FUNCTIONS`: functions that run a *sync* callable in a worker thread, and where the
  callable goes (positional index, keyword);
* :data:`EXECUTOR_METHODS` / :data:`POOL_METHODS`: methods of executors and ``multiprocessing``
  pools that run a callable elsewhere (the receiver's type must be visible);
* :data:`EXECUTOR_TYPES`, :data:`NOT_EXECUTOR_TYPES`, :data:`LOOP_TYPES`;
* :data:`LOOP_RUNNERS`: calls that start an event loop (nested inside a coroutine they fail);
* :data:`LOOP_GETTERS`: ``asyncio.get_event_loop`` and its aliases.
"""

# Where the callable goes: (positional index, keyword name).
Slot = tuple[int, str]

# Module-level functions that run a sync callable in a thread. Calling them with an ``async def``
# only creates a coroutine object in the worker, which nobody awaits.
OFFLOAD_FUNCTIONS: dict[str, Slot] = {
    "asyncio.to_thread": (0, "func"),
    "asyncio.threads.to_thread": (0, "func"),
    "anyio.to_thread.run_sync": (0, "func"),
    "trio.to_thread.run_sync": (0, "sync_fn"),
    "starlette.concurrency.run_in_threadpool": (0, "func"),
    "fastapi.concurrency.run_in_threadpool": (0, "func"),
    "asgiref.sync.sync_to_async": (0, "func"),
}


# ``<anything>.run_in_executor(executor, func, *args)``: the method name is distinctive enough to
# trust on any receiver (event loops of every flavour spell it the same).
RUN_IN_EXECUTOR = "run_in_executor"
RUN_IN_EXECUTOR_SLOTS: dict[str, Slot] = {"executor": (0, "executor"), "func": (1, "func")}
SET_DEFAULT_EXECUTOR = "set_default_executor"

# Methods of a ``concurrent.futures.Executor`` that run a callable in a worker.
EXECUTOR_METHODS: dict[str, Slot] = {"submit": (0, "fn"), "map": (0, "fn")}
# Methods of a ``multiprocessing`` pool that run a callable in a worker.
POOL_METHODS: dict[str, Slot] = {
    name: (0, "func") for name in (
        "apply", "apply_async", "map", "map_async", "imap", "imap_unordered", "starmap", "starmap_async")
}

EXECUTOR_TYPES = frozenset({
    "concurrent.futures.Executor",
    "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.ProcessPoolExecutor",
    "concurrent.futures.InterpreterPoolExecutor",
    "concurrent.futures._base.Executor",
})
# Executors ``loop.set_default_executor()`` rejects (it wants a ThreadPoolExecutor, since 3.11).
NOT_DEFAULT_EXECUTOR_TYPES = frozenset({"concurrent.futures.ProcessPoolExecutor"})
# Objects people pass as an executor that are not one, with what to use instead.
NOT_EXECUTOR_TYPES: dict[str, str] = {
    "multiprocessing.pool.Pool": "`concurrent.futures.ProcessPoolExecutor()`",
    "multiprocessing.pool.ThreadPool": "`concurrent.futures.ThreadPoolExecutor()`",
}
POOL_TYPES = frozenset(NOT_EXECUTOR_TYPES)

LOOP_TYPES = frozenset({
    "asyncio.AbstractEventLoop", "asyncio.events.AbstractEventLoop", "asyncio.BaseEventLoop",
    "asyncio.base_events.BaseEventLoop", "asyncio.SelectorEventLoop", "asyncio.ProactorEventLoop",
    "uvloop.Loop",
})

# Calls that start (and run) an event loop: inside a coroutine one is already running.
LOOP_RUNNERS = frozenset({
    "asyncio.run", "asyncio.runners.run", "asyncio.Runner.run", "anyio.run", "uvloop.run",
})
# Loop methods that run the loop; ``run_until_complete`` is distinctive on any receiver,
# ``run_forever`` (also a websocket-client and APScheduler method) only on a visible loop.
RUN_UNTIL_COMPLETE = "run_until_complete"
RUN_FOREVER = "run_forever"
LOOP_RUN_METHODS = frozenset({RUN_UNTIL_COMPLETE, RUN_FOREVER})

LOOP_GETTERS = frozenset({"asyncio.get_event_loop", "asyncio.events.get_event_loop"})

# Decorators that leave an ``async def`` a coroutine function (anything else may wrap it).
TRANSPARENT_DECORATORS = frozenset({"staticmethod", "classmethod", "abstractmethod", "override", "wraps"})

# Decorators that make a sync function run in a worker when called (it returns at once, or returns
# an awaitable): calling it from a coroutine does not block. Value: the keyword argument the
# decorator needs for that (``@work(thread=True)``), or None.
OFFLOAD_DECORATORS: dict[str, tuple[str, object] | None] = {
    "textual.work": ("thread", True),
    "textual.worker.work": ("thread", True),
    "asgiref.sync.sync_to_async": None,
    "asyncer.asyncify": None,
    "anyio.to_thread.run_sync": None,
}

# Modules whose importers' coroutines another driver runs, not an asyncio event loop: nothing they
# do stalls a loop, so the blocking and CPU rules (AIO1xx, AIO2xx, AIO503) skip them. Value: why.
FOREIGN_DRIVERS: dict[str, str] = {
    # Every component's ``to_code`` and the helpers it awaits are stepped one after another at build
    # time by ``esphome.coroutine.FakeEventLoop``; the firmware is the product, no loop is shared.
    "esphome.codegen": "ESPHome's code generation (esphome.coroutine.FakeEventLoop)",
}
