"""Limiters and per-key locks that work across threads, tasks and event loops, in both flavours.

anyio's ``CapacityLimiter`` and ``Lock`` belong to the event loop that first uses them, so one store
used from two loops, or from a loop and a plain thread, could not share them (PAIN-POINTS #3, #4).
These classes are built on a ``threading.Lock`` instead, and each offers both ``with`` (a thread
blocks) and ``async with`` (a task waits without blocking its loop). Both backend modules export
the same objects, so an async store and its sync twin can share one limiter.

How a task waits: it queues a waiter and waits on an ``anyio.Event``, which the releaser sets when
it runs on the task's own thread (the usual case: one loop). anyio has no public non-blocking way
to wake a task from another thread (``anyio.from_thread.run_sync`` blocks the releaser until the
other loop runs the call, which can deadlock), so a task whose slot was granted from another
thread notices by polling, backing off from 0.5 ms to 10 ms. Slots pass first-in first-out: a
release hands its slot straight to the oldest waiter, thread or task, so neither starves. A task
cancelled after being granted a slot passes the slot on.

After ``fork`` every instance is reset: the threads that held slots or waited do not exist in the
child (PAIN-POINTS #5). The pool size for CPU work is in ``_workers``.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Sequence
from types import TracebackType
from typing import Any, Final, Generic, Protocol, TypeVar

import anyio

__all__ = ["ConcurrencyLimiter", "KeyLocks", "SharedQueue"]

_POLL_FIRST: Final = 0.0005
_POLL_MAX: Final = 0.01


class _Waiter:
    """One thread or task waiting for a slot."""

    __slots__ = ("event", "granted", "lock", "thread")

    def __init__(self, *, in_task: bool) -> None:
        self.granted = False
        self.thread = threading.get_ident()
        self.event: anyio.Event | None = None
        self.lock: threading.Lock | None = None
        if in_task:
            self.event = anyio.Event()
        else:
            self.lock = threading.Lock()
            self.lock.acquire()  # the waiting thread blocks on it until the releaser unlocks it

    def wake(self) -> None:
        if self.lock is not None:
            self.lock.release()
        elif self.event is not None and self.thread == threading.get_ident():
            # Only the task's own thread may touch its loop; from elsewhere the task polls.
            try:
                self.event.set()
            except RuntimeError:  # that loop has ended; nobody is left to wake
                pass


def _check_total(total: int) -> int:
    if isinstance(total, bool) or not isinstance(total, int) or total < 1:
        raise ValueError(f"a limiter's total must be an int >= 1, got {total!r}")
    return total


class _Slots:
    """A first-in first-out counting semaphore for threads and tasks alike."""

    __slots__ = ("__weakref__", "_borrowed", "_debt", "_lock", "_total", "_waiters")

    def __init__(self, total: int) -> None:
        self._lock = threading.Lock()
        self._total = _check_total(total)
        self._borrowed = 0
        self._debt = 0  # slots taken before a fork, which the forking thread may give back
        self._waiters: deque[_Waiter] = deque()

    def _take_or_queue(self, *, in_task: bool) -> _Waiter | None:
        with self._lock:
            if self._borrowed < self._total and not self._waiters:
                self._borrowed += 1
                return None
            waiter = _Waiter(in_task=in_task)
            self._waiters.append(waiter)
            return waiter

    def try_acquire(self) -> bool:
        """Take a slot if one is free and nobody is queued for it; never waits."""
        with self._lock:
            if self._borrowed < self._total and not self._waiters:
                self._borrowed += 1
                return True
            return False

    def acquire(self) -> None:
        """Take a slot, blocking this thread until one is free."""
        waiter = self._take_or_queue(in_task=False)
        if waiter is None:
            return
        assert waiter.lock is not None
        try:
            # The timeout re-checks ``granted``: a Ctrl-C raised in the releasing thread between
            # granting the slot and waking us must not leave this thread asleep for ever.
            while not waiter.lock.acquire(timeout=_POLL_MAX * 5) and not waiter.granted:
                pass
        except BaseException:  # KeyboardInterrupt while waiting
            self._abandon(waiter)
            raise

    async def _acquire_in_task(self) -> None:
        waiter = self._take_or_queue(in_task=True)
        if waiter is None:
            return
        assert waiter.event is not None
        delay = _POLL_FIRST
        try:
            while not waiter.granted:
                with anyio.move_on_after(delay):
                    await waiter.event.wait()
                delay = min(2 * delay, _POLL_MAX)
        except BaseException:  # cancelled while waiting
            self._abandon(waiter)
            raise

    def _abandon(self, waiter: _Waiter) -> None:
        with self._lock:
            if not waiter.granted:
                if waiter in self._waiters:  # absent after a fork reset
                    self._waiters.remove(waiter)
                return
        self.release()  # the slot arrived meanwhile: pass it on

    def release(self) -> None:
        """Give a slot back (to the oldest waiter, if any)."""
        with self._lock:
            if self._borrowed == 0:
                if self._debt:
                    self._debt -= 1
                    return
                raise RuntimeError("release() without a matching acquire()")
            if not self._waiters or self._borrowed > self._total:
                self._borrowed -= 1
                return
            waiter = self._waiters.popleft()
            waiter.granted = True  # the slot changes hands; the count stays
        waiter.wake()

    def _set_total(self, total: int) -> None:
        woken: list[_Waiter] = []
        with self._lock:
            self._total = _check_total(total)
            while self._waiters and self._borrowed < self._total:
                waiter = self._waiters.popleft()
                waiter.granted = True
                self._borrowed += 1
                woken.append(waiter)
        for waiter in woken:
            waiter.wake()

    def _reset_after_fork(self) -> None:
        self._lock = threading.Lock()
        self._debt += self._borrowed
        self._borrowed = 0
        self._waiters.clear()


class ConcurrencyLimiter(_Slots):
    """At most ``total`` requests in flight; one per store instance.

    Shared by every thread, task, event loop and call that uses the store, unlike a per-call
    semaphore (PAIN-POINTS #3). ``async with limiter:`` in a task never blocks the loop;
    ``with limiter:`` blocks a thread. ``total`` may be changed at any time.
    """

    __slots__ = ()

    def __init__(self, total: int) -> None:
        super().__init__(total)
        _LIVE.add(self)

    @property
    def total(self) -> int:
        """The most requests allowed in flight at once."""
        return self._total

    @total.setter
    def total(self, value: int) -> None:
        self._set_total(value)

    @property
    def borrowed(self) -> int:
        """Requests in flight now."""
        return self._borrowed

    @property
    def waiting(self) -> int:
        """Threads and tasks queued for a slot now."""
        return len(self._waiters)

    # ``with limiter:`` is taken once per chunk read from or written to a local file, where the
    # generic acquire/release calls were ~0.8 us of a 16 KiB chunk's ~20 us; the uncontended
    # case is decided here under the lock, the rest left to them.
    def __enter__(self) -> ConcurrencyLimiter:
        with self._lock:
            if self._borrowed < self._total and not self._waiters:
                self._borrowed += 1
                return self
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        with self._lock:
            if self._borrowed and not self._waiters:
                self._borrowed -= 1
                return
        self.release()

    async def __aenter__(self) -> ConcurrencyLimiter:
        await self._acquire_in_task()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"ConcurrencyLimiter(total={self._total}, borrowed={self._borrowed})"


class _Entry:
    __slots__ = ("refs", "slots")

    def __init__(self, refs: int = 0) -> None:
        self.refs = refs  # holders plus waiters; the entry is dropped when it falls to 0
        self.slots = _Slots(1)
        self.slots._borrowed = refs  # a new entry made for its holder (KeyLocks._try_take)


class KeyLocks:
    """Mutual exclusion per key (a chunk or shard key) for read-modify-write units.

    ``async with locks.hold(key):`` in a task, ``with locks.hold(key):`` in a thread; holders of
    the same key exclude each other whether they are threads, tasks, or tasks of different loops.
    Not re-entrant. Do not start other backend work that needs a pool slot (``map_limited``) while
    holding a key: the waiters for that key may occupy the pool. Entries are dropped when no
    holder or waiter remains, so the table stays as small as the work in progress.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Hashable, _Entry] = {}
        _LIVE.add(self)

    def hold(self, key: Hashable) -> _Hold:
        """A context manager (sync and async) holding ``key`` exclusively."""
        return _Hold(self, key)

    def hold_many(self, keys: Iterable[Hashable]) -> _HoldMany:
        """A context manager (sync and async) holding every one of ``keys`` (mutually sortable).

        Keys are taken in sorted order, so two holders of overlapping sets cannot deadlock;
        a holder of one key must not wait for another while holding it (as ``hold`` users
        do not).
        """
        return _HoldMany(self, keys)

    def try_hold_many(self, keys: Iterable[Hashable]) -> _HoldMany | None:
        """Every one of ``keys`` held at once if all are free now, else None (nothing held).

        Never waits, so a thread holding a CPU slot may call it: a holder of one of the keys
        that is waiting for that slot cannot deadlock against it. Release with ``with``.
        """
        many = _HoldMany(self, keys)
        return many if many._try_enter() else None

    def __len__(self) -> int:
        return len(self._entries)

    def _check_out(self, key: Hashable) -> _Entry:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                entry = self._entries[key] = _Entry()
            entry.refs += 1
            return entry

    def _check_in(self, key: Hashable, entry: _Entry) -> None:
        with self._lock:
            entry.refs -= 1
            # After a fork the table is new: an old entry must not evict its successor.
            if entry.refs == 0 and self._entries.get(key) is entry:
                del self._entries[key]

    def _try_take(self, keys: Sequence[Hashable]) -> list[tuple[Hashable, _Entry]] | None:
        """Hold every one of ``keys`` if none has an entry now (no holder, no waiter, nobody
        about to take it), under one acquisition of the table's lock; else None. A chunk write
        took ~2.6 us a key through ``_Hold`` (four lock acquisitions)."""
        with self._lock:
            entries = self._entries
            for key in keys:
                if key in entries:
                    return None
            taken = [(key, _Entry(1)) for key in keys]
            entries.update(taken)
            return taken

    def _give_back(self, held: Sequence[tuple[Hashable, _Entry]]) -> None:
        """Release keys held through :meth:`_try_take` or ``_HoldMany``: each key's slot passes
        to its oldest waiter, if any, then the entries are checked in under one lock."""
        for _, entry in held:
            entry.slots.release()
        with self._lock:
            entries = self._entries
            for key, entry in held:
                entry.refs -= 1
                if entry.refs == 0 and entries.get(key) is entry:
                    del entries[key]

    def _reset_after_fork(self) -> None:
        self._lock = threading.Lock()
        self._entries = {}


