"""The rule base class.

A rule is one small class in one module under ``asyncio_lint/rules/``. It declares its code, name,
message template, documentation and examples as data, and reacts to the node types it names:
``visit_Call(self, node)`` runs when the engine's single walk enters a ``libcst.Call``,
``leave_FunctionDef(self, node)`` when it leaves a function. ``self.context`` (a
:class:`asyncio_lint.analysis.context.FileContext`) answers where the walk is (inside a coroutine or
not) and what names mean; ``self.report(node, **params)`` is the rule's only output. Rules never
read files, print, or handle suppression: the engine and front ends do.

Declarations are checked when the class is created, so a broken rule fails at import and never
ships.
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING, Any, ClassVar, Sequence

import libcst as cst

from asyncio_lint.types import Invalid, Valid

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.config import Config

CODE_RE = re.compile(r"^AIO[1-9]\d\d$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOC_HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")


class RuleDeclarationError(TypeError):
    """A rule class is missing a declaration or declares it wrongly."""


class LineOf:
    """A message parameter that renders as the 1-based line of ``node`` once positions are known."""

    __slots__ = ("node",)

    def __init__(self, node: cst.CSTNode) -> None:
        self.node = node


class Rule:
    CODE: ClassVar[str]
    NAME: ClassVar[str]
    MESSAGE: ClassVar[str]
    VALID: ClassVar[Sequence[Valid]]
    INVALID: ClassVar[Sequence[Invalid]]
    # Opinionated rules are off unless selected explicitly.
    DEFAULT_ENABLED: ClassVar[bool] = True
    # Byte strings of which at least one must occur in a file for the rule to be able to fire.
    # The engine skips parsing a file when no selected rule's trigger occurs in it. None: always run.
    TRIGGERS: ClassVar[tuple[bytes, ...] | None] = (b"async",)

    # Filled in by __init_subclass__: node type -> method name, for the engine's dispatch table.
    _visitors: ClassVar[dict[type[cst.CSTNode], str]]
    _leavers: ClassVar[dict[type[cst.CSTNode], str]]

    def __init__(self, context: "FileContext") -> None:
        self.context = context

    def __init_subclass__(cls, abstract: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._visitors = {}
        cls._leavers = {}
        for attr in dir(cls):
            for prefix, table in (("visit_", cls._visitors), ("leave_", cls._leavers)):
                if attr.startswith(prefix):
                    node_type = getattr(cst, attr[len(prefix):], None)
                    if not (isinstance(node_type, type) and issubclass(node_type, cst.CSTNode)):
                        raise RuleDeclarationError(f"{cls.__name__}.{attr}: no libcst node {attr[len(prefix):]}")
                    table[node_type] = attr
        if not abstract:
            _check_declaration(cls)

    @classmethod
    def triggers(cls, config: "Config") -> tuple[bytes, ...] | None:
        """The trigger bytes under ``config`` (override when configuration adds names to look for)."""
        return cls.TRIGGERS

    def report(self, node: cst.CSTNode, message: str | None = None, **params: Any) -> None:
        """Report a finding at ``node``; ``params`` fill the ``MESSAGE`` template."""
        self.context.add_finding(self, node, message, params)


def _check_declaration(cls: type[Rule]) -> None:
    where = f"rule {cls.__module__}.{cls.__name__}"
    for attr in ("CODE", "NAME", "MESSAGE", "VALID", "INVALID"):
        if not hasattr(cls, attr):
            raise RuleDeclarationError(f"{where}: missing {attr}")
    if not CODE_RE.match(cls.CODE):
        raise RuleDeclarationError(f"{where}: CODE {cls.CODE!r} is not AIO + 3 digits")
    if not NAME_RE.match(cls.NAME):
        raise RuleDeclarationError(f"{where}: NAME {cls.NAME!r} is not kebab-case")
    fields = {f for _, f, _, _ in string.Formatter().parse(cls.MESSAGE) if f}
    if not fields and "`" not in cls.MESSAGE:
        raise RuleDeclarationError(f"{where}: MESSAGE must name the code and the fix")
    doc = cls.__doc__ or ""
    for heading in DOC_HEADINGS:
        if heading not in doc:
            raise RuleDeclarationError(f"{where}: docstring lacks the heading {heading!r}")
    if not cls.VALID or not cls.INVALID:
        raise RuleDeclarationError(f"{where}: needs VALID and INVALID examples")
    if not all(isinstance(v, Valid) for v in cls.VALID) or not all(isinstance(i, Invalid) for i in cls.INVALID):
        raise RuleDeclarationError(f"{where}: VALID holds Valid(...), INVALID holds Invalid(...)")
    if not cls._visitors and not cls._leavers:
        raise RuleDeclarationError(f"{where}: visits no node type")
