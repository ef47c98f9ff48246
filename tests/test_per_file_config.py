"""Configuration per file, one validation of codes and keys, and the same answers in every front end.

Each file is checked with the nearest ``[tool.asyncio-lint]`` above it (as Ruff and flake8 do), in
the CLI and the flake8 plugin alike; unknown codes and keys, and a misspelt table name, are errors
with the close matches suggested; rule selection is layered as in Ruff.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from asyncio_lint.cli import main
from asyncio_lint.codes import Selection, resolve, selected, unknown_code
from asyncio_lint.config import ConfigError, ConfigResolver, load_file, requires_python_floor

BOTH = "import time, requests\n\nasync def f():\n    time.sleep(1)\n    requests.get('u')\n"


def cli(*args: str, cwd: Path) -> tuple[int, str, str]:
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def flake8(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "flake8", *args], cwd=cwd, capture_output=True, text=True)


def _two_projects(root: Path) -> None:
    for folder, ignored in (("a", "AIO101"), ("b", "AIO102")):
        (root / folder).mkdir()
        (root / folder / "pyproject.toml").write_text(f'[tool.asyncio-lint]\nignore = ["{ignored}"]\n')
        (root / folder / "both.py").write_text(BOTH)


def _pairs(stdout: str) -> list[tuple[str, int, str]]:
    return sorted((f["path"], f["line"], f["code"]) for f in json.loads(stdout)["findings"])


EXPECTED = [("a/both.py", 5, "AIO102"), ("b/both.py", 4, "AIO101")]


@pytest.mark.parametrize("order", [("a", "b"), ("b", "a"), (".",)])
def test_each_file_gets_the_nearest_configuration(tmp_path: Path, order: tuple[str, ...]) -> None:
    _two_projects(tmp_path)
    code, out, _ = cli("check", "--no-cache", "--format", "json", *order, cwd=tmp_path)
    assert code == 1
    assert _pairs(out) == EXPECTED


def test_flake8_uses_the_same_configuration_per_file(tmp_path: Path) -> None:
    _two_projects(tmp_path)
    proc = flake8("--select", "AIO", "b", "a", cwd=tmp_path)
    found = sorted(line.split(" ")[0] + line.split(" ")[1] for line in proc.stdout.splitlines())
    assert found == ["a/both.py:5:5:AIO102", "b/both.py:4:5:AIO101"]


def test_cli_options_layer_on_every_files_configuration(tmp_path: Path) -> None:
    _two_projects(tmp_path)
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--select", "AIO101", ".", cwd=tmp_path)
    # --select starts afresh over each file's own selection (Ruff): AIO101 even where a ignores it.
    assert _pairs(out) == [("a/both.py", 4, "AIO101"), ("b/both.py", 4, "AIO101")]
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--ignore", "AIO102", ".", cwd=tmp_path)
    assert _pairs(out) == [("b/both.py", 4, "AIO101")]  # (adds to each file's ignores)


def test_config_option_sets_one_configuration_for_all(tmp_path: Path) -> None:
    _two_projects(tmp_path)
    (tmp_path / "one.toml").write_text('ignore = ["AIO1"]\n')
    code, out, _ = cli("check", "--no-cache", "--format", "json", "--config", "one.toml", ".", cwd=tmp_path)
    assert _pairs(out) == []


def test_selection_is_layered_as_ruff_resolves_it() -> None:
    # A prefix ignore without a select ignores the codes on by default (it used to ignore nothing).
    assert not any(code.startswith("AIO1") for code in selected(ignore=["AIO1"]))
    assert "AIO120" not in selected(ignore=["AIO1"]) and "AIO201" in selected(ignore=["AIO1"])
    file_layer = Selection(ignore=("AIO402",))
    # A command line's select replaces the file's selection; its extend-select re-enables.
    assert resolve([file_layer, Selection(select=("AIO402",))]) == {"AIO402"}
    assert "AIO402" in resolve([file_layer, Selection(extend_select=("AIO402",))])
    assert "AIO402" not in resolve([file_layer])
    # Within one layer the more specific prefix wins; a tie goes to ignore.
    assert "AIO110" in selected(select=["AIO1"]) and "AIO110" not in selected(select=["AIO1"], ignore=["AIO11"])
    assert selected(select=["AIO101"], ignore=["AIO101"]) == frozenset()
    # AIO900 is a rule like any other: on by default, off when not selected.
    assert "AIO900" in selected() and "AIO900" not in selected(select=["AIO1"])


@pytest.mark.parametrize("table,needle", [
    ('select = ["AIO999"]', "unknown code 'AIO999'; did you mean AIO900"),
    ('ignore = ["AIO6"]', "unknown code 'AIO6'"),
    ('per-file-ignores = { "x.py" = ["AIO1O1"] }', "'AIO1O1' is not a code prefix"),
    ('selct = ["AIO1"]', "unknown key 'selct' in [tool.asyncio-lint] (did you mean 'select'?"),
    ('target-version = "py39x"', "'py39x' is not a Python version asyncio-lint knows"),
])
def test_unknown_codes_and_keys_are_errors_with_close_matches(tmp_path: Path, table: str, needle: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.asyncio-lint]\n{table}\n")
    (tmp_path / "ok.py").write_text("x = 1\n")
    code, out, err = cli("check", "--no-cache", ".", cwd=tmp_path)
    assert code == 2 and needle in err, err
    proc = flake8("--select", "AIO", "ok.py", cwd=tmp_path)  # the same check under flake8
    assert "AIO000 asyncio-lint configuration error" in proc.stdout and needle in proc.stdout


def test_misspelt_table_is_an_error_not_ignored(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.asyncio_lint]\nignore = ["AIO101"]\n')
    (tmp_path / "m.py").write_text(BOTH)
    code, out, err = cli("check", "--no-cache", ".", cwd=tmp_path)
    assert code == 2 and "[tool.asyncio_lint] is not read by asyncio-lint; did you mean [tool.asyncio-lint]?" in err
    with pytest.raises(ConfigError, match="did you mean"):
        load_file(tmp_path / "pyproject.toml")


@pytest.mark.parametrize("option", ["--select", "--ignore", "--extend-select"])
def test_unknown_codes_on_the_command_line(tmp_path: Path, option: str) -> None:
    (tmp_path / "m.py").write_text("x = 1\n")
    result = CliRunner().invoke(main, ["check", option, "AIO999", str(tmp_path)])
    assert result.exit_code == 2 and "unknown code 'AIO999'; did you mean AIO900" in result.output
    assert unknown_code("AIO1") is None and unknown_code("AIO90") is None


def test_flake8_stops_on_an_unknown_selected_code(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("x = 1\n")
    proc = flake8("--select", "E,AIO999", "m.py", cwd=tmp_path)
    assert proc.returncode != 0 and "unknown code 'AIO999'" in proc.stdout + proc.stderr


def test_flake8_parity_with_the_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.asyncio-lint]\nignore = ["AIO402"]\nexclude = ["generated/*"]\n')
    (tmp_path / "generated").mkdir()
    source = ("import asyncio, os\n\nasync def f():\n    os.path.exists('x')\n"
              "    asyncio.create_task(f())\n")
    (tmp_path / "app.py").write_text(source)
    (tmp_path / "generated" / "gen.py").write_text(source)
    # Off by default (AIO110) and ignored in pyproject (AIO402): a specific flake8 --select shows them.
    out = flake8("--select", "AIO110,AIO402", "app.py", "generated/gen.py", cwd=tmp_path).stdout
    assert sorted(line.split(" ")[1] for line in out.splitlines()) == ["AIO110", "AIO402"]
    assert "generated" not in out  # exclude is honoured
    code, cli_out, _ = cli("check", "--no-cache", "--format", "json", "--select", "AIO110,AIO402", ".",
                           cwd=tmp_path)
    assert [c for _, _, c in _pairs(cli_out)] == ["AIO110", "AIO402"]
    # The bare plugin prefix changes nothing: pyproject decides.
    assert flake8("--select", "AIO", "app.py", cwd=tmp_path).stdout == ""


@pytest.mark.parametrize("comment", ["# NOQA: aio101", "# noqa:AIO101", "# noqa"])
def test_noqa_comments_agree_in_cli_and_flake8(tmp_path: Path, comment: str) -> None:
    (tmp_path / "m.py").write_text(f"import time\n\nasync def f():\n    time.sleep(1)  {comment}\n")
    assert cli("check", "--no-cache", "m.py", cwd=tmp_path)[0] == 0
    assert flake8("--select", "AIO", "m.py", cwd=tmp_path).stdout == ""


def test_file_level_flake8_noqa_agrees_in_cli_and_flake8(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("# flake8: noqa\nimport time\n\nasync def f():\n    time.sleep(1)\n")
    (tmp_path / "inline.py").write_text("import time\n\nasync def f():\n    time.sleep(1)  # flake8: noqa\n")
    code, out, _ = cli("check", "--no-cache", "--format", "json", ".", cwd=tmp_path)
    cli_found = _pairs(out)
    flake8_found = sorted(line.split(":")[0] for line in flake8("--select", "AIO", ".", cwd=tmp_path).stdout.splitlines())
    # A line starting with the comment exempts the file; on a line of code it does nothing (flake8).
    assert [p for p, _, _ in cli_found] == ["inline.py"]
    assert [p.removeprefix("./") for p in flake8_found] == ["inline.py"]


def test_requires_python_gives_the_target_version(tmp_path: Path) -> None:
    assert requires_python_floor(">=3.10, <4") == (3, 10)
    assert requires_python_floor("~=3.12.1") == (3, 12)
    assert requires_python_floor("<3.13") is None
    (tmp_path / "pyproject.toml").write_text('[project]\nrequires-python = ">=3.12"\n')
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[tool.asyncio-lint]\nignore = ["AIO101"]\n')
    resolver = ConfigResolver()
    assert resolver.for_path(str(tmp_path / "m.py")).target_version == (3, 12)
    sub = resolver.for_path(str(tmp_path / "sub" / "m.py"))
    assert sub.ignore == ("AIO101",) and sub.target_version is None  # (its own file names no version)
    (tmp_path / "sub" / "pyproject.toml").write_text(
        '[project]\nrequires-python = ">=3.11"\n[tool.asyncio-lint]\ntarget-version = "py313"\n')
    assert ConfigResolver().for_path(str(tmp_path / "sub" / "m.py")).target_version == (3, 13)


# Config.summary_key: what a file's summary depends on. A new field must be put on one side.
_SUMMARY_FIELDS = {
    "select": ("AIO120",), "extend_select": ("AIO303",), "ignore": ("AIO101",), "layers": (Selection(("AIO1",)),),
    "extend_blocking_calls": (("vendorkit.pause", "sleep"),), "callback_registrars": (("bus.on", 1),),
    "extend_cpu_bound_calls": (("vendorkit.crunch", "thread"),), "transitive_depth": 2,
    "non_blocking_functions": ("app.helpers.fast",), "extend_offload_functions": (("app.pool.run", 0),),
    "target_version": (3, 9), "offload_decorators": ("app.threaded",),
}
_REPORT_ONLY_FIELDS = {
    "exclude": ("build",), "extend_exclude": ("gen",), "per_file_ignores": (("tests/*", ("AIO101",)),),
    "respect_gitignore": False, "min_confidence": "certain", "python": ".venv", "root": "/elsewhere",
    "source": "/elsewhere/pyproject.toml", "max_callback_depth": 5, "root_finding_at": 0, "script_paths": (),
    "extend_script_paths": ("tools/*",),
}


def test_each_configuration_field_is_known_to_matter_to_summaries_or_not() -> None:
    from dataclasses import fields, replace

    from asyncio_lint.config import Config

    assert {f.name for f in fields(Config)} == _SUMMARY_FIELDS.keys() | _REPORT_ONLY_FIELDS.keys()
    base = Config()
    for name, value in _SUMMARY_FIELDS.items():
        assert replace(base, **{name: value}).summary_key != base.summary_key, name
    for name, value in _REPORT_ONLY_FIELDS.items():
        assert replace(base, **{name: value}).summary_key == base.summary_key, name
