import libcst as cst

from asyncio_lint.analysis import loop_api
from asyncio_lint.analysis.data import loops
from asyncio_lint.analysis.data.fixes import PASSES_KEYWORDS
from asyncio_lint.analysis.fixes import await_directly
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class CoroutineInExecutor(Rule):
    """
    ## What it does
    Flags an `async def` (a module function, a nested one, or a method through `self`/`cls`, also
    one inherited from a base class of this module, or a library coroutine function such as
    `asyncio.sleep`) handed to something that runs a *sync* callable in a worker: `loop.run_in_executor()`,
    `asyncio.to_thread()`, `executor.submit()` / `executor.map()` on a visible
    `concurrent.futures` executor, the methods of a `multiprocessing` pool, `anyio.to_thread.run_sync()`,
    `trio.to_thread.run_sync()`,
    Starlette's `run_in_threadpool()` and asgiref's `sync_to_async()`. Also sees
    `functools.partial(async_fn, ...)` and `lambda: async_fn(...)`.

    ## Why is this bad?
    The worker calls the function, which for an `async def` only creates a coroutine object. Nothing
    awaits it: the body never runs, the "result" is a coroutine, and Python warns
    `coroutine ... was never awaited` at best. The code looks concurrent and silently does nothing.

    ## Example
    ```python
    import asyncio

    async def crunch(n):
        ...

    async def main(sizes):
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(None, crunch, n) for n in sizes))
    ```

    ## Use instead
    ```python
    import asyncio

    async def crunch(n):
        ...

    async def main(sizes):
        await asyncio.gather(*(crunch(n) for n in sizes))
    ```
    If `crunch` is CPU-bound, make it a plain `def` and keep the executor. To run a coroutine on a
    loop from another thread, use `asyncio.run_coroutine_threadsafe(coro, loop)`.

    ## Fix safety
    Where the offloading call is awaited on the spot, the fix awaits the coroutine function
    directly: `await loop.run_in_executor(None, crunch, n)` and `await asyncio.to_thread(crunch, n)`
    become `await crunch(n)`. It is unsafe: the body, which never ran, now runs, on the loop. No fix
    is offered for `functools.partial`, a lambda, or an executor call whose result is kept for later.

    ## Options
    `extend-offload-functions`: the project's own helpers that run a sync callable in a worker, as
    a list of qualified names (the callable is the first argument) or a table of name = position of
    the callable argument, e.g. `{ "myapp.workers.run_sync" = 0, "myapp.jobs.defer" = 1 }`.
    """

    CODE = "AIO501"
    NAME = "coroutine-in-executor"
    CONFIDENCE = "certain"  # the worker returns a coroutine object and never runs it
    MESSAGE = ("`{func}` is a coroutine function: `{call}()` only creates a coroutine object that nobody "
               "awaits, so its body never runs; `await {func}(...)` directly instead (or make it a plain "
               "`def` to run it in a worker)")
    FIX_AVAILABILITY = "sometimes"
    STATEMENT_TRIGGERS = ("async",)  # (a coroutine function of its own, or a name of the module)
    VALID = [
        Valid('import asyncio\ndef crunch(n):\n    return n * n\nasync def main():\n'
              '    loop = asyncio.get_running_loop()\n    await loop.run_in_executor(None, crunch, 3)\n'),
        Valid('import asyncio\nasync def fetch():\n    pass\nasync def main():\n'
              '    await asyncio.to_thread(asyncio.run, fetch())\n'),
        Valid('import asyncio\nasync def fetch():\n    pass\nasync def main(pool):\n'
              '    pool.submit(fetch)  # pool: type unknown\n'),
        Valid('import asyncio\nasync def fetch():\n    pass\nasync def main():\n'
              '    def fetch():\n        return 1\n    await asyncio.to_thread(fetch)\n'),
    ]
    INVALID = [
        Invalid('import asyncio\nasync def crunch(n):\n    pass\nasync def main():\n'
                '    loop = asyncio.get_running_loop()\n'
                '    await loop.run_in_executor(None, crunch, 3)  # expect: AIO501\n'),
        Invalid('import asyncio\nclass Worker:\n    async def fetch(self):\n        pass\n'
                '    async def run(self):\n        await asyncio.to_thread(self.fetch)  # expect: AIO501\n'),
        Invalid('import functools\nfrom concurrent.futures import ThreadPoolExecutor\nasync def fetch(url):\n    pass\n'
                'def main(urls):\n    with ThreadPoolExecutor() as ex:\n'
                '        ex.submit(functools.partial(fetch, urls[0]))  # expect: AIO501\n'
                '        list(ex.map(fetch, urls))  # expect: AIO501\n'),
        Invalid('from myapp.workers import run_sync, defer\nasync def fetch(url):\n    pass\n'
                'async def main(url):\n    await run_sync(fetch, url)  # expect: AIO501\n'
                '    defer(10, fetch)  # expect: AIO501\n',
                config={"extend-offload-functions": {"myapp.workers.run_sync": 0, "myapp.workers.defer": 1}}),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        found = _offloaded(self.context, node)
        if found is None:
            return
        call, target = found
        coroutine = loop_api.coroutine_callable(self.context, target)
        if coroutine is None:
            return
        keywords = self.context.call_name(node) in PASSES_KEYWORDS
        self.report(target, func=coroutine[0], call=call,
                    autofix=lambda rewriter: await_directly(rewriter, node, target, keywords))


def _offloaded(context, node: cst.Call):
    """(callee as written, the callable argument) when ``node`` runs a callable in a worker."""
    func = node.func
    functions, function_names = context.catalogue.offload, context.catalogue.offload_names
    if isinstance(func, cst.Attribute):
        name = func.attr.value
        if name == loops.RUN_IN_EXECUTOR:
            slot: tuple[int, str] | None = loops.RUN_IN_EXECUTOR_SLOTS["func"]
        elif name in loops.EXECUTOR_METHODS or name in loops.POOL_METHODS:
            receiver = context.type_of(func.value)
            if receiver in loops.EXECUTOR_TYPES and name in loops.EXECUTOR_METHODS:
                slot = loops.EXECUTOR_METHODS[name]
            elif receiver in loops.POOL_TYPES and name in loops.POOL_METHODS:
                slot = loops.POOL_METHODS[name]
            else:
                return None
        elif name in function_names:
            slot = functions.get(context.call_name(node) or "")
        else:
            return None
    elif isinstance(func, cst.Name) and func.value in function_names:
        slot = functions.get(context.call_name(node) or "")
    else:
        return None
    if slot is None:
        return None
    target = loop_api.argument(node, slot)
    if target is None:
        return None
    return context.code_of(func), target
