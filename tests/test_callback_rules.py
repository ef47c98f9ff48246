"""AIO4xx (callback chains, dropped tasks, coroutine callbacks): configuration, messages, edge cases,
and the CLI and flake8 with a project's own registrars."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from asyncio_lint.api import lint_source
from asyncio_lint.cli import main
from asyncio_lint.config import Config, ConfigError, parse_table


def findings(source: str, **table: object) -> list[tuple[int, str]]:
    config = parse_table({k.replace("_", "-"): v for k, v in table.items()}, "test", ".") if table else Config()
    config = dataclasses.replace(config, select=("AIO4",), min_confidence="style")
    result = lint_source(textwrap.dedent(source), "m.py", config)
    assert result.error is None, result.error
    return [(f.line, f.code) for f in result.findings]


def messages(source: str, **table: object) -> list[str]:
    config = parse_table({k.replace("_", "-"): v for k, v in table.items()}, "test", ".") if table else Config()
    config = dataclasses.replace(config, select=("AIO4",), min_confidence="style")
    return [f.message for f in lint_source(textwrap.dedent(source), "m.py", config).findings]


CHAIN = """\
    import asyncio
    def f(loop, fut):
        def a(f):
            def b():
                def c():
                    loop.call_soon(print)
                loop.call_later(1, c)
            loop.call_soon(b)
        fut.add_done_callback(a)
"""


# -- AIO401 ---------------------------------------------------------------------------------------

def test_nested_chain_is_reported_once_at_the_outermost_registration_with_its_depth() -> None:
    assert findings(CHAIN) == [(9, "AIO401")]
    (message,) = messages(CHAIN)
    assert message.startswith(
        "`add_done_callback()` starts a chain of 4 nested callbacks (the innermost registered on line 6)")
    assert "`await`" in message and "asyncio.create_task()" in message and "asyncio.TaskGroup" in message


@pytest.mark.parametrize("depth, expected", [(2, [(9, "AIO401")]), (4, [(9, "AIO401")]), (5, [])])
def test_max_callback_depth(depth: int, expected: list[tuple[int, str]]) -> None:
    assert findings(CHAIN, max_callback_depth=depth) == expected


def test_sibling_chains_are_reported_separately_but_not_their_inner_links() -> None:
    source = """\
        import asyncio
        def f(loop):
            loop.call_soon(lambda: loop.call_soon(lambda: loop.call_soon(print)))
            loop.call_soon(lambda: loop.call_soon(lambda: loop.call_soon(print)))
    """
    assert findings(source) == [(3, "AIO401"), (4, "AIO401")]


def test_callbacks_that_reschedule_each_other_are_not_nesting() -> None:
    source = """\
        import asyncio
        def f(loop):
            def ping():
                loop.call_later(1, pong)
            def pong():
                loop.call_later(1, ping)
            loop.call_soon(ping)
    """
    assert findings(source) == []  # ping -> pong -> (ping again): 3 registrations, one cycle
    assert findings(source, max_callback_depth=2) == [(7, "AIO401")]


def test_forward_reference_to_a_later_nested_def() -> None:
    source = """\
        import asyncio
        def f(loop):
            def a():
                loop.call_soon(b)
            def b():
                loop.call_soon(c)
            def c():
                pass
            loop.call_soon(a)
    """
    assert findings(source, max_callback_depth=3) == [(9, "AIO401")]


def test_star_args_hide_the_callback_position() -> None:
    source = """\
        import asyncio
        def f(loop, args):
            loop.call_later(*args)
            loop.call_soon(lambda: loop.call_later(*args))
    """
    assert findings(source, max_callback_depth=2) == [(4, "AIO401")]


def test_custom_registrars_bare_and_dotted() -> None:
    source = """\
        import asyncio
        from mylib import events
        def f(bus, loop):
            bus.subscribe("a", lambda e: events.on(lambda: loop.call_soon(print)))
            bus.other("a", lambda e: events.on(lambda: loop.call_soon(print)))
    """
    table = {"callback_registrars": {"subscribe": 1, "mylib.events.on": 0}}
    assert findings(source, **table) == [(4, "AIO401")]
    assert findings(source) == []
    assert findings(source, callback_registrars=["mylib.events.on"], max_callback_depth=2) \
        == [(4, "AIO401"), (5, "AIO401")]


# -- AIO402 ---------------------------------------------------------------------------------------

def test_dropped_task_message_names_the_factory_and_the_fixes() -> None:
    source = """\
        import asyncio
        async def f(c, loop):
            asyncio.create_task(c())
            loop.create_task(c())
            asyncio.ensure_future(c())
    """
    assert findings(source) == [(3, "AIO402"), (4, "AIO402"), (5, "AIO402")]
    first, second, third = messages(source)
    assert first.startswith("the task from `asyncio.create_task()` is thrown away")
    assert second.startswith("the task from `loop.create_task()` is thrown away")
    assert third.startswith("the task from `asyncio.ensure_future()` is thrown away")
    assert "weak reference" in first and "add_done_callback(tasks.discard)" in first and "asyncio.TaskGroup" in first


def test_dropped_task_in_sync_code_without_async_keyword() -> None:
    source = """\
        import asyncio
        def on_message(loop, handler, message):
            loop.create_task(handler(message))
    """
    assert findings(source) == [(3, "AIO402")]


def test_task_groups_and_wrappers_are_not_dropped_tasks() -> None:
    source = """\
        import asyncio
        import mylib
        async def f(c, tg, nursery, group):
            async with asyncio.TaskGroup() as workers:
                workers.create_task(c())
            tg.create_task(c())
            nursery.create_task(c())
            group.create_task(c())
            mylib.create_task(c())
        class Base:
            def run(self, c):
                self.create_task(c())
    """
    assert findings(source) == []


def test_framework_create_task_methods_and_held_tasks_are_not_dropped() -> None:
    # Read on real code: hass.create_task, application.create_task and opsdroid.create_task keep
    # the task; ensure_future(self._task) returns the task the attribute holds.
    source = """\
        import asyncio
        async def f(self, hass, application, c):
            self.hass.create_task(c())
            application.create_task(c())
            self.opsdroid.create_task(c())
            self._task = asyncio.create_task(c())
            asyncio.ensure_future(self._task)
            self.hass.loop.create_task(c())
            asyncio.ensure_future(self._pending_coro)
            asyncio.ensure_future(c())
    """
    assert findings(source) == [(8, "AIO402"), (9, "AIO402"), (10, "AIO402")]


def test_shadowed_asyncio_function_is_not_flagged() -> None:
    source = """\
        import asyncio
        def f(c):
            def create_task(coro):
                return coro
            create_task(c())
    """
    assert findings(source) == []


# -- AIO403 ---------------------------------------------------------------------------------------

def test_coroutine_callback_message_and_position() -> None:
    source = """\
        import asyncio
        class C:
            async def tick(self):
                pass
            def start(self, loop):
                loop.call_later(1, self.tick)
    """
    result = lint_source(textwrap.dedent(source), "m.py", Config(select=("AIO403",)))
    (finding,) = result.findings
    assert (finding.line, finding.column) == (6, 27)
    assert finding.message.startswith(
        "coroutine function `self.tick` registered as a plain callback with `call_later()`: the loop creates "
        "the coroutine and never awaits it; schedule it with `asyncio.create_task(self.tick())`")


def test_coroutine_callback_with_custom_registrar_in_a_file_without_builtin_registrars() -> None:
    source = """\
        async def handler(event):
            pass
        def setup(bus):
            bus.subscribe("started", handler)
    """
    assert findings(source, callback_registrars={"subscribe": 1}) == [(4, "AIO403")]
    assert findings(source, callback_registrars={"subscribe": 0}) == []  # "started" is the callback


def test_coroutine_function_as_an_argument_of_the_callback_is_not_aio403() -> None:
    source = """\
        import asyncio
        async def job():
            pass
        def f(loop, run):
            loop.call_soon(run, job)
            loop.call_soon(asyncio.ensure_future, job())
    """
    # ensure_future is the callback: no AIO403, but the loop drops the task it returns (AIO402).
    assert findings(source) == [(6, "AIO402")]


# -- configuration --------------------------------------------------------------------------------

def test_config_keys_parse() -> None:
    config = parse_table({"callback-registrars": ["subscribe", "mylib.on"], "max-callback-depth": 4}, "t", ".")
    assert config.callback_registrars == (("subscribe", 0), ("mylib.on", 0))
    assert config.max_callback_depth == 4
    config = parse_table({"callback-registrars": {"on": 2}}, "t", ".")
    assert config.callback_registrars == (("on", 2),)
    assert Config().max_callback_depth == 3


@pytest.mark.parametrize("key, value, words", [
    ("max-callback-depth", 1, "integer >= 2"),
    ("max-callback-depth", "3", "integer >= 2"),
    ("max-callback-depth", True, "integer >= 2"),
    ("callback-registrars", "subscribe", "expected a list of names"),
    ("callback-registrars", {"sub scribe": 0}, "is not a method name"),
    ("callback-registrars", {"on": -1}, "integer >= 0"),
    ("callback-registrars", {"on": "1"}, "integer >= 0"),
])
def test_config_errors_name_the_key(key: str, value: object, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_table({key: value}, "pyproject.toml", ".")
    assert key in str(info.value) and words in str(info.value)


# -- front ends with a project configuration ------------------------------------------------------

PROJECT = """\
import asyncio


