"""CPU-bound work on the event loop: the analyses the AIO2xx rules share (the catalogue of
CPU-bound calls is in ``analysis/data/cpu.py``).

A coroutine that computes for 200 ms stalls every other connection for 200 ms. The AIO2xx rules
flag only work that is *known* to be heavy, because a linter that flags every loop is switched off
within a day:

* AIO201 (cpu-bound-call): a call of the CPU catalogue (password hashing and key derivation,
  one-shot compression), plus the project's ``extend-cpu-bound-calls``; also a call of a sync
  function of the same file whose body makes such a call.
* AIO202 (heavy-loop): a loop with no suspension point whose cost is visible in the source: a
  ``range()`` with a constant bound that makes at least :data:`HEAVY_UNITS` units of work (an
  iteration of a cheap body costs 1 unit, of any other body 10), a pairwise loop over the same
  input of unknown size (quadratic), or a loop whose body calls a catalogue function.
* AIO203 (busy-wait): a ``while`` loop with no suspension point and no work in its body whose exit
  depends on state only another task, a thread, or the clock can change.

Each catalogue entry says which offloading fits: ``thread`` for work that releases the GIL
(``await asyncio.to_thread(...)``), ``process`` for work that holds it
(``loop.run_in_executor(ProcessPoolExecutor(), ...)``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator, cast

import libcst as cst

from asyncio_lint.analysis.context import Collector
from asyncio_lint.analysis.data.cpu import PROCESS_FIX, THREAD_FIX, CpuBound
from asyncio_lint.tree import child_nodes

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext


def fix_for(entry_fix: str, func: str) -> str:
    return (THREAD_FIX if entry_fix == "thread" else PROCESS_FIX).format(func=func)


# ---- tree helpers --------------------------------------------------------------------------------
_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node under ``node`` (itself included) that runs in the same scope: no nested def,
    lambda or class body (of a def or lambda given itself, only its body). Skips whitespace and
    punctuation (the engine's walk: ``child_nodes``); the
    ``asynchronous`` marker of a For/With/CompFor stays readable on the node itself."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current is not node and isinstance(current, _SCOPES):
            continue
        stack.extend(reversed(child_nodes(current)))


def repeated_parts(loop: cst.CSTNode) -> list[cst.CSTNode]:
    """The parts of a loop that run on every iteration."""
    if isinstance(loop, cst.For):
        return [loop.body]
    if isinstance(loop, cst.While):
        return [loop.test, loop.body]
    # comprehension: everything but the outermost iterable
    parts: list[cst.CSTNode] = []
    if isinstance(loop, cst.DictComp):
        parts += [loop.key, loop.value]
    else:
        parts.append(loop.elt)  # type: ignore[attr-defined]
    comp: cst.CompFor | None = loop.for_in  # type: ignore[attr-defined]
    first = True
    while comp is not None:
        if comp.asynchronous is not None:
            parts.append(comp)  # async for: a suspension point
        if not first:
            parts.append(comp.iter)
        parts.append(comp.target)
        parts.extend(comp.ifs)
        first = False
        comp = comp.inner_for_in
    return parts


def _is_suspension(node: cst.CSTNode) -> bool:
    if isinstance(node, (cst.Await, cst.Yield)):
        return True
    if isinstance(node, (cst.For, cst.With, cst.CompFor)):
        return node.asynchronous is not None
    return False


def suspends(context: "FileContext", loop: cst.CSTNode) -> bool:
    """True when an iteration of ``loop`` contains a suspension point (await, async for/with, yield)."""
    memo = context.memo.setdefault("cpu.suspends", {})
    key = id(loop)
    found = memo.get(key)
    if found is None:
        found = any(_is_suspension(n) for part in repeated_parts(loop) for n in walk(part)
                    if not isinstance(n, _SCOPES) or n is part)
        memo[key] = found
    return found


# ---- constants and cheap code --------------------------------------------------------------------
def constant_int(node: cst.CSTNode, context: "FileContext | None" = None, depth: int = 0) -> int | None:
    """The value of an integer constant expression (``100_000``, ``10**6``, ``2 << 20``,
    a module-level ``N = 1_000_000``), else None."""
    if depth > 4:
        return None
    if isinstance(node, cst.Integer):
        try:
            return int(node.value.replace("_", ""), 0)
        except ValueError:
            return None
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        value = constant_int(node.expression, context, depth + 1)
        return -value if value is not None else None
    if isinstance(node, cst.BinaryOperation):
        left = constant_int(node.left, context, depth + 1)
        right = constant_int(node.right, context, depth + 1) if left is not None else None
        if left is None or right is None:
            return None
        op = node.operator
        if isinstance(op, cst.Add):
            return left + right
        if isinstance(op, cst.Subtract):
            return left - right
        if isinstance(op, cst.Multiply):
            return left * right
        if isinstance(op, cst.Power) and 0 <= right <= 64:
            return left ** right
        if isinstance(op, cst.LeftShift) and 0 <= right <= 64:
            return left << right
        if isinstance(op, cst.FloorDivide) and right:
            return left // right
        return None
    if isinstance(node, cst.Name) and context is not None and node.value.isupper():
        bound = context.module_scope.bindings().get(node.value)
        assigned = bound[0].expression if bound is not None and len(bound) == 1 else None
        if assigned is not None:
            return constant_int(assigned, context, depth + 1)
    return None


def range_iterations(call: cst.CSTNode, context: "FileContext") -> int | None:
    """Iterations of ``range(...)`` with constant arguments, else None."""
    if not (isinstance(call, cst.Call) and context.qualified_name(call.func) == "builtins.range"):
        return None
    args = [a for a in call.args if a.keyword is None and not a.star]
    if not 1 <= len(args) <= 3 or len(args) != len(call.args):
        return None
    constants = [constant_int(a.value, context) for a in args]
    values = [v for v in constants if v is not None]
    if len(values) != len(constants):
        return None
    if len(values) == 1:
        start, stop, step = 0, values[0], 1
    else:
        start, stop = values[0], values[1]
        step = values[2] if len(values) == 3 else 1
    if not step:
        return None
    return max(0, (stop - start + step - (1 if step > 0 else -1)) // step)


CHEAP_METHODS = frozenset("""
append appendleft add extend get setdefault pop popleft discard items keys values copy clear
startswith endswith strip lstrip rstrip lower upper casefold title capitalize split rsplit splitlines
partition rpartition replace encode decode format join isdigit isalpha isalnum isspace isupper
islower isidentifier isdecimal isnumeric find rfind index rindex count ljust rjust center zfill
removeprefix removesuffix hex to_bytes from_bytes group groups
""".split())
CHEAP_BUILTINS = frozenset("""
len str int float bool bytes isinstance issubclass abs ord chr id repr getattr hasattr setattr
min max round divmod hash callable type
""".split())

_LITERALS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.Ellipsis)


def cheap_expr(node: cst.CSTNode, context: "FileContext") -> bool:
    """An expression that costs a few bytecodes: names, attributes, literals, operators, and calls of
    :data:`CHEAP_METHODS` / :data:`CHEAP_BUILTINS` with cheap arguments."""
    if isinstance(node, (cst.Name, *_LITERALS)):
        return True
    if isinstance(node, cst.Attribute):
        return cheap_expr(node.value, context)
    if isinstance(node, cst.ConcatenatedString):
        return cheap_expr(node.left, context) and cheap_expr(node.right, context)
    if isinstance(node, cst.FormattedString):
        return all(cheap_expr(p.expression, context) for p in node.parts
                   if isinstance(p, cst.FormattedStringExpression))
    if isinstance(node, cst.Subscript):
        return cheap_expr(node.value, context) and all(_cheap_slice(e.slice, context) for e in node.slice)
    if isinstance(node, cst.UnaryOperation):
        return cheap_expr(node.expression, context)
    if isinstance(node, cst.BinaryOperation):
        return not isinstance(node.operator, cst.Power) and cheap_expr(node.left, context) and cheap_expr(node.right, context)
    if isinstance(node, cst.BooleanOperation):
        return cheap_expr(node.left, context) and cheap_expr(node.right, context)
    if isinstance(node, cst.Comparison):
        return cheap_expr(node.left, context) and all(cheap_expr(c.comparator, context) for c in node.comparisons)
    if isinstance(node, cst.IfExp):
        return all(cheap_expr(x, context) for x in (node.test, node.body, node.orelse))
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return all(cheap_expr(e.value, context) for e in node.elements)
    if isinstance(node, cst.Dict):
        return all(cheap_expr(e.key, context) and cheap_expr(e.value, context) if isinstance(e, cst.DictElement)
                   else cheap_expr(e.value, context) for e in node.elements)
    if isinstance(node, cst.NamedExpr):
        return cheap_expr(node.value, context)
    if isinstance(node, cst.Call):
        if not all(cheap_expr(a.value, context) for a in node.args):
            return False
        func = node.func
        if isinstance(func, cst.Attribute):
            return func.attr.value in CHEAP_METHODS and cheap_expr(func.value, context)
        if isinstance(func, cst.Name) and func.value in CHEAP_BUILTINS:
            return context.qualified_name(func) == f"builtins.{func.value}"
    return False


def _cheap_slice(slice_: cst.BaseSlice, context: "FileContext") -> bool:
    if isinstance(slice_, cst.Index):
        return cheap_expr(slice_.value, context)
    bounds = cast(cst.Slice, slice_)  # libcst's only other BaseSlice
    return all(cheap_expr(x, context) for x in (bounds.lower, bounds.upper, bounds.step) if x is not None)


def cheap_block(body: cst.CSTNode, context: "FileContext") -> bool:
    """A loop body made only of cheap statements: assignments, appends, string methods, ``if``."""
    if isinstance(body, cst.IndentedBlock):
        return all(cheap_block(s, context) for s in body.body)
    if isinstance(body, (cst.SimpleStatementSuite, cst.SimpleStatementLine)):
        return all(_cheap_small(s, context) for s in body.body)
    if isinstance(body, cst.If):
        return cheap_expr(body.test, context) and cheap_block(body.body, context) and (
            body.orelse is None or cheap_block(body.orelse, context))
    if isinstance(body, cst.Else):
        return cheap_block(body.body, context)
    return False


def _cheap_small(stmt: cst.CSTNode, context: "FileContext") -> bool:
    if isinstance(stmt, (cst.Pass, cst.Continue, cst.Break)):
        return True
    if isinstance(stmt, (cst.Expr, cst.AugAssign, cst.Assign)):
        return cheap_expr(stmt.value, context)
    if isinstance(stmt, cst.AnnAssign):
        return stmt.value is None or cheap_expr(stmt.value, context)
    if isinstance(stmt, (cst.Return, cst.Raise)):
        value = stmt.value if isinstance(stmt, cst.Return) else stmt.exc
        return value is None or cheap_expr(value, context)
    return False


# ---- arithmetic and string work -------------------------------------------------------------------
MATH_MODULES = ("math.", "cmath.", "operator.")
_ARITHMETIC = (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.Power,
               cst.MatrixMultiply, cst.LeftShift, cst.RightShift, cst.BitAnd, cst.BitOr, cst.BitXor)
_STRING_METHODS = CHEAP_METHODS - frozenset({"append", "appendleft", "add", "extend", "get", "setdefault", "pop",
                                              "popleft", "discard", "items", "keys", "values", "copy", "clear",
                                              "startswith", "endswith", "isdigit", "isalpha", "isalnum", "isspace",
                                              "isupper", "islower", "isidentifier", "isdecimal", "isnumeric",
                                              "group", "groups"})
# Builtins that compute (a look-up or a test such as ``len``, ``getattr``, ``isinstance`` is no work).
_COMPUTING_BUILTINS = frozenset({"abs", "min", "max", "round", "divmod", "pow", "sum", "ord", "chr", "hash"})


def work_units(node: cst.CSTNode, context: "FileContext") -> int | None:
    """How many arithmetic or string operations ``node`` (an expression or a loop body) does:
    arithmetic operators, ``min``/``abs``/``math.*``, string methods that build or search
    (``lower``, ``find``, ``split``, ``join``) and f-strings; look-ups, comparisons, tests,
    assignments, ``if`` and appends are allowed around them but are no work. None when it calls
    anything else (its cost is then unknown) or holds a statement of another kind."""
    if isinstance(node, (cst.IndentedBlock, cst.SimpleStatementSuite, cst.SimpleStatementLine)):
        total = 0
        for stmt in node.body:
            units = work_units(stmt, context)
            if units is None:
                return None
            total += units
        return total
    if isinstance(node, cst.If):
        parts = [node.test, node.body] + ([node.orelse] if node.orelse is not None else [])
        return _sum(parts, context)
    if isinstance(node, cst.Else):
        return work_units(node.body, context)
    if isinstance(node, (cst.Pass, cst.Continue, cst.Break)):
        return 0
    if isinstance(node, cst.AugAssign):
        value = work_units(node.value, context)
        return None if value is None else value + 1
    if isinstance(node, (cst.Assign, cst.Expr)):
        return work_units(node.value, context)
    if isinstance(node, cst.AnnAssign):
        return 0 if node.value is None else work_units(node.value, context)
    if isinstance(node, (cst.Name, *_LITERALS)):
        return 0
    if isinstance(node, cst.Attribute):
        return work_units(node.value, context)
    if isinstance(node, cst.Subscript):
        return _sum([node.value, *(e.slice for e in node.slice)], context)
    if isinstance(node, cst.Index):
        return work_units(node.value, context)
    if isinstance(node, cst.Slice):
        return _sum([x for x in (node.lower, node.upper, node.step) if x is not None], context)
    if isinstance(node, cst.BinaryOperation):
        inner = _sum([node.left, node.right], context)
        return None if inner is None else inner + (1 if isinstance(node.operator, _ARITHMETIC) else 0)
    if isinstance(node, cst.UnaryOperation):
        return work_units(node.expression, context)
    if isinstance(node, cst.BooleanOperation):
        return _sum([node.left, node.right], context)
    if isinstance(node, cst.Comparison):
        return _sum([node.left, *(c.comparator for c in node.comparisons)], context)
    if isinstance(node, cst.IfExp):
        return _sum([node.test, node.body, node.orelse], context)
    if isinstance(node, (cst.Tuple, cst.List)):
        return _sum([e.value for e in node.elements], context)
    if isinstance(node, cst.FormattedString):
        inner = _sum([p.expression for p in node.parts if isinstance(p, cst.FormattedStringExpression)], context)
        return None if inner is None else inner + 1
    if isinstance(node, cst.ConcatenatedString):
        return _sum([node.left, node.right], context)
    if isinstance(node, cst.Call):
        args = _sum([a.value for a in node.args], context)
        if args is None:
            return None
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in CHEAP_METHODS:
            receiver = work_units(func.value, context)
            if receiver is None:
                return None
            return args + receiver + (1 if func.attr.value in _STRING_METHODS else 0)
        name = context.qualified_name(func)
        if name is not None and name.startswith(MATH_MODULES):
            return args + 1
        if name is not None and name.startswith("builtins.") and name[9:] in CHEAP_BUILTINS:
            return args + (1 if name[9:] in _COMPUTING_BUILTINS else 0)
    return None


def _sum(nodes: list[cst.CSTNode], context: "FileContext") -> int | None:
    total = 0
    for node in nodes:
        units = work_units(node, context)
        if units is None:
            return None
        total += units
    return total


# ---- CPU-bound calls, directly or through a sync helper of the same file ------------------------
class CatalogueImports(Collector):
    """Whether the file has imported a catalogue module yet: files that import none skip the
    CPU-call analysis entirely (imports are visited before the code that uses them, except a
    module-level import placed after the coroutine)."""

    STATEMENT_TRIGGERS = ()  # (an import is never in a def left out)

    def __init__(self, context: "FileContext") -> None:
        super().__init__(context)
        self.roots = context.catalogue.cpu_roots
        self.seen = False

    def visit_Import(self, node: cst.Import) -> None:
        if not self.seen:
            self.seen = any(self._in_catalogue(alias.name) for alias in node.names)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if not self.seen and not node.relative and node.module is not None:
            self.seen = self._in_catalogue(node.module)

    def _in_catalogue(self, name: cst.BaseExpression) -> bool:
        head = name
        while isinstance(head, cst.Attribute):
            head = head.value
        return isinstance(head, cst.Name) and head.value in self.roots


def may_call_catalogue(context: "FileContext") -> bool:
    """False while the file has imported no catalogue module (see :class:`CatalogueImports`)."""
    imports = context.collected(CatalogueImports)
    return imports is not None and imports.seen


def cpu_call(context: "FileContext", call: cst.Call) -> tuple[str, CpuBound] | None:
    """``(qualified name, entry)`` when ``call`` is a catalogue call, else None."""
    name = context.call_name(call)
    if name is None:
        return None
    entry = context.catalogue.cpu.get(name)
    return (name, entry) if entry is not None else None


