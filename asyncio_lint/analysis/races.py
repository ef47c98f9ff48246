"""Read / suspend / write races on shared state inside one coroutine (the AIO3xx family).

asyncio has no preemption: code between two suspension points runs atomically. A race needs a read
of shared state, a suspension (``await``, ``async for``, entering or leaving ``async with``), and
then a write of the same state that depends on what was read, either through its value (taint of
local variables) or through the branch that leads to it (check-then-act).

The analysis is a small path-sensitive abstract interpretation over one ``async def``'s statements
(no CFG library): the abstract state holds, for every read of a shared key seen on the path, whether
a suspension happened since (the read is *stale*) and which locks were held when it happened; the
locals that carry values derived from reads (taint); and the reads the current path is control
dependent on (``pc``). States are merged at joins, loops are run twice (loop-carried reads), and
try/except/finally, ``return``/``raise``/``break``/``continue`` are followed.

Shared keys: ``self.X`` / ``cls.X`` chains, ``Class.X`` for a class of this module, names declared
``global`` or ``nonlocal``, and module-level names the function mutates in place (``CACHE[k] = v``,
``CACHE.append(x)``). A key is only tracked when the function writes it.

``races(context, funcdef)`` returns the :class:`Race` list, memoised in ``context.memo``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, TypeAlias, final

import libcst as cst

from asyncio_lint.analysis.names import DEF, EXPR, NONLOCAL
from asyncio_lint.analysis.data.locks import LOCK_TYPES
from asyncio_lint.tree import child_nodes as _children

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.analysis.names import Scope

# Methods that mutate a container in place (list, dict, set, deque, OrderedDict, ...).
MUTATORS = frozenset({
    "append", "appendleft", "extend", "extendleft", "insert", "remove", "discard", "add", "clear",
    "pop", "popleft", "popitem", "setdefault", "update", "sort", "reverse", "rotate",
    "difference_update", "intersection_update", "symmetric_difference_update", "move_to_end",
    "__setitem__", "__delitem__",
})
# Mutators whose result is the container's content (a read after the write).
_RETURNING = frozenset({"pop", "popleft", "popitem", "setdefault"})
# Adding to a sequence loses no other task's update: after a stale emptiness/length check it is
# not a race (``if not self._buf: chunk = await recv(); self._buf.extend(chunk)``).
_ADDITIVE = frozenset({"append", "appendleft", "extend", "extendleft", "insert"})
# Accessing these through the state reads the state itself (a check of it); any other attribute or
# method reads something *of* it, which does not make a branch depend on the state.
_DIRECT = frozenset({"get", "keys", "values", "items", "copy", "count", "index", "__contains__",
                     "__getitem__", "__len__"})

_LOCK_NAME = re.compile(r"lock|mutex|semaphore|(^|_)sem(s|_|$)|(^|_)cond(ition)?(s|_|$)|limiter", re.I)
_VALUE_OPERATORS = (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual, cst.Equal,
                    cst.NotEqual)
_CONSTANT_NAME = re.compile(r"^_?[A-Z][A-Z0-9_]*$")

_SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


# Protocol methods one task calls once per object or per step: entering a context manager twice at
# once, or stepping one iterator from two tasks, is a misuse of the object, not a race in it.
_ONE_SHOT = frozenset({"__aenter__", "__aexit__", "__anext__"})
# Awaits documented not to let another task run (anyio: "does not allow the scheduler to switch").
_NO_SWITCH = frozenset({"checkpoint_if_cancelled"})
_MEMO = "races"


@dataclass(frozen=True)
class Race:
    key: str                 # the shared state, as written in the source: "self.balance", "CACHE"
    read: cst.CSTNode        # where it was read
    suspension: cst.CSTNode  # where the coroutine suspended after the read
    write: cst.CSTNode       # where it was written from the stale value / after the stale check
    same_statement: bool     # read, suspension and write in one statement (``x.a += await f()``)
    checked: bool            # the write is only reached because of a check of the read (check-then-act)


@final
class _Read:
    __slots__ = ("key", "node", "stmt", "seq")

    def __init__(self, key: str, node: cst.CSTNode, stmt: cst.CSTNode | None, seq: int) -> None:
        self.key = key
        self.node = node
        self.stmt = stmt
        self.seq = seq  # order of first evaluation, for deterministic reports


@final
class _Stale:
    """A read that a suspension (``where``, in statement ``stmt``) has made stale."""

    __slots__ = ("read", "where", "stmt", "key", "seq")

    def __init__(self, read: _Read, where: cst.CSTNode, stmt: cst.CSTNode | None, seq: int = 0) -> None:
        self.read = read
        self.where = where
        self.stmt = stmt
        self.key = read.key
        self.seq = seq  # which suspension (in evaluation order)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Stale) and other.read is self.read and other.where is self.where

    def __hash__(self) -> int:
        return hash((id(self.read), id(self.where)))


@final
class _Via:
    """A value computed by an awaited call from a read of ``key`` (``await resolve(self.peer)``)."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Via) and other.key == self.key

    def __hash__(self) -> int:
        return hash(("via", self.key))


# A taint: the reads (fresh ``_Read`` or ``_Stale``) and ``_Via`` markers a value derives from.
_Taint: TypeAlias = "frozenset[_Read | _Stale | _Via]"
_EMPTY: frozenset = frozenset()


