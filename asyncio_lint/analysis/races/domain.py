"""The abstract domain of the race analysis: reads of shared state, reads made stale by a
suspension, taints (what a value derives from), and the path state merged at joins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, TypeAlias, final

import libcst as cst


# What a race loses (Race.kind):
LOST = "lost"    # a write computed from the stale value overwrites another task's update
CHECK = "check"  # a stale check leads to a removal or a relative update (KeyError, overdraft)
SET = "set"      # a stale check leads to setting the state (memoisation: the work is done twice)
RESET = "reset"  # the state was taken whole, then reset: what other tasks added meanwhile is lost


@dataclass(frozen=True)
class Race:
    key: str                 # the shared state, as written in the source: "self.balance", "CACHE"
    read: cst.CSTNode        # where it was read
    suspension: cst.CSTNode  # where the coroutine suspended after the read
    write: cst.CSTNode       # where it was written from the stale value / after the stale check
    same_statement: bool     # read, suspension and write in one statement (``x.a += await f()``)
    checked: bool            # the write is only reached because of a check of the read (check-then-act)
    kind: str = LOST
    # every write this stale read leads to, in source order (``write`` is the first)
    writes: tuple[cst.CSTNode, ...] = ()
    update: cst.CSTNode | None = None  # RESET: where other code adds to the state in place


@final
class Read:
    __slots__ = ("key", "node", "stmt", "seq")

    def __init__(self, key: str, node: cst.CSTNode, stmt: cst.CSTNode | None, seq: int) -> None:
        self.key = key
        self.node = node
        self.stmt = stmt
        self.seq = seq  # order of first evaluation, for deterministic reports


@final
class Stale:
    """A read that a suspension (``where``, in statement ``stmt``) has made stale."""

    __slots__ = ("read", "where", "stmt", "key", "seq")

    def __init__(self, read: Read, where: cst.CSTNode, stmt: cst.CSTNode | None, seq: int = 0) -> None:
        self.read = read
        self.where = where
        self.stmt = stmt
        self.key = read.key
        self.seq = seq  # which suspension (in evaluation order)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Stale) and other.read is self.read and other.where is self.where

    def __hash__(self) -> int:
        return hash((id(self.read), id(self.where)))


class _Mark:
    """A marker in a taint that is not a read: equal when of the same kind and key."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.key == self.key  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.key))


@final
class Via(_Mark):
    """A value computed by an awaited call from a read of ``key`` (``await resolve(self.peer)``)."""

    __slots__ = ()


@final
class Mixed(_Mark):
    """A value that combines a read of ``key`` with something else (``balance - amount``,
    ``not enabled``, ``[*items, x]``): a write of it back is an update meant to add up."""

    __slots__ = ()


# Markers in a taint that are not reads.
MARKS = (Via, Mixed)

# A taint: the reads (fresh ``Read`` or ``Stale``) and the markers a value derives from.
Taint: TypeAlias = "frozenset[Read | Stale | Via | Mixed]"
EMPTY: frozenset = frozenset()


def age(taint: frozenset, where: cst.CSTNode, stmt: cst.CSTNode | None, seq: int = 0) -> frozenset:
    if not any(type(t) is Read for t in taint):
        return taint
    return frozenset(Stale(t, where, stmt, seq) if type(t) is Read else t for t in taint)


class State:
    __slots__ = ("locals", "pc", "checked", "held_at", "held", "dead", "aliases", "settled", "exit", "consumed")

    def __init__(self) -> None:
        self.locals: dict[str, frozenset] = {}
        self.pc: frozenset = EMPTY
        # fresh reads tested by an ``assert`` or a ``raise`` guard: they re-check the state
        self.checked: frozenset = EMPTY
        self.held_at: dict[Read, frozenset[object]] = {}
        self.held: frozenset[tuple[object, ...]] = EMPTY  # lock tokens: ("caller",), ("with", ...), ("acquire", ...)
        self.dead = False
        # local name -> the key it holds an unchanged copy of (``old = self.x``)
        self.aliases: dict[str, str] = {}
        # reads followed by a write of their key with no suspension in between (acted on atomically)
        self.settled: frozenset[Read] = EMPTY
        # how a dead path left: "continue", or the keys its ``return`` value read
        self.exit: object = None
        # reads that took a key's whole content (``batch = self.buf``, ``for x in self.buf``,
        # ``await send(self.buf)``), made stale by suspensions like taints
        self.consumed: frozenset = EMPTY

    def copy(self) -> "State":
        s = State.__new__(State)
        s.locals = dict(self.locals)
        s.pc = self.pc
        s.checked = self.checked
        s.held_at = dict(self.held_at)
        s.held = self.held
        s.dead = self.dead
        s.aliases = dict(self.aliases)
        s.settled = self.settled
        s.exit = self.exit
        s.consumed = self.consumed
        return s


def merge(states: Iterable[State], include_dead: bool = False) -> State | None:
    """Join of the given states (live ones only unless ``include_dead``); None when there is none."""
    chosen = [s for s in states if s is not None and (include_dead or not s.dead)]
    if not chosen:
        return None
    result = chosen[0].copy()
    result.dead = False
    for other in chosen[1:]:
        if result.aliases or other.aliases:
            result.aliases = merge_aliases(result, other)
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
        result.consumed |= other.consumed
    return result


def without(pc: frozenset, removed: frozenset) -> frozenset:
    """``pc`` minus the reads of ``removed``, also in the stale form a suspension gave them since."""
    if not removed:
        return pc
    return frozenset(t for t in pc if t not in removed and not (type(t) is Stale and t.read in removed))


def restrict(pc: frozenset, base: frozenset) -> frozenset:
    """The elements of ``pc`` that stand for those of ``base`` (possibly made stale since)."""
    return frozenset(t for t in pc if t in base or (type(t) is Stale and t.read in base))


def merge_aliases(a: State, b: State) -> dict[str, str]:
    """A name stays a saved copy of a key when, on the other path, it is one too or holds a value
    unrelated to the key (``text = self._text if text is None``, else the caller's ``text``)."""
    merged: dict[str, str] = {}
    for one, other in ((a, b), (b, a)):
        for name, key in one.aliases.items():
            if name in merged:
                continue
            if other.aliases.get(name) == key or not any(t.key == key for t in other.locals.get(name, EMPTY)):
                merged[name] = key
    return merged
