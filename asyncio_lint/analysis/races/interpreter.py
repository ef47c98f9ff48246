"""The race analysis proper: a small path-sensitive abstract interpretation of one ``async def``.

The abstract state (domain.py) holds, for every read of a shared key seen on the path, whether a
suspension happened since (the read is *stale*) and which locks were held when it happened; the
locals that carry values derived from reads (taint); and the reads the current path is control
dependent on (``pc``). States are merged at joins, loops are run twice (loop-carried reads), and
try/except/finally, ``return``/``raise``/``break``/``continue`` are followed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import libcst as cst

from asyncio_lint.analysis.races.domain import (
    CHECK, EMPTY, LOST, MARKS, RESET, SET, Mixed, Race, Read, Stale, State, Taint, Via, age, merge, restrict,
    without)
from asyncio_lint.analysis.races.keys import (
    SharedKeys, entry_path, in_place_updates, keyed_method_path, same_entry)
from asyncio_lint.analysis.races.locks import is_lock_expression, locked_methods, task_owned
from asyncio_lint.analysis.races.vocabulary import (
    ADDITIVE, DESTRUCTIVE, DIRECT, EMPTY_CONSTRUCTORS, KEYED, MERGES, MUTATORS, NO_SWITCH, ONE_SHOT, RETURNING,
    SNAPSHOTS, VALUE_OPERATORS, is_constant, presence_polarity)
from asyncio_lint.tree import child_nodes

# Coroutines that take an object down: what other tasks add while they run is refused or dropped.
TEARDOWN = re.compile(r"(^|_)(a?close|shutdown|stop|terminate|cleanup|clean_up|teardown|tear_down|disconnect|"
                      r"dispose|unload|destroy|delete|quit|exit)(_|$)", re.I)

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext
    from asyncio_lint.analysis.names import Scope


class Interpreter:
    """Follows one ``async def``'s paths and records its races (see the package docstring)."""

    def __init__(self, context: "FileContext", func: cst.FunctionDef, scope: "Scope") -> None:
        self.context = context
        self.func = func
        self.scope = scope
        self.keys = SharedKeys(context, scope)
        self.findings: dict[tuple[int, str], Race] = {}
        self.reads: dict[tuple[str, int], Read] = {}
        self.through: set[Read] = set()  # reads of a key only to reach something of it
        self.valued: set[Read] = set()  # reads compared by value (``<``, ``==``, ...), not tested for presence
        self.paths: dict[Read, tuple[str, ...]] = {}  # the container entry a read looked at (keys.entry_path)
        # (key, entry) -> the suspension count when ``self.d[k]`` (or ``self.d.pop(k)``, its value
        # used) last looked it up: both raise when the entry is gone, so they re-check it
        self.entry_reads: dict[tuple[str, tuple[str, ...]], int] = {}
        self.present_guard: set[Read] = set()  # reads an early exit tested for absence (see _join)
        # suspensions so far, and the last one: values computed earlier in the same expression
        # (``self.n + await f()``) go stale too
        self.suspensions = 0
        self.last_suspension: tuple[cst.CSTNode, cst.CSTNode | None, int] | None = None
        self.suspension_ids: dict[int, int] = {}
        self.stmt: cst.CSTNode | None = None
        self.stmt_order: dict[int, int] = {}  # statements in the order first interpreted (source order)
        self.update_sites: dict[str, cst.CSTNode] | None = None  # see _updates
        self.exiting = False  # in the ``finally:`` after a context manager's ``yield`` (its exit)
        self.loops: list[tuple[list[State], list[State]]] = []

    # -- driver ---------------------------------------------------------------------------------
    def run(self) -> list[Race]:
        if self.func.name.value in ONE_SHOT:
            return []
        owner = self.scope.parent.node if self.scope.parent is not None and self.scope.parent.kind == "class" else None
        if isinstance(owner, cst.ClassDef) and task_owned(owner):
            return []
        if not self.keys.collect_writes(self.func) or not self.keys.written:
            return []
        if _run_loop(self.func) and not (isinstance(owner, cst.ClassDef) and _started_many(owner, self.func.name.value)):
            return []  # a loop that runs until stopped: one task owns what only it touches
        state = State()
        if isinstance(owner, cst.ClassDef) and self.func.name.value in locked_methods(self.context, owner):
            state.held = frozenset({("caller",)})  # every caller holds a lock around the call
        self.block(self.func.body, state)
        return self._grouped()

    def _grouped(self) -> list[Race]:
        """One race per stale read (and per statement for the same-statement ones), listing every
        write it leads to in source order."""
        order = self.stmt_order
        races = sorted(self.findings.items(), key=lambda item: order.get(item[0][0], len(order)))
        groups: dict[tuple[object, ...], list[Race]] = {}
        for (stmt, _), race in races:
            if race.same_statement:
                groups[(stmt, race.key)] = [race]
            else:
                family = SET if race.kind == SET else LOST
                groups.setdefault((race.key, id(race.read), family), []).append(race)
        out = []
        for group in groups.values():
            first = group[0]  # its kind says what the first write loses
            out.append(Race(first.key, first.read, first.suspension, first.write, first.same_statement,
                            first.checked, first.kind, tuple(r.write for r in group), first.update))
        return out

    # -- events ---------------------------------------------------------------------------------
    def read(self, key: str, node: cst.CSTNode, state: State) -> Read:
        rid = (key, id(node))
        read = self.reads.get(rid)
        if read is None:
            read = self.reads[rid] = Read(key, node, self.stmt, len(self.reads))
        state.held_at[read] = state.held
        if read in state.settled:
            state.settled = state.settled - {read}
        return read

    def checks(self, taint: Taint) -> frozenset[Read | Stale]:
        """The reads a branch on ``taint`` depends on (reads of the state itself)."""
        through = self.through
        return frozenset(r for r in taint if isinstance(r, (Read, Stale))
                         and (r.read if isinstance(r, Stale) else r) not in through)

    def suspend(self, node: cst.CSTNode, state: State) -> None:
        stmt = self.stmt
        self.suspensions += 1
        seq = self.suspension_ids.setdefault(id(node), len(self.suspension_ids))
        self.last_suspension = (node, stmt, seq)
        for name, taint in state.locals.items():
            if taint:
                state.locals[name] = age(taint, node, stmt, seq)
        state.pc = age(state.pc, node, stmt, seq)
        if state.consumed:
            state.consumed = age(state.consumed, node, stmt, seq)
        if state.checked:
            held = state.held
            state.checked = frozenset(r for r in state.checked if state.held_at.get(r, EMPTY) & held)

    def write(self, key: str, node: cst.CSTNode, data: Taint, state: State,
              value: cst.BaseExpression | None = None, how: str = "store", path: tuple[str, ...] = ()) -> None:
        """A write of ``key`` whose value derives from ``data``. ``how``: "store" (an assignment),
        "merge" (``update``/``setdefault``/``add``), "additive" (``append``, ``extend``, ``+=`` of a
        sequence: loses no other task's update), "add-assign" (``+=`` of a non-literal: a lost update
        of a number, harmless after a check), "relative" (``-=``...), "destructive" (``del``,
        ``pop``, ``clear``: fails or removes what another task put there), "reset" (``clear()``).
        ``path``: the entry of the container written (``self.d[k]``: ("k",))."""
        if key not in self.keys.written:
            return
        self._write(key, node, data, state, value, how, path)
        if how == "reset" or (how == "store" and value is not None and _resets(self.context, self.scope, value)):
            self._reset(key, node, state)
        # fresh reads of the key have now been acted upon atomically
        settled = [t for t in data | state.pc if type(t) is Read and t.key == key]
        if settled:
            state.settled = state.settled | frozenset(settled)
            if any(t in state.pc for t in settled):
                # a claim: the check and this write ran with no suspension between them, so every
                # other task's check now fails (``if not self._busy: self._busy = True; await ...``)
                state.settled = state.settled | frozenset(t for t in state.pc if type(t) is Read)

    def _write(self, key: str, node: cst.CSTNode, data: Taint, state: State,
               value: cst.BaseExpression | None, how: str, path: tuple[str, ...]) -> None:
        if isinstance(value, cst.Name) and state.aliases.get(value.value) == key:
            return  # restoring a saved value (``old = self.x`` ... ``self.x = old``)
        if Via(key) in data:
            return  # converting the state through an await (``self.peer = await resolve(self.peer)``)
        held = state.held
        pc = state.pc
        fresh_check = any(r.key == key for r in state.checked)
        # a write that re-reads the state itself merges with what is there now
        # (``self.n = min(self.n, before + 1)``, ``self.d = {**self.d, k: v}``)
        merges_current = any(type(t) is Read and t.key == key and t.stmt is self.stmt for t in data)
        candidates: list[tuple[Stale, bool]] = []
        for t in data | pc:
            if t.key != key or not isinstance(t, (Read, Stale)):
                continue
            read = _read_of(t)
            if read in state.settled:
                continue
            if type(t) is Read or state.held_at.get(read, EMPTY) & held:
                if t in pc:
                    fresh_check = True  # re-checked after the last suspension (or under the lock)
                continue
            candidates.append((t, t in data))  # type: ignore[arg-type]
        candidates.sort(key=lambda c: (not c[1], -c[0].read.seq, c[0].seq))  # the latest read
        for stale, in_data in candidates:
            if in_data:
                if how == "additive" or (merges_current and not self._same_statement(stale)):
                    continue
                if value is not None and _passed_to(stale.where, self.context.code_of(value), self.context):
                    continue  # a write-through copy of what the awaited call just stored elsewhere
                # an update meant to add up (``balance - amount``, ``not flag``) is lost; a value
                # merely computed from the old one replaces what another task set (last one wins)
                kind = LOST if how != "merge" and (Mixed(key) in data or how in ("relative", "add-assign")) else SET
            else:
                # check-then-act: a fresh re-check, or an idempotent flag value, makes it harmless;
                # so does adding to a sequence (``+=`` of a non-literal included)
                if fresh_check or how in ("additive", "add-assign") or (value is not None and is_constant(value)):
                    continue
                # after ``if now > self.deadline`` / ``if h != self.hash`` a new value replaces the
                # old one; only a relative update (``self.balance -= x`` after
                # ``if self.balance >= x``) can break what the comparison checked
                if stale.read in self.valued and how != "relative":
                    continue
                if path and not same_entry(path, self.paths.get(stale.read, ())):
                    continue  # checked one entry, wrote another
                if stale.read in self.present_guard and how != "destructive":
                    continue  # refreshing what an early exit found present
                if how == "destructive" and path and self.entry_reads.get((key, path)) == self.suspensions:
                    continue  # the entry was looked up afresh since the last suspension: what is removed is what was read
                if how == "reset" and TEARDOWN.search(self.func.name.value):
                    continue  # clearing it while taking the object down (see _reset)
                kind = CHECK if how in ("destructive", "relative", "reset") else SET
            read = stale.read
            same = self._same_statement(stale)
            fid = (id(self.stmt), key)
            if fid not in self.findings or (in_data and not self.findings[fid].same_statement and same):
                self.findings[fid] = Race(key, read.node, stale.where, node, same, not in_data, kind)

    def _same_statement(self, stale: Stale) -> bool:
        read = stale.read
        return read.stmt is not None and read.stmt is self.stmt and stale.stmt is self.stmt

    def _reset(self, key: str, node: cst.CSTNode, state: State) -> None:
        """A reset of a key whose whole content this task took before a suspension: what other
        tasks added to it in the meantime is thrown away (a lost update that reads nothing)."""
        fid = (id(self.stmt), key)
        if fid in self.findings or any(r.key == key for r in state.checked) \
                or any(type(t) is Read and t.key == key for t in state.pc):
            return  # already reported, or re-checked after the suspension
        if TEARDOWN.search(self.func.name.value) or self.exiting:
            return  # closing the object: whatever is added now is refused or dropped anyway
        update = self._updates().get(key)
        if update is None:
            return  # nothing adds to it in place: no other task's update to lose
        held = state.held
        stale_reads = [t for t in state.consumed if type(t) is Stale and t.key == key
                       and t.read not in state.settled and not state.held_at.get(t.read, EMPTY) & held]
        if stale_reads:
            stale = max(stale_reads, key=lambda t: (t.read.seq, -t.seq))
            self.findings[fid] = Race(key, stale.read.node, stale.where, node, False, False, RESET, update=update)

    def _updates(self) -> dict[str, cst.CSTNode]:
        """Where other code adds to each shared key in place: another method or function of this
        coroutine's class or module, not this coroutine itself, nor a method it hands on as a
        callback (``parser = Parser(on_data=self.on_data)``: that one runs while this task drives
        it, not while it waits)."""
        if self.update_sites is None:
            owners = frozenset(n for n in (self.keys.self_name, self.keys.cls_name) if n is not None)
            handed_on = _attributes_used_uncalled(self.func)
            scope = self.scope.parent
            while scope is not None and scope.kind != "class":
                scope = scope.parent
            sites: dict[str, list[tuple[cst.CSTNode, cst.FunctionDef | None]]] = {}
            if scope is not None and owners:
                sites.update(in_place_updates(self.context, scope.node, owners))
            for k, v in in_place_updates(self.context, self.context.module, frozenset()).items():
                sites.setdefault(k, v)
            outer = self._outermost_function()
            found: dict[str, cst.CSTNode] = {}
            for key, places in sites.items():
                for node, function in places:
                    if function is not None and (function is outer or function.name.value in handed_on):
                        continue
                    found[key] = node
                    break
            self.update_sites = found
        return self.update_sites

    def _outermost_function(self) -> cst.CSTNode:
        """This coroutine, or the function of the class or module it is nested in."""
        scope = self.scope
        while scope.parent is not None and scope.parent.kind in ("function", "lambda"):
            scope = scope.parent
        return scope.node

    def _whole(self, expr: cst.CSTNode) -> Read | None:
        """The read of a key that ``expr`` takes whole: ``self.buf``, ``list(self.buf)``,
        ``self.buf.copy()``, ``self.d.items()``, ``self.buf[:]`` (already evaluated)."""
        for _ in range(3):
            if isinstance(expr, cst.Call):
                func = expr.func
                if isinstance(func, cst.Attribute) and func.attr.value in ("copy", "items", "values", "keys") \
                        and not expr.args:
                    expr = func.value
                elif expr.args and not expr.args[0].star and \
                        self.context.qualified_name(func, self.scope) in SNAPSHOTS:
                    expr = expr.args[0].value
                else:
                    return None
            elif isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Slice):
                expr = expr.value
            else:
                break
        if not isinstance(expr, (cst.Name, cst.Attribute)):
            return None
        key = self.keys.key_of(expr, container=True)
        return self.reads.get((key, id(expr))) if key is not None else None

    def _consume(self, expr: cst.CSTNode, state: State) -> None:
        whole = self._whole(expr)
        if whole is not None:  # (the latest taking of a key stands for the earlier ones)
            state.consumed = frozenset(t for t in state.consumed if t.key != whole.key) | {whole}

    def _note_entry(self, container: cst.CSTNode, path: tuple[str, ...]) -> None:
        """Remember which entry of a container a read looked at (``k in self.d``, ``self.d[k]``)."""
        base = container
        while isinstance(base, cst.Subscript):
            base = base.value
        key = self.keys.key_of(base, container=True)
        read = self.reads.get((key, id(base))) if key is not None else None
        if read is not None and len(path) > len(self.paths.get(read, ())):
            self.paths[read] = path

    # -- statements -----------------------------------------------------------------------------
    def block(self, body: cst.CSTNode, state: State) -> None:
        if isinstance(body, cst.IndentedBlock):
            for stmt in body.body:
                if state.dead:
                    return
                self.statement(stmt, state)
        elif isinstance(body, cst.SimpleStatementSuite):
            self.stmt_order.setdefault(id(body), len(self.stmt_order))
            for small in body.body:
                if state.dead:
                    return
                self.stmt = body
                self.small(small, state)

    def statement(self, stmt: cst.CSTNode, state: State) -> None:
        self.stmt_order.setdefault(id(stmt), len(self.stmt_order))
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

    def small(self, small: cst.BaseSmallStatement, state: State) -> None:
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
                exit = frozenset(r.key for r in self.expr(small.value, state) if type(r) not in MARKS)
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
            state.checked = state.checked | frozenset(r for r in test if type(r) is Read)
        # pass, import, global, nonlocal: nothing

    def aug_assign(self, node: cst.AugAssign, state: State) -> None:
        target = node.target
        if isinstance(target, cst.Name) and target.value not in self.keys.globals and target.value not in self.keys.nonlocals:
            taint = self.expr(node.value, state)
            state.locals[target.value] = state.locals.get(target.value, EMPTY) | taint
            return
        if isinstance(target, cst.Subscript):
            key = self.keys.subscript_key(target)
            taint = self.expr(target, state)
        else:
            key = self.keys.key_of(target)
            if isinstance(target, cst.Attribute):
                taint = self.expr(target.value, state)
            else:
                taint = EMPTY
            if key is not None and key in self.keys.written:
                taint = taint | {self.read(key, target, state)}
        mark = self.suspensions
        taint = self.then(taint, mark, self.expr(node.value, state))
        if key is not None:
            additive = isinstance(node.operator, cst.AddAssign) and not isinstance(node.value, (cst.Integer, cst.Float))
            path = entry_path(self.context, target) if isinstance(target, cst.Subscript) else ()
            self.write(key, node, taint, state, how="add-assign" if additive else "relative", path=path)

    def assign(self, target: cst.CSTNode, taint: Taint, state: State,
               value: cst.BaseExpression | None) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.assign(element.value, taint, state, value if isinstance(value, cst.Await) else None)
        elif isinstance(target, cst.StarredElement):
            self.assign(target.value, taint, state, None)
        elif isinstance(target, cst.Name):
            key = self.keys.key_of(target)
            if key is not None:
                self.write(key, target, taint, state, value)
            else:
                state.locals[target.value] = taint
                if value is not None:
                    self._consume(value, state)  # ``batch = self.buf``: this task takes the content
                copied = self._copy_of(value) if value is not None else None
                if copied is not None:
                    state.aliases[target.value] = copied
                else:
                    state.aliases.pop(target.value, None)
        elif isinstance(target, cst.Attribute):
            self.expr(target.value, state)
            key = self.keys.key_of(target)
            if key is not None:
                self.write(key, target, taint, state, value)
        elif isinstance(target, cst.Subscript):
            self._subscript_parts(target, state)  # the index is no part of the stored value
            key = self.keys.subscript_key(target)
            if key is not None:
                self.write(key, target, taint, state, value, path=entry_path(self.context, target))
        else:
            self.expr(target, state)

    def _copy_of(self, value: cst.BaseExpression) -> str | None:
        """The key ``value`` is an unchanged copy of: ``self.x``, ``self.d[k]``, ``self.d.get(k)``."""
        if isinstance(value, cst.BooleanOperation) and isinstance(value.operator, cst.Or):
            value = value.right  # ``phone = parse(phone) or self._phone``: the saved copy is the fallback
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and value.func.attr.value == "get":
            value = value.func.value
        elif isinstance(value, cst.Subscript):
            return self.keys.subscript_key(value)
        return self.keys.key_of(value, container=True) if isinstance(value, (cst.Name, cst.Attribute)) else None

    def _subscript_parts(self, target: cst.Subscript, state: State) -> Taint:
        """Evaluate what a subscript target evaluates before the store, minus the container read."""
        taint = EMPTY
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

    def delete(self, target: cst.CSTNode, state: State) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.delete(element.value, state)
        elif isinstance(target, cst.Subscript):
            self._subscript_parts(target, state)
            key = self.keys.subscript_key(target)
            if key is not None:
                self.write(key, target, EMPTY, state, how="destructive", path=entry_path(self.context, target))
        elif isinstance(target, cst.Attribute):
            self.expr(target.value, state)
            key = self.keys.key_of(target)
            if key is not None:
                self.write(key, target, EMPTY, state, how="destructive")
        elif isinstance(target, cst.Name):
            state.locals.pop(target.value, None)

    def if_(self, node: cst.If, state: State) -> None:
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
        polarity = presence_polarity(node.test)
        self._join(state, [then, other], added, (polarity < 0, polarity > 0), (polarity > 0, polarity < 0))

    def _join(self, state: State, branches: list[State], added: frozenset[Read | Stale],
              refresh: tuple[bool, ...] = (), present: tuple[bool, ...] = ()) -> None:
        merged = merge(branches)
        if merged is None:
            merged = merge(branches, include_dead=True)
            assert merged is not None
            merged.dead = True
            exits = [b.exit for b in branches]
            if "continue" in exits:
                merged.exit = "continue"
            else:
                merged.exit = frozenset().union(*(e for e in exits if isinstance(e, frozenset)))
        elif all(not b.dead for b in branches):
            merged.pc = without(merged.pc, added)
        else:
            # An early exit guards what follows only when it skips the rest of a loop iteration
            # or returns the state it checked (``if k in cache: return cache[k]``); an
            # ``if self._closed: raise ...`` guard does not make later writes check-then-act.
            keep: set[str] = set()
            guards = False
            for i, b in enumerate(branches):
                if b.dead and i < len(refresh) and refresh[i]:
                    guards = True
                if b.dead and not (i < len(refresh) and refresh[i]):
                    # leaving when the state is there (``if self._x is not None: return ...``, a
                    # ``continue`` or ``raise`` alike): what follows runs because it was absent
                    if b.exit == "continue" or (i < len(present) and present[i]):
                        keep = {r.key for r in added}
                        break
                    if isinstance(b.exit, frozenset):
                        keep |= b.exit
            dropped = frozenset(r for r in added if r.key not in keep)
            if dropped:
                if guards:
                    # an exit when the state is absent (``if not self._sender: return``): what follows
                    # works on what is there, a refresh; only taking it out can fail later
                    self.present_guard.update(r if type(r) is Read else r.read for r in dropped)
                else:
                    merged.pc = without(merged.pc, dropped)
                # ... and it re-checks the state, as an ``assert`` would
                merged.checked = merged.checked | frozenset(r for r in dropped if type(r) is Read)
        self._adopt(state, merged)

    def loop(self, node: cst.For | cst.While, state: State) -> None:
        pc_before = state.pc
        is_async = isinstance(node, cst.For) and node.asynchronous is not None
        forever = isinstance(node, cst.While) and isinstance(node.test, cst.Name) and node.test.value in ("True", "1")
        iter_taint = EMPTY
        if isinstance(node, cst.For):
            iter_taint = self.expr(node.iter, state)
            self._consume(node.iter, state)  # ``for item in self.pending``: the task takes them all
            # an element taken from the state is not the state: putting it back (a swap, a move)
            # or using it is not a write from a stale read of the container
            iter_taint = frozenset(t for t in iter_taint if type(t) is Via)
        head = state.copy()
        normal_exits: list[State] = []
        breaks: list[State] = []
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
            back = merge([s, *continues])
            if back is None:
                break
            back.pc = restrict(back.pc, pc_before)
            merged = merge([head, back])
            assert merged is not None
            head = merged
        # leaving a while loop re-checks its test: it counts as a fresh check of what it read
        after = merge(normal_exits)
        for b in breaks:
            b.pc = restrict(b.pc, pc_before)
        result = merge([after, *breaks] if after is not None else breaks)
        if after is not None and node.orelse is not None:
            self.block(node.orelse.body, after)
            result = merge([after, *breaks])
        if result is None:
            state.dead = True
            return
        if isinstance(node, cst.For):
            result.pc = restrict(result.pc, pc_before)
        self._adopt(state, result)

    @staticmethod
    def _adopt(state: State, other: State) -> None:
        state.locals, state.pc, state.checked = other.locals, other.pc, other.checked
        state.held_at, state.held, state.dead = other.held_at, other.held, other.dead
        state.aliases, state.settled, state.exit = other.aliases, other.settled, other.exit
        state.consumed = other.consumed

    def with_(self, node: cst.With, state: State) -> None:
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

    def try_(self, node: cst.CSTNode, state: State) -> None:
        before = state.copy()
        body = state.copy()
        self.block(node.body, body)  # type: ignore[attr-defined]
        outcomes: list[State] = []
        handler_states: list[State] = []
        for handler in node.handlers:  # type: ignore[attr-defined]
            entry = merge([before, body], include_dead=True)
            assert entry is not None
            entry.pc = restrict(entry.pc, before.pc)
            if handler.type is not None:
                self.stmt = handler
                self.expr(handler.type, entry)
            if handler.name is not None:
                self.assign(handler.name.name, EMPTY, entry, None)
            self.block(handler.body, entry)
            handler_states.append(entry)
            outcomes.append(entry)
        if not body.dead and node.orelse is not None:  # type: ignore[attr-defined]
            self.block(node.orelse.body, body)  # type: ignore[attr-defined]
        outcomes.append(body)
        normal = merge(outcomes)
        final = node.finalbody  # type: ignore[attr-defined]
        if final is not None:
            entry = merge([*outcomes, before], include_dead=True)
            assert entry is not None
            entry.pc = restrict(entry.pc, before.pc if normal is None else normal.pc)
            exiting = self.exiting
            self.exiting = exiting or _yields(node.body)  # type: ignore[attr-defined]
            self.block(final.body, entry)
            self.exiting = exiting
            if normal is None or entry.dead:
                entry.dead = True
            normal = entry
        if normal is None:
            merged = merge(outcomes, include_dead=True)
            assert merged is not None
            merged.dead = True
            normal = merged
        self._adopt(state, normal)

    def match(self, node: cst.Match, state: State) -> None:
        test = self.checks(self.expr(node.subject, state))
        # cases compare the subject by value, as ``==`` does
        self.valued.update(t if type(t) is Read else t.read for t in test)
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
            earlier = age(earlier, *self.last_suspension)
        return earlier | later

    # -- expressions ----------------------------------------------------------------------------
    def expr(self, node: cst.CSTNode, state: State) -> Taint:
        """Evaluate ``node`` in order; return the reads its value derives from."""
        if isinstance(node, cst.Name):
            name = node.value
            key = self.keys.key_of(node, container=True)
            if key is not None and key in self.keys.written:
                return state.locals.get(name, EMPTY) | {self.read(key, node, state)}
            return state.locals.get(name, EMPTY)
        if isinstance(node, cst.Attribute):
            taint = self.expr(node.value, state)
            if taint and node.attr.value not in DIRECT:
                inner = self.keys.key_of(node.value, container=True)
                if inner is not None:
                    read = self.reads.get((inner, id(node.value)))
                    if read is not None:
                        self.through.add(read)
            key = self.keys.key_of(node)
            if key is not None and key in self.keys.written:
                taint = taint | {self.read(key, node, state)}
            return taint
        if isinstance(node, cst.Await):
            # The awaited result is a new value from elsewhere, not the read passed in: converting
            # state in place (``self.peer = await resolve(self.peer)``) is not a lost update.
            awaited_taint = self.expr(node.expression, state)
            awaited = node.expression
            callee = awaited.func if isinstance(awaited, cst.Call) else None
            if isinstance(awaited, cst.Call):
                for arg in awaited.args:
                    self._consume(arg.value, state)  # ``await self.send(self.buf)`` hands the content on
            callee_name = callee.attr.value if isinstance(callee, cst.Attribute) else getattr(callee, "value", None)
            if callee_name not in NO_SWITCH:
                self.suspend(node, state)
            self._manual_lock(node.expression, state)
            return frozenset(Via(t.key) for t in awaited_taint if type(t) is not Mixed) if awaited_taint else EMPTY
        if isinstance(node, cst.Call):
            return self.call(node, state)
        if isinstance(node, cst.Comparison):
            taint = self.expr(node.left, state)
            for target in node.comparisons:
                mark = self.suspensions
                taint = self.then(taint, mark, self.expr(target.comparator, state))
            if all(isinstance(t.operator, VALUE_OPERATORS) for t in node.comparisons):
                self.valued.update(_read_of(t) for t in taint if isinstance(t, (Read, Stale)))
            first = node.comparisons[0]
            if len(node.comparisons) == 1 and isinstance(first.operator, (cst.In, cst.NotIn)):
                self._note_entry(first.comparator, entry_path(self.context, first.comparator)
                                 + (self.context.code_of(node.left),))
            if any(_is_current_task(e) for e in (node.left, *(t.comparator for t in node.comparisons))):
                # ``self._owner is asyncio.current_task()``: no other task can make that true for
                # this one (a re-entrant lock's own bookkeeping), so it is not a check of shared state
                self.through.update(_read_of(t) for t in taint if isinstance(t, (Read, Stale)))
            return taint
        if isinstance(node, cst.Subscript):
            taint = self.expr(node.value, state)
            index = EMPTY
            for element in node.slice:
                index |= self.expr(element, state)
            key = self.keys.subscript_key(node.value)
            if key is not None:
                path = entry_path(self.context, node)
                self._note_entry(node, path)
                self.entry_reads[(key, path)] = self.suspensions
                return taint  # ``self.buf[i]`` is the state's content; ``i`` only addresses it
            return taint | index
        if isinstance(node, (cst.Lambda, cst.Integer, cst.Float, cst.SimpleString, cst.Ellipsis)):
            return EMPTY
        if isinstance(node, cst.NamedExpr):
            taint = self.expr(node.value, state)
            self.assign(node.target, taint, state, node.value)
            return taint
        if isinstance(node, cst.CompFor):
            taint = self.expr(node.iter, state)
            self._consume(node.iter, state)
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
        taint = self._children(node, state)
        if taint and _combines(node):
            taint = taint | {Mixed(t.key) for t in taint if type(t) is Read or type(t) is Stale}
        return taint

    def _children(self, node: cst.CSTNode, state: State) -> Taint:
        taint = EMPTY
        for child in child_nodes(node):
            if isinstance(child, (cst.BaseExpression, cst.Arg, cst.Element, cst.BaseDictElement,
                                  cst.SubscriptElement, cst.BaseSlice, cst.FormattedStringExpression,
                                  cst.BaseFormattedStringContent, cst.ComparisonTarget, cst.Param,
                                  cst.Parameters)):
                mark = self.suspensions
                taint = self.then(taint, mark, self.expr(child, state))
        return taint

    def call(self, node: cst.Call, state: State) -> Taint:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in MUTATORS:
            key = self.keys.subscript_key(func.value)
            if key is not None and key in self.keys.written:
                receiver = func.value
                taint = EMPTY
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
                    keyed = keyed_method_path(self.context, node) if method in KEYED else None
                    path = keyed if keyed is not None else entry_path(self.context, receiver)
                    if method == "pop" and keyed is not None and not _discarded(node, self.stmt):
                        self.entry_reads[(key, path)] = self.suspensions  # (the value taken is the one there now)
                    how = ("additive" if method in ADDITIVE else "reset" if method == "clear"
                           else "destructive" if method in DESTRUCTIVE else "merge" if method in MERGES else "store")
                    self.write(key, node, taint, state,
                               node.args[0].value if method == "add" and len(node.args) == 1 else None, how, path)
                if func.attr.value in RETURNING:
                    return taint | {self.read(key, node, state)}
                return taint
        if (isinstance(func, cst.Attribute) and func.attr.value in MUTATORS and isinstance(func.value, cst.Name)
                and func.value.value in state.locals):
            # ``parts.append(v)`` on a local: the local now holds what ``v`` derives from
            name = func.value.value
            taint = EMPTY
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
        looked_up = keyed_method_path(self.context, node)
        if looked_up is not None:
            self._note_entry(func.value, looked_up)  # type: ignore[attr-defined]  # ``self.d.get(k)``
        return taint

    def _manual_lock(self, awaited: cst.BaseExpression, state: State) -> None:
        """``await lock.acquire()`` (also inside ``asyncio.wait_for(...)``) holds ``lock`` until
        ``lock.release()`` on this path (a ``finally:`` releases it on every path)."""
        if isinstance(awaited, cst.Call) and isinstance(awaited.func, (cst.Attribute, cst.Name)) and awaited.args \
                and (awaited.func.attr.value if isinstance(awaited.func, cst.Attribute) else awaited.func.value) \
                == "wait_for":
            awaited = awaited.args[0].value
        if (isinstance(awaited, cst.Call) and isinstance(awaited.func, cst.Attribute)
                and awaited.func.attr.value == "acquire"
                and is_lock_expression(self.context, awaited.func.value, self.scope)):
            text = self.context.code_of(awaited.func.value)
            state.held = state.held | {("acquire", text, id(awaited))}


