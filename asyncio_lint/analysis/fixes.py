"""Fixes, as rules compute them: plans made of libcst nodes, turned into text edits (types.Fix).

A rule passes ``fix=`` to ``report()``: a function of a :class:`Rewriter` that returns a
:class:`Plan` (or None when the code at hand cannot be rewritten mechanically). The engine calls
it after the walk, only for the findings it reports, then asks the :class:`FixPlanner` for the
nodes whose positions the plans need, locates them in the same pass as the findings' own nodes
(positions.py), and turns each plan into plain text edits. A plan says:

* ``replace``: the text of a node becomes new text (built from the original nodes, so comments and
  line breaks inside them are kept);
* ``before`` / ``instead``: statements to run before a small statement, or in its place; laid out
  on lines of their own at its indentation when the statement is alone on its line in a block,
  else joined with ``; `` on its line;
* ``prelude``: module-level lines after the leading imports (``import asyncio``, a module-level
  set), one edit each so that several fixes of a file share them.

The recipes the rules share (await a call, run it in a thread or a process pool, keep a task) are
the :class:`Rewriter`'s methods. Nothing here knows a rule.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Callable, Iterator, Sequence, cast

import libcst as cst
from libcst._nodes.internal import CodegenState

from asyncio_lint.analysis.data.fixes import (
    ASYNC_EQUIVALENTS, NO_THREAD_FIX, OPEN_ONE_SHOT, OPEN_TEXT_KEYWORDS, OPENERS, Equivalent)
from asyncio_lint.analysis.names import NAME, Ref, Scope
from asyncio_lint.edits import line_starts, offset
from asyncio_lint.tree import NODE_TYPES, OUTER_FIELDS, SCOPE_KINDS, fields
from asyncio_lint.types import SAFE, UNSAFE, Edit, Fix

if TYPE_CHECKING:
    from libcst._position import CodeRange

    from asyncio_lint.analysis.context import FileContext


class Plan:
    """One fix, in terms of nodes."""

    def __init__(self, description: str, applicability: str = SAFE) -> None:
        self.description = description
        self.applicability = applicability
        self.replace: list[tuple[cst.CSTNode, str]] = []
        self.before: list[tuple[cst.CSTNode, list[str]]] = []   # (small statement, statements)
        self.instead: list[tuple[cst.CSTNode, list[str]]] = []  # (small statement, statements)
        self.prelude: list[str] = []      # imports, right after the module's leading imports
        self.definitions: list[str] = []  # module-level objects, after those (and a blank line)

    def add_prelude(self, line: str) -> None:
        if line not in self.prelude:
            self.prelude.append(line)

    def add_definition(self, line: str) -> None:
        if line not in self.definitions:
            self.definitions.append(line)


FixFunction = Callable[["Rewriter"], "Plan | None"]

# Await makes a generator expression an async one; a lambda or class body cannot await at all.
_NO_AWAIT = (cst.GeneratorExp, cst.Lambda, cst.ClassDef, cst.Module)
# Expressions whose evaluation has no side effect worth ordering (reads of names, attributes,
# items with such keys, literals, operators on them).
_PURE = (cst.Name, cst.Attribute, cst.Subscript, cst.SubscriptElement, cst.Index, cst.Integer, cst.Float, cst.List, cst.Tuple, cst.Element,
         cst.Imaginary, cst.SimpleString, cst.BinaryOperation, cst.UnaryOperation)


_BUILTINS = frozenset(dir(builtins))


def _children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every child expression or statement (no whitespace or punctuation), decorators and
    parameters of a def included."""
    node_type = node.__class__
    for name in (*OUTER_FIELDS.get(node_type, ()), *fields(node_type)):
        value = getattr(node, name)
        if value.__class__ is tuple or value.__class__ is list:
            for child in value:
                if child.__class__ in NODE_TYPES:
                    yield cast(cst.CSTNode, child)
        elif value.__class__ in NODE_TYPES:
            yield cast(cst.CSTNode, value)


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(_children(current))