class _Hold:
    """One acquisition of one key; made by :meth:`KeyLocks.hold`."""

    __slots__ = ("_entry", "_key", "_locks")

    def __init__(self, locks: KeyLocks, key: Hashable) -> None:
        self._locks = locks
        self._key = key
        self._entry: _Entry | None = None

    def __enter__(self) -> None:
        entry = self._locks._check_out(self._key)
        try:
            entry.slots.acquire()
        except BaseException:
            self._locks._check_in(self._key, entry)
            raise
        self._entry = entry

    def _try_enter(self) -> bool:
        """Hold the key if it is free now (no holder, nobody queued); never waits."""
        entry = self._locks._check_out(self._key)
        if not entry.slots.try_acquire():
            self._locks._check_in(self._key, entry)
            return False
        self._entry = entry
        return True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._release()

    async def __aenter__(self) -> None:
        entry = self._locks._check_out(self._key)
        try:
            await entry.slots._acquire_in_task()
        except BaseException:
            self._locks._check_in(self._key, entry)
            raise
        self._entry = entry

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._release()

    def _release(self) -> None:
        entry, self._entry = self._entry, None
        if entry is None:
            raise RuntimeError(f"key {self._key!r} is not held")
        entry.slots.release()
        self._locks._check_in(self._key, entry)


