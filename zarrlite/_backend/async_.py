"""Async backend (anyio: asyncio or trio). ``sync.py`` has the same names with blocking semantics.

Code in ``zarrlite/_async`` routes all fan-out, CPU work, file I/O and sleeping through here; the
generated blocking code imports ``zarrlite._backend.sync`` instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Final, Generic, TypeVar, TypeVarTuple, Unpack

import anyio
import anyio.to_thread

from zarrlite._backend._pool import worker_pool
from zarrlite._backend._primitives import ConcurrencyLimiter, KeyLocks, SharedQueue
from zarrlite._backend._workers import (
    MIN_PARALLEL_READ_BYTES,
    get_max_workers,
    read_workers,
    set_max_workers,
    spread_cpus,
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

IS_ASYNC: Final = True
"""Which flavour this module is (``sync.IS_ASYNC`` is False)."""


async def map_limited(fn: Callable[[T], Awaitable[R]], items: Iterable[T], limit: int) -> list[R]:
    """``[await fn(x) for x in items]`` with at most ``limit`` calls in flight; results in order.

    The first exception raised by ``fn`` cancels the calls still running and propagates as is
    (not wrapped in an exception group).
    """
    todo = list(items)
    if len(todo) <= 1 or limit <= 1:
        return [await fn(item) for item in todo]
    results: list[R | None] = [None] * len(todo)
    queue = iter(enumerate(todo))
    errors: list[Exception] = []

    async def worker() -> None:
        # A few workers pull from one queue: no task per item, and no limiter needed.
        for index, item in queue:
            try:
                results[index] = await fn(item)
            except Exception as error:
                errors.append(error)
                raise

    try:
        async with anyio.create_task_group() as group:
            for _ in range(min(limit, len(todo))):
                group.start_soon(worker)
    except BaseExceptionGroup:
        if errors:
            raise errors[0] from None
        raise
    return results  # type: ignore[return-value]  # every slot was filled


async def map_in_threads(fn: Callable[[T], R], items: Iterable[T], limit: int) -> list[R]:
    """``[fn(x) for x in items]`` for a blocking ``fn``, in at most ``limit`` threads of the
    worker pool (as :func:`run_cpu`) that take items from one shared queue.

    One trip to a thread per worker and call, not per item: the event loop is not woken
    between items (with two cores busy decoding, each wake-up also waits for a core and the
    GIL). ``fn`` must not wait for the event loop. On cancellation, or when ``fn`` raises, no
    further item is started, the running ones finish, and the first exception propagates as
    is. Where the threads are as many as the CPUs, each keeps to its own while it works
    (``_workers.spread_cpus``). The blocking twin is ``map_limited`` (the caller's thread
    takes part there).
    """
    todo = list(items)
    if len(todo) == 1:
        return [await run_cpu(fn, todo[0])]
    width = min(limit, len(todo))
    if width < 1:
        return []
    queue = SharedQueue(fn, todo, spread_cpus(width))
    finished = anyio.Event()

    async def stop_when_cancelled() -> None:
        # A task waiting for its thread cannot be interrupted (run_cpu does not abandon
        # threads); this one tells the threads to take no further item instead. It ends on an
        # event, not by being cancelled: a cancellation's traceback would form a reference
        # cycle through the callers' frames, keeping their data (the store, the user's array)
        # alive until the garbage collector runs.
        try:
            await finished.wait()
        finally:
            queue.stop()

    try:
        async with anyio.create_task_group() as watch:
            watch.start_soon(stop_when_cancelled)
            try:
                async with anyio.create_task_group() as threads:
                    for _ in range(width):
                        threads.start_soon(run_cpu, queue.drain)
            finally:
                finished.set()
    finally:
        queue.close()
    if queue.errors:
        raise queue.errors[0]
    return queue.results  # type: ignore[return-value]  # every slot was filled


class _OneCall(Generic[R]):
    """``fn(*args)``, forgotten once called.

    An idle anyio worker thread (``run_io``) keeps the function and arguments of its last call
    until it gets another, which kept an array's store and the user's data alive after an async
    call returned; it keeps this empty shell instead.
    """

    __slots__ = ("_call",)

    def __init__(self, fn: Callable[..., R], args: tuple[Any, ...]) -> None:
        self._call: tuple[Callable[..., R], tuple[Any, ...]] | None = (fn, args)

    @property
    def __name__(self) -> str:  # what profilers and trip-counting tests show
        return getattr(self._call[0], "__name__", "?") if self._call else "<called>"

    def __call__(self) -> R:
        call, self._call = self._call, None
        assert call is not None, "called twice"
        return call[0](*call[1])


async def run_cpu(fn: Callable[[Unpack[Ts]], R], *args: *Ts) -> R:
    """Run CPU-bound ``fn(*args)`` (codec work) in the process's async worker pool
    (``_pool``: at most ``max_workers`` at once, shared by every event loop and call).

    A task cancelled while its call waits in the pool's queue withdraws it; once the call runs,
    the task waits for it to finish (see :func:`run_io`) and is cancelled then.
    """
    done = anyio.Event()
    notify_loop = _thread_safe(done.set)
    future = worker_pool("async").submit(_OneCall(fn, args))
    future.add_done_callback(notify_loop)
    try:
        await done.wait()
    except anyio.get_cancelled_exc_class():
        if not future.cancel():
            with anyio.CancelScope(shield=True):
                await done.wait()
        raise
    return future.result()


def _thread_safe(callback: Callable[[], object]) -> Callable[[object], None]:
    """``callback`` made callable from any thread: it runs soon on the current event loop,
    without the calling thread waiting for that loop (``anyio.from_thread.run_sync`` waits,
    which would tie a pool thread to a busy loop). Once the loop has ended, nothing happens."""
    try:
        schedule: Callable[[Callable[[], object]], object] = (
            asyncio.get_running_loop().call_soon_threadsafe
        )
        finished: type[Exception] = RuntimeError  # the loop is closed
    except RuntimeError:  # not asyncio: trio
        import trio

        schedule = trio.lowlevel.current_trio_token().run_sync_soon
        finished = trio.RunFinishedError

    def notify_loop(_future: object = None) -> None:
        try:
            schedule(callback)
        except finished:
            pass

    return notify_loop


async def run_io(fn: Callable[[Unpack[Ts]], R], *args: *Ts) -> R:
    """Run blocking file I/O ``fn(*args)`` in a worker thread, off the event loop.

    A cancelled caller waits for the thread to finish rather than abandoning it: otherwise a
    write could land after the cancelled call had returned, and the thread would outlive it.
    """
    return await anyio.to_thread.run_sync(_OneCall(fn, args), abandon_on_cancel=False)


async def sleep(seconds: float) -> None:
    """Sleep without blocking the event loop."""
    await anyio.sleep(seconds)