def _comma_space(call: cst.Call) -> cst.BaseParenthesizableWhitespace:
    """The space after a comma put in front of a call's arguments: a line break when the call's
    arguments start on a line of their own, else one space."""
    ws = call.whitespace_before_args
    if isinstance(ws, cst.ParenthesizedWhitespace):
        return ws
    return cst.SimpleWhitespace(" ")


class Rewriter:
    """What fix functions get: the file's tree and names, its nodes' ancestors, and the recipes."""

    def __init__(self, context: "FileContext") -> None:
        self.context = context
        self.module = context.module
        self._parents: dict[int, cst.CSTNode] = {}
        self._indexed: set[int] = set()  # top-level statements whose parents are in _parents
        self._whole = False  # _parents covers the whole module
        self._scopes: dict[int, Scope] = {}
        self._aliases: dict[str, list[str]] = {}  # module -> module-level names bound to it

    # -- the tree ---------------------------------------------------------------------------------
    def index(self, top: cst.CSTNode) -> None:
        """Learn the parents inside one top-level statement of the module (a finding's fix looks
        only there, mostly: on a module of 57,000 defs the whole map cost 7 s)."""
        if id(top) not in self._indexed:
            self._indexed.add(id(top))
            self._parents[id(top)] = self.module
            self._index(top)

    def _index(self, node: cst.CSTNode) -> None:
        parents = self._parents
        for current in _walk(node):
            for child in _children(current):
                parents[id(child)] = current

    def parent(self, node: cst.CSTNode) -> cst.CSTNode | None:
        found = self._parents.get(id(node))
        if found is None and not self._whole and node is not self.module:
            self._whole = True
            self._index(self.module)
            found = self._parents.get(id(node))
        return found

    def ancestors(self, node: cst.CSTNode) -> Iterator[tuple[cst.CSTNode, cst.CSTNode]]:
        """(ancestor, its child on the way to ``node``), nearest first."""
        child = node
        parent = self.parent(child)
        while parent is not None:
            yield parent, child
            child, parent = parent, self.parent(parent)

    def code(self, node: cst.CSTNode, at: cst.CSTNode | None = None) -> str:
        """The code of ``node`` as it reads where ``at`` (default: ``node`` itself) stands: line
        breaks inside brackets are followed by that place's indentation, as in the file."""
        indents = [block.indent if block.indent is not None else self.module.default_indent
                   for block, _ in self.ancestors(at if at is not None else node)
                   if isinstance(block, cst.IndentedBlock)]
        state = CodegenState(default_indent=self.module.default_indent, default_newline=self.module.default_newline,
                             indent_tokens=indents[::-1])
        node._codegen(state)
        return "".join(state.tokens)

    def statement_of(self, node: cst.CSTNode) -> cst.BaseSmallStatement | None:
        """The small statement (``x = ...``, an expression statement, ``return ...``) holding ``node``."""
        if isinstance(node, cst.BaseSmallStatement):
            return node
        for ancestor, _ in self.ancestors(node):
            if isinstance(ancestor, cst.BaseSmallStatement):
                return ancestor
            if isinstance(ancestor, (cst.BaseCompoundStatement, cst.Lambda)):
                return None
        return None

    def function_of(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        """The def whose body holds ``node``."""
        for ancestor, child in self.ancestors(node):
            if isinstance(ancestor, cst.FunctionDef) and child is ancestor.body:
                return ancestor
        return None

    # -- names ------------------------------------------------------------------------------------
    def scope_of(self, node: cst.CSTNode) -> Scope:
        """The scope ``node`` is evaluated in (a def's decorators and defaults: the enclosing one)."""
        chain = [a for a, child in self.ancestors(node)
                 if a.__class__ in SCOPE_KINDS and child is getattr(a, "body", None)]
        scope = self.context.module_scope
        for owner in reversed(chain):
            known = self._scopes.get(id(owner))
            if known is None:
                known = self._scopes[id(owner)] = Scope(SCOPE_KINDS[owner.__class__], owner, scope)
            scope = known
        return scope

    def _bound(self, name: str, scope: Scope) -> bool:
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind != "class" or first:
                if name in current.bindings() or current.declares_global(name):
                    return True
            first = False
            current = current.parent
        return False

    def module_name(self, plan: Plan, module: str, node: cst.CSTNode) -> str | None:
        """How to spell ``module`` (``asyncio``, ``pathlib``) at ``node``: its name where it is
        imported (also as an alias), else its own name with an ``import`` added to the plan's
        prelude; None when the name is taken by something else."""
        scope = self.scope_of(node)
        resolver = self.context.resolver
        head = module.split(".", 1)[0]
        if resolver.lookup(head, scope) == Ref(NAME, head):
            return module
        if "." not in module:
            for alias in self._aliases_of(module):
                if resolver.lookup(alias, scope) == Ref(NAME, module):
                    return alias
        if not self._bound(head, scope):
            plan.add_prelude(f"import {module}")
            return module
        return None

    def _aliases_of(self, module: str) -> list[str]:
        """The module-level names bound to ``module`` alone (found once per file: a module of
        thousands of definitions has as many bindings, and every finding's fix asks)."""
        found = self._aliases.get(module)
        if found is None:
            ref = Ref(NAME, module)
            found = self._aliases[module] = [alias for alias, values in self.context.module_scope.bindings().items()
                                             if len(values) == 1 and values[0].ref == ref]
        return found

    def fresh_name(self, node: cst.CSTNode, base: str) -> str:
        """``base`` (or ``base_2``, ...) if no name in the enclosing function, nor a module-level
        one, nor a builtin is spelled so."""
        owner: cst.CSTNode = self.function_of(node) or self.module
        taken = {n.value for n in _walk(owner) if isinstance(n, cst.Name)}
        taken |= set(self.context.module_scope.bindings())
        taken |= _BUILTINS
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}_{number}"
        return candidate

    def module_set(self, plan: Plan, name: str, node: cst.CSTNode, factory: str, made_by: Sequence[str],
                   annotation: str | None = None) -> str | None:
        """A module-level object ``name = factory`` (``name: annotation = factory``), added to the
        prelude unless a fix made it before: an existing ``name`` whose value is a call of one of
        ``made_by``."""
        values = self.context.module_scope.bindings().get(name)
        if values is None:
            if self._bound(name, self.scope_of(node)):
                return None
            plan.add_definition(f"{name}{f': {annotation}' if annotation else ''} = {factory}")
            return name
        if len(values) != 1 or values[0].expression is None:
            return None
        value = values[0].expression
        if isinstance(value, cst.Call) and not value.args and self.code(value.func) in made_by:
            return name
        return None

    # -- awaiting ---------------------------------------------------------------------------------
    def may_await(self, node: cst.CSTNode) -> bool:
        """True when ``await`` may be put at ``node``: in the body of an ``async def``, not inside a
        generator expression, lambda or class body within it."""
        for ancestor, child in self.ancestors(node):
            if isinstance(ancestor, cst.FunctionDef):
                if child is ancestor.body:
                    return ancestor.asynchronous is not None
                continue  # a decorator or default: evaluated in the enclosing scope
            if isinstance(ancestor, _NO_AWAIT):
                return False
        return False

    def awaited(self, node: cst.CSTNode, inner: str) -> str | None:
        """``await <inner>`` to put in place of ``node`` (parenthesized where an attribute, item
        or call of it follows), or None where ``await`` cannot go."""
        parent = self.parent(node)
        if isinstance(parent, cst.Await) or not self.may_await(node):
            return None  # (awaited already: whatever it is, it returns an awaitable, not a result)
        text = f"await {inner}"
        if (isinstance(parent, (cst.Attribute, cst.Subscript)) and parent.value is node) or (
                isinstance(parent, cst.Call) and parent.func is node):
            text = f"({text})"
        return text

    def call_text(self, call: cst.Call, callee: str, first: cst.BaseExpression | None = None,
                  args: Sequence[cst.Arg] | None = None) -> str:
        """The code of ``call`` with ``callee`` as its function and, when given, ``first`` put in
        front of its arguments (or ``args`` instead of them); the original arguments' text, comments
        and line breaks are kept."""
        kept = list(call.args if args is None else args)
        if first is not None:
            comma = cst.Comma(whitespace_after=_comma_space(call)) if kept else cst.MaybeSentinel.DEFAULT
            kept.insert(0, cst.Arg(first, comma=comma))
        new = call.with_changes(func=cst.parse_expression(callee), args=kept, lpar=[], rpar=[])
        return self.code(new, at=call)

    # -- recipes ----------------------------------------------------------------------------------
    def await_instead(self, call: cst.Call, callee: str, description: str, applicability: str,
                      first: cst.BaseExpression | None = None, args: Sequence[cst.Arg] | None = None) -> Plan | None:
        """``await callee(<the call's arguments>)`` in place of ``call``; ``callee`` is dotted, its
        first part a module (``asyncio.sleep``)."""
        plan = Plan(description, applicability)
        module, _, rest = callee.partition(".")
        spelled = self.module_name(plan, module, call)
        if spelled is None:
            return None
        text = self.awaited(call, self.call_text(call, f"{spelled}.{rest}", first, args))
        if text is None:
            return None
        plan.replace.append((call, text))
        return plan

    def to_thread(self, call: cst.Call, description: str | None = None) -> Plan | None:
        """``f(a, b=c)`` -> ``await asyncio.to_thread(f, a, b=c)`` (unsafe: ``f`` then runs in a
        worker thread)."""
        callee = self.code(call.func)
        description = description or f"Run `{callee}()` in a worker thread with `asyncio.to_thread`"
        return self.await_instead(call, "asyncio.to_thread", description, UNSAFE, first=call.func)

    PROCESS_POOL = "_process_pool"

    def in_process_pool(self, call: cst.Call) -> Plan | None:
        """``f(a, b=c)`` -> ``await asyncio.get_running_loop().run_in_executor(_process_pool,
        functools.partial(f, a, b=c))``, with a module-level ``ProcessPoolExecutor``: for work that
        holds the GIL (unsafe: the function and its arguments must pickle)."""
        callee = self.code(call.func)
        plan = Plan(f"Run `{callee}()` in a process pool (`loop.run_in_executor`)", UNSAFE)
        asyncio_name = self.module_name(plan, "asyncio", call)
        futures = self.module_name(plan, "concurrent.futures", call)
        if asyncio_name is None or futures is None:
            return None
        pool = self.module_set(plan, self.PROCESS_POOL, call, f"{futures}.ProcessPoolExecutor()",
                               (f"{futures}.ProcessPoolExecutor", "ProcessPoolExecutor"))
        if pool is None:
            return None
        loop = f"{asyncio_name}.get_running_loop().run_in_executor"
        if any(arg.keyword is not None or arg.star == "**" for arg in call.args):
            # run_in_executor passes positional arguments only
            functools = self.module_name(plan, "functools", call)
            if functools is None:
                return None
            partial = self.call_text(call, f"{functools}.partial", first=call.func)
            inner = f"{loop}({pool}, {partial})"
        else:
            comma = cst.Comma(whitespace_after=_comma_space(call))
            with_func = call.with_changes(args=[cst.Arg(call.func, comma=comma if call.args else cst.MaybeSentinel.DEFAULT),
                                                *call.args])
            inner = self.call_text(with_func, loop, first=cst.Name(pool))
        text = self.awaited(call, inner)
        if text is None:
            return None
        plan.replace.append((call, text))
        return plan

    BACKGROUND_TASKS = "_background_tasks"

    def keep_task(self, call: cst.Call) -> Plan | None:
        """An expression statement ``asyncio.create_task(...)`` (or with ``.add_done_callback(cb)``
        chained on it) -> the task kept in a module-level set until it is done."""
        statement = self.statement_of(call)
        if not isinstance(statement, cst.Expr):
            return None
        chained: cst.Call | None = None
        if statement.value is not call:
            outer = statement.value
            if not (isinstance(outer, cst.Call) and isinstance(outer.func, cst.Attribute)
                    and outer.func.value is call and outer.func.attr.value == "add_done_callback"):
                return None
            chained = outer
        plan = Plan(f"Keep the task in the module-level set `{self.BACKGROUND_TASKS}` until it is done", UNSAFE)
        # (annotated: a type checker cannot infer the type of an empty set from its later uses)
        tasks = self.module_set(plan, self.BACKGROUND_TASKS, call, "set()", ("set",), annotation="set[object]")
        if tasks is None:
            return None
        task = self.fresh_name(call, "task")
        lines = [f"{task} = {self.code(call.with_changes(lpar=[], rpar=[]), at=call)}"]
        if chained is not None:
            lines.append(self.code(chained.with_changes(func=chained.func.with_changes(value=cst.Name(task))),
                                   at=chained))
        lines += [f"{tasks}.add({task})", f"{task}.add_done_callback({tasks}.discard)"]
        plan.instead.append((statement, lines))
        return plan

    def await_into_local(self, statement: cst.BaseSmallStatement, suspension: cst.CSTNode, base: str) -> Plan | None:
        """``self.total += await f()`` -> ``delta = await f()`` then ``self.total += delta``, when
        nothing the statement evaluates before the ``await`` has a side effect."""
        if not isinstance(suspension, cst.Await):
            return None
        if isinstance(statement, cst.AugAssign):
            before: list[cst.CSTNode] = [statement.target]
            value = statement.value
        elif isinstance(statement, cst.Assign) and len(statement.targets) == 1:
            before, value = [], statement.value
        else:
            return None
        # The await is the value, or an operand of operators over pure reads.
        awaits = [n for n in _walk(value) if isinstance(n, cst.Await)]
        if awaits != [suspension]:
            return None
        inside = {id(n) for n in _walk(suspension)}
        outside = [n for n in (*_walk(value), *(m for b in before for m in _walk(b))) if id(n) not in inside]
        if not all(isinstance(n, _PURE) for n in outside):
            return None
        name = self.fresh_name(statement, base)
        plan = Plan(f"Await into `{name}` first, then update the state with no `await` in between")
        plan.before.append((statement, [f"{name} = {self.code(suspension.with_changes(lpar=[], rpar=[]), at=suspension)}"]))
        plan.replace.append((suspension, name))
        return plan


