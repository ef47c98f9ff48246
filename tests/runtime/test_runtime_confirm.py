"""confirm(): static findings on a stalled line are confirmed; unpredicted stalls become AIO900."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from asyncio_lint.runtime.confirm import STALL_CODE, STALL_NAME, confirm
from asyncio_lint.types import Finding


def _frame(path: Path, line: int, function: str = "f") -> dict[str, object]:
    return {"path": str(path), "line": line, "function": function}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(
        "import time\n"                 # 1
        "def helper():\n"               # 2
        "    time.sleep(1)\n"           # 3
        "async def handler():\n"        # 4
        "    helper()\n"                # 5
        "async def other():\n"          # 6
        "    data = compute()\n"        # 7
    )
    return tmp_path


def _report(app: Path) -> dict[str, object]:
    return {
        "version": 1,
        "threshold_ms": 100,
        "stalls": [
            {"start": "2026-01-01T00:00:00.000Z", "duration_ms": 300.0, "blocking_frame": _frame(app, 3, "helper"),
             "stacks": [[_frame(app, 5, "handler"), _frame(app, 3, "helper")]]},
            {"start": "2026-01-01T00:00:01.000Z", "duration_ms": 200.0, "blocking_frame": _frame(app, 3, "helper"),
             "stacks": [[_frame(app, 5, "handler"), _frame(app, 3, "helper")]]},
            {"start": "2026-01-01T00:00:02.000Z", "duration_ms": 350.0, "blocking_frame": _frame(app, 7, "other"),
             "stacks": [[_frame(app, 7, "other")]]},
            {"start": "2026-01-01T00:00:03.000Z", "duration_ms": 150.0, "blocking_frame": _frame(app, 7, "other"),
             "stacks": [[_frame(app, 7, "other")]]},
            {"start": "2026-01-01T00:00:04.000Z", "duration_ms": 120.0, "blocking_frame": None, "stacks": []},
        ],
    }


def _finding(path: str, line: int, code: str = "AIO101") -> Finding:
    return Finding(path, line, 4, line, 20, code, "blocking-call", "blocking call in async code")


def test_static_finding_in_a_stall_stack_is_confirmed(project: Path) -> None:
    # a relative path in the finding, an absolute one (through a symlink) in the report
    os.symlink(project, project / "link")
    report = _report(project / "link" / "app.py")
    predicted = _finding("app.py", 5)
    unrelated = _finding("app.py", 1, "AIO102")
    result = confirm([predicted, unrelated], report)
    assert result[0] == predicted
    assert dict(result[0].extra) == {"confirmed": True, "stall_ms": 500}
    assert result[1].extra == ()
    # the stalls at line 3 are explained by the finding at line 5 (it is in their stacks);
    # the ones at line 7 are not: one AIO900 for that line, with both stalls counted.
    (new,) = result[2:]
    assert (new.path, new.line, new.code, new.name) == ("link/app.py", 7, STALL_CODE, STALL_NAME)
    assert (new.column, new.end_line, new.end_column) == (4, 7, len("    data = compute()"))
    assert new.message.startswith("the event loop stalled 2 times, up to 350 ms (500 ms in total), here at run time")
    assert "no static rule predicted it" in new.message and "asyncio.to_thread" in new.message
    assert dict(new.extra)["stall_ms"] == 500


def test_without_findings_every_stalled_line_becomes_a_finding(project: Path) -> None:
    result = confirm([], _report(project / "app.py"))
    assert [(f.line, f.code) for f in result] == [(3, STALL_CODE), (7, STALL_CODE)]
    assert result[0].message.startswith("the event loop stalled 2 times")
    single = {"version": 1, "threshold_ms": 100, "stalls": [_report(project / "app.py")["stalls"][2]]}
    (only,) = confirm([], single)
    assert only.message == (
        "the event loop stalled for 350 ms here at run time (no static rule predicted it); "
        "offload the blocking work with `await asyncio.to_thread(...)`"
    )


def test_finding_on_the_blocking_line_covers_the_stall(project: Path) -> None:
    result = confirm([_finding("app.py", 7)], _report(project / "app.py"))
    assert dict(result[0].extra)["confirmed"] is True
    assert {f.line for f in result if f.code == STALL_CODE} == {3}


def test_empty_report_changes_nothing(project: Path) -> None:
    finding = _finding("app.py", 5)
    assert confirm([finding], {"version": 1, "threshold_ms": 100, "stalls": []}) == [finding]


def _shared_report(app: Path) -> dict[str, object]:
    """One 605 ms stall held by two lines: line 3 (300 ms, inside helper, called from line 5)
    and line 7 (305 ms), plus a one-sample passer-by on line 1."""
    handler, helper, other, passing = _frame(app, 5, "handler"), _frame(app, 3, "helper"), _frame(app, 7, "other"), _frame(app, 1, "m")
    return {
        "version": 1, "threshold_ms": 100,
        "stalls": [{
            "start": "2026-01-01T00:00:00.000Z", "duration_ms": 605.0, "blocking_frame": other, "cause": "code",
            "lines": [dict(other, samples=31, ms=305.0), dict(helper, samples=29, ms=290.0), dict(passing, samples=1, ms=10.0)],
            "stacks": [[handler, helper]] * 29 + [[other]] * 31 + [[passing]],
        }],
    }


def test_every_line_holding_a_real_share_is_confirmed_or_reported(project: Path) -> None:
    report = _shared_report(project / "app.py")
    on_helper_call, on_other, on_passer = _finding("app.py", 5), _finding("app.py", 7, "AIO104"), _finding("app.py", 1)
    result = confirm([on_helper_call, on_other, on_passer], report)
    assert dict(result[0].extra) == {"confirmed": True, "stall_ms": 290}  # its callee's share
    assert dict(result[1].extra) == {"confirmed": True, "stall_ms": 305}
    assert result[2].extra == ()  # 10 ms of 605: no real share
    assert len(result) == 3  # both real lines are explained: no AIO900
    only_other = confirm([on_other], report)
    (new,) = [f for f in only_other if f.code == STALL_CODE]
    assert (new.line, dict(new.extra)["stall_ms"]) == (3, 290)  # the hidden second blocker
    assert new.message.startswith("the event loop stalled for 290 ms (of a 605 ms stall) here")


def test_stalls_the_machine_caused_neither_confirm_nor_add_findings(project: Path) -> None:
    report = _shared_report(project / "app.py")
    report["stalls"][0]["cause"] = "starved"  # type: ignore[index]
    finding = _finding("app.py", 7)
    assert confirm([finding], report) == [finding]
