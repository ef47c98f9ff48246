import libcst as cst

from asyncio_lint.analysis.races.vocabulary import WRITE_TRIGGERS
from asyncio_lint.analysis.races import SET, races
from asyncio_lint.rule import LineOf, LinesOf, Rule
from asyncio_lint.types import Invalid, Valid


class CheckThenSet(Rule):
    """
    ## What it does
    Flags shared state that is checked, then set after a suspension point on the strength of that
    check: memoisation and lazy set-up (`if self._client is None: self._client = await connect()`,
    `if k in self.cache: return self.cache[k]` ... `self.cache[k] = await load(k)`), a refresh
    (`if self.token: self.token = await renew()`), a fill-in from a stale look-up
    (`missing = [k for k in keys if k not in self.cache]` ... `self.cache.update(...)`); and state
    replaced by a value merely computed from a read made before the suspension
    (`base = self.path` ... `self.path = resolve(base, name)`), where the last writer wins. One
    finding per check or read, on its first write, naming the read, the suspension and every
    write. Updates meant to add up (`self.balance = balance - amount`) are AIO301's.

    Off by default: in most code a lost race costs a duplicate fetch whose result overwrites an
    equal one (over 17 asyncio applications from PyPI, about nine in ten AIO3xx findings were
    this pattern, and few teams would act on them). Select it (`extend-select = ["AIO303"]`)
    where a duplicate costs more: a connection, pool or background task opened twice leaks one.
    The same guards as AIO301's are understood (locks, claims, re-checks, task-owned state).

    ## Why is this bad?
    Two tasks can both find the state missing before either sets it: both do the work, the second
    result replaces the first. For a cached value that is wasted work; for a client, a pool or a
    task, the first one is never closed or awaited.

    ## Example
    ```python
    class Api:
        async def session(self):
            if self._session is None:
                self._session = await create_session()
            return self._session
    ```

    ## Use instead
    ```python
    import asyncio

    class Api:
        def __init__(self):
            self._session = None
            self._lock = asyncio.Lock()

        async def session(self):
            async with self._lock:
                if self._session is None:
                    self._session = await create_session()
            return self._session
    ```
    or claim the slot before awaiting (store a task or future, and let later callers await it).
    """

    CODE = "AIO303"
    NAME = "check-then-set"
    DEFAULT_ENABLED = False
    CONFIDENCE = "likely"  # a race, though usually one that only repeats work
    STATEMENT_TRIGGERS = WRITE_TRIGGERS
    MESSAGE = ("`{state}` is {seen} (line {read}), the coroutine suspends (line {suspension}), then it is set "
               "{how} ({write}): another task may do the same meanwhile, so the work is done twice and one "
               "result replaces the other; share one in-flight task, or hold an `asyncio.Lock` across both "
               "(or re-check it after the await)")
    VALID = [
        Valid("import asyncio\nclass C:\n    async def get(self):\n        async with self._lock:\n"
              "            if self._client is None:\n                self._client = await connect()\n"
              "        return self._client\n"),
        Valid("class C:\n    async def get(self):\n        if self._task is None:\n"
              "            self._task = asyncio.ensure_future(connect())\n        return await self._task\n"),
        Valid("class C:\n    async def get(self):\n        if self._client is None:\n            client = await connect()\n"
              "            if self._client is None:\n                self._client = client\n        return self._client\n"),
    ]
    INVALID = [
        Invalid("class C:\n    async def get(self):\n        if self._client is None:\n"
                "            self._client = await connect()  # expect: AIO303\n        return self._client\n"),
        Invalid("CACHE = {}\nasync def get(k):\n    if k in CACHE:\n        return CACHE[k]\n"
                "    v = await fetch(k)\n    CACHE[k] = v  # expect: AIO303\n    return v\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.asynchronous is None:
            return
        for race in races(self.context, node):
            if not race.same_statement and race.kind == SET:
                seen, how = ("checked", "because of that check") if race.checked else ("read", "from what was read")
                self.report(race.write, state=race.key, read=LineOf(race.read), suspension=LineOf(race.suspension),
                            write=LinesOf(race.writes or (race.write,)), seen=seen, how=how)