# ---- the catalogue's calls ---------------------------------------------------------------------------
def _positional(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None]


def _equivalent(rewriter: Rewriter, call: cst.Call, entry: Equivalent) -> Plan | None:
    args = call.args
    if any(a.star for a in args) or len(_positional(call)) > entry.max_positional or any(
            a.keyword is not None and a.keyword.value not in entry.keywords for a in args):
        return None
    module, _, rest = entry.callee.partition(".")
    shown = f"await {entry.callee}(...)"
    if entry.receiver:
        if args or not isinstance(call.func, cst.Attribute):
            return None
        receiver = call.func.value
        plan = Plan(f"Replace with `{shown}`", entry.applicability)
        spelled = rewriter.module_name(plan, module, call)
        if spelled is None:
            return None
        text = rewriter.awaited(call, f"{spelled}.{rest}({rewriter.code(receiver)})")
        if text is None:
            return None
        plan.replace.append((call, text))
        return plan
    return rewriter.await_instead(call, entry.callee, f"Replace with `{shown}`", entry.applicability)


def _open_one_shot(rewriter: Rewriter, call: cst.Call) -> Plan | None:
    """``open(p[, mode]).read()`` -> ``await asyncio.to_thread(pathlib.Path(p).read_text)``, and
    ``.write(data)`` -> ``write_text``; encoding and errors carried over in text mode."""
    outer = rewriter.parent(call)
    method_call = rewriter.parent(outer) if outer is not None else None
    if not (isinstance(outer, cst.Attribute) and outer.value is call and isinstance(method_call, cst.Call)
            and method_call.func is outer):
        return None
    positional = _positional(call)
    if any(a.star for a in call.args) or not 1 <= len(positional) <= 2:
        return None
    mode = "r"
    keywords: list[cst.Arg] = []
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "mode":
            positional.append(arg)
        elif arg.keyword is not None:
            keywords.append(arg)
    if len(positional) > 2:
        return None
    if len(positional) == 2:
        literal = positional[1].value
        if not isinstance(literal, cst.SimpleString) or literal.prefix:
            return None
        mode = literal.evaluated_value if isinstance(literal.evaluated_value, str) else ""
    found = OPEN_ONE_SHOT.get(mode)
    if found is None or found[0] != outer.attr.value:
        return None
    method, one_shot = found
    binary = one_shot.endswith("_bytes")
    if any(a.keyword is None or a.keyword.value not in OPEN_TEXT_KEYWORDS or binary for a in keywords):
        return None
    data = method_call.args
    if (method == "read" and data) or (method == "write" and (len(data) != 1 or data[0].keyword or data[0].star)):
        return None
    plan = Plan(f"Use `pathlib.Path(...).{one_shot}` in a worker thread (`asyncio.to_thread`)", UNSAFE)
    pathlib = rewriter.module_name(plan, "pathlib", call)
    asyncio = rewriter.module_name(plan, "asyncio", call)
    if pathlib is None or asyncio is None:
        return None
    arguments = [f"{pathlib}.Path({rewriter.code(positional[0].value)}).{one_shot}"]
    arguments += [rewriter.code(a.value) for a in data]
    arguments += [f"{a.keyword.value}={rewriter.code(a.value)}" for a in keywords if a.keyword is not None]
    text = rewriter.awaited(method_call, f"{asyncio}.to_thread({', '.join(arguments)})")
    if text is None:
        return None
    plan.replace.append((method_call, text))
    return plan


