"""Meta-tests: every rule is documented, changelogged, and the generated docs are current."""

from __future__ import annotations

import re

from asyncio_lint.docs import rules_markdown
from asyncio_lint.engine import Engine
from asyncio_lint.config import Config
from asyncio_lint.registry import all_rules
from tests.helpers import FIXTURES, ROOT


def test_generated_rule_docs_are_current() -> None:
    committed = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "docs/rules.md is stale: run `asyncio-lint rules --markdown > docs/rules.md`"


def test_every_code_is_in_the_changelog() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    missing = [r.CODE for r in all_rules() if r.CODE not in changelog]
    assert not missing, f"CHANGELOG.md does not mention {missing}"


def test_messages_name_a_fix() -> None:
    for rule in all_rules():
        names_fix = "{fix}" in rule.MESSAGE or re.search(
            r"\b(use|instead|wrap|hold|keep|await|store|call|replace|move|offload|pass|run)\b", rule.MESSAGE, re.I)
        assert names_fix, f"{rule.CODE}: MESSAGE should say how to fix the code"


def _strip_async(source: str) -> str:
    source = re.sub(r"\basync\s+(def|with|for)\b", r"\1", source)
    return re.sub(r"\bawait\s+", "", source)


def test_without_async_the_coroutine_rules_are_silent() -> None:
    """Metamorphic: strip async/await from every fixture; no rule about coroutines may fire."""
    engine = Engine(Config(select=("AIO1", "AIO2", "AIO3")))
    checked = 0
    for path in sorted(FIXTURES.rglob("*.py")):
        source = _strip_async(path.read_text(encoding="utf-8"))
        result = engine.lint(source, str(path))
        if result.error is not None:  # stripping can make code invalid (e.g. `await` at top level)
            continue
        checked += 1
        flagged = [(f.line, f.code) for f in result.findings if f.code[:4] in ("AIO1", "AIO2", "AIO3")]
        assert not flagged, f"{path.name} without async still flagged: {flagged}"
    assert checked >= 9


