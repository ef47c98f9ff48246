"""The AIO4xx catalogues (data) and the analysis the callback/task rules share.

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
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import libcst as cst

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.config import Config

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
# its type is unknown (a parameter, an attribute set elsewhere) but its ``create_task`` keeps the task.
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

# Decorators that leave an ``async def`` a coroutine function.
_TRANSPARENT_DECORATORS = frozenset({"staticmethod", "classmethod", "functools.wraps", "wraps"})


class Registration(NamedTuple):
    name: str                 # what the message calls it: "call_soon", "mylib.on"
    callback: cst.BaseExpression | None  # None: hidden in ``*args``


class Registrars(NamedTuple):
    methods: dict[str, int]                            # ``x.NAME(...)``: built-ins and bare user names
    functions: dict[str, int]                          # ``NAME(...)``: bare user names
    dotted: dict[str, tuple[tuple[str, int], ...]]     # last component -> (qualified name, index)


@lru_cache(maxsize=8)
def registrars_for(config: "Config") -> Registrars:
    """The built-in registrars merged with the configuration's ``callback-registrars``."""
    methods = dict(REGISTRARS)
    functions: dict[str, int] = {}
    dotted: dict[str, list[tuple[str, int]]] = {}
    for name, index in getattr(config, "callback_registrars", ()):
        if "." in name:
            dotted.setdefault(name.rsplit(".", 1)[1], []).append((name, index))
        else:
            methods[name] = functions[name] = index
    return Registrars(methods, functions, {k: tuple(v) for k, v in dotted.items()})


def registration(context: "FileContext", call: cst.Call) -> Registration | None:
    """The registrar called by ``call`` and its callback argument, or None (memoised per call)."""
    func = call.func
    shared = context.shared
    registrars = shared.get("aio4.registrars")
    if registrars is None:  # (hashing the Config for the lru_cache on every call would cost more)
        registrars = shared["aio4.registrars"] = registrars_for(context.config)
    if func.__class__ is cst.Attribute:
        short = func.attr.value  # type: ignore[attr-defined]
        index = registrars.methods.get(short)
    elif func.__class__ is cst.Name:
        short = func.value  # type: ignore[attr-defined]
        index = registrars.functions.get(short)
    else:
        return None
    dotted = registrars.dotted.get(short)
    if index is None and dotted is None:
        return None
    memo = shared.setdefault("aio4.registration", {})
    key = id(call)
    if key in memo:
        return memo[key]
    name = short
    if dotted is not None:
        qualified = context.call_name(call)
        for candidate, candidate_index in dotted:
            if candidate == qualified:
                index, name = candidate_index, candidate
                break
    result: Registration | None = None
    if index is not None:
        position = 0
        for arg in call.args:
            if arg.star or arg.keyword is not None:
                if arg.star == "*":  # *args before the callback: a registration of an unknown callable
                    result = Registration(name, None)
                break
            if position == index:
                result = Registration(name, arg.value)
                break
            position += 1
    memo[key] = result
    return result


def unwrap_partial(context: "FileContext", expr: cst.BaseExpression) -> cst.BaseExpression:
    """``functools.partial(f, ...)`` -> ``f``; anything else unchanged."""
    while isinstance(expr, cst.Call) and expr.args and expr.args[0].keyword is None and not expr.args[0].star:
        if context.qualified_name(expr.func) not in ("functools.partial", "functools.partialmethod"):
            break
        expr = expr.args[0].value
    return expr


def coroutine_function(context: "FileContext", expr: cst.BaseExpression) -> str | None:
    """The name of the coroutine function ``expr`` refers to (an ``async def`` of this file, or a
    known library coroutine function), else None."""
    if not isinstance(expr, (cst.Name, cst.Attribute)):
        return None
    node = context.local_definition(expr)
    if node is not None:
        if (isinstance(node, cst.FunctionDef) and node.asynchronous is not None
                and all(_transparent(context, d.decorator) for d in node.decorators)):
            return node.name.value
        return None
    name = context.qualified_name(expr)
    return name if name in COROUTINE_FUNCTIONS else None


def _transparent(context: "FileContext", decorator: cst.BaseExpression) -> bool:
    if isinstance(decorator, cst.Call):
        decorator = decorator.func
    if isinstance(decorator, cst.Name) and decorator.value in ("staticmethod", "classmethod"):
        return True
    return context.qualified_name(decorator) in _TRANSPARENT_DECORATORS


def receiver_name(expr: cst.BaseExpression) -> str | None:
    """The last identifier of a receiver: ``tg`` for ``tg``, ``_group`` for ``self._group``."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return expr.attr.value
    return None
