"""How many worker threads CPU work and chunk transfers use, shared by both flavours.

The pool size (``threading.max_workers``, or :func:`set_max_workers`) and the rules that give a
transfer of small chunks one thread where a second would only fight the first for the GIL.
"""

from __future__ import annotations

import ctypes
import functools
import os
from collections.abc import Callable

from zarrlite import config

__all__ = [
    "IO_BOUND_SHARE",
    "MIN_PARALLEL_READ_BYTES",
    "MIN_PARALLEL_WRITE_BYTES",
    "get_max_workers",
    "helper_cpus",
    "read_workers",
    "set_max_workers",
    "spread_cpus",
    "workers_after_probe",
    "write_workers",
]

_max_workers: int | None = None


@functools.cache
def _cpu_count() -> int:
    # os.cpu_count() reads /proc on each call (~20 us): far too slow for a per-read lookup.
    return os.cpu_count() or 1


def get_max_workers() -> int:
    """Worker threads for CPU work (codecs).

    The value given to :func:`set_max_workers`, else the ``threading.max_workers`` config value,
    else ``os.cpu_count()``. The config is read on every call (a dict lookup), so
    ``zarrlite.config.set({"threading.max_workers": 2})`` takes effect at the next operation.
    """
    if _max_workers is not None:
        return _max_workers
    configured = config.get("threading.max_workers", None)
    if configured is None:
        return _cpu_count()
    if isinstance(configured, bool) or not isinstance(configured, int) or configured < 1:
        raise ValueError(
            f"config key 'threading.max_workers' must be an int >= 1 or None, got {configured!r}"
        )
    return configured


def set_max_workers(n: int | None) -> None:
    """Set the CPU worker count, overriding ``threading.max_workers``; None removes the override."""
    global _max_workers
    if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 1):
        raise ValueError(f"max_workers must be an int >= 1 or None, got {n!r}")
    _max_workers = n


_CAN_BIND = hasattr(os, "sched_getaffinity") and hasattr(os, "sched_setaffinity")


def spread_cpus(width: int) -> list[int] | None:
    """The CPUs that the ``width`` pool threads of one async chunk transfer each keep to, or
    None (``map_in_threads``).

    Only where ``threading.spread_workers`` is on (the default) and the threads number exactly
    the CPUs the calling thread may run on (Linux): then each pool thread is bound to one of
    them while it works (``SharedQueue.drain``), and gets its own CPU mask back after. A
    transfer with fewer threads than CPUs never binds them, so processes that each use part of
    a machine do not crowd onto its first CPUs. The blocking API binds only its helpers
    (:func:`helper_cpus`).

    Why: two threads that hand the GIL to each other wake each other, and the scheduler may run
    the woken thread on the waker's CPU for a while. On the two-core benchmark VM it did (its
    kernel packs work onto fewer virtual CPUs): in slow reads of 1 MiB chunks both threads
    shared one CPU for up to 60% of the chunks while the other idled. Measured through the
    async API, 12 alternated repetitions each (MB/s, median with and without binding): sharded
    reads (workload 4) 2,936 against 2,379; uncompressed reads (workload 7) 6,944 against
    6,534; compressed reads (workload 1) 4,241 against 4,095, slowest 3,889 against 3,097.
    """
    allowed = _cpus_to_spread_over(width)
    return None if allowed is None else sorted(allowed)


def helper_cpus(width: int) -> list[int] | None:
    """The CPUs that the ``width - 1`` pool helpers of one blocking fan-out (``map_limited``)
    each keep to, or None: every CPU the caller may use but the one it runs on now.

    The same rule as :func:`spread_cpus`, but the caller's thread, which works through the
    queue too, is never bound: binding a user's thread is not this library's to do. The
    scheduler then moves the caller, not a helper, if both meet on one CPU. Measured on the
    two-core VM, 10 alternated repetitions each (MB/s, median and slowest, helper bound against
    nobody bound): workload 3 write 2,518 and 2,242 against 2,448 and 1,689; workload 1 read
    3,720 and 2,608 against 3,408 and 1,287.
    """
    allowed = _cpus_to_spread_over(width)
    if allowed is None:
        return None
    current = _current_cpu()
    if current not in allowed:
        return None
    return sorted(allowed - {current})


