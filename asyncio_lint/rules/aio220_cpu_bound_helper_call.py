from asyncio_lint.codes import CODES
from asyncio_lint.rules._helpers import HelperCallRule
from asyncio_lint.types import Invalid, Valid


class CpuBoundHelperCall(HelperCallRule):
    """
    ## What it does
    Flags a coroutine's call of a sync function or method of the project that reaches a CPU-bound
    call of the AIO2xx catalogue (password hashing, key derivation, one-shot compression, the
    project's `extend-cpu-bound-calls`) through a chain of project functions, up to
    `transitive-depth` functions deep. The message shows one shortest chain and proposes a thread
    or a process pool, as the catalogue entry says.

    Helpers are followed as AIO120 follows them (imports, `__init__.py` re-exports, `self.method()`,
    a class to its `__init__`; the whole project from the command line, the same file under flake8).
    A helper that makes the CPU-bound call itself, in the same file, is AIO201's finding; AIO220
    does not repeat it on the same line.
    Calls from coroutines that end at one CPU-bound call of the project (three or more,
    `root-finding-at`) are one finding at that call, naming them, as for AIO120.

    ## Why is this bad?
    `verify_user(...)` looks cheap at the call site, but it hashes a password three calls down:
    100 ms during which no other request on this loop makes progress.

    ## Example
    ```python
    import hashlib

    def _derive(password, salt):
        return hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)

    def check_password(user, password):
        return _derive(password, user.salt) == user.digest

    async def login(user, password):
        return check_password(user, password)
    ```

    ## Use instead
    ```python
    import asyncio
    import hashlib

    def _derive(password, salt):
        return hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)

    def check_password(user, password):
        return _derive(password, user.salt) == user.digest

    async def login(user, password):
        return await asyncio.to_thread(check_password, user, password)
    ```

    ## Fix safety
    The fix offloads the helper as the message says: `await asyncio.to_thread(check_password, user,
    password)` when the CPU-bound call at the end of the chain releases the GIL, a module-level
    process pool with `loop.run_in_executor` when it is declared `"process"` (as AIO201's fix). It is
    unsafe: the whole helper then runs in another thread or process. No fix is offered where
    `await` cannot go.

    ## Options
    `transitive-depth` and `non-blocking-functions`, shared with AIO120.
    """

    CODE = "AIO220"
    NAME = "cpu-bound-helper-call"
    CONFIDENCE = "likely"
    MESSAGE = CODES["AIO220"].message or ""
    VALID = [
        Valid("import asyncio, zlib\ndef pack(b):\n    return zlib.compress(b)\ndef wrap(b):\n    return pack(b)\n"
              "async def f(b):\n    return await asyncio.to_thread(wrap, b)\n"),
        Valid("import zlib\ndef pack(b):\n    return zlib.compress(b)\ndef wrap(b):\n    return pack(b)\n"
              "async def f(b):\n    return wrap(b)\n", config={"non-blocking-functions": ["example.wrap"]}),
    ]
    INVALID = [
        Invalid("import zlib\ndef pack(b):\n    return zlib.compress(b)\ndef wrap(b):\n    return pack(b)\n"
                "async def f(b):\n    return wrap(b)  # expect: AIO220\n"),
        Invalid("import bcrypt\ndef _hash(pw):\n    return bcrypt.hashpw(pw, bcrypt.gensalt())\n"
                "class Users:\n    def create(self, name, pw):\n        return (name, _hash(pw))\n"
                "    async def signup(self, name, pw):\n        return self.create(name, pw)  # expect: AIO220\n"),
    ]