class _HoldMany:
    """One acquisition of several keys; made by :meth:`KeyLocks.hold_many`."""

    __slots__ = ("_held", "_keys", "_locks")

    def __init__(self, locks: KeyLocks, keys: Iterable[Hashable]) -> None:
        self._locks = locks
        self._keys: list[Any] = sorted(set(keys))  # type: ignore[type-var]
        self._held: list[tuple[Hashable, _Entry]] = []

    def _try_enter(self) -> bool:
        """Hold every key if all are free now; otherwise hold none. Never waits."""
        taken = self._locks._try_take(self._keys)
        if taken is None:
            return False
        self._held = taken
        return True

    def __enter__(self) -> None:
        if self._held:  # already held by try_hold_many
            return
        locks = self._locks
        try:
            for key in self._keys:
                entry = locks._check_out(key)
                try:
                    entry.slots.acquire()
                except BaseException:
                    locks._check_in(key, entry)
                    raise
                self._held.append((key, entry))
        except BaseException:
            self._release()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._release()

    async def __aenter__(self) -> None:
        locks = self._locks
        try:
            for key in self._keys:
                entry = locks._check_out(key)
                try:
                    await entry.slots._acquire_in_task()
                except BaseException:
                    locks._check_in(key, entry)
                    raise
                self._held.append((key, entry))
        except BaseException:
            self._release()
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._release()

    def _release(self) -> None:
        held, self._held = self._held, []
        held.reverse()
        self._locks._give_back(held)


