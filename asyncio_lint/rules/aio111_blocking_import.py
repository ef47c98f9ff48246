from asyncio_lint.rules._blocking import BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingImport(BlockingCallRule):
    """
    ## What it does
    Flags a module imported at run time inside a coroutine: `importlib.import_module()`,
    `__import__()`, `importlib.reload()`, `pkgutil.walk_packages()`.

    ## Why is this bad?
    Importing a module that is not loaded yet reads its source or bytecode from disk and runs the
    module's top-level code, on the loop thread: plugin and driver imports take tens to hundreds of
    milliseconds, and every other task waits. (A module already in `sys.modules` returns at once,
    which is why the stall appears only on the first request.) Home Assistant's run-time guard
    reports the same calls.

    Off by default (select it: `extend-select = ["AIO111"]`). In real applications these imports
    are nearly always made once per process: a plugin, driver or extension loaded at start-up or on
    an admin action, or a module that is already in `sys.modules`, which only the running program
    can tell (Home Assistant's run-time guard, which sees whether the module is loaded, is the
    better judge). Select it for code that imports per request, or to check that plugin loading
    stays off the loop. No peer linter has an equivalent rule.

    ## Example
    ```python
    import importlib

    async def load_backend(name):
        return importlib.import_module(f"backends.{name}")
    ```

    ## Use instead
    ```python
    import asyncio, importlib

    async def load_backend(name):
        return await asyncio.to_thread(importlib.import_module, f"backends.{name}")
    ```
    or import the modules at start-up, outside the event loop.

    A function that looks the module up in `sys.modules` first (and imports only what is already
    there, or hands the rest to an executor, as Home Assistant's loader does) is not reported. A
    helper that imports at run time is not followed by AIO120: such imports are nearly always lazy
    and cached (done once per process).

    ## Fix safety
    The fix runs the import in a worker thread: `importlib.import_module(name)` becomes
    `await asyncio.to_thread(importlib.import_module, name)` (`import asyncio` is added when
    missing). It is unsafe: the module's top-level code then runs in another thread, which matters
    for a module that registers signal handlers or touches thread-bound state as it is imported.
    """

    CODE = "AIO111"
    NAME = "blocking-import"
    KIND = "import"
    DEFAULT_ENABLED = False
    FIX = "an import at module level (or `await asyncio.to_thread(importlib.import_module, name)`)"
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    VALID = [
        Valid("import asyncio, importlib\nasync def f(name):\n"
              "    return await asyncio.to_thread(importlib.import_module, name)\n"),
        Valid("import importlib\ndef f(name):\n    return importlib.import_module(name)\n"),
        Valid("import importlib.util\nasync def f(name):\n    return importlib.util.find_spec(name)\n"),
        Valid("import importlib, sys\nasync def f(name):\n    if name in sys.modules:\n"
              "        return importlib.import_module(name)\n"),
    ]
    INVALID = [
        Invalid("import importlib\nasync def f(name):\n    return importlib.import_module(name)  # expect: AIO111\n"),
        Invalid("from importlib import import_module\nasync def f(name):\n"
                "    return import_module(name)  # expect: AIO111\n"),
        Invalid("async def f(name):\n    return __import__(name)  # expect: AIO111\n"),
    ]
