"""Confirm static findings with a stall report (``asyncio-lint check --stalls REPORT.json``).

Only stalls the code caused count (``"cause": "code"``; starvation and GIL waits are the
machine's). Each stall's time is split between its lines (``"lines"``: the samples' innermost
user frames and the milliseconds they stand for); a line *holds a real share* of a stall when
its samples, or samples passing through it (a caller), stand for at least a tenth of the stall
or the threshold, whichever is less.

* A finding whose (path, line) holds a real share of a stall is *confirmed*: it gets the extra
  facts ``confirmed=True`` and ``stall_ms`` (the milliseconds that line held, over all stalls).
* Then each line holding a real share that no finding explains (no finding on it or on a frame
  its samples pass through) becomes a finding of its own, ``AIO900 runtime-stall``, so nothing
  seen at run time is lost, and a stall held by two lines is never hidden behind one.

Reports without ``lines`` (older ones) count every frame of a stall's stacks for its whole
duration, the blocking frame as its only line.

Paths are compared by ``os.path.realpath``, so relative finding paths and the report's absolute
ones match when ``confirm`` runs from the directory ``check`` was given paths relative to.
"""

from __future__ import annotations

import linecache
import os
from collections import defaultdict
from typing import Any, Iterable

from ..types import Finding

STALL_CODE = "AIO900"
STALL_NAME = "runtime-stall"
#: A line holds a real share of a stall from this fraction of it (or the threshold, if less).
REAL_SHARE = 0.1

_Key = tuple[str, int]


def _real(path: str) -> str:
    return path if path.startswith("<") else os.path.realpath(path)


def _key(frame: dict[str, Any]) -> _Key:
    return (_real(str(frame["path"])), int(frame["line"]))


class _Held:
    """One stall's time, by line: innermost lines (``own``) and every line on the way (``through``)."""

    def __init__(self, stall: dict[str, Any], threshold_ms: float) -> None:
        self.duration = float(stall["duration_ms"])
        self.own: dict[_Key, float] = defaultdict(float)
        self.through: dict[_Key, float] = defaultdict(float)
        self.callers: dict[_Key, set[_Key]] = defaultdict(set)  # a line -> the lines its samples pass
        self.names: dict[_Key, tuple[str, str]] = {}
        stacks = [[_key(frame) for frame in stack] for stack in stall.get("stacks") or ()]
        lines = [share for share in stall.get("lines") or () if share.get("path") is not None]
        if lines:
            ms = {_key(share): float(share.get("ms", 0.0)) for share in lines}
            counts = {_key(share): max(int(share.get("samples", 0)), 1) for share in lines}
            for share in lines:
                self.names[_key(share)] = (str(share["path"]), str(share.get("function", "")))
            for stack in stacks:
                line = next((key for key in reversed(stack) if key in ms), None)
                if line is None:
                    continue
                weight = ms[line] / counts[line]
                self.own[line] += 0.0
                for key in set(stack[: len(stack) - stack[::-1].index(line)]):
                    self.through[key] += weight
                    self.callers[line].add(key)
            for line, value in ms.items():  # (lines whose samples were not kept in the stacks)
                self.own[line] = value
                if line not in self.callers:
                    self.through[line] += value
                    self.callers[line].add(line)
        else:
            blocking = stall.get("blocking_frame")
            everything = {key for stack in stacks for key in stack}
            if blocking:
                line = _key(blocking)
                everything.add(line)
                self.own[line] = self.duration
                self.callers[line] = everything
                self.names[line] = (str(blocking["path"]), str(blocking.get("function", "")))
            for key in everything:
                self.through[key] = self.duration
        self.floor = min(REAL_SHARE * self.duration, threshold_ms) if threshold_ms > 0 else REAL_SHARE * self.duration

    def real(self, key: _Key, table: dict[_Key, float]) -> bool:
        return table.get(key, 0.0) >= self.floor and table.get(key, 0.0) > 0


def confirm(findings: Iterable[Finding], report: dict[str, Any]) -> list[Finding]:
    """``findings`` with the confirmed ones marked, then one AIO900 per unexplained stalled line."""
    threshold_ms = float(report.get("threshold_ms") or 0.0)
    held = [
        _Held(stall, threshold_ms)
        for stall in report.get("stalls", [])
        if (stall.get("cause") or "code") == "code"
    ]
    stall_ms: dict[_Key, float] = defaultdict(float)
    for stall in held:
        for key, ms in stall.through.items():
            if stall.real(key, stall.through):
                stall_ms[key] += ms

    result: list[Finding] = []
    finding_keys: set[_Key] = set()
    for finding in findings:
        key = (_real(finding.path), finding.line)
        finding_keys.add(key)
        if key in stall_ms:
            finding = finding.with_extra(confirmed=True, stall_ms=round(stall_ms[key]))
        result.append(finding)

    unexplained: dict[_Key, list[float]] = defaultdict(list)
    durations: dict[_Key, list[float]] = defaultdict(list)
    names: dict[_Key, tuple[str, str]] = {}
    for stall in held:
        for line, ms in stall.own.items():
            if not stall.real(line, stall.own) or stall.callers.get(line, {line}) & finding_keys:
                continue
            unexplained[line].append(ms)
            durations[line].append(stall.duration)
            names[line] = stall.names[line]
    for key in sorted(unexplained):
        result.append(_stall_finding(names[key][0], key[1], names[key][1], unexplained[key], durations[key]))
    return result


def _stall_finding(path: str, line: int, function: str, held: list[float], durations: list[float]) -> Finding:
    """One AIO900: ``held`` is what this line held of each stall, ``durations`` those stalls'."""
    if len(held) == 1:
        how = f"stalled for {held[0]:.0f} ms"
        if held[0] < durations[0] - 0.5:
            how += f" (of a {durations[0]:.0f} ms stall)"
    else:
        how = f"stalled {len(held)} times, up to {max(held):.0f} ms ({sum(held):.0f} ms in total),"
    message = (
        f"the event loop {how} here at run time (no static rule predicted it); "
        "offload the blocking work with `await asyncio.to_thread(...)`"
    )
    text = linecache.getline(path, line) if not path.startswith("<") else ""
    column = len(text) - len(text.lstrip()) if text.strip() else 0
    end_column = len(text.rstrip()) if text.strip() else 0
    return Finding(
        _display_path(path), line, column, line, end_column, STALL_CODE, STALL_NAME, message,
    ).with_extra(
        stall_ms=round(sum(held)), stalls=len(held), function=function,
    )


def _display_path(path: str) -> str:
    """Relative to the working directory when below it (as ``check`` shows paths), else as is."""
    if path.startswith("<") or not os.path.isabs(path):
        return path
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return path if relative.startswith(os.pardir) else relative
