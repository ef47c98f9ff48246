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
    assert headers[0].split() == ["450", "ms", "app.py:12", "in", "handler", "(2", "stalls,", "longest", "300", "ms)"]
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
