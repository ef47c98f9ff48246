"""The CLI as a user runs it: exit codes, formats, configuration, suppression, selection."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from asyncio_lint.cli import main

BAD = "import time\n\nasync def f():\n    time.sleep(1)\n"

GOOD = "import asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n"


def run(*args: str, cwd: Path | None = None, input: str | bytes | None = None):
    runner = CliRunner()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), input=input, catch_exceptions=False)
    finally:
        os.chdir(old)


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_exit_codes(tmp_path: Path) -> None:
    write(tmp_path, "good.py", GOOD)
    assert run("check", str(tmp_path / "good.py")).exit_code == 0
    write(tmp_path, "bad.py", BAD)
    result = run("check", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path / 'bad.py'}:4:5: AIO101 [*] `time.sleep()` blocks the event loop" in result.output
    assert result.output.strip().splitlines()[-2:] == ["Found 1 finding in 1 file, 2 files checked.",
                                                       "[*] 1 fixable with the `--fix` option."]
    assert run("check", "--exit-zero", str(tmp_path)).exit_code == 0
    write(tmp_path, "broken.py", "def (:\n")
    result = run("check", "--exit-zero", str(tmp_path))
    assert result.exit_code == 2  # an error wins over findings and over --exit-zero
    assert "broken.py: error: syntax error at 1:" in result.output


def test_default_path_is_current_folder(tmp_path: Path) -> None:
    write(tmp_path, "pkg/mod.py", BAD)
    result = run("check", cwd=tmp_path)
    assert result.exit_code == 1
    assert "pkg/mod.py:4:5: AIO101" in result.output


def test_json_format(tmp_path: Path) -> None:
    write(tmp_path, "bad.py", BAD)
    write(tmp_path, "broken.py", b"\xff\xfe\x00garbage")
    result = run("check", "--format", "json", str(tmp_path))
    assert result.exit_code == 2
    document = json.loads(result.stdout)
    assert document["version"]
    assert document["findings"] == [{
        "path": str(tmp_path / "bad.py"), "line": 4, "column": 5, "end_line": 4, "end_column": 18,
        "code": "AIO101", "name": "blocking-sleep",
        "message": "`time.sleep()` blocks the event loop; use `await asyncio.sleep(...)` instead",
        "confidence": "certain",
        "fix": {"applicability": "safe", "message": "Replace with `await asyncio.sleep(...)`", "edits": [
            {"content": "await asyncio.sleep(1)", "location": {"row": 4, "column": 5},
             "end_location": {"row": 4, "column": 18}},
            {"content": "import asyncio\n", "location": {"row": 2, "column": 1},
             "end_location": {"row": 2, "column": 1}}]},
        "url": "https://github.com/your-org/asyncio-lint/blob/v0.1.0/docs/rules/AIO101.md",
    }]
    assert [e["path"] for e in document["errors"]] == [str(tmp_path / "broken.py")]
    assert document["summary"] == {"files": 1, "findings": 1, "errors": 1, "notices": 0, "hidden": 0}


def test_sarif_format(tmp_path: Path) -> None:
    write(tmp_path, "bad.py", BAD)
    result = run("check", "--format", "sarif", str(tmp_path / "bad.py"))
    document = json.loads(result.stdout)
    assert document["version"] == "2.1.0"
    run_ = document["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert {"id", "name", "shortDescription", "fullDescription", "help"} <= set(rules[0])
    (finding,) = run_["results"]
    assert finding["ruleId"] == "AIO101"
    assert rules[finding["ruleIndex"]]["id"] == "AIO101"
    region = finding["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"]) == (4, 5)


def test_github_format(tmp_path: Path) -> None:
    write(tmp_path, "bad.py", BAD)
    result = run("check", "--format", "github", "bad.py", cwd=tmp_path)
    assert result.stdout.startswith("::warning file=bad.py,line=4,col=5,endLine=4,endColumn=18,")
    assert "::AIO101 `time.sleep()` blocks the event loop" in result.stdout


def test_output_file(tmp_path: Path) -> None:
    write(tmp_path, "bad.py", BAD)
    out = tmp_path / "report.json"
    result = run("check", "--format", "json", "--output", str(out), str(tmp_path / "bad.py"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text())["summary"]["findings"] == 1


def test_select_and_ignore(tmp_path: Path) -> None:
    write(tmp_path, "two.py", "import time, subprocess\nasync def f():\n    time.sleep(1)\n    subprocess.run([])\n")
    codes = lambda r: sorted(line.split()[1] for line in r.output.splitlines() if ": AIO" in line)  # noqa: E731
    assert codes(run("check", str(tmp_path))) == ["AIO101", "AIO103"]
    assert codes(run("check", "--select", "AIO103", str(tmp_path))) == ["AIO103"]
    assert codes(run("check", "--ignore", "AIO101", str(tmp_path))) == ["AIO103"]
    assert codes(run("check", "--select", "AIO1", "--ignore", "AIO103", str(tmp_path))) == ["AIO101"]
    assert run("check", "--select", "E501", str(tmp_path)).exit_code == 2


def test_noqa(tmp_path: Path) -> None:
    write(tmp_path, "n.py", textwrap.dedent("""\
        import time, subprocess
        async def f():
            time.sleep(1)  # noqa
            time.sleep(2)  # noqa: AIO101
            time.sleep(3)  # noqa: AIO103
            time.sleep(4)  # noqa:AIO1
            time.sleep(5)  # NOQA : AIO101
            time.sleep(6)
        """))
    lines = [line for line in run("check", str(tmp_path)).output.splitlines() if ": AIO" in line]
    # `# NOQA : X` is a bare noqa, as in flake8
    assert [int(line.split(":")[1]) for line in lines] == [5, 8]


def test_pyproject_config(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", textwrap.dedent("""\
        [tool.asyncio-lint]
        ignore = ["AIO103"]
        exclude = ["generated/*"]
        per-file-ignores = { "tests/*" = ["AIO101"] }
        extend-blocking-calls = ["mylib.block"]
        """))
    write(tmp_path, "app.py",
          "import time, subprocess, mylib\nasync def f():\n    time.sleep(1)\n    subprocess.run([])\n    mylib.block()\n")
    write(tmp_path, "tests/helpers.py", "import time\nasync def f():\n    time.sleep(1)\n")
    write(tmp_path, "generated/gen.py", "import time\nasync def f():\n    time.sleep(1)\n")
    result = run("check", cwd=tmp_path)
    found = sorted(line.split(": ")[0] + " " + line.split()[1] for line in result.output.splitlines() if ": AIO" in line)
    assert found == ["app.py:3:5 AIO101", "app.py:5:5 AIO109"]


@pytest.mark.parametrize("table,needle", [
    ('colour = "red"', "unknown key 'colour'"),
    ('select = ["X1"]', "'X1' is not a code prefix"),
    ('exclude = "build"', "exclude: expected a list of glob patterns"),
    ('extend-blocking-calls = { "a.b" = "slow" }', "kind 'slow' is not one of"),
])
def test_config_errors_exit_2(tmp_path: Path, table: str, needle: str) -> None:
    write(tmp_path, "pyproject.toml", f"[tool.asyncio-lint]\n{table}\n")
    write(tmp_path, "ok.py", GOOD)
    result = run("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert needle in result.output
    assert "pyproject.toml" in result.output


def test_invalid_toml_and_missing_config(tmp_path: Path) -> None:
    write(tmp_path, "bad.toml", "[tool.asyncio-lint\n")
    result = run("check", "--config", str(tmp_path / "bad.toml"), str(tmp_path))
    assert result.exit_code == 2 and "invalid TOML" in result.output
    result = run("check", "--config", str(tmp_path / "nope.toml"), str(tmp_path))
    assert result.exit_code == 2 and "not found" in result.output


def test_stdin(tmp_path: Path) -> None:
    result = run("check", "-", "--stdin-filename", "buffer.py", input=BAD)
    assert result.exit_code == 1
    assert "buffer.py:4:5: AIO101" in result.output


def test_rules_and_explain() -> None:
    from asyncio_lint.registry import all_rules

    listing = run("rules").output
    for rule in all_rules():
        assert rule.CODE in listing and rule.NAME in listing
    doc = run("explain", "AIO101").output
    assert "## AIO101 `blocking-sleep`" in doc and "Why is this bad?" in doc and "asyncio.sleep" in doc
    assert run("explain", "blocking-sleep").output == doc
    result = run("explain", "AIO999")
    assert result.exit_code == 2 and "no rule 'AIO999'" in result.output


def test_parallel_and_serial_agree(tmp_path: Path) -> None:
    for i in range(40):
        write(tmp_path, f"m{i:02}.py", BAD if i % 3 == 0 else GOOD)
    serial = run("check", "--format", "json", "-j", "1", str(tmp_path)).stdout
    parallel = run("check", "--format", "json", "-j", "2", str(tmp_path)).stdout
    assert json.loads(serial) == json.loads(parallel)
    assert json.loads(serial)["summary"] == {"files": 40, "findings": 14, "errors": 0, "notices": 0, "hidden": 0}


def test_stalls_confirm_findings_and_add_unpredicted_ones(tmp_path: Path) -> None:
    app = write(tmp_path, "app.py", "import time\n\nasync def f(cb):\n    time.sleep(1)\n    cb()\n")
    report = {"version": 1, "threshold_ms": 100, "stalls": [
        {"start": 0.0, "duration_ms": 400.0,
         "blocking_frame": {"path": str(app), "line": 4, "function": "f"},
         "stacks": [[{"path": str(app), "line": 4, "function": "f"}]]},
        {"start": 1.0, "duration_ms": 250.0,
         "blocking_frame": {"path": str(tmp_path / "lib.py"), "line": 9, "function": "cb"},
         "stacks": [[{"path": str(app), "line": 5, "function": "f"},
                     {"path": str(tmp_path / "lib.py"), "line": 9, "function": "cb"}]]},
    ]}
    stalls = write(tmp_path, "stalls.json", json.dumps(report))
    result = run("check", "--no-cache", "--stalls", str(stalls), str(app))
    assert result.exit_code == 1
    assert f"{app}:4:5: AIO101 " in result.output and "[confirmed at run time: 400 ms stall]" in result.output
    assert f"{tmp_path / 'lib.py'}:9:1: AIO900 " in result.output
    document = json.loads(run("check", "--no-cache", "--format", "json", "--stalls", str(stalls), str(app)).stdout)
    confirmed = [f for f in document["findings"] if f["code"] == "AIO101"]
    assert confirmed[0]["confirmed"] is True and confirmed[0]["stall_ms"] == 400
    bad = write(tmp_path, "bad.json", "{}")
    assert run("check", "--stalls", str(bad), str(app)).exit_code == 2


def _stall_report(tmp_path: Path, *frames: tuple[Path, int]) -> Path:
    stalls = [{"start": float(i), "duration_ms": 300.0,
               "blocking_frame": {"path": str(path), "line": line, "function": "f"},
               "stacks": [[{"path": str(path), "line": line, "function": "f"}]]}
              for i, (path, line) in enumerate(frames)]
    return write(tmp_path, "stalls.json", json.dumps({"version": 1, "threshold_ms": 100, "stalls": stalls}))


def test_aio900_is_selected_ignored_and_suppressed_like_any_rule(tmp_path: Path) -> None:
    app = write(tmp_path, "app.py", "import sdk\n\nasync def f():\n    sdk.fetch()\n    sdk.store()  # noqa: AIO900\n")
    stalls = str(_stall_report(tmp_path, (app, 4), (app, 5)))

    def codes(*args: str) -> list[tuple[int, str]]:
        out = run("check", "--no-cache", "--format", "json", "--stalls", stalls, *args, "app.py", cwd=tmp_path).stdout
        return [(f["line"], f["code"]) for f in json.loads(out)["findings"]]

    assert codes() == [(4, "AIO900")]  # (line 5 is suppressed by its noqa)
    assert codes("--ignore", "AIO900") == []
    assert codes("--select", "AIO1") == []
    assert codes("--select", "AIO9") == [(4, "AIO900")]
    write(tmp_path, "pyproject.toml", '[tool.asyncio-lint]\nper-file-ignores = { "app.py" = ["AIO900"] }\n')
    assert codes() == []


def test_aio900_has_docs_and_a_sarif_rule_and_one_path_per_file(tmp_path: Path) -> None:
    doc = run("explain", "AIO900")
    assert doc.exit_code == 0 and "## AIO900 `runtime-stall`" in doc.output
    assert "AIO900" in run("rules").output
    app = write(tmp_path, "app.py", "import sdk\n\nasync def f():\n    sdk.fetch()\n")
    stalls = str(_stall_report(tmp_path, (app, 4)))  # the report names the file by its absolute path
    sarif = json.loads(run("check", "--no-cache", "--format", "sarif", "--stalls", stalls, "app.py",
                           cwd=tmp_path).stdout)
    rules = [r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]]
    (result,) = sarif["runs"][0]["results"]
    assert rules[result["ruleIndex"]] == "AIO900" == result["ruleId"]
    (tmp_path / "sub").mkdir()
    document = json.loads(run("check", "--no-cache", "--format", "json", "--stalls", stalls, "../app.py",
                              cwd=tmp_path / "sub").stdout)
    assert [f["path"] for f in document["findings"]] == ["../app.py"]  # the path it was linted as
    assert document["summary"]["files"] == 1


def test_cache_goes_to_the_project_root_and_clean_finds_it(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # a repository without any pyproject.toml
    write(tmp_path, "app/views.py", BAD)
    assert run("check", "app/views.py", cwd=tmp_path).exit_code == 1
    assert (tmp_path / ".asyncio_lint_cache").is_dir() and not (tmp_path / "app" / ".asyncio_lint_cache").exists()
    write(tmp_path, "sub/pyproject.toml", "")
    write(tmp_path, "sub/m.py", BAD)
    assert run("check", "sub/m.py", cwd=tmp_path).exit_code == 1
    assert (tmp_path / "sub" / ".asyncio_lint_cache").is_dir()
    result = run("clean", cwd=tmp_path)
    assert "removed" in result.output
    assert not (tmp_path / ".asyncio_lint_cache").exists() and not (tmp_path / "sub" / ".asyncio_lint_cache").exists()
    assert run("clean", cwd=tmp_path).output.strip() == "no cache to remove"


def test_progress_is_shown_for_long_runs_in_a_terminal_only() -> None:
    import io

    from asyncio_lint.cli import _Progress
    from asyncio_lint.types import FileResult, Finding

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    finding = Finding("a.py", 1, 0, 1, 1, "AIO101", "blocking-sleep", "m")
    progress = _Progress(Terminal())
    progress.total = 4  # (as start() sets it, without its drawing thread)
    progress.sizes = {"big.py": 700, "a.py": 100, "b.py": 100, "c.py": 100}
    progress.advance(FileResult("big.py", findings=(finding,)))
    # Largest first: 70% of the bytes are done after one file of four, so about a third is left.
    assert progress.line(14.0) == "Checking: 1/4 files, 1 finding, 14 s, about 6 s left"
    progress.advance(FileResult("a.py"))
    assert progress.line(16.0).startswith("Checking: 2/4 files, 1 finding, 16 s, about")
    assert not _Progress(io.StringIO()).enabled  # not a terminal: nothing is drawn
    with _Progress(Terminal()) as quick:
        quick.start(3, ["a.py"])
        quick.advance(FileResult("a.py"))
    assert quick.stream.getvalue() == ""  # a run under two seconds shows nothing


def test_python_m_from_a_folder_whose_packages_shadow_the_standard_library(tmp_path: Path) -> None:
    # Home Assistant's components/ holds http/ and select/: `python -m` must not import them for
    # the standard library's (the working folder is first on sys.path).
    import subprocess
    import sys

    for name in ("http", "select", "json"):
        write(tmp_path, f"{name}/__init__.py", f"raise ImportError('the project\\'s {name}, not the stdlib')\n")
    write(tmp_path, "views.py", "import time\n\n\nasync def index():\n    time.sleep(1)\n")
    repo = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-m", "asyncio_lint", "check", "--no-cache", "--format", "json", "."],
                          cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(repo)), capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert [(f["path"], f["code"]) for f in json.loads(proc.stdout)["findings"]] == [("views.py", "AIO101")]