def catalogue_fix(rewriter: Rewriter, call: cst.Call, name: str) -> Plan | None:
    """The fix of a blocking call of the catalogue: its async equivalent where the rewrite is
    mechanical, else the call run in a worker thread (unless its object is bound to its thread)."""
    entry = ASYNC_EQUIVALENTS.get(name)
    if entry is not None:
        return _equivalent(rewriter, call, entry)
    if name in OPENERS:
        plan = _open_one_shot(rewriter, call)
        if plan is not None:
            return plan
    if name in NO_THREAD_FIX:
        return None
    return rewriter.to_thread(call)


def offload_fix(rewriter: Rewriter, call: cst.Call, process: bool) -> Plan | None:
    """CPU-bound work: to a thread when it releases the GIL, else to a process pool."""
    return rewriter.in_process_pool(call) if process else rewriter.to_thread(call)


# ---- the other rules' recipes ----------------------------------------------------------------------
def await_into_local(rewriter: Rewriter, write: cst.CSTNode, suspension: cst.CSTNode) -> Plan | None:
    """A read-modify-write across an ``await`` in one statement, split in two (AIO302)."""
    statement = rewriter.statement_of(write)
    if statement is None:
        return None
    return rewriter.await_into_local(statement, suspension, "delta" if isinstance(statement, cst.AugAssign) else "value")


