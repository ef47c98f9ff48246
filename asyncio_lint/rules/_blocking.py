"""The shared base of the AIO1xx rules: a catalogue call of the rule's ``KIND`` inside a coroutine."""

from __future__ import annotations

from typing import ClassVar

import libcst as cst

from asyncio_lint.analysis.blocking import blocking_call
from asyncio_lint.rule import Rule


class BlockingCallRule(Rule, abstract=True):
    """Reports a call that the blocking catalogue lists with this rule's ``KIND`` (codes.py
    gives each kind one rule), made in a coroutine; ``FIX`` is the advice when the entry has none."""

    KIND: ClassVar[str]
    FIX: ClassVar[str]

    def visit_Call(self, node: cst.Call) -> None:
        context = self.context
        if not context.in_coroutine:
            return
        found = blocking_call(context, node)
        if found is None:
            return
        name, entry = found
        if entry.kind != self.KIND:
            return
        self.report(node, call=name, fix=self.fix_for(name, entry.fix or self.FIX, node))

    def fix_for(self, name: str, fix: str, call: cst.Call) -> str:
        """The advice for this call (a rule may fit it to the code around the call)."""
        return fix
