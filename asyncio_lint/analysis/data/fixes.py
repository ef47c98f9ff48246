"""What the AIO1xx fixes may rewrite a blocking call of the catalogue to, as data.

* :data:`ASYNC_EQUIVALENTS`: calls with an async equivalent that takes the same arguments (or, with
  ``receiver``, the call's receiver as its only argument), awaited in place;
* :data:`OPEN_ONE_SHOT`: ``open(path, mode).read()`` / ``.write(data)`` on one expression, rewritten
  to pathlib's one-shot method run in a thread;
* :data:`NO_THREAD_FIX`: calls that must not be moved to a worker thread, because the object they
  act on belongs to the thread that made it; everything else in the catalogue may be wrapped in
  ``await asyncio.to_thread(...)`` (an unsafe fix: the callee then runs in another thread).
"""

from __future__ import annotations

from dataclasses import dataclass

from asyncio_lint.types import SAFE, UNSAFE


@dataclass(frozen=True)
class Equivalent:
    callee: str                         # dotted, its first part a module: "asyncio.sleep"
    applicability: str                  # types.SAFE | types.UNSAFE
    max_positional: int                 # more positional arguments: not mechanical, no fix
    keywords: frozenset[str] = frozenset()  # keyword arguments that mean the same there
    receiver: bool = False              # ``fut.result()`` -> ``await asyncio.wrap_future(fut)``


ASYNC_EQUIVALENTS: dict[str, Equivalent] = {
    "time.sleep": Equivalent("asyncio.sleep", SAFE, 1),
    # Awaiting the wrapper also cancels the future when the awaiting task is cancelled.
    "concurrent.futures.Future.result": Equivalent("asyncio.wrap_future", UNSAFE, 0, receiver=True),
    # The loop's resolver runs the same function in the default executor; its family, type, proto
    # and flags are keyword-only there.
    "socket.getaddrinfo": Equivalent("asyncio.get_running_loop().getaddrinfo", UNSAFE, 2,
                                     frozenset({"family", "type", "proto", "flags"})),
    "socket.getnameinfo": Equivalent("asyncio.get_running_loop().getnameinfo", UNSAFE, 2),
}

OPENERS = frozenset({"builtins.open", "io.open"})
# open() mode -> (the file method called on it, the pathlib.Path method doing both in one call)
OPEN_ONE_SHOT: dict[str, tuple[str, str]] = {
    "r": ("read", "read_text"), "rt": ("read", "read_text"), "rb": ("read", "read_bytes"),
    "w": ("write", "write_text"), "wt": ("write", "write_text"), "wb": ("write", "write_bytes"),
}
OPEN_TEXT_KEYWORDS = frozenset({"encoding", "errors"})

NO_THREAD_FIX = frozenset({
    # An RLock (resolved as a Lock) is owned by the thread that acquired it; a Condition must be
    # waited on by the thread that holds its lock.
    "threading.Lock.acquire", "threading.Condition.wait", "threading.Condition.wait_for",
    # Lazy iterators: the thread would return at once, and the iteration would still block the loop.
    "concurrent.futures.as_completed", "os.walk", "os.scandir", "glob.iglob",
    "pathlib.Path.iterdir", "pathlib.Path.glob", "pathlib.Path.rglob",
    # sqlite3 objects may only be used in the thread that created them (check_same_thread).
    "sqlite3.connect",
    *(f"sqlite3.Cursor.{m}" for m in ("execute", "executemany", "fetchone", "fetchall", "fetchmany", "callproc")),
    *(f"sqlite3.Connection.{m}" for m in ("execute", "executemany", "executescript", "commit", "rollback")),
})

# Offloading functions that pass keyword arguments on to the callable (AIO501's fix keeps them);
# the others (anyio's and trio's run_sync) take keywords of their own.
PASSES_KEYWORDS = frozenset({
    "asyncio.to_thread", "asyncio.threads.to_thread", "starlette.concurrency.run_in_threadpool",
    "fastapi.concurrency.run_in_threadpool",
})
