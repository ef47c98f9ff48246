"""AIO3xx (read / suspend / write races on shared state): messages, path handling, lock guarding,
resolution of shared state, the shared memoised analysis, and the CLI on a fixture."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import libcst as cst
import pytest

from asyncio_lint.analysis.context import FileContext
from asyncio_lint.analysis.catalogue import catalogue_for
from asyncio_lint.analysis.races import races
from asyncio_lint.api import lint_source
from asyncio_lint.config import Config
from tests.helpers import FIXTURES, ROOT

CONFIG = Config(select=("AIO3",))


def findings(source: str) -> list[tuple[int, str]]:
    result = lint_source(textwrap.dedent(source), "m.py", CONFIG)
    assert result.error is None, result.error
    return [(f.line, f.code) for f in result.findings]


def messages(source: str) -> list[str]:
    return [f.message for f in lint_source(textwrap.dedent(source), "m.py", CONFIG).findings]


def test_message_names_state_and_the_three_lines() -> None:
    source = """\
        class Account:
            async def withdraw(self, amount):
                balance = self.balance
                await self.audit(amount)
                self.balance = balance - amount
        """
    assert messages(source) == [
        "`self.balance` is read (line 3), the coroutine suspends (line 4), then it is written from what "
        "was read (line 5): another task may have changed it in between; hold an `asyncio.Lock` across "
        "the read and the write (or re-check it after the await)"]


def test_check_then_act_message_says_because() -> None:
    source = """\
        class C:
            async def get(self, k):
                if k not in self.cache:
                    v = await load(k)
                    self.cache[k] = v
        """
    (message,) = messages(source)
    assert message.startswith("`self.cache` is read (line 3), the coroutine suspends (line 4), then it is "
                              "written because of what was read (line 5)")


def test_same_statement_is_aio302_not_aio301() -> None:
    source = """\
        class C:
            async def f(self, s):
                self.total += await s.count()
                self.total = self.total + await s.count()
        """
    assert findings(source) == [(3, "AIO302"), (4, "AIO302")]
    assert "`self.total` is read before the `await` in this statement" in messages(source)[0]


def test_if_else_join_and_early_exits() -> None:
    source = """\
        class C:
            async def both_branches_fall_through(self, x):
                if self.n > 0:
                    log(x)
                else:
                    log(x)
                await g()
                self.n = x  # the check does not lead here more than the other branch

            async def raise_guard(self, x):
                if self.conn is not None:
                    raise RuntimeError("already connected")
                self.conn = await connect(x)  # a raise guard is not check-then-act

            async def refresh_if_present(self):
                if not self.sender:
                    return
                await g()
                self.sender = await fetch()  # exit on the absent side: a refresh

            async def fill_if_absent(self, k):
                if k in self.seen:
                    return
                await g(k)
                self.seen.add(k)
        """
    assert findings(source) == [(25, "AIO301")]


def test_loop_carried_read_is_found() -> None:
    source = """\
        class C:
            async def f(self):
                last = 0
                while True:
                    await tick()
                    self.value = last + 1
                    last = self.value
        """
    assert findings(source) == [(6, "AIO301")]


def test_while_exit_recheck_and_assert_recheck() -> None:
    source = """\
        class C:
            async def send(self, frames):
                while self.waiter is not None:
                    await self.waiter
                self.waiter = make_future()  # the loop just re-checked it

            async def send_later(self, frames):
                while self.waiter is not None:
                    await self.waiter
                first = await anext(frames)
                assert self.waiter is None
                self.waiter = make_future()  # re-checked by the assert
        """
    assert findings(source) == []


def test_wait_then_act_without_recheck() -> None:
    source = """\
        class C:
            async def send(self, frames):
                while self.waiter is not None:
                    await self.waiter
                first = await anext(frames)
                self.waiter = make_future()
        """
    assert findings(source) == [(6, "AIO301")]


@pytest.mark.parametrize("guard", [
    "self._lock",
    "self.state_lock",
    "self._sem",
    "self.limiter",
    "self._cond",
])
def test_lock_by_name(guard: str) -> None:
    source = f"""\
        class C:
            async def f(self, k):
                async with {guard}:
                    if k not in self.cache:
                        self.cache[k] = await load(k)
        """
    assert findings(source) == []


def test_lock_by_annotation_and_a_read_outside_it() -> None:
    source = """\
        import asyncio
        class C:
            guard: asyncio.Lock

            async def inside(self, k):
                async with self.guard:
                    if k not in self.cache:
                        self.cache[k] = await load(k)

            async def outside(self, k):
                if k not in self.cache:
                    async with self.guard:
                        self.cache[k] = await load(k)
        """
    assert findings(source) == [(13, "AIO301")]


def test_not_a_lock_does_not_guard() -> None:
    source = """\
        class C:
            async def f(self, k):
                async with self.session:
                    if k not in self.cache:
                        self.cache[k] = await load(k)
        """
    assert findings(source) == [(5, "AIO301")]


def test_methods_only_called_under_a_lock_are_guarded() -> None:
    source = """\
        class C:
            async def public(self):
                async with self._lock:
                    await self._step()

            async def _step(self):
                if self.n > 0:
                    await tick()
                    self.n -= 1

            async def _unguarded(self):
                if self.n > 0:
                    await tick()
                    self.n -= 1

            async def caller(self):
                await self._unguarded()
        """
    assert findings(source) == [(14, "AIO301")]


def test_shared_state_resolution() -> None:
    source = """\
        CACHE = {}
        TOTAL = 0
        import registry

        async def module_container(k):
            if k not in CACHE:
                CACHE[k] = await load(k)

        async def module_name_without_global(k):
            total = TOTAL
            await g()
            TOTAL = total + 1  # a local TOTAL: not shared

        async def imported_module(k):
            if k not in registry.items:
                registry.items[k] = await load(k)  # not self/cls/global/nonlocal state

        async def parameter(obj, k):
            if k not in obj.cache:
                obj.cache[k] = await load(k)  # a parameter's attribute: not tracked
        """
    assert findings(source) == [(7, "AIO301")]


def test_protocol_methods_and_non_switching_awaits_are_skipped() -> None:
    source = """\
        class C:
            async def __aenter__(self):
                if self._size is None:
                    self._size = await self.measure()
                return self

            async def acquire(self):
                if self._owner is None:
                    await checkpoint_if_cancelled()
                    self._owner = current()
        """
    assert findings(source) == []


def test_conversion_through_an_await_is_not_a_race() -> None:
    source = """\
        class Request:
            async def resolve(self, client):
                if self.peer:
                    self.peer = get_input_peer(await client.get_input_entity(self.peer))
                if self.users:
                    tmp = []
                    for user in self.users:
                        tmp.append(await client.get_input_entity(user))
                    self.users = tmp
        """
    assert findings(source) == []


def test_value_comparisons_only_flag_relative_updates() -> None:
    source = """\
        class C:
            async def autocommit(self, now):
                if now > self.deadline:
                    await self.commit()
                    self.deadline = now + 5

            async def take(self, amount):
                if self.balance >= amount:
                    await self.commit()
                    self.balance -= amount
        """
    assert findings(source) == [(10, "AIO301")]


def test_match_is_a_value_comparison() -> None:
    source = """\
        class C:
            async def step(self, new):
                match self.mode:
                    case "idle":
                        await self.prepare()
                        self.mode = new
                    case _:
                        pass
        """
    assert findings(source) == []


def test_nested_coroutine_of_a_method_and_handlers() -> None:
    source = """\
        class C:
            def method(self):
                async def inner():
                    v = self.count
                    await tick()
                    self.count = v + 1
                return inner

            async def handler(self):
                v = self.count
                try:
                    await tick()
                except ValueError:
                    self.count = v - 1
        """
    assert findings(source) == [(6, "AIO301"), (14, "AIO301")]


def test_one_finding_per_statement_and_key() -> None:
    source = """\
        class C:
            async def f(self):
                a = self.x
                b = self.x
                await g()
                self.x = a + b
        """
    assert findings(source) == [(6, "AIO301")]


def test_both_rules_share_one_memoised_analysis() -> None:
    source = textwrap.dedent("""\
        class C:
            async def f(self, s):
                self.total += await s.count()
        """)
    module = cst.parse_module(source)
    context = FileContext("m.py", module, CONFIG, catalogue_for(CONFIG))
    func = module.body[0].body.body[0]
    from asyncio_lint.analysis.names import Scope
    context.scope = Scope("function", func, Scope("class", module.body[0], context.module_scope))
    first = races(context, func)
    assert races(context, func) is first
    assert [(r.key, r.same_statement) for r in first] == [("self.total", True)]


def test_cli_reports_the_fixture() -> None:
    path = FIXTURES / "aio302_await_in_read_modify_write.py"
    proc = subprocess.run([sys.executable, "-m", "asyncio_lint", "check", "--select", "AIO3", "--format", "json",
                           str(path)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    data = json.loads(proc.stdout)
    items = data if isinstance(data, list) else data.get("findings", data.get("results", []))
    assert sorted((item["line"], item["code"]) for item in items) == [
        (20, "AIO302"), (23, "AIO302"), (26, "AIO302"), (52, "AIO302")]
