"""The shared base of the helper-chain rules (AIO120, AIO220)."""

from __future__ import annotations

from functools import partial

import libcst as cst

from asyncio_lint.analysis.cpu import fix_for
from asyncio_lint.analysis.fixes import offload_fix
from asyncio_lint.analysis.summary import SummaryCollector
from asyncio_lint.codes import CODES
from asyncio_lint.rule import LineOf, Rule


class HelperCallRule(Rule, abstract=True):
    """Reports this file's coroutine calls of helpers that reach a catalogue call of the rule's
    family (codes.py). The summary collector has recorded the calls; the project phase of a CLI run
    adds the findings whose chain crosses files."""

    COLLECTORS = (SummaryCollector,)
    STATEMENT_TRIGGERS = ()  # (a chain starts at a call of a name the module binds)
    # `await asyncio.to_thread(helper, ...)` (a process pool for CPU work that holds the GIL).
    FIX_AVAILABILITY = "sometimes"

    def leave_Module(self, node: cst.Module) -> None:
        collector = self.context.collected(SummaryCollector)
        if collector is None:
            return
        family = CODES[self.CODE].family
        for hit in collector.file_hits():
            if hit.family == family:
                site = collector.nodes[hit.ordinal]
                process = hit.fix == fix_for("process", hit.call)
                self.report(site, **hit.params(LineOf(collector.nodes[hit.target_ordinal])),
                            autofix=partial(offload_fix, call=site, process=process))
