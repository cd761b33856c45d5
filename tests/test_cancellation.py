"""Cancellation and interrupts leave consistent data and a usable library.

Async reads and writes are cancelled with ``move_on_after`` / ``fail_after`` deadlines swept across
the operation, and by cancelling a task group, under asyncio and trio (the ``anyio_backend``
fixture). Afterwards, for the memory and the local store:
- every chunk holds its whole old or its whole new value (stores write a chunk atomically), and
  no temporary file is left behind;
- nothing changes any more: no thread goes on writing after the cancelled call has returned
  (file I/O threads are waited for, never abandoned), and no thread runs zarrlite code;
- no limiter slot or per-chunk lock is still held, and the next call works.

A blocking call interrupted with ``KeyboardInterrupt`` (Ctrl-C, raised in the main thread) obeys
the same rules. These tests are hand-written rather than generated: a blocking call cannot be
cancelled, so they have no sync twin.
"""

from __future__ import annotations

import _thread
import os
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio
import numpy as np
import pytest

import zarrlite as zarr
import zarrlite.api.asynchronous as azarr
from zarrlite._backend._files import TEMP_PREFIX
from zarrlite._types import BytesLike
from zarrlite._write_locks import WRITE_LOCKS as _write_locks
from zarrlite.storage import AsyncLocalStore, AsyncMemoryStore, LocalStore

SHAPE = (64, 64)
CHUNKS = (8, 8)  # 64 chunks
DELAY = 0.002  # per store write or read, so that a deadline can land in the middle of a call


class SlowAsyncLocalStore(AsyncLocalStore):
    """A local store whose requests take ``delay`` seconds (cancellation lands in the sleep)."""

    delay = DELAY

    @property
    def supports_sync_io(self) -> bool:
        # The delay is in the async requests: the chunk pipeline must go through them.
        return False

    async def _set(self, key: str, value: BytesLike) -> None:
        await anyio.sleep(self.delay)
        await super()._set(key, value)

    async def _get(self, key: str, byte_range: Any) -> bytes | None:
        await anyio.sleep(self.delay)
        return await super()._get(key, byte_range)

    async def _get_many(self, requests: Sequence[tuple[str, Any]]) -> list[bytes | None]:
        await anyio.sleep(self.delay)  # a batch may not go through _get
        return await super()._get_many(requests)


class SlowAsyncMemoryStore(AsyncMemoryStore):
    """A memory store whose requests take ``delay`` seconds."""

    delay = DELAY

    @property
    def supports_sync_io(self) -> bool:
        # The delay is in the async requests: the chunk pipeline must go through them.
        return False

    async def _set(self, key: str, value: BytesLike) -> None:
        await anyio.sleep(self.delay)
        await super()._set(key, value)

    async def _get(self, key: str, byte_range: Any) -> bytes | None:
        await anyio.sleep(self.delay)
        return await super()._get(key, byte_range)

    async def _get_many(self, requests: Sequence[tuple[str, Any]]) -> list[bytes | None]:
        await anyio.sleep(self.delay)  # a batch may not go through _get
        return await super()._get_many(requests)


def zarrlite_busy_threads() -> list[str]:
    """Names of the other threads whose stack is inside zarrlite code right now (a pool thread
    that has finished its work and is only telling the event loop so does not count)."""
    me = threading.get_ident()
    frames = sys._current_frames()
    marker = os.sep + "zarrlite" + os.sep
    busy = []
    for thread in threading.enumerate():
        frame = frames.get(thread.ident or -1)
        if thread.ident == me:
            continue
        while frame is not None:
            if marker in frame.f_code.co_filename:
                if frame.f_code.co_name != "notify_loop":
                    busy.append(thread.name)
                break
            frame = frame.f_back
    return busy


def temp_files(root: Path) -> list[str]:
    return [name for _, _, names in os.walk(root) for name in names if name.startswith(TEMP_PREFIX)]


def chunk_states(
    data: np.ndarray[Any, Any], old: np.ndarray[Any, Any], new: np.ndarray[Any, Any]
) -> set[str]:
    """``{"old", "new"}`` per chunk; raises if a chunk is neither (a torn write)."""
    states = set()
    for i in range(0, SHAPE[0], CHUNKS[0]):
        for j in range(0, SHAPE[1], CHUNKS[1]):
            region = (slice(i, i + CHUNKS[0]), slice(j, j + CHUNKS[1]))
            if np.array_equal(data[region], new[region]):
                states.add("new")
            elif np.array_equal(data[region], old[region]):
                states.add("old")
            else:
                raise AssertionError(f"chunk at {(i, j)} is neither its old nor its new value")
    return states