def test_readme_configuration_example_is_valid() -> None:
    from asyncio_lint.config import parse_table, tomllib  # tomllib, or tomli before 3.11

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(\[tool\.asyncio-lint\].*?)```", readme, re.S)
    assert block, "README has no [tool.asyncio-lint] example"
    table = tomllib.loads(block.group(1))["tool"]["asyncio-lint"]
    config = parse_table(table, "README.md", ".")
    assert config.extend_blocking_calls and config.non_blocking_functions


def test_trigger_index_is_the_union_of_every_rules_triggers() -> None:
    # The light path (asyncio_lint/source.py) skips libcst for files without any of these bytes;
    # a rule whose trigger is missing here would silently never see such files.
    from asyncio_lint.source import TRIGGER_INDEX, triggers_for

    assert all(rule.TRIGGERS is not None for rule in all_rules()), "a rule that always runs: drop the light path"
    union = sorted({t for rule in all_rules() for t in (rule.TRIGGERS or ())})
    assert sorted(TRIGGER_INDEX) == union, f"update TRIGGER_INDEX in asyncio_lint/source.py to {tuple(union)}"
    configured = Config(callback_registrars=(("myloop.schedule_soon", 0), ("defer", 1)))
    for rule in all_rules():
        missing = set(rule.triggers(configured) or ()) - set(triggers_for(configured))
        assert not missing, f"{rule.CODE}: configuration adds trigger bytes {missing} that source.triggers_for lacks"


def test_files_no_rule_can_fire_on_never_load_libcst(tmp_path) -> None:
    import subprocess
    import sys

    (tmp_path / "plain.py").write_text("import time\n\ndef f():\n    time.sleep(1)\n")
    (tmp_path / "empty.py").write_text("")
    (tmp_path / "broken.py").write_text("def f(:\n")
    # (A file this Python rejects is judged by libcst when the code may be for a newer Python:
    # with a target version no newer than this one, this Python's parser decides alone.)
    code = (
        "import sys\nfrom asyncio_lint.api import lint_paths\nfrom asyncio_lint.config import Config\n"
        f"report = lint_paths([{str(tmp_path)!r}], Config(target_version=sys.version_info[:2]), jobs=1)\n"
        "print(sorted((r.path.rsplit('/', 1)[-1], bool(r.error), len(r.findings)) for r in report.results))\n"
        "print('libcst' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.splitlines() == ["[('broken.py', True, 0), ('empty.py', False, 0), ('plain.py', False, 0)]", "False"]


def test_a_findings_confidence_comes_from_the_rule_or_its_report() -> None:
    import libcst as cst

    from asyncio_lint.rule import Rule

    class Probe(Rule, abstract=True):
        CODE, NAME, MESSAGE, CONFIDENCE = "AIO101", "blocking-sleep", "`{what}` found", "style"
        TRIGGERS = None

        def visit_Call(self, node: cst.Call) -> None:
            name = self.context.call_name(node)
            self.report(node, what=name, confidence="certain" if name == "time.sleep" else None)

    result = Engine(Config(min_confidence="style"), rules=[Probe]).lint("import time\ntime.sleep(1)\nprint(1)\n", "m.py")
    assert [(f.line, f.confidence) for f in result.findings] == [(2, "certain"), (3, "style")]
    assert result.findings[0].with_extra(confirmed=True).confidence == "certain"
    # by default, style points are counted, not reported
    result = Engine(Config(), rules=[Probe]).lint("import time\ntime.sleep(1)\nprint(1)\n", "m.py")
    assert [(f.line, f.confidence) for f in result.findings] == [(2, "certain")] and result.hidden == 1


def test_rule_pages_are_current() -> None:
    """docs/rules/ (the pages urls.rule_url links to) is what `asyncio-lint rules --write-docs` writes."""
    from asyncio_lint.docs import rule_pages
    from asyncio_lint.urls import rule_url

    folder = ROOT / "docs" / "rules"
    pages = rule_pages()
    committed = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}
    stale = sorted(name for name in pages.keys() | committed.keys() if pages.get(name) != committed.get(name))
    assert not stale, f"docs/rules is stale ({stale}): run `asyncio-lint rules --write-docs docs/rules`"
    for rule in all_rules():
        assert rule_url(rule.CODE).endswith(f"/docs/rules/{rule.CODE}.md")
        assert f"({rule.CODE}.md)" in pages["README.md"]


def test_fixable_rules_document_their_fix_safety() -> None:
    import pytest

    from asyncio_lint.rule import FIX_HEADING, Rule, RuleDeclarationError
    from asyncio_lint.types import Invalid, Valid

    fixable = [r.CODE for r in all_rules() if r.FIX_AVAILABILITY is not None]
    assert {"AIO101", "AIO120", "AIO201", "AIO220", "AIO302", "AIO402", "AIO501", "AIO505", "AIO506"} <= set(fixable)
    for rule in all_rules():
        assert (FIX_HEADING in (rule.__doc__ or "")) == (rule.FIX_AVAILABILITY is not None), rule.CODE
    doc = "\n## What it does\nx\n## Why is this bad?\nx\n## Example\nx\n## Use instead\nx\n"
    body = {"CODE": "AIO101", "NAME": "blocking-sleep", "MESSAGE": "`{call}` use x", "KIND": "sleep",
            "VALID": [Valid("x = 1\n")], "INVALID": [Invalid("x = 1\n")], "visit_Call": lambda self, node: None}
    with pytest.raises(RuleDeclarationError, match="Fix safety"):
        type("Fixes", (Rule,), {**body, "__doc__": doc, "FIX_AVAILABILITY": "sometimes"})
    with pytest.raises(RuleDeclarationError, match="Fix safety"):
        type("Claims", (Rule,), {**body, "__doc__": doc + "## Fix safety\nsafe\n"})


def test_a_shared_fix_safety_paragraph_closes_each_declaring_rule_s_section_once() -> None:
    from asyncio_lint.docs import rule_doc
    from asyncio_lint.registry import all_rules

    declaring = [rule for rule in all_rules() if rule.FIX_SAFETY]
    assert declaring
    for rule in declaring:
        page = rule_doc(rule)
        assert page.count(rule.FIX_SAFETY) == 1, rule.CODE
        section = page.split("### Fix safety", 1)[1].split("\n### ", 1)[0]
        assert section.rstrip().endswith(rule.FIX_SAFETY), rule.CODE
