"""Callbacks and tasks, as data (the AIO4xx rules; analysis/callbacks.py reads it).

* :data:`REGISTRARS`: methods that register a plain (sync) callback, keyed by *method name* (they are
  distinctive enough to match on any receiver: ``loop``, ``asyncio.get_running_loop()``,
  ``self._loop``, a future), valued by the position of the callback argument. Users add their own
  with ``callback-registrars`` (see config.py): a bare name matches any method or function of that
  name, a dotted name matches the call resolved to that qualified name.
* :data:`TASK_FACTORIES`: calls that schedule a coroutine as a task and return the only strong
  reference to it (the loop keeps a weak one).
* :data:`TASK_GROUP_TYPES`: classes whose ``create_task`` keeps the task alive itself.
* :data:`COROUTINE_FUNCTIONS`: library coroutine functions that are sometimes passed as callbacks.
"""

from __future__ import annotations

import re

# method name -> index of the callback among the positional arguments
REGISTRARS: dict[str, int] = {
    "add_done_callback": 0,      # asyncio.Future / Task, concurrent.futures.Future
    "call_soon": 0,
    "call_soon_threadsafe": 0,
    "call_later": 1,             # call_later(delay, callback, *args)
    "call_at": 1,                # call_at(when, callback, *args)
    "add_reader": 1,             # add_reader(fd, callback, *args)
    "add_writer": 1,
    "add_signal_handler": 1,     # add_signal_handler(sig, callback, *args)
}

# Bytes one of which is in every file where a built-in registrar is called.
REGISTRAR_TRIGGERS: tuple[bytes, ...] = (
    b"add_done_callback", b"call_soon", b"call_later", b"call_at", b"add_reader", b"add_writer",
    b"add_signal_handler",
)

TASK_FACTORIES: frozenset[str] = frozenset({
    "asyncio.create_task", "asyncio.ensure_future",
    "asyncio.tasks.create_task", "asyncio.tasks.ensure_future",
    "asyncio.AbstractEventLoop.create_task", "asyncio.events.AbstractEventLoop.create_task",
    "asyncio.BaseEventLoop.create_task", "asyncio.base_events.BaseEventLoop.create_task",
    "uvloop.Loop.create_task",
})
TASK_FACTORY_METHODS = frozenset({"create_task", "ensure_future"})

TASK_GROUP_TYPES: frozenset[str] = frozenset({
    "asyncio.TaskGroup", "asyncio.taskgroups.TaskGroup",
})

# A receiver whose name says "task group" (``tg``, ``task_group``, ``self._group``, ``nursery``):
# its type is unknown (a parameter, an attribute set elsewhere), but its ``create_task`` needs a
# coroutine all the same (AIO507).
TASK_GROUP_NAME_RE = re.compile(r"(^|_)(tg|tgs|taskgroup|group|nursery|scope)s?$", re.IGNORECASE)

COROUTINE_FUNCTIONS: frozenset[str] = frozenset({
    "asyncio.sleep", "asyncio.wait", "asyncio.wait_for", "asyncio.open_connection",
    "asyncio.open_unix_connection", "asyncio.start_server", "asyncio.start_unix_server",
    "asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell", "asyncio.to_thread",
    "asyncio.staggered.staggered_race",
    "asyncio.Queue.put", "asyncio.Queue.get", "asyncio.Queue.join",
    "asyncio.Event.wait", "asyncio.Lock.acquire", "asyncio.Semaphore.acquire",
    "asyncio.Condition.wait", "asyncio.Condition.wait_for",
})