def _discarded(call: cst.Call, stmt: cst.CSTNode | None) -> bool:
    """``call`` is a statement of its own: its value is thrown away."""
    body = getattr(stmt, "body", ())
    return isinstance(body, (list, tuple)) and any(isinstance(s, cst.Expr) and s.value is call for s in body)


def _is_current_task(expr: cst.BaseExpression) -> bool:
    if not isinstance(expr, cst.Call):
        return False
    func = expr.func
    name = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
    return name == "current_task"


def _resets(context: "FileContext", scope: "Scope", value: cst.BaseExpression) -> bool:
    """A value that throws away what was there: a constant or an empty container."""
    if is_constant(value):
        return True
    if isinstance(value, (cst.List, cst.Tuple, cst.Dict)) and not value.elements:
        return True
    if isinstance(value, cst.Call) and context.qualified_name(value.func, scope) in EMPTY_CONSTRUCTORS:
        positional = [a for a in value.args if a.keyword is None]
        return not positional or context.qualified_name(value.func, scope) == "collections.defaultdict"
    return False


_COMBINING_UNARY = (cst.Not, cst.Minus, cst.BitInvert)


def _combines(node: cst.CSTNode) -> bool:
    """An expression whose value combines its operands: arithmetic, ``not``, a display that
    unpacks one (``[*items, x]``, ``{**d, k: v}``)."""
    if isinstance(node, cst.BinaryOperation):
        return True
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, _COMBINING_UNARY)
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return any(isinstance(e, cst.StarredElement) for e in node.elements)
    if isinstance(node, cst.Dict):
        return any(isinstance(e, cst.StarredDictElement) for e in node.elements)
    return False


