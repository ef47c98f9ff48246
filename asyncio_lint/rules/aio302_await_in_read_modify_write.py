from functools import partial

import libcst as cst

from asyncio_lint.analysis.fixes import await_into_local
from asyncio_lint.analysis.races.vocabulary import WRITE_TRIGGERS
from asyncio_lint.analysis.races import races
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class AwaitInReadModifyWrite(Rule):
    """
    ## What it does
    Flags one statement that reads shared state, awaits, and writes the state back:
    `self.total += await f()`, `COUNTS[k] = COUNTS[k] + await f()`,
    `self.items = self.items + await more()`. Python evaluates the target's old value (or the
    left operand) before the `await`, and stores the result after it.

    ## Why is this bad?
    The statement looks atomic but is not: while it waits, other tasks run, and any update they
    make to the state is overwritten with the sum computed from the old value (a lost update).

    ## Example
    ```python
    class Stats:
        async def add_batch(self, source):
            self.total += await source.count()
    ```

    ## Use instead
    ```python
    class Stats:
        async def add_batch(self, source):
            n = await source.count()
            self.total += n  # read and write with no suspension in between
    ```

    ## Fix safety
    The fix awaits into a new local first: `self.total += await f()` becomes `delta = await f()`
    then `self.total += delta` (on lines of their own, or joined with `;` where the statement shares
    its line). It is safe: only reads without side effects (names, attributes, items with such keys,
    literals) move after the `await`, which is the point: they now see the state as it is after it.
    No fix is offered when the statement calls anything besides the awaited expression, or awaits
    more than once.
    """

    CODE = "AIO302"
    NAME = "await-in-read-modify-write"
    CONFIDENCE = "likely"
    STATEMENT_TRIGGERS = WRITE_TRIGGERS
    FIX_AVAILABILITY = "sometimes"
    MESSAGE = ("`{state}` is read before the `await` in this statement and written after it: an update "
               "made by another task during the await is lost; await into a local first "
               "(`value = await ...`), then update `{state}` with no await in between")
    VALID = [
        Valid("class C:\n    async def f(self, s):\n        n = await s.count()\n        self.total += n\n"),
        Valid("class C:\n    async def f(self, s):\n        total = 0\n        total += await s.count()\n"),
        Valid("class C:\n    async def f(self, s):\n        self.total = await s.count()\n"),
    ]
    INVALID = [
        Invalid("class C:\n    async def f(self, s):\n        self.total += await s.count()  # expect: AIO302\n"),
        Invalid("COUNTS = {}\nasync def f(k, s):\n    COUNTS[k] = COUNTS[k] + await s.count()  # expect: AIO302\n"),
    ]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if node.asynchronous is None:
            return
        for race in races(self.context, node):
            if race.same_statement:
                self.report(race.write, state=race.key,
                            autofix=partial(await_into_local, write=race.write, suspension=race.suspension))
