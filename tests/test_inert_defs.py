"""A big module's inert defs are left out unparsed (parse.inert_defs), and nothing else changes.

The parser leaves out a top-level def of a big module that names nothing its module binds and holds
none of the selected rules' statement triggers. Defs that name only their own parameters and locals,
in the shapes each family of rules looks for, are linted with that pre-pass forced on and compared
with a whole-module parse; a big module whose handlers are left out still tells the rest of the
file and of the project what they are, and the project phase places its findings on the right lines.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from asyncio_lint import parse as parse_module
from asyncio_lint.cli import main
from asyncio_lint.config import Config, parse_table
from asyncio_lint.engine import Engine
from asyncio_lint.parse import inert_defs, parse, statement_starts
from asyncio_lint.registry import all_rules


def _summary_shape(summary):  # what a summary says, without the walk ordinals (they count parsed calls only)
    if summary is None:
        return None
    functions = [summary.functions[name] for name in sorted(summary.functions)]
    return (sorted(summary.functions), [(f.display, f.lazy, f.params, f.coroutine, f.offloaded, f.calls,
                                         [(c.name, c.kind, c.guarded) for c in f.catalogue]) for f in functions],
            summary.coroutines, [(s.coroutine, s.target, s.text, s.args, s.awaited) for s in summary.sites],
            [(d.target, d.text, d.in_coroutine) for d in summary.dropped], summary.aliases, summary.attributes)


# Bodies that name only their parameter and locals, with what each family of rules looks for.
LOCAL_BODIES = [
    "    n = request.count\n    await request.wait()\n    request.count = n + 1\n",
    "    request.total += await request.size()\n",
    "    if request.key not in request.cache:\n        request.cache[request.key] = await request.load()\n",
    "    items = request.items\n    if not items:\n        await request.wait()\n        items.clear()\n",
    "    if request.ready:\n        await request.wait()\n        del request.ready\n",
    "    while request.busy:\n        pass\n",
    "    while not request.done():\n        request.poll()\n",
    "    for row in request.rows:\n        request.seen.add(row)\n",
    "    return [cell * cell for row in request.rows for cell in row]\n",
    "    request.loop.run_until_complete(request.job())\n",
    "    request.loop.run_forever()\n",
    "    return request.get_event_loop()\n",
    "    request.loop.create_task(request.job())\n",
    "    request.ensure_future(request.job())\n",
    "    async def job():\n        return 1\n    job()\n",
    "    async def job():\n        return 1\n    await request.loop.run_in_executor(None, job)\n",
    "    async def job(fut):\n        return fut\n    request.add_done_callback(job)\n",
    "    async def job():\n        return 1\n    request.loop.call_soon(job)\n",
    "    request.loop.call_soon(lambda: request.loop.call_soon(lambda: request.loop.call_later(1, request.stop)))\n",
    "    yield request\n",
    "    return await request.fetch(1)\n",
    "    return request.fetch(1)\n",
    "    await request\n",
    "    return request.split('\\t') + [request.fetch] \\\n        + [1]\n",
]


def _local_cases() -> list[str]:
    other = "async def other(request):\n    return await request.fetch(2)\n"
    return [f"import asyncio\n\n\n{head}(request):\n{body}\n\n{other}"
            for body in LOCAL_BODIES for head in ("async def handler", "def handler")]


@pytest.mark.parametrize("table", [{}, {"callback-registrars": {"subscribe": 1}}])
def test_defs_left_out_are_those_no_rule_could_report_in(monkeypatch: pytest.MonkeyPatch, table: dict) -> None:
    config = parse_table({"min-confidence": "style", "select": ["AIO"], **table}, "<test>", ".")
    engine = Engine(config)
    cases = _local_cases()
    if table:
        cases.append("import asyncio\n\n\nasync def handler(request):\n    async def job():\n        return 1\n"
                     "    request.subscribe('tick', job)\n")
    whole = [engine.lint(code, "local.py") for code in cases]
    assert sum(bool(result.findings) for result in whole) >= 15  # (most of them are findings)
    monkeypatch.setattr(parse_module, "BIG_BYTES", 0)
    left_out = 0
    for code, expected in zip(cases, whole, strict=True):
        left_out += len(parse(code, triggers=engine.statement_triggers).unparsed)
        result = engine.lint(code, "local.py")
        assert result.findings == expected.findings, code
        assert _summary_shape(result.summary) == _summary_shape(expected.summary), code
    assert left_out >= len(cases)  # (`other` at least, in every case)


def test_a_rule_that_declares_no_statement_triggers_turns_the_pre_pass_off(monkeypatch: pytest.MonkeyPatch) -> None:
    rule = next(r for r in all_rules() if r.CODE == "AIO101")
    monkeypatch.setattr(rule, "STATEMENT_TRIGGERS", None)
    engine = Engine(Config(select=("AIO",)))
    assert engine.statement_triggers is None
    monkeypatch.setattr(parse_module, "BIG_BYTES", 0)
    assert parse(_big(50, ""), triggers=engine.statement_triggers).unparsed == ()


def _big(handlers: int, tail: str) -> str:
    parts = ["import asyncio\nimport time\n\n\n"]
    for i in range(handlers):
        if i % 40 == 9:
            parts.append(f"def helper_{i}(request, /, n, *rest, **options):\n    return request.size(n)\n\n\n")
        else:
            parts.append(f"async def handler_{i}(request):\n    return await request.fetch({i})\n\n\n")
    return "".join(parts) + tail


TAIL = """\
async def main(loop, request):
    await loop.run_in_executor(None, handler_5, request)
    handler_6(request)
    time.sleep(1)