def _read_of(t: Read | Stale) -> Read:
    return t.read if isinstance(t, Stale) else t


def _attributes_used_uncalled(func: cst.FunctionDef) -> frozenset[str]:
    """``self.on_data`` written in ``func`` as a value, not called: a method handed on."""
    found: set[str] = set()
    stack: list[cst.CSTNode] = [func.body]
    called: set[int] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call):
            called.add(id(node.func))
        elif isinstance(node, cst.Attribute) and id(node) not in called and isinstance(node.value, cst.Name):
            found.add(node.attr.value)
        stack.extend(child_nodes(node))
    return frozenset(found)


def _passed_to(suspension: cst.CSTNode, text: str, context: "FileContext") -> bool:
    """The suspension awaits a call with an argument spelled ``text``
    (``await config.set(not enabled)`` ... ``self.cache[k] = not enabled``)."""
    if not isinstance(suspension, cst.Await) or not isinstance(suspension.expression, cst.Call):
        return False
    return any(context.code_of(arg.value) == text for arg in suspension.expression.args)


def _yields(body: cst.CSTNode) -> bool:
    """A ``yield`` in ``body`` (outside nested scopes): a context manager's ``try: yield``."""
    return _contains(body, cst.Yield, (cst.FunctionDef, cst.ClassDef, cst.Lambda))