async def on_event(event):
    pass


def wire(bus, loop):
    bus.listen(lambda e: loop.call_soon(print, e))
    bus.listen(on_event)
    loop.create_task(on_event(None))
"""
PYPROJECT = ('[tool.asyncio-lint]\nextend-select = ["AIO401"]\ncallback-registrars = ["listen"]\n'
             'max-callback-depth = 2\n')
EXPECTED = [(9, 5, "AIO401"), (10, 16, "AIO403"), (11, 5, "AIO402")]


def test_cli_reads_the_aio4_config_keys(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "m.py").write_text(PROJECT)
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path / "m.py")], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    document = json.loads(result.output)
    assert [(f["line"], f["column"], f["code"]) for f in document["findings"]] == EXPECTED
    assert document["findings"][1]["message"].startswith("coroutine function `on_event` registered as a plain "
                                                         "callback with `listen()`")


def test_flake8_reads_the_aio4_config_keys(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "m.py").write_text(PROJECT)
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO", "m.py"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    got = [line.split(" ", 2)[:2] for line in proc.stdout.splitlines()]
    assert got == [[f"m.py:{line}:{col}:", code] for line, col, code in EXPECTED]


def test_configured_registrar_is_a_trigger_even_without_builtin_names() -> None:
    from asyncio_lint.config import parse_table
    from asyncio_lint.engine import Engine

    source = (
        "def setup(bus):\n"
        "    def first():\n"
        "        def second():\n"
        "            bus.subscribe(print)\n"
        "        bus.subscribe(second)\n"
        "    bus.subscribe(first)  # expect: AIO401\n"
    )
    config = parse_table({"callback-registrars": ["subscribe"], "max-callback-depth": 3}, "<t>", ".")
    result = Engine(config.with_overrides(select=("AIO401",))).lint(source.encode(), "bus.py")
    assert [(f.line, f.code) for f in result.findings] == [(6, "AIO401")]
