"""``async.concurrency`` bounds the requests in flight per store *instance* (shared by every
thread, task, event loop and call), and ``threading.max_workers`` bounds the CPU worker threads;
both are set through ``zarrlite.config``."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import numpy as np
import pytest

import zarrlite as zarr
import zarrlite.api.asynchronous as azarr
from zarrlite._async.pipeline import AsyncChunkPipeline
from zarrlite._backend import _files, _workers, async_, sync
from zarrlite._sync import pipeline as sync_pipeline
from zarrlite._write_locks import WRITE_LOCKS
from zarrlite.storage import AsyncLocalStore, AsyncLoggingStore, AsyncMemoryStore, LocalStore

HOLD = 0.003  # how long each request (or decode) stays in flight
SHAPE, CHUNKS = (64, 64), (8, 8)  # 64 chunks


class Gauge:
    """Counts how many are inside at once (per thread, nested entries once), the peak, and which
    threads came in."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.threads: set[str] = set()
        self.depth = threading.local()  # a batch read calls the single read: count it once

    def __enter__(self) -> None:
        depth = getattr(self.depth, "n", 0)
        self.depth.n = depth + 1
        if depth:
            return
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.threads.add(threading.current_thread().name)

    def __exit__(self, *_: object) -> None:
        self.depth.n -= 1
        if self.depth.n:
            return
        with self.lock:
            self.now -= 1

    def reset(self) -> None:
        """Start counting afresh."""
        with self.lock:
            self.peak = 0
            self.threads = set()


@pytest.fixture
def gauge(monkeypatch: pytest.MonkeyPatch) -> Gauge:
    """Gauges the local store's file reads (one call per store request: a key, a batch, or a
    key read by a group's ``reader_into``); each stays in flight for ``HOLD`` seconds."""
    found = Gauge()
    for name in ("read", "read_into", "read_many"):
        original = getattr(_files, name)

        def gauged(*args: Any, _original: Any = original) -> Any:
            with found:
                time.sleep(HOLD)
                return _original(*args)

        monkeypatch.setattr(_files, name, gauged)
    make_reader = _files.reader_into

    def gauged_reader(buffer: Any) -> Any:
        read = make_reader(buffer)

        def gauged(path: str) -> Any:
            with found:
                time.sleep(HOLD)
                return read(path)

        return gauged

    monkeypatch.setattr(_files, "reader_into", gauged_reader)
    return found


