"""Tests, scripts and command-line commands (``script-paths``): a coroutine there runs as a one-off
command with nothing else waiting on the event loop, so its blocking and CPU findings are style
points (hidden by default, counted, shown by ``--min-confidence style`` or a full-code selection);
every other finding keeps its confidence, and ``script-paths = []`` reports them as elsewhere."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from asyncio_lint.api import lint_source
from asyncio_lint.config import Config
from tests.test_cli import run, write

# AIO101 and AIO104 (blocking), AIO201 (CPU), AIO402 (a dropped task: a bug wherever it runs).
SOURCE = """\
import asyncio
import hashlib
import time


async def main(path, data):
    time.sleep(1)
    text = open(path).read()
    digest = hashlib.pbkdf2_hmac("sha256", data, b"salt", 500_000)
    asyncio.create_task(main(path, data))
    return text, digest
"""
BLOCKING = {(7, "AIO101"), (8, "AIO104"), (9, "AIO201")}
DROPPED = (10, "AIO402")


STYLE = Config(min_confidence="style")


def confidences(path: str, config: Config = STYLE) -> dict[tuple[int, str], str]:
    result = lint_source(SOURCE, path, config)
    assert result.error is None
    return {(f.line, f.code): f.confidence for f in result.findings}


@pytest.mark.parametrize("path", [
    "test_views.py", "tests/test_views.py", "app/views_test.py", "tests/conftest.py",
    "scripts/migrate.py", "tools/scripts/seed.py", "cli/commands.py", "prefect/cli/deployment.py",
])
def test_blocking_findings_in_tests_scripts_and_commands_are_style_points(path: str) -> None:
    found = confidences(path)
    assert {k for k, v in found.items() if v == "style"} == BLOCKING, found
    assert found[DROPPED] == "likely"  # the rule's own confidence


@pytest.mark.parametrize("path", [
    # near misses: a test helper that is not a test file, a client module, names that only contain
    # the words, and a command-line module outside a cli/ folder
    "tests/helpers.py", "app/client.py", "app/clients/http.py", "app/testing_views.py", "app/descriptions.py",
    "app/script.py", "app/cli_utils.py", "app/contest.py",
])
def test_other_files_keep_the_rules_confidence(path: str) -> None:
    found = confidences(path)
    assert "style" not in found.values(), found
    assert set(found) == BLOCKING | {DROPPED}


def test_script_paths_is_configurable() -> None:
    assert "style" not in confidences("tests/test_views.py", Config(min_confidence="style", script_paths=())).values()
    extended = confidences("ops/seed.py", Config(min_confidence="style", extend_script_paths=("ops/*",)))
    assert {k for k, v in extended.items() if v == "style"} == BLOCKING


def test_default_output_hides_them_and_says_so(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", "[tool.asyncio-lint]\n")
    write(tmp_path, "tests/test_app.py", SOURCE)
    write(tmp_path, "app.py", SOURCE)
    result = run("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    document = json.loads(result.output)
    by_path: dict[str, set[tuple[int, str]]] = {}
    for f in document["findings"]:
        by_path.setdefault(f["path"], set()).add((f["line"], f["code"]))
    assert by_path == {"app.py": BLOCKING | {DROPPED}, "tests/test_app.py": {DROPPED}}
    assert document["summary"]["hidden"] == len(BLOCKING)
    shown = run("check", "--no-cache", "--min-confidence", "style", "--format", "json", ".", cwd=tmp_path)
    tests = [f for f in json.loads(shown.output)["findings"] if f["path"] == "tests/test_app.py"]
    assert {(f["line"], f["code"]) for f in tests if f["confidence"] == "style"} == BLOCKING
    # asking for a rule by its full code shows all its findings, as for any style point
    selected = run("check", "--no-cache", "--select", "AIO101", "--format", "json", ".", cwd=tmp_path)
    assert {(f["path"], f["line"]) for f in json.loads(selected.output)["findings"]} == {
        ("app.py", 7), ("tests/test_app.py", 7)}


def test_a_helper_chain_from_a_test_file_is_a_style_point(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", '[tool.asyncio-lint]\n')
    write(tmp_path, "app/__init__.py", "")
    write(tmp_path, "app/settings.py", "def load():\n    with open('settings.json') as f:\n        return f.read()\n")
    caller = "from app.settings import load\n\n\nasync def handler():\n    return load()\n"
    write(tmp_path, "app/views.py", caller)
    write(tmp_path, "test_views.py", caller)
    result = run("check", "--no-cache", "--min-confidence", "style", "--format", "json", ".", cwd=tmp_path)
    found = {(f["path"], f["code"], f["confidence"]) for f in json.loads(result.output)["findings"]}
    assert found == {("app/views.py", "AIO120", "likely"), ("test_views.py", "AIO120", "style")}


def test_a_misspelt_script_paths_value_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path, "pyproject.toml", textwrap.dedent("""\
        [tool.asyncio-lint]
        script-paths = "tests/*"
        """))
    write(tmp_path, "ok.py", "async def f():\n    return 1\n")
    result = run("check", cwd=tmp_path)
    assert result.exit_code == 2
    assert "script-paths: expected a list of glob patterns" in result.output


def test_folders_above_the_configuration_do_not_make_a_project_a_script(tmp_path: Path) -> None:
    project = tmp_path / "scripts" / "cli" / "service"
    write(project, "pyproject.toml", "[tool.asyncio-lint]\n")
    write(project, "app.py", SOURCE)
    result = run("check", "--no-cache", "--format", "json", str(project), cwd=tmp_path)
    assert {(f["line"], f["code"]) for f in json.loads(result.output)["findings"]} == BLOCKING | {DROPPED}
