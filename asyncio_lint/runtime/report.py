"""Stall reports: JSON and JSON lines (and their loader), text, and speedscope for a flame view.

JSON report (version 1)::

    {"version": 1, "threshold_ms": 100.0,
     "stalls": [{"start": "2026-01-01T12:00:00.123Z", "duration_ms": 605.2,
                 "blocking_frame": {"path": "/abs/two.py", "line": 6, "function": "crunch"},
                 "lines": [{"path": "/abs/two.py", "line": 6, "function": "crunch", "samples": 31, "ms": 305.0},
                           {"path": "/abs/two.py", "line": 10, "function": "main", "samples": 30, "ms": 300.2}],
                 "cause": "code", "starved_ms": 2.1, "gil_ms": 0.0,
                 "stacks": [[{"path", "line", "function"}, ...], ...],
                 "thread": "MainThread", "context": null}]}

Stacks are listed outermost frame first, one per sample; ``lines`` are the innermost user frames
the samples saw, with the milliseconds they stand for, largest first (``blocking_frame`` is the
first of them; ``null`` when no sample was taken). ``cause`` is ``code``, or ``starved`` / ``gil``
for a stall the machine caused; ``starved_ms`` / ``gil_ms`` are ``null`` where not measurable.

JSON lines (``jsonl``): the same data, a header line ``{"version": 1, "threshold_ms": ...,
"format": "jsonl"}`` then one stall object per line, appended as stalls happen.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from datetime import datetime, timezone
from typing import IO, Any, Iterable, Sequence

from .model import Frame, LineShare, Stack, Stall
from .stacks import innermost_user_frame, is_library

REPORT_VERSION = 1
FORMATS = ("text", "json", "jsonl", "speedscope")


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


def _ms(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def stall_to_json(stall: Stall) -> dict[str, Any]:
    return {
        "start": _iso(stall.start),
        "duration_ms": round(stall.duration_ms, 1),
        "blocking_frame": stall.blocking_frame.to_json() if stall.blocking_frame else None,
        "lines": [share.to_json() for share in stall.lines],
        "cause": stall.cause,
        "starved_ms": _ms(stall.starved_ms),
        "gil_ms": _ms(stall.gil_ms),
        "stacks": [[frame.to_json() for frame in stack] for stack in stall.stacks],
        "thread": stall.thread,
        "context": stall.context,
    }


def header(threshold: float, fmt: str = "json") -> dict[str, Any]:
    data: dict[str, Any] = {"version": REPORT_VERSION, "threshold_ms": round(threshold * 1000.0, 3)}
    if fmt == "jsonl":
        data["format"] = "jsonl"
    return data


def to_json(stalls: Iterable[Stall], threshold: float) -> dict[str, Any]:
    """The report as a JSON-ready dict (``threshold`` in seconds)."""
    return {**header(threshold), "stalls": [stall_to_json(stall) for stall in stalls]}


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
                lines=[LineShare.from_json(share) for share in item.get("lines") or []],
                cause=str(item.get("cause") or "code"),
                starved_ms=item.get("starved_ms"),
                gil_ms=item.get("gil_ms"),
            )
        )
    return stalls


def load_report(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read and check a JSON (or JSON lines) stall report. Raises ``ValueError`` with a reason.

    A JSON lines report cut short by a killed program loses only its unfinished last line.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as error:
        raise ValueError(f"cannot read stall report {os.fspath(path)!r}: {error.strerror}") from error
    try:
        data = _parse_jsonl(text) if text.lstrip().startswith("{") and _is_jsonl(text) else json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{os.fspath(path)!r} is not a JSON stall report: {error}") from error
    return validate_report(data, os.fspath(path))


def _is_jsonl(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0]
    try:
        head = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(head, dict) and head.get("format") == "jsonl"


def _parse_jsonl(text: str) -> dict[str, Any]:
    lines = [line for line in text.strip().split("\n") if line.strip()]
    data = dict(json.loads(lines[0]))
    stalls = []
    for number, line in enumerate(lines[1:], start=2):
        try:
            stalls.append(json.loads(line))
        except json.JSONDecodeError:
            if number == len(lines):  # the line being written when the program was killed
                break
            raise
    data.pop("format", None)
    data["stalls"] = stalls
    return data


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


def location(frame: Frame | None, root: str) -> str:
    """``path:line in function``, the path relative to ``root`` when below it."""
    if frame is None:
        return "<no sample in your code>"
    path = frame.path
    if not path.startswith("<"):
        try:
            relative = os.path.relpath(path, root)
        except ValueError:
            relative = path
        if not relative.startswith(".."):
            path = relative
    return f"{path}:{frame.line} in {frame.function}"


def short_location(frame: Frame | None, root: str) -> str:
    """``path:line function`` (the form used in a stall's list of lines)."""
    return location(frame, root).replace(" in ", " ", 1)


def shares_text(stall: Stall, root: str, top: int = 3) -> str:
    """``605 ms: 300 ms two.py:10 main, 305 ms two.py:6 crunch`` (the top lines by share)."""
    shares = stall.lines or [LineShare(stall.blocking_frame, len(stall.stacks), stall.duration_ms)]
    parts = [f"{share.ms:.0f} ms {short_location(share.frame, root)}" for share in shares[:top]]
    if len(shares) > top:
        parts.append(f"{len(shares) - top} more line{'s' if len(shares) - top != 1 else ''}")
    return f"{stall.duration_ms:.0f} ms: " + ", ".join(parts)


def cause_text(stall: Stall) -> str:
    """Why a machine stall was not the code's: ``starved 540 ms`` / ``GIL wait 300 ms``."""
    parts = []
    if stall.starved_ms:
        parts.append(f"runnable but not running {stall.starved_ms:.0f} ms")
    if stall.gil_ms:
        parts.append(f"waiting for the GIL {stall.gil_ms:.0f} ms")
    return ", ".join(parts) or stall.cause


def _short_stack(stacks: Sequence[Stack], blocking: Frame | None, depth: int = 6) -> list[Frame]:
    """The most common sampled stack through the blocking frame, cut to the frames around it."""
    if not stacks:
        return []
    counts: dict[Stack, int] = defaultdict(int)
    for stack in stacks:
        if blocking is None or blocking in stack:
            counts[stack] += 1
    if not counts:
        return []
    stack = max(counts, key=lambda s: (counts[s], len(s)))
    user = [frame for frame in stack if not is_library(frame.path)]
    inner = [frame for frame in stack[stack.index(user[-1]) + 1 :]] if user else []
    # Some user frames leading to the blocking frame, then the library frames below it.
    return (user[-(depth - min(len(inner), 2)) :] + inner[-2:])[-depth:]


def _line_totals(stalls: Sequence[Stall]) -> dict[Frame | None, list[tuple[Stall, float]]]:
    """Each line's shares across stalls: a stall held by two lines counts under both."""
    groups: dict[Frame | None, list[tuple[Stall, float]]] = defaultdict(list)
    for stall in stalls:
        shares = stall.lines or [LineShare(stall.blocking_frame, len(stall.stacks), stall.duration_ms)]
        for share in shares:
            groups[share.frame].append((stall, share.ms))
    return groups


def format_text(stalls: Sequence[Stall], threshold: float, root: str | None = None) -> str:
    """Code stalls grouped by the lines that held them (most held time first), then the
    stalls the machine caused (starvation, GIL wait), listed apart."""
    root = root or os.getcwd()
    code = [stall for stall in stalls if stall.is_code]
    machine = [stall for stall in stalls if not stall.is_code]
    lines: list[str] = []
    if not code:
        lines.append(f"asyncio-lint sample: no event-loop stalls of {threshold * 1000:g} ms or more.")
    else:
        total = sum(stall.duration_ms for stall in code)
        lines += [
            f"asyncio-lint sample: {len(code)} event-loop stall{'s' if len(code) != 1 else ''} "
            f"of {threshold * 1000:g} ms or more, {total:.0f} ms in total",
            "",
        ]
        groups = _line_totals(code)
        ordered = sorted(groups.items(), key=lambda item: (-sum(ms for _, ms in item[1]), _frame_key(item[0])))
        for frame, group in ordered:
            held = sum(ms for _, ms in group)
            count = len(group)
            longest = max(group, key=lambda entry: entry[0].duration_ms)[0]
            lines.append(
                f"{held:8.0f} ms  {location(frame, root)}"
                f"  (in {count} stall{'s' if count != 1 else ''}, longest {longest.duration_ms:.0f} ms)"
            )
            if len(longest.lines) > 1:
                lines.append(f"             {shares_text(longest, root)}")
            for entry in _short_stack(longest.stacks, frame):
                marker = ">" if entry == frame else " "
                lines.append(f"           {marker} {location(entry, root)}")
            lines.append("")
    if machine:
        total = sum(stall.duration_ms for stall in machine)
        if lines and lines[-1] != "":
            lines.append("")
        lines.append(
            f"Not the code's: {len(machine)} stall{'s' if len(machine) != 1 else ''} ({total:.0f} ms) while the loop "
            "thread waited for a CPU or the GIL (it would have kept up on an idle machine):"
        )
        for stall in sorted(machine, key=lambda s: -s.duration_ms)[:10]:
            lines.append(f"  {stall.duration_ms:8.0f} ms  {cause_text(stall)}  (at {short_location(stall.blocking_frame, root)})")
        if len(machine) > 10:
            lines.append(f"  ... {len(machine) - 10} more")
        lines.append("")
    return "\n".join(lines) + ("" if lines[-1] == "" else "\n")


def _frame_key(frame: Frame | None) -> tuple[str, int]:
    return (frame.path, frame.line) if frame else ("\uffff", 0)


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
            for stack, weight in zip(stacks, _sample_weights(stall, stacks), strict=True):
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


def _sample_weights(stall: Stall, stacks: Sequence[Stack]) -> list[float]:
    """Each sample's milliseconds: its line's share split between that line's samples."""
    if not stall.lines:
        return [stall.duration_ms / len(stacks)] * len(stacks)
    share = {entry.frame: entry.ms for entry in stall.lines}
    frames = [innermost_user_frame(stack) for stack in stacks]
    counts: dict[Frame | None, int] = defaultdict(int)
    for frame in frames:
        counts[frame] += 1
    weights = [share.get(frame, 0.0) / counts[frame] for frame in frames]
    total = sum(weights)
    return [w * stall.duration_ms / total for w in weights] if total > 0 else [stall.duration_ms / len(stacks)] * len(stacks)


def render(stalls: Sequence[Stall], threshold: float, fmt: str) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`) as a string."""
    if fmt == "json":
        return json.dumps(to_json(stalls, threshold), indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(item) + "\n" for item in [header(threshold, "jsonl"), *map(stall_to_json, stalls)])
    if fmt == "speedscope":
        return json.dumps(to_speedscope(stalls)) + "\n"
    if fmt == "text":
        return format_text(stalls, threshold)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write(stalls: Sequence[Stall], threshold: float, fmt: str, stream: IO[str]) -> None:
    stream.write(render(stalls, threshold, fmt))
    stream.flush()
