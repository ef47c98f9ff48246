"""The shared base of the AIO1xx rules: a catalogue call, iteration or ``with`` of the rule's
``KIND`` inside a coroutine."""

from __future__ import annotations

from typing import Any, ClassVar

import libcst as cst

from asyncio_lint.analysis.blocking import Found, blocking_call, blocking_enter, blocking_iteration, consumed_iterable
from asyncio_lint.analysis.fixes import catalogue_fix
from asyncio_lint.analysis.once import in_rare_code
from asyncio_lint.rule import Rule

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


# The Fix safety paragraph of the rules whose fix runs the call in a worker thread.
THREAD_FIX_SAFETY = (
    "The fix runs the call in a worker thread: `f(a, b=c)` becomes\n"
    "`await asyncio.to_thread(f, a, b=c)` (`import asyncio` is added when missing). It is unsafe:\n"
    "the callee then runs in another thread while the loop goes on, so code that is not\n"
    "thread-safe, or an object bound to the thread that made it, can break; the arguments are\n"
    "still evaluated on the loop, as before. No fix is offered where `await` cannot go (a\n"
    "generator expression, a lambda) or where the name `asyncio` means something else.")


class BlockingCallRule(Rule, abstract=True):
    """Reports what the blocking catalogue lists with this rule's ``KIND`` (codes.py gives each
    kind one rule), done in a coroutine: a call, a plain ``for`` (or comprehension, or ``list()``)
    over a lazy cursor or pager, a plain ``with`` on a lock. ``FIX`` is the advice when the entry
    has none. The analysis runs once per node for all the AIO1xx rules (``context.memo``)."""

    KIND: ClassVar[str]
    FIX: ClassVar[str]
    # The async equivalent where it is mechanical, else `await asyncio.to_thread(...)`.
    FIX_AVAILABILITY: ClassVar[str | None] = "sometimes"
    SKIPS_RARE_CODE = True
    # What they report is a catalogue name or type, which only a name of the module or a builtin reaches.
    STATEMENT_TRIGGERS: ClassVar[tuple[str, ...] | None] = ()

    def _found(self, node: cst.CSTNode, kind: str) -> Found | None:
        memo = self.context.memo
        key = (kind, id(node))
        try:
            return memo[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        context = self.context
        found: Found | None = None
        if kind == "call":
            call = blocking_call(context, node)  # type: ignore[arg-type]
            if call is not None:
                memo[("call-name", id(node))] = call[0]  # (what a catalogue fix rewrites)
            found = Found(f"{call[0]}()", call[1]) if call is not None else consumed_iterable(context, node)  # type: ignore[arg-type]
        elif kind == "iteration":
            found = blocking_iteration(context, node)  # type: ignore[arg-type]
        else:
            found = blocking_enter(context, node)  # type: ignore[arg-type]
        memo[key] = found
        return found

    def _report(self, node: cst.CSTNode, found: Found | None, autofix: Any = None, name: str | None = None) -> None:
        if found is not None and found.entry.kind == self.KIND and not in_rare_code(self.context):
            fix = found.entry.fix or self.FIX
            if name is not None and isinstance(node, cst.Call):
                fix = self.fix_for(name, fix, node)
            self.report(node, call=found.name, fix=fix, autofix=autofix)

    def fix_for(self, name: str, fix: str, call: cst.Call) -> str:
        """The advice for a call of ``name`` (a rule may fit it to the code around the call)."""
        return fix

    def visit_Call(self, node: cst.Call) -> None:
        if self.context.on_event_loop:
            found = self._found(node, "call")
            name = self.context.memo.get(("call-name", id(node)))
            self._report(node, found, None if name is None else (lambda rewriter: catalogue_fix(rewriter, node, name)),
                         name)

    def visit_For(self, node: cst.For) -> None:
        if node.asynchronous is None and self.context.on_event_loop:
            self._report(node.iter, self._found(node.iter, "iteration"))

    def visit_CompFor(self, node: cst.CompFor) -> None:
        if node.asynchronous is not None or not self.context.on_event_loop or not self._consumed_here():
            return
        self._report(node.iter, self._found(node.iter, "iteration"))

    def visit_With(self, node: cst.With) -> None:
        if node.asynchronous is None and self.context.on_event_loop:
            for item in node.items:
                self._report(item.item, self._found(item.item, "enter"))

    def _consumed_here(self) -> bool:
        """A list/set/dict comprehension runs now; a generator expression only when something
        iterates it (``list(d for d in cursor)`` is reported by the call instead)."""
        for node in reversed(self.context.parents[:-1]):
            if isinstance(node, _COMPREHENSIONS):
                return not isinstance(node, cst.GeneratorExp)
        return True
