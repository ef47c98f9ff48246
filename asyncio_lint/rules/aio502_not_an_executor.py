import libcst as cst

from asyncio_lint.analysis import loop_api
from asyncio_lint.analysis.data import loops
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class NotAnExecutor(Rule):
    """
    ## What it does
    Flags an executor argument that visibly is not a `concurrent.futures.Executor`: a
    `multiprocessing.Pool()`, `multiprocessing.pool.ThreadPool()` (or `multiprocessing.dummy.Pool()`,
    `get_context(...).Pool()`) passed to `loop.run_in_executor()`, whether built in the call or bound
    earlier in the function, the module or a `self.` attribute. Also flags
    `loop.set_default_executor()` with anything visibly not a `ThreadPoolExecutor`.

    ## Why is this bad?
    `run_in_executor()` calls `executor.submit()`; a `multiprocessing` pool has no `submit`, so the
    call raises `AttributeError` the first time it runs. `set_default_executor()` raises `TypeError`
    for anything but a `ThreadPoolExecutor` since Python 3.11.

    ## Example
    ```python
    import asyncio
    import multiprocessing

    def crunch(n):
        return n * n

    async def main(sizes):
        workers = multiprocessing.Pool()
        loop = asyncio.get_running_loop()
        return await asyncio.gather(*(loop.run_in_executor(workers, crunch, n) for n in sizes))
    ```

    ## Use instead
    ```python
    import asyncio
    from concurrent.futures import ProcessPoolExecutor

    def crunch(n):
        return n * n

    async def main(sizes):
        loop = asyncio.get_running_loop()
        with ProcessPoolExecutor() as workers:
            return await asyncio.gather(*(loop.run_in_executor(workers, crunch, n) for n in sizes))
    ```
    """

    CODE = "AIO502"
    NAME = "not-an-executor"
    CONFIDENCE = "certain"
    MESSAGE = "`{executor}` is a `{type}`, not a {expected}: `{call}()` fails on it; use {fix}"
    TRIGGERS = (b"run_in_executor", b"set_default_executor")
    STATEMENT_TRIGGERS = ("run_in_executor", "set_default_executor")
    VALID = [
        Valid('import asyncio\nfrom concurrent.futures import ProcessPoolExecutor\ndef crunch(n):\n    return n\n'
              'async def main():\n    loop = asyncio.get_running_loop()\n'
              '    with ProcessPoolExecutor() as pool:\n        await loop.run_in_executor(pool, crunch, 1)\n'),
        Valid('import asyncio\ndef crunch(n):\n    return n\nasync def main(pool):\n'
              '    await asyncio.get_running_loop().run_in_executor(pool, crunch, 1)\n'),
        Valid('import asyncio\nfrom concurrent.futures import ThreadPoolExecutor\n'
              'asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(4))\n'),
    ]
    INVALID = [
        Invalid('import asyncio, multiprocessing\ndef crunch(n):\n    return n\nasync def main():\n'
                '    workers = multiprocessing.Pool()\n    loop = asyncio.get_running_loop()\n'
                '    await loop.run_in_executor(workers, crunch, 1)  # expect: AIO502\n'),
        Invalid('import asyncio\nfrom multiprocessing.pool import ThreadPool\nPOOL = ThreadPool(4)\n'
                'def crunch(n):\n    return n\nasync def main():\n'
                '    await asyncio.get_running_loop().run_in_executor(POOL, crunch, 1)  # expect: AIO502\n'),
        Invalid('import asyncio\nfrom concurrent.futures import ProcessPoolExecutor\nasync def main():\n'
                '    asyncio.get_running_loop().set_default_executor(ProcessPoolExecutor())  # expect: AIO502\n'),
    ]

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute):
            return
        name = func.attr.value
        if name == loops.RUN_IN_EXECUTOR:
            executor = loop_api.argument(node, loops.RUN_IN_EXECUTOR_SLOTS["executor"])
            if executor is None:
                return
            kind = self.context.type_of(executor)
            if kind not in loops.NOT_EXECUTOR_TYPES:
                return
            self.report(executor, executor=self.context.code_of(executor), type=kind,
                        expected="`concurrent.futures.Executor`", call=self.context.code_of(func),
                        fix=loops.NOT_EXECUTOR_TYPES[kind])
        elif name == loops.SET_DEFAULT_EXECUTOR:
            executor = loop_api.argument(node, (0, "executor"))
            if executor is None:
                return
            kind = self.context.type_of(executor)
            if kind not in loops.NOT_EXECUTOR_TYPES and kind not in loops.NOT_DEFAULT_EXECUTOR_TYPES:
                return
            self.report(executor, executor=self.context.code_of(executor), type=kind,
                        expected="`concurrent.futures.ThreadPoolExecutor`", call=self.context.code_of(func),
                        fix="`concurrent.futures.ThreadPoolExecutor()` (pass other executors to each `run_in_executor()` call)")
