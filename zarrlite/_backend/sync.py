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
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Final, TypeVar, TypeVarTuple, Unpack

from zarrlite._backend._primitives import (
    ConcurrencyLimiter,
    KeyLocks,
    get_max_workers,
    set_max_workers,
)

__all__ = [
    "IS_ASYNC",
    "ConcurrencyLimiter",
    "KeyLocks",
    "get_max_workers",
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
    """``[fn(x) for x in items]`` on the worker pool, at most ``limit`` in flight; results in order.

    Runs inline, in order, in the calling thread when there is at most one item, when
    ``limit <= 1``, or when called from a pool thread (a nested fan-out that waited for the pool
    it occupies could deadlock). On the first exception the calls not yet started are cancelled,
    those running are waited for (threads cannot be interrupted), and the exception propagates.
    """
    todo = list(items)
    if len(todo) <= 1 or limit <= 1 or _in_pool_thread():
        return [fn(item) for item in todo]
    pool = _get_pool()
    results: list[R | None] = [None] * len(todo)
    queue = iter(enumerate(todo))
    running: dict[Future[R], int] = {}

    def submit_next() -> None:
        for index, item in queue:
            running[pool.submit(fn, item)] = index
            return

    try:
        for _ in range(min(limit, len(todo))):
            submit_next()
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                index = running.pop(future)
                results[index] = future.result()  # raises the call's exception
                submit_next()
    finally:
        if running:  # an exception (or KeyboardInterrupt) left calls behind
            for future in running:
                future.cancel()
            wait(running)
    return results  # type: ignore[return-value]  # every slot was filled


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
