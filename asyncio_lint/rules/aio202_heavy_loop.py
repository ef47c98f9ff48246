from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from asyncio_lint.analysis.cpu import (
    COMPREHENSIONS, CatalogueImports, cheap_block, cheap_expr, cpu_call, may_call_catalogue, range_iterations,
    repeated_parts, suspends, walk, work_units,
)
from asyncio_lint.analysis.names import Scope, dotted_name
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext

# An iteration of a cheap body costs 1 unit, of any other body 10; a loop is heavy from this many
# units on: 100,000 iterations of real work, or 1,000,000 of appends and assignments (tens of ms).
HEAVY_UNITS = 1_000_000
CHEAP, WORK = 1, 10

PROCESS_FIX = ("move it into a function and run that with "
               "`await loop.run_in_executor(ProcessPoolExecutor(), func)` (pure Python holds the GIL, "
               "so a thread would still stall the loop)")
THREAD_FIX = ("move the whole loop into a function and run it with `await asyncio.to_thread(func)` "
              "(`{call}` releases the GIL)")

_SIZE_PRESERVING = frozenset({"builtins.enumerate", "builtins.reversed", "builtins.sorted", "builtins.list",
                              "builtins.tuple", "builtins.set", "builtins.iter", "builtins.zip"})
_VIEWS = frozenset({"items", "keys", "values"})
_DISPLAYS = (cst.Tuple, cst.List, cst.Set, cst.Dict, cst.SimpleString, cst.ConcatenatedString)
_REDUCERS = frozenset({"builtins.sum", "builtins.min", "builtins.max", "builtins.any", "builtins.all",
                       "builtins.list", "builtins.tuple", "builtins.set", "builtins.sorted", "math.prod",
                       "math.fsum"})


