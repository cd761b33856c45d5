"""Timing and peak-memory measurement of one step, inside an engine's worker process.

Peak RSS: on Linux, writing ``5`` to ``/proc/self/clear_refs`` resets the process's high-water
mark (``VmHWM`` in ``/proc/self/status``), so the peak of each step is measured on its own: the
figure reported is ``VmHWM`` after the step minus ``VmRSS`` before it, i.e. the memory the step
added at its peak (for a full read: the output array plus the engine's buffers). Where that file
is missing, the fallback is ``resource.getrusage`` (the peak since the worker started), flagged
as such in the JSON.

Kernel counters: each step also records how much system CPU time the process used and a few
system-wide ``/proc/vmstat`` counters (direct reclaim, major faults, compaction), so that a slow
sample can be told apart from a slow library: on the benchmark VM the same write of 256 chunks
took 0.05 s or 1.4 s of system time depending on the kernel's state, not on the engine.
"""

from __future__ import annotations

import gc
import resource
import time
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["RSS_METHOD", "Measured", "measure"]

_VMSTAT_FIELDS = (
    "allocstall_movable",
    "allocstall_normal",
    "pgscan_direct",
    "pgsteal_direct",
    "pgmajfault",
    "compact_stall",
)

T = TypeVar("T")
_MIB = 1 << 20


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _kernel_counters() -> dict[str, float]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    counters: dict[str, float] = {"sys_seconds": usage.ru_stime, "minor_faults": usage.ru_minflt}
    try:
        with open("/proc/vmstat") as vmstat:
            for line in vmstat:
                name, _, value = line.partition(" ")
                if name in _VMSTAT_FIELDS:
                    counters[name] = int(value)
    except OSError:
        pass
    return counters


def _can_reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return _status_kib("VmHWM") is not None


_RESETS = _can_reset_peak()
RSS_METHOD = (
    "VmHWM after the step minus VmRSS before it (/proc/self/clear_refs reset per step)"
    if _RESETS
    else "ru_maxrss of the worker process (peak since start; not per step)"
)


class Measured:
    """Seconds, added peak RSS (MiB) and kernel counters' increase of one step, and what the
    step returned."""

    __slots__ = ("kernel", "peak_mib", "result", "seconds")

    def __init__(
        self, seconds: float, peak_mib: float, result: Any, kernel: dict[str, float]
    ) -> None:
        self.seconds = seconds
        self.peak_mib = peak_mib
        self.result = result
        self.kernel = kernel


def measure(step: Callable[[], T]) -> Measured:
    """Run ``step()`` once, timing it and measuring the memory it adds at its peak."""
    gc.collect()
    before = _status_kib("VmRSS") if _RESETS else None
    if _RESETS:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    counters = _kernel_counters()
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    after = _kernel_counters()
    kernel = {name: round(after[name] - counters[name], 4) for name in after if name in counters}
    if before is not None:
        peak_mib = ((_status_kib("VmHWM") or before) - before) * 1024 / _MIB
    else:
        peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / _MIB
    return Measured(seconds, peak_mib, result, kernel)
