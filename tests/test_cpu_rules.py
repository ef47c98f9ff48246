"""AIO2xx (CPU-bound work on the loop): configuration, messages, thresholds, edge cases, and the CLI and
flake8 with a project's own `extend-cpu-bound-calls`."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import libcst as cst
import pytest
from click.testing import CliRunner

from asyncio_lint.analysis.cpu import constant_int
from asyncio_lint.analysis.data.cpu import CPU_BOUND_CALLS
from asyncio_lint.api import lint_source
from asyncio_lint.cli import main
from asyncio_lint.config import Config, ConfigError, parse_table
from asyncio_lint.registry import select_rules


def _config(table: dict) -> Config:
    config = parse_table({k.replace("_", "-"): v for k, v in table.items()}, "test", ".") if table else Config()
    return dataclasses.replace(config, select=("AIO201", "AIO202", "AIO203"))


def findings(source: str, **table: object) -> list[tuple[int, str]]:
    result = lint_source(textwrap.dedent(source), "m.py", _config(table))
    assert result.error is None, result.error
    return [(f.line, f.code) for f in result.findings]


def messages(source: str, **table: object) -> list[str]:
    return [f.message for f in lint_source(textwrap.dedent(source), "m.py", _config(table)).findings]


def test_aio201_aio202_and_aio203_are_on_by_default() -> None:
    codes = {r.CODE for r in select_rules()}
    assert {"AIO201", "AIO202", "AIO203"} <= codes
    assert "AIO202" not in {r.CODE for r in select_rules(ignore=("AIO202",))}


def test_aio202_by_default_reports_visible_cost_only() -> None:
    # Read on real code: pairwise and nested loops over inputs of unknown size were mostly over a
    # handful of items (a router's Wi-Fi networks), so they are style points, shown on request.
    source = """\
        async def migrate(networks):
            for index, network in networks.items():
                twins = [j for j, n in networks.items() if n["ssid"] == network["ssid"]]

        async def constant():
            return sum(i * i for i in range(10**7))
        """
    result = lint_source(textwrap.dedent(source), "m.py", Config())
    assert [(f.line, f.code, f.confidence) for f in result.findings] == [(6, "AIO202", "certain")]
    assert result.hidden == 1
    shown = lint_source(textwrap.dedent(source), "m.py", dataclasses.replace(Config(), min_confidence="style"))
    assert [(f.line, f.confidence) for f in shown.findings] == [(2, "style"), (6, "certain")]


def test_aio202_nested_arithmetic_judgement_and_its_confidence() -> None:
    source = """\
        async def edit_distance(a, b, d):
            for i in range(len(a)):
                for j in range(len(b)):
                    d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1)

        async def primes(n, out):
            for i in range(2, n):
                for j in range(2, int(i ** 0.5) + 1):
                    if i % j == 0:
                        break
                else:
                    out.append(i)

        async def cells(rows):
            for i in range(len(rows)):
                for j in range(len(rows[i])):
                    rows[i][j] += 1

        async def joins(users, groups):
            for user in users:
                for group in groups:
                    if user.gid == group.id:
                        user.group = group

        async def constant():
            return sum(i * i for i in range(10**7))
        """
    result = lint_source(textwrap.dedent(source), "m.py", _config({}))
    found = [(f.line, f.code, f.confidence) for f in result.findings]
    assert found == [(2, "AIO202", "style"), (7, "AIO202", "style"), (26, "AIO202", "certain")]
    (message, *_) = [f.message for f in result.findings]
    assert message.startswith("a nested loop over `range(len(a))` × `range(len(b))` that computes on every "
                              "iteration (their sizes multiply)")


# -- AIO201 ---------------------------------------------------------------------------------------

def test_cpu_bound_call_message_names_the_call_why_and_the_thread_fix() -> None:
    [message] = messages("""\
        import hashlib
        async def f(pw, salt):
            return hashlib.pbkdf2_hmac("sha256", pw, salt, 600_000)
    """)
    assert message == ("`hashlib.pbkdf2_hmac()` is CPU-bound (key derivation) and stalls every other task while it "
                       "runs on the loop; offload it with `await asyncio.to_thread(hashlib.pbkdf2_hmac, ...)` "
                       "(it releases the GIL, so a thread is enough)")


def test_same_file_helper_is_reported_at_the_call_with_the_catalogue_call_it_reaches() -> None:
    source = """\
        import zlib
        class Codec:
            def pack(self, data):
                return zlib.compress(data)
            async def send(self, data):
                return self.pack(data)
    """
    # One mechanism for helpers: AIO220 reports the chain (AIO201 only reports catalogue calls).
    assert findings(source) == []  # AIO201 alone
    result = lint_source(textwrap.dedent(source), "m.py", Config(select=("AIO2",)))
    assert [(f.line, f.code) for f in result.findings] == [(6, "AIO220")]
    [message] = [f.message for f in result.findings]
    assert message.startswith("`self.pack()` is CPU-bound: `Codec.pack -> zlib.compress()`"), message
    assert "self.pack" in message and "to_thread" in message


def test_helper_without_catalogue_call_and_async_helpers_are_not_reported() -> None:
    assert findings("""\
        import zlib
        def crc(data):
            return zlib.crc32(data)
        async def apack(data):
            return zlib.compressobj().compress(data)
        async def f(data):
            crc(data)
            return await apack(data)
    """) == []


def test_extend_cpu_bound_calls_list_means_thread_and_table_chooses_the_pool() -> None:
    source = """\
        import myapp.reports
        from myapp.images import thumbnail
        async def f(rows, img):
            myapp.reports.render(rows)
            thumbnail(img)
    """
    assert findings(source) == []
    assert findings(source, extend_cpu_bound_calls=["myapp.reports.render", "myapp.images.thumbnail"]) == [
        (4, "AIO201"), (5, "AIO201")]
    render, thumb = messages(source, extend_cpu_bound_calls={"myapp.reports.render": "process",
                                                             "myapp.images.thumbnail": "thread"})
    assert "declared CPU-bound in extend-cpu-bound-calls" in render
    assert "`await loop.run_in_executor(ProcessPoolExecutor(), myapp.reports.render, ...)`" in render
    assert "`await asyncio.to_thread(myapp.images.thumbnail, ...)`" in thumb


def test_extend_cpu_bound_calls_parses_to_a_hashable_tuple() -> None:
    config = parse_table({"extend-cpu-bound-calls": {"a.b": "process"}}, "t", ".")
    assert config.extend_cpu_bound_calls == (("a.b", "process"),)
    assert parse_table({"extend-cpu-bound-calls": ["a.b"]}, "t", ".").extend_cpu_bound_calls == (("a.b", "thread"),)
    hash(config)


@pytest.mark.parametrize("value, words", [
    ("a.b", "expected a list of qualified names"),
    ({"a.b": "gpu"}, "kind 'gpu' is not one of thread, process"),
    (["not a name"], "is not a dotted qualified name"),
])
def test_extend_cpu_bound_calls_errors_name_the_key(value: object, words: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_table({"extend-cpu-bound-calls": value}, "pyproject.toml", ".")
    assert "extend-cpu-bound-calls" in str(info.value) and words in str(info.value)


def test_catalogue_keeps_fast_functions_out() -> None:
    for fast in ("hashlib.sha256", "hashlib.md5", "json.dumps", "json.loads", "zlib.crc32", "zlib.adler32",
                 "pickle.dumps", "base64.b64encode"):
        assert fast not in CPU_BOUND_CALLS


# -- AIO202 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("loop, flagged", [
    ("for i in range(100_000):\n        work(i)", True),                 # 100k x 10 units
    ("for i in range(99_999):\n        work(i)", False),
    ("for i in range(100_000):\n        out.append(i)", False),          # 100k x 1 unit
    ("for i in range(1_000_000):\n        out.append(i)", True),
    ("for i in range(0, 10**6, 10):\n        out.append(i)", False),     # 100k iterations, cheap
    ("for i in range(10, 10**6 + 10):\n        out[i] = i.bit_length", True),
    ("for i in range(2 << 19):\n        pass", True),
    ("for i in range(n):\n        work(i)", False),
    ("for i in range(-5):\n        work(i)", False),
    ("for i in range(1000):\n        for j in range(1000):\n            out.append(j)", True),
    ("for i in range(300):\n        for j in range(300):\n            work(i, j)", False),  # 90k x 10
    ("out.extend([str(i) for i in range(10**6)])", True),
    ("out.extend([work(i) for i in range(10**5)])", True),
    ("out.extend([i for i in range(10**5) if i % 2])", False),
])
def test_range_thresholds(loop: str, flagged: bool) -> None:
    source = f"async def f(out, n):\n    {loop}\n"
    assert findings(source) == ([(2, "AIO202")] if flagged else [])


def test_range_bound_from_a_module_constant_but_not_from_a_variable() -> None:
    assert findings("LIMIT = 10**6\nasync def f(out):\n    for i in range(LIMIT):\n        out.append(i)\n") == [
        (3, "AIO202")]
    assert findings("limit = 10**6\nasync def f(out):\n    for i in range(limit):\n        out.append(i)\n") == []
    assert findings("LIMIT = 10**6\nLIMIT = 3\nasync def f(out):\n    for i in range(LIMIT):\n        out.append(i)\n") == []


def test_nested_heavy_loops_are_reported_once_at_the_outermost() -> None:
    assert findings("""\
        async def f(items, out):
            for a in items:
                for b in items:
                    for i in range(10**6):
                        out.append((a, b, i))
    """) == [(2, "AIO202")]


def test_pure_python_loop_message_proposes_a_process_pool() -> None:
    [message] = messages("async def f(xs):\n    return [(a, b) for a in xs for b in xs]\n")
    assert message.startswith("a pairwise loop over `xs` (quadratic in its size) runs on the event loop with no "
                              "`await` inside")
    assert "`await loop.run_in_executor(ProcessPoolExecutor(), func)`" in message


def test_catalogue_loop_message_proposes_one_thread_for_the_whole_loop() -> None:
    messages_ = messages("import zlib\nasync def f(bs):\n    for b in bs:\n        zlib.compress(b)\n")
    assert [m.split(" ", 1)[0] for m in messages_] == ["a", "`zlib.compress()`"]
    assert "move the whole loop into a function and run it with `await asyncio.to_thread(func)`" in messages_[0]


@pytest.mark.parametrize("source", [
    # the inner loop walks the outer item: linear
    "async def f(rows):\n    for row in rows:\n        for cell in row.cells:\n            check(cell)\n",
    # two different inputs
    "async def f(a, b):\n    return [(x, y) for x in a for y in b]\n",
    # sequential loops over the same input are linear
    "async def f(xs):\n    for a in xs:\n        check(a)\n    for b in xs:\n        check(b)\n",
    # a suspension point in the inner loop
    "async def f(xs):\n    for a in xs:\n        for b in xs:\n            await check(a, b)\n",
    # async comprehension
    "async def f(xs, aiter):\n    return [(a, b) for a in xs async for b in aiter(xs)]\n",
    # a small literal collection bound to a name
    "async def f():\n    ks = ('a', 'b')\n    return [(a, b) for a in ks for b in ks]\n",
])
def test_heavy_loop_near_misses(source: str) -> None:
    assert findings(source) == []


def test_pairwise_through_enumerate_and_dict_views() -> None:
    assert findings("""\
        async def f(self):
            for i, a in enumerate(self.peers):
                for b in self.peers[i + 1:]:
                    link(a, b)
            for k in self.routes.keys():
                for other in self.routes:
                    merge(k, other)
    """) == [(5, "AIO202")]  # self.peers[i + 1:] is not a plain name: not recognised


# -- AIO203 ---------------------------------------------------------------------------------------

def test_busy_wait_messages_propose_an_event_or_a_sleep() -> None:
    state, clock, forever = messages("""\
        import time
        async def f(self, deadline):
            while not self.ready:
                pass
            while time.monotonic() < deadline:
                pass
            while True:
                pass
    """)
    assert state.startswith("busy wait: this loop polls `not self.ready` without ever suspending, so no other "
                            "task can run to change it")
    assert "`asyncio.Event`" in state and "`await asyncio.sleep(0)`" in state
    assert "burns a core" in clock and "`await asyncio.sleep(...)`" in clock
    assert "it has no exit" in forever


@pytest.mark.parametrize("body", [
    "while not self.ready:\n        self.poll()",             # work
    "while not self.ready:\n        time.sleep(0.1)",         # AIO101's business
    "while self.q:\n        self.q.pop()",                    # work
    "while i < 10:\n        i += 1",                          # progress
    "while True:\n        x = self.x\n        break",         # runs once
    "while not self.ready:\n        await asyncio.sleep(0)",  # suspends
    "while not (x := self.read()):\n        pass",            # work in the test
    "while self.process_one():\n        pass",                # work in the test
])
def test_busy_wait_near_misses(body: str) -> None:
    source = f"import asyncio, time\nasync def f(self, i):\n    {body}\n"
    assert [c for _, c in findings(source)] == []


def test_module_constants_are_not_state() -> None:
    [message] = messages("import errno\nasync def f(err):\n    while err == errno.EAGAIN:\n        pass\n")
    assert "nothing in the loop changes it" in message


# -- helpers --------------------------------------------------------------------------------------

@pytest.mark.parametrize("code, value", [
    ("100_000", 100_000), ("10**6", 10**6), ("2 << 20", 2 << 20), ("0x10", 16), ("3 * 1000 + 1", 3001),
    ("-5", -5), ("10 // 3", 3), ("1.5", None), ("n", None), ("2 ** 64", 2**64), ("10 ** 100", None),
])
def test_constant_int(code: str, value: int | None) -> None:
    assert constant_int(cst.parse_expression(code)) == value


# -- front ends with a project configuration ------------------------------------------------------

PROJECT = """\
import hashlib

