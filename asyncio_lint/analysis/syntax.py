"""Small facts read straight off the syntax: literal values and call arguments."""

from __future__ import annotations

import libcst as cst


def literal_value(node: cst.BaseExpression) -> object:
    """The value of a simple literal (``False``, ``0``, ``":memory:"``); a sentinel otherwise."""
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, cst.Integer):
        return node.evaluated_value
    if isinstance(node, cst.SimpleString):
        return node.evaluated_value
    return NO_LITERAL


NO_LITERAL = object()


def argument(call: cst.Call, keyword: str, position: int) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position].value if len(positional) > position else None
