"""pytest plugin: ``pytest --asyncio-stalls[=THRESHOLD]`` reports event-loop stalls per test.

Registered through the ``pytest11`` entry point, so it is loaded by every pytest run: it imports
nothing heavy and does nothing unless ``--asyncio-stalls`` is given.

* ``--asyncio-stalls`` (threshold 100 ms) or ``--asyncio-stalls=250ms``: watch every event loop
  a test runs (``asyncio.run`` in the test, pytest-asyncio / anyio loops, hand-made loops); each
  test's report gets an "asyncio stalls" section and the terminal summary lists them per test.
* ``--asyncio-stalls-fail``: a test whose loop stalled fails (the run exits non-zero).
* ``--asyncio-stalls-report=FILE``: also write the JSON report (for ``asyncio-lint check --stalls``).
* ``--asyncio-stalls-method=thread``: look with a watchdog thread instead of signal ticks (see
  ``docs/sampler.md``: for C extensions that do not retry a system call a signal interrupted).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generator

import pytest

if TYPE_CHECKING:
    from .sampler import Stall

DEFAULT = "100ms"
_OPTION = "--asyncio-stalls"
_PLUGIN_NAME = "asyncio-lint-stalls"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("asyncio-lint", "asyncio-lint runtime stall sampler")
    group.addoption(
        _OPTION, dest="asyncio_stalls", nargs="?", const=DEFAULT, default=None, metavar="THRESHOLD",
        help="Report asyncio event-loop stalls longer than THRESHOLD (default 100ms; 0.1s, 100).",
    )
    group.addoption(
        "--asyncio-stalls-fail", dest="asyncio_stalls_fail", action="store_true", default=False,
        help="Fail the tests whose event loop stalled (implies --asyncio-stalls).",
    )
    group.addoption(
        "--asyncio-stalls-report", dest="asyncio_stalls_report", default=None, metavar="FILE",
        help="Write the stalls as a JSON report to FILE (implies --asyncio-stalls).",
    )
    group.addoption(
        "--asyncio-stalls-method", dest="asyncio_stalls_method", default="auto", choices=("auto", "thread"),
        help="How loops are looked at: auto (signal ticks in the main thread on Linux, else a "
        "watchdog thread) or thread (always the watchdog thread).",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config, parser: pytest.Parser, args: list[str]) -> None:
    """Keep a bare ``--asyncio-stalls`` from swallowing the next argument (e.g. a test path)."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == _OPTION:
            following = args[index + 1] if index + 1 < len(args) else None
            if following is not None and _is_threshold(following):
                args[index : index + 2] = [f"{_OPTION}={following}"]
            else:
                args[index] = f"{_OPTION}={DEFAULT}"


def _is_threshold(text: str) -> bool:
    from .sampler import parse_threshold

    try:
        parse_threshold(text)
    except ValueError:
        return False
    return True


def pytest_configure(config: pytest.Config) -> None:
    value = config.getoption("asyncio_stalls", None)
    fail = config.getoption("asyncio_stalls_fail", False)
    report = config.getoption("asyncio_stalls_report", None)
    if value is None and not fail and not report:
        return
    from .sampler import parse_threshold

    try:
        threshold = parse_threshold(value or DEFAULT)
    except ValueError as error:
        raise pytest.UsageError(f"{_OPTION}: {error}") from None
    method = config.getoption("asyncio_stalls_method", "auto")
    config.pluginmanager.register(StallPlugin(config, threshold, fail, report, method), _PLUGIN_NAME)


class StallPlugin:
    """The active part, registered only when stalls are asked for."""

    def __init__(
        self, config: pytest.Config, threshold: float, fail: bool, report: str | None, method: str = "auto"
    ) -> None:
        from .sampler import Sampler

        self.config = config
        self.threshold = threshold
        self.fail = fail
        self.report_path = report
        self.sampler = Sampler(threshold, all_loops=True, method=method)
        self._reported: dict[str, int] = {}

    def _stalls_of(self, nodeid: str | None) -> list["Stall"]:
        return [stall for stall in list(self.sampler.stalls) if stall.context == nodeid]

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self.sampler.start()

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, Any, None]:
        self.sampler.context = item.nodeid
        try:
            yield
        finally:
            self.sampler.context = None

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        stalls = self._stalls_of(item.nodeid)
        new = stalls[self._reported.get(item.nodeid, 0) :]
        if not new:
            return
        self._reported[item.nodeid] = len(stalls)
        text = self._describe(new)
        report.sections.append((f"asyncio stalls ({call.when})", text))
        if self.fail and report.passed:
            report.outcome = "failed"
            report.longrepr = f"the event loop stalled during {call.when}:\n{text}"

    def _describe(self, stalls: list["Stall"]) -> str:
        from .report import _location

        root = str(self.config.rootpath)
        lines = []
        for stall in stalls:
            lines.append(
                f"{stall.duration_ms:.0f} ms stall at {_location(stall.blocking_frame, root)}"
            )
        return "\n".join(lines)

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        stalls = list(self.sampler.stalls)
        threshold_ms = self.threshold * 1000
        if not stalls:
            terminalreporter.write_line(f"asyncio-lint: no event-loop stalls of {threshold_ms:g} ms or more")
            return
        terminalreporter.section(f"asyncio stalls (threshold {threshold_ms:g} ms)")
        by_test: dict[str, list[Stall]] = {}
        for stall in stalls:
            by_test.setdefault(stall.context or "(outside tests)", []).append(stall)
        ordered = sorted(by_test.items(), key=lambda item: -sum(s.duration_ms for s in item[1]))
        for nodeid, group in ordered:
            total = sum(stall.duration_ms for stall in group)
            terminalreporter.write_line(f"{nodeid}: {len(group)} stall(s), {total:.0f} ms")
            for line in self._describe(group).splitlines():
                terminalreporter.write_line(f"    {line}")
        if self.report_path:
            terminalreporter.write_line(f"asyncio-lint: stall report written to {self.report_path}")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.sampler.close()
        if self.report_path:
            from .report import render

            with open(self.report_path, "w", encoding="utf-8") as handle:
                handle.write(render(self.sampler.stalls, self.threshold, "json"))
