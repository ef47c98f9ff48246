import libcst as cst

from asyncio_lint.analysis.races import races
from asyncio_lint.rule import LineOf, Rule
from asyncio_lint.types import Invalid, Valid


class StaleReadWrite(Rule):
    """
    ## What it does
    Flags a write to shared state (a `self.`/`cls.` attribute, a class attribute, a name declared
    `global` or `nonlocal`, a module-level container mutated in place) that depends on a read of the
    same state made before a suspension point (`await`, `async for`, entering or leaving
    `async with`): the written value is derived from the stale read, or the write is only reached
    because of a check on it (check-then-act). The read, the suspension and the write are named in
    the message.

    Guarded code is not flagged: the read and the write inside one `async with` of an
    `asyncio.Lock`, `Semaphore` or `Condition` (or of anything named or annotated as a lock, or
    between `await lock.acquire()` and `lock.release()`), or in a method that every caller in the
    class calls with a lock held. Nor are:

    - a re-check after the `await` (an `if`, the test of the `while` that waited, an `assert`);
    - a read and a write with no suspension between them (`self.count += 1`);
    - writes whose value and branch do not depend on an earlier read (`self.conn = await connect()`,
      `results.append(await f())`), and reads after the last write;
    - after a check only: setting a flag to a constant (`self._closed = True`), appending to a
      sequence, an idempotent delete (`pop(k, None)`, `discard`), replacing a value compared by
      `<`/`==` (`if now > self.deadline: ... self.deadline = now + t`), an `if ...: raise` guard,
      or an early exit on the "present" side (`if not self.user: return` ... refresh it);
    - converting the state through an await (`self.peer = await resolve(self.peer)`) and restoring
      a saved value (`old = self.x` ... `self.x = old`);
    - `__aenter__`, `__aexit__` and `__anext__` (one task enters a context or steps an iterator),
      and `await checkpoint_if_cancelled()`, which does not let another task run.

    ## Why is this bad?
    asyncio has no preemption, so code between two suspension points is atomic, but an `await`
    lets every other task run. If another task updates the state in that gap, the write made from
    the old value loses its update (a lost counter increment, a balance that goes negative, two
    tasks that both see a cache miss and both load and store the value, a connection opened twice
    and one of them leaked).

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
    MESSAGE = ("`{state}` is read (line {read}), the coroutine suspends (line {suspension}), then it is "
               "written {how} (line {write}): another task may have changed it in between; "
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
    ]
    INVALID = [
        Invalid("class Account:\n    async def withdraw(self, amount):\n        balance = self.balance\n"
                "        await self.audit(amount)\n        self.balance = balance - amount  # expect: AIO301\n"),
        Invalid("class C:\n    async def get(self, k):\n        if k not in self.cache:\n"
                "            v = await load(k)\n            self.cache[k] = v  # expect: AIO301\n        return self.cache[k]\n"),
        Invalid("counter = 0\nasync def bump():\n    global counter\n    n = counter\n"
                "    await asyncio.sleep(0)\n    counter = n + 1  # expect: AIO301\n"),
        Invalid("CACHE = {}\nasync def get(k):\n    if k in CACHE:\n        return CACHE[k]\n"
                "    v = await fetch(k)\n    CACHE[k] = v  # expect: AIO301\n    return v\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.asynchronous is None:
            return
        for race in races(self.context, node):
            if not race.same_statement:
                how = "because of what was read" if race.checked else "from what was read"
                self.report(race.write, state=race.key, read=LineOf(race.read),
                            suspension=LineOf(race.suspension), write=LineOf(race.write), how=how)
