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