@pytest.fixture(autouse=True)
def parallel_small_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read small chunks to count threads and requests: let them fan out as large
    chunks do (``test_small_chunks_are_read_in_the_calling_thread`` covers the default)."""
    monkeypatch.setattr(_workers, "MIN_PARALLEL_READ_BYTES", 0)
    monkeypatch.setattr(_workers, "MIN_PARALLEL_WRITE_BYTES", 0)


@pytest.fixture
def restore_config() -> Iterator[None]:
    yield
    zarr.config.reset()


def _filled(store: Any) -> None:
    z = zarr.create_array(store=store, shape=SHAPE, chunks=CHUNKS, dtype="i4", overwrite=True)
    z[:] = np.arange(64 * 64, dtype="i4").reshape(SHAPE)


EXPECTED = np.arange(64 * 64, dtype="i4").reshape(SHAPE)


def test_store_limit_is_shared_by_threads_and_calls(
    tmp_path: Path, gauge: Gauge, restore_config: None
) -> None:
    _filled(str(tmp_path / "t.zarr"))
    zarr.config.set({"async.concurrency": 3, "threading.max_workers": 8})
    store = LocalStore(tmp_path / "t.zarr")
    gauge.reset()
    assert store.limiter.total == 3
    z = zarr.open_array(store=store, mode="r")
    results: list[bool] = []

    def read() -> None:
        results.append(bool(np.array_equal(z[...], EXPECTED)))

    threads = [threading.Thread(target=read) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == [True] * 6
    # 6 threads x up to 8 workers each would be far more without one limiter per store.
    assert 2 <= gauge.peak <= 3, gauge.peak
    assert store.limiter.borrowed == 0
    # Existing stores keep their size; it is retuned on the store itself.
    zarr.config.set({"async.concurrency": 5})
    assert store.limiter.total == 3
    store.limiter.total = 1
    gauge.reset()
    assert np.array_equal(z[...], EXPECTED)
    assert gauge.peak == 1
    assert LocalStore(tmp_path / "t.zarr").limiter.total == 5


@pytest.mark.anyio
async def test_store_limit_is_shared_by_tasks(
    anyio_backend: str, tmp_path: Path, gauge: Gauge, restore_config: None
) -> None:
    _filled(str(tmp_path / "a.zarr"))
    with zarr.config.set({"async.concurrency": 3}):
        store = AsyncLocalStore(tmp_path / "a.zarr")
    gauge.reset()
    a = await azarr.open_array(store=store, mode="r")

    async def read() -> None:
        assert np.array_equal(await a.getitem(Ellipsis), EXPECTED)

    with anyio.fail_after(60):
        async with anyio.create_task_group() as group:
            for _ in range(4):
                group.start_soon(read)
    assert 2 <= gauge.peak <= 3, gauge.peak


def test_store_limit_is_shared_by_event_loops_in_threads(
    tmp_path: Path, gauge: Gauge, restore_config: None
) -> None:
    # One store, used by an asyncio loop and a trio loop in two threads at once.
    _filled(str(tmp_path / "l.zarr"))
    with zarr.config.set({"async.concurrency": 2}):
        store = AsyncLocalStore(tmp_path / "l.zarr")
    gauge.reset()
    ok: list[bool] = []

    async def reads() -> None:
        a = await azarr.open_array(store=store, mode="r")
        for _ in range(2):
            ok.append(bool(np.array_equal(await a.getitem(Ellipsis), EXPECTED)))

    threads = [
        threading.Thread(target=anyio.run, args=(reads,), kwargs={"backend": backend})
        for backend in ("asyncio", "trio")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert ok == [True] * 4
    assert gauge.peak == 2
    assert store.limiter.borrowed == 0


def test_max_workers_bounds_the_blocking_pool(
    tmp_path: Path, gauge: Gauge, restore_config: None
) -> None:
    _filled(str(tmp_path / "w.zarr"))
    zarr.config.set({"threading.max_workers": 2, "async.concurrency": 64})
    assert sync.get_max_workers() == async_.get_max_workers() == 2
    store = LocalStore(tmp_path / "w.zarr")
    gauge.reset()
    z = zarr.open_array(store=store, mode="r")
    assert np.array_equal(z[...], EXPECTED)
    # One call: the caller plus at most max_workers - 1 pool helpers.
    assert gauge.peak == 2
    assert gauge.threads - {"MainThread"} <= {
        n for n in gauge.threads if n.startswith("zarrlite-worker")
    }
    gauge.reset()
    threads = [threading.Thread(target=lambda: z[...], name=f"user-{i}") for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    pool_threads = {n for n in gauge.threads if n.startswith("zarrlite-worker")}
    assert 1 <= len(pool_threads) <= 2, gauge.threads  # the pool has max_workers threads
    with pytest.raises(ValueError, match=r"threading\.max_workers"):
        with zarr.config.set({"threading.max_workers": 0}):
            z[...]


@pytest.mark.anyio
async def test_max_workers_bounds_async_cpu_work(
    anyio_backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_config: None
) -> None:
    _filled(str(tmp_path / "c.zarr"))
    gauge = Gauge()
    decode = AsyncChunkPipeline._decode_chunk

    def gauged_decode(self: AsyncChunkPipeline, *args: Any) -> None:
        with gauge:
            time.sleep(HOLD)
            decode(self, *args)

    monkeypatch.setattr(AsyncChunkPipeline, "_decode_chunk", gauged_decode)
    zarr.config.set({"threading.max_workers": 2})
    a = await azarr.open_array(store=str(tmp_path / "c.zarr"), mode="r")
    assert np.array_equal(await a.getitem(Ellipsis), EXPECTED)
    assert gauge.peak == 2, gauge.peak
    zarr.config.set({"threading.max_workers": 1})
    gauge.reset()
    assert np.array_equal(await a.getitem(Ellipsis), EXPECTED)
    assert gauge.peak == 1


def test_small_chunks_are_read_in_the_calling_thread(
    tmp_path: Path, gauge: Gauge, monkeypatch: pytest.MonkeyPatch, restore_config: None
) -> None:
    # Small chunks from an in-process store: a second thread would only contend for the GIL,
    # unless the store calls dominate (test_small_chunks_fan_out_when_store_calls_dominate):
    # here the probe's verdict is "CPU-bound", whatever this machine's file system.
    verdicts: list[tuple[float, float]] = []

    def cpu_bound(io_seconds: float, seconds: float) -> int:
        verdicts.append((io_seconds, seconds))
        return 1

    monkeypatch.setattr(sync_pipeline, "workers_after_probe", cpu_bound)
    monkeypatch.setattr(_workers, "MIN_PARALLEL_READ_BYTES", 256 << 10)
    _filled(str(tmp_path / "s.zarr"))
    zarr.config.set({"threading.max_workers": 4})
    z = zarr.open_array(store=LocalStore(tmp_path / "s.zarr"), mode="r")
    gauge.reset()
    assert np.array_equal(z[...], EXPECTED)
    assert gauge.peak == 1
    assert gauge.threads == {threading.current_thread().name}
    # Remote stores (no blocking get_sync) keep every worker: threads overlap network waits.
    remote = type("Remote", (), {})()
    assert sync.read_workers(remote, 16 << 10) == 4
    assert sync.read_workers(z.store, 16 << 10) == 1
    assert sync.read_workers(z.store, 256 << 10) == 4
    # Writes: one thread below 64 KiB (measured level there, slower below).
    monkeypatch.setattr(_workers, "MIN_PARALLEL_WRITE_BYTES", 64 << 10)
    assert sync.write_workers(z.store, 16 << 10) == 1
    assert sync.write_workers(z.store, 64 << 10) == 4
    assert sync.write_workers(remote, 16 << 10) == 4
    w = zarr.open_array(store=LocalStore(tmp_path / "s.zarr"), mode="r+")
    writers: set[str] = set()
    real_write = _files.write

    def spying_write(*args: Any, **kwargs: Any) -> Any:
        writers.add(threading.current_thread().name)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(_files, "write", spying_write)
    w[...] = EXPECTED + 1
    assert writers == {threading.current_thread().name}
    # One probe per transfer (a read and a write of 64 chunks), timing its store calls.
    assert len(verdicts) == 2
    assert all(0 < io_seconds <= seconds for io_seconds, seconds in verdicts)


def test_small_chunks_fan_out_when_store_calls_dominate(
    tmp_path: Path, gauge: Gauge, monkeypatch: pytest.MonkeyPatch, restore_config: None
) -> None:
    # Each file read and write takes 3 ms here (a slow file system): the first group of a
    # transfer of small chunks runs on one thread, then the rest takes every worker.
    monkeypatch.setattr(_workers, "MIN_PARALLEL_READ_BYTES", 256 << 10)
    monkeypatch.setattr(_workers, "MIN_PARALLEL_WRITE_BYTES", 64 << 10)
    _filled(str(tmp_path / "s.zarr"))
    zarr.config.set({"threading.max_workers": 4})
    z = zarr.open_array(store=LocalStore(tmp_path / "s.zarr"), mode="r+")
    gauge.reset()
    assert np.array_equal(z[...], EXPECTED)
    assert gauge.peak > 1
    writers: set[str] = set()
    real_write = _files.write

    def slow_write(*args: Any, **kwargs: Any) -> Any:
        writers.add(threading.current_thread().name)
        time.sleep(HOLD)
        return real_write(*args, **kwargs)

    monkeypatch.setattr(_files, "write", slow_write)
    z[...] = EXPECTED + 1
    assert len(writers) > 1
    assert np.array_equal(z[...], EXPECTED + 1)


def test_probe_verdict() -> None:
    assert _workers.workers_after_probe(0.9, 1.0) == _workers.get_max_workers()
    assert _workers.workers_after_probe(0.5, 1.0) == 1
    assert _workers.workers_after_probe(0.0, 0.0) == 1



@contextlib.contextmanager
def held_elsewhere(store: Any, key: str) -> Iterator[threading.Event]:
    """``key``'s write lock held by another thread (standing in for a read-modify-write) until
    the event given is set, or the block ends."""
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with WRITE_LOCKS.hold((str(store), key)):
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(10)
    try:
        yield release
    finally:
        release.set()
        holder.join()


def count_worker_trips(monkeypatch: pytest.MonkeyPatch, trips: list[str]) -> None:
    """Record in ``trips`` the name of every function handed to the async worker pool."""
    real_pool = async_.worker_pool

    class CountingPool:
        def __init__(self, flavour: Any) -> None:
            self.pool = real_pool(flavour)

        def submit(self, fn: Any) -> Any:
            trips.append(fn.__name__)
            return self.pool.submit(fn)

    monkeypatch.setattr(async_, "worker_pool", CountingPool)


@pytest.mark.anyio
async def test_async_io_with_in_process_stores_rides_on_the_codec_trip(
    anyio_backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_config: None
) -> None:
    # A local store's I/O runs inside the codec trips to worker threads: reads and writes of
    # whole chunks take one trip per worker thread, each fetching and decoding (or encoding and
    # storing) group after group; not one trip per group or chunk.
    zarr.config.set({"threading.max_workers": 2})
    trips: list[str] = []
    real_io = anyio.to_thread.run_sync

    async def counting(fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await real_io(fn, *args, **kwargs)

    a = await azarr.create_array(
        store=str(tmp_path / "trips.zarr"), shape=(64, 64), chunks=(16, 16), dtype="i4"
    )
    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    count_worker_trips(monkeypatch, trips)
    await a.setitem(Ellipsis, EXPECTED)  # 16 chunks
    writes = list(trips)
    trips.clear()
    assert np.array_equal(await a.getitem(Ellipsis), EXPECTED)
    assert writes == ["drain", "drain"], writes  # one per worker thread, for 4 groups
    assert trips == ["drain", "drain"], trips  # one per worker thread, for 4 groups
    # A partial write of a chunk reads, merges and encodes it in one trip, and stores it.
    trips.clear()
    await a.setitem((slice(1, 3), slice(2, 5)), EXPECTED[1:3, 2:5])
    assert trips.count("_merge_and_encode") == 1, trips
    # Creating a node: one trip looks up the node and its parents and writes its documents.
    # A missing parent sends it down the general path: one trip looks up the node and its
    # parents, a missing parent's document is written on its own, only if it does not exist,
    # then the node's documents.
    nodes = str(tmp_path / "nodes.zarr")
    await azarr.open_group(store=nodes, mode="w")
    trips.clear()
    await azarr.create_array(store=nodes, name="sub/x", shape=(4,), dtype="i4")
    assert trips == ["_write_new_node_in_process", "read_many", "write", "write_many"], trips
    trips.clear()
    await azarr.create_array(store=nodes, name="sub/y", shape=(4,), dtype="i4")
    assert trips == ["_write_new_node_in_process"], trips
    with pytest.raises(zarr.errors.ContainsArrayError):
        await azarr.create_array(store=nodes, name="sub/y", shape=(4,), dtype="i4")
    # Stores that must see every request (here a logging wrapper) keep the request path.
    logged = AsyncLoggingStore(AsyncLocalStore(tmp_path / "trips.zarr"))
    b = await azarr.open_array(store=logged, mode="r")
    trips.clear()
    assert np.array_equal(await b.getitem(Ellipsis), EXPECTED)
    assert "drain" not in trips and "fetch_and_decode" not in trips
    assert logged.counter["get_many"] + logged.counter["get"] >= 1


@pytest.mark.anyio
@pytest.mark.parametrize("where", ["memory", "local"])
async def test_in_process_reads_and_writes_share_one_slot_without_deadlock(
    anyio_backend: str, tmp_path: Path, where: str, restore_config: None
) -> None:
    # One request slot per store and two CPU slots: worker threads take the store's slot only
    # after their CPU slot, and tasks never hold it while waiting for one, so concurrent full
    # reads (threads draining groups), full writes and read-modify-writes all finish.
    zarr.config.set({"async.concurrency": 1, "threading.max_workers": 2})
    store: Any = AsyncMemoryStore() if where == "memory" else str(tmp_path / "d.zarr")
    a = await azarr.create_array(store=store, shape=SHAPE, chunks=(8, 8), dtype="i4")
    await a.setitem(Ellipsis, EXPECTED)
    seen: list[np.ndarray[Any, Any]] = []

    async def read() -> None:
        for _ in range(5):
            seen.append(await a.getitem(Ellipsis))

    async def write_all() -> None:
        for _ in range(5):
            await a.setitem(Ellipsis, EXPECTED)

    async def write_parts() -> None:
        for i in range(5):
            await a.setitem((slice(3, 20), slice(5, 9 + i)), EXPECTED[3:20, 5 : 9 + i])

    with anyio.fail_after(60):
        async with anyio.create_task_group() as tg:
            for job in (read, read, write_all, write_parts, read):
                tg.start_soon(job)
    assert len(seen) == 15
    for got in seen:
        np.testing.assert_array_equal(got, EXPECTED)


@pytest.mark.anyio
@pytest.mark.parametrize("where", ["memory", "local"])
async def test_whole_chunk_writes_wait_for_a_chunk_locked_elsewhere(
    anyio_backend: str, tmp_path: Path, where: str, restore_config: None
) -> None:
    # Worker threads hold CPU slots, so they only take chunk locks that are free: a group with
    # a chunk locked elsewhere (a thread standing in for a read-modify-write) is written after
    # the lock is let go, by the path that waits without a CPU slot; the others go on.
    zarr.config.set({"threading.max_workers": 2})
    store: Any = AsyncMemoryStore() if where == "memory" else str(tmp_path / "d.zarr")
    a = await azarr.create_array(store=store, shape=SHAPE, chunks=CHUNKS, dtype="i4")
    stored = a.store_path.store
    with held_elsewhere(stored, "c/0/0") as release:
        with anyio.fail_after(30):
            async with anyio.create_task_group() as tg:
                tg.start_soon(a.setitem, Ellipsis, EXPECTED)
                while not await stored.exists("c/7/7"):  # the last group is written meanwhile
                    await anyio.sleep(0.01)
                await anyio.sleep(0.05)
                assert not await stored.exists("c/0/0")
                release.set()
    np.testing.assert_array_equal(await a.getitem(Ellipsis), EXPECTED)
    assert len(WRITE_LOCKS) == 0


@pytest.mark.anyio
@pytest.mark.parametrize("where", ["memory", "local"])
async def test_whole_shard_writes_ride_on_one_trip_per_worker_and_wait_for_locks(
    anyio_backend: str, tmp_path: Path, where: str, monkeypatch: pytest.MonkeyPatch,
    restore_config: None,
) -> None:
    # As whole chunks: shards a write covers are encoded and stored by worker threads that take
    # group after group (one trip each); a shard locked elsewhere (a thread standing in for a
    # read-modify-write) is left to the path that waits without a CPU slot.
    zarr.config.set({"threading.max_workers": 2})
    store: Any = AsyncMemoryStore() if where == "memory" else str(tmp_path / "s.zarr")
    a = await azarr.create_array(
        store=store, shape=SHAPE, chunks=(4, 4), shards=(16, 16), dtype="i4"
    )  # 16 shards of 16 inner chunks
    stored = a.store_path.store
    trips: list[str] = []
    count_worker_trips(monkeypatch, trips)
    await a.setitem(Ellipsis, EXPECTED)
    assert trips == ["drain", "drain"], trips
    np.testing.assert_array_equal(await a.getitem(Ellipsis), EXPECTED)

    last = await stored.get("c/3/3")
    with held_elsewhere(stored, "c/0/0") as release:
        with anyio.fail_after(30):
            async with anyio.create_task_group() as tg:
                tg.start_soon(a.setitem, Ellipsis, EXPECTED + 1)
                while await stored.get("c/3/3") == last:  # the last shard is rewritten meanwhile
                    await anyio.sleep(0.01)
                await anyio.sleep(0.05)
                first = await a.getitem((slice(0, 16), slice(0, 16)))
                np.testing.assert_array_equal(first, EXPECTED[:16, :16])  # still the old one
                release.set()
    np.testing.assert_array_equal(await a.getitem(Ellipsis), EXPECTED + 1)
    assert len(WRITE_LOCKS) == 0

