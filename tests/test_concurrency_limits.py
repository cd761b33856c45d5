"""``async.concurrency`` bounds the requests in flight per store *instance* (shared by every
thread, task, event loop and call), and ``threading.max_workers`` bounds the CPU worker threads;
both are set through ``zarrlite.config``."""

from __future__ import annotations

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
from zarrlite._backend import async_, sync
from zarrlite.storage import AsyncLocalStore, LocalStore

HOLD = 0.003  # how long each request (or decode) stays in flight
SHAPE, CHUNKS = (64, 64), (8, 8)  # 64 chunks


class Gauge:
    """Counts how many are inside at once, the peak, and which threads came in."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.threads: set[str] = set()

    def __enter__(self) -> None:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.threads.add(threading.current_thread().name)

    def __exit__(self, *_: object) -> None:
        with self.lock:
            self.now -= 1

    def reset(self) -> None:
        """Start counting afresh (the gauge object is shared by read-only copies of a store)."""
        with self.lock:
            self.peak = 0
            self.threads = set()


class GaugedLocalStore(LocalStore):
    """Each read stays in flight for ``HOLD`` seconds, under the gauge."""

    gauge: Gauge

    def _get(self, key: str, byte_range: Any) -> bytes | None:
        with self.gauge:
            time.sleep(HOLD)
            return super()._get(key, byte_range)


class GaugedAsyncLocalStore(AsyncLocalStore):
    """Each read stays in flight for ``HOLD`` seconds (without blocking the loop)."""

    gauge: Gauge

    async def _get(self, key: str, byte_range: Any) -> bytes | None:
        with self.gauge:
            await anyio.sleep(HOLD)
            return await super()._get(key, byte_range)


@pytest.fixture
def restore_config() -> Iterator[None]:
    yield
    zarr.config.reset()


def _filled(store: Any) -> None:
    z = zarr.create_array(store=store, shape=SHAPE, chunks=CHUNKS, dtype="i4", overwrite=True)
    z[:] = np.arange(64 * 64, dtype="i4").reshape(SHAPE)


EXPECTED = np.arange(64 * 64, dtype="i4").reshape(SHAPE)


def test_store_limit_is_shared_by_threads_and_calls(tmp_path: Path, restore_config: None) -> None:
    _filled(str(tmp_path / "t.zarr"))
    zarr.config.set({"async.concurrency": 3, "threading.max_workers": 8})
    store = GaugedLocalStore(tmp_path / "t.zarr")
    store.gauge = Gauge()
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
    assert 2 <= store.gauge.peak <= 3, store.gauge.peak
    assert store.limiter.borrowed == 0
    # Existing stores keep their size; it is retuned on the store itself.
    zarr.config.set({"async.concurrency": 5})
    assert store.limiter.total == 3
    store.limiter.total = 1
    store.gauge.reset()
    assert np.array_equal(z[...], EXPECTED)
    assert store.gauge.peak == 1
    assert LocalStore(tmp_path / "t.zarr").limiter.total == 5


@pytest.mark.anyio
async def test_store_limit_is_shared_by_tasks(
    anyio_backend: str, tmp_path: Path, restore_config: None
) -> None:
    _filled(str(tmp_path / "a.zarr"))
    with zarr.config.set({"async.concurrency": 3}):
        store = GaugedAsyncLocalStore(tmp_path / "a.zarr")
    store.gauge = Gauge()
    a = await azarr.open_array(store=store, mode="r")

    async def read() -> None:
        assert np.array_equal(await a.getitem(Ellipsis), EXPECTED)

    with anyio.fail_after(60):
        async with anyio.create_task_group() as group:
            for _ in range(4):
                group.start_soon(read)
    assert 2 <= store.gauge.peak <= 3, store.gauge.peak


def test_store_limit_is_shared_by_event_loops_in_threads(
    tmp_path: Path, restore_config: None
) -> None:
    # One store, used by an asyncio loop and a trio loop in two threads at once.
    _filled(str(tmp_path / "l.zarr"))
    with zarr.config.set({"async.concurrency": 2}):
        store = GaugedAsyncLocalStore(tmp_path / "l.zarr")
    store.gauge = Gauge()
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
    assert store.gauge.peak == 2
    assert store.limiter.borrowed == 0


def test_max_workers_bounds_the_blocking_pool(tmp_path: Path, restore_config: None) -> None:
    _filled(str(tmp_path / "w.zarr"))
    zarr.config.set({"threading.max_workers": 2, "async.concurrency": 64})
    assert sync.get_max_workers() == async_.get_max_workers() == 2
    store = GaugedLocalStore(tmp_path / "w.zarr")
    store.gauge = Gauge()
    z = zarr.open_array(store=store, mode="r")
    assert np.array_equal(z[...], EXPECTED)
    # One call: the caller plus at most max_workers - 1 pool helpers.
    assert store.gauge.peak == 2
    assert store.gauge.threads - {"MainThread"} <= {
        n for n in store.gauge.threads if n.startswith("zarrlite-worker")
    }
    store.gauge.reset()
    threads = [threading.Thread(target=lambda: z[...], name=f"user-{i}") for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    pool_threads = {n for n in store.gauge.threads if n.startswith("zarrlite-worker")}
    assert 1 <= len(pool_threads) <= 2, store.gauge.threads  # the pool has max_workers threads
    with pytest.raises(ValueError, match=r"threading\.max_workers"):
        with zarr.config.set({"threading.max_workers": 0}):
            z[...]


@pytest.mark.anyio
async def test_max_workers_bounds_async_cpu_work(
    anyio_backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, restore_config: None
) -> None:
    _filled(str(tmp_path / "c.zarr"))
    gauge = Gauge()
    decode = AsyncChunkPipeline._decode_group

    def gauged_decode(self: AsyncChunkPipeline, *args: Any) -> None:
        with gauge:
            time.sleep(HOLD)
            decode(self, *args)

    monkeypatch.setattr(AsyncChunkPipeline, "_decode_group", gauged_decode)
    zarr.config.set({"threading.max_workers": 2})
    a = await azarr.open_array(store=str(tmp_path / "c.zarr"), mode="r")
    assert np.array_equal(await a.getitem(Ellipsis), EXPECTED)
    assert gauge.peak == 2, gauge.peak
    zarr.config.set({"threading.max_workers": 1})
    gauge.reset()
    assert np.array_equal(await a.getitem(Ellipsis), EXPECTED)
    assert gauge.peak == 1
