"""Blocking calls (AIO1xx): which call, iteration or ``with`` of the catalogue (analysis/data/)
blocks here, and when an entry cannot block: a literal argument that makes it non-blocking
(``block=False``), one it needs and is not given, or code around it that shows it (guards)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, NamedTuple

import libcst as cst

from asyncio_lint.analysis.catalogue import in_memory_argument
from asyncio_lint.analysis.data.blocking import Blocking
from asyncio_lint.analysis.names import EXPR, UNKNOWN, WITH
from asyncio_lint.analysis.syntax import argument, literal_value
from asyncio_lint.tree import child_nodes

if TYPE_CHECKING:
    from asyncio_lint.analysis.context import FileContext


def exempted(entry: Blocking, call: cst.Call) -> bool:
    """True when the call's arguments make it non-blocking: the entry's non-blocking literal
    (``block=False``), or no argument where the entry blocks only with one (``poll(timeout_ms=...)``)."""
    if entry.only_if is not None and argument(call, *entry.only_if) is None:
        return True
    if entry.unless is None:
        return False
    keyword, position, values = entry.unless
    value = argument(call, keyword, position)
    return value is not None and literal_value(value) in values


# ---- guards: code around a call that shows it cannot block there ----------------------------------
def _receiver_text(context: "FileContext", call: cst.Call) -> str | None:
    func = call.func
    return context.code_of(func.value) if isinstance(func, cst.Attribute) else None


def _method_receivers(context: "FileContext") -> dict[str, set[str]]:
    """For the enclosing function: method name -> code of the receivers it is called on."""
    function = context.function
    key = ("method-receivers", id(function))
    table = context.memo.get(key)
    if table is None:
        table = {}
        stack: list[cst.CSTNode] = [function] if function is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
                table.setdefault(node.func.attr.value, set()).add(context.code_of(node.func.value))
            stack.extend(child_nodes(node))
        context.memo[key] = table
    return table


_NONBLOCKING_ERRORS = ("BlockingIOError", "InterruptedError", "SSLWantReadError", "SSLWantWriteError")


def _nonblocking_socket(context: "FileContext", call: cst.Call) -> bool:
    """Inside a ``try`` that handles BlockingIOError, or the function calls ``.setblocking()`` on it."""
    parents = context.parents
    for index in range(len(parents) - 2, -1, -1):
        node = parents[index]
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            break
        if isinstance(node, cst.Try) and parents[index + 1] is node.body:
            for handler in node.handlers:
                if handler.type is not None and any(e in context.code_of(handler.type) for e in _NONBLOCKING_ERRORS):
                    return True
    receiver = _receiver_text(context, call)
    return receiver is not None and receiver in _method_receivers(context).get("setblocking", ())


def _completion_signalled(context: "FileContext", call: cst.Call) -> bool:
    """The function registers a done-callback on the future or checks ``done()``: it waits elsewhere."""
    receiver = _receiver_text(context, call)
    receivers = _method_receivers(context)
    return receiver is not None and (receiver in receivers.get("add_done_callback", ())
                                     or receiver in receivers.get("done", ()))


def _numeric_host(context: "FileContext", call: cst.Call) -> bool:
    return any("NUMERICHOST" in context.code_of(arg.value) for arg in call.args)


def _no_hang(context: "FileContext", call: cst.Call) -> bool:
    """``os.waitpid(pid, os.WNOHANG)``: the options say return at once when no child has exited."""
    return any("WNOHANG" in context.code_of(arg.value) for arg in call.args)


def _in_memory_file(context: "FileContext", call: cst.Call) -> bool:
    """The file the call reads or writes is an ``io.BytesIO`` / ``io.StringIO``: no disk I/O. In a
    helper (followed by AIO120), a file argument that is one of the helper's parameters may be
    either, depending on the caller (``ZipFile(source)``): not a chain end."""
    if in_memory_argument(call, context.type_of):
        return True
    if context.in_coroutine:
        return False
    positional = [a.value for a in call.args if a.keyword is None and not a.star]
    return bool(positional) and _is_parameter(context, positional[0])


def _is_parameter(context: "FileContext", node: cst.CSTNode) -> bool:
    """A name bound only as an unannotated parameter of the current function."""
    if not isinstance(node, cst.Name):
        return False
    values = context.scope.bindings().get(node.value) or []
    return bool(values) and all(v.kind == UNKNOWN and v.pos == (0, ()) for v in values)


def _datagram_socket(context: "FileContext", call: cst.Call) -> bool:
    """``s = socket.socket(AF_INET, SOCK_DGRAM)``: connecting a UDP socket sends nothing."""
    func = call.func
    if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
        return False
    values = context.scope.bindings().get(func.value.value) or []
    return any(v.kind == EXPR and v.node is not None and "SOCK_DGRAM" in context.code_of(v.node)
                                for v in values)


def _module_cached(context: "FileContext", call: cst.Call) -> bool:
    """The function looks the module up in ``sys.modules`` first: the import runs only when it is
    there already, and then returns at once (Home Assistant's loader does this)."""
    function = context.function
    key = ("sys-modules", id(function))
    found = context.memo.get(key)
    if found is None:
        found = context.memo[key] = function is not None and "sys.modules" in context.code_of(function)
    return found  # type: ignore[no-any-return]


def _not_a_file_object(context: "FileContext", call: cst.Call) -> bool:
    """``json.load(f)`` / ``pickle.dump(obj, f)`` read or write the file object they are given:
    they block when it is a disk file the analysis can see (not one this coroutine opened: that
    opener is reported already), and nothing says so for an object of unknown type."""
    for arg in call.args:
        positional = arg.keyword is None and not arg.star
        if positional or (arg.keyword is not None and arg.keyword.value in ("fp", "file")):
            cls = context.type_of(arg.value)
            if cls in _OPENED_OBJECTS and not _opened_here(context, arg.value):
                return False
    return True



_QUEUES = frozenset({"queue.Queue", "queue.LifoQueue", "queue.PriorityQueue", "queue.SimpleQueue"})


def _unbounded_queue(context: "FileContext", call: cst.Call) -> bool:
    """``put()`` on a queue every assignment of which builds it without a ``maxsize``: never full."""
    func = call.func
    values = context.assigned(func.value) if isinstance(func, cst.Attribute) else None
    if not values:
        return False
    for value, scope in values:
        if not isinstance(value, cst.Call) or context.qualified_name(value.func, scope) not in _QUEUES:
            return False
        size = argument(value, "maxsize", 0)
        bound = literal_value(size) if size is not None else 0
        if not isinstance(bound, int) or bound > 0:
            return False
    return True


_FRESH_LOCKS = frozenset({"threading.Lock", "threading.RLock"})
_LOOPS = (cst.For, cst.While, cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


def _names_before(node: cst.CSTNode, name: str, stop: cst.CSTNode) -> bool | None:
    """Whether ``name`` occurs in ``node`` (in source order) before ``stop``; None once ``stop`` is
    reached with no occurrence."""
    if node is stop:
        return None
    if isinstance(node, cst.Name) and node.value == name:
        return True
    for child in node.children:
        found = _names_before(child, name, stop)
        if found is not False:
            return found
    return False


def _fresh_lock(context: "FileContext", call: cst.Call) -> bool:
    """``lock = threading.Lock()`` in this function, then ``lock.acquire()`` with no use of the name
    in between and no loop around the acquire: no other thread can hold the lock yet."""
    func = call.func
    if not isinstance(func, cst.Attribute) or not isinstance(func.value, cst.Name):
        return False
    name = func.value.value
    function = context.function
    bound = context.scope.bindings().get(name) if function is not None else None
    if not bound or len(bound) != 1 or bound[0].expression is None:
        return False
    value = bound[0].expression
    if not isinstance(value, cst.Call) or context.qualified_name(value.func) not in _FRESH_LOCKS:
        return False
    parents = context.parents
    for index in range(len(parents) - 2, -1, -1):
        block = parents[index]
        if isinstance(block, _LOOPS):
            return False
        if isinstance(block, cst.IndentedBlock):
            statements: list[cst.CSTNode] = list(block.body)
            here = parents[index + 1]
            for position, statement in enumerate(statements):
                if statement is here:
                    break
                if isinstance(statement, cst.SimpleStatementLine) and any(
                        isinstance(small, cst.Assign) and small.value is value for small in statement.body):
                    between = statements[position + 1:statements.index(here)]
                    return not any(_names_before(s, name, call) for s in between) and \
                        not _names_before(here, name, func.value)
        if block is function:
            return False
    return False


def shared_with_sync_code(context: "FileContext", call: cst.Call) -> bool:
    """The receiver of ``call`` (``q`` of ``q.get()``) is visibly used by sync code of this file: a
    method of it is called in a ``def`` or ``lambda``, or it is passed as an argument (a thread's
    ``args=(q,)``)."""
    receiver = _receiver_text(context, call)
    if receiver is None:
        return False
    key = "sync-receivers"
    shared = context.memo.get(key)
    if shared is None:
        shared = set()
        stack: list[tuple[cst.CSTNode, bool]] = [(context.module, False)]
        while stack:
            node, sync = stack.pop()
            if isinstance(node, cst.FunctionDef):
                sync = node.asynchronous is None
            elif isinstance(node, cst.Lambda):
                sync = True
            elif isinstance(node, cst.Call):
                if sync and isinstance(node.func, cst.Attribute):
                    shared.add(context.code_of(node.func.value))
                for arg in node.args:
                    values: list[cst.CSTNode] = [arg.value]
                    while values:
                        value = values.pop()
                        if isinstance(value, (cst.Name, cst.Attribute)):
                            shared.add(context.code_of(value))
                        elif isinstance(value, (cst.Tuple, cst.List)):
                            values.extend(element.value for element in value.elements)
            stack.extend((child, sync) for child in child_nodes(node))
        context.memo[key] = shared
    return receiver in shared


def _handles_not_implemented(context: "FileContext", handler: cst.ExceptHandler) -> bool:
    return handler.type is not None and "NotImplementedError" in context.code_of(handler.type)


def _fallback_callees(context: "FileContext") -> tuple[set[str], set[str]]:
    """Names of functions this file calls inside an ``except NotImplementedError:`` handler, and
    of those it calls elsewhere (``f(...)``, ``self.f(...)``, awaited or not)."""
    key = "fallback-callees"
    found = context.memo.get(key)
    if found is None:
        inside: set[str] = set()
        outside: set[str] = set()
        stack: list[tuple[cst.CSTNode, bool]] = [(context.module, False)]
        while stack:
            node, fallback = stack.pop()
            if isinstance(node, cst.ExceptHandler) and _handles_not_implemented(context, node):
                fallback = True
            elif isinstance(node, cst.Call):
                func = node.func
                name = func.value if isinstance(func, cst.Name) else (
                    func.attr.value if isinstance(func, cst.Attribute) else None)
                if name is not None:
                    (inside if fallback else outside).add(name)
            stack.extend((child, fallback) for child in child_nodes(node))
        found = (inside, outside)
        context.memo[key] = found
    return found


def subprocess_unsupported(context: "FileContext") -> bool:
    """The code around here runs where the loop cannot start child processes: inside an ``except
    NotImplementedError:`` handler (what ``create_subprocess_exec`` raises on such a loop, e.g. a
    ``SelectorEventLoop`` on Windows), or in a function this file calls only from such handlers."""
    parents = context.parents
    for node in reversed(parents):
        if isinstance(node, cst.ExceptHandler) and _handles_not_implemented(context, node):
            return True
        if isinstance(node, cst.FunctionDef):
            inside, outside = _fallback_callees(context)
            name = node.name.value
            return name in inside and name not in outside
    return False


GUARDS: dict[str, Callable[["FileContext", cst.Call], bool]] = {
    "unbounded-queue": _unbounded_queue,
    "fresh-lock": _fresh_lock,
    "numeric-host": _numeric_host,
    "no-hang": _no_hang,
    "nonblocking-socket": _nonblocking_socket,
    "completion-signalled": _completion_signalled,
    "in-memory-file": _in_memory_file,
    "not-a-file-object": _not_a_file_object,
    "module-cached": _module_cached,
    "datagram-socket": _datagram_socket,
}


def is_guarded(entry: Blocking, context: "FileContext", call: cst.Call) -> bool:
    return any(GUARDS[name](context, call) for name in entry.safe_when)


def _opened_here(context: "FileContext", receiver: cst.CSTNode) -> bool:
    """A file object or archive that this coroutine itself opened with a call the catalogue
    reports (``with open(p) as f: f.read()``, ``open(p).read()``): one problem, reported once, at
    the opener."""
    if isinstance(receiver, cst.Call):
        opener = context.call_name(receiver)
        return opener is not None and context.catalogue.blocking_for(opener) is not None
    if not isinstance(receiver, cst.Name):
        return False
    scope = context.scope
    name = receiver.value
    for _ in range(3):  # f = ff = open(...): follow a few plain renamings
        values = scope.bindings().get(name) if not scope.declares_global(name) else None
        if not values:
            return False
        at = context.here(scope)
        value = values[0] if len(values) == 1 else (scope.reaching(values, at) if at is not None else None)
        if value is None or value.kind not in (EXPR, WITH) or value.node is None:
            return False
        node = value.node
        if isinstance(node, cst.Name):
            name = node.value
            continue
        if not isinstance(node, cst.Call):
            return False
        opener = context.resolver.qualified_name(node.func, scope, value.pos)
        return opener is not None and context.catalogue.blocking_for(opener) is not None
    return False


# The classes whose methods continue the transfer that opening them started.
_OPENED_OBJECTS = frozenset({"io.TextIOWrapper", "io.BufferedReader", "io.BufferedWriter", "io.BufferedRandom",
                             "io.FileIO", "zipfile.ZipFile", "zipfile.ZipExtFile", "tarfile.TarFile"})


def _typed_receiver(context: "FileContext", call: cst.Call) -> bool:
    """The callee is a method of an object typed by the resolver (not a name reached by imports):
    ``await session.execute(...)`` where ``session: Session`` holds an AsyncSession after all."""
    func = call.func
    return isinstance(func, cst.Attribute) and context.type_of(func.value) is not None


class Found(NamedTuple):
    name: str        # what the message names: ``time.sleep()``, ``for ... in pymongo.cursor.Cursor``
    entry: Blocking


def blocking_call(context: "FileContext", call: cst.Call) -> tuple[str, Blocking] | None:
    """(qualified name, catalogue entry) when ``call`` is a blocking call that can block here."""
    name = context.call_name(call)
    if name is None:
        return None
    entry = context.catalogue.blocking_for(name)
    if entry is None or exempted(entry, call) or (entry.safe_when and is_guarded(entry, context, call)):
        return None
    if not entry.chained and not context.in_coroutine:
        return None  # only reported where a coroutine makes the call (a helper's is not followed)
    parent = context.parent
    if isinstance(parent, cst.Await) and parent.expression is call and _typed_receiver(context, call):
        return None  # an awaited method of a typed object: the object is async whatever its type says
    if (name.rpartition(".")[0] in _OPENED_OBJECTS and isinstance(call.func, cst.Attribute)
            and _opened_here(context, call.func.value)):
        return None
    return name, entry


_CONSUMERS = frozenset({"builtins.list", "builtins.tuple", "builtins.set", "builtins.frozenset", "builtins.sorted",
                        "builtins.next", "builtins.dict", "builtins.sum", "builtins.any", "builtins.all",
                        "builtins.max", "builtins.min", "builtins.enumerate"})


def blocking_iteration(context: "FileContext", iterable: cst.BaseExpression) -> Found | None:
    """Iterating ``iterable`` blocks: a lazy cursor, pager or generator of the catalogue."""
    catalogue = context.catalogue
    if not catalogue.iteration:
        return None
    name = context.call_name(iterable) if isinstance(iterable, cst.Call) else None
    if name is not None:
        entry = catalogue.iteration_for(name)  # a generator function: redis.Redis.scan_iter()
        if entry is not None:
            return Found(f"for ... in {name}()", entry)
    cls = context.type_of(iterable)
    if cls is not None:
        entry = catalogue.iteration_for(cls)  # a lazy cursor or pager: collection.find()
        if entry is not None:
            return Found(f"for ... in {name}()" if name is not None else f"for ... in {cls}", entry)
    return None


def consumed_iterable(context: "FileContext", call: cst.Call) -> Found | None:
    """``list(cursor)``, ``next(pages)``, ``sorted(rows)``: the builtin iterates its argument."""
    func = call.func
    if not isinstance(func, cst.Name) or not call.args or call.args[0].keyword is not None:
        return None
    if context.catalogue.iteration and context.call_name(call) in _CONSUMERS:
        iterable = call.args[0].value
        if isinstance(iterable, cst.GeneratorExp):  # list(doc for doc in cursor)
            iterable = iterable.for_in.iter
        found = blocking_iteration(context, iterable)
        if found is not None and found.entry.first_page_fetched and context.call_name(call) == "builtins.next":
            return None  # the first item of a page the listing already fetched
        return found
    return None


def blocking_enter(context: "FileContext", item: cst.BaseExpression) -> Found | None:
    """``with item:`` blocks in ``__enter__`` (a thread lock, a redis lock)."""
    catalogue = context.catalogue
    if not catalogue.enter:
        return None
    cls = context.type_of(item)
    entry = catalogue.enter_for(cls) if cls is not None else None
    return Found(f"with {cls}", entry) if entry is not None else None