import myapp.reports


async def login(user, password):
    return hashlib.pbkdf2_hmac("sha256", password, user.salt, 600_000)


async def report(rows):
    return myapp.reports.render(rows)


async def wait(self):
    while not self.ready:
        pass
"""
PYPROJECT = '[tool.asyncio-lint]\nextend-cpu-bound-calls = { "myapp.reports.render" = "process" }\n'
EXPECTED = [(7, 12, "AIO201"), (11, 12, "AIO201"), (15, 5, "AIO203")]  # columns 1-based


def test_cli_reads_extend_cpu_bound_calls(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "m.py").write_text(PROJECT)
    result = CliRunner().invoke(main, ["check", "--select", "AIO2", "--format", "json", str(tmp_path / "m.py")],
                                catch_exceptions=False)
    assert result.exit_code == 1, result.output
    document = json.loads(result.output)
    assert [(f["line"], f["column"], f["code"]) for f in document["findings"]] == EXPECTED
    assert "ProcessPoolExecutor" in document["findings"][1]["message"]


def test_flake8_reads_extend_cpu_bound_calls(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(PYPROJECT)
    (tmp_path / "m.py").write_text(PROJECT)
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO2", "m.py"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr
    got = [line.split(" ", 2)[:2] for line in proc.stdout.splitlines()]
    assert got == [[f"m.py:{line}:{col}:", code] for line, col, code in EXPECTED]


def test_range_message_counts_the_iterations_of_the_nested_constant_ranges() -> None:
    [message] = messages("async def f(out):\n    for i in range(1000):\n        for j in range(1000):\n"
                         "            out.append(j)\n")
    assert message.startswith("a loop of 1,000,000 iterations (constant `range()` bounds) runs on the event loop")


def test_calling_a_generator_helper_runs_none_of_its_body() -> None:
    assert findings("""\
        import zlib
        def packed(blobs):
            for blob in blobs:
                yield zlib.compress(blob)
        async def f(blobs):
            return packed(blobs)
    """) == []
