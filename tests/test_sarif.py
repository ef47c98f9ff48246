"""SARIF as GitHub code scanning takes it: repository-relative URIs, fingerprints that survive
moves, full help and a stable link per rule, levels from confidence, fixes.

(The output was also validated against the SARIF 2.1.0 JSON schema of the OASIS sarif-spec
repository with jsonschema; the schema is not vendored here: it is not under an open licence.)
"""

from __future__ import annotations

import json
from pathlib import Path

from asyncio_lint.output import FormatOptions
from asyncio_lint.output.sarif import format_report
from asyncio_lint.registry import all_rules
from asyncio_lint.types import FileResult, Finding, Report
from tests.test_cli import run, write

BAD = "import time\n\nasync def f():\n    time.sleep(1)\n"


def _sarif(cwd: Path, *paths: str) -> dict:  # type: ignore[type-arg]
    return json.loads(run("check", "--no-cache", "--format", "sarif", *paths, cwd=cwd).stdout)  # type: ignore[no-any-return]


def test_uris_are_relative_to_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "src/pkg/bad.py", BAD)
    document = _sarif(tmp_path / "src", "pkg")
    run_ = document["runs"][0]
    assert run_["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.resolve().as_uri() + "/"}}
    assert run_["columnKind"] == "unicodeCodePoints"
    (result,) = run_["results"]
    location = result["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "src/pkg/bad.py", "uriBaseId": "%SRCROOT%"}


def test_fingerprints_survive_lines_moving(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    path = write(tmp_path, "bad.py", BAD + "\nasync def g():\n    time.sleep(1)\n")
    first = [r["partialFingerprints"]["primaryLocationLineHash"] for r in _sarif(tmp_path, ".")["runs"][0]["results"]]
    assert len(set(first)) == 2 and all(f.endswith((":1", ":2")) for f in first)
    path.write_text("# moved\n" * 20 + path.read_text())
    moved = [r["partialFingerprints"]["primaryLocationLineHash"] for r in _sarif(tmp_path, ".")["runs"][0]["results"]]
    assert moved == first
    path.write_text(path.read_text().replace("time.sleep(1)\n", "time.sleep(2)\n", 1))
    edited = [r["partialFingerprints"]["primaryLocationLineHash"] for r in _sarif(tmp_path, ".")["runs"][0]["results"]]
    assert edited[0] != first[0]


def test_every_rule_has_help_a_link_and_a_level() -> None:
    document = json.loads(format_report(Report(), FormatOptions(root="/")))
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.CODE for r in all_rules()]
    for descriptor, rule in zip(rules, all_rules(), strict=True):
        assert descriptor["helpUri"].endswith(f"/docs/rules/{rule.CODE}.md")
        assert "## What it does" in descriptor["help"]["markdown"] or "### What it does" in descriptor["help"]["markdown"]
        assert descriptor["defaultConfiguration"]["level"] in ("error", "warning", "note")
        assert len(descriptor["shortDescription"]["text"]) <= 1024


def test_levels_follow_confidence(tmp_path: Path) -> None:
    findings = tuple(Finding(str(tmp_path / "m.py"), i + 1, 0, i + 1, 1, "AIO101", "blocking-sleep", "m",
                             confidence=confidence) for i, confidence in enumerate(("certain", "likely", "style")))
    document = json.loads(format_report(Report(results=[FileResult(str(tmp_path / "m.py"), findings=findings)]),
                                        FormatOptions(root=str(tmp_path))))
    assert [r["level"] for r in document["runs"][0]["results"]] == ["error", "warning", "note"]


def test_a_root_finding_lists_its_calls_as_related_locations(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, "pkg/__init__.py", "")
    write(tmp_path, "pkg/util.py", "import time\n\ndef pause():\n    time.sleep(1)\n")
    write(tmp_path, "pkg/app.py", "from pkg.util import pause\n" + "".join(
        f"\nasync def f{n}():\n    pause()\n" for n in range(3)))
    (result,) = _sarif(tmp_path, ".")["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 4
    related = [(r["physicalLocation"]["artifactLocation"]["uri"], r["physicalLocation"]["region"]["startLine"],
                r["message"]["text"]) for r in result["relatedLocations"]]
    assert related == [("pkg/app.py", line, "`pause()` from a coroutine") for line in (4, 7, 10)]
