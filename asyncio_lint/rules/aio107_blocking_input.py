from asyncio_lint.rules._blocking import THREAD_FIX_SAFETY, BlockingCallRule
from asyncio_lint.types import Invalid, Valid


class BlockingInput(BlockingCallRule):
    """
    ## What it does
    Flags `input()` inside a coroutine, and the terminal prompts that wait the same way:
    questionary's `Question.ask()` / `unsafe_ask()`, `Form.ask()` and `questionary.prompt()`
    (`await question.ask_async()` asks on the loop instead).

    ## Why is this bad?
    `input()` waits for a human to type a line: the event loop stops until they do.

    ## Example
    ```python
    async def ask():
        return input("name? ")
    ```

    ## Use instead
    ```python
    import asyncio

    async def ask():
        return await asyncio.to_thread(input, "name? ")
    ```

    ## Fix safety
    """

    CODE = "AIO107"
    NAME = "blocking-input"
    CONFIDENCE = "certain"
    KIND = "input"
    FIX_SAFETY = THREAD_FIX_SAFETY
    FIX = '`await asyncio.to_thread(input, prompt)` or an async reader on `sys.stdin`'
    MESSAGE = "`{call}` blocks the event loop; use {fix} instead"
    VALID = [
        Valid('import asyncio\nasync def f():\n    return await asyncio.to_thread(input, "? ")\n'),
        Valid('async def f(input):\n    return input("? ")\n'),
        Valid('def f():\n    return input("? ")\n'),
    ]
    INVALID = [
        Invalid('async def f():\n    return input("? ")  # expect: AIO107\n'),
    ]
