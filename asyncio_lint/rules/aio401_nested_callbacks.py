from __future__ import annotations

from typing import NamedTuple

import libcst as cst

from asyncio_lint.analysis.callbacks import registration, unwrap_partial
from asyncio_lint.analysis.data.tasks import REGISTRAR_TRIGGERS
from asyncio_lint.config import Config
from asyncio_lint.rule import LineOf, Rule
from asyncio_lint.types import Invalid, Valid


class _Registration(NamedTuple):
    call: cst.Call
    registrar: str
    scope: cst.CSTNode            # the def/lambda/class/module the registration is written in
    callback: cst.CSTNode | None  # the inline def/lambda it registers, if any


class NestedCallbacks(Rule):
    """
    ## What it does
    Flags a chain of callback registrations whose callbacks are defined inline: a `call_soon`,
    `call_later`, `call_at`, `call_soon_threadsafe`, `add_done_callback` (or `add_reader`,
    `add_writer`, `add_signal_handler`, or a registrar named in `callback-registrars`) whose callback,
    a nested `def` or a `lambda`, registers another inline callback, which registers another... The
    finding is on the outermost registration once the chain is `max-callback-depth` registrations deep
    (default 3: a callback that registers a callback that registers a callback).

    A single callback, a done-callback such as `task.add_done_callback(tasks.discard)`, a callback that
    reschedules itself (a periodic timer), and methods registered as callbacks (`self._on_done`, the
    callback methods of protocol classes) do not count as nesting.

    A style point, off by default: the chain works. Select it by its code
    (`extend-select = ["AIO401"]`) to report it.

    ## Why is this bad?
    Each level splits one sequence of steps across another function that runs later, out of the
    caller's `try`/`except`, with no cancellation and no result to wait for. Errors surface (if at
    all) in the loop's exception handler, and the order of steps is hard to follow. A coroutine
    expresses the same sequence top to bottom.

    ## Example
    ```python
    import asyncio

    def connect(loop, fut):
        def on_connected(f):
            def on_handshake():
                loop.call_later(1.0, lambda: send_hello(f.result()))
            loop.call_soon(on_handshake)
        fut.add_done_callback(on_connected)
    ```

    ## Use instead
    ```python
    import asyncio

    async def connect(fut):
        conn = await fut
        await asyncio.sleep(1.0)
        send_hello(conn)
    ```
    Start concurrent steps with `asyncio.create_task()` or in an `asyncio.TaskGroup`.

    ## Options
    `max-callback-depth` (default 3): how many nested registrations make a chain to flag.
    `callback-registrars`: more registrars, as a list of names (callback is the first argument) or a
    table of name = position of the callback argument; a bare name matches any method or function of
    that name, a dotted name the call resolved to that qualified name. (Files are only analysed when
    they contain a built-in registrar's name.)
    """

    CODE = "AIO401"
    NAME = "nested-callbacks"
    CONFIDENCE = "style"  # the chain works; it is hard to follow and loses errors
    DEFAULT_ENABLED = False
    MESSAGE = (
        "`{registrar}()` starts a chain of {depth} nested callbacks (the innermost registered on line {inner}); "
        "write the sequence as a coroutine that `await`s each step, and start concurrent work with "
        "`asyncio.create_task()` or an `asyncio.TaskGroup`"
    )
    TRIGGERS = REGISTRAR_TRIGGERS

    @classmethod
    def triggers(cls, config: Config) -> tuple[bytes, ...]:
        configured = tuple(name.rsplit(".", 1)[-1].encode() for name, _ in config.callback_registrars)
        return cls.TRIGGERS + configured

    @classmethod
    def statement_triggers(cls, config: Config) -> tuple[str, ...]:
        return tuple(trigger.decode() for trigger in cls.triggers(config))
    VALID = [
        Valid('import asyncio\ndef f(loop, fut):\n'
              '    fut.add_done_callback(lambda f: loop.call_soon(print, f.result()))\n'),
        Valid('import asyncio\ndef f(loop):\n    def tick():\n        print("tick")\n        loop.call_later(1, tick)\n'
              '    loop.call_soon(tick)\n'),
        Valid('import asyncio\nclass C:\n    def start(self, loop):\n        loop.call_soon(self.a)\n'
              '    def a(self):\n        self.loop.call_soon(self.b)\n'
              '    def b(self):\n        self.loop.call_soon(print)\n'),
        Valid('import asyncio\ndef f(loop):\n    def a():\n        def b():\n            loop.call_soon(print)\n'
              '        loop.call_soon(b)\n    loop.call_soon(a)\n', config={"max-callback-depth": 4}),
    ]
    INVALID = [
        Invalid('import asyncio\ndef f(loop):\n    def a():\n        def b():\n            loop.call_soon(print)\n'
                '        loop.call_soon(b)\n    loop.call_soon(a)  # expect: AIO401\n'),
        Invalid('import asyncio\ndef f(loop, fut):\n'
                '    fut.add_done_callback(  # expect: AIO401\n'
                '        lambda f: loop.call_soon(lambda: loop.call_later(1, print)))\n'),
        Invalid('import asyncio\ndef f(loop, fut):\n'
                '    fut.add_done_callback(lambda f: loop.call_soon(print))  # expect: AIO401\n',
                config={"max-callback-depth": 2}),
        Invalid('import asyncio\ndef f(bus):\n    def a():\n        def b():\n            bus.on("x", print)\n'
                '        bus.on("y", b)\n    bus.on("z", a)  # expect: AIO401\n'
                '    asyncio.get_running_loop().call_soon(print)\n',
                config={"callback-registrars": {"on": 1}}),
    ]

    def __init__(self, context) -> None:  # type: ignore[no-untyped-def]
        super().__init__(context)
        self._registrations: list[_Registration] = []
        self._nested_defs: set[int] = set()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        outer = self.context.scope.parent
        if outer is not None and outer.kind in ("function", "lambda"):
            self._nested_defs.add(id(node))

    def leave_Call(self, node: cst.Call) -> None:
        found = registration(self.context, node)
        if found is None:
            return
        callback = unwrap_partial(self.context, found.callback) if found.callback is not None else None
        inline: cst.CSTNode | None = None
        if isinstance(callback, cst.Lambda):
            inline = callback
        elif isinstance(callback, cst.Name):
            definition = self.context.local_definition(callback)
            if isinstance(definition, cst.FunctionDef):
                inline = definition  # nested or not: checked at the end, when every def was seen
        self._registrations.append(_Registration(node, found.name, self.context.scope.node, inline))

    def leave_Module(self, node: cst.Module) -> None:
        registrations = self._registrations
        if not registrations:
            return
        nested = self._nested_defs
        inside: dict[int, list[_Registration]] = {}
        for reg in registrations:
            inside.setdefault(id(reg.scope), []).append(reg)

        def is_inline(callback: cst.CSTNode | None) -> bool:
            return callback is not None and (isinstance(callback, cst.Lambda) or id(callback) in nested)

        memo: dict[int, tuple[int, cst.Call, bool]] = {}
        active: set[int] = set()

        def depth(reg: _Registration) -> tuple[int, cst.Call, bool]:
            """(registrations in the deepest chain starting here, the innermost call of it, whether a
            cycle was cut: a callback that re-registers itself or an outer one adds no level)."""
            key = id(reg.call)
            if key in memo:
                return memo[key]
            best, innermost, cut = 1, reg.call, False
            callback = reg.callback
            if is_inline(callback):
                if id(callback) in active:
                    return 0, reg.call, True  # re-registers an outer callback: a loop, no new level
                active.add(id(callback))
                for inner in inside.get(id(callback), ()):
                    d, deepest, inner_cut = depth(inner)
                    cut = cut or inner_cut
                    if d + 1 > best:
                        best, innermost = d + 1, deepest
                active.discard(id(callback))
            if not cut:  # a result that depends on where the walk entered a cycle is not memoised
                memo[key] = (best, innermost, cut)
            return best, innermost, cut

        limit = self.context.config.max_callback_depth
        deep = [(reg, *depth(reg)[:2]) for reg in registrations]
        # A chain is reported once, at its outermost registration: skip registrations written inside
        # a callback that a deep-enough registration registers.
        covered = {id(reg.callback) for reg, d, _ in deep if d >= limit and is_inline(reg.callback)}
        for reg, d, innermost in deep:
            if d >= limit and id(reg.scope) not in covered:
                self.report(reg.call, registrar=reg.registrar, depth=d, inner=LineOf(innermost))