@pytest.fixture(params=["memory", "local"])
def slow_store(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    if request.param == "memory":
        return SlowAsyncMemoryStore()
    return SlowAsyncLocalStore(tmp_path / "slow")


async def check_quiet(array: azarr.AsyncArray, store: Any) -> np.ndarray[Any, Any]:
    """After a cancelled call: no zarrlite thread runs, nothing is held, nothing changes later."""
    assert zarrlite_busy_threads() == []
    assert (store.limiter.borrowed, store.limiter.waiting) == (0, 0)
    assert len(_write_locks) == 0
    with fast(store):
        before = await array.getitem(Ellipsis)
        await anyio.sleep(0.03)
        np.testing.assert_array_equal(await array.getitem(Ellipsis), before)
    if isinstance(store, AsyncLocalStore):
        assert temp_files(store.root) == []
    return before


@contextmanager
def fast(store: Any) -> Iterator[None]:
    """Requests without the delay (for setting up and checking, not for the calls cancelled)."""
    store.delay = 0
    try:
        yield
    finally:
        store.delay = DELAY


# The selections written while a deadline expires: whole chunks, and partial chunks (which go
# through read-modify-write under a per-chunk lock).
SELECTIONS = {"whole": (slice(None), slice(None)), "partial": (slice(3, 61), slice(5, 59))}


@pytest.mark.anyio
@pytest.mark.parametrize("selection", sorted(SELECTIONS))
async def test_cancelled_writes_leave_whole_chunks(
    anyio_backend: str, slow_store: Any, selection: str
) -> None:
    a = await azarr.create_array(store=slow_store, shape=SHAPE, chunks=CHUNKS, dtype="i4")
    old = np.ones(SHAPE, dtype="i4")
    sel = SELECTIONS[selection]
    new = old.copy()
    new[sel] = 2
    seen: set[str] = set()
    for deadline in (0.0, 0.004, 0.01, 0.02, 0.04, 0.08):
        with fast(slow_store):
            await a.setitem(Ellipsis, old)
        with anyio.move_on_after(deadline) as scope:
            await a.setitem(sel, np.full(SHAPE, 2, dtype="i4")[sel])
        data = await check_quiet(a, slow_store)
        states = chunk_states(data, old, new)
        if scope.cancelled_caught:
            seen |= {"cancelled"} | ({"mixed"} if len(states) == 2 else set())
    # The sweep really cut writes short, at least once half-way through.
    assert {"cancelled", "mixed"} <= seen, seen
    await a.setitem(sel, np.full(SHAPE, 3, dtype="i4")[sel])  # still usable
    assert (await a.getitem(sel) == 3).all()


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["memory", "local"])
async def test_cancelled_in_process_writes_leave_whole_chunks(
    anyio_backend: str, tmp_path: Path, kind: str
) -> None:
    # Plain memory and local stores: a group's I/O runs inside its worker-thread trip, which a
    # cancellation waits for; every chunk is still its old or its new value.
    store: Any = AsyncMemoryStore() if kind == "memory" else AsyncLocalStore(tmp_path / "plain")
    a = await azarr.create_array(store=store, shape=SHAPE, chunks=CHUNKS, dtype="i4")
    old = np.ones(SHAPE, dtype="i4")
    new = np.full(SHAPE, 2, dtype="i4")
    for deadline in (0.0, 0.0005, 0.001, 0.002, 0.005):
        await a.setitem(Ellipsis, old)
        with anyio.move_on_after(deadline):
            await a.setitem(Ellipsis, new)
        data = await check_quiet(a, store)
        chunk_states(data, old, new)  # raises on a torn chunk
    await a.setitem(Ellipsis, new)
    np.testing.assert_array_equal(await a.getitem(Ellipsis), new)