def _age(taint: frozenset, where: cst.CSTNode, stmt: cst.CSTNode | None, seq: int = 0) -> frozenset:
    if not any(type(t) is _Read for t in taint):
        return taint
    return frozenset(_Stale(t, where, stmt, seq) if type(t) is _Read else t for t in taint)


class _State:
    __slots__ = ("locals", "pc", "checked", "held_at", "held", "dead", "aliases", "settled", "exit")

    def __init__(self) -> None:
        self.locals: dict[str, frozenset] = {}
        self.pc: frozenset = _EMPTY
        # fresh reads tested by an ``assert`` or a ``raise`` guard: they re-check the state
        self.checked: frozenset = _EMPTY
        self.held_at: dict[_Read, frozenset[object]] = {}
        self.held: frozenset[tuple[object, ...]] = _EMPTY  # lock tokens: ("caller",), ("with", ...), ("acquire", ...)
        self.dead = False
        # local name -> the key it holds an unchanged copy of (``old = self.x``)
        self.aliases: dict[str, str] = {}
        # reads followed by a write of their key with no suspension in between (acted on atomically)
        self.settled: frozenset[_Read] = _EMPTY
        # how a dead path left: "continue", or the keys its ``return`` value read
        self.exit: object = None

    def copy(self) -> "_State":
        s = _State.__new__(_State)
        s.locals = dict(self.locals)
        s.pc = self.pc
        s.checked = self.checked
        s.held_at = dict(self.held_at)
        s.held = self.held
        s.dead = self.dead
        s.aliases = dict(self.aliases)
        s.settled = self.settled
        s.exit = self.exit
        return s


def _merge(states: Iterable[_State], include_dead: bool = False) -> _State | None:
    """Join of the given states (live ones only unless ``include_dead``); None when there is none."""
    chosen = [s for s in states if s is not None and (include_dead or not s.dead)]
    if not chosen:
        return None
    result = chosen[0].copy()
    result.dead = False
    for other in chosen[1:]:
        if result.aliases or other.aliases:
            result.aliases = _merge_aliases(result, other)
        for name, taint in other.locals.items():
            mine = result.locals.get(name)
            result.locals[name] = taint if mine is None else mine | taint
        result.pc |= other.pc
        result.checked |= other.checked
        for read, held in other.held_at.items():
            mine_h = result.held_at.get(read)
            result.held_at[read] = held if mine_h is None else mine_h | held
        result.held |= other.held
        result.settled |= other.settled
    return result


def _without(pc: frozenset, removed: frozenset) -> frozenset:
    """``pc`` minus the reads of ``removed``, also in the stale form a suspension gave them since."""
    if not removed:
        return pc
    return frozenset(t for t in pc if t not in removed and not (type(t) is _Stale and t.read in removed))


def _restrict(pc: frozenset, base: frozenset) -> frozenset:
    """The elements of ``pc`` that stand for those of ``base`` (possibly made stale since)."""
    return frozenset(t for t in pc if t in base or (type(t) is _Stale and t.read in base))


def _merge_aliases(a: _State, b: _State) -> dict[str, str]:
    """A name stays a saved copy of a key when, on the other path, it is one too or holds a value
    unrelated to the key (``text = self._text if text is None``, else the caller's ``text``)."""
    merged: dict[str, str] = {}
    for one, other in ((a, b), (b, a)):
        for name, key in one.aliases.items():
            if name in merged:
                continue
            if other.aliases.get(name) == key or not any(t.key == key for t in other.locals.get(name, _EMPTY)):
                merged[name] = key
    return merged


class _Exit(Exception):
    pass


def races(context: "FileContext", func: cst.FunctionDef) -> list[Race]:
    """The races of the ``async def`` ``func`` (``context.scope`` must be its scope). Memoised."""
    memo = context.memo.setdefault(_MEMO, {})
    found = memo.get(id(func))
    if found is None:
        try:
            found = _Analysis(context, func, context.scope).run()
        except RecursionError:  # an absurdly nested expression: skip this function, not the file
            found = []
        memo[id(func)] = found
    return found


def locked_methods(context: "FileContext", cls: cst.ClassDef) -> frozenset[str]:
    """Methods of ``cls`` that are only ever called (``self.m(...)``) with a lock held: inside an
    ``async with <lock>`` of the calling method, or from another such method. Memoised."""
    memo = context.memo.setdefault("races.locked", {})
    found = memo.get(id(cls))
    if found is not None:
        return found
    calls: dict[str, list[tuple[str, bool]]] = {}  # callee -> [(caller, under a lock there)]
    methods = [s for s in getattr(cls.body, "body", ()) if isinstance(s, cst.FunctionDef)]
    for method in methods:
        params = method.params.params
        owner = params[0].name.value if params else None
        if owner is None:
            continue
        stack: list[tuple[cst.CSTNode, bool]] = [(method.body, False)]
        while stack:
            node, locked = stack.pop()
            if isinstance(node, (cst.ClassDef, cst.Lambda)) or (isinstance(node, cst.FunctionDef) and node is not method):
                continue
            if isinstance(node, cst.With) and node.asynchronous is not None:
                if any(is_lock_expression(context, item.item, None) for item in node.items):
                    stack.append((node.body, True))
                    for item in node.items:
                        stack.append((item, locked))
                    continue
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                    and isinstance(node.func.value, cst.Name) and node.func.value.value == owner:
                calls.setdefault(node.func.attr.value, []).append((method.name.value, locked))
            stack.extend((child, locked) for child in _children(node))
    names = {m.name.value for m in methods}
    result: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name in names - result:
            sites = calls.get(name)
            if sites and all(locked or caller in result for caller, locked in sites):
                result.add(name)
                changed = True
    found = memo[id(cls)] = frozenset(result)
    return found


