"""Blocking backend: the twin of ``async_.py`` with the same names, for the generated code.

Fan-out uses the blocking flavour's CPU worker pool (``_pool``, threads named
``zarrlite-worker``; the async flavour has its own); everything else runs inline in the
caller's thread, so a blocking call starts no event loop and, for memory and local stores, no
thread other than that pool's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, wait
from typing import Final, TypeVar, TypeVarTuple, Unpack

from zarrlite._backend._pool import in_pool_thread, worker_pool
from zarrlite._backend._primitives import ConcurrencyLimiter, KeyLocks, SharedQueue
from zarrlite._backend._workers import (
    MIN_PARALLEL_READ_BYTES,
    get_max_workers,
    helper_cpus,
    read_workers,
    set_max_workers,
    workers_after_probe,
    write_workers,
)

__all__ = [
    "MIN_PARALLEL_READ_BYTES",
    "IS_ASYNC",
    "ConcurrencyLimiter",
    "KeyLocks",
    "get_max_workers",
    "read_workers",
    "workers_after_probe",
    "write_workers",
    "map_in_threads",
    "map_limited",
    "run_cpu",
    "run_io",
    "set_max_workers",
    "sleep",
]

T = TypeVar("T")
R = TypeVar("R")
Ts = TypeVarTuple("Ts")

IS_ASYNC: Final = False
"""Which flavour this module is (``async_.IS_ASYNC`` is True)."""

def map_limited(fn: Callable[[T], R], items: Iterable[T], limit: int) -> list[R]:
    """``[fn(x) for x in items]`` with at most ``limit`` calls in flight; results in input order.

    The calling thread works through the items itself, helped by pool threads that take the
    next item from the same queue (one pool task per helper, not per item): at most
    ``min(limit, len(items), get_max_workers())`` threads work on one call, the caller included.
    Runs inline, in order, when that is 1, or when called from a pool thread (a nested fan-out
    that waited for the pool it occupies could deadlock). On the first exception no further item is started, the
    calls already running are waited for (threads cannot be interrupted), and the exception
    propagates. Where the threads are as many as the CPUs, each helper keeps to a CPU other
    than the one the caller runs on while it works (``_workers.helper_cpus``); the caller's
    thread is never bound.
    """
    todo = list(items)
    width = min(limit, len(todo), get_max_workers())
    if width <= 1 or in_pool_thread():
        return [fn(item) for item in todo]
    queue = SharedQueue(fn, todo, helper_cpus(width))
    pool = worker_pool("sync")
    helpers: list[Future[None]] = [pool.submit(queue.drain) for _ in range(width - 1)]
    try:
        queue.drain_unbound()
    except BaseException as error:  # e.g. KeyboardInterrupt between items: stop the helpers
        queue.errors.append(error)
    finally:
        _join(helpers, queue.errors)
    if queue.errors:
        raise queue.errors[0]
    return queue.results  # type: ignore[return-value]  # every slot was filled


map_in_threads = map_limited
"""The async flavour runs a blocking ``fn`` in worker threads that drain one queue; blocking,
that is what ``map_limited`` does already (with the caller's thread taking part)."""


def _join(helpers: list[Future[None]], errors: list[BaseException]) -> None:
    """Wait until no helper of one ``map_limited`` call runs any more.

    Helpers not started yet are dropped; the running ones finish their current item. An
    interrupt (Ctrl-C) during the wait stops the helpers too and is raised once they are done:
    returning earlier would leave them writing chunks after the call has failed.
    """
    pending = [helper for helper in helpers if not helper.cancel()]
    while pending:
        try:
            wait(pending)
            return
        except BaseException as error:
            errors.append(error)
            pending = [helper for helper in pending if not helper.done()]


def run_cpu(fn: Callable[[Unpack[Ts]], R], *args: *Ts) -> R:
    """Run CPU-bound ``fn(*args)`` inline: callers fan out with ``map_limited`` already."""
    return fn(*args)


def run_io(fn: Callable[[Unpack[Ts]], R], *args: *Ts) -> R:
    """Run blocking file I/O ``fn(*args)`` inline, in the caller's thread."""
    return fn(*args)


def sleep(seconds: float) -> None:
    """Block the calling thread for ``seconds``."""
    time.sleep(seconds)
