"""AIO5xx (event-loop and executor API misuse): the issue's tutorial, messages, and edge cases."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from asyncio_lint.config import Config
from asyncio_lint.engine import Engine
from asyncio_lint.registry import rule_by_code
from tests.helpers import ROOT, as_counter, diff, expectations

# The pattern from the issue, as the tutorial has it.
TUTORIAL = textwrap.dedent("""\
    import asyncio
    import multiprocessing

    async def crunch(n):
        return n * n

    sizes = [1, 2, 3]
    workers = multiprocessing.Pool()
    loop = asyncio.get_event_loop()  # expect: AIO504
    pending = [loop.run_in_executor(workers, crunch, n) for n in sizes]  # expect: AIO501, AIO502
    """)

ENGINE = Engine(Config(select=("AIO5",)))


def lint(source: str) -> list[tuple[int, str, str]]:
    result = ENGINE.lint(textwrap.dedent(source), "example.py")
    assert result.error is None, result.error
    return [(f.line, f.code, f.message) for f in result.findings]


def codes(source: str) -> list[tuple[int, str]]:
    return [(line, code) for line, code, _ in lint(source)]


# -- the tutorial, through the engine, the CLI and flake8 ---------------------------------
def test_tutorial_engine_exact_findings_and_messages() -> None:
    findings = lint(TUTORIAL)
    assert as_counter((line, code) for line, code, _ in findings) == expectations(TUTORIAL)
    messages = {code: message for _, code, message in findings}
    assert messages["AIO501"] == (
        "`crunch` is a coroutine function: `loop.run_in_executor()` only creates a coroutine object that "
        "nobody awaits, so its body never runs; `await crunch(...)` directly instead (or make it a plain "
        "`def` to run it in a worker)")
    assert messages["AIO502"] == (
        "`workers` is a `multiprocessing.pool.Pool`, not a `concurrent.futures.Executor`: "
        "`loop.run_in_executor()` fails on it; use `concurrent.futures.ProcessPoolExecutor()`")
    assert "asyncio.run(main())" in messages["AIO504"] and "3.14" in messages["AIO504"]


def test_tutorial_through_cli(tmp_path: Path) -> None:
    path = tmp_path / "tutorial.py"
    path.write_text(TUTORIAL, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "asyncio_lint", "check", "--format", "json", "--select", "AIO5",
                           str(path)], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    actual = as_counter((f["line"], f["code"]) for f in document["findings"])
    assert actual == expectations(TUTORIAL), diff(expectations(TUTORIAL), actual, "CLI")


def test_tutorial_through_flake8(tmp_path: Path) -> None:
    path = tmp_path / "tutorial.py"
    path.write_text(TUTORIAL, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO5", str(path)],
                          cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    pattern = re.compile(r"^.+?:(?P<line>\d+):\d+: (?P<code>AIO\d{3}) ")
    actual = as_counter((int(m["line"]), m["code"]) for m in map(pattern.match, proc.stdout.splitlines()) if m)
    assert actual == expectations(TUTORIAL), diff(expectations(TUTORIAL), actual, "flake8")


def test_noqa_silences_one_code_of_the_tutorial_line() -> None:
    source = TUTORIAL.replace("# expect: AIO501, AIO502", "# noqa: AIO502")
    assert codes(source) == [(9, "AIO504"), (10, "AIO501")]


# -- AIO501 ---------------------------------------------------------------------------------------
def test_aio501_keyword_and_starred_arguments() -> None:
    assert codes("""\
        import asyncio
        async def job():
            pass
        async def main(args):
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(executor=None, func=job)
            await loop.run_in_executor(*args)
            await asyncio.to_thread(func=job)
        """) == [(6, "AIO501"), (8, "AIO501")]


def test_aio501_executor_types_from_annotations_and_attributes() -> None:
    assert codes("""\
        import concurrent.futures
        async def job():
            pass
        class Service:
            executor: concurrent.futures.Executor
            def start(self, pool: concurrent.futures.ThreadPoolExecutor):
                pool.submit(job)
                self.executor.submit(job)
            def other(self, anything):
                anything.submit(job)
        """) == [(7, "AIO501"), (8, "AIO501")]


def test_aio501_rebound_names_are_not_guessed() -> None:
    # Two bindings of one name: the analysis does not guess which one runs.
    assert codes("""\
        import asyncio
        async def job():
            pass
        job = staticmethod(job)
        async def main():
            await asyncio.to_thread(job)
        """) == []


# -- AIO502 ---------------------------------------------------------------------------------------
def test_aio502_trigger_bytes() -> None:
    rule = rule_by_code("AIO502")
    assert rule is not None and rule.TRIGGERS == (b"run_in_executor", b"set_default_executor")
    only = Engine(Config(select=("AIO502",)))
    assert not only.could_fire(b"import multiprocessing\nasync def f():\n    multiprocessing.Pool()\n")
    assert only.could_fire(b"loop.run_in_executor(pool, f)\n")
    aio504 = Engine(Config(select=("AIO504",)))
    assert aio504.could_fire(b"loop = asyncio.get_event_loop()\n")  # sync code has no `async`


def test_aio502_in_sync_code_and_with_statement() -> None:
    assert codes("""\
        import asyncio, multiprocessing
        def work(n):
            return n
        def schedule(loop):
            with multiprocessing.Pool() as pool:
                return loop.run_in_executor(pool, work, 1)
        """) == [(6, "AIO502")]


# -- AIO503 ---------------------------------------------------------------------------------------
def test_aio503_skips_files_using_nest_asyncio() -> None:
    assert codes("""\
        import asyncio
        import nest_asyncio
        nest_asyncio.apply()
        async def job():
            pass
        async def main():
            asyncio.run(job())
        """) == []


def test_aio503_run_forever_needs_a_visible_loop() -> None:
    assert codes("""\
        import asyncio
        async def main(ws_app, event_loop, holder):
            ws_app.run_forever()
            event_loop.run_forever()
            holder.loop.run_forever()
            asyncio.new_event_loop().run_forever()
        """) == [(4, "AIO503"), (5, "AIO503"), (6, "AIO503")]


def test_aio503_lambda_and_nested_def_are_not_coroutines() -> None:
    assert codes("""\
        import asyncio
        async def job():
            pass
        async def main(loop):
            cb = lambda: asyncio.run(job())
            class Inner:
                def go(self):
                    loop.run_until_complete(job())
            return cb, Inner
        """) == []


# -- AIO504 ---------------------------------------------------------------------------------------
def test_aio504_messages_differ_by_context() -> None:
    findings = lint("""\
        import asyncio
        async def main():
            return asyncio.get_event_loop()
        def cli():
            asyncio.get_event_loop().run_until_complete(main())
        loop = asyncio.get_event_loop()
        """)
    assert [(line, code) for line, code, _ in findings] == [(5, "AIO504"), (6, "AIO504")]
    runner, module = (message for _, _, message in findings)
    assert "before running the loop itself" in runner and "asyncio.run(main())" in runner
    assert "at module level" in module


def test_get_event_loop_in_a_coroutine_is_aio506_an_opt_in_style_point() -> None:
    source = "import asyncio\nasync def main():\n    return asyncio.get_event_loop()\n"
    assert Engine(Config()).lint(source, "m.py").findings == ()
    assert Engine(Config(select=("AIO5",))).lint(source, "m.py").findings == ()  # a prefix: still hidden
    for config in (Config(extend_select=("AIO506",)), Config(select=("AIO5",), min_confidence="style")):
        (finding,) = Engine(config).lint(source, "m.py").findings
        assert (finding.line, finding.code, finding.confidence) == (3, "AIO506", "style")
        assert "`asyncio.get_running_loop()`" in finding.message


@pytest.mark.parametrize("guard, flagged", [
    ("if sys.version_info < (3, 10):", False),
    ("if sys.version_info[:2] < (3, 14):", False),
    ("if (3, 12) > sys.version_info:", False),
    ("if sys.version_info <= (3, 11):", False),
    ("if sys.version_info >= (3, 12):\n    pass\nelse:", False),
    ("if sys.version_info >= (3, 12):\n    pass\nelif True:", False),
    ("if sys.version_info < (3, 15):", True),
    ("if sys.version_info >= (3, 8):", True),
    ("if sys.version_info < (3, 10):\n    pass\nelse:", True),
    ("if sys.platform == 'win32':", True),
])
def test_aio504_version_guards(guard: str, flagged: bool) -> None:
    source = f"import asyncio, sys\n{guard}\n    asyncio.get_event_loop().run_until_complete(asyncio.sleep(0))\n"
    found = [f.code for f in ENGINE.lint(source, "m.py").findings]
    assert found == (["AIO504"] if flagged else []), source


def test_aio504_confidence_is_likely_when_the_error_is_handled() -> None:
    source = textwrap.dedent("""\
        import asyncio
        def run():
            try:
                loop = asyncio.get_event_loop()
            except RuntimeError:
                loop = asyncio.new_event_loop()
            loop.run_until_complete(asyncio.sleep(0))
        def bare():
            loop = asyncio.get_event_loop()
            loop.run_until_complete(asyncio.sleep(0))
        """)
    assert [(f.line, f.confidence) for f in ENGINE.lint(source, "m.py").findings] == [(4, "likely"), (9, "certain")]


def test_aio504_sync_code_called_from_a_loop_is_left_alone() -> None:
    assert codes("""\
        import asyncio
        class Client:
            def __init__(self, loop=None):
                self._loop = loop or asyncio.get_event_loop()
                self._loop.run_until_complete  # an attribute, not the local that was assigned
            def on_data(self, data):
                asyncio.get_event_loop().call_soon(print, data)
        def get_loop():
            loop = asyncio.get_event_loop()
            return loop
        """) == []


def test_aio504_module_level_with_set_event_loop_is_fine() -> None:
    assert codes("""\
        import asyncio
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = asyncio.get_event_loop()
        loop.run_until_complete(asyncio.sleep(0))
        """) == []


def test_aio504_policy_method_is_not_the_module_function() -> None:
    assert codes("""\
        import asyncio
        async def main():
            return asyncio.get_event_loop_policy().get_event_loop()
        """) == []


# -- AIO505 ---------------------------------------------------------------------------------------
def test_aio505_messages_in_coroutine_and_sync_code() -> None:
    findings = lint("""\
        async def ping():
            pass
        async def main():
            ping()
        def cli():
            ping()
        """)
    assert [(line, code) for line, code, _ in findings] == [(4, "AIO505"), (6, "AIO505")]
    assert "`await ping(...)`" in findings[0][2] and "asyncio.create_task(ping(...))" in findings[0][2]
    assert "`asyncio.run(ping(...))`" in findings[1][2]


def test_aio505_call_before_definition_and_in_nested_scopes() -> None:
    assert codes("""\
        class Session:
            def reset(self):
                self.close()
                helper = lambda: self.close()
                return helper
            async def close(self):
                pass
        """) == [(3, "AIO505")]


def test_aio505_only_bare_statements() -> None:
    assert codes("""\
        import asyncio
        async def ping():
            pass
        async def main():
            x = ping()
            await asyncio.wait_for(ping(), 1)
            (await ping())
            print(ping())
            return x
        """) == []


@pytest.mark.parametrize("code", ["AIO501", "AIO502", "AIO503", "AIO504", "AIO505"])
def test_each_rule_has_its_fixture(code: str) -> None:
    rule = rule_by_code(code)
    assert rule is not None
    path = ROOT / "fixtures" / f"{rule.__module__.rsplit('.', 1)[1]}.py"
    assert any(c == code for _, c in expectations(path.read_text(encoding="utf-8")))


# -- configuration ----------------------------------------------------------------------------------
def test_extend_offload_functions_from_pyproject(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.asyncio-lint]\nextend-offload-functions = ["myapp.pool.run_sync"]\n', encoding="utf-8")
    (tmp_path / "app.py").write_text(textwrap.dedent("""\
        from myapp.pool import run_sync, other
        async def fetch():
            pass
        async def main():
            await run_sync(fetch)
            await other(fetch)
        """), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "asyncio_lint", "check", "--format", "json", "--select", "AIO501",
                           "app.py"], cwd=tmp_path, capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)["findings"]
    assert [(f["line"], f["code"]) for f in findings] == [(5, "AIO501")]
    assert "`run_sync()` only creates a coroutine object" in findings[0]["message"]


@pytest.mark.parametrize("value, error", [
    ('"myapp.run"', "expected a list of qualified names"),
    ('["run_sync"]', "is not a qualified name"),
    ('{ "myapp.run" = -1 }', "position must be an integer >= 0"),
    ('{ "myapp.run" = true }', "position must be an integer >= 0"),
])
def test_extend_offload_functions_rejects_bad_values(tmp_path: Path, value: str, error: str) -> None:
    from asyncio_lint.config import ConfigError, load_file

    path = tmp_path / "pyproject.toml"
    path.write_text(f"[tool.asyncio-lint]\nextend-offload-functions = {value}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(error)):
        load_file(path)


def test_aio505_async_generator_message() -> None:
    findings = lint("""\
        async def ticks():
            def inner():
                yield 1
            yield 2
        async def ping():
            def inner():
                yield 1
            return inner
        def main():
            ticks()
            ping()
        """)
    assert [(line, code) for line, code, _ in findings] == [(10, "AIO505"), (11, "AIO505")]
    assert findings[0][2] == ("`ticks()` creates an async generator and drops it, so `async def ticks` never runs; "
                              "iterate it with `async for ... in ticks(...)`")
    assert findings[1][2].startswith("`ping()` creates a coroutine and drops it")


def test_aio505_and_aio501_see_methods_of_base_classes_in_the_file() -> None:
    assert codes("""\
        import abc, asyncio
        class Base(abc.ABC):
            async def close(self):
                pass
        class Mid(Base):
            pass
        class Child(Mid):
            def __del__(self):
                self.close()
            async def run(self):
                await asyncio.to_thread(self.close)
        class Overrides(Base):
            def close(self):
                pass
            def stop(self):
                self.close()
        class Aliased(Base):
            close = Base.close
            def stop(self):
                self.close()
        class Unknown(SomethingElse, Base):
            def stop(self):
                self.close()
        """) == [(9, "AIO505"), (11, "AIO501")]


def test_without_async_the_coroutine_rules_are_silent() -> None:
    """Metamorphic: with async/await stripped, no function is a coroutine (function) any more."""
    engine = Engine(Config(select=("AIO501", "AIO503", "AIO505")))
    checked = 0
    for name in ("aio501_coroutine_in_executor", "aio503_nested_event_loop", "aio505_never_awaited_coroutine",
                 "aio504_get_event_loop"):
        source = (ROOT / "fixtures" / f"{name}.py").read_text(encoding="utf-8")
        source = re.sub(r"\basync\s+(def|with|for)\b", r"\1", source)
        source = re.sub(r"\bawait\s+", "", source)
        result = engine.lint(source, f"{name}.py")
        assert result.error is None, result.error
        checked += 1
        # asyncio.sleep stays a library coroutine function without the file's `async`, and so do
        # asyncio's other awaitables: a dropped one is AIO505's whether or not the file has coroutines.
        flagged = [(f.line, f.code) for f in result.findings
                   if "asyncio.sleep" not in f.message and not (f.code == "AIO505" and "async def" not in f.message)]
        assert not flagged, f"{name} without async still flagged: {flagged}"
    assert checked == 4