class HeavyLoop(Rule):
    """
    ## What it does
    Flags a loop or comprehension inside a coroutine that never suspends (no `await`, `async for`,
    `async with` or `yield` in it) and whose cost is visible in the source:

    - a `range()` with constant bounds (literals, `10**6`, or a module-level `UPPER_CASE` constant)
      that adds up to 1,000,000 *units*, where an iteration of a cheap body (assignments, appends,
      attribute access, string methods, `len`/`isinstance`, `if`) costs 1 unit and of any other
      body 10: `range(100_000)` doing real work, or `range(1_000_000)` appending; nested constant
      ranges multiply;
    - a pairwise loop over the same input of unknown size (`for a in items: for b in items:`,
      `range(len(xs))` inside `range(len(xs))`, `[f(a, b) for a in xs for b in xs]`): its cost is
      quadratic in the input, so 3,000 items mean 9 million iterations;
    - a loop whose body calls a function of the AIO201 catalogue (password hashing, compression):
      the stall is multiplied by the number of items (AIO201 also flags the call itself);
    - a nest of loops over inputs of unknown size whose body is arithmetic or string-building and
      nothing else: `for i in range(len(a)): for j in range(len(b)): d[i][j] = min(...)` (edit
      distance), `for i in range(2, n): for j in range(2, int(i ** 0.5) + 1):` (n·√n),
      `for x in xs: for y in ys: total += x * y`, a matrix product in nested comprehensions: the
      sizes multiply.

    "Heavy" means only that. Not flagged: loops that suspend; loops over small constant ranges;
    nested loops whose inner loop walks the outer item (`for row in rows: for cell in row:`, or
    `range(len(parts))` of a `parts` computed from the outer item: linear in the input); nested
    loops over two *different* inputs whose body only looks things up, tests or compares
    (`if user.group_id == group.id:`), calls other functions, or builds pairs (usually a handful
    of headers or handlers each — the source does not say how big they are, and a linter that
    flags every nested loop is switched off within a day); `while` loops whose trip count is
    unknown; loops inside a sync function (including one passed to `asyncio.to_thread`,
    `run_in_executor` or `executor.submit`).

    Confidence: *certain* for constant bounds (the cost is in the source), *likely* for a
    catalogue call in a loop, *style* (not reported by default) for pairwise and nested loops whose
    cost grows with inputs the source does not size: on real applications most were over a handful
    of items (the Wi-Fi networks of one router), so they are opt-in with `min-confidence = "style"`
    or by selecting `AIO202` by its code.

    ## Why is this bad?
    A coroutine that computes for 200 ms stalls every other connection for 200 ms: the loop runs
    to the end before any other task, timer or I/O callback gets the thread. Pure Python holds
    the GIL, so offloading it to a thread still slows the loop; a process pool does not.

    ## Example
    ```python
    async def dedupe(records):
        return [a for a in records for b in records if a is not b and a.key == b.key]
    ```

    ## Use instead
    ```python
    import asyncio
    from concurrent.futures import ProcessPoolExecutor

    def find_duplicates(records):
        return [a for a in records for b in records if a is not b and a.key == b.key]

    async def dedupe(records):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(ProcessPoolExecutor(), find_duplicates, records)
    ```
    """

    CODE = "AIO202"
    NAME = "heavy-loop"
    MESSAGE = "{what} runs on the event loop with no `await` inside and stalls every other task until it ends; {fix}"
    TRIGGERS = (b"async",)
    COLLECTORS = (CatalogueImports,)
    STATEMENT_TRIGGERS = ("for", "while")  # (comprehensions too)
    VALID = [
        Valid("async def f():\n    return [i * i for i in range(1000)]\n"),
        Valid("async def f(out):\n    for i in range(100_000):\n        out.append(i)\n"),
        Valid("import asyncio\nasync def f():\n    for i in range(1_000_000):\n        step(i)\n"
              "        if i % 1000 == 0:\n            await asyncio.sleep(0)\n"),
        Valid("async def f(rows):\n    return [cell.strip() for row in rows for cell in row]\n"),
        Valid("async def f(users, groups):\n    for u in users:\n        for g in groups:\n            check(u, g)\n"),
        Valid("async def f():\n    def work():\n        return sum(i * i for i in range(10**7))\n    return work\n"),
        Valid("import asyncio\nasync def f(items):\n    for a in items:\n        for b in items:\n"
              "            await compare(a, b)\n"),
    ]
    INVALID = [
        Invalid("async def f():\n    return sum(i * i for i in range(10**7))  # expect: AIO202\n"),
        Invalid("N = 200_000\nasync def f(out):\n    for i in range(N):  # expect: AIO202\n        out.append(compute(i))\n"),
        Invalid("async def f(items):\n    for a in items:  # expect: AIO202\n        for b in items:\n"
                "            if a.key == b.key:\n                yield_dupe(a, b)\n"),
        Invalid("async def f(xs):\n    return [(a, b) for a in xs for b in xs]  # expect: AIO202\n"),
        Invalid("import zlib\nasync def f(blobs):\n    return [zlib.compress(b) for b in blobs]  # expect: AIO202, AIO201\n"),
    ]

    def visit_For(self, node: cst.For) -> None:
        self._check(node)

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._check(node)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self._check(node)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self._check(node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._check(node)

    def visit_While(self, node: cst.While) -> None:
        self._check(node)

    # -------------------------------------------------------------------------------------------
    def _check(self, node: cst.CSTNode) -> None:
        context = self.context
        if not context.on_event_loop:
            return
        reported = context.memo.setdefault("aio202.reported", set())
        if reported and any(id(p) in reported for p in context.parents[:-1]):
            return
        if isinstance(node, cst.For) and node.asynchronous is not None:
            return
        if suspends(context, node):
            return
        found = self._heavy(node)
        if found is None:
            return
        reported.add(id(node))
        what, fix, confidence = found
        self.report(node, what=what, fix=fix, confidence=confidence)

    def _heavy(self, node: cst.CSTNode) -> tuple[str, str, str] | None:
        """(what is heavy, the fix, the confidence): *certain* for constant bounds (the cost is in
        the source), *likely* for a catalogue call repeated, *style* where the cost grows with
        inputs whose size the source does not show (opt-in: on real code they were mostly small)."""
        context = self.context
        # 1. a loop body that calls a catalogue function
        for part in repeated_parts(node) if may_call_catalogue(context) else ():
            for inner in walk(part):
                if isinstance(inner, cst.Call):
                    found = cpu_call(context, inner)
                    if found is not None:
                        name, entry = found
                        fix = THREAD_FIX.format(call=f"{name}()") if entry.fix == "thread" else PROCESS_FIX
                        return f"a loop calling `{name}()` ({entry.what}) on every iteration", fix, "likely"
        if isinstance(node, cst.While):
            return None
        # 2. constant ranges
        units = self._units(node, 0)
        if units is not None and units[0] >= HEAVY_UNITS:
            return f"a loop of {units[1]:,} iterations (constant `range()` bounds)", PROCESS_FIX, "certain"
        # 3. pairwise over the same input
        pair = self._pairwise(node)
        if pair is not None:
            return f"a pairwise loop over `{pair}` (quadratic in its size)", PROCESS_FIX, "style"
        # 4. nested loops over inputs of unknown size whose body is arithmetic or string work
        nest = self._nested_work(node)
        if nest is not None:
            return (f"a nested loop over {' × '.join(nest)} that computes on every iteration "
                    "(their sizes multiply)"), PROCESS_FIX, "style"
        return None

    # -- nested loops of arithmetic -----------------------------------------------------------------
    def _extent(self, iterable: cst.CSTNode, outer: set[str], outer_index: bool) -> str | None:
        """How a loop over ``iterable`` inside loops binding ``outer`` scales, in words (its source),
        when its size is unknown and not that of an outer item: ``range(len(b))``, ``range(n)``,
        ``items``; ``range(i)`` / ``range(int(i ** 0.5))`` count when the outer loop is an index
        range too (triangular, n·√n). None: constant, a display, or walking an outer item
        (``for cell in row``, ``range(len(row))``: linear in the input)."""
        context = self.context
        if range_iterations(iterable, context) is not None:
            return None
        text = f"`{context.code_of(iterable)}`"
        if isinstance(iterable, cst.Call) and context.qualified_name(iterable.func) == "builtins.range":
            args = [a.value for a in iterable.args if a.keyword is None and not a.star]
            if not args or len(args) != len(iterable.args):
                return None
            stop = args[1] if len(args) >= 2 else args[0]
            names = _names(stop)
            for inner in walk(stop):
                if isinstance(inner, cst.Call) and context.qualified_name(inner.func) == "builtins.len" \
                        and _names(inner) & outer:
                    return None  # ``range(len(row))``: the items of an outer item
            if names & outer:
                return text if outer_index else None
            return text
        key = self._size_key(iterable)
        if key is None or _root(key) in outer or _names(iterable) & outer:
            return None
        return text

    def _nested_work(self, node: cst.CSTNode) -> list[str] | None:
        """The loops of a nest over unknown sizes (outermost first) whose innermost work is
        arithmetic or string operations and nothing else, when there are at least two."""
        if isinstance(node, cst.For):
            first = self._extent(node.iter, set(), False)
            if first is None:
                return None
            found = self._nest(node.body, _names(node.target), _is_range(node.iter, self.context))
            if found is None or (node.orelse is not None and self._nest(node.orelse.body, set(), False) is None):
                return None
            units, inner = found
            return [first, *inner] if inner and units > 0 else None
        if isinstance(node, COMPREHENSIONS):
            found = self._comprehension(node, set(), False)
            if found is None:
                return None
            units, extents = found
            return extents if len(extents) >= 2 and units > 0 else None
        return None

    def _comprehension(self, node: cst.CSTNode, outer: set[str], index: bool) -> tuple[int, list[str]] | None:
        """(work units, loops over unknown sizes) of a comprehension, nested ones included."""
        extents: list[str] = []
        outer = set(outer)
        parts: list[cst.CSTNode] = [node.key, node.value] if isinstance(node, cst.DictComp) else [node.elt]  # type: ignore[attr-defined]
        comp: cst.CompFor | None = node.for_in  # type: ignore[attr-defined]
        while comp is not None:
            if comp.asynchronous is not None:
                return None
            extent = self._extent(comp.iter, outer, index)
            if extent is None and range_iterations(comp.iter, self.context) is None:
                return None
            if extent is not None:
                extents.append(extent)
            index = _is_range(comp.iter, self.context)
            outer |= _names(comp.target)
            parts.extend(comp.ifs)
            comp = comp.inner_for_in
        units = 0
        for part in parts:
            found = self._expression(part, outer, index)
            if found is None:
                return None
            units += found[0]
            extents += found[1]
        return units, extents

    def _expression(self, expr: cst.CSTNode, outer: set[str], index: bool) -> tuple[int, list[str]] | None:
        """An expression of a loop body: arithmetic, or a comprehension of arithmetic (also under
        ``sum()``/``min()``/``max()``...)."""
        if isinstance(expr, COMPREHENSIONS):
            return self._comprehension(expr, outer, index)
        if isinstance(expr, cst.Call) and len(expr.args) == 1 and isinstance(expr.args[0].value, COMPREHENSIONS) \
                and self.context.qualified_name(expr.func) in _REDUCERS:
            return self._comprehension(expr.args[0].value, outer, index)
        units = work_units(expr, self.context)
        return None if units is None else (units, [])

    def _nest(self, body: cst.CSTNode, outer: set[str], outer_index: bool) -> tuple[int, list[str]] | None:
        """(work units, inner loops over unknown sizes) of a loop body made of arithmetic, string
        work and further such loops; None when it does anything else."""
        statements = body.body if isinstance(body, (cst.IndentedBlock, cst.SimpleStatementSuite,
                                                    cst.SimpleStatementLine)) else [body]
        units, extents = 0, []
        outer = set(outer)
        for stmt in statements:
            # a local computed from the outer item is part of it (``parts = entry.path.split("/")``)
            for small in stmt.body if isinstance(stmt, cst.SimpleStatementLine) else [stmt]:
                if isinstance(small, cst.Assign) and _names(small.value) & outer:
                    for target in small.targets:
                        outer |= _names(target.target)
            found: tuple[int, list[str]] | None
            if isinstance(stmt, cst.For):
                if stmt.asynchronous is not None:
                    return None
                extent = self._extent(stmt.iter, outer, outer_index)
                if extent is None and range_iterations(stmt.iter, self.context) is None:
                    return None  # walks an outer item, or a size we cannot tell
                found = self._nest(stmt.body, outer | _names(stmt.target), _is_range(stmt.iter, self.context))
                if found is not None and stmt.orelse is not None:
                    tail = self._nest(stmt.orelse.body, outer, outer_index)
                    found = None if tail is None else (found[0] + tail[0], found[1] + tail[1])
                if found is None:
                    return None
                extents += [extent] if extent is not None else []
            elif isinstance(stmt, cst.If):
                test = self._expression(stmt.test, outer, outer_index)
                if test is None or isinstance(stmt.orelse, cst.If):
                    return None
                found = test
                for branch in [stmt.body] + ([stmt.orelse.body] if isinstance(stmt.orelse, cst.Else) else []):
                    more = self._nest(branch, outer, outer_index)
                    if more is None:
                        return None
                    found = (found[0] + more[0], found[1] + more[1])
            elif isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
                found = self._nest(stmt, outer, outer_index)
            elif isinstance(stmt, (cst.Assign, cst.AugAssign, cst.Expr)) or (
                    isinstance(stmt, cst.AnnAssign) and stmt.value is not None):
                found = self._expression(stmt.value, outer, outer_index)  # type: ignore[arg-type]
                if found is not None and isinstance(stmt, cst.AugAssign):
                    found = (found[0] + 1, found[1])
            else:
                plain = work_units(stmt, self.context)
                found = None if plain is None else (plain, [])
            if found is None:
                return None
            units += found[0]
            extents += found[1]
        return units, extents

    # -- constant ranges --------------------------------------------------------------------------
    def _units(self, node: cst.CSTNode, depth: int) -> tuple[int, int] | None:
        """(units of work, iterations of the innermost body) of a loop over constant ranges."""
        if depth > 4:
            return None
        context = self.context
        if isinstance(node, cst.For):
            iterations = range_iterations(node.iter, context)
            if iterations is None:
                return None
            body_cost, inner_iterations = (CHEAP if cheap_block(node.body, context) else WORK), 1
            for inner in walk(node.body):
                if inner is not node and isinstance(inner, (cst.For, *COMPREHENSIONS)):
                    nested = self._units(inner, depth + 1)
                    if nested is not None and nested[0] > body_cost:
                        body_cost, inner_iterations = nested
            return iterations * body_cost, iterations * inner_iterations
        if isinstance(node, COMPREHENSIONS):
            iterations = 1
            comp: cst.CompFor | None = node.for_in
            while comp is not None:
                n = range_iterations(comp.iter, context)
                if n is None:
                    return None
                iterations *= n
                comp = comp.inner_for_in
            exprs = [node.key, node.value] if isinstance(node, cst.DictComp) else [node.elt]
            comp = node.for_in
            while comp is not None:
                exprs.extend(i.test for i in comp.ifs)
                comp = comp.inner_for_in
            body_cost = CHEAP if all(cheap_expr(e, context) for e in exprs) else WORK
            return iterations * body_cost, iterations
        return None

    # -- pairwise loops ---------------------------------------------------------------------------
    def _size_key(self, expr: cst.CSTNode) -> str | None:
        """A name for the collection whose size sets the trip count of iterating ``expr``."""
        context = self.context
        for _ in range(4):
            if isinstance(expr, cst.Call):
                func = expr.func
                if isinstance(func, cst.Attribute) and func.attr.value in _VIEWS and not expr.args:
                    expr = func.value
                    continue
                name = context.qualified_name(func)
                args = [a.value for a in expr.args if a.keyword is None and not a.star]
                if name in _SIZE_PRESERVING and args:
                    expr = args[0]
                    continue
                if name == "builtins.range" and args:
                    stop = args[1] if len(args) >= 2 else args[0]
                    if isinstance(stop, cst.BinaryOperation):
                        stop = stop.left
                    if isinstance(stop, cst.Call) and context.qualified_name(stop.func) == "builtins.len" and stop.args:
                        expr = stop.args[0].value
                        continue
                return None
            break
        if isinstance(expr, _DISPLAYS):
            return None
        if isinstance(expr, cst.Name) and self._bound_to_display(expr):
            return None
        key = dotted_name(expr)
        return key

    def _bound_to_display(self, name: cst.Name) -> bool:
        scope: Scope | None = self.context.scope
        while scope is not None:
            values = scope.bindings().get(name.value)
            if values is not None:
                return all(isinstance(v.expression, _DISPLAYS) for v in values)
            scope = scope.parent
        return False

    def _pairwise(self, node: cst.CSTNode) -> str | None:
        if isinstance(node, cst.For):
            key = self._size_key(node.iter)
            if key is None:
                return None
            targets = _names(node.target)
            for inner in walk(node.body):
                if isinstance(inner, cst.For) and inner.asynchronous is None:
                    if self._size_key(inner.iter) == key and _root(key) not in targets:
                        return key
                elif isinstance(inner, COMPREHENSIONS):
                    comp: cst.CompFor | None = inner.for_in
                    while comp is not None:
                        if self._size_key(comp.iter) == key and _root(key) not in targets:
                            return key
                        comp = comp.inner_for_in
            return None
        if isinstance(node, COMPREHENSIONS):
            first = node.for_in
            key = self._size_key(first.iter)
            if key is None:
                return None
            targets = _names(first.target)
            comp = first.inner_for_in
            while comp is not None:
                if self._size_key(comp.iter) == key and _root(key) not in targets:
                    return key
                targets |= _names(comp.target)
                comp = comp.inner_for_in
        return None


def _is_range(iterable: cst.CSTNode, context: "FileContext") -> bool:
    return isinstance(iterable, cst.Call) and context.qualified_name(iterable.func) == "builtins.range"


def _names(node: cst.CSTNode) -> set[str]:
    return {n.value for n in walk(node) if isinstance(n, cst.Name)}


def _root(key: str) -> str:
    return key.split(".", 1)[0]
