"""Small facts read straight off the syntax: literal values and call arguments."""

from __future__ import annotations

from typing import Callable

import libcst as cst


def literal_value(node: cst.BaseExpression) -> object:
    """The value of a simple literal (``False``, ``0``, ``":memory:"``); a sentinel otherwise."""
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[node.value]
    if isinstance(node, (cst.Integer, cst.Float)):
        return node.evaluated_value
    if isinstance(node, cst.SimpleString):
        return node.evaluated_value
    return NO_LITERAL


NO_LITERAL = object()


def block_exit(body: cst.BaseSuite) -> type | None:
    """``cst.Return`` or ``cst.Raise`` when the block ends by leaving the function that way."""
    statements = body.body if isinstance(body, cst.IndentedBlock) else [body]
    last = statements[-1] if statements else None
    if isinstance(last, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
        kinds = {type(small) for small in last.body} & {cst.Return, cst.Raise}
        return cst.Return if cst.Return in kinds else cst.Raise if kinds else None
    return None


def argument(call: cst.Call, keyword: str, position: int) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg.value
    positional = [a for a in call.args if a.keyword is None and not a.star]
    return positional[position].value if len(positional) > position else None


# ---- sys.version_info guards ----------------------------------------------------------------------
_OPERATORS = {cst.LessThan: "<", cst.LessThanEqual: "<=", cst.GreaterThan: ">", cst.GreaterThanEqual: ">="}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def _version_tuple(node: cst.BaseExpression) -> tuple[int, ...] | None:
    if not isinstance(node, cst.Tuple) or not node.elements:
        return None
    parts = []
    for element in node.elements:
        if not isinstance(element.value, cst.Integer):
            return None
        parts.append(int(element.value.evaluated_value))
    return tuple(parts)


IsVersionInfo = Callable[[cst.BaseExpression], bool]


def _is_version_info(node: cst.BaseExpression, is_name: IsVersionInfo) -> bool:
    if isinstance(node, cst.Subscript):  # sys.version_info[:2]
        node = node.value
    return is_name(node)


def version_test(test: cst.BaseExpression, is_version_info: IsVersionInfo) -> tuple[str, tuple[int, ...]] | None:
    """``(operator, version)`` of a ``sys.version_info < (3, 12)`` test (either side), else None.
    ``is_version_info(expr)`` says whether ``expr`` denotes ``sys.version_info``."""
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return None
    comparison = test.comparisons[0]
    kind = type(comparison.operator)
    if kind not in _OPERATORS:
        return None
    if _is_version_info(test.left, is_version_info):
        version = _version_tuple(comparison.comparator)
        return (_OPERATORS[kind], version) if version is not None else None
    if _is_version_info(comparison.comparator, is_version_info):
        version = _version_tuple(test.left)
        flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[_OPERATORS[kind]]
        return (flipped, version) if version is not None else None
    return None


def runs_only_before(parents: list[cst.CSTNode], version: tuple[int, ...], is_version_info: IsVersionInfo) -> bool:
    """True when the innermost node of ``parents`` (a path from the module down) only runs on Python
    versions older than ``version``: inside ``if sys.version_info < (3, 12):``, or the ``else`` of
    ``if sys.version_info >= (3, 12):``, with a bound no newer than ``version``."""
    for index in range(len(parents) - 1):
        node, child = parents[index], parents[index + 1]
        if not isinstance(node, cst.If):
            continue
        found = version_test(node.test, is_version_info)
        if found is None:
            continue
        operator, bound = found
        if child is not node.body:
            if child is node.orelse:  # ``else:`` or ``elif``
                operator = _NEGATED[operator]
            else:
                continue
        if (operator == "<" and bound <= version) or (operator == "<=" and bound < version):
            return True
    return False
