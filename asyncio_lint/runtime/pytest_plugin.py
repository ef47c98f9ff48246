"""pytest plugin: event-loop stalls per test, from the command line, the ini file or a marker.

Registered through the ``pytest11`` entry point, so it is loaded by every pytest run: it imports
nothing heavy and does nothing unless stalls are asked for.

* ``--asyncio-stalls`` (threshold 100 ms) or ``--asyncio-stalls=250ms``, or ``asyncio_stalls =
  100ms`` in the ini file: watch every event loop a test runs (``asyncio.run`` in the test,
  pytest-asyncio / anyio loops, hand-made loops); each test's report gets an "asyncio stalls"
  section and the terminal summary lists them per test.
* ``--asyncio-stalls-fail`` / ``asyncio_stalls_fail = true``: a test whose own code stalled the
  loop fails (stalls the machine caused, the loop waiting for a CPU or the GIL, never do).
* ``--asyncio-stalls-report=FILE`` / ``asyncio_stalls_report``: also write the JSON report (for
  ``asyncio-lint check --stalls``).
* ``--asyncio-stalls-method=thread`` / ``asyncio_stalls_method``: look with a watchdog thread
  instead of signal ticks (see ``docs/sampler.md``).
* ``@pytest.mark.asyncio_stalls(threshold="50ms", fail=True)``: this test's own threshold and
  fail setting (a bare number is milliseconds); a marked test is watched even when the session
  is not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generator, Optional

import pytest

if TYPE_CHECKING:
    from .model import Stall
    from .sampler import Sampler
    from .sink import ReportSink

DEFAULT = "100ms"
_OPTION = "--asyncio-stalls"
_PLUGIN_NAME = "asyncio-lint-stalls"
_MARKER = "asyncio_stalls"
_OUTSIDE = "(outside tests)"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("asyncio-lint", "asyncio-lint runtime stall sampler")
    group.addoption(
        _OPTION, dest="asyncio_stalls", nargs="?", const=DEFAULT, default=None, metavar="THRESHOLD",
        help="Report asyncio event-loop stalls longer than THRESHOLD (default 100ms; 0.1s, 100).",
    )
    group.addoption(
        "--asyncio-stalls-fail", dest="asyncio_stalls_fail", action="store_true", default=None,
        help="Fail the tests whose code stalled the event loop (implies --asyncio-stalls).",
    )
    group.addoption(
        "--asyncio-stalls-report", dest="asyncio_stalls_report", default=None, metavar="FILE",
        help="Write the stalls as a JSON report to FILE (implies --asyncio-stalls).",
    )
    group.addoption(
        "--asyncio-stalls-method", dest="asyncio_stalls_method", default=None, choices=("auto", "thread"),
        help="How loops are looked at: auto (signal ticks in the main thread on Linux, else a "
        "watchdog thread) or thread (always the watchdog thread).",
    )
    parser.addini("asyncio_stalls", "Report event-loop stalls longer than this (e.g. 100ms); empty: off.", default="")
    parser.addini("asyncio_stalls_fail", "Fail the tests whose code stalled the event loop.", type="bool", default=False)
    parser.addini("asyncio_stalls_report", "Write the stalls as a JSON report to this file.", default="")
    parser.addini("asyncio_stalls_method", "auto (signal ticks) or thread (watchdog thread).", default="auto")


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
    from .model import parse_threshold

    try:
        parse_threshold(text)
    except ValueError:
        return False
    return True


def _threshold(value: Any, where: str) -> float:
    from .model import parse_threshold

    try:
        return parse_threshold(value)
    except ValueError as error:
        raise pytest.UsageError(f"{where}: {error}") from None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(threshold=None, fail=None): watch this test's event loops for stalls, with its own "
        "threshold (e.g. '50ms'; a bare number is ms) and fail setting",
    )
    value = config.getoption("asyncio_stalls", None)
    source = _OPTION
    if value is None and config.getini("asyncio_stalls"):
        value, source = config.getini("asyncio_stalls"), "asyncio_stalls (ini)"
    fail = config.getoption("asyncio_stalls_fail", None)
    fail = bool(config.getini("asyncio_stalls_fail")) if fail is None else fail
    report = config.getoption("asyncio_stalls_report", None) or config.getini("asyncio_stalls_report") or None
    method = config.getoption("asyncio_stalls_method", None) or config.getini("asyncio_stalls_method") or "auto"
    if method not in ("auto", "thread"):
        raise pytest.UsageError(f"asyncio_stalls_method: {method!r} is not auto or thread")
    enabled = value is not None or fail or bool(report)
    threshold = _threshold(value or DEFAULT, source)
    config.pluginmanager.register(StallPlugin(config, threshold, fail, report, method, enabled), _PLUGIN_NAME)


class StallPlugin:
    """Watches the session (``enabled``) or only the tests marked ``asyncio_stalls``.

    Nothing is imported or started until something is to be watched.
    """

    def __init__(
        self, config: pytest.Config, threshold: float, fail: bool, report: Optional[str], method: str = "auto",
        enabled: bool = True,
    ) -> None:
        self.config = config
        self.threshold = threshold
        self.fail = fail
        self.report_path = report
        self.method = method
        self.enabled = enabled
        self.sampler: Optional["Sampler"] = None
        self.sink: Optional["ReportSink"] = None
        self._items: dict[str, tuple[float, bool]] = {}  # node id -> (threshold, fail) of watched tests
        self._reported: dict[str, int] = {}

    # -- setup -------------------------------------------------------------------------------------

    def _start(self, threshold: float) -> None:
        from .sampler import Sampler

        if self.sampler is None:
            self.sampler = Sampler(threshold, all_loops=True, method=self.method)
            self.sampler.add_listener(self._stall)
            if self.report_path:
                from .sink import ReportSink

                self.sink = ReportSink(self.report_path, "json", self.threshold).open()
            self.sampler.start()
        elif threshold < self.sampler.threshold:
            self.sampler.set_threshold(threshold)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        if self.enabled:
            self._start(self.threshold)

    def pytest_collection_modifyitems(self, session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
        lowest: Optional[float] = None
        for item in items:
            marker = item.get_closest_marker(_MARKER)
            if marker is None and not self.enabled:
                continue
            threshold, fail = self.threshold, self.fail
            if marker is not None:
                given = marker.kwargs.get("threshold", marker.args[0] if marker.args else None)
                if given is not None:
                    threshold = _threshold(given, f"{item.nodeid}: @pytest.mark.{_MARKER}")
                if marker.kwargs.get("fail") is not None:
                    fail = bool(marker.kwargs["fail"])
            self._items[item.nodeid] = (threshold, fail)
            lowest = threshold if lowest is None else min(lowest, threshold)
        if lowest is not None:
            self._start(lowest)

    # -- per test ----------------------------------------------------------------------------------

    def _keeps(self, stall: "Stall") -> bool:
        """A stall counts for its test at that test's threshold (outside tests: the session's)."""
        if stall.context is None:
            return self.enabled and stall.duration_ms >= self.threshold * 1000 - 1e-6
        settings = self._items.get(stall.context)
        return settings is not None and stall.duration_ms >= settings[0] * 1000 - 1e-6

    def _stall(self, stall: "Stall") -> None:
        if self.sink is not None and self._keeps(stall):
            self.sink.add(stall)

    def _stalls(self) -> list["Stall"]:
        return [stall for stall in list(self.sampler.stalls) if self._keeps(stall)] if self.sampler else []

    def _stalls_of(self, nodeid: str) -> list["Stall"]:
        return [stall for stall in self._stalls() if stall.context == nodeid]

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item, nextitem: Optional[pytest.Item]) -> Generator[None, Any, None]:
        watched = self.sampler is not None and item.nodeid in self._items
        if watched:
            self.sampler.context = item.nodeid  # type: ignore[union-attr]
        try:
            yield
        finally:
            if watched:
                self.sampler.context = None  # type: ignore[union-attr]

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
        outcome = yield
        if self.sampler is None or item.nodeid not in self._items:
            return
        self.sampler.flush()  # (a stall still running at the end of this phase belongs to it)
        report: pytest.TestReport = outcome.get_result()
        stalls = self._stalls_of(item.nodeid)
        new = stalls[self._reported.get(item.nodeid, 0) :]
        if not new:
            return
        self._reported[item.nodeid] = len(stalls)
        text = self._describe(new)
        report.sections.append((f"asyncio stalls ({call.when})", text))
        code = [stall for stall in new if stall.is_code]
        if self._items[item.nodeid][1] and code and report.passed:
            report.outcome = "failed"
            report.longrepr = f"the event loop stalled during {call.when}:\n{self._describe(code)}"

    def _describe(self, stalls: list["Stall"]) -> str:
        from .report import cause_text, location, shares_text

        root = str(self.config.rootpath)
        lines = []
        for stall in stalls:
            if stall.is_code:
                line = f"{stall.duration_ms:.0f} ms stall at {location(stall.blocking_frame, root)}"
                if len(stall.lines) > 1:
                    line += f" ({shares_text(stall, root)})"
            else:
                line = f"{stall.duration_ms:.0f} ms late, not the code's: {cause_text(stall)}"
            lines.append(line)
        return "\n".join(lines)

    # -- end ---------------------------------------------------------------------------------------

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.sampler is None:
            return
        stalls = self._stalls()
        threshold_ms = self.threshold * 1000
        if not any(stall.is_code for stall in stalls):
            terminalreporter.write_line(f"asyncio-lint: no event-loop stalls of {threshold_ms:g} ms or more")
            if stalls:
                terminalreporter.write_line(
                    f"asyncio-lint: {len(stalls)} late loop step(s) not the code's (the loop thread waited "
                    f"for a CPU or the GIL), {sum(s.duration_ms for s in stalls):.0f} ms"
                )
            return
        terminalreporter.section(f"asyncio stalls (threshold {threshold_ms:g} ms)")
        by_test: dict[str, list["Stall"]] = {}
        for stall in stalls:
            by_test.setdefault(stall.context or _OUTSIDE, []).append(stall)
        ordered = sorted(by_test.items(), key=lambda item: -sum(s.duration_ms for s in item[1] if s.is_code))
        for nodeid, group in ordered:
            code = [stall for stall in group if stall.is_code]
            total = sum(stall.duration_ms for stall in code)
            machine = len(group) - len(code)
            extra = f", {machine} not the code's (CPU or GIL wait)" if machine else ""
            terminalreporter.write_line(f"{nodeid}: {len(code)} stall(s), {total:.0f} ms{extra}")
            for line in self._describe(group).splitlines():
                terminalreporter.write_line(f"    {line}")
        if self.report_path:
            terminalreporter.write_line(f"asyncio-lint: stall report written to {self.report_path}")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.sampler is not None:
            self.sampler.close()
        if self.sink is not None:
            self.sink.finish()