def await_coroutine(rewriter: Rewriter, call: cst.Call) -> Plan | None:
    """``ping()`` -> ``await ping()`` (AIO505)."""
    text = rewriter.awaited(call, rewriter.code(call.with_changes(lpar=[], rpar=[]), at=call))
    if text is None:
        return None
    plan = Plan(f"Await `{rewriter.code(call.func)}()`", UNSAFE)
    plan.replace.append((call, text))
    return plan


def running_loop(rewriter: Rewriter, call: cst.Call) -> Plan | None:
    """``asyncio.get_event_loop()`` in a coroutine -> ``asyncio.get_running_loop()`` (AIO506)."""
    for ancestor, _ in rewriter.ancestors(call):
        if isinstance(ancestor, cst.FunctionDef):
            break
        if isinstance(ancestor, cst.GeneratorExp):
            return None  # evaluated lazily: maybe later, where no loop is running
    plan = Plan("Replace with `asyncio.get_running_loop()`")
    func = call.func
    if isinstance(func, cst.Attribute):
        plan.replace.append((func.attr, "get_running_loop"))
        return plan
    spelled = rewriter.module_name(plan, "asyncio", call)
    if spelled is None:
        return None
    plan.replace.append((func, f"{spelled}.get_running_loop"))
    return plan


