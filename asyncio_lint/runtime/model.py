"""The sampler's values: frames, samples, the lines that held a stall, stalls, thresholds.

The lowest layer of ``runtime/``: plain data, no asyncio, no threads, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Optional

DEFAULT_THRESHOLD = 0.1
DEFAULT_MAX_SAMPLES = 1000
METHODS = ("auto", "thread")

#: Why a stall lasted: its own code (``code``), or the loop thread was runnable but not
#: scheduled (``starved``: CPU contention, cgroup throttling) or waited for the GIL (``gil``)
#: for so long that without it the step would have stayed under the threshold.
CAUSES = ("code", "starved", "gil")

_DURATION = re.compile(r"^\s*(\d+(?:\.\d*)?|\.\d+)\s*(ms|s)?\s*$", re.IGNORECASE)


def parse_threshold(value: "str | float | int") -> float:
    """``"100ms"``, ``"0.1s"`` or ``"100"`` (milliseconds) -> seconds. Raises ``ValueError``."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value) / 1000.0
    else:
        match = _DURATION.match(str(value))
        if not match:
            raise ValueError(
                f"invalid threshold {value!r}: use milliseconds or seconds, e.g. 100ms, 0.1s or 100"
            )
        number = float(match.group(1))
        seconds = number if (match.group(2) or "ms").lower() == "s" else number / 1000.0
    if not seconds > 0:
        raise ValueError(f"invalid threshold {value!r}: it must be greater than zero")
    return seconds


def default_interval(threshold: float) -> float:
    """Sampling period for a threshold: a tenth of it, between 1 and 50 ms."""
    return min(max(threshold / 10.0, 0.001), 0.05)


@dataclass(frozen=True)
class Frame:
    """One stack frame: an absolute path, a 1-based line and the function's name."""

    path: str
    line: int
    function: str

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "function": self.function}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Frame":
        return cls(str(data["path"]), int(data["line"]), str(data.get("function", "")))


Stack = tuple[Frame, ...]


class Sample(NamedTuple):
    """One look at a stalled loop thread.

    ``at`` is the ``time.monotonic()`` of the look; ``late`` how long after it was due the look
    could run (a signal tick waits for the thread to reach a bytecode boundary, so a C call
    holding the GIL shows up as lateness); ``in_call`` is true when the innermost frame was
    executing a call instruction (a C call in progress, or just returned from).
    Consecutive samples with the same ``frame_id`` saw one function call that stayed on top.
    """

    stack: Stack
    at: float
    late: float = 0.0
    in_call: bool = False
    frame_id: int = 0  # id() of the innermost frame object: the same call while it stays on top
    queued: float = 0.0  # seconds the thread waited for a CPU since the previous look


@dataclass(frozen=True)
class LineShare:
    """One line's share of a stall: its sample count and the milliseconds they stand for."""

    frame: Optional[Frame]  # None: samples with no frame in the user's code
    samples: int
    ms: float

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = self.frame.to_json() if self.frame else {"path": None, "line": None, "function": None}
        data.update(samples=self.samples, ms=round(self.ms, 1))
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "LineShare":
        frame = Frame.from_json(data) if data.get("path") is not None else None
        return cls(frame, int(data.get("samples", 0)), float(data.get("ms", 0.0)))


@dataclass
class Stall:
    """One loop step (or stretch away from the selector) longer than the threshold."""

    start: float  # wall-clock time (seconds since the epoch) the step began
    duration_ms: float
    blocking_frame: Optional[Frame]
    stacks: list[Stack] = field(default_factory=list)
    thread: str = ""
    context: Optional[str] = None  # e.g. the pytest node id the stall happened in
    lines: list[LineShare] = field(default_factory=list)  # the lines that held it, largest first
    cause: str = "code"
    starved_ms: Optional[float] = None  # runnable but not running (None: not measurable here)
    gil_ms: Optional[float] = None  # waiting for the GIL (None: not measurable here)

    @property
    def is_code(self) -> bool:
        """True for a stall the program's own code caused (the ones to fix, confirm, fail on)."""
        return self.cause == "code"
