from typing import Any

import libcst as cst

from asyncio_lint.analysis.races.vocabulary import WRITE_TRIGGERS
from asyncio_lint.analysis.races import CHECK, RESET, SET, races
from asyncio_lint.rule import LineOf, LinesOf, Rule
from asyncio_lint.types import Invalid, Valid

RESET_MESSAGE = ("`{state}` is taken (line {read}), the coroutine suspends (line {suspension}), then it is "
                 "reset ({write}): what other tasks added meanwhile (as at line {update}) is thrown away; "
                 "take it and reset it before the await (`items, {state} = {state}, []`), or hold an "
                 "`asyncio.Lock` across both")


class StaleReadWrite(Rule):
    """
    ## What it does
    Flags a lost update of shared state (a `self.`/`cls.` attribute, a class attribute, a name
    declared `global`, a module-level container mutated in place, a `nonlocal` of a nested
    coroutine that runs as several tasks) across a suspension point (`await`, `async for`,
    entering or leaving `async with`):

    - an update meant to add up, computed from a read made before the suspension
      (`balance = self.balance` ... `await` ... `self.balance = balance - amount`; also `not flag`,
      `[*items, x]`, `{**d, k: v}`);
    - a removal or a relative update that a check made before the suspension led to
      (`if k in self.cache:` ... `await` ... `del self.cache[k]`, a `KeyError` when another task
      removed it first; `if self.balance >= x:` ... `self.balance -= x`, an overdraft);
    - a reset of state whose whole content was taken before the suspension, while other code
      adds to it in place (`batch = self.buf` ... `await send(batch)` ... `self.buf = []` loses
      what `self.buf.append()` in another method or callback added in between), except where the
      object is being taken down (a coroutine named `close`, `shutdown`, `stop`, `disconnect`...,
      or the `finally:` after a context manager's `yield`: what is added then is refused or dropped);
    - a check-then-act whose check is an early exit (`if k in self.d: return` ... `await` ...
      `del self.d[k]`) as well as an enclosing `if`.

    One finding per stale read, on its first write, naming the read, the suspension and every
    write it leads to. Setting the state after a stale check (memoisation,
    `if self._x is None: self._x = await load()`), or replacing it with a value merely computed
    from the old one (`self.path = resolve(base, name)`: the last writer wins), is AIO303's, off
    by default.

    Guarded code is not flagged: a read and a write inside one `async with` of an asyncio, anyio
    or trio `Lock`, `Semaphore` or `Condition` (by type, also when built in `__init__`, or by a
    name like `lock`, `mutex`, `sem`, `cond`, `limiter`, also a lock kept in a mapping under such
    a key: `async with self.hass.data[STORAGE_SEMAPHORE]`), between `await lock.acquire()` (also
    inside `asyncio.wait_for()`) and `lock.release()`, or in a method that every caller in the class
    calls with a lock held. Nor are:

    - a re-check after the `await` (an `if`, the test of the `while` that waited, an `assert`);
    - a check made together with a claim before the suspension (`if self._busy: return`,
      `self._busy = True`, then `await`): other tasks see the claim;
    - a read and a write with no suspension between them (`self.count += 1`), and a write that
      re-reads the state itself (`self.n = min(self.n, before + 1)`);
    - writes whose value and branch do not depend on an earlier read (`self.conn = await connect()`,
      `results.append(await f())`), reads after the last write, and adding to a sequence
      (`append`, `extend`: it loses nothing);
    - after a check only: setting a flag to a constant (`self._closed = True`), an idempotent
      delete (`pop(k, None)`, `discard`), removing an entry looked up again after the `await`
      (`session = self.d[k]` or `session = self.d.pop(k)`, which raise if it is gone: what is
      removed is what was just read), replacing a value compared by `<`/`==`
      (`if now > self.deadline: ... self.deadline = now + t`), a write to another entry than the
      one checked (`if a in self.d` ... `self.d[b] = v`), an identity check against
      `asyncio.current_task()` (a re-entrant lock's owner);
    - converting the state through an await (`self.peer = await resolve(self.peer)`), restoring
      a saved value (`old = self.x` ... `self.x = old`), and a write-through copy of what the
      awaited call just stored (`await config.set(not on)` then `self.cache[k] = not on`);
    - state one task owns: the fields of an async iterator (a class with `__anext__`: a stream or
      a body-part reader), `__aenter__`/`__aexit__`/`__anext__` themselves, the closure of a nested
      coroutine that is only awaited in turn, a loop that runs until stopped (`while True:` with no
      `break`, `while not self.stopping:`) unless the class starts it as several tasks; and
      `await checkpoint_if_cancelled()`, which does not let another task run.

    ## Why is this bad?
    asyncio has no preemption, so code between two suspension points is atomic, but an `await`
    lets every other task run. If another task updates the state in that gap, the write made from
    the old value loses its update (a lost counter increment, a balance that goes negative, a
    `KeyError` on a key another task already removed, messages queued during a flush and then
    cleared unsent).

    ## Example
    ```python
    class Account:
        async def withdraw(self, amount):
            balance = self.balance
            if balance < amount:
                raise ValueError("insufficient funds")
            await self.audit.record(amount)
            self.balance = balance - amount  # another withdraw may have run during the await
    ```

    ## Use instead
    ```python
    class Account:
        def __init__(self):
            self.balance = 0
            self.lock = asyncio.Lock()

        async def withdraw(self, amount):
            async with self.lock:
                if self.balance < amount:
                    raise ValueError("insufficient funds")
                await self.audit.record(amount)
                self.balance -= amount
    ```
    or re-read (re-check) the state after the `await`, with no suspension before the write.
    """

    CODE = "AIO301"
    NAME = "stale-read-write"
    CONFIDENCE = "likely"  # a race needs two tasks in the method at once, which the analysis cannot see
    STATEMENT_TRIGGERS = WRITE_TRIGGERS
    MESSAGE = ("`{state}` is read (line {read}), the coroutine suspends (line {suspension}), then it is "
               "written {how} ({write}): another task may have changed it in between; "
               "hold an `asyncio.Lock` across the read and the write (or re-check it after the await)")
    VALID = [
        Valid("class C:\n    async def f(self):\n        self.n += 1\n        await g()\n"),
        Valid("import asyncio\nclass C:\n    async def f(self, k):\n        async with self.lock:\n"
              "            if k not in self.cache:\n                self.cache[k] = await load(k)\n"),
        Valid("class C:\n    async def f(self):\n        if self.closed:\n            return\n"
              "        await self.w.drain()\n        self.closed = True\n"),
        Valid("results = []\nasync def f():\n    results.append(await g())\n"),
        Valid("class C:\n    async def f(self, k):\n        if k in self.cache:\n            return self.cache[k]\n"
              "        v = await load(k)\n        if k not in self.cache:\n            self.cache[k] = v\n        return self.cache[k]\n"),
        Valid("class C:\n    async def get(self, k):\n        if k not in self.cache:\n"
              "            self.cache[k] = await load(k)\n        return self.cache[k]\n"),
        Valid("class C:\n    def add(self, x):\n        self.buf.append(x)\n    async def flush(self):\n"
              "        batch, self.buf = self.buf, []\n        await send(batch)\n"),
    ]
    INVALID = [
        Invalid("class Account:\n    async def withdraw(self, amount):\n        balance = self.balance\n"
                "        await self.audit(amount)\n        self.balance = balance - amount  # expect: AIO301\n"),
        Invalid("counter = 0\nasync def bump():\n    global counter\n    n = counter\n"
                "    await asyncio.sleep(0)\n    counter = n + 1  # expect: AIO301\n"),
        Invalid("class C:\n    async def evict(self, k):\n        if k in self.cache:\n"
                "            await self.flush(k)\n            del self.cache[k]  # expect: AIO301\n"),
        Invalid("class C:\n    def add(self, x):\n        self.buf.append(x)\n    async def flush(self):\n"
                "        batch = self.buf\n        await send(batch)\n        self.buf = []  # expect: AIO301\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.asynchronous is None:
            return
        for race in races(self.context, node):
            if race.same_statement or race.kind == SET:
                continue
            params: dict[str, Any] = dict(state=race.key, read=LineOf(race.read),
                                             suspension=LineOf(race.suspension),
                                             write=LinesOf(race.writes or (race.write,)))
            if race.kind == RESET:
                assert race.update is not None
                self.report(race.write, RESET_MESSAGE, update=LineOf(race.update), **params)
            else:
                how = "because of what was read" if race.kind == CHECK else "from what was read"
                self.report(race.write, how=how, **params)