def _cpus_to_spread_over(width: int) -> set[int] | None:
    spread = config.get("threading.spread_workers", True)
    if not isinstance(spread, bool):
        raise ValueError(
            f"config key 'threading.spread_workers' must be True or False, got {spread!r}"
        )
    if width < 2 or not spread or not _CAN_BIND:
        return None
    try:
        allowed = os.sched_getaffinity(0)
    except OSError:
        return None
    return allowed if len(allowed) == width else None


def _current_cpu() -> int | None:
    """The CPU the calling thread runs on (Linux's ``sched_getcpu``), or None if unknown."""
    getcpu = _sched_getcpu()
    if getcpu is None:
        return None
    cpu = getcpu()
    return cpu if cpu >= 0 else None


@functools.cache
def _sched_getcpu() -> Callable[[], int] | None:
    try:
        function = ctypes.CDLL(None).sched_getcpu
    except (OSError, AttributeError):  # not glibc or musl: nothing is bound
        return None
    function.argtypes = []
    function.restype = ctypes.c_int
    return function  # type: ignore[no-any-return]


# Below these decoded sizes, moving a chunk between an in-process store (local files, memory)
# and an array is mostly Python work that holds the GIL (paths, the codec chain, indexing), and
# a second thread only fights the first for it. Measured on 2 cores, 64 MiB float32, blosc lz4,
# medians of 5: reads of 16 KiB chunks ran at ~270 MB/s on one thread and ~170 MB/s on two,
# 64 KiB chunks at ~930 and ~450, sharded reads of 64 KiB inner chunks at ~1,000 and ~660, with
# two threads level or ahead from 256 KiB on; writes of 16 KiB chunks at ~170 and ~110, level
# at 64 KiB, and ~500 against ~990 at 256 KiB. Remote stores keep every worker: there the
# threads overlap network waits.
MIN_PARALLEL_READ_BYTES = 256 << 10
MIN_PARALLEL_WRITE_BYTES = 64 << 10

# ... unless the store calls themselves dominate: they release the GIL, so on a file system
# where creating or reading a file is slow (a disk full of recently deleted inodes, NFS) a
# second thread overlaps them. A transfer of small chunks therefore runs its first group on one
# thread, timing its store calls, and gives the rest every worker past this share of its time.
# Measured (16 KiB chunks, 2 cores): writes on this VM's disk spent 0.83-0.85 of their time in
# store calls and ran at 96 MB/s on two threads against 58 on one; on tmpfs 0.38-0.41, and two
# threads were slower (155 against 257); reads from the page cache 0.31-0.37.
IO_BOUND_SHARE = 0.65


def workers_after_probe(io_seconds: float, seconds: float) -> int:
    """Workers for the rest of a transfer of small chunks whose first group, on one thread,
    spent ``io_seconds`` of its ``seconds`` in store calls (see :data:`IO_BOUND_SHARE`)."""
    if seconds > 0 and io_seconds >= IO_BOUND_SHARE * seconds:
        return get_max_workers()
    return 1


def read_workers(store: object, chunk_nbytes: int) -> int:
    """Worker threads worth using to read chunks of ``chunk_nbytes`` (decoded) from ``store``."""
    return _chunk_workers(store, chunk_nbytes, MIN_PARALLEL_READ_BYTES)


def write_workers(store: object, chunk_nbytes: int) -> int:
    """Worker threads worth using to write chunks of ``chunk_nbytes`` (decoded) to ``store``."""
    return _chunk_workers(store, chunk_nbytes, MIN_PARALLEL_WRITE_BYTES)


def _chunk_workers(store: object, chunk_nbytes: int, threshold: int) -> int:
    if chunk_nbytes < threshold and getattr(store, "supports_sync_io", False):
        return 1
    return get_max_workers()
