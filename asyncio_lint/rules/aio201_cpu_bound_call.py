import libcst as cst

from asyncio_lint.analysis.cpu import CatalogueImports, cpu_call, fix_for, may_call_catalogue
from asyncio_lint.analysis.fixes import offload_fix
from asyncio_lint.analysis.once import in_rare_code
from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class CpuBoundCall(Rule):
    """
    ## What it does
    Flags a call of a known CPU-bound function inside a coroutine: password hashing and key
    derivation (`hashlib.pbkdf2_hmac`, `hashlib.scrypt`, bcrypt, argon2, passlib, `crypt.crypt`,
    cryptography's PBKDF2HMAC/Scrypt), one-shot compression (`zlib`, `gzip`, `bz2`, `lzma`
    `compress`/`decompress`), and the functions the project lists in `extend-cpu-bound-calls`.
    A call of a sync helper (of this file or another module) that reaches such a call is AIO220's
    (`cpu-bound-helper-call`), which shows the whole chain.

    Passing the function to `asyncio.to_thread`, `loop.run_in_executor` or `executor.submit`
    is not a call on the loop and is not flagged; neither is a call inside a sync function.
    Fast digests (`hashlib.sha256`), `json` and streaming compressor objects are deliberately
    not in the catalogue: on ordinary input they take microseconds.

    ## Why is this bad?
    Password hashing is designed to be slow (50-500 ms per call), and compressing or
    decompressing a request body costs milliseconds per megabyte. While it runs on the loop
    thread, every other task, timer and connection waits. These functions release the GIL, so
    running them in a thread lets the loop carry on.

    ## Example
    ```python
    import hashlib

    async def login(user, password):
        digest = hashlib.pbkdf2_hmac("sha256", password, user.salt, 600_000)
        return digest == user.digest
    ```

    ## Use instead
    ```python
    import asyncio, hashlib

    async def login(user, password):
        digest = await asyncio.to_thread(hashlib.pbkdf2_hmac, "sha256", password, user.salt, 600_000)
        return digest == user.digest
    ```

    ## Fix safety
    The fix offloads the call as the message says: `f(a, b=c)` becomes
    `await asyncio.to_thread(f, a, b=c)` for work that releases the GIL, and
    `await asyncio.get_running_loop().run_in_executor(_process_pool, functools.partial(f, a, b=c))`
    with a module-level `_process_pool = concurrent.futures.ProcessPoolExecutor()` for work declared
    `"process"` (imports are added when missing). It is unsafe: the function then runs in another
    thread or process (in a process, it and its arguments must pickle, and it cannot touch the
    caller's objects). No fix is offered where `await` cannot go.

    ## Options
    `extend-cpu-bound-calls`: more qualified names to flag, as a list (offloaded to a thread) or a
    table `name = "thread"` / `name = "process"` (`"process"` for pure-Python functions that hold
    the GIL, so the message proposes a `ProcessPoolExecutor`).
    ```toml
    [tool.asyncio-lint]
    extend-cpu-bound-calls = { "myapp.reports.render" = "process", "PIL.Image.Image.resize" = "thread" }
    ```
    """

    CODE = "AIO201"
    NAME = "cpu-bound-call"
    CONFIDENCE = "likely"  # the cost depends on the input, which the source does not show
    MESSAGE = "`{call}()` is CPU-bound ({what}) and stalls every other task while it runs on the loop; offload it with {fix}"
    TRIGGERS = (b"async",)
    COLLECTORS = (CatalogueImports,)
    STATEMENT_TRIGGERS = ()  # (a catalogue call: a name of the module or a builtin)
    FIX_AVAILABILITY = "sometimes"
    VALID = [
        Valid("import asyncio, hashlib\nasync def f(pw, salt):\n"
              "    return await asyncio.to_thread(hashlib.pbkdf2_hmac, 'sha256', pw, salt, 600_000)\n"),
        Valid("import asyncio, zlib\nasync def f(data):\n    loop = asyncio.get_running_loop()\n"
              "    return await loop.run_in_executor(None, zlib.compress, data)\n"),
        Valid("import zlib\ndef f(data):\n    return zlib.compress(data)\n"),
        Valid("import zlib\nasync def f(data):\n    def work():\n        return zlib.compress(data)\n    return work\n"),
        Valid("import hashlib\nasync def f(data):\n    return hashlib.sha256(data).hexdigest()\n"),
        Valid("import zlib\nasync def f(chunks):\n    c = zlib.compressobj()\n    return [c.compress(x) for x in chunks]\n"),
    ]
    INVALID = [
        Invalid("import hashlib\nasync def f(pw, salt):\n"
                "    return hashlib.pbkdf2_hmac('sha256', pw, salt, 600_000)  # expect: AIO201\n"),
        Invalid("from gzip import decompress as gunzip\nasync def f(body):\n    return gunzip(body)  # expect: AIO201\n"),
        Invalid("import myapp.reports\nasync def f(rows):\n    return myapp.reports.render(rows)  # expect: AIO201\n",
                config={"extend-cpu-bound-calls": {"myapp.reports.render": "process"}}),
    ]

    SKIPS_RARE_CODE = True

    def visit_Call(self, node: cst.Call) -> None:
        context = self.context
        if not context.on_event_loop or not may_call_catalogue(context):
            return
        found = cpu_call(context, node)
        if found is not None and not in_rare_code(context):  # (run once: the first call pays)
            name, entry = found
            self.report(node, call=name, what=entry.what, fix=fix_for(entry.fix, name),
                        autofix=lambda rewriter: offload_fix(rewriter, node, entry.fix == "process"))
        # Calls of sync helpers that do such work are AIO220's (same file and across the project).