class _Resettable(Protocol):
    def _reset_after_fork(self) -> None: ...


# Every live limiter and lock table, so that a forked child can reset them all.
_LIVE: weakref.WeakSet[_Resettable] = weakref.WeakSet()


def _reset_after_fork() -> None:
    for item in list(_LIVE):
        item._reset_after_fork()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_after_fork)


T = TypeVar("T")
R = TypeVar("R")


def _closed(item: object) -> Any:
    raise RuntimeError("SharedQueue used after close()")


class SharedQueue(Generic[T, R]):
    """``fn`` over ``items`` by any number of threads, each calling :meth:`drain`: a thread takes
    the next item until none is left, an item's call has raised (kept in ``errors``; later items
    are not started) or :meth:`stop` was called. ``results`` is in input order. The fan-out of
    both backends (``map_limited`` blocking, ``map_in_threads`` async) is built on it.

    ``cpus`` (see ``_workers.spread_cpus``): the n-th thread to call :meth:`drain` keeps to
    ``cpus[n]`` until it returns, then gets its previous CPU mask back; a thread that calls
    :meth:`drain_unbound` is neither bound nor counted."""

    def __init__(
        self, fn: Callable[[T], R], items: Sequence[T], cpus: Sequence[int] | None = None
    ) -> None:
        self._fn = fn
        self._items = items
        self._lock = threading.Lock()
        self._taken = 0
        self._cpus = cpus
        self._drainers = 0
        self._stopped = False
        self.results: list[R | None] = [None] * len(items)
        self.errors: list[BaseException] = []

    def stop(self) -> None:
        """Start no further item (the running ones finish)."""
        self._stopped = True

    def close(self) -> None:
        """Drop ``fn`` and the items once every thread is done: after a cancellation or an
        error, the exception's traceback may keep this queue alive until the garbage collector
        runs, and ``fn`` may hold an array's store and the user's data."""
        self._stopped = True
        self._fn = _closed
        self._items = ()

    def drain(self) -> None:
        """Work through items in the calling thread (see the class docstring)."""
        previous = None
        if self._cpus is not None:
            with self._lock:
                slot = self._drainers
                self._drainers += 1
            if slot < len(self._cpus):
                previous = _bind_to(self._cpus[slot])
        try:
            self._work()
        finally:
            if previous is not None:
                _rebind(previous)

    def drain_unbound(self) -> None:
        """:meth:`drain`, but the calling thread is never bound to a CPU, nor counted."""
        self._work()

    def _work(self) -> None:
        while not (self._stopped or self.errors):
            with self._lock:
                index = self._taken
                self._taken += 1
            if index >= len(self._items):
                return
            try:
                self.results[index] = self._fn(self._items[index])
            except BaseException as error:  # re-raised by the caller of the fan-out
                self.errors.append(error)


def _bind_to(cpu: int) -> set[int] | None:
    """Keep the calling thread on ``cpu``; its previous CPU mask, or None if it was not moved."""
    try:
        previous = os.sched_getaffinity(0)
        if previous != {cpu}:
            os.sched_setaffinity(0, {cpu})
            return previous
    except OSError:  # the CPU went offline, or a container forbids it: run unbound
        pass
    return None


def _rebind(cpus: set[int]) -> None:
    try:
        os.sched_setaffinity(0, cpus)
    except OSError:
        pass
