"""Rule discovery and selection. Every module in ``asyncio_lint.rules`` holds one rule class."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Iterable

from asyncio_lint.codes import selected
from asyncio_lint.rule import Rule, RuleDeclarationError

# Codes that were once used and must never be given to another rule.
RETIRED_CODES: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule, sorted by code. Fails loudly on a duplicate or retired code or name."""
    from asyncio_lint import rules as package

    found: list[type[Rule]] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        classes = [obj for obj in vars(module).values()
                   if isinstance(obj, type) and issubclass(obj, Rule) and obj.__module__ == module.__name__
                   and "CODE" in vars(obj)]
        if len(classes) != 1:
            raise RuleDeclarationError(f"{module.__name__}: expected exactly one rule class, found {len(classes)}")
        rule = classes[0]
        if not info.name.startswith(rule.CODE.lower() + "_"):
            raise RuleDeclarationError(f"{module.__name__}: module name must start with {rule.CODE.lower()}_")
        found.append(rule)
    codes = [r.CODE for r in found]
    names = [r.NAME for r in found]
    for seen, what in ((codes, "code"), (names, "name")):
        dupes = {x for x in seen if seen.count(x) > 1}
        if dupes:
            raise RuleDeclarationError(f"duplicate rule {what}: {', '.join(sorted(dupes))}")
    retired = RETIRED_CODES.intersection(codes)
    if retired:
        raise RuleDeclarationError(f"retired codes reused: {', '.join(sorted(retired))}")
    return tuple(sorted(found, key=lambda r: r.CODE))


def rule_by_code(code: str) -> type[Rule] | None:
    code = code.upper()
    for rule in all_rules():
        if rule.CODE == code or rule.NAME == code.lower():
            return rule
    return None


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = (),
                 extend_select: Iterable[str] = ()) -> tuple[type[Rule], ...]:
    """Rules enabled by one layer of code prefixes, as Ruff does: the more specific prefix wins
    (``codes.selected``). With no ``select``, the default-enabled rules are on; ``extend_select``
    adds to that."""
    return rules_for(selected(select, ignore, extend_select))


def rules_for(codes: Iterable[str]) -> tuple[type[Rule], ...]:
    """The rule classes of these codes, sorted by code."""
    wanted = frozenset(codes)
    return tuple(rule for rule in all_rules() if rule.CODE in wanted)