def await_directly(rewriter: Rewriter, offload: cst.Call, target: cst.CSTNode, keywords: bool) -> Plan | None:
    """``await loop.run_in_executor(None, fetch, url)`` -> ``await fetch(url)`` (AIO501): the
    offloading call must be awaited right there, and the coroutine function named plainly."""
    parent = rewriter.parent(offload)
    if not isinstance(parent, cst.Await) or not isinstance(target, (cst.Name, cst.Attribute)):
        return None
    index = next((i for i, a in enumerate(offload.args) if a.value is target), None)
    if index is None or any(a.keyword is not None or a.star for a in offload.args[:index + 1]):
        return None
    rest = offload.args[index + 1:]
    if not keywords and any(a.keyword is not None or a.star == "**" for a in rest):
        return None
    callee = rewriter.code(target)
    plan = Plan(f"Await `{callee}()` directly", UNSAFE)
    plan.replace.append((offload, rewriter.call_text(offload, callee, args=rest)))
    return plan


# ---- plans into text edits ---------------------------------------------------------------------------
class FixPlanner:
    """The plans of one file's findings, and their conversion to :class:`types.Fix` values."""

    def __init__(self, context: "FileContext") -> None:
        self.rewriter = Rewriter(context)
        self.module = context.module
        self.plans: list[Plan | None] = []
        self._anchor: cst.CSTNode | None = None
        self._anchored = False
        self._starts: tuple[str, list[int]] | None = None

    def plan(self, function: FixFunction | None, top: cst.CSTNode | None = None) -> Plan | None:
        """The plan of a finding's fix (``top``: the top-level statement the finding is in)."""
        if function is None:
            return None
        if top is not None:
            self.rewriter.index(top)
        try:
            found = function(self.rewriter)
        except Exception:  # a fix bug costs the fix, never the finding
            found = None
        self.plans.append(found)
        return found

    def _lines_of(self, small: cst.CSTNode) -> tuple[cst.CSTNode, bool]:
        """The statement line of a small statement, and whether the statement is alone on it in
        an indented block or the module (so new statements can go on lines of their own)."""
        line = self.rewriter.parent(small)
        alone = (isinstance(line, cst.SimpleStatementLine) and len(line.body) == 1
                 and isinstance(self.rewriter.parent(line), (cst.IndentedBlock, cst.Module)))
        return (line if alone and line is not None else small), alone

    def anchor(self) -> cst.CSTNode | None:
        """The last statement of the module's docstring, ``__future__`` and import block."""
        if not self._anchored:
            self._anchored = True
            for index, statement in enumerate(self.module.body):
                if not isinstance(statement, cst.SimpleStatementLine):
                    break
                small = statement.body
                if all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in small) or (
                        index == 0 and len(small) == 1 and isinstance(small[0], cst.Expr)
                        and isinstance(small[0].value, (cst.SimpleString, cst.ConcatenatedString))):
                    self._anchor = statement
                else:
                    break
        return self._anchor

    def nodes(self) -> list[cst.CSTNode]:
        """Every node whose position the plans need."""
        out: list[cst.CSTNode] = []
        for plan in self.plans:
            if plan is None:
                continue
            out += [node for node, _ in plan.replace]
            for small, _ in (*plan.before, *plan.instead):
                out.append(self._lines_of(small)[0])
            if (plan.prelude or plan.definitions) and self.anchor() is not None:
                out.append(self.anchor())  # type: ignore[arg-type]
        return out

    def fix(self, plan: Plan, positions: "dict[cst.CSTNode, CodeRange]", text: str) -> Fix | None:
        """The plan as text edits (None if it cannot be laid out here)."""
        try:
            return self._fix(plan, positions, text)
        except Exception:  # a fix bug costs the fix, never the finding
            return None

    def _fix(self, plan: Plan, positions: "dict[cst.CSTNode, CodeRange]", text: str) -> Fix | None:
        if self._starts is None or self._starts[0] is not text:
            self._starts = (text, line_starts(text))  # (once per file, not once per finding)
        starts = self._starts[1]
        newline = self.module.default_newline
        edits: list[Edit] = []

        def edit(start: tuple[int, int], end: tuple[int, int], content: str) -> None:
            edits.append(Edit(start[0], start[1], end[0], end[1], content))

        for node, content in plan.replace:
            span = positions[node]
            edit((span.start.line, span.start.column), (span.end.line, span.end.column), content)
        for small, statements, instead in ([*(b + (False,) for b in plan.before),
                                             *(i + (True,) for i in plan.instead)]):
            target, alone = self._lines_of(small)
            span = positions[target]
            start = (span.start.line, span.start.column)
            indent = text[starts[span.start.line - 1]:offset(starts, text, *start)]
            if alone and indent.strip():
                return None
            separator = newline + indent if alone else "; "
            if instead:
                edit(start, (span.end.line, span.end.column), separator.join(statements))
            else:
                edit(start, start, "".join(s + separator for s in statements))
        if plan.prelude or plan.definitions:
            at = self._prelude_position(positions, text, starts)
            for line in plan.prelude:
                edits.append(Edit(at[0], at[1], at[0], at[1], at[2] + line + newline))
            # Definitions go before the first line after the imports that is not blank.
            number = at[0]
            while number <= len(starts) and not at[2] and not self._line(text, starts, number).strip():
                number += 1
            if number > len(starts) or at[2]:
                end = (len(starts), len(text) - starts[-1])
                lead = at[2] or (newline if text and not text.endswith(("\n", "\r")) else "")
                for line in plan.definitions:
                    edits.append(Edit(*end, *end, lead + newline + line + newline))
            else:
                for line in plan.definitions:
                    edits.append(Edit(number, 0, number, 0, line + newline + newline))
        if not edits:
            return None
        return Fix(plan.description, plan.applicability, tuple(edits))

    @staticmethod
    def _line(text: str, starts: list[int], number: int) -> str:
        return text[starts[number - 1]:starts[number] if number < len(starts) else len(text)]

    def _prelude_position(self, positions: "dict[cst.CSTNode, CodeRange]", text: str,
                          starts: list[int]) -> tuple[int, int, str]:
        """(line, column, text to put before each prelude line): the start of the line after the
        leading imports, else of the first line that is not a comment or blank."""
        anchor = self.anchor()
        if anchor is not None:
            end = positions[anchor].end.line
            if end < len(starts):
                return end + 1, 0, ""
            return end, len(text) - starts[end - 1], self.module.default_newline  # no line break at the end
        for number, start in enumerate(starts, start=1):
            line = text[start:starts[number] if number < len(starts) else len(text)].strip()
            if line and not line.startswith("#"):
                return number, 0, ""
        return 1, 0, ""


__all__ = ["Plan", "Rewriter", "FixPlanner", "FixFunction", "SAFE", "UNSAFE", "catalogue_fix", "offload_fix",
           "await_into_local", "await_coroutine", "running_loop", "await_directly"]
