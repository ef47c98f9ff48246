"""Positions for just the nodes that became findings.

libcst's PositionProvider records a range for every node of the module, which costs about twice the
parse. Findings are rare (about one per 2,000 lines of real code), so this runs libcst's own code
generator with a state that tracks only the line and column, records ranges only for the wanted
nodes (and the children their ranges are hoisted from), keeps no generated text, and stops as soon
as the last wanted node is done. The ranges are exactly PositionProvider's (1-based lines, 0-based
columns, syntactic start and end).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterable, Iterator, Optional

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst._position import CodePosition, CodeRange


class _Done(Exception):
    pass


class _State(CodegenState):
    def __init__(self, module: cst.Module, wanted: set[cst.CSTNode], first_line: int = 1) -> None:
        super().__init__(default_indent=module.default_indent, default_newline=module.default_newline)
        self.line = first_line
        self.column = 0
        self.wanted = wanted
        self.remaining = len(wanted)
        self.ranges: dict[cst.CSTNode, CodeRange] = {}
        self.starts: dict[cst.CSTNode, CodePosition] = {}

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        if "\n" not in value and "\r" not in value:
            self.column += len(value)
            return
        normalised = value.replace("\r\n", "\n").replace("\r", "\n")
        self.line += normalised.count("\n")
        self.column = len(normalised) - normalised.rfind("\n") - 1

    def pop_trailing_newline(self) -> None:
        pass

    # Nodes without a syntactic range (whitespace, some tokens) get the whitespace-inclusive one,
    # as PositionProvider gives them.
    def before_codegen(self, node: cst.CSTNode) -> None:
        if node in self.wanted:
            self.starts[node] = CodePosition(self.line, self.column)

    def after_codegen(self, node: cst.CSTNode) -> None:
        if node in self.wanted and node not in self.ranges:
            self._record(node, CodeRange(self.starts[node], CodePosition(self.line, self.column)))

    def _record(self, node: cst.CSTNode, span: CodeRange) -> None:
        self.ranges[node] = span
        self.remaining -= 1
        if self.remaining <= 0:
            raise _Done

    @contextmanager
    def record_syntactic_position(self, node: cst.CSTNode, *, start_node: Optional[cst.CSTNode] = None,
                                  end_node: Optional[cst.CSTNode] = None) -> Iterator[None]:
        if node not in self.wanted:
            yield
            return
        # The range may be hoisted from children: make sure theirs are recorded too.
        for child in (start_node, end_node):
            if child is not None and child not in self.wanted:
                self.wanted.add(child)
                self.remaining += 1
        start = CodePosition(self.line, self.column)
        yield
        end = CodePosition(self.line, self.column)
        if start_node is not None and start_node in self.ranges:
            start = self.ranges[start_node].start
        if end_node is not None and end_node in self.ranges:
            end = self.ranges[end_node].end
        if node not in self.ranges:
            self._record(node, CodeRange(start, end))


def positions(module: cst.Module, nodes: Iterable[cst.CSTNode], first_line: int = 1
              ) -> dict[cst.CSTNode, CodeRange]:
    """The syntactic ranges of ``nodes`` (which must belong to ``module``, whose first line is
    ``first_line`` of the file: a piece of a bigger module)."""
    wanted = set(nodes)
    state = _State(module, wanted, first_line)
    if not wanted:
        return {}
    try:
        module._codegen(state)
    except _Done:
        pass
    return state.ranges
