"""The blocking face of an async store that has no blocking twin (a user's subclass of one).

The blocking API needs a blocking store. The built-in async stores convert to their blocking
twins (:mod:`zarrlite._backend._twins`); a subclass would lose its behaviour that way, so it is
wrapped instead: each call runs the async store's own public method to completion on an event
loop in a thread of its own. The reverse of :mod:`zarrlite._facade.blocking_store`.
Hand-written (not under ``_async``): it exists in the blocking flavour only.

The loop is anyio's :class:`~anyio.from_thread.BlockingPortal` in a daemon thread. It is not
started with ``start_blocking_portal``: leaving that context manager joins the thread with no
bound, and, were it closed by the garbage collector in a forked child (where the thread does not
exist), it would wait for ever. Here a forked child drops its loops, and a collected or
interpreter-exit stop waits a bounded time.
"""

from __future__ import annotations

import asyncio
import builtins
import inspect
import os
import threading
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Sequence
from concurrent.futures import Future
from typing import Any, ClassVar, Final, TypeVar, TypeVarTuple, Unpack

import anyio
from anyio.from_thread import BlockingPortal

from zarrlite import config
from zarrlite._byte_request import ByteRequest
from zarrlite._facade._capabilities import ForwardsCapabilities
from zarrlite._store_values import stored_bytes
from zarrlite._sync.store._base import Store
from zarrlite._types import BytesLike

__all__ = ["BlockingOverAsyncStore", "EventLoopThread"]

T = TypeVar("T")
Ts = TypeVarTuple("Ts")

# Where the loop is kept on the wrapped store (see _loop_of).
_LOOP_ATTRIBUTE: Final = "_zarrlite_event_loop"
# Seconds a stop by the garbage collector or at interpreter exit waits for the loop's thread:
# it cancels what still runs there, but a coroutine that blocks its thread cannot be cancelled.
_STOP_TIMEOUT: Final = 10.0
# Seconds an interrupted call waits for the cancelled request to end before re-raising.
_CANCEL_WAIT: Final = 5.0


class _Running:
    """The portal and thread of a started loop; both None when it is not running."""

    __slots__ = ("portal", "thread")

    def __init__(self) -> None:
        self.portal: BlockingPortal | None = None
        self.thread: threading.Thread | None = None


_live: weakref.WeakSet[EventLoopThread] = weakref.WeakSet()
# Stop requests made on a loop's own thread, kept referenced until they have run.
_pending_stops: set[asyncio.Task[None]] = set()


class EventLoopThread:
    """An asyncio event loop in a daemon thread, started on first :meth:`call` and shared by
    every call made through it, from any thread.

    Stopped by :meth:`stop` (the next call starts it again), when garbage collected, and at
    interpreter exit. A forked child drops it (its thread does not exist there) and starts a
    new one on first use. A copy made by pickling is a new loop, not yet started.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = _Running()
        # Holds _running, not self, so that the loop stops once nothing uses it.
        weakref.finalize(self, _stop, self._running, cancel=True, timeout=_STOP_TIMEOUT)
        _live.add(self)

    def __reduce__(self) -> tuple[type[EventLoopThread], tuple[()]]:
        return (EventLoopThread, ())

    @property
    def thread(self) -> threading.Thread | None:
        """The loop's thread while it runs, else None."""
        return self._running.thread

    def call(self, fn: Callable[[Unpack[Ts]], Awaitable[T]], *args: *Ts) -> T:
        """``await fn(*args)`` on the loop, blocking this thread until it is done; its exception
        propagates as raised. ``RuntimeError`` when called from the loop's own thread.

        With the ``async.timeout`` config value set, a call that takes longer is cancelled on
        the loop and raises ``TimeoutError`` here. When the wait is interrupted (Ctrl-C), the
        call is cancelled too, and the interruption propagates once it has ended (at most
        ``_CANCEL_WAIT`` seconds): no request keeps running behind the caller's back.
        """
        portal = self._running.portal or self._start()
        ended = threading.Event()
        future = portal.start_task_soon(_run_call, ended, call_timeout(), fn, *args)
        try:
            return future.result()
        except BaseException:
            if not future.done():
                # A cancelled future returns at once; the task ends on the loop's next steps.
                future.cancel()
                ended.wait(_CANCEL_WAIT)
            raise

    def stop(self, *, cancel: bool = False) -> None:
        """Stop the loop, after the calls in flight (cancelled if ``cancel``), and wait for its
        thread. A no-op when it is not running."""
        with self._lock:
            _stop(self._running, cancel=cancel, timeout=None)

    def _start(self) -> BlockingPortal:
        with self._lock:
            if self._running.portal is None:
                ready: Future[BlockingPortal] = Future()
                thread = threading.Thread(
                    target=_run_loop, args=(ready,), name="zarrlite-store-loop", daemon=True
                )
                thread.start()
                self._running.portal = ready.result()
                self._running.thread = thread
            return self._running.portal


