from __future__ import annotations

import libcst as cst

from asyncio_lint.analysis.callbacks import coroutine_function, registration, unwrap_partial
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class CoroutineCallback(Rule):
    """
    ## What it does
    Flags a coroutine function (an `async def` of this file, `self.async_method`, or a library
    coroutine function such as `asyncio.sleep`) passed as a plain callback: to
    `loop.call_soon`, `call_soon_threadsafe`, `call_later`, `call_at`, `add_reader`, `add_writer`,
    `add_signal_handler`, `future.add_done_callback`, or a registrar named in `callback-registrars`
    (also through `functools.partial`).

    ## Why is this bad?
    The loop calls a callback and ignores its result. Calling a coroutine function does not run it: it
    only creates a coroutine object, which is dropped unawaited ("coroutine ... was never awaited"), so
    the body never runs. (`add_signal_handler` raises `TypeError` for it, and `call_soon`/`call_later`/
    `call_at` do in debug mode only; `add_done_callback` never checks.)

    ## Example
    ```python
    import asyncio

    async def refresh_cache():
        ...

    def schedule(loop):
        loop.call_later(60, refresh_cache)
    ```

    ## Use instead
    ```python
    import asyncio

    async def refresh_cache():
        ...

    background_tasks = set()

    def start_refresh():
        task = asyncio.create_task(refresh_cache())
        background_tasks.add(task)
        task.add_done_callback(background_tasks.discard)

    def schedule(loop):
        loop.call_later(60, start_refresh)
    ```
    or, from a coroutine, simply `await asyncio.sleep(60)` and `await refresh_cache()`.

    ## Options
    `callback-registrars`: more registrars, as a list of names (callback is the first argument) or
    a table of name = position of the callback argument. A bare name (`"subscribe"`) matches any
    method or function of that name; a dotted name (`"mylib.events.on"`) matches the call resolved
    to that qualified name.
    """

    CODE = "AIO403"
    NAME = "coroutine-callback"
    CONFIDENCE = "certain"  # the coroutine object is created and never run
    MESSAGE = (
        "coroutine function `{callback}` registered as a plain callback with `{registrar}()`: the loop "
        "creates the coroutine and never awaits it; schedule it with `asyncio.create_task({callback}())` "
        "from a sync wrapper, or `await` it from a coroutine"
    )
    # A coroutine function needs `async def` (or an `asyncio` import) in the file: the default trigger
    # also covers user-configured registrars, whose names no static trigger can list.
    TRIGGERS = (b"async",)
    STATEMENT_TRIGGERS = ("async",)  # (a coroutine function of its own, or a name of the module)
    VALID = [
        Valid('import asyncio\ndef done(fut):\n    print(fut.result())\n'
              'async def f(fut):\n    fut.add_done_callback(done)\n'),
        Valid('import asyncio\nasync def job():\n    pass\n'
              'def f(loop, run):\n    loop.call_soon(run, job)\n'),
        Valid('import asyncio\nasync def f(task, tasks):\n    task.add_done_callback(tasks.discard)\n'),
        Valid('import asyncio\nasync def job():\n    pass\n'
              'def f(loop):\n    job = print\n    loop.call_soon(job)\n'),
    ]
    INVALID = [
        Invalid('import asyncio\nasync def job():\n    pass\n'
                'def f(loop):\n    loop.call_soon(job)  # expect: AIO403\n'),
        Invalid('import asyncio\nclass C:\n    async def on_done(self, fut):\n        pass\n'
                '    def start(self, fut):\n        fut.add_done_callback(self.on_done)  # expect: AIO403\n'),
        Invalid('import asyncio, functools\nasync def job(x):\n    pass\n'
                'def f(loop):\n    loop.call_later(5, functools.partial(job, 1))  # expect: AIO403\n'),
        Invalid('import asyncio\nasync def refresh():\n    pass\n'
                'def f(events):\n    events.subscribe("tick", refresh)  # expect: AIO403\n',
                config={"callback-registrars": {"subscribe": 1}}),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        found = registration(self.context, node)
        if found is None or found.callback is None:
            return
        callback = unwrap_partial(self.context, found.callback)
        name = coroutine_function(self.context, callback)
        if name is not None:
            self.report(callback, callback=self.context.code_of(callback), registrar=found.name)
