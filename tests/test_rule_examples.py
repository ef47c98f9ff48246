"""Each rule's declared examples and the code blocks of its docs are run as tests."""

from __future__ import annotations

import inspect
import re

import pytest

from asyncio_lint.config import Config, parse_table
from asyncio_lint.engine import Engine
from asyncio_lint.registry import all_rules
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid
from tests.helpers import as_counter, diff, expectations

RULES = all_rules()


def _config(table: dict | None, **overrides: tuple[str, ...]) -> Config:
    # Examples show every finding, style points too.
    base = parse_table({"min-confidence": "style", **(table or {})}, "<example>", ".")
    return base.with_overrides(**overrides)


def _family(code: str) -> str:
    return code[:4]


def _runtime_findings(code: str, path: str) -> list:
    """A runtime rule's findings on ``code``: every rule's static findings, then ``check --stalls``'
    confirmation with a stall report whose stalls are the lines marked ``# stall``."""
    from asyncio_lint.runtime.confirm import confirm

    static = Engine(_config(None, select=("AIO",))).lint(code, path)
    assert static.error is None, static.error
    stalls = [{"start": 0.0, "duration_ms": 250.0, "blocking_frame": {"path": path, "line": n, "function": "f"},
               "stacks": [[{"path": path, "line": n, "function": "f"}]]}
              for n, line in enumerate(code.splitlines(), start=1) if "# stall" in line]
    assert stalls, f"a runtime rule's example marks the stalled lines with # stall:\n{code}"
    return confirm(static.findings, {"version": 1, "threshold_ms": 100, "stalls": stalls})


def _cases() -> list[tuple[type[Rule], int, Valid | Invalid]]:
    return [(rule, i, example) for rule in RULES for i, example in enumerate((*rule.VALID, *rule.INVALID))]


@pytest.mark.parametrize("rule,index,example", _cases(),
                         ids=lambda v: v.CODE if isinstance(v, type) else (str(v) if isinstance(v, int) else ""))
def test_example(rule: type[Rule], index: int, example: Valid | Invalid) -> None:
    if rule.RUNTIME:
        found = as_counter((f.line, f.code) for f in _runtime_findings(example.code, "example.py")
                           if f.code == rule.CODE)
        expected = expectations(example.code) if isinstance(example, Invalid) else as_counter([])
        assert isinstance(example, Valid) or expected, f"INVALID example of {rule.CODE} expects nothing"
        assert found == expected, diff(expected, found, f"{rule.CODE} example:\n{example.code}")
        return
    if isinstance(example, Valid):
        config = _config(example.config, select=(rule.CODE,))
        result = Engine(config).lint(example.code, "example.py")
        assert result.error is None, result.error
        assert [f for f in result.findings if f.code == rule.CODE] == [], f"VALID example flagged:\n{example.code}"
        return
    # Invalid: every rule of the family runs, and the family's findings match the annotations exactly.
    config = _config(example.config, select=(_family(rule.CODE),))
    result = Engine(config).lint(example.code, "example.py")
    assert result.error is None, result.error
    expected = expectations(example.code)
    assert any(code == rule.CODE for _, code in expected), f"INVALID example of {rule.CODE} expects no {rule.CODE}"
    actual = as_counter((f.line, f.code) for f in result.findings)
    assert actual == expected, diff(expected, actual, f"{rule.CODE} INVALID example:\n{example.code}")


FENCE_RE = re.compile(r"```python\n(.*?)```", re.S)


def _doc_blocks(rule: type[Rule], heading: str) -> list[str]:
    doc = inspect.cleandoc(rule.__doc__ or "")
    section = doc.split(heading, 1)[1].split("\n## ", 1)[0]
    return FENCE_RE.findall(section)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.CODE)
def test_doc_examples(rule: type[Rule]) -> None:
    """The docs' Example is flagged by the rule; its Use instead is not."""
    table = next((e.config for e in rule.INVALID if e.config), None)
    config = _config(table, select=(rule.CODE,))
    engine = Engine(config)
    bad = _doc_blocks(rule, "## Example")
    good = _doc_blocks(rule, "## Use instead")
    assert bad and good, f"{rule.CODE}: docs need a python block under Example and under Use instead"
    if rule.RUNTIME:  # the Example stalls (marked # stall) with no static finding; the fix has no stall
        for block in bad:
            assert any(f.code == rule.CODE for f in _runtime_findings(block, "doc_example.py")), block
        for block in good:
            result = engine.lint(block, "doc_fix.py")
            assert result.error is None and "# stall" not in block
        return
    for block in bad:
        result = engine.lint(block, "doc_example.py")
        assert result.error is None, result.error
        assert any(f.code == rule.CODE for f in result.findings), f"{rule.CODE} docs Example not flagged:\n{block}"
    for block in good:
        result = engine.lint(block, "doc_fix.py")
        assert result.error is None, result.error
        assert not [f for f in result.findings if f.code == rule.CODE], f"{rule.CODE} docs fix flagged:\n{block}"
