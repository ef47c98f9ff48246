import libcst as cst

from asyncio_lint.analysis.blocking import subprocess_unsupported
from asyncio_lint.rules._blocking import THREAD_FIX_SAFETY, BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingSubprocess(BlockingCallRule):
    """
    ## What it does
    Flags a call that starts or waits for a child process (`subprocess.*`, `os.system`, `os.popen`,
    `os.wait*`, `os.spawn*`, `os.posix_spawn*`, fabric's `Connection.local`) inside a coroutine.
    `os.waitpid`, `os.wait3`, `os.wait4` and `os.waitid` with `os.WNOHANG` in their options return
    at once and are not reported.

    ## Why is this bad?
    Starting a process and waiting for it holds the thread until the child exits; the event loop stops
    for as long as the child runs.

    ## Example
    ```python
    import subprocess

    async def build():
        subprocess.run(["make"], check=True)
    ```

    ## Use instead
    ```python
    import asyncio

    async def build():
        proc = await asyncio.create_subprocess_exec("make")
        await proc.wait()
    ```
    On the fallback for a loop that cannot start child processes (the code under `except
    NotImplementedError:`, or a function called only from there), `create_subprocess_exec` is what
    failed: the message proposes `await asyncio.to_thread(...)` there instead.

    ## Fix safety
    A `subprocess` call is not rewritten to `asyncio.create_subprocess_exec()`: its arguments,
    return value and error handling differ.
    """

    CODE = "AIO103"
    NAME = "blocking-subprocess"
    CONFIDENCE = "certain"  # fork/exec, or waiting for the child
    KIND = "subprocess"
    FIX_SAFETY = THREAD_FIX_SAFETY
    FIX = '`await asyncio.create_subprocess_exec(...)` (or `create_subprocess_shell`)'
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    FALLBACK_FIX = ("`await asyncio.to_thread({call}, ...)` (this is the fallback for a loop without "
                    "subprocess support, where `create_subprocess_exec` raises `NotImplementedError`)")

    def fix_for(self, name: str, fix: str, call: cst.Call) -> str:
        if subprocess_unsupported(self.context):
            return self.FALLBACK_FIX.format(call=self.context.code_of(call.func))
        return fix

    VALID = [
        Valid('import asyncio\nasync def f():\n    p = await asyncio.create_subprocess_exec("ls")\n    await p.wait()\n'),
        Valid('import asyncio, subprocess\nasync def f():\n    await asyncio.to_thread(subprocess.run, ["ls"])\n'),
        Valid('import subprocess\ndef f():\n    subprocess.run(["ls"])\n'),
    ]
    INVALID = [
        Invalid('import subprocess\nasync def f():\n    subprocess.run(["ls"])  # expect: AIO103\n'),
        Invalid('import os\nasync def f():\n    os.system("ls")  # expect: AIO103\n'),
        Invalid('from subprocess import check_output as co\nasync def f():\n    co(["ls"])  # expect: AIO103\n'),
    ]
