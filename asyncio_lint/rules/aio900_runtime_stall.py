"""AIO900: an event-loop stall seen at run time that no static rule predicted (``check --stalls``)."""

from __future__ import annotations

from asyncio_lint.rule import Rule
from asyncio_lint.types import Invalid, Valid


class RuntimeStall(Rule):
    """
    ## What it does
    Reports a line where the runtime stall sampler (`asyncio-lint sample`, or the pytest plugin's
    `--asyncio-stalls`) saw the event loop stall, when no static finding is on any line of that
    stall's stacks. It is reported by `asyncio-lint check --stalls REPORT.json`, never by the
    static analysis alone; select, ignore, `per-file-ignores` and `# noqa: AIO900` apply to it as
    to any rule.

    ## Why is this bad?
    A stall is a real measurement: while the loop was stuck on that line, every other task, timer
    and connection waited. Most stalls in production are blocking work the static rules cannot
    see, such as a synchronous SDK client deep inside a third-party library.

    ## Example
    ```python
    from vendor_sdk import ReportClient

    client = ReportClient()

    async def refresh():
        return client.fetch_report()  # stall
    ```

    ## Use instead
    ```python
    import asyncio

    from vendor_sdk import ReportClient

    client = ReportClient()

    async def refresh():
        return await asyncio.to_thread(client.fetch_report)
    ```
    """

    CODE = "AIO900"
    NAME = "runtime-stall"
    RUNTIME = True
    TRIGGERS = ()
    STATEMENT_TRIGGERS = ()
    # (runtime/confirm.py writes the message: "stalled for 412 ms" or "stalled 3 times, up to ...")
    MESSAGE = ("the event loop {how} here at run time (no static rule predicted it); "
               "offload the blocking work with `await asyncio.to_thread(...)`")
    VALID = [
        # A stall on a line a static rule flags confirms that finding instead.
        Valid("import time\nasync def poll():\n    time.sleep(1)  # stall\n"),
        Valid("import requests\nasync def fetch(url):\n    return requests.get(url)  # stall\n"),
    ]
    INVALID = [
        Invalid("from vendor_sdk import ReportClient\nclient = ReportClient()\n\nasync def refresh():\n"
                "    return client.fetch_report()  # stall  # expect: AIO900\n"),
    ]
