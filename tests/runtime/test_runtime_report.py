"""Report writers and the JSON loader, on hand-made stalls (no timing involved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from asyncio_lint.runtime.report import (
    format_text, load_report, render, stalls_from_json, to_json, to_speedscope,
)
from asyncio_lint.runtime.sampler import Stall
from asyncio_lint.runtime.stacks import Frame, blocking_frame, innermost_user_frame, is_library

APP = "/project/app.py"
LIB = "/usr/lib/python3.11/site-packages/lib/mod.py"
OUTER = Frame(APP, 40, "<module>")
HANDLER = Frame(APP, 12, "handler")
LIBCALL = Frame(LIB, 7, "fetch")


def _stall(duration: float, stacks: list[tuple[Frame, ...]], start: float = 1_700_000_000.25) -> Stall:
    return Stall(start, duration, blocking_frame(stacks), stacks, "MainThread", None)


STALLS = [
    _stall(150.0, [(OUTER, HANDLER, LIBCALL)] * 3),
    _stall(400.0, [(OUTER, Frame(APP, 20, "crunch"))] * 2),
    _stall(300.0, [(OUTER, HANDLER, LIBCALL)]),
]


def test_blocking_frame_is_innermost_user_frame() -> None:
    assert is_library(LIB) and not is_library(APP)
    assert innermost_user_frame((OUTER, HANDLER, LIBCALL)) == HANDLER
    assert blocking_frame([(OUTER, HANDLER), (OUTER, HANDLER, LIBCALL), (OUTER,)]) == HANDLER
    assert blocking_frame([]) is None
    assert blocking_frame([(LIBCALL,)]) is None


def test_json_round_trip(tmp_path: Path) -> None:
    data = to_json(STALLS, 0.1)
    assert data["version"] == 1 and data["threshold_ms"] == 100.0
    first = data["stalls"][0]
    assert set(first) >= {"start", "duration_ms", "blocking_frame", "stacks"}
    assert first["start"] == "2023-11-14T22:13:20.250Z"
    assert first["blocking_frame"] == {"path": APP, "line": 12, "function": "handler"}
    assert first["stacks"][0][-1] == {"path": LIB, "line": 7, "function": "fetch"}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data))
    loaded = load_report(path)
    back = stalls_from_json(loaded)
    assert [(s.duration_ms, s.blocking_frame, s.stacks) for s in back] == [
        (s.duration_ms, s.blocking_frame, s.stacks) for s in STALLS
    ]
    assert back[0].start == pytest.approx(STALLS[0].start, abs=0.001)


@pytest.mark.parametrize(
    "content, reason",
    [
        ("not json", "not a JSON stall report"),
        ('{"version": 2, "stalls": []}', "unsupported version"),
        ('{"version": 1}', "'stalls' list"),
        ('{"version": 1, "stalls": [{"start": 0}]}', "duration_ms"),
        ('{"version": 1, "stalls": [{"duration_ms": 1, "stacks": [[{"line": 1}]]}]}', "'path' and 'line'"),
    ],
)
def test_loader_rejects_bad_reports(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(ValueError, match=reason):
        load_report(path)


def test_loader_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot read stall report"):
        load_report(tmp_path / "missing.json")


def test_text_groups_by_blocking_line_sorted_by_total_time() -> None:
    text = format_text(STALLS, 0.1, root="/project")
    lines = text.splitlines()
    assert lines[0] == "asyncio-lint sample: 3 event-loop stalls of 100 ms or more, 850 ms in total"
    headers = [line for line in lines if " ms  " in line]
    assert headers[0].split() == ["450", "ms", "app.py:12", "in", "handler", "(in", "2", "stalls,", "longest", "300", "ms)"]
    assert headers[1].split()[:3] == ["400", "ms", "app.py:20"]
    assert "> app.py:12 in handler" in text
    assert format_text([], 0.25).startswith("asyncio-lint sample: no event-loop stalls of 250 ms")


def test_speedscope_weights_add_up_to_stalled_time() -> None:
    data = to_speedscope(STALLS)
    (profile,) = data["profiles"]
    assert profile["unit"] == "milliseconds"
    assert sum(profile["weights"]) == pytest.approx(850.0)
    assert profile["endValue"] == pytest.approx(850.0)
    frames = data["shared"]["frames"]
    assert all(0 <= index < len(frames) for sample in profile["samples"] for index in sample)
    assert frames[profile["samples"][0][-1]] == {"name": "fetch", "file": LIB, "line": 7}


def test_render_formats() -> None:
    assert json.loads(render(STALLS, 0.1, "json"))["version"] == 1
    assert json.loads(render(STALLS, 0.1, "speedscope"))["exporter"] == "asyncio-lint"
    with pytest.raises(ValueError):
        render(STALLS, 0.1, "xml")


# -- lines by share, causes, JSON lines (issue 19) ----------------------------------------------------

TWO = "/project/two.py"
SLEEP_LINE = Frame(TWO, 10, "main")
CRUNCH_LINE = Frame(TWO, 6, "crunch")


def _two_line_stall() -> Stall:
    from asyncio_lint.runtime.model import LineShare

    stacks = [(OUTER, SLEEP_LINE)] * 29 + [(OUTER, SLEEP_LINE, CRUNCH_LINE)] * 31
    lines = [LineShare(CRUNCH_LINE, 31, 305.0), LineShare(SLEEP_LINE, 29, 300.0)]
    return Stall(1_700_000_000.0, 605.0, CRUNCH_LINE, stacks, "MainThread", None, lines, "code", 2.0, 0.0)


def test_json_lists_every_line_with_samples_and_ms_and_reads_back() -> None:
    data = to_json([_two_line_stall()], 0.1)
    (stall,) = data["stalls"]
    assert stall["blocking_frame"] == {"path": TWO, "line": 6, "function": "crunch"}
    assert stall["lines"] == [
        {"path": TWO, "line": 6, "function": "crunch", "samples": 31, "ms": 305.0},
        {"path": TWO, "line": 10, "function": "main", "samples": 29, "ms": 300.0},
    ]
    assert (stall["cause"], stall["starved_ms"], stall["gil_ms"]) == ("code", 2.0, 0.0)
    (back,) = stalls_from_json(data)
    assert back.lines == _two_line_stall().lines and back.cause == "code"


def test_text_lists_the_lines_that_held_a_stall_and_counts_it_under_each() -> None:
    text = format_text([_two_line_stall()], 0.1, root="/project")
    assert "605 ms: 305 ms two.py:6 crunch, 300 ms two.py:10 main" in text
    headers = [line.split() for line in text.splitlines() if " ms  " in line]
    assert [header[:3] for header in headers] == [["305", "ms", "two.py:6"], ["300", "ms", "two.py:10"]]


def test_machine_stalls_are_listed_apart_from_code_stalls() -> None:
    starved = Stall(1_700_000_000.0, 540.0, HANDLER, [(OUTER, HANDLER)], "MainThread", None, [], "starved", 510.0, 0.0)
    text = format_text([starved], 0.1, root="/project")
    assert text.startswith("asyncio-lint sample: no event-loop stalls of 100 ms or more.")
    assert "Not the code's: 1 stall (540 ms)" in text and "runnable but not running 510 ms" in text
    assert "app.py:12 in handler  (in" not in text  # not grouped as a code stall


def test_speedscope_weights_follow_the_line_shares() -> None:
    data = to_speedscope([_two_line_stall()])
    (profile,) = data["profiles"]
    frames = data["shared"]["frames"]
    by_leaf: dict[int, float] = {}
    for sample, weight in zip(profile["samples"], profile["weights"], strict=True):
        by_leaf[frames[sample[-1]]["line"]] = by_leaf.get(frames[sample[-1]]["line"], 0.0) + weight
    assert by_leaf == {10: pytest.approx(300.0, abs=0.1), 6: pytest.approx(305.0, abs=0.1)}


def test_json_lines_report_loads_and_survives_a_cut_last_line(tmp_path: Path) -> None:
    text = render([_two_line_stall(), STALLS[0]], 0.1, "jsonl")
    header_line, *stall_lines = text.splitlines()
    assert json.loads(header_line) == {"version": 1, "threshold_ms": 100.0, "format": "jsonl"}
    assert len(stall_lines) == 2
    path = tmp_path / "r.jsonl"
    path.write_text(text)
    assert [s["duration_ms"] for s in load_report(path)["stalls"]] == [605.0, 150.0]
    path.write_text(text[: len(text) - 20])  # killed while writing the last line
    assert [s["duration_ms"] for s in load_report(path)["stalls"]] == [605.0]
    path.write_text(header_line + "\n")  # killed before any stall
    assert load_report(path)["stalls"] == []
