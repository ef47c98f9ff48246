"""Why a loop thread was late: time it was runnable but not running, and CPU throttling.

Linux only (elsewhere every function returns ``None``, "not measurable"):

* ``/proc/self/task/<tid>/schedstat``: the thread's time on a CPU and its time waiting on a run
  queue (runnable, not scheduled), in nanoseconds. Read with ``pread`` on a file kept open,
  about two microseconds a read.
* the cgroup's ``cpu.stat`` (``throttled_usec`` in v2, ``throttled_time`` in v1): time the
  whole group was held back by its CPU quota (a container's ``--cpus``).
"""

from __future__ import annotations

import os
import sys
import threading
from typing import Optional

_IS_LINUX = sys.platform.startswith("linux")


class ThreadClock:
    """Run time and run-queue wait (seconds) of one thread, from its ``schedstat``."""

    __slots__ = ("fd",)

    def __init__(self, native_id: Optional[int] = None) -> None:
        self.fd: Optional[int] = None
        if not _IS_LINUX:
            return
        tid = native_id if native_id is not None else threading.get_native_id()
        try:
            self.fd = os.open(f"/proc/self/task/{tid}/schedstat", os.O_RDONLY)
        except OSError:
            self.fd = None

    def read(self) -> Optional[tuple[float, float]]:
        """``(on_cpu, runnable_waiting)`` in seconds since the thread started, or None."""
        if self.fd is None:
            return None
        try:
            fields = os.pread(self.fd, 96, 0).split()
            return int(fields[0]) / 1e9, int(fields[1]) / 1e9
        except (OSError, ValueError, IndexError):
            return None

    def close(self) -> None:
        if self.fd is not None:
            try:
                os.close(self.fd)
            except OSError:
                pass
            self.fd = None


def _cgroup_cpu_stat() -> Optional[tuple[str, str]]:
    """(path of the cgroup's cpu.stat, its throttled-time key) if there is one."""
    if not _IS_LINUX:
        return None
    try:
        with open("/proc/self/cgroup", encoding="ascii") as handle:
            entries = [line.strip().split(":", 2) for line in handle if line.strip()]
    except OSError:
        return None
    for _, controllers, path in entries:
        if controllers == "":  # cgroup v2
            candidate = os.path.join("/sys/fs/cgroup", path.lstrip("/"), "cpu.stat")
            if os.path.exists(candidate):
                return candidate, "throttled_usec"
        elif "cpu" in controllers.split(","):
            for root in ("/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpu"):
                candidate = os.path.join(root, path.lstrip("/"), "cpu.stat")
                if os.path.exists(candidate):
                    return candidate, "throttled_time"
    return None


_CPU_STAT: Optional[tuple[str, str]] | bool = False


def throttled() -> Optional[float]:
    """Seconds the process's cgroup has been throttled by its CPU quota, or None."""
    global _CPU_STAT
    if _CPU_STAT is False:
        _CPU_STAT = _cgroup_cpu_stat()
    if not _CPU_STAT:
        return None
    path, key = _CPU_STAT  # type: ignore[misc]
    try:
        with open(path, encoding="ascii") as handle:
            for line in handle:
                name, _, value = line.partition(" ")
                if name == key:
                    return int(value) / (1e6 if key == "throttled_usec" else 1e9)
    except (OSError, ValueError):
        return None
    return None
