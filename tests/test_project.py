"""AIO120 / AIO220: blocking and CPU-bound work reached through project helpers, across modules."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from asyncio_lint.analysis.graph import Graph
from asyncio_lint.analysis.records import (
    SUMMARY_VERSION, CallSite, CatalogueCall, FunctionSummary, ModuleSummary)
from asyncio_lint.api import lint_paths, lint_source
from asyncio_lint.engine import engine_for
from asyncio_lint.project import project_enabled
from asyncio_lint.config import Config, ConfigError, parse_table
from tests.helpers import ROOT

APP = ROOT / "fixtures" / "project_app"


def _cli(*args: str, cwd: Path = ROOT) -> dict:
    proc = subprocess.run([sys.executable, "-m", "asyncio_lint", "check", "--format", "json", "--no-cache", *args],
                          cwd=cwd, capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def _pairs(document: dict, code_prefix: str = "AIO") -> list[tuple[str, int, str]]:
    return sorted((Path(f["path"]).name, f["line"], f["code"]) for f in document["findings"]
                  if f["code"].startswith(code_prefix))


def _project(tmp_path: Path, files: dict[str, str], config: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[tool.asyncio-lint]\n{config}\n")
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return tmp_path


CHAIN = {
    "pkg/__init__.py": "",
    "pkg/io.py": """\
        import time

        def nap():
            time.sleep(1)
        """,
    "pkg/a.py": """\
        from .io import nap

        def one():
            nap()
        """,
    "pkg/b.py": """\
        from pkg.a import one

        def two():
            one()
        """,
    "pkg/app.py": """\
        from . import b
        from .a import one
        from .io import nap

        async def main():
            nap()
            one()
            b.two()
        """,
}


# ---- the whole project through the CLI ----------------------------------------------------------------
def test_cli_reports_the_chain_and_the_blocking_line(tmp_path: Path) -> None:
    each = tmp_path / "each.toml"
    each.write_text("[tool.asyncio-lint]\nroot-finding-at = 0\n")
    document = _cli("--config", str(each), "fixtures/project_app", "fixtures/project_auth")
    messages = {(Path(f["path"]).name, f["line"]): f["message"] for f in document["findings"]}
    assert messages[("service.py", 15)] == (
        "`load_settings()` blocks the event loop: `load_settings -> read_json -> open()` (io_utils.py:8); "
        "call it with `await asyncio.to_thread(load_settings, ...)` or make the chain async")
    assert "`summary -> settings_value -> load_settings -> read_json -> open()`" in messages[("service.py", 18)]
    assert "`ping -> pong -> time.sleep()` (cycle_b.py:10)" in messages[("service.py", 22)]
    assert "`Worker._nap -> time.sleep()` (service.py:49)" in messages[("service.py", 53)]
    assert messages[("views.py", 9)].startswith(
        "`check_password()` is CPU-bound: `check_password -> _derive -> hashlib.pbkdf2_hmac()` "
        "(passwords.py:9)")
    assert "`await asyncio.to_thread(check_password, ...)`" in messages[("views.py", 9)]


def test_calls_ending_at_one_blocking_call_are_one_finding_there() -> None:
    document = _cli("fixtures/project_app", "fixtures/project_auth")
    messages = {(Path(f["path"]).name, f["line"]): f["message"] for f in document["findings"]}
    assert messages[("io_utils.py", 8)] == (
        "`open()` in `read_json` blocks the event loop for 7 calls from coroutines "
        "(project_app/service.py:14 `read_json()`, project_app/service.py:15 `load_settings()`, "
        "project_app/service.py:16 `get_conf()` and 4 more); fix it here, once for all of them (an async "
        "equivalent, or the work done once and kept), or run each call with `await asyncio.to_thread(...)`")
    assert ("service.py", 15) not in messages and ("service.py", 18) not in messages
    (root,) = [f for f in document["findings"] if f["path"].endswith("io_utils.py")]
    assert [(Path(c["path"]).name, c["line"], c["call"]) for c in root["calls"]][:3] == [
        ("service.py", 14, "read_json()"), ("service.py", 15, "load_settings()"), ("service.py", 16, "get_conf()")]
    assert len(root["calls"]) == 7
    assert "`ping -> pong -> time.sleep()` (project_app/cycle_b.py:10)" in messages[("service.py", 22)]


def test_only_the_changed_file_is_reported_but_the_project_is_seen() -> None:
    """pre-commit passes the changed files: helpers of unchanged files still count, and a call whose
    blocking call is in a file not checked keeps its own finding."""
    whole = _cli("fixtures/project_app")
    changed = _cli("fixtures/project_app/service.py")
    assert changed["summary"]["files"] == 1
    assert _pairs(whole, "AIO120") == [("io_utils.py", 8, "AIO120"), ("service.py", 21, "AIO120"),
                                       ("service.py", 22, "AIO120"), ("service.py", 53, "AIO120")]
    assert len(_pairs(changed, "AIO120")) == 10
    assert {p for p in _pairs(whole) if p[0] == "service.py"} <= set(_pairs(changed))


# CHAIN's three calls end at one `time.sleep()`: one finding there by default (root-finding-at);
# the tests of each call's chain ask for each call's finding.
EACH_CALL = "root-finding-at = 0\n"


def test_a_folder_run_reports_every_file(tmp_path: Path) -> None:
    root = _project(tmp_path, CHAIN, EACH_CALL)
    assert _pairs(_cli(".", cwd=root)) == [("app.py", 6, "AIO120"), ("app.py", 7, "AIO120"), ("app.py", 8, "AIO120")]


def test_changed_file_outside_the_folder_of_its_helpers(tmp_path: Path) -> None:
    root = _project(tmp_path, CHAIN, EACH_CALL)
    assert _pairs(_cli("pkg/app.py", cwd=root)) == [("app.py", 6, "AIO120"), ("app.py", 7, "AIO120"),
                                                   ("app.py", 8, "AIO120")]
    # A changed helper file is reported (nothing in it), the callers are not.
    assert _pairs(_cli("pkg/io.py", cwd=root)) == []


def test_transitive_depth(tmp_path: Path) -> None:
    root = _project(tmp_path, CHAIN, EACH_CALL + "transitive-depth = 2")
    assert _pairs(_cli(".", cwd=root)) == [("app.py", 6, "AIO120"), ("app.py", 7, "AIO120")]
    root = _project(tmp_path, CHAIN, EACH_CALL + "transitive-depth = 1")
    assert _pairs(_cli(".", cwd=root)) == [("app.py", 6, "AIO120")]


def test_non_blocking_functions_are_neither_reported_nor_followed(tmp_path: Path) -> None:
    root = _project(tmp_path, CHAIN, EACH_CALL + 'non-blocking-functions = ["pkg.a.one"]')
    assert _pairs(_cli(".", cwd=root)) == [("app.py", 6, "AIO120")]
    root = _project(tmp_path, CHAIN, EACH_CALL + 'non-blocking-functions = ["pkg.io.*"]')
    assert _pairs(_cli(".", cwd=root)) == []


def test_noqa_and_per_file_ignores_apply_to_cross_file_findings(tmp_path: Path) -> None:
    files = dict(CHAIN)
    files["pkg/app.py"] = files["pkg/app.py"].replace("    one()\n", "    one()  # noqa: AIO120\n")
    root = _project(tmp_path, files, EACH_CALL)
    assert _pairs(_cli(".", cwd=root)) == [("app.py", 6, "AIO120"), ("app.py", 8, "AIO120")]
    root = _project(tmp_path, files, EACH_CALL + '[tool.asyncio-lint.per-file-ignores]\n"pkg/app.py" = ["AIO12"]')
    assert _pairs(_cli(".", cwd=root)) == []


def test_ignored_or_unselected_codes_switch_the_analysis_off(tmp_path: Path) -> None:
    root = _project(tmp_path, CHAIN, EACH_CALL)
    assert _pairs(_cli(".", "--ignore", "AIO120", cwd=root)) == []
    assert _pairs(_cli(".", "--select", "AIO101", cwd=root)) == []
    assert _pairs(_cli(".", "--select", "AIO12", cwd=root)) == [("app.py", 6, "AIO120"), ("app.py", 7, "AIO120"),
                                                                ("app.py", 8, "AIO120")]
    assert project_enabled(Config(ignore=("AIO120", "AIO220")))  # (AIO505 across files)
    assert not project_enabled(Config(ignore=("AIO120", "AIO220", "AIO505")))
    assert project_enabled(Config(select=("AIO1",)))
    assert not project_enabled(Config(select=("AIO101",)))


def test_warm_cache_gives_the_same_findings(tmp_path: Path) -> None:
    root = _project(tmp_path, CHAIN)
    config = parse_table({}, str(root / "pyproject.toml"), str(root))
    cold = lint_paths([str(root)], config, jobs=1, cache=True)
    warm = lint_paths([str(root)], config, jobs=1, cache=True)
    assert (root / ".asyncio_lint_cache").is_dir()
    assert [(f.line, f.code, f.message) for f in cold.findings] == [(f.line, f.code, f.message) for f in warm.findings]
    assert [(Path(f.path).name, f.line, f.code) for f in warm.findings] == [("io.py", 4, "AIO120")]
    assert "for 3 calls from coroutines" in warm.findings[0].message


def test_an_edited_helper_file_is_not_mislocated(tmp_path: Path) -> None:
    """A summary whose file changed before the project phase read it yields no finding, not a wrong line."""
    root = _project(tmp_path, CHAIN)
    config = parse_table({}, str(root / "pyproject.toml"), str(root))
    from asyncio_lint.project import project_results, summarise_demanded

    results = [lint_source((root / p).read_bytes(), str(root / p), config) for p in CHAIN]
    summarised = summarise_demanded(results, config).results
    assert sorted(Path(p).name for p in summarised) == ["a.py", "b.py", "io.py"]
    results = [summarised[r.path][1] if r.path in summarised else r for r in results]
    (root / "pkg/io.py").write_text("\n\n" + (root / "pkg/io.py").read_text())
    after = project_results(results, config)
    assert [f for r in after for f in r.findings] == []
    (root / "pkg/io.py").write_text((root / "pkg/io.py").read_text()[2:])
    assert [(Path(r.path).name, f.line) for r in project_results(results, config) for f in r.findings] == [
        ("io.py", 4)]


def test_kinds_off_by_default_are_not_followed(tmp_path: Path) -> None:
    files = {"pkg/__init__.py": "", "pkg/fs.py": "import os\n\ndef has(p):\n    return os.path.exists(p)\n",
             "pkg/app.py": "from .fs import has\n\nasync def main(p):\n    return has(p)\n"}
    root = _project(tmp_path, files)
    assert _pairs(_cli(".", cwd=root)) == []
    root = _project(tmp_path, files, 'extend-select = ["AIO110"]')
    assert _pairs(_cli(".", cwd=root)) == [("app.py", 4, "AIO120")]


# ---- one file: lint_source and flake8 -------------------------------------------------------------------
def test_same_file_chain_in_lint_source_with_line() -> None:
    source = textwrap.dedent("""\
        import time


        def _nap():
            time.sleep(1)


        def nap():
            _nap()


        async def main():
            nap()
        """)
    result = lint_source(source, "app.py")
    assert [(f.line, f.code, f.message) for f in result.findings] == [
        (13, "AIO120", "`nap()` blocks the event loop: `nap -> _nap -> time.sleep()` (app.py:5); "
                       "call it with `await asyncio.to_thread(nap, ...)` or make the chain async")]


def test_flake8_sees_same_file_chains_only() -> None:
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO", str(APP / "service.py")],
                          cwd=ROOT, capture_output=True, text=True)
    lines = proc.stdout.splitlines()
    assert len(lines) == 1, proc.stdout
    assert ":53:9: AIO120 `self._nap()` blocks the event loop: `Worker._nap -> time.sleep()` (service.py:49)" in lines[0]


def test_a_same_file_helper_is_reported_once_by_aio220() -> None:
    source = "import zlib\ndef pack(b):\n    return zlib.compress(b)\nasync def f(b):\n    return pack(b)\n"
    both = lint_source(source, "app.py", Config(select=("AIO2",)))
    assert [(f.line, f.code) for f in both.findings] == [(5, "AIO220")]
    alone = lint_source(source, "app.py", Config(select=("AIO220",)))
    assert [(f.line, f.code) for f in alone.findings] == [(5, "AIO220")]


# ---- summaries and the graph ----------------------------------------------------------------------------
def _plain(value: object) -> bool:
    """Values, tuples (typed records included), lists and dicts of values: no nodes, no objects."""
    if isinstance(value, (str, int, bool)) or value is None:
        return True
    if isinstance(value, (tuple, list, frozenset)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


def test_summary_is_plain_picklable_data() -> None:
    path = APP / "settings.py"
    assert lint_source(path.read_bytes(), str(path)).summary is None  # no async: summarised on demand
    result = engine_for(Config()).lint(path.read_bytes(), str(path), summary_only=True)
    assert result.findings == () and result.error is None
    summary = result.summary
    assert _plain(summary)
    assert pickle.loads(pickle.dumps(summary)) == summary
    assert isinstance(summary, ModuleSummary) and summary.module == "project_app.settings"
    functions = summary.functions
    assert functions["project_app.settings.load_settings"].calls == ("project_app.io_utils.read_json",)
    assert functions["project_app.settings.Settings.reload"].calls == ("project_app.settings.Settings._fetch",)
    call = functions["project_app.settings.Settings._fetch"].catalogue[0]
    assert (call.family, call.name) == ("AIO1", "requests.get")


def test_no_summary_when_the_analysis_is_off() -> None:
    result = engine_for(Config(ignore=("AIO120", "AIO220", "AIO505"))).lint(
        (APP / "service.py").read_bytes(), str(APP / "service.py"), summary_only=True)
    assert result.summary is None


def _summary(module: str, functions: dict, sites: tuple = (), aliases: dict | None = None) -> ModuleSummary:
    """A summary from plain tuples: functions as (display, lazy, catalogue calls, callees)."""
    typed = {qual: FunctionSummary(display, lazy, tuple(CatalogueCall(*c) for c in calls), callees)
             for qual, (display, lazy, calls, callees) in functions.items()}
    return ModuleSummary(SUMMARY_VERSION, module, 0, typed, tuple(CallSite(*s) for s in sites), aliases or {})


def test_graph_cycles_terminate_and_witness_is_shortest() -> None:
    block = (("AIO1", "time.sleep", 7, ""),)
    summaries = [("m.py", _summary("m", {
        "m.a": ("a", False, (), ("m.b",)),
        "m.b": ("b", False, (), ("m.a", "m.c", "m.d")),
        "m.c": ("c", False, (), ("m.d",)),
        "m.d": ("d", False, block, ()),
        "m.e": ("e", False, (), ("m.e",)),  # a cycle that never blocks
    }, sites=(("m.main", "m.a", 3, "a"), ("m.main", "m.e", 4, "e"))))]
    graph = Graph(summaries)
    assert graph.witness("m.a", "AIO1")[0] == "a -> b -> d -> time.sleep()"
    assert [(h.ordinal, h.chain) for h in graph.hits()] == [(3, "a -> b -> d -> time.sleep()")]


def test_graph_resolves_reexports_and_constructors() -> None:
    summaries = [
        ("pkg/__init__.py", _summary("pkg", {}, aliases={"pkg.Client": "pkg.client.Client"})),
        ("pkg/client.py", _summary("pkg.client", {
            "pkg.client.Client.__init__": ("Client.__init__", False, (("AIO1", "socket.create_connection", 9, ""),), ()),
        })),
        ("app.py", _summary("app", {}, sites=(("app.main", "pkg.Client", 2, "Client"),))),
    ]
    hits = Graph(summaries).hits()
    assert [(h.path, h.chain, h.local) for h in hits] == [
        ("app.py", "Client.__init__ -> socket.create_connection()", False)]


def test_generators_are_not_followed() -> None:
    summaries = [("m.py", _summary("m", {
        "m.gen": ("gen", True, (("AIO1", "time.sleep", 5, ""),), ()),
        "m.wrap": ("wrap", False, (), ("m.gen",)),
    }, sites=(("m.main", "m.gen", 1, "gen"), ("m.main", "m.wrap", 2, "wrap"))))]
    assert Graph(summaries).hits() == []


@pytest.mark.parametrize("table,message", [
    ({"transitive-depth": 0}, "integer >= 1"),
    ({"transitive-depth": True}, "integer >= 1"),
    ({"non-blocking-functions": "pkg.f"}, "list of qualified names"),
    ({"non-blocking-functions": ["pkg f"]}, "not a qualified name"),
])
def test_config_errors(table: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_table(table, "pyproject.toml", ".")


def test_only_the_files_a_chain_leads_into_are_summarised(tmp_path: Path) -> None:
    files = dict(CHAIN)
    files["pkg/unrelated.py"] = "import time\n\ndef idle():\n    time.sleep(1)\n"
    root = _project(tmp_path, files)
    config = parse_table({}, str(root / "pyproject.toml"), str(root))
    results = [lint_source((root / p).read_bytes(), str(root / p), config) for p in files]
    from asyncio_lint.project import summarise_demanded

    assert sorted(Path(p).name for p in summarise_demanded(results, config).results) == ["a.py", "b.py", "io.py"]
    shallow = config.with_overrides(transitive_depth=1)
    assert sorted(Path(p).name for p in summarise_demanded(results, shallow).results) == ["a.py", "b.py", "io.py"]
    results = [lint_source((root / p).read_bytes(), str(root / p), config) for p in ("pkg/app.py", "pkg/io.py")]
    assert sorted(Path(p).name for p in summarise_demanded(results, config).results) == ["io.py"]


def test_one_module_name_in_two_files_is_not_followed() -> None:
    block = (("AIO1", "time.sleep", 7, ""),)
    summaries = [
        ("a/util.py", _summary("util", {"util.nap": ("nap", False, block, ())})),
        ("b/util.py", _summary("util", {"util.nap": ("nap", False, (), ())})),
        ("app.py", _summary("app", {}, sites=(("app.main", "util.nap", 1, "nap"),))),
    ]
    assert Graph(summaries).hits() == []


def test_changed_file_with_cache_reuses_the_helpers_summaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, CHAIN)
    monkeypatch.chdir(root)  # (a relative path's module name, in its cache key, is the CLI's)
    run = [sys.executable, "-m", "asyncio_lint", "check", "--format", "json", "pkg/app.py"]
    first = subprocess.run(run, cwd=root, capture_output=True, text=True)
    second = subprocess.run(run, cwd=root, capture_output=True, text=True)
    assert first.returncode == second.returncode == 1, first.stderr
    assert json.loads(first.stdout)["findings"] == json.loads(second.stdout)["findings"]
    assert len(json.loads(second.stdout)["findings"]) == 3
    from asyncio_lint.cache import ResultCache, file_key

    config = parse_table({}, str(root / "pyproject.toml"), str(root))
    store = ResultCache(config)
    helper = str(Path("pkg/io.py"))
    cached = store.get(helper, file_key(helper, (root / "pkg/io.py").read_bytes()))
    from asyncio_lint.types import summary_of

    assert cached is not None and summary_of(cached).functions["pkg.io.nap"].catalogue[0].name == "time.sleep"


def test_chains_follow_the_kinds_whose_rules_are_on(tmp_path: Path) -> None:
    root = _project(tmp_path, CHAIN, EACH_CALL)
    assert _pairs(_cli(".", "--ignore", "AIO101", cwd=root)) == []
    assert len(_pairs(_cli(".", "--select", "AIO120,AIO101", cwd=root))) == 3
    assert _pairs(_cli(".", "--select", "AIO120,AIO104", cwd=root)) == []


def test_a_bug_in_the_project_phase_keeps_the_file_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, {**CHAIN, "pkg/direct.py": "import time\n\nasync def f():\n    time.sleep(1)\n"})
    config = parse_table({}, str(root / "pyproject.toml"), str(root))

    import asyncio_lint.project as project

    def broken(*args: object) -> list:
        raise KeyError("boom")

    monkeypatch.setattr(project, "_project_results", broken)
    report = lint_paths([str(root)], config, jobs=1)
    assert [(Path(f.path).name, f.code) for f in report.findings] == [("direct.py", "AIO101")]
    assert [e.message for e in report.errors] == ["internal error (KeyError: 'boom'); please report it"]
    assert report.exit_code == 2


def test_worker_processes_give_the_same_project_findings(tmp_path: Path) -> None:
    # Enough files for the process pool (runner.PARALLEL_THRESHOLD), the chain among them; and the
    # same run given explicit files (pre-commit), where the other files are project context.
    from asyncio_lint.runner import PARALLEL_THRESHOLD

    filler = {f"pkg/mod{i}.py": f"async def f{i}():\n    return {i}\n" for i in range(PARALLEL_THRESHOLD + 4)}
    root = _project(tmp_path, {**CHAIN, **filler})
    serial = _pairs(_cli(".", "-j1", cwd=root))
    assert any(code == "AIO120" for _, _, code in serial)
    assert _pairs(_cli(".", "-j2", cwd=root)) == serial
    explicit = [str(Path("pkg") / name) for name in sorted(os.listdir(root / "pkg"))]
    assert _pairs(_cli(*explicit, "-j2", cwd=root)) == serial


def test_fresh_worker_pool_for_big_files_gives_the_same_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI lints its biggest files each in a fresh process (peak memory); lower the size limit
    # so that some of these small files take that path, and compare with a serial run.
    import asyncio_lint.runner as runner

    filler = {f"pkg/mod{i}.py": f"import time\n\nasync def f{i}():\n    time.sleep({i})\n" + "# pad\n" * i
              for i in range(runner.PARALLEL_THRESHOLD + 4)}
    root = _project(tmp_path, {**CHAIN, **filler})
    config = parse_table({}, str(root / "pyproject.toml"), str(root))
    serial = lint_paths([str(root)], config, jobs=1)
    monkeypatch.setattr(runner, "FRESH_WORKER_BYTES", 60)
    pooled = lint_paths([str(root)], config, jobs=2, start_method="forkserver")
    assert [(r.path, r.findings) for r in pooled.results] == [(r.path, r.findings) for r in serial.results]
    assert len(serial.findings) >= runner.PARALLEL_THRESHOLD + 3


def test_demanded_summaries_linted_in_workers_give_the_same_findings(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # The files a coroutine's chains lead into (no `async` in them: summarised on demand) are
    # linted together per round, in worker processes when there is enough to do.
    import asyncio_lint.runner as runner

    helpers = {f"pkg/helpers{i}.py": f"import time\n\ndef nap{i}():\n    time.sleep({i})\n" for i in range(6)}
    calls = "".join(f"    helpers{i}.nap{i}()\n" for i in range(6))
    app = "from pkg import " + ", ".join(f"helpers{i}" for i in range(6)) + "\n\nasync def main():\n" + calls
    root = _project(tmp_path, {"pkg/__init__.py": "", **helpers, "pkg/app.py": app})
    config = parse_table({}, str(root / "pyproject.toml"), str(root))
    serial = lint_paths([str(root)], config, jobs=1)
    rounds: list[tuple[int, bool]] = []
    original = runner.SummaryPool.summarise

    def spy(self, items, config):
        self.jobs, self.start_method = 2, "forkserver"
        found = original(self, items, config)
        rounds.append((len(items), self._pool is not None))  # (linted by its workers)
        return found

    monkeypatch.setattr(runner, "PARALLEL_SUMMARY_BYTES", 0)
    monkeypatch.setattr(runner.SummaryPool, "summarise", spy)
    pooled = lint_paths([str(root)], config, jobs=1)
    assert rounds == [(6, True)]
    assert pooled.findings == serial.findings
    assert sorted(f.line for f in serial.findings if f.code == "AIO120") == [4, 5, 6, 7, 8, 9]


def test_the_chain_names_the_costliest_blocking_call() -> None:
    source = textwrap.dedent("""\
        import time, requests

        def pause():
            time.sleep(0.1)

        def refresh(url):
            pause()
            return requests.get(url)

        async def handler(url):
            return refresh(url)
        """)
    found = [f.message for f in lint_source(source, "app.py", Config(select=("AIO120",))).findings]
    assert len(found) == 1 and "`refresh -> requests.get()`" in found[0]  # not the shorter-listed sleep first


def test_a_helper_a_decorator_runs_in_a_worker_is_not_blocking() -> None:
    source = textwrap.dedent("""\
        import time
        from textual import work

        @work(thread=True)
        def crunch():
            time.sleep(1)

        @work(exclusive=True)
        def on_loop():
            time.sleep(1)

        async def handler():
            crunch()
            on_loop()
        """)
    found = [(f.line, f.code) for f in lint_source(source, "app.py", Config(select=("AIO120",))).findings]
    assert found == [(14, "AIO120")]
    mine = source.replace("from textual import work", "from myapp.threads import offload as work")
    config = Config(select=("AIO120",), offload_decorators=("myapp.threads.offload",))
    assert [f.line for f in lint_source(mine, "app.py", config).findings] == []


def test_blocking_behind_a_parameter_test_is_not_reached_with_the_other_value() -> None:
    source = textwrap.dedent("""\
        import io
        import os
        import time

        def shutdown(wait=True):
            if wait:
                time.sleep(1)

        def run(run_async=False):
            if run_async:
                return "scheduled"
            time.sleep(1)

        def load(fp):
            if isinstance(fp, (str, os.PathLike)):
                with open(fp) as handle:
                    return handle.read()
            return fp.read()

        class Pool:
            def close(self, join=True):
                if not join:
                    return
                time.sleep(1)

        async def main(data, pool: Pool):
            shutdown(wait=False)
            shutdown()
            shutdown(False)
            run(run_async=True)
            run()
            load(io.BytesIO(data))
            load("settings.json")
            pool.close(join=False)
            pool.close(False)
            pool.close()
        """)
    found = [f.line for f in lint_source(source, "app.py", Config(select=("AIO1",))).findings if f.code == "AIO120"]
    assert found == [28, 31, 33, 36]


def test_the_message_names_a_chain_the_call_s_arguments_can_take() -> None:
    # The costliest way down (the HTTP request) is closed to these calls: the message names the
    # one they take instead, which the reader can check against the code.
    source = textwrap.dedent("""\
        import subprocess
        import time
        import requests

        def _read_cache(url):
            with open("cache/" + url) as handle:
                return handle.read()

        def fetch(url, cached=True):
            if cached:
                return _read_cache(url)
            return requests.get(url).text

        def ping(host, verbose=False):
            if verbose:
                subprocess.run(["ping", host])
            time.sleep(0.1)

        async def main():
            fetch("a")
            fetch("a", cached=False)
            ping("b")
            ping("b", verbose=True)
        """)
    chains = [(f.line, f.message.split("`")[3]) for f in lint_source(source, "app.py", Config(select=("AIO120",))).findings]
    assert chains == [(20, "fetch -> _read_cache -> open()"), (21, "fetch -> requests.get()"),
                      (22, "ping -> time.sleep()"), (23, "ping -> subprocess.run()")]


def test_keyword_options_read_from_kwargs_are_judged_as_parameters() -> None:
    # litellm's mock_completion sleeps only when given `mock_delay`, read from **kwargs.
    source = textwrap.dedent("""\
        import time
        from typing import cast

        def direct(**kwargs):
            if kwargs.get("delay"):
                time.sleep(1)

        def early(**kwargs):
            if kwargs.get("dry_run", False) or kwargs.get("cached"):
                return None
            time.sleep(1)

        def two_defaults(**kwargs):
            wait = kwargs.get("wait")
            if kwargs.get("wait", 1) and wait:
                time.sleep(1)

        def popped_then_read(**kwargs):
            kwargs.pop("wait", None)
            if kwargs.get("wait"):
                time.sleep(1)

        def updated(**kwargs):
            kwargs.update(wait=True)
            if kwargs.get("wait"):
                time.sleep(1)

        def rebound(**kwargs):
            kwargs = dict(kwargs, wait=True)
            if kwargs.get("wait"):
                time.sleep(1)

        def unpacked_into(**kwargs):
            kwargs["wait"], rest = True, None
            if kwargs.get("wait"):
                time.sleep(1)

        def read_then_popped(**kwargs):
            fail = cast(bool, kwargs.get("fail", None))
            kwargs.pop("fail", None)
            if fail is True:
                time.sleep(1)

        async def main(options):
            direct()
            direct(delay=0.5)
            early(dry_run=True)
            early(cached=1)
            early()
            two_defaults()
            popped_then_read()
            updated()
            rebound()
            unpacked_into()
            read_then_popped()
            read_then_popped(fail=1)
            read_then_popped(fail=True)
        """)
    found = [f.line for f in lint_source(source, "app.py", Config(select=("AIO1",))).findings if f.code == "AIO120"]
    assert found == [46, 49, 50, 51, 52, 53, 54, 57]


def test_calls_with_one_root_cause_are_one_finding_at_it(tmp_path: Path) -> None:
    # Three coroutines in two files reach one blocking call of the project through different
    # helpers: one finding there, naming them; a root reached twice is not grouped.
    files = {
        "svc/__init__.py": "",
        "svc/files.py": """\
            import json
            import time

            def parse_file_input(path):
                with open(path) as handle:
                    return json.load(handle)

            def load_settings():
                return parse_file_input("settings.json")

            def pause():
                time.sleep(1)
            """,
        "svc/a.py": """\
            from svc.files import load_settings, parse_file_input, pause

            async def one():
                return load_settings()

            async def two(path):
                return parse_file_input(path)

            async def wait():
                pause()
            """,
        "svc/b.py": """\
            from svc.files import load_settings, pause

            async def three():
                return load_settings()

            async def wait_again():
                pause()
            """,
    }
    def found(config: str = "", *paths: str, edit: dict[str, str] | None = None) -> dict[tuple[str, int], str]:
        root = _project(tmp_path, {**files, **(edit or {})}, config)
        return {(Path(f["path"]).name, f["line"]): f["message"]
                for f in _cli(*(paths or (".",)), cwd=root)["findings"] if f["code"] == "AIO120"}

    grouped = found()
    assert sorted(grouped) == [("a.py", 10), ("b.py", 7), ("files.py", 5)]
    assert grouped[("files.py", 5)] == (
        "`open()` in `parse_file_input` blocks the event loop for 3 calls from coroutines (svc/a.py:4 "
        "`load_settings()`, svc/a.py:7 `parse_file_input()`, svc/b.py:4 `load_settings()`); fix it here, "
        "once for all of them (an async equivalent, or the work done once and kept), or run each call "
        "with `await asyncio.to_thread(...)`")
    assert grouped[("a.py", 10)].startswith("`pause()` blocks the event loop: `pause -> time.sleep()`")
    # Each call its own finding on request, or once a noqa comment leaves fewer than three.
    assert sorted(found("root-finding-at = 0")) == [("a.py", 4), ("a.py", 7), ("a.py", 10), ("b.py", 4),
                                                    ("b.py", 7)]
    assert sorted(found("root-finding-at = 2")) == [("files.py", 5), ("files.py", 12)]
    quiet_site = {"svc/b.py": files["svc/b.py"].replace("return load_settings()", "return load_settings()  # noqa")}
    assert sorted(found(edit=quiet_site)) == [("a.py", 4), ("a.py", 7), ("a.py", 10), ("b.py", 7)]
    # Silenced where it is (noqa, per-file-ignores), the finding silences the calls it stands for.
    quiet_root = {"svc/files.py": files["svc/files.py"].replace(
        "with open(path) as handle:", "with open(path) as handle:  # noqa: AIO120")}
    assert sorted(found(edit=quiet_root)) == [("a.py", 10), ("b.py", 7)]
    assert sorted(found('[tool.asyncio-lint.per-file-ignores]\n"svc/files.py" = ["AIO120"]')) == [
        ("a.py", 10), ("b.py", 7)]
    # A call in a test is a style point there, not one of the three.
    in_tests = {"svc/test_b.py": files["svc/b.py"]}
    assert sorted(found(edit={**in_tests, "svc/b.py": ""})) == [("a.py", 4), ("a.py", 7), ("a.py", 10)]
    # A helper kept where blocking is a style point still blocks the coroutines that call it.
    assert ("files.py", 5) in found('extend-script-paths = ["svc/files.py"]')
    # Checking some files only (pre-commit), a call whose blocking call is in a file not checked
    # keeps its own finding.
    assert sorted(found("", "svc/a.py", "svc/b.py")) == [("a.py", 4), ("a.py", 7), ("a.py", 10), ("b.py", 4),
                                                         ("b.py", 7)]
    assert sorted(found("", "svc/a.py", "svc/b.py", "svc/files.py")) == sorted(grouped)


def test_calls_ending_at_one_cpu_bound_call_are_one_aio220_finding(tmp_path: Path) -> None:
    hashing = "import hashlib\n\ndef derive(pw):\n    return hashlib.pbkdf2_hmac('sha256', pw, b's', 600000)\n"
    calls = "".join(f"\nasync def login{n}(pw):\n    return derive(pw)\n" for n in range(3))
    root = _project(tmp_path, {"app.py": hashing + calls})
    findings = [(f["line"], f["code"], f["message"]) for f in _cli(".", cwd=root)["findings"]]
    assert findings == [(4, "AIO220", (
        "`hashlib.pbkdf2_hmac()` in `derive` is CPU-bound and holds the event loop for 3 calls from "
        "coroutines (app.py:7 `derive()`, app.py:10 `derive()`, app.py:13 `derive()`); fix it here, once "
        "for all of them (the work done once and kept, or off the loop), or offload each call to a worker "
        "thread or process"))]


def test_calls_of_one_file_ending_at_one_blocking_call_agree_in_every_front_end(tmp_path: Path) -> None:
    source = textwrap.dedent("""\
        import time


        def nap():
            time.sleep(1)


        async def one():
            nap()


        async def two():
            nap()


        async def three():
            nap()
        """)
    path = tmp_path / "app.py"
    path.write_text(source)
    (tmp_path / "pyproject.toml").write_text("[tool.asyncio-lint]\n")
    cli = [(f["line"], f["code"]) for f in _cli(".", cwd=tmp_path)["findings"]]
    editor = [(f.line, f.code) for f in lint_source(source, str(path), installed=True).findings]
    proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO", "app.py"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert cli == editor == [(5, "AIO120")]
    assert [line.split(":")[1] for line in proc.stdout.splitlines()] == ["5"], proc.stdout
    # The engine's walk alone reports each call (the rules know no other file).
    assert [f.line for f in lint_source(source, str(path)).findings] == [9, 13, 17]


def test_an_awaited_method_of_an_attribute_typed_by_its_constructor(tmp_path: Path) -> None:
    # `await self._io.async_load()` resolves (through `self._io = _FileStoreIO()`) to a coroutine
    # of the project, which has no sync summary: not followed, and never an internal error
    # (Home Assistant's helpers/storage.py).
    root = _project(tmp_path, {"pkg/__init__.py": "", "pkg/store.py": """\
        import time

        class _FileStoreIO:
            async def async_load(self):
                return 1

            def load(self):
                time.sleep(1)

        class Store:
            def __init__(self):
                self._io = _FileStoreIO()

            async def load(self):
                await self._io.async_load()
                self._io.load()
        """})
    document = _cli(".", cwd=root)
    assert document["errors"] == []
    assert _pairs(document) == [("store.py", 16, "AIO120")]


def test_coroutines_of_esphome_code_generation_reach_no_event_loop(tmp_path: Path) -> None:
    # ESPHome steps a component's ``to_code`` on its FakeEventLoop at build time: a helper's file
    # work is no stall there. The same helper called from a coroutine of a module without
    # ``esphome.codegen`` (a real loop's) is reported.
    files = dict(CHAIN)
    files["pkg/component.py"] = """\
        import esphome.codegen as cg
        from .io import nap

        async def to_code(config):
            nap()
            cg.add(config)
        """
    files["pkg/component_from.py"] = """\
        from esphome import codegen as cg
        from .io import nap

        async def to_code(config):
            nap()
        """
    root = _project(tmp_path, files, "transitive-depth = 1")
    assert _pairs(_cli(".", cwd=root)) == [("app.py", 6, "AIO120")]


@pytest.mark.parametrize(("imports", "driver"), [
    ("import esphome.codegen as cg", True),
    ("from esphome import codegen as cg", True),
    ("from esphome.codegen import add", True),
    ("import esphome.const", False),
    ("from . import codegen", False),
    ("def f():\n    import esphome.codegen", False),  # a function's import runs only when it is called
])
def test_foreign_driver_is_read_from_top_level_imports(imports: str, driver: bool) -> None:
    import libcst as cst

    from asyncio_lint.analysis.context import foreign_driver

    assert (foreign_driver(cst.parse_module(imports + "\n")) is not None) is driver


# Three projects of one run (each its own group): two apps whose coroutines call into a shared
# library, one file of it with `async` (linted in the library's own group) and one without.
_SHARED_LIBRARY = {
    "vendorkit/__init__.py": "",
    "vendorkit/client.py": """\
        import time

        def fetch():
            time.sleep(1)

        async def ping():
            return 1
        """,
    "vendorkit/plain.py": """\
        import time

        def nap():
            time.sleep(1)
        """,
}
_APP = """\
    from vendorkit import client, plain

    async def handler():
        client.fetch()
        plain.nap()
    """


def _three_projects(tmp_path: Path, second_app_config: str = "") -> list[str]:
    for name in ("lib", "app1", "app2"):
        (tmp_path / name).mkdir()
    _project(tmp_path / "lib", _SHARED_LIBRARY)
    _project(tmp_path / "app1", {"app1/__init__.py": "", "app1/main.py": _APP})
    _project(tmp_path / "app2", {"app2/__init__.py": "", "app2/main.py": _APP}, second_app_config)
    return [str(tmp_path / name) for name in ("lib", "app1", "app2")]


def _summarised_paths(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import asyncio_lint.runner as runner

    seen: list[str] = []
    original = runner.summary_task

    def spy(args):
        seen.append(Path(args[0]).relative_to(Path(args[0]).parents[2]).as_posix())
        return original(args)

    monkeypatch.setattr(runner, "summary_task", spy)
    return seen


@pytest.mark.parametrize("cache", [False, True])
def test_groups_share_the_summaries_of_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool) -> None:
    # app1 and app2 reach vendorkit: client.py's summary is the library group's own (not linted
    # again), plain.py is summarised once for both apps; the findings are those of a run that
    # shares nothing, and so are a cached run's.
    from asyncio_lint.run import PathsRun

    paths = _three_projects(tmp_path)
    seen = _summarised_paths(monkeypatch)
    shared = lint_paths(paths, jobs=1, cache=cache)
    assert seen == ["lib/vendorkit/plain.py"]
    chains = sorted((Path(f.path).parent.name, f.line) for f in shared.findings if f.code == "AIO120")
    assert chains == [("app1", 4), ("app1", 5), ("app2", 4), ("app2", 5)]
    monkeypatch.setattr(PathsRun, "share", lambda self, group, results: None)
    alone = lint_paths(paths, jobs=1, cache=False)
    assert seen[1:] == ["lib/vendorkit/client.py", "lib/vendorkit/plain.py"] * 2
    assert [(r.path, r.findings) for r in alone.results] == [(r.path, r.findings) for r in shared.results]
    if cache:  # (a borrowed result is not stored as the app's own: the next run borrows it again)
        del seen[:]
        monkeypatch.undo()
        seen = _summarised_paths(monkeypatch)
        for memo in tmp_path.glob("*/.asyncio_lint_cache/run-*"):
            memo.unlink()
        again = lint_paths(paths, jobs=1, cache=True)
        assert seen == []
        assert [(r.path, r.findings) for r in again.results] == [(r.path, r.findings) for r in shared.results]


def test_a_group_whose_summaries_differ_summarises_for_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # app2 declares vendorkit's helper non-blocking: a setting its summaries depend on, so it
    # borrows nothing from the other groups, and its chain through `nap` is gone.
    paths = _three_projects(tmp_path, 'non-blocking-functions = ["vendorkit.plain.nap"]')
    seen = _summarised_paths(monkeypatch)
    report = lint_paths(paths, jobs=1)
    assert sorted(seen) == ["lib/vendorkit/client.py", "lib/vendorkit/plain.py", "lib/vendorkit/plain.py"]
    chains = sorted((Path(f.path).parent.name, f.line) for f in report.findings if f.code == "AIO120")
    assert chains == [("app1", 4), ("app1", 5), ("app2", 4)]


def test_the_project_phase_keeps_the_main_phases_workers(tmp_path: Path) -> None:
    # (starting workers costs a quarter of a second: the main phase's are taken over when they are
    # as many as the summary pool's, and closed with it)
    import asyncio_lint.runner as runner

    files = {f"m{i}.py": f"async def f{i}():\n    return {i}\n" for i in range(runner.PARALLEL_THRESHOLD + 2)}
    _project(tmp_path, files)
    todo = [(str(tmp_path / name), None, Config()) for name in sorted(files)]
    serial = runner.lint_many(todo, jobs=1)
    kept = runner.SummaryPool(2, "forkserver")
    try:
        assert runner.lint_many(todo, jobs=2, start_method="forkserver", keep=kept) == serial
        assert kept._pool is not None
        workers = set(kept._pool._processes)
        items = [(path, (tmp_path / "m0.py").read_bytes()) for path, _, _ in todo[:3]]
        assert kept.summarise(items, Config()) == [runner.summary_task((p, d, Config())) for p, d in items]
        assert set(kept._pool._processes) == workers  # (the same processes did it)
    finally:
        kept.close()
    assert kept._pool is None
    other = runner.SummaryPool(3, "forkserver")  # not the main phase's number of workers
    runner.lint_many(todo, jobs=2, start_method="forkserver", keep=other)
    assert other._pool is None
