"""The CPU worker pools: one for each flavour, per process, shared by every call and event loop.

Threads are named ``zarrlite-worker`` (blocking flavour: helpers of ``map_limited``) and
``zarrlite-async-worker`` (``run_cpu`` and ``map_in_threads`` of the async flavour). They live as
long as the process (or until the pool is resized), so their per-thread buffers
(``codecs._scratch``) and malloc arenas stay warm from one call to the next. The async flavour
used anyio's worker threads before; anyio stops those when the task that started them ends, so a
program running each call in its own ``asyncio.run`` (or ``Runner.run``) started new threads,
and re-grew their buffers, on every call. One pool per flavour also makes
``threading.max_workers`` a bound per process, not per event loop.

Why two pools, not one: a blocking caller's helper thread may wait for a chunk's lock (a
read-modify-write) that an async task holds while that task waits for a ``run_cpu`` slot. Were
they the same threads, helpers waiting so could occupy every one of them. Async pool work never
waits for a chunk lock (``KeyLocks.try_hold_many``), so it always finishes.

The pools are dropped in a forked child and re-created on first use there.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

from zarrlite._backend._workers import get_max_workers

__all__ = ["in_pool_thread", "worker_pool"]

Flavour = Literal["sync", "async"]
_NAMES: dict[Flavour, str] = {"sync": "zarrlite-worker", "async": "zarrlite-async-worker"}

_pool_lock = threading.Lock()
_pools: dict[Flavour, tuple[ThreadPoolExecutor, int]] = {}
_thread_state = threading.local()


def _mark_worker() -> None:
    _thread_state.in_pool = True


def in_pool_thread() -> bool:
    """Whether the calling thread is one of the pools'."""
    return getattr(_thread_state, "in_pool", False)


def worker_pool(flavour: Flavour) -> ThreadPoolExecutor:
    """The flavour's pool, with ``get_max_workers()`` threads (created, or re-created, on demand)."""
    workers = get_max_workers()
    entry = _pools.get(flavour)
    if entry is not None and entry[1] == workers:
        return entry[0]
    with _pool_lock:
        entry = _pools.get(flavour)
        if entry is None or entry[1] != workers:
            # A resized pool is only dropped, not shut down: callers holding it may still submit,
            # and its threads exit once it is garbage collected.
            pool = ThreadPoolExecutor(
                workers, thread_name_prefix=_NAMES[flavour], initializer=_mark_worker
            )
            entry = _pools[flavour] = (pool, workers)
        return entry[0]


def _reset_after_fork() -> None:
    # The pools' threads do not exist in the child; the lock may have been held by one of them.
    global _pool_lock, _thread_state
    _pools.clear()
    _pool_lock = threading.Lock()
    _thread_state = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)
