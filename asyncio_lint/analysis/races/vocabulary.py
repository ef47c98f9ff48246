"""The vocabulary of the race analysis: which methods mutate or read a container, which awaits
cannot switch tasks, and how a test reads the state it checks."""

from __future__ import annotations

import re

import libcst as cst

# Methods that mutate a container in place (list, dict, set, deque, OrderedDict, ...).
MUTATORS = frozenset({
    "append", "appendleft", "extend", "extendleft", "insert", "remove", "discard", "add", "clear",
    "pop", "popleft", "popitem", "setdefault", "update", "sort", "reverse", "rotate",
    "difference_update", "intersection_update", "symmetric_difference_update", "move_to_end",
    "__setitem__", "__delitem__",
})
# What a def must hold to write any state: an assignment (``=``, ``+=``...), a ``del`` or a mutator.
WRITE_TRIGGERS: tuple[str, ...] = ("=", "del", *sorted(MUTATORS))
# Mutators whose result is the container's content (a read after the write).
RETURNING = frozenset({"pop", "popleft", "popitem", "setdefault"})
# Adding to a sequence loses no other task's update: after a stale emptiness/length check it is
# not a race (``if not self._buf: chunk = await recv(); self._buf.extend(chunk)``).
ADDITIVE = frozenset({"append", "appendleft", "extend", "extendleft", "insert"})
# In-place updates that add to or change entries of a container: another task doing one of these
# while this one waits is what a reset after the await throws away.
ADDERS = frozenset({"append", "appendleft", "extend", "extendleft", "insert", "add", "update", "setdefault",
                    "__setitem__"})
# Writes that merge into the container rather than replace what is there: after a stale look-up
# they fill in entries (check-then-set), they do not lose another task's entries.
MERGES = frozenset({"update", "setdefault", "add"})
# Writes that take something out: after a stale check they can fail (KeyError, IndexError) or
# remove what another task just put there.
DESTRUCTIVE = frozenset({"clear", "pop", "popleft", "popitem", "remove", "__delitem__"})
# Methods whose first argument is the key of an entry.
KEYED = frozenset({"get", "pop", "setdefault", "__getitem__", "__setitem__", "__delitem__", "__contains__"})
# Calls that run a coroutine beside the caller (a nested coroutine handed to one shares its closure).
SPAWNERS = frozenset({"create_task", "ensure_future", "gather", "start_soon", "spawn", "run_coroutine_threadsafe",
                      "create_background_task", "async_create_task", "async_create_background_task"})
# Calls that copy a container whole (a snapshot of the state, as ``x = self.buf`` is).
SNAPSHOTS = frozenset({"builtins.list", "builtins.dict", "builtins.set", "builtins.tuple", "builtins.sorted",
                       "builtins.frozenset", "copy.copy", "copy.deepcopy"})
# The values a reset stores: an empty container or a constant.
EMPTY_CONSTRUCTORS = frozenset({"builtins.list", "builtins.dict", "builtins.set", "builtins.bytearray",
                                "collections.deque", "collections.OrderedDict", "collections.defaultdict",
                                "collections.Counter"})
# Accessing these through the state reads the state itself (a check of it); any other attribute or
# method reads something *of* it, which does not make a branch depend on the state.
DIRECT = frozenset({"get", "keys", "values", "items", "copy", "count", "index", "__contains__",
                     "__getitem__", "__len__"})

VALUE_OPERATORS = (cst.LessThan, cst.LessThanEqual, cst.GreaterThan, cst.GreaterThanEqual, cst.Equal,
                    cst.NotEqual)
CONSTANT_NAME = re.compile(r"^_?[A-Z][A-Z0-9_]*$")

SCOPES = (cst.FunctionDef, cst.ClassDef, cst.Lambda)


# Protocol methods one task calls once per object or per step: entering a context manager twice at
# once, or stepping one iterator from two tasks, is a misuse of the object, not a race in it.
ONE_SHOT = frozenset({"__aenter__", "__aexit__", "__anext__"})
# Awaits documented not to let another task run (anyio: "does not allow the scheduler to switch").
NO_SWITCH = frozenset({"checkpoint_if_cancelled"})
def presence_polarity(test: cst.BaseExpression) -> int:
    """+1 when ``test`` is true if the state it reads is present (truthy, ``in``, ``is not None``),
    -1 when it is true if the state is absent, 0 when that cannot be told."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return -presence_polarity(test.expression)
    if isinstance(test, cst.Comparison):
        if len(test.comparisons) != 1:
            return 0
        comparison = test.comparisons[0]
        operator = comparison.operator
        # ``is None``, or ``is UNDEFINED`` / ``is MISSING`` (a sentinel constant)
        comparator = comparison.comparator
        is_none = (isinstance(comparator, cst.Name) and (comparator.value == "None"
                                                         or bool(CONSTANT_NAME.match(comparator.value)))) \
            or (isinstance(comparator, cst.Attribute) and bool(CONSTANT_NAME.match(comparator.attr.value)))
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
        left, right = presence_polarity(test.left), presence_polarity(test.right)
        return left if left == right else 0
    if isinstance(test, cst.NamedExpr):  # ``if not (x := self.cache.get(k)):``
        return presence_polarity(test.value)
    if isinstance(test, (cst.Name, cst.Attribute, cst.Subscript, cst.Call)):
        return 1
    return 0




def is_constant(expr: cst.BaseExpression) -> bool:
    """An idempotent value: True/False/None, a literal, a CONSTANT or Enum.MEMBER."""
    if isinstance(expr, (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString)):
        return True
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.expression, (cst.Integer, cst.Float)):
        return True
    if isinstance(expr, cst.Name):
        return expr.value in ("True", "False", "None") or bool(CONSTANT_NAME.match(expr.value))
    if isinstance(expr, cst.Attribute):
        # CONSTANT, Enum.MEMBER, mod.CONSTANT
        if bool(CONSTANT_NAME.match(expr.attr.value)) and isinstance(expr.value, (cst.Name, cst.Attribute)):
            return True
        return isinstance(expr.value, cst.Name) and expr.value.value[:1].isupper() and expr.value.value[1:2].islower()
    return False
