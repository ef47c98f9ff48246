from asyncio_lint.codes import CODES
from asyncio_lint.rules._helpers import HelperCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingHelperCall(HelperCallRule):
    """
    ## What it does
    Flags a coroutine's call of a sync function or method of the project that may block the event
    loop further down: it makes a blocking call of the AIO1xx catalogue (`open()`, `time.sleep()`,
    `requests.get()`, ...) itself, or calls a project function that does, up to `transitive-depth`
    functions deep. The message shows one chain, ending at the costliest blocking call it reaches
    (network, then disk, then sleep) along a way the call's arguments allow, and its line.

    **One root cause, one finding.** When three or more calls from coroutines end at the same
    blocking call of the project (`root-finding-at`), that call is the finding, in place of
    theirs: `` `open()` in `parse_file_input` blocks the event loop for 3 calls from coroutines
    (svc/a.py:4 `load_settings()`, svc/a.py:7 `parse_file_input()`, svc/b.py:4 `load_settings()`) ``.
    It is fixed once there (an async helper, or the work done once), and a `# noqa: AIO120`, a
    per-file ignore or a baseline entry on its line silences every call it stands for, calls added
    later included (`root-finding-at = 0` reports each call instead). A call silenced where it is, or
    a style point (in a test or a script), is not one of them. The engine's walk of one file alone
    reports each call; the command line, pre-commit, flake8 and the editor report the root. When
    only some files are checked (pre-commit's changed files), a call whose blocking call is in a
    file not checked keeps its own finding, so a new call is seen where it was written.

    Helpers are followed through imports (`from .util import load_settings`, `import pkg.util as u`,
    re-exports in `__init__.py`), `self.method()` within a class, and a class to its `__init__`.
    The command line and pre-commit see the whole project (also when given only changed files);
    flake8 sees one file at a time, so there only helpers of the same file are followed.

    A chain is followed only into the branches the call's arguments can reach: the literal
    arguments and the defaults are judged against each helper's `if x:`, `is None`, `==` and
    `isinstance` tests of its parameters (an early `return`/`raise` on one included, each term of
    an `and`, `is True`), at every step where a helper passes its own parameter on. `ping(host)` of
    `def ping(host, verbose=False)` that runs `subprocess.run()` only `if verbose:` is not flagged;
    neither is a call whose helper raises before the blocking line unless given a path the call
    leaves `None`. An option a helper reads from its `**kwargs` (`delay = kwargs.get("delay")`)
    is judged as a parameter with the `get`'s default, unless the helper writes to its `**kwargs`;
    after `*args` or `**kwargs` in a call, only the keywords written out are known.
    The coroutines of a module that imports `esphome.codegen` run on ESPHome's build-time fake
    loop and start no chain.

    A helper passed uncalled to `asyncio.to_thread` or `loop.run_in_executor` is not flagged, nor
    is a call made inside a sync function, a generator function (calling it runs nothing), a
    `functools.cache` / `lru_cache` function (its body runs once per process, or once per set of
    arguments, which real code keeps few and fixed: SSL contexts per cipher list, keys per master
    key), or a call the per-call AIO1xx rules already report on that line. A cache keyed by
    request data still blocks on each miss: declare such a helper with `extend-blocking-calls`
    (`"myapp.tls_settings_for" = "file"`) to have its calls from coroutines reported.

    A chain neither starts in nor goes through code that runs once per process or never: the body of
    `if Config._instance is None: Config._instance = Config()` (also `not hasattr(...)`, `cls._x`
    in a classmethod, and a module `global` set in the body), a singleton built on first use; the
    body of `if key not in _CONTEXTS: _CONTEXTS[key] = ...` on a module's or a class's dict, built
    once per key as a `functools.cache` is; what follows `if _plugins is not None: return _plugins`
    or `if key in _CACHE: return _CACHE[key]` (`and not reload` allowed) in a function that sets
    that `global` or entry, a value computed on the first call; the body of `if DEBUG:`, where the
    module binds `DEBUG = False` once. An attribute of `self` or a local set the same way
    is set again for each instance or call, and stays followed.

    ## Why is this bad?
    Per-call checks see `settings = load_settings()` and nothing wrong with it, but two calls down
    it opens a file or makes an HTTP request, and while it waits every task on the loop waits too.
    Runtime detectors only catch it when that path runs.

    ## Example
    ```python
    import json

    def _read(path):
        with open(path) as handle:
            return json.load(handle)

    def load_settings():
        return _read("settings.json")

    async def handler(request):
        settings = load_settings()
        return settings["greeting"]
    ```

    ## Use instead
    ```python
    import asyncio
    import json

    def _read(path):
        with open(path) as handle:
            return json.load(handle)

    def load_settings():
        return _read("settings.json")

    async def handler(request):
        settings = await asyncio.to_thread(load_settings)
        return settings["greeting"]
    ```

    ## Fix safety
    The fix runs the helper in a worker thread: `load_settings(path)` becomes
    `await asyncio.to_thread(load_settings, path)` (`import asyncio` is added when missing), also
    for chains that cross files. It is unsafe: the whole helper, not only its blocking call, then
    runs in another thread while the loop goes on, so state it shares with coroutines is no longer
    protected by running on the loop. No fix is offered where `await` cannot go.

    ## Options
    `transitive-depth` (default 4): the longest chain of project functions followed (1: only helpers
    that make the blocking call themselves). `root-finding-at` (default 3): from how many calls
    ending at one blocking call of the project that call is the one finding (0: never, each call
    its own finding, with its fix). `non-blocking-functions`: qualified names or globs of
    project functions known not to block on the loop (a cache hit, a path never taken in production);
    they are neither reported nor followed.
    ```toml
    [tool.asyncio-lint]
    transitive-depth = 3
    root-finding-at = 0
    non-blocking-functions = ["myapp.settings.cached_settings", "myapp.testing.*"]
    ```
    """

    CODE = "AIO120"
    NAME = "blocking-helper-call"
    CONFIDENCE = "likely"  # the chain may not be taken with the arguments this call passes
    MESSAGE = CODES["AIO120"].message or ""
    VALID = [
        Valid("import asyncio, time\ndef pause():\n    time.sleep(1)\nasync def f():\n    await asyncio.to_thread(pause)\n"),
        Valid("import time\ndef pause():\n    time.sleep(1)\ndef sync_caller():\n    pause()\n"),
        Valid("import time\ndef ticks():\n    while True:\n        time.sleep(1)\n        yield\nasync def f():\n    return ticks()\n"),
        Valid("import time\ndef pause():\n    time.sleep(1)\ndef outer():\n    pause()\nasync def f():\n    outer()\n",
              config={"transitive-depth": 1}),
        Valid("import time\ndef pause():\n    time.sleep(1)\nasync def f():\n    pause()\n",
              config={"non-blocking-functions": ["example.pause"]}),
        # The literal arguments (and defaults) rule the blocking branch out.
        Valid("import subprocess\ndef ping(host, verbose=False):\n    if verbose:\n"
              "        subprocess.run(['ping', '-c1', host])\n"
              "async def f(host):\n    ping(host)\n    ping(host, verbose=False)\n"),
    ]
    INVALID = [
        Invalid("import time\ndef pause():\n    time.sleep(1)\nasync def f():\n    pause()  # expect: AIO120\n"),
        Invalid("import json\ndef _read(path):\n    with open(path) as h:\n        return json.load(h)\n"
                "def load_settings():\n    return _read('settings.json')\n"
                "async def handler(request):\n    return load_settings()  # expect: AIO120\n"),
        Invalid("import requests\nclass Client:\n    def _get(self, url):\n        return requests.get(url)\n"
                "    def fetch(self, url):\n        return self._get(url).json()\n"
                "    async def run(self, url):\n        return self.fetch(url)  # expect: AIO120\n"),
        Invalid("import subprocess\ndef ping(host, verbose=False):\n    if verbose:\n"
                "        subprocess.run(['ping', '-c1', host])\n"
                "async def f(host, verbose):\n    ping(host, verbose)  # expect: AIO120\n"),
    ]