def _contains(body: cst.CSTNode, kind: type[cst.CSTNode], barriers: tuple[type[cst.CSTNode], ...]) -> bool:
    """A node of ``kind`` in ``body``, not looking inside nodes of the ``barriers`` types."""
    stack: list[cst.CSTNode] = [body]
    while stack:
        node = stack.pop()
        if isinstance(node, kind):
            return True
        if node is not body and isinstance(node, barriers):
            continue
        stack.extend(child_nodes(node))
    return False


def _run_loop(func: cst.FunctionDef) -> bool:
    """The coroutine's body ends in a loop that runs until stopped (``while True:``,
    ``while not self.stopping:``, ``while self.running:``): a worker or update loop, started once."""
    body = func.body.body if isinstance(func.body, cst.IndentedBlock) else ()
    last = body[-1] if body else None
    if isinstance(last, cst.Try) and isinstance(last.body, cst.IndentedBlock) and last.body.body:
        last = last.body.body[-1]
    if not isinstance(last, cst.While):
        return False
    test = last.test
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test = test.expression
    if isinstance(test, cst.Attribute):
        return True  # governed by a flag: ``while not self.stopping:``
    # ``while True:`` that only a ``return`` or an exception ends (a ``break`` makes it a drain)
    return isinstance(test, cst.Name) and test.value in ("True", "1") and not _breaks(last.body)


def _breaks(body: cst.CSTNode) -> bool:
    # a break in a nested loop ends that loop
    return _contains(body, cst.Break, (cst.For, cst.While, cst.FunctionDef, cst.ClassDef, cst.Lambda))


def _started_many(cls: cst.ClassDef, name: str) -> bool:
    """The class runs ``self.<name>()`` as several tasks: in a loop or comprehension, or more than once."""
    count = 0
    stack: list[tuple[cst.CSTNode, bool]] = [(cls.body, False)]
    while stack:
        node, repeated = stack.pop()
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == name:
            count += 2 if repeated else 1
        repeated = repeated or isinstance(node, (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.GeneratorExp,
                                                 cst.DictComp))
        stack.extend((child, repeated) for child in child_nodes(node))
    return count > 1