def is_lock_expression(context: "FileContext", expr: cst.BaseExpression, scope: "Scope | None") -> bool:
    """``async with <expr>`` holds a lock: an asyncio/anyio lock by type, or named like one."""
    node: cst.CSTNode = expr
    while True:
        if isinstance(node, cst.Call):
            node = node.func
        elif isinstance(node, cst.Subscript):
            node = node.value
        else:
            break
    if isinstance(node, cst.Attribute):
        name = node.attr.value
    elif isinstance(node, cst.Name):
        name = node.value
    else:
        return False
    if _LOCK_NAME.search(name):
        return True
    if scope is None or isinstance(expr, cst.Call):
        return False
    return context.type_of(expr, scope) in LOCK_TYPES


def _polarity(test: cst.BaseExpression) -> int:
    """+1 when ``test`` is true if the state it reads is present (truthy, ``in``, ``is not None``),
    -1 when it is true if the state is absent, 0 when that cannot be told."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return -_polarity(test.expression)
    if isinstance(test, cst.Comparison):
        if len(test.comparisons) != 1:
            return 0
        comparison = test.comparisons[0]
        operator = comparison.operator
        is_none = isinstance(comparison.comparator, cst.Name) and comparison.comparator.value == "None"
        if isinstance(operator, cst.Is) and is_none:
            return -1
        if isinstance(operator, cst.IsNot) and is_none:
            return 1
        if isinstance(operator, cst.In):
            return 1
        if isinstance(operator, cst.NotIn):
            return -1
        return 0
    if isinstance(test, cst.BooleanOperation):
        left, right = _polarity(test.left), _polarity(test.right)
        return left if left == right else 0
    if isinstance(test, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
        return 1
    return 0


def _is_constant(expr: cst.BaseExpression) -> bool:
    """An idempotent value: True/False/None, a literal, a CONSTANT or Enum.MEMBER."""
    if isinstance(expr, (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString)):
        return True
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.expression, (cst.Integer, cst.Float)):
        return True
    if isinstance(expr, cst.Name):
        return expr.value in ("True", "False", "None") or bool(_CONSTANT_NAME.match(expr.value))
    if isinstance(expr, cst.Attribute):
        # CONSTANT, Enum.MEMBER, mod.CONSTANT
        if bool(_CONSTANT_NAME.match(expr.attr.value)) and isinstance(expr.value, (cst.Name, cst.Attribute)):
            return True
        return isinstance(expr.value, cst.Name) and expr.value.value[:1].isupper() and expr.value.value[1:2].islower()
    return False


class _Analysis:
    def __init__(self, context: "FileContext", func: cst.FunctionDef, scope: "Scope") -> None:
        self.context = context
        self.func = func
        self.scope = scope
        self.findings: dict[tuple[int, str], Race] = {}
        self.reads: dict[tuple[str, int], _Read] = {}
        self.through: set[_Read] = set()  # reads of a key only to reach something of it
        self.valued: set[_Read] = set()  # reads compared by value (``<``, ``==``, ...), not tested for presence
        # suspensions so far, and the last one: values computed earlier in the same expression
        # (``self.n + await f()``) go stale too
        self.suspensions = 0
        self.last_suspension: tuple[cst.CSTNode, cst.CSTNode | None, int] | None = None
        self.suspension_ids: dict[int, int] = {}
        self.stmt: cst.CSTNode | None = None
        self.loops: list[tuple[list[_State], list[_State]]] = []
        bindings = scope.bindings()
        self.globals = scope.global_names
        self.nonlocals = frozenset(n for n, vs in bindings.items() if any(v.kind == NONLOCAL for v in vs))
        self.locals = frozenset(n for n in bindings if n not in self.nonlocals)
        self.self_name, self.cls_name = self._owner_names(scope)
        self.module_bindings = context.module_scope.bindings()
        self.written: set[str] = set()

    # -- set-up ---------------------------------------------------------------------------------
    def _owner_names(self, scope: "Scope") -> tuple[str | None, str | None]:
        kind = scope.method_kind()
        if kind is not None:
            first = scope.first_param()
            return (first, None) if kind == "self" else (None, first)
        # a nested coroutine of a method sees the method's self
        current = scope.parent
        while current is not None and current.kind in ("function", "lambda"):
            kind = current.method_kind()
            if kind is not None:
                first = current.first_param()
                if first is None or first in self.locals:
                    return None, None
                return (first, None) if kind == "self" else (None, first)
            current = current.parent
        return None, None

    def _module_container(self, name: str) -> bool:
        """A module-level variable (not an import, def or class) not shadowed on the way here."""
        if name in self.locals or name in self.nonlocals:
            return False
        current = self.scope.parent
        while current is not None and current.parent is not None:
            if current.kind in ("function", "lambda") and name in current.bindings():
                return False
            current = current.parent
        values = self.module_bindings.get(name)
        if not values:
            return False
        return all(v.kind == EXPR for v in values)

    def _module_class(self, name: str) -> bool:
        if name in self.locals or name in self.nonlocals or name in self.globals:
            return False
        values = self.module_bindings.get(name)
        if not values:
            return False
        return all(v.ref is not None and v.ref.kind == DEF and isinstance(v.ref.value, cst.ClassDef) for v in values)

    def key_of(self, expr: cst.CSTNode, container: bool = False) -> str | None:
        """The shared key an expression denotes (a pure chain rooted at shared state), else None."""
        if isinstance(expr, cst.Name):
            name = expr.value
            if name in self.globals or name in self.nonlocals:
                return name
            if container and self._module_container(name):
                return name
            return None
        if isinstance(expr, cst.Attribute):
            parts = [expr.attr.value]
            base = expr.value
            while isinstance(base, cst.Attribute):
                parts.append(base.attr.value)
                base = base.value
            if not isinstance(base, cst.Name):
                return None
            root = base.value
            if root == self.self_name or root == self.cls_name:
                pass
            elif root in self.globals or root in self.nonlocals:
                pass
            elif root[:1].isupper() and self._module_class(root):
                pass
            else:
                return None
            return ".".join([root, *reversed(parts)])
        return None

    def _subscript_key(self, expr: cst.CSTNode) -> str | None:
        while isinstance(expr, cst.Subscript):
            expr = expr.value
        return self.key_of(expr, container=True)

    def _collect_writes(self) -> bool:
        """Fill ``self.written``; True when the function also has a suspension point."""
        suspends = False
        stack: list[cst.CSTNode] = [self.func.body]
        written = self.written
        while stack:
            node = stack.pop()
            if isinstance(node, _SCOPES):
                continue
            if isinstance(node, cst.Await):
                suspends = True
            elif isinstance(node, (cst.For, cst.With, cst.CompFor)) and node.asynchronous is not None:
                suspends = True
            elif isinstance(node, cst.Assign):
                for t in node.targets:
                    self._target_keys(t.target, written)
            elif isinstance(node, (cst.AnnAssign, cst.AugAssign)):
                if not isinstance(node, cst.AnnAssign) or node.value is not None:
                    self._target_keys(node.target, written)
            elif isinstance(node, cst.Del):
                self._target_keys(node.target, written)
            elif isinstance(node, cst.NamedExpr):
                self._target_keys(node.target, written)
            elif isinstance(node, cst.Call):
                func = node.func
                if isinstance(func, cst.Attribute) and func.attr.value in MUTATORS:
                    key = self._subscript_key(func.value)
                    if key is not None:
                        written.add(key)
            stack.extend(_children(node))
        return suspends

    def _target_keys(self, target: cst.CSTNode, out: set[str]) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._target_keys(element.value, out)
        elif isinstance(target, cst.StarredElement):
            self._target_keys(target.value, out)
        elif isinstance(target, cst.Subscript):
            key = self._subscript_key(target)
            if key is not None:
                out.add(key)
        else:
            key = self.key_of(target)
            if key is not None:
                out.add(key)

    # -- driver ---------------------------------------------------------------------------------
    def run(self) -> list[Race]:
        if self.func.name.value in _ONE_SHOT:
            return []
        if not self._collect_writes() or not self.written:
            return []
        state = _State()
        if self.scope.parent is not None and self.scope.parent.kind == "class" and \
                self.func.name.value in locked_methods(self.context, self.scope.parent.node):  # type: ignore[arg-type]
            state.held = frozenset({("caller",)})  # every caller holds a lock around the call
        self.block(self.func.body, state)
        return sorted(self.findings.values(), key=lambda r: id(r.write))

    # -- events ---------------------------------------------------------------------------------
    def read(self, key: str, node: cst.CSTNode, state: _State) -> _Read:
        rid = (key, id(node))
        read = self.reads.get(rid)
        if read is None:
            read = self.reads[rid] = _Read(key, node, self.stmt, len(self.reads))
        state.held_at[read] = state.held
        if read in state.settled:
            state.settled = state.settled - {read}
        return read

    def checks(self, taint: _Taint) -> frozenset[_Read | _Stale]:
        """The reads a branch on ``taint`` depends on (reads of the state itself)."""
        through = self.through
        return frozenset(r for r in taint if type(r) is not _Via and (r.read if type(r) is _Stale else r) not in through)

    def suspend(self, node: cst.CSTNode, state: _State) -> None:
        stmt = self.stmt
        self.suspensions += 1
        seq = self.suspension_ids.setdefault(id(node), len(self.suspension_ids))
        self.last_suspension = (node, stmt, seq)
        for name, taint in state.locals.items():
            if taint:
                state.locals[name] = _age(taint, node, stmt, seq)
        state.pc = _age(state.pc, node, stmt, seq)
        if state.checked:
            held = state.held
            state.checked = frozenset(r for r in state.checked if state.held_at.get(r, _EMPTY) & held)

    def write(self, key: str, node: cst.CSTNode, data: _Taint, state: _State,
              value: cst.BaseExpression | None = None, harmless: bool = False, relative: bool = False) -> None:
        """A write of ``key`` whose value derives from ``data``. ``harmless``: a write that loses no
        update when made after a stale check (adding to a sequence, an idempotent delete)."""
        if key not in self.written:
            return
        self._write(key, node, data, state, value, harmless, relative)
        # fresh reads of the key have now been acted upon atomically
        settled = [t for t in data | state.pc if type(t) is _Read and t.key == key]
        if settled:
            state.settled = state.settled | frozenset(settled)

    def _write(self, key: str, node: cst.CSTNode, data: _Taint, state: _State,
               value: cst.BaseExpression | None, harmless: bool, relative: bool) -> None:
        if isinstance(value, cst.Name) and state.aliases.get(value.value) == key:
            return  # restoring a saved value (``old = self.x`` ... ``self.x = old``)
        if _Via(key) in data:
            return  # converting the state through an await (``self.peer = await resolve(self.peer)``)
        held = state.held
        pc = state.pc
        fresh_check = any(r.key == key for r in state.checked)
        candidates: list[tuple[_Stale, bool]] = []
        for t in data | pc:
            if t.key != key or type(t) is _Via:
                continue
            read = t.read if type(t) is _Stale else t
            if read in state.settled:
                continue
            if type(t) is _Read or state.held_at.get(read, _EMPTY) & held:
                if t in pc:
                    fresh_check = True  # re-checked after the last suspension (or under the lock)
                continue
            candidates.append((t, t in data))  # type: ignore[arg-type]
        candidates.sort(key=lambda c: (not c[1], -c[0].read.seq, c[0].seq))  # the latest read
        for stale, in_data in candidates:
            if not in_data:
                # check-then-act: a fresh re-check, or an idempotent flag value, makes it harmless
                if fresh_check or harmless or (value is not None and _is_constant(value)):
                    continue
                # after ``if now > self.deadline`` / ``if h != self.hash`` a new value replaces the
                # old one; only a relative update (``self.balance -= x`` after
                # ``if self.balance >= x``) can break what the comparison checked
                if stale.read in self.valued and not relative:
                    continue
            read = stale.read
            same = read.stmt is not None and read.stmt is self.stmt and stale.stmt is self.stmt
            fid = (id(self.stmt), key)
            if fid not in self.findings or (in_data and not self.findings[fid].same_statement and same):
                self.findings[fid] = Race(key, read.node, stale.where, node, same, not in_data)

    # -- statements -----------------------------------------------------------------------------
    def block(self, body: cst.CSTNode, state: _State) -> None:
        if isinstance(body, cst.IndentedBlock):
            for stmt in body.body:
                if state.dead:
                    return
                self.statement(stmt, state)
        elif isinstance(body, cst.SimpleStatementSuite):
            for small in body.body:
                if state.dead:
                    return
                self.stmt = body
                self.small(small, state)

    def statement(self, stmt: cst.CSTNode, state: _State) -> None:
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                if state.dead:
                    return
                self.stmt = stmt
                self.small(small, state)
            return
        self.stmt = stmt
        if isinstance(stmt, cst.If):
            self.if_(stmt, state)
        elif isinstance(stmt, (cst.For, cst.While)):
            self.loop(stmt, state)
        elif isinstance(stmt, cst.With):
            self.with_(stmt, state)
        elif isinstance(stmt, cst.Try) or type(stmt).__name__ == "TryStar":
            self.try_(stmt, state)
        elif isinstance(stmt, cst.Match):
            self.match(stmt, state)
        # FunctionDef / ClassDef: nested scopes are analysed on their own

    def small(self, small: cst.BaseSmallStatement, state: _State) -> None:
        if isinstance(small, cst.Expr):
            self.expr(small.value, state)
        elif isinstance(small, cst.Assign):
            taint = self.expr(small.value, state)
            for target in small.targets:
                self.assign(target.target, taint, state, small.value)
        elif isinstance(small, cst.AnnAssign):
            if small.value is not None:
                taint = self.expr(small.value, state)
                self.assign(small.target, taint, state, small.value)
        elif isinstance(small, cst.AugAssign):
            self.aug_assign(small, state)
        elif isinstance(small, cst.Return):
            exit: object = "continue"  # a bare ``return`` skips the rest, as ``continue`` does
            if small.value is not None:
                exit = frozenset(r.key for r in self.expr(small.value, state) if type(r) is not _Via)
            state.dead = True
            state.exit = exit
        elif isinstance(small, cst.Raise):
            if small.exc is not None:
                self.expr(small.exc, state)
            state.dead = True
        elif isinstance(small, cst.Del):
            self.delete(small.target, state)
        elif isinstance(small, cst.Break):
            if self.loops:
                self.loops[-1][0].append(state.copy())
            state.dead = True
        elif isinstance(small, cst.Continue):
            if self.loops:
                self.loops[-1][1].append(state.copy())
            state.dead = True
            state.exit = "continue"
        elif isinstance(small, cst.Assert):
            test = self.checks(self.expr(small.test, state))
            state.checked = state.checked | frozenset(r for r in test if type(r) is _Read)
        # pass, import, global, nonlocal: nothing

    def aug_assign(self, node: cst.AugAssign, state: _State) -> None:
        target = node.target
        if isinstance(target, cst.Name) and target.value not in self.globals and target.value not in self.nonlocals:
            taint = self.expr(node.value, state)
            state.locals[target.value] = state.locals.get(target.value, _EMPTY) | taint
            return
        if isinstance(target, cst.Subscript):
            key = self._subscript_key(target)
            taint = self.expr(target, state)
        else:
            key = self.key_of(target)
            if isinstance(target, cst.Attribute):
                taint = self.expr(target.value, state)
            else:
                taint = _EMPTY
            if key is not None and key in self.written:
                taint = taint | {self.read(key, target, state)}
        mark = self.suspensions
        taint = self.then(taint, mark, self.expr(node.value, state))
        if key is not None:
            additive = isinstance(node.operator, cst.AddAssign) and not isinstance(node.value, (cst.Integer, cst.Float))
            self.write(key, node, taint, state, harmless=additive, relative=True)

    def assign(self, target: cst.CSTNode, taint: _Taint, state: _State,
               value: cst.BaseExpression | None) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.assign(element.value, taint, state, value if isinstance(value, cst.Await) else None)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, taint, state, None)
        elif isinstance(target, cst.Name):
            key = self.key_of(target)
            if key is not None:
                self.write(key, target, taint, state, value)
            else:
                state.locals[target.value] = taint
                copied = self._copy_of(value) if value is not None else None
                if copied is not None:
                    state.aliases[target.value] = copied
                else:
                    state.aliases.pop(target.value, None)
        elif isinstance(target, cst.Attribute):
            self.expr(target.value, state)
            key = self.key_of(target)
            if key is not None:
                self.write(key, target, taint, state, value)
        elif isinstance(target, cst.Subscript):
            self._subscript_parts(target, state)  # the index is no part of the stored value
            key = self._subscript_key(target)
            if key is not None:
                self.write(key, target, taint, state, value)
        else:
            self.expr(target, state)

    def _copy_of(self, value: cst.BaseExpression) -> str | None:
        """The key ``value`` is an unchanged copy of: ``self.x``, ``self.d[k]``, ``self.d.get(k)``."""
        if isinstance(value, cst.BooleanOperation) and isinstance(value.operator, cst.Or):
            value = value.right  # ``phone = parse(phone) or self._phone``: the saved copy is the fallback
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "get":
            value = value.func.value
        elif isinstance(value, cst.Subscript):
            return self._subscript_key(value)
        return self.key_of(value, container=True) if isinstance(value, (cst.Name, cst.Attribute)) else None

    def _subscript_parts(self, target: cst.Subscript, state: _State) -> _Taint:
        """Evaluate what a subscript target evaluates before the store, minus the container read."""
        taint = _EMPTY
        base: cst.CSTNode = target.value
        while isinstance(base, cst.Subscript):
            for element in base.slice:
                taint |= self.expr(element, state)
            base = base.value
        if isinstance(base, cst.Attribute):
            taint |= self.expr(base.value, state)
        for element in target.slice:
            taint |= self.expr(element, state)
        return taint

    def delete(self, target: cst.CSTNode, state: _State) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.delete(element.value, state)
        elif isinstance(target, cst.Subscript):
            self._subscript_parts(target, state)
            key = self._subscript_key(target)
            if key is not None:
                self.write(key, target, _EMPTY, state)
        elif isinstance(target, cst.Attribute):
            self.expr(target.value, state)
            key = self.key_of(target)
            if key is not None:
                self.write(key, target, _EMPTY, state)
        elif isinstance(target, cst.Name):
            state.locals.pop(target.value, None)

    def if_(self, node: cst.If, state: _State) -> None:
        test = self.checks(self.expr(node.test, state))
        added = test - state.pc
        then = state.copy()
        then.pc = state.pc | test
        self.block(node.body, then)
        other = state.copy()
        other.pc = state.pc | test
        orelse = node.orelse
        if isinstance(orelse, cst.If):
            self.stmt = orelse
            self.if_(orelse, other)
        elif isinstance(orelse, cst.Else):
            self.block(orelse.body, other)
        # An exit on the "absent" side of a presence test guards a fill (check-then-act); an exit on
        # the "present" side (``if not self._sender: return``) guards a refresh of what is there.
        polarity = _polarity(node.test)
        self._join(state, [then, other], added, (polarity < 0, polarity > 0))

    def _join(self, state: _State, branches: list[_State], added: frozenset[_Read | _Stale],
              refresh: tuple[bool, ...] = ()) -> None:
        merged = _merge(branches)
        if merged is None:
            merged = _merge(branches, include_dead=True)
            assert merged is not None
            merged.dead = True
            exits = [b.exit for b in branches]
            if "continue" in exits:
                merged.exit = "continue"
            else:
                merged.exit = frozenset().union(*(e for e in exits if isinstance(e, frozenset)))
        elif all(not b.dead for b in branches):
            merged.pc = _without(merged.pc, added)
        else:
            # An early exit guards what follows only when it skips the rest of a loop iteration
            # or returns the state it checked (``if k in cache: return cache[k]``); an
            # ``if self._closed: raise ...`` guard does not make later writes check-then-act.
            keep: set[str] = set()
            for i, b in enumerate(branches):
                if b.dead and not (i < len(refresh) and refresh[i]):
                    if b.exit == "continue":
                        keep = {r.key for r in added}
                        break
                    if isinstance(b.exit, frozenset):
                        keep |= b.exit
            dropped = frozenset(r for r in added if r.key not in keep)
            if dropped:
                merged.pc = _without(merged.pc, dropped)
                # ... but it does re-check the state, as an ``assert`` would
                merged.checked = merged.checked | frozenset(r for r in dropped if type(r) is _Read)
        self._adopt(state, merged)

    def loop(self, node: cst.For | cst.While, state: _State) -> None:
        pc_before = state.pc
        is_async = isinstance(node, cst.For) and node.asynchronous is not None
        forever = isinstance(node, cst.While) and isinstance(node.test, cst.Name) and node.test.value in ("True", "1")
        iter_taint = _EMPTY
        if isinstance(node, cst.For):
            iter_taint = self.expr(node.iter, state)
            # an element taken from the state is not the state: putting it back (a swap, a move)
            # or using it is not a write from a stale read of the container
            iter_taint = frozenset(t for t in iter_taint if type(t) is _Via)
        head = state.copy()
        normal_exits: list[_State] = []
        breaks: list[_State] = []
        for _ in range(2):
            s = head.copy()
            self.stmt = node
            if is_async:
                self.suspend(node, s)
            if isinstance(node, cst.While):
                test = self.checks(self.expr(node.test, s))
                s.pc = s.pc | test
            if not forever:
                normal_exits.append(s.copy())
            if isinstance(node, cst.For):
                self.assign(node.target, iter_taint, s, None)
            self.loops.append(([], []))
            self.block(node.body, s)
            loop_breaks, continues = self.loops.pop()
            breaks.extend(loop_breaks)
            back = _merge([s, *continues])
            if back is None:
                break
            back.pc = _restrict(back.pc, pc_before)
            merged = _merge([head, back])
            assert merged is not None
            head = merged
        # leaving a while loop re-checks its test: it counts as a fresh check of what it read
        after = _merge(normal_exits)
        for b in breaks:
            b.pc = _restrict(b.pc, pc_before)
        result = _merge([after, *breaks] if after is not None else breaks)
        if after is not None and node.orelse is not None:
            self.block(node.orelse.body, after)
            result = _merge([after, *breaks])
        if result is None:
            state.dead = True
            return
        if isinstance(node, cst.For):
            result.pc = _restrict(result.pc, pc_before)
        self._adopt(state, result)

    @staticmethod
    def _adopt(state: _State, other: _State) -> None:
        state.locals, state.pc, state.checked = other.locals, other.pc, other.checked
        state.held_at, state.held, state.dead = other.held_at, other.held, other.dead
        state.aliases, state.settled, state.exit = other.aliases, other.settled, other.exit

    def with_(self, node: cst.With, state: _State) -> None:
        is_async = node.asynchronous is not None
        tokens = []
        for item in node.items:
            taint = self.expr(item.item, state)
            if is_async:
                self.suspend(node, state)
                if is_lock_expression(self.context, item.item, self.scope):
                    tokens.append(("with", id(node), id(item)))
            if item.asname is not None:
                self.assign(item.asname.name, taint, state, None)
        held_before = state.held
        if tokens:
            state.held = state.held | frozenset(tokens)
        self.block(node.body, state)
        state.held = held_before if not tokens else state.held - frozenset(tokens)
        if is_async:
            self.stmt = node
            self.suspend(node, state)

    def try_(self, node: cst.CSTNode, state: _State) -> None:
        before = state.copy()
        body = state.copy()
        self.block(node.body, body)  # type: ignore[attr-defined]
        outcomes: list[_State] = []
        handler_states: list[_State] = []
        for handler in node.handlers:  # type: ignore[attr-defined]
            entry = _merge([before, body], include_dead=True)
            assert entry is not None
            entry.pc = _restrict(entry.pc, before.pc)
            if handler.type is not None:
                self.stmt = handler
                self.expr(handler.type, entry)
            if handler.name is not None:
                self.assign(handler.name.name, _EMPTY, entry, None)
            self.block(handler.body, entry)
            handler_states.append(entry)
            outcomes.append(entry)
        if not body.dead and node.orelse is not None:  # type: ignore[attr-defined]
            self.block(node.orelse.body, body)  # type: ignore[attr-defined]
        outcomes.append(body)
        normal = _merge(outcomes)
        final = node.finalbody  # type: ignore[attr-defined]
        if final is not None:
            entry = _merge([*outcomes, before], include_dead=True)
            assert entry is not None
            entry.pc = _restrict(entry.pc, before.pc if normal is None else normal.pc)
            self.block(final.body, entry)
            if normal is None or entry.dead:
                entry.dead = True
            normal = entry
        if normal is None:
            merged = _merge(outcomes, include_dead=True)
            assert merged is not None
            merged.dead = True
            normal = merged
        self._adopt(state, normal)

    def match(self, node: cst.Match, state: _State) -> None:
        test = self.checks(self.expr(node.subject, state))
        # cases compare the subject by value, as ``==`` does
        self.valued.update(t if type(t) is _Read else t.read for t in test)
        added = test - state.pc
        branches = []
        exhaustive = False
        for case in node.cases:
            s = state.copy()
            s.pc = state.pc | test
            if case.guard is not None:
                s.pc = s.pc | self.checks(self.expr(case.guard, s))
            self.block(case.body, s)
            branches.append(s)
            pattern = case.pattern
            if isinstance(pattern, cst.MatchAs) and pattern.pattern is None and case.guard is None:
                exhaustive = True
        if not exhaustive:
            s = state.copy()
            s.pc = state.pc | test
            branches.append(s)
        self._join(state, branches, added)

    def then(self, earlier: frozenset, mark: int, later: frozenset) -> frozenset:
        """``earlier`` (evaluated before the mark) joined with ``later``, aged if it suspended between."""
        if self.suspensions != mark and earlier and self.last_suspension is not None:
            earlier = _age(earlier, *self.last_suspension)
        return earlier | later

    # -- expressions ----------------------------------------------------------------------------
    def expr(self, node: cst.CSTNode, state: _State) -> _Taint:
        """Evaluate ``node`` in order; return the reads its value derives from."""
        if isinstance(node, cst.Name):
            name = node.value
            key = self.key_of(node, container=True)
            if key is not None and key in self.written:
                return state.locals.get(name, _EMPTY) | {self.read(key, node, state)}
            return state.locals.get(name, _EMPTY)
        if isinstance(node, cst.Attribute):
            taint = self.expr(node.value, state)
            if taint and node.attr.value not in _DIRECT:
                inner = self.key_of(node.value, container=True)
                if inner is not None:
                    read = self.reads.get((inner, id(node.value)))
                    if read is not None:
                        self.through.add(read)
            key = self.key_of(node)
            if key is not None and key in self.written:
                taint = taint | {self.read(key, node, state)}
            return taint
        if isinstance(node, cst.Await):
            # The awaited result is a new value from elsewhere, not the read passed in: converting
            # state in place (``self.peer = await resolve(self.peer)``) is not a lost update.
            awaited_taint = self.expr(node.expression, state)
            awaited = node.expression
            callee = awaited.func if isinstance(awaited, cst.Call) else None
            callee_name = callee.attr.value if isinstance(callee, cst.Attribute) else getattr(callee, "value", None)
            if callee_name not in _NO_SWITCH:
                self.suspend(node, state)
            self._manual_lock(node.expression, state)
            return frozenset(_Via(t.key) for t in awaited_taint) if awaited_taint else _EMPTY
        if isinstance(node, cst.Call):
            return self.call(node, state)
        if isinstance(node, cst.Comparison):
            taint = self.expr(node.left, state)
            for target in node.comparisons:
                mark = self.suspensions
                taint = self.then(taint, mark, self.expr(target.comparator, state))
            if all(isinstance(t.operator, _VALUE_OPERATORS) for t in node.comparisons):
                self.valued.update(t if type(t) is _Read else t.read for t in taint if type(t) is not _Via)
            return taint
        if isinstance(node, cst.Subscript):
            taint = self.expr(node.value, state)
            index = _EMPTY
            for element in node.slice:
                index |= self.expr(element, state)
            if self._subscript_key(node.value) is not None:
                return taint  # ``self.buf[i]`` is the state's content; ``i`` only addresses it
            return taint | index
        if isinstance(node, (cst.Lambda, cst.Integer, cst.Float, cst.SimpleString, cst.Ellipsis)):
            return _EMPTY
        if isinstance(node, cst.NamedExpr):
            taint = self.expr(node.value, state)
            self.assign(node.target, taint, state, node.value)
            return taint
        if isinstance(node, cst.CompFor):
            taint = self.expr(node.iter, state)
            if node.asynchronous is not None:
                self.suspend(node, state)
            for cond in node.ifs:
                taint |= self.expr(cond, state)
            if node.inner_for_in is not None:
                taint |= self.expr(node.inner_for_in, state)
            return taint
        if isinstance(node, (cst.ListComp, cst.SetComp, cst.GeneratorExp)):
            taint = self.expr(node.for_in, state)
            return taint | self.expr(node.elt, state)
        if isinstance(node, cst.DictComp):
            taint = self.expr(node.for_in, state)
            return taint | self.expr(node.key, state) | self.expr(node.value, state)
        taint = _EMPTY
        for child in _children(node):
            if isinstance(child, (cst.BaseExpression, cst.Arg, cst.Element, cst.BaseDictElement,
                                  cst.SubscriptElement, cst.BaseSlice, cst.FormattedStringExpression,
                                  cst.BaseFormattedStringContent, cst.ComparisonTarget, cst.Param,
                                  cst.Parameters)):
                mark = self.suspensions
                taint = self.then(taint, mark, self.expr(child, state))
        return taint

    def call(self, node: cst.Call, state: _State) -> _Taint:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in MUTATORS:
            key = self._subscript_key(func.value)
            if key is not None and key in self.written:
                receiver = func.value
                taint = _EMPTY
                if isinstance(receiver, cst.Subscript):
                    taint = self._subscript_parts(receiver, state)
                elif isinstance(receiver, cst.Attribute):
                    taint = self.expr(receiver.value, state)
                for arg in node.args:
                    taint |= self.expr(arg.value, state)
                method = func.attr.value
                if method == "discard" or (method == "pop" and len(node.args) == 2):
                    pass  # an idempotent delete loses no update
                else:
                    self.write(key, node, taint, state,
                               node.args[0].value if method == "add" and len(node.args) == 1 else None,
                               method in _ADDITIVE)
                if func.attr.value in _RETURNING:
                    return taint | {self.read(key, node, state)}
                return taint
        if (isinstance(func, cst.Attribute) and func.attr.value in MUTATORS and isinstance(func.value, cst.Name)
                and func.value.value in state.locals):
            # ``parts.append(v)`` on a local: the local now holds what ``v`` derives from
            name = func.value.value
            taint = _EMPTY
            for arg in node.args:
                taint |= self.expr(arg.value, state)
            state.locals[name] = state.locals[name] | taint
            return taint
        if isinstance(func, cst.Attribute) and func.attr.value == "release" and state.held:
            text = self.context.code_of(func.value)
            state.held = frozenset(t for t in state.held if not (t[0] == "acquire" and t[1] == text))
        taint = self.expr(func, state)
        for arg in node.args:
            mark = self.suspensions
            taint = self.then(taint, mark, self.expr(arg.value, state))
        return taint

    def _manual_lock(self, awaited: cst.BaseExpression, state: _State) -> None:
        """``await lock.acquire()`` holds ``lock`` until ``lock.release()`` on this path."""
        if (isinstance(awaited, cst.Call) and isinstance(awaited.func, cst.Attribute)
                and awaited.func.attr.value == "acquire"
                and is_lock_expression(self.context, awaited.func.value, self.scope)):
            text = self.context.code_of(awaited.func.value)
            state.held = state.held | {("acquire", text, id(awaited))}
