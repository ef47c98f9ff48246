"""Types the catalogue's libraries (analysis/data/libraries/) do not own: asyncio's own classes
and the factories of event loops, executors and password hashers, which the AIO2xx, AIO4xx and
AIO5xx analyses look for. Keyed by qualified name; values are class names.

Every rule family reads these tables through the resolver; add a type here (or to a library
section) once and every catalogue that lists its methods can see through variables, ``self.``
attributes, ``with ... as`` targets and annotations.
"""

from __future__ import annotations

from asyncio_lint.analysis.data.blocking import same

# Calling the key returns an instance of the value.
RETURNS: dict[str, str] = {
    # asyncio's synchronisation primitives and queues (AIO505: their coroutine methods; AIO3xx: locks)
    **same("asyncio.Lock", "asyncio.Event", "asyncio.Condition", "asyncio.Semaphore",
           "asyncio.BoundedSemaphore", "asyncio.Barrier", "asyncio.Queue", "asyncio.PriorityQueue",
           "asyncio.LifoQueue"),
    **{f"asyncio.locks.{name}": f"asyncio.{name}"
       for name in ("Lock", "Event", "Condition", "Semaphore", "BoundedSemaphore", "Barrier")},
    **{f"asyncio.queues.{name}": f"asyncio.{name}" for name in ("Queue", "PriorityQueue", "LifoQueue")},
    # task groups (AIO402: their create_task keeps the task)
    "asyncio.TaskGroup": "asyncio.TaskGroup",
    "asyncio.taskgroups.TaskGroup": "asyncio.TaskGroup",
    # event loops and executors (AIO5xx, analysis/loop_api.py)
    "concurrent.futures.InterpreterPoolExecutor": "concurrent.futures.InterpreterPoolExecutor",
    "asyncio.get_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.get_running_loop": "asyncio.AbstractEventLoop",
    "asyncio.new_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.events.get_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.events.get_running_loop": "asyncio.AbstractEventLoop",
    "asyncio.events.new_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.SelectorEventLoop": "asyncio.AbstractEventLoop",
    "asyncio.ProactorEventLoop": "asyncio.AbstractEventLoop",
    "uvloop.new_event_loop": "asyncio.AbstractEventLoop",
    "asyncio.Runner": "asyncio.Runner",
    # password hashers and key derivation (AIO201, analysis/cpu.py)
    **same("argon2.PasswordHasher", "passlib.context.CryptContext",
           "cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC",
           "cryptography.hazmat.primitives.kdf.scrypt.Scrypt"),
    "argon2.PasswordHasher.from_parameters": "argon2.PasswordHasher",
}

# Calls whose result type depends on a literal argument: name -> (keyword, position, literal, class).
ARGUMENT_RETURNS: dict[str, tuple[str, int, object, str]] = {
    "sqlite3.connect": ("database", 0, ":memory:", "sqlite3.MemoryConnection"),  # no I/O
}
