"""Blocking backend: the twin of ``async_.py`` with the same names, for the generated code.

Fan-out uses one lazily created module-level thread pool (threads named ``zarrlite-worker``);
everything else runs inline in the caller's thread, so a blocking call starts no event loop and,
for memory and local stores, no thread at all. The pool is dropped in a forked child and
re-created on first use there.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Final, TypeVar, TypeVarTuple, Unpack

from zarrlite._backend._primitives import (
    MIN_PARALLEL_READ_BYTES,
    ConcurrencyLimiter,
    KeyLocks,
    SharedQueue,
    get_max_workers,
    read_workers,
    set_max_workers,
    write_workers,
)

__all__ = [
    "MIN_PARALLEL_READ_BYTES",
    "IS_ASYNC",
    "ConcurrencyLimiter",
    "KeyLocks",
    "get_max_workers",
    "read_workers",
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

_pool_lock = threading.Lock()
_pool: ThreadPoolExecutor | None = None
_pool_size = 0
_thread_state = threading.local()


def _mark_worker() -> None:
    _thread_state.in_pool = True


def _in_pool_thread() -> bool:
    return getattr(_thread_state, "in_pool", False)


def _get_pool() -> ThreadPoolExecutor:
    global _pool, _pool_size
    workers = get_max_workers()
    pool = _pool
    if pool is not None and _pool_size == workers:
        return pool
    with _pool_lock:
        if _pool is None or _pool_size != workers:
            # A resized pool is only dropped, not shut down: callers holding it may still submit,
            # and its threads exit once it is garbage collected.
            _pool = ThreadPoolExecutor(
                workers, thread_name_prefix="zarrlite-worker", initializer=_mark_worker
            )
            _pool_size = workers
        return _pool


def map_limited(fn: Callable[[T], R], items: Iterable[T], limit: int) -> list[R]:
    """``[fn(x) for x in items]`` with at most ``limit`` calls in flight; results in input order.

    The calling thread works through the items itself, helped by pool threads that take the
    next item from the same queue (one pool task per helper, not per item): at most
    ``min(limit, len(items), get_max_workers())`` threads work on one call, the caller included.
    Runs inline, in order, when that is 1, or when called from a pool thread (a nested fan-out
    that waited for the pool it occupies could deadlock). On the first exception no further item is started, the
    calls already running are waited for (threads cannot be interrupted), and the exception
    propagates.
    """
    todo = list(items)
    width = min(limit, len(todo), get_max_workers())
    if width <= 1 or _in_pool_thread():
        return [fn(item) for item in todo]
    queue = SharedQueue(fn, todo)
    pool = _get_pool()
    helpers: list[Future[None]] = [pool.submit(queue.drain) for _ in range(width - 1)]
    try:
        queue.drain()
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


def _reset_after_fork() -> None:
    # The pool's threads do not exist in the child; its lock may have been held by one of them.
    global _pool, _pool_lock, _pool_size, _thread_state
    _pool = None
    _pool_size = 0
    _pool_lock = threading.Lock()
    _thread_state = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)
