"""Stall reports: JSON (and its loader), text, and speedscope for a flame view.

JSON report (version 1)::

    {"version": 1, "threshold_ms": 100.0,
     "stalls": [{"start": "2026-01-01T12:00:00.123Z", "duration_ms": 301.2,
                 "blocking_frame": {"path": "/abs/app.py", "line": 12, "function": "main"},
                 "stacks": [[{"path", "line", "function"}, ...], ...],
                 "thread": "MainThread", "context": null}]}

Stacks are listed outermost frame first, one per sample; ``blocking_frame`` is ``null`` when no
sample was taken (a C call that held the GIL for the whole stall).
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from datetime import datetime, timezone
from typing import IO, Any, Iterable, Sequence

from .sampler import Stall
from .stacks import Frame, Stack, is_library

REPORT_VERSION = 1
FORMATS = ("text", "json", "speedscope")


# -- JSON -----------------------------------------------------------------------------------------


def _iso(timestamp: float) -> str:
    moment = datetime.fromtimestamp(timestamp, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _parse_iso(text: Any) -> float:
    if isinstance(text, (int, float)):
        return float(text)
    value = str(text)
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    return datetime.fromisoformat(value).timestamp()


def stall_to_json(stall: Stall) -> dict[str, Any]:
    return {
        "start": _iso(stall.start),
        "duration_ms": round(stall.duration_ms, 1),
        "blocking_frame": stall.blocking_frame.to_json() if stall.blocking_frame else None,
        "stacks": [[frame.to_json() for frame in stack] for stack in stall.stacks],
        "thread": stall.thread,
        "context": stall.context,
    }


def to_json(stalls: Iterable[Stall], threshold: float) -> dict[str, Any]:
    """The report as a JSON-ready dict (``threshold`` in seconds)."""
    return {
        "version": REPORT_VERSION,
        "threshold_ms": round(threshold * 1000.0, 3),
        "stalls": [stall_to_json(stall) for stall in stalls],
    }


def stalls_from_json(report: dict[str, Any]) -> list[Stall]:
    """The stalls of a loaded JSON report."""
    stalls = []
    for item in report.get("stalls", []):
        frame = item.get("blocking_frame")
        stalls.append(
            Stall(
                start=_parse_iso(item.get("start", 0)),
                duration_ms=float(item["duration_ms"]),
                blocking_frame=Frame.from_json(frame) if frame else None,
                stacks=[tuple(Frame.from_json(f) for f in stack) for stack in item.get("stacks", [])],
                thread=str(item.get("thread", "")),
                context=item.get("context"),
            )
        )
    return stalls


def load_report(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and check a JSON stall report. Raises ``ValueError`` with a readable reason."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise ValueError(f"cannot read stall report {os.fspath(path)!r}: {error.strerror}") from error
    except json.JSONDecodeError as error:
        raise ValueError(f"{os.fspath(path)!r} is not a JSON stall report: {error}") from error
    return validate_report(data, os.fspath(path))


def validate_report(data: Any, name: str = "stall report") -> dict[str, Any]:
    def fail(reason: str) -> ValueError:
        return ValueError(f"{name!r} is not a valid stall report: {reason}")

    if not isinstance(data, dict) or "stalls" not in data:
        raise fail("expected an object with a 'stalls' list")
    if data.get("version") != REPORT_VERSION:
        raise fail(f"unsupported version {data.get('version')!r} (expected {REPORT_VERSION})")
    if not isinstance(data["stalls"], list):
        raise fail("'stalls' must be a list")
    for index, stall in enumerate(data["stalls"]):
        if not isinstance(stall, dict) or not isinstance(stall.get("duration_ms"), (int, float)):
            raise fail(f"stall #{index} has no numeric 'duration_ms'")
        frames = [stall.get("blocking_frame")] if stall.get("blocking_frame") else []
        stacks = stall.get("stacks", [])
        if not isinstance(stacks, list) or not all(isinstance(s, list) for s in stacks):
            raise fail(f"stall #{index}: 'stacks' must be a list of lists")
        frames.extend(frame for stack in stacks for frame in stack)
        for frame in frames:
            if not (
                isinstance(frame, dict)
                and isinstance(frame.get("path"), str)
                and isinstance(frame.get("line"), int)
            ):
                raise fail(f"stall #{index} has a frame without 'path' and 'line'")
    return data


# -- text -----------------------------------------------------------------------------------------


def _location(frame: Frame | None, root: str) -> str:
    if frame is None:
        return "<no sample: the loop thread held the GIL in C code>"
    path = frame.path
    if not path.startswith("<"):
        try:
            relative = os.path.relpath(path, root)
        except ValueError:
            relative = path
        if not relative.startswith(".."):
            path = relative
    return f"{path}:{frame.line} in {frame.function}"


def _short_stack(stacks: Sequence[Stack], blocking: Frame | None, depth: int = 6) -> list[Frame]:
    """The most common sampled stack, cut to the frames around the blocking frame."""
    if not stacks:
        return []
    counts: dict[Stack, int] = defaultdict(int)
    for stack in stacks:
        counts[stack] += 1
    stack = max(counts, key=lambda s: counts[s])
    user = [frame for frame in stack if not is_library(frame.path)]
    inner = [frame for frame in stack[stack.index(user[-1]) + 1 :]] if user else []
    # Some user frames leading to the blocking frame, then the library frames below it.
    return (user[-(depth - min(len(inner), 2)) :] + inner[-2:])[-depth:]


def format_text(stalls: Sequence[Stall], threshold: float, root: str | None = None) -> str:
    """Stalls grouped by blocking line, the line with the most stalled time first."""
    root = root or os.getcwd()
    if not stalls:
        return f"asyncio-lint sample: no event-loop stalls of {threshold * 1000:g} ms or more.\n"
    groups: dict[Frame | None, list[Stall]] = defaultdict(list)
    for stall in stalls:
        groups[stall.blocking_frame].append(stall)
    ordered = sorted(groups.items(), key=lambda item: -sum(s.duration_ms for s in item[1]))
    total = sum(stall.duration_ms for stall in stalls)
    lines = [
        f"asyncio-lint sample: {len(stalls)} event-loop stall{'s' if len(stalls) != 1 else ''} "
        f"of {threshold * 1000:g} ms or more, {total:.0f} ms in total",
        "",
    ]
    for frame, group in ordered:
        durations = [stall.duration_ms for stall in group]
        count = len(group)
        lines.append(
            f"{sum(durations):8.0f} ms  {_location(frame, root)}"
            f"  ({count} stall{'s' if count != 1 else ''}, longest {max(durations):.0f} ms)"
        )
        longest = max(group, key=lambda stall: stall.duration_ms)
        for entry in _short_stack(longest.stacks, frame):
            marker = ">" if entry == frame else " "
            lines.append(f"           {marker} {_location(entry, root)}")
        lines.append("")
    return "\n".join(lines)


# -- speedscope -------------------------------------------------------------------------------------


def to_speedscope(stalls: Sequence[Stall], name: str = "asyncio-lint stalls") -> dict[str, Any]:
    """A speedscope file: one sampled profile per loop thread, each sample weighted in ms."""
    frames: list[dict[str, Any]] = []
    index: dict[Frame, int] = {}

    def frame_id(frame: Frame) -> int:
        if frame not in index:
            index[frame] = len(frames)
            frames.append({"name": frame.function, "file": frame.path, "line": frame.line})
        return index[frame]

    by_thread: dict[str, list[Stall]] = defaultdict(list)
    for stall in stalls:
        by_thread[stall.thread or "loop"].append(stall)
    profiles = []
    for thread, group in by_thread.items():
        samples: list[list[int]] = []
        weights: list[float] = []
        for stall in group:
            stacks = list(stall.stacks) or [
                (stall.blocking_frame,) if stall.blocking_frame else (Frame("<unsampled>", 0, "<unsampled>"),)
            ]
            weight = stall.duration_ms / len(stacks)
            for stack in stacks:
                samples.append([frame_id(frame) for frame in stack])
                weights.append(round(weight, 3))
        profiles.append(
            {
                "type": "sampled",
                "name": f"{name} ({thread})",
                "unit": "milliseconds",
                "startValue": 0,
                "endValue": round(sum(weights), 3),
                "samples": samples,
                "weights": weights,
            }
        )
    return {
        "$schema": "https://www.speedscope.app/file-format-schema.json",
        "shared": {"frames": frames},
        "profiles": profiles,
        "name": name,
        "activeProfileIndex": 0,
        "exporter": "asyncio-lint",
    }


def render(stalls: Sequence[Stall], threshold: float, fmt: str) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`) as a string."""
    if fmt == "json":
        return json.dumps(to_json(stalls, threshold), indent=2) + "\n"
    if fmt == "speedscope":
        return json.dumps(to_speedscope(stalls)) + "\n"
    if fmt == "text":
        return format_text(stalls, threshold)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write(stalls: Sequence[Stall], threshold: float, fmt: str, stream: IO[str]) -> None:
    stream.write(render(stalls, threshold, fmt))
    stream.flush()
