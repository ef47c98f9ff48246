"""Confirm static findings with a stall report (``asyncio-lint check --stalls REPORT.json``).

* A finding whose (path, line) is in any sampled stack of a stall is *confirmed*: it gets the
  extra facts ``confirmed=True`` and ``stall_ms`` (the total duration of the stalls whose stacks
  pass through that line).
* A stall that no finding explains (no finding's line is in its stacks) becomes a finding of its
  own, ``AIO900 runtime-stall``, at its blocking frame, so nothing seen at run time is lost.

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

_Key = tuple[str, int]


def _real(path: str) -> str:
    return path if path.startswith("<") else os.path.realpath(path)


def _frames(stall: dict[str, Any]) -> set[_Key]:
    keys: set[_Key] = set()
    for stack in stall.get("stacks") or ():
        for frame in stack:
            keys.add((_real(str(frame["path"])), int(frame["line"])))
    blocking = stall.get("blocking_frame")
    if blocking:
        keys.add((_real(str(blocking["path"])), int(blocking["line"])))
    return keys


def confirm(findings: Iterable[Finding], report: dict[str, Any]) -> list[Finding]:
    """``findings`` with the confirmed ones marked, then one AIO900 per unexplained stall line."""
    stalls = [(stall, _frames(stall)) for stall in report.get("stalls", [])]
    stall_ms: dict[_Key, float] = defaultdict(float)
    for stall, keys in stalls:
        for key in keys:
            stall_ms[key] += float(stall["duration_ms"])

    result: list[Finding] = []
    finding_keys: set[_Key] = set()
    for finding in findings:
        key = (_real(finding.path), finding.line)
        finding_keys.add(key)
        if key in stall_ms:
            finding = finding.with_extra(confirmed=True, stall_ms=round(stall_ms[key]))
        result.append(finding)

    unexplained: dict[_Key, list[dict[str, Any]]] = defaultdict(list)
    names: dict[_Key, tuple[str, str]] = {}
    for stall, keys in stalls:
        blocking = stall.get("blocking_frame")
        if not blocking or keys & finding_keys:
            continue
        key = (_real(str(blocking["path"])), int(blocking["line"]))
        unexplained[key].append(stall)
        names[key] = (str(blocking["path"]), str(blocking.get("function", "")))
    for key in sorted(unexplained):
        result.append(_stall_finding(names[key][0], key[1], names[key][1], unexplained[key]))
    return result


def _stall_finding(path: str, line: int, function: str, stalls: list[dict[str, Any]]) -> Finding:
    durations = [float(stall["duration_ms"]) for stall in stalls]
    if len(durations) == 1:
        how = f"stalled for {durations[0]:.0f} ms"
    else:
        how = f"stalled {len(durations)} times, up to {max(durations):.0f} ms ({sum(durations):.0f} ms in total),"
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
        stall_ms=round(sum(durations)), stalls=len(durations), function=function,
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
