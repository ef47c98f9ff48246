"""The rule base class.

A rule is one small class in one module under ``asyncio_lint/rules/``. It declares its code, name,
message template, documentation and examples as data, and reacts to the node types it names:
``visit_Call(self, node)`` runs when the engine's single walk enters a ``libcst.Call``,
``leave_FunctionDef(self, node)`` when it leaves a function. ``self.context`` (a
:class:`asyncio_lint.analysis.context.FileContext`) answers where the walk is (inside a coroutine or
not) and what names mean; ``self.report(node, **params)`` is the rule's only output. Rules never
read files, print, or handle suppression: the engine and front ends do.

A rule that needs facts gathered in the same walk names their collectors in ``COLLECTORS`` and
reads them with ``self.context.collected(...)``.

Declarations are checked when the class is created, so a broken rule fails at import and never
ships: the code and name must be those of ``codes.py``.
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING, Any, ClassVar, Sequence

import libcst as cst

from asyncio_lint.analysis.context import Collector
from asyncio_lint.codes import CODES, CONFIDENCES
from asyncio_lint.tree import DeclarationError, Visitor
from asyncio_lint.types import Invalid, Valid

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.analysis.fixes import FixFunction
    from asyncio_lint.config import Config

CODE_RE = re.compile(r"^AIO[1-9]\d\d$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
DOC_HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead")
FIX_HEADING = "## Fix safety"
# Whether a rule offers fixes: always (for every finding) or sometimes (when the code allows a
# mechanical rewrite); None: never. A rule that fixes documents it under FIX_HEADING.
FIX_AVAILABILITIES = ("always", "sometimes")


class RuleDeclarationError(TypeError):
    """A rule class is missing a declaration or declares it wrongly."""


class LineOf:
    """A message parameter that renders as the 1-based line of ``node`` once positions are known."""

    __slots__ = ("nodes",)

    def __init__(self, node: cst.CSTNode) -> None:
        self.nodes: tuple[cst.CSTNode, ...] = (node,)

    def render(self, lines: list[int]) -> str:
        return str(lines[0])


class LinesOf(LineOf):
    """The lines of several nodes, in words: "line 5", "lines 5 and 9", "lines 5, 9 and 12"."""

    __slots__ = ()

    def __init__(self, nodes: Sequence[cst.CSTNode]) -> None:
        self.nodes = tuple(nodes)

    def render(self, lines: list[int]) -> str:
        unique = sorted(set(lines))
        if len(unique) == 1:
            return f"line {unique[0]}"
        return f"lines {', '.join(map(str, unique[:-1]))} and {unique[-1]}"


class Rule(Visitor):
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
    # Text of which at least one must occur in a top-level def's body for the rule to be able to
    # report anything in it, when that body names nothing the module binds and no builtin (the
    # parser then leaves out such defs of a big module: parse.inert_defs). None: no such promise.
    STATEMENT_TRIGGERS: ClassVar[tuple[str, ...] | None] = None
    # Collectors whose facts the rule reads (``self.context.collected(Kind)``).
    COLLECTORS: ClassVar[tuple[type[Collector], ...]] = ()
    # The confidence of its findings unless ``report(confidence=...)`` says otherwise (codes.CONFIDENCES).
    CONFIDENCE: ClassVar[str] = "likely"
    # A rule whose findings come from a runtime stall report (``check --stalls``), never from the
    # walk: it visits nothing, and its examples mark with ``# stall`` the lines seen stalling.
    RUNTIME: ClassVar[bool] = False
    # The rule does not report code that runs never or once per process (analysis/once.py);
    # its docs say so (docs.RARE_WORDS).
    SKIPS_RARE_CODE: ClassVar[bool] = False
    # "always" / "sometimes" when the rule passes ``autofix=`` to ``report`` (FIX_AVAILABILITIES).
    FIX_AVAILABILITY: ClassVar[str | None] = None
    # Text a family of rules shares at the start of its FIX_HEADING section (docs.rule_doc puts it there).
    FIX_SAFETY: ClassVar[str] = ""

    def __init__(self, context: "FileContext") -> None:
        self.context = context

    def __init_subclass__(cls, abstract: bool = False, **kwargs: Any) -> None:
        try:
            super().__init_subclass__(**kwargs)
        except DeclarationError as exc:
            raise RuleDeclarationError(str(exc)) from None
        if not abstract:
            _check_declaration(cls)

    @classmethod
    def triggers(cls, config: "Config") -> tuple[bytes, ...] | None:
        """The trigger bytes under ``config`` (override when configuration adds names to look for)."""
        return cls.TRIGGERS

    @classmethod
    def statement_triggers(cls, config: "Config") -> tuple[str, ...] | None:
        """The statement triggers under ``config`` (override when configuration adds names)."""
        return cls.STATEMENT_TRIGGERS

    def report(self, node: cst.CSTNode, message: str | None = None, *, confidence: str | None = None,
               autofix: "FixFunction | None" = None, **params: Any) -> None:
        """Report a finding at ``node``; ``params`` fill the ``MESSAGE`` template; ``confidence``
        overrides the rule's ``CONFIDENCE`` for this finding. ``autofix``: a function of an
        ``analysis.fixes.Rewriter`` returning the fix's ``Plan`` (or None when this code cannot
        be rewritten mechanically); the engine calls it only for findings it reports."""
        self.context.add_finding(self, node, message, params, confidence or self.CONFIDENCE, autofix)


def _check_declaration(cls: type[Rule]) -> None:
    where = f"rule {cls.__module__}.{cls.__name__}"
    for attr in ("CODE", "NAME", "MESSAGE", "VALID", "INVALID"):
        if not hasattr(cls, attr):
            raise RuleDeclarationError(f"{where}: missing {attr}")
    if not CODE_RE.match(cls.CODE):
        raise RuleDeclarationError(f"{where}: CODE {cls.CODE!r} is not AIO + 3 digits")
    if not NAME_RE.match(cls.NAME):
        raise RuleDeclarationError(f"{where}: NAME {cls.NAME!r} is not kebab-case")
    entry = CODES.get(cls.CODE)
    if entry is None or entry.status != "rule":
        raise RuleDeclarationError(f"{where}: {cls.CODE} is not a rule code of codes.py")
    if (entry.name, entry.default) != (cls.NAME, cls.DEFAULT_ENABLED):
        raise RuleDeclarationError(f"{where}: NAME / DEFAULT_ENABLED differ from codes.py's {cls.CODE}")
    if entry.message is not None and entry.message != cls.MESSAGE:
        raise RuleDeclarationError(f"{where}: MESSAGE differs from codes.py's {cls.CODE}")
    if entry.runtime != cls.RUNTIME:
        raise RuleDeclarationError(f"{where}: RUNTIME differs from codes.py's {cls.CODE}")
    if entry.kind is not None and getattr(cls, "KIND", None) != entry.kind:
        raise RuleDeclarationError(f"{where}: KIND differs from codes.py's {cls.CODE}")
    fields = {f for _, f, _, _ in string.Formatter().parse(cls.MESSAGE) if f}
    if not fields and "`" not in cls.MESSAGE:
        raise RuleDeclarationError(f"{where}: MESSAGE must name the code and the fix")
    doc = cls.__doc__ or ""
    for heading in DOC_HEADINGS:
        if heading not in doc:
            raise RuleDeclarationError(f"{where}: docstring lacks the heading {heading!r}")
    if cls.FIX_AVAILABILITY is not None and cls.FIX_AVAILABILITY not in FIX_AVAILABILITIES:
        raise RuleDeclarationError(f"{where}: FIX_AVAILABILITY {cls.FIX_AVAILABILITY!r} is not one of "
                                   f"{', '.join(FIX_AVAILABILITIES)} or None")
    if (FIX_HEADING in doc) != (cls.FIX_AVAILABILITY is not None):
        raise RuleDeclarationError(f"{where}: a rule that fixes (FIX_AVAILABILITY) documents it under "
                                   f"{FIX_HEADING!r}, and only such a rule")
    if cls.CONFIDENCE not in CONFIDENCES:
        raise RuleDeclarationError(f"{where}: CONFIDENCE {cls.CONFIDENCE!r} is not one of {', '.join(CONFIDENCES)}")
    if not cls.VALID or not cls.INVALID:
        raise RuleDeclarationError(f"{where}: needs VALID and INVALID examples")
    if not all(isinstance(v, Valid) for v in cls.VALID) or not all(isinstance(i, Invalid) for i in cls.INVALID):
        raise RuleDeclarationError(f"{where}: VALID holds Valid(...), INVALID holds Invalid(...)")
    if cls.RUNTIME:
        if cls.visitors or cls.leavers or cls.TRIGGERS != ():
            raise RuleDeclarationError(f"{where}: a RUNTIME rule visits nothing (TRIGGERS = ())")
    elif not cls.visitors and not cls.leavers:
        raise RuleDeclarationError(f"{where}: visits no node type")
