"""The confidence of findings (certain / likely / style) and the default-output policy: style points
are counted, not reported, unless their rule is selected by its full code or ``min-confidence`` asks;
the same in the CLI (every format, cached or not), the configuration and the flake8 plugin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from asyncio_lint.api import lint_source
from asyncio_lint.codes import CONFIDENCES, explicit_codes, shown
from asyncio_lint.config import Config, parse_table
from asyncio_lint.registry import all_rules
from tests.test_cli import run, write

# One finding of each confidence: AIO101 (certain), AIO104 (likely), AIO506 (style, off by default).
SOURCE = """\
import asyncio
import time


async def main(path):
    time.sleep(1)
    data = open(path).read()
    loop = asyncio.get_event_loop()
    return data, loop
"""
EVERY = [(6, "AIO101", "certain"), (7, "AIO104", "likely"), (8, "AIO506", "style")]


def found(config: Config) -> list[tuple[int, str, str]]:
    result = lint_source(SOURCE, "m.py", config)
    assert result.error is None
    return [(f.line, f.code, f.confidence) for f in result.findings]


def test_every_rule_declares_a_known_confidence_and_style_rules_are_off_by_default() -> None:
    for rule in all_rules():
        assert rule.CONFIDENCE in CONFIDENCES
        if rule.CONFIDENCE == "style":
            assert not rule.DEFAULT_ENABLED, f"{rule.CODE}: a style rule must be opt-in"


def test_shown_by_confidence_or_explicit_selection() -> None:
    assert shown("AIO101", "certain", "certain", frozenset())
    assert not shown("AIO104", "likely", "certain", frozenset())
    assert not shown("AIO506", "style", "likely", frozenset())
    assert shown("AIO506", "style", "likely", frozenset({"AIO506"}))
    assert explicit_codes(["AIO5", "AIO506"], ["AIO1"]) == {"AIO506"}


@pytest.mark.parametrize("config, expected", [
    (Config(), EVERY[:2]),                                                  # defaults: no AIO506
    (Config(select=("AIO",)), EVERY[:2]),                                   # a prefix does not show style
    (Config(select=("AIO",), min_confidence="style"), EVERY),
    (Config(extend_select=("AIO506",)), EVERY),                             # the full code does
    (Config(select=("AIO1", "AIO506")), EVERY),
    (Config(min_confidence="certain"), EVERY[:1]),
    (Config(min_confidence="certain", extend_select=("AIO104",)), EVERY[:2]),
])
def test_engine_filters_by_confidence(config: Config, expected: list[tuple[int, str, str]]) -> None:
    assert found(config) == expected


def test_hidden_findings_are_counted_not_reported() -> None:
    result = lint_source(SOURCE, "m.py", Config(select=("AIO",), min_confidence="certain"))
    assert [f.code for f in result.findings] == ["AIO101"] and result.hidden == 2


def test_config_key_and_its_errors() -> None:
    assert parse_table({"min-confidence": "style"}, "pyproject.toml", ".").min_confidence == "style"
    assert Config().min_confidence == "likely"
    with pytest.raises(Exception, match="min-confidence: expected one of 'certain', 'likely', 'style'"):
        parse_table({"min-confidence": "high"}, "pyproject.toml", ".")


def test_cli_json_text_and_exit_status(tmp_path: Path) -> None:
    write(tmp_path, "m.py", SOURCE)
    document = json.loads(run("check", "--no-cache", "--select", "AIO", "--format", "json", str(tmp_path)).stdout)
    assert [(f["line"], f["code"], f["confidence"]) for f in document["findings"]] == EVERY[:2]
    assert document["summary"]["hidden"] == 1
    result = run("check", "--no-cache", "--select", "AIO", str(tmp_path))
    assert result.exit_code == 1
    assert "[style]" not in result.output
    assert "1 finding below the minimum confidence not shown (`--min-confidence style` shows it)." in result.output
    result = run("check", "--no-cache", "--select", "AIO", "--min-confidence", "style", str(tmp_path))
    lines = result.output.splitlines()
    assert lines[2].endswith("`asyncio.get_running_loop()` [style]") and "AIO506" in lines[2]
    assert not any(line.endswith("[style]") for line in lines[:2])
    assert "not shown" not in result.output
    # only hidden findings: a clean run
    write(tmp_path, "m.py", "import asyncio\nasync def f():\n    return asyncio.get_event_loop()\n")
    result = run("check", "--no-cache", "--select", "AIO", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("All clear") and "1 finding below the minimum confidence" in result.output
    result = run("check", "--no-cache", "--select", "AIO", "--min-confidence", "bogus", str(tmp_path))
    assert result.exit_code == 2


def test_cli_config_and_cache_agree_with_a_fresh_run(tmp_path: Path) -> None:
    write(tmp_path, "m.py", SOURCE)
    write(tmp_path, "pyproject.toml", '[tool.asyncio-lint]\nmin-confidence = "certain"\n')

    def codes(*extra: str) -> list[str]:
        out = run("check", "--format", "json", *extra, str(tmp_path), cwd=tmp_path).stdout
        return [f["code"] for f in json.loads(out)["findings"]]

    assert codes() == codes("--no-cache") == ["AIO101"]
    assert codes("--min-confidence", "style") == ["AIO101", "AIO104"]  # AIO506 is off by default
    assert codes("--extend-select", "AIO506") == ["AIO101", "AIO506"]
    write(tmp_path, "pyproject.toml", '[tool.asyncio-lint]\nmin-confidence = "style"\nextend-select = ["AIO5"]\n')
    assert codes() == codes("--no-cache") == ["AIO101", "AIO104", "AIO506"]


def test_flake8_applies_the_same_policy(tmp_path: Path) -> None:
    write(tmp_path, "m.py", SOURCE)

    def flake8() -> list[str]:
        proc = subprocess.run([sys.executable, "-m", "flake8", "--select", "AIO", "m.py"], cwd=tmp_path,
                              capture_output=True, text=True)
        return [line.split()[1] for line in proc.stdout.splitlines()]

    write(tmp_path, "pyproject.toml", '[tool.asyncio-lint]\nselect = ["AIO"]\n')
    assert flake8() == ["AIO101", "AIO104"]
    write(tmp_path, "pyproject.toml", '[tool.asyncio-lint]\nselect = ["AIO"]\nmin-confidence = "style"\n')
    assert flake8() == ["AIO101", "AIO104", "AIO506"]
