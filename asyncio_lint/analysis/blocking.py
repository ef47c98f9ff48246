"""When a call of the blocking catalogue (analysis/data/blocking.py) cannot block: a literal
argument that makes it non-blocking (``block=False``), or code around it that shows it (guards)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import libcst as cst

from asyncio_lint.analysis.data.blocking import Blocking
from asyncio_lint.analysis.syntax import argument, literal_value
from asyncio_lint.tree import child_nodes

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext


def exempted(entry: Blocking, call: cst.Call) -> bool:
    """True when the call passes the entry's non-blocking argument as a literal (``block=False``)."""
    if entry.unless is None:
        return False
    keyword, position, values = entry.unless
    value = argument(call, keyword, position)
    return value is not None and literal_value(value) in values


# ---- guards: code around a call that shows it cannot block there ----------------------------------
def _receiver_text(context: "FileContext", call: cst.Call) -> str | None:
    func = call.func
    return context.code_of(func.value) if isinstance(func, cst.Attribute) else None


def _method_receivers(context: "FileContext") -> dict[str, set[str]]:
    """For the enclosing function: method name -> code of the receivers it is called on."""
    function = context.function
    key = ("method-receivers", id(function))
    table = context.memo.get(key)
    if table is None:
        table = {}
        stack: list[cst.CSTNode] = [function] if function is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
                table.setdefault(node.func.attr.value, set()).add(context.code_of(node.func.value))
            stack.extend(child_nodes(node))
        context.memo[key] = table
    return table


_NONBLOCKING_ERRORS = ("BlockingIOError", "InterruptedError", "SSLWantReadError", "SSLWantWriteError")


def _nonblocking_socket(context: "FileContext", call: cst.Call) -> bool:
    """Inside a ``try`` that handles BlockingIOError, or the function calls ``.setblocking()`` on it."""
    parents = context.parents
    for index in range(len(parents) - 2, -1, -1):
        node = parents[index]
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            break
        if isinstance(node, cst.Try) and parents[index + 1] is node.body:
            for handler in node.handlers:
                if handler.type is not None and any(e in context.code_of(handler.type) for e in _NONBLOCKING_ERRORS):
                    return True
    receiver = _receiver_text(context, call)
    return receiver is not None and receiver in _method_receivers(context).get("setblocking", ())


def _completion_signalled(context: "FileContext", call: cst.Call) -> bool:
    """The function registers a done-callback on the future or checks ``done()``: it waits elsewhere."""
    receiver = _receiver_text(context, call)
    receivers = _method_receivers(context)
    return receiver is not None and (receiver in receivers.get("add_done_callback", ())
                                     or receiver in receivers.get("done", ()))


def _numeric_host(context: "FileContext", call: cst.Call) -> bool:
    return any("NUMERICHOST" in context.code_of(arg.value) for arg in call.args)


GUARDS: dict[str, Callable[["FileContext", cst.Call], bool]] = {
    "numeric-host": _numeric_host,
    "nonblocking-socket": _nonblocking_socket,
    "completion-signalled": _completion_signalled,
}


def is_guarded(entry: Blocking, context: "FileContext", call: cst.Call) -> bool:
    return any(GUARDS[name](context, call) for name in entry.safe_when)


def blocking_call(context: "FileContext", call: cst.Call) -> tuple[str, Blocking] | None:
    """(qualified name, catalogue entry) when ``call`` is a blocking call that can block here."""
    name = context.call_name(call)
    if name is None:
        return None
    entry = context.catalogue.blocking.get(name)
    if entry is None or exempted(entry, call) or (entry.safe_when and is_guarded(entry, context, call)):
        return None
    return name, entry