def call_timeout() -> float | None:
    """The ``async.timeout`` config value: seconds (> 0), or None for no bound.
    ``ValueError`` naming the key for anything else."""
    value = config.get("async.timeout")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError(f"config key 'async.timeout' must be None or seconds > 0, got {value!r}")
    return float(value)


async def _run_call(
    ended: threading.Event,
    timeout: float | None,
    fn: Callable[[Unpack[Ts]], Awaitable[T]],
    *args: *Ts,
) -> T:
    try:
        with anyio.fail_after(timeout):
            return await fn(*args)
    finally:
        ended.set()


def _run_loop(ready: Future[BlockingPortal]) -> None:
    async def serve() -> None:
        async with BlockingPortal() as portal:
            ready.set_result(portal)
            await portal.sleep_until_stopped()

    try:
        anyio.run(serve, backend="asyncio")
    except BaseException as error:
        if ready.done():
            raise
        ready.set_exception(error)  # the loop did not start: the starting thread raises it


def _stop(running: _Running, *, cancel: bool, timeout: float | None) -> None:
    portal, thread = running.portal, running.thread
    running.portal = running.thread = None
    if portal is None or thread is None:
        return
    if thread is threading.current_thread():
        # Collected on the loop's own thread, which cannot wait for itself: the loop ends
        # after the current step.
        try:
            task = asyncio.get_running_loop().create_task(portal.stop(cancel))
        except RuntimeError:  # no loop is running there: it is ending anyway
            return
        _pending_stops.add(task)
        task.add_done_callback(_pending_stops.discard)
        return
    try:
        portal.call(portal.stop, cancel)
    except RuntimeError:  # it stopped meanwhile
        pass
    thread.join(timeout)


_attach_lock = threading.Lock()


def _forget_loops_after_fork() -> None:
    # The loops' threads do not exist in the child: stopping them would wait for ever. Each
    # starts again on first use. The locks may have been held by threads of the parent.
    global _attach_lock
    _attach_lock = threading.Lock()
    for loop in builtins.list(_live):
        loop._lock = threading.Lock()
        loop._running.portal = loop._running.thread = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_loops_after_fork)


def _loop_of(store: Any) -> EventLoopThread:
    """The loop that runs ``store``'s calls, kept on the store itself: every adapter of it, and
    of its ``with_read_only`` copies (which share its state, a client session bound to the
    loop included), then use one loop."""
    with _attach_lock:
        state = getattr(store, "__dict__", None)
        if not isinstance(state, dict):  # no instance dict: a loop for this adapter alone
            return EventLoopThread()
        loop = state.get(_LOOP_ATTRIBUTE)
        if not isinstance(loop, EventLoopThread):
            loop = state[_LOOP_ATTRIBUTE] = EventLoopThread()
        return loop


async def _collected(
    listing: Callable[[Unpack[Ts]], AsyncIterator[str]], *args: *Ts
) -> builtins.list[str]:
    return [key async for key in listing(*args)]


async def _close(store: Any) -> None:
    result = store.close()
    if inspect.isawaitable(result):  # a store whose close is a coroutine
        await result


def _as_bytes(value: Any) -> bytes | None:
    return None if value is None else stored_bytes(value)


