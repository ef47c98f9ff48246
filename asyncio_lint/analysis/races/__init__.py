"""Read / suspend / write races on shared state inside one coroutine (the AIO3xx family).

asyncio has no preemption: code between two suspension points runs atomically. A race needs a read
of shared state, a suspension (``await``, ``async for``, entering or leaving ``async with``), and
then a write of the same state that depends on what was read, either through its value (taint of
local variables) or through the branch that leads to it (check-then-act).

The analysis is a small path-sensitive abstract interpretation over one ``async def``'s statements
(no CFG library): the abstract state holds, for every read of a shared key seen on the path, whether
a suspension happened since (the read is *stale*) and which locks were held when it happened; the
locals that carry values derived from reads (taint); and the reads the current path is control
dependent on (``pc``). States are merged at joins, loops are run twice (loop-carried reads), and
try/except/finally, ``return``/``raise``/``break``/``continue`` are followed.

Shared keys: ``self.X`` / ``cls.X`` chains, ``Class.X`` for a class of this module, names declared
``global``, ``nonlocal`` names of a nested coroutine that runs as several tasks, and module-level
names the function mutates in place (``CACHE[k] = v``, ``CACHE.append(x)``). A key is only tracked
when the function writes it.

``races(context, funcdef)`` returns the :class:`Race` list, one per stale read (listing its writes),
memoised in ``context.memo``. A race's ``kind`` says what it loses: ``LOST`` (a write computed from
the stale value), ``CHECK`` (a removal or relative update after a stale check), ``SET`` (setting the
state after a stale check: memoisation), ``RESET`` (the state taken whole, then reset while other
code adds to it).

Parts: vocabulary.py (what mutates, what reads), domain.py (the abstract state), locks.py (lock
reasoning), keys.py (which expressions are shared state), interpreter.py (the interpretation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from asyncio_lint.analysis.races.domain import CHECK, LOST, RESET, SET, Race
from asyncio_lint.analysis.races.interpreter import Interpreter

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext

__all__ = ["CHECK", "LOST", "RESET", "SET", "Race", "races"]

MEMO = "races"


def races(context: "FileContext", func: cst.FunctionDef) -> list[Race]:
    """The races of the ``async def`` ``func`` (``context.scope`` must be its scope). Memoised."""
    memo = context.memo.setdefault(MEMO, {})
    found = memo.get(id(func))
    if found is None:
        try:
            found = Interpreter(context, func, context.scope).run()
        except RecursionError:  # an absurdly nested expression: skip this function, not the file
            found = []
        memo[id(func)] = found
    return found
