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
            async def evict(self, k):
                if k in self.cache:
                    await self.flush(k)
                    del self.cache[k]
        """
    (message,) = messages(source)
    assert message.startswith("`self.cache` is read (line 3), the coroutine suspends (line 4), then it is "
                              "written because of what was read (line 5)")


def test_check_then_set_is_aio303_with_its_own_message() -> None:
    source = """\
        class C:
            async def get(self, k):
                if k not in self.cache:
                    v = await load(k)
                    self.cache[k] = v
        """
    assert findings(source) == [(5, "AIO303")]
    (message,) = messages(source)
    assert message.startswith("`self.cache` is checked (line 3), the coroutine suspends (line 4), then it is set "
                              "because of that check (line 5): another task may do the same meanwhile, so the work "
                              "is done twice")


def test_a_replacement_computed_from_a_stale_read_is_aio303_an_update_meant_to_add_up_aio301() -> None:
    source = """\
        class C:
            async def relocate(self, name):
                base = self.path
                await self.confirm()
                self.path = resolve(base, name)

            async def withdraw(self, amount):
                balance = self.balance
                await self.confirm()
                self.balance = balance - amount

            async def toggle(self):
                enabled = self.enabled
                await self.confirm()
                self.enabled = not enabled

            async def extend(self, more):
                items = self.items
                await self.confirm()
                self.items = [*items, *more]
        """
    assert findings(source) == [(5, "AIO303"), (10, "AIO301"), (15, "AIO301"), (20, "AIO301")]
    assert messages(source)[0].startswith("`self.path` is read (line 3), the coroutine suspends (line 4), then it is "
                                          "set from what was read (line 5)")


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
                self.conn = await connect(x)  # an exit when present: a fill follows (AIO303)

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
    assert findings(source) == [(13, "AIO303"), (25, "AIO303")]


def test_loop_carried_read_is_found() -> None:
    source = """\
        class C:
            async def f(self, ticks):
                last = 0
                for _ in ticks:
                    await tick()
                    self.value = last + 1
                    last = self.value
        """
    assert findings(source) == [(6, "AIO301")]


def test_a_write_through_copy_and_a_loop_run_until_stopped_are_not_reported() -> None:
    source = """\
        class C:
            async def toggle(self, k):
                enabled = self.cache.setdefault(k, await self.config.get(k))
                await self.config.set(k, not enabled)
                self.cache[k] = not enabled

            async def run(self):
                while not self.stopping:
                    if self.index >= len(self.events):
                        return
                    await self.play(self.events[self.index])
                    self.index += 1

            async def serve(self):
                while True:
                    message = await self.inbox.get()
                    count = self.count
                    await self.handle(message)
                    self.count = count + 1

            async def drain(self):
                while True:
                    n = self.pending
                    if not n:
                        break
                    await self.step()
                    self.pending = n - 1
        """
    assert findings(source) == [(27, "AIO301")]


def test_a_loop_the_class_starts_several_times_is_shared() -> None:
    source = """\
        import asyncio
        class Pool:
            def start(self, n):
                self.workers = [asyncio.create_task(self.work()) for _ in range(n)]

            async def work(self):
                while True:
                    count = self.done
                    await self.queue.get()
                    self.done = count + 1
        """
    assert findings(source) == [(10, "AIO301")]


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
    assert findings(source) == [(6, "AIO303")]


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
    assert findings(source) == [(13, "AIO303")]


def test_not_a_lock_does_not_guard() -> None:
    source = """\
        class C:
            async def f(self, k):
                async with self.session:
                    if k not in self.cache:
                        self.cache[k] = await load(k)
        """
    assert findings(source) == [(5, "AIO303")]


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
    assert findings(source) == [(7, "AIO303")]


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


# -- issue 16: one finding per stale read, lost resets, locks however held, claims, ownership ------
def test_one_finding_per_stale_read_lists_every_write() -> None:
    source = """\
        class C:
            async def f(self):
                balance = self.balance
                await audit()
                self.balance = balance - 1
                await audit()
                self.balance = balance - 2
        """
    assert findings(source) == [(5, "AIO301")]
    (message,) = messages(source)
    assert "is read (line 3), the coroutine suspends (line 4), then it is written from what was read " \
           "(lines 5 and 7)" in message


def test_reset_after_taking_the_content_loses_what_others_added() -> None:
    source = """\
        class Outbox:
            def post(self, m):
                self.pending.append(m)

            async def flush(self, t):
                batch = self.pending
                await t.send(batch)
                self.pending = []

            async def flush_loop(self, t):
                for m in self.pending:
                    await t.send(m)
                self.pending.clear()

            async def flush_call(self, t):
                await t.send(list(self.pending))
                self.pending = list()

            async def swapped(self, t):
                batch, self.pending = self.pending, []
                await t.send(batch)

            async def count(self, t):
                n = self.sent
                await t.send(n)
                self.sent = 0
        """
    assert findings(source) == [(8, "AIO301"), (13, "AIO301"), (17, "AIO301")]
    message = messages(source)[0]
    assert message.startswith("`self.pending` is taken (line 6), the coroutine suspends (line 7), then it is reset "
                              "(line 8): what other tasks added meanwhile (as at line 3) is thrown away; take it and "
                              "reset it before the await (`items, self.pending = self.pending, []`)")


def test_a_claim_made_with_the_check_protects_the_act() -> None:
    source = """\
        class C:
            async def connect(self):
                if self.conn is None and not self.connecting:
                    self.connecting = True
                    self.conn = await open_connection()
                    self.connecting = False

            async def no_claim(self):
                if self.conn is None and not self.connecting:
                    await log()
                    self.connecting = True
                    self.conn = await open_connection()
        """
    assert findings(source) == [(12, "AIO303")]


@pytest.mark.parametrize("setup, guard", [
    ("self.guard = asyncio.Condition()", "async with self.guard:"),
    ("self.guard = asyncio.Semaphore(2)", "async with self.guard:"),
    ("self.data = {}", "async with self.data[CACHE_LOCK]:"),
    ("self.data = {}", "async with self.hass.data[STORAGE_SEMAPHORE]:"),
])
def test_locks_by_type_where_built_and_locks_kept_in_a_mapping(setup: str, guard: str) -> None:
    source = f"""\
        import asyncio
        class C:
            def __init__(self):
                {setup}
            async def evict(self, k):
                {guard}
                    if k in self.cache:
                        await self.flush(k)
                        del self.cache[k]
        """
    assert findings(source) == []


def test_a_name_that_is_not_a_lock_by_type_or_name_does_not_guard() -> None:
    source = """\
        import asyncio
        class C:
            def __init__(self):
                self.guard = asyncio.Event()
            async def evict(self, k):
                async with self.guard:
                    if k in self.cache:
                        await self.flush(k)
                        del self.cache[k]
        """
    assert findings(source) == [(9, "AIO301")]


@pytest.mark.parametrize("acquire", [
    "await self._cond.acquire()",
    "await asyncio.wait_for(self._lock.acquire(), timeout=3)",
])
def test_acquire_release_pairs_guard_until_release(acquire: str) -> None:
    source = f"""\
        import asyncio
        class C:
            async def evict(self, k):
                {acquire}
                try:
                    if k in self.cache:
                        await self.flush(k)
                        del self.cache[k]
                finally:
                    self._cond.release()
                    self._lock.release()
                if k in self.cache:
                    await self.flush(k)
                    del self.cache[k]
        """
    assert findings(source) == [(14, "AIO301")]


def test_an_owner_check_against_the_current_task_is_not_shared_state() -> None:
    source = """\
        import asyncio
        class ReentrantLock:
            async def acquire(self):
                if self._owner is asyncio.current_task():
                    self._depth += 1
                    return
                await self._inner.acquire()
                self._owner = asyncio.current_task()
        """
    assert findings(source) == []


def test_the_fields_of_an_async_iterator_belong_to_the_task_iterating_it() -> None:
    source = """\
        class Reader:
            def __aiter__(self):
                return self
            async def __anext__(self):
                return await self.read_chunk()
            async def read_chunk(self):
                if self._prev is None:
                    self._prev = await self._stream.read(1)
                prev = self._prev
                chunk = await self._stream.read(1024)
                self._prev = prev + chunk
                return chunk
        """
    assert findings(source) == []


@pytest.mark.parametrize("run, flagged", [
    ("await asyncio.gather(*(worker(u) for u in urls))", True),
    ("await asyncio.gather(worker(1), worker(2))", True),
    ("tasks = [asyncio.create_task(worker(u)) for u in urls]", True),
    ("tg.start_soon(worker, 1)", True),
    ("return worker", True),
    ("for u in urls:\n                await worker(u)", False),
    ("await asyncio.wait_for(worker(1), 3)", False),
])
def test_nonlocal_state_is_shared_only_when_the_nested_coroutine_runs_as_several_tasks(run: str, flagged: bool) -> None:
    source = f"""\
        import asyncio
        async def crawl(urls, tg):
            seen = 0
            async def worker(url):
                nonlocal seen
                count = seen
                await fetch(url)
                seen = count + 1
            {run}
        """
    assert findings(source) == ([(8, "AIO301")] if flagged else [])


def test_early_exit_checks() -> None:
    source = """\
        class C:
            async def fill_after_present_exit(self):
                if self._x is not None:
                    return True
                self._x = await load()

            async def fill_after_continue(self, keys):
                for k in keys:
                    if k in self.seen:
                        continue
                    self.seen[k] = await load(k)

            async def remove_after_absent_exit(self, k):
                if k not in self.items:
                    return
                await self.items[k].close()
                del self.items[k]

            async def refresh_after_absent_exit(self):
                if not self.token:
                    return
                await log()
                self.token = await renew()
        """
    assert findings(source) == [(5, "AIO303"), (11, "AIO303"), (17, "AIO301")]


def test_a_check_of_one_entry_does_not_cover_a_write_of_another() -> None:
    source = """\
        class C:
            async def menu(self, message, view):
                if message.id in self.active:
                    return
                await view.start()
                self.active[view.message.id] = view
                await view.wait()
                del self.active[view.message.id]

            async def same(self, k):
                if k in self.active:
                    await self.close(k)
                    del self.active[k]

            async def nested(self, g, m):
                if m in self.mutes[g]:
                    await self.log(m)
                    del self.mutes[g][m]
        """
    assert findings(source) == [(13, "AIO301"), (18, "AIO301")]


def test_writes_that_merge_with_the_current_value_or_add_lose_nothing() -> None:
    source = """\
        class C:
            async def adopt(self):
                before = self.tries
                await self.connect()
                self.tries = min(self.tries, before + 1)

            async def requeue(self):
                item = self.queue.pop()
                await handle(item)
                self.queue.append(item)

            async def copy_on_write(self, k):
                snapshot = self.table
                await self.refresh(k)
                self.table = {**snapshot, k: 1}
        """
    assert findings(source) == [(15, "AIO301")]


def test_resets_while_closing_or_right_after_taking_it_again_are_not_lost_updates() -> None:
    source = """\
        import asyncio
        class Pool:
            def add(self, conn):
                self.conns.append(conn)

            async def close(self):
                for conn in self.conns:
                    await conn.close()
                self.conns.clear()

            async def shutdown_all(self):
                await asyncio.gather(*(c.close() for c in self.conns))
                self.conns = []

            async def ping_forever(self):
                while True:
                    for conn in self.conns:
                        conn.ping()
                    self.conns.clear()
                    await asyncio.sleep(1)
        """
    assert findings(source) == []


def test_a_reset_counts_only_additions_other_code_can_make_while_it_waits() -> None:
    source = """\
        import asyncio
        class Fetcher:
            async def routine(self):
                def start(coro):
                    self.pending.add(asyncio.create_task(coro))
                while True:
                    start(fetch())
                    for task in self.pending:
                        await task
                    self.pending.clear()

            async def prune(self, done):
                for task in self.tasks:
                    await task
                self.tasks = set()

            def finished(self, done):
                self.tasks -= done

        class FormParser:
            def on_part(self, part):
                self.parts.append(part)

            async def parse(self, stream):
                parser = Parser(on_part=self.on_part)
                async for chunk in stream:
                    parser.write(chunk)
                    for part in self.parts:
                        await part.save()
                    self.parts.clear()
        """
    assert findings(source) == []


def test_clearing_after_a_check_while_taking_the_object_down_is_not_reported() -> None:
    source = """\
        import asyncio
        class Client:
            async def _disconnect_coro(self):
                if self.handlers:
                    for task in self.handlers:
                        task.cancel()
                    await asyncio.wait(self.handlers)
                    self.handlers.clear()

            async def refresh(self):
                if self.handlers:
                    await asyncio.wait(self.handlers)
                    self.handlers.clear()
        """
    assert findings(source) == [(13, "AIO301")]


def test_a_reset_on_a_context_managers_exit_is_teardown() -> None:
    source = """\
        from contextlib import asynccontextmanager
        class Server:
            def register(self, key, stream):
                self.streams[key] = stream

            @asynccontextmanager
            async def connect(self):
                try:
                    yield self
                finally:
                    for key in list(self.streams.keys()):
                        await self.close_stream(key)
                    self.streams.clear()
        """
    assert findings(source) == []