class BlockingOverAsyncStore(ForwardsCapabilities, Store):
    """Runs each call of the async ``store`` (its public ``get``, ``get_many``, ``set``,
    ``set_many``, ``set_if_not_exists``, ``delete``, ``delete_dir``, ``exists``, ``getsize``,
    ``is_empty`` and listings, so that a subclass's overrides are honoured) to completion on
    one event loop in a thread of its own, started on first use and kept on ``store``.

    Safe to use from many threads at once and from inside a running event loop; ``close``
    closes ``store`` on that loop and stops it. The async store bounds its own requests; this
    store's limiter bounds the threads waiting for them.
    """

    # Converting this store to the async flavour gives back ``store`` (see _backend._twins).
    _wraps_other_flavour: ClassVar[bool] = True

    def __init__(self, store: Any) -> None:
        super().__init__(read_only=store.read_only)
        self.store = store
        self._loop = _loop_of(store)

    @property
    def event_loop(self) -> EventLoopThread:
        """The loop that runs the wrapped store's calls."""
        return self._loop

    # The wrapped store's in-process fast path (a plain subclass of the memory or local store):
    # plain calls in the calling thread, no trip to the loop. A subclass overriding get, set or
    # delete has none (AsyncStore turns it off), so its overrides always run.

    @property
    def supports_sync_io(self) -> bool:
        return bool(self.store.supports_sync_io)

    @property
    def set_sync_copies_value(self) -> bool:
        return bool(self.store.set_sync_copies_value)

    def get_sync(
        self, key: str, *, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> Any:
        """Forwarded (``TypeError`` when the wrapped store has no ``get_sync``)."""
        return self._sync_io("get_sync")(key, prototype=prototype, byte_range=byte_range)

    def get_sync_into(self, key: str, buffer: Callable[[int], Any]) -> BytesLike | None:
        """Forwarded (``TypeError`` when the wrapped store has no ``get_sync``)."""
        return self._sync_io("get_sync_into")(key, buffer)  # type: ignore[no-any-return]

    def set_sync(self, key: str, value: BytesLike) -> None:
        """Forwarded (``TypeError`` when the wrapped store has no ``set_sync``)."""
        self._sync_io("set_sync")(key, value)

    def delete_sync(self, key: str) -> None:
        """Forwarded (``TypeError`` when the wrapped store has no ``delete_sync``)."""
        self._sync_io("delete_sync")(key)

    def claim_new_prefix_sync(self, prefix: str) -> bool:
        return bool(self.store.claim_new_prefix_sync(prefix))

    def _sync_io(self, method: str) -> Any:
        found = getattr(self.store, method, None)
        if found is None:
            raise TypeError(f"{self.store!r} has no synchronous I/O ({method})")
        return found

    def with_read_only(self, read_only: bool = False) -> BlockingOverAsyncStore:
        return BlockingOverAsyncStore(self.store.with_read_only(read_only))

    def close(self) -> None:
        """Close the wrapped store on its loop (its resources belong to it), then stop the
        loop; the next call starts it again."""
        try:
            self._loop.call(_close, self.store)
        finally:
            self._loop.stop()
            super().close()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, BlockingOverAsyncStore) and other.store == self.store

    def __hash__(self) -> int:
        return hash((BlockingOverAsyncStore, self.store))

    def __repr__(self) -> str:
        return f"BlockingOverAsyncStore({self.store!r})"

    # Point reads, writes and deletes of an in-process store are plain calls too (as the chunk
    # pipeline's own, through get_sync/set_sync/delete_sync); the rest goes to the loop.

    def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        if self.store.supports_sync_io:
            return _as_bytes(self.store.get_sync(key, byte_range=byte_range))
        return _as_bytes(self._loop.call(self.store.get, key, None, byte_range))

    def _get_many(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        # One trip to the loop for the batch; the async store runs its reads concurrently.
        values = self._loop.call(self.store.get_many, builtins.list(requests))
        return [_as_bytes(value) for value in values]

    def _getsize(self, key: str) -> int | None:
        try:
            return int(self._loop.call(self.store.getsize, key))
        except FileNotFoundError:
            return None

    def _getsize_prefix(self, prefix: str) -> int:
        return int(self._loop.call(self.store.getsize_prefix, prefix))

    def _is_empty(self, prefix: str) -> bool:
        return bool(self._loop.call(self.store.is_empty, prefix))

    def _exists(self, key: str) -> bool:
        return bool(self._loop.call(self.store.exists, key))

    def _set(self, key: str, value: BytesLike) -> None:
        if self.store.supports_sync_io:
            self.store.set_sync(key, value)
        else:
            self._loop.call(self.store.set, key, value)

    def _set_batch(self, items: Sequence[tuple[str, BytesLike]]) -> None:
        self._loop.call(self.store.set_many, builtins.list(items))

    def _set_if_not_exists(self, key: str, value: BytesLike) -> None:
        self._loop.call(self.store.set_if_not_exists, key, value)

    def _delete(self, key: str) -> None:
        if self.store.supports_sync_io:
            self.store.delete_sync(key)
        else:
            self._loop.call(self.store.delete, key)

    def _delete_dir(self, prefix: str) -> None:
        # The async store's own delete_dir: a subclass may do it differently.
        self._loop.call(self.store.delete_dir, prefix)

    def list(self) -> Generator[str, None, None]:
        yield from self._loop.call(_collected, self.store.list)

    def list_prefix(self, prefix: str) -> Generator[str, None, None]:
        yield from self._loop.call(_collected, self.store.list_prefix, prefix)

    def list_dir(self, prefix: str) -> Generator[str, None, None]:
        yield from self._loop.call(_collected, self.store.list_dir, prefix)