"""


def test_a_def_another_statement_names_is_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    text = _big(400, TAIL)
    engine = Engine(Config(select=("AIO",)))
    whole = engine.lint(text, "big.py")
    monkeypatch.setattr(parse_module, "BIG_BYTES", 1024)
    parsed = parse(text, triggers=engine.statement_triggers)
    names = {u.name for u in parsed.unparsed}
    assert len(names) > 350 and not {"handler_5", "handler_6"} & names
    assert {("helper_9", False, ("request", "n"))} <= {(u.name, u.coroutine, u.positional) for u in parsed.unparsed}
    pieces = engine.lint(text, "big.py")
    assert [(f.line, f.code) for f in pieces.findings] == [(1606, "AIO501"), (1607, "AIO505"), (1608, "AIO101")]
    assert pieces.findings == whole.findings
    assert _summary_shape(pieces.summary) == _summary_shape(whole.summary)


@pytest.mark.parametrize("body", [
    "    return time.monotonic()\n",       # a name the module binds
    "    return len(request)\n",           # a builtin
    "    return handler_0\n",              # another top-level def
    "    request.count = 1\n",             # a statement trigger (a write)
    "    import os\n    return os.sep\n",  # an import of its own
    "    return request  # noqa: AIO101\n",  # a comment
    "    global request\n    request = 1\n",  # a global: its words may be names of the module
    "    return async_default, define, classes\n",  # module names that begin like a def or class
])
def test_a_def_that_names_anything_of_the_module_is_parsed(body: str) -> None:
    text = ("import time\n\n@decorated\nasync def route(request):\n    return request\n\n"
            "async_default = define = 1\nclasses = {}\n\n"
            "async def handler_0(request):\n    return request\n\nasync def other(request):\n" + body)
    bounds = [0, *(offset for offset, _ in statement_starts(text)), len(text)]
    statements = [(1, text[bounds[i]:bounds[i + 1]]) for i in range(len(bounds) - 1)]
    triggers = Engine(Config(select=("AIO",))).statement_triggers
    assert triggers is not None
    inert = inert_defs(statements, triggers)
    alone = "handler_0" not in body and "global" not in body
    assert [u.name for u in inert.values()] == (["handler_0"] if alone else [])


APP = """\
from pkg import big


async def serve(request):
    big.handler_3(request)
    big.load_settings("settings.toml")
"""


def test_the_project_phase_sees_the_defs_left_out_and_places_its_findings(monkeypatch: pytest.MonkeyPatch,
                                                                          tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    tail = "def load_settings(path):\n    with open(path) as handle:\n        return handle.read()\n"
    (package / "big.py").write_text(_big(300, tail))
    (package / "app.py").write_text(APP)

    def run() -> list[tuple[str, int, str, str]]:
        result = CliRunner().invoke(main, ["check", "--no-cache", "-j1", "--format", "json", str(tmp_path)],
                                    catch_exceptions=False)
        findings = json.loads(result.stdout)["findings"]
        return [(Path(f["path"]).name, f["line"], f["code"], f["message"]) for f in findings]

    whole = run()
    monkeypatch.setattr(parse_module, "BIG_BYTES", 1024)
    triggers = Engine(Config()).statement_triggers
    assert len(parse((package / "big.py").read_text(), triggers=triggers).unparsed) > 250
    assert run() == whole
    codes = {(name, line, code) for name, line, code, _ in whole}
    assert {("app.py", 5, "AIO505"), ("app.py", 6, "AIO120")} <= codes
    chain = next(message for name, _, code, message in whole if code == "AIO120")
    assert "(big.py:1206)" in chain  # (the open() of big.py, after the defs left out)