@pytest.mark.anyio
async def test_cancelled_reads_release_everything(anyio_backend: str, slow_store: Any) -> None:
    a = await azarr.create_array(store=slow_store, shape=SHAPE, chunks=CHUNKS, dtype="f8")
    values = np.arange(np.prod(SHAPE), dtype="f8").reshape(SHAPE)
    with fast(slow_store):
        await a.setitem(Ellipsis, values)
    cancelled = 0
    for deadline in (0.0, 0.002, 0.005, 0.01, 0.03):
        with anyio.move_on_after(deadline) as scope:
            await a.getitem(Ellipsis)
        cancelled += scope.cancelled_caught
        np.testing.assert_array_equal(await check_quiet(a, slow_store), values)
    assert cancelled >= 2
    with pytest.raises(TimeoutError):
        with anyio.fail_after(0.001):
            await a.get_orthogonal_selection(([0, 9, 17, 33, 63], slice(None)))
    np.testing.assert_array_equal(await check_quiet(a, slow_store), values)


@pytest.mark.anyio
async def test_task_group_cancellation(anyio_backend: str, slow_store: Any) -> None:
    a = await azarr.create_array(store=slow_store, shape=SHAPE, chunks=CHUNKS, dtype="i4")
    old = np.zeros(SHAPE, dtype="i4")
    new = np.repeat(np.arange(8, dtype="i4"), 8)[:, None].repeat(64, axis=1)

    async def write_rows(i: int) -> None:  # 8 writers of disjoint chunk rows, plus readers
        await a.setitem(slice(i * 8, (i + 1) * 8), new[i * 8 : (i + 1) * 8])

    async def read_forever() -> None:
        while True:
            await a.getitem((slice(None), slice(0, 20)))

    async def fail_soon() -> None:
        await anyio.sleep(0.01)
        raise RuntimeError("one task failed")

    with pytest.raises(BaseExceptionGroup) as info:
        async with anyio.create_task_group() as group:
            for i in range(8):
                group.start_soon(write_rows, i)
            group.start_soon(read_forever)
            group.start_soon(fail_soon)
    assert info.group_contains(RuntimeError, match="one task failed")
    chunk_states(await check_quiet(a, slow_store), old, new)

    async with anyio.create_task_group() as group:  # cancelled from outside, by its scope
        for i in range(8):
            group.start_soon(write_rows, i)
        await anyio.sleep(0.005)
        group.cancel_scope.cancel()
    chunk_states(await check_quiet(a, slow_store), old, new)
    for i in range(8):
        await write_rows(i)
    np.testing.assert_array_equal(await a.getitem(Ellipsis), new)


# -- Ctrl-C in a blocking call -------------------------------------------------------------


class SlowLocalStore(LocalStore):
    """A blocking local store whose writes take ``delay`` seconds."""

    delay = DELAY

    def _set(self, key: str, value: BytesLike) -> None:
        time.sleep(self.delay)
        super()._set(key, value)

    def set_sync(self, key: str, value: BytesLike) -> None:
        # Whole chunks of an in-process store are written with set_sync, not _set.
        time.sleep(self.delay)
        super().set_sync(key, value)


def test_keyboard_interrupt_in_blocking_call(tmp_path: Path) -> None:
    assert threading.current_thread() is threading.main_thread()
    store = SlowLocalStore(tmp_path / "ki")
    shape = (128, 128)  # 256 chunks: far longer than the interrupt's delay
    z = zarr.create_array(store=store, shape=shape, chunks=CHUNKS, dtype="i4")
    old = np.ones(shape, dtype="i4")
    with fast(store):
        z[...] = old
    for delay in (0.02, 0.06):
        timer = threading.Timer(delay, _thread.interrupt_main)
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            try:
                z[...] = 2
            finally:
                timer.join()
        assert zarrlite_busy_threads() == []  # the pool's helpers have stopped too
        assert (store.limiter.borrowed, store.limiter.waiting) == (0, 0)
        assert len(_write_locks) == 0
        data = z[...]
        time.sleep(0.03)
        np.testing.assert_array_equal(z[...], data)  # nothing lands after the interrupt
        store.delay = 0
        assert set(np.unique(data)) <= {1, 2} and 1 in data
        for i in range(0, shape[0], CHUNKS[0]):  # whole chunks only
            for j in range(0, shape[1], CHUNKS[1]):
                assert len(np.unique(data[i : i + 8, j : j + 8])) == 1
        assert temp_files(store.root) == []
        z[...] = old  # usable again
        store.delay = DELAY
    np.testing.assert_array_equal(z[...], old)
