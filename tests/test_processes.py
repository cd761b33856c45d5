"""Arrays, groups and stores cross process boundaries: pickling, and children started with fork,
spawn and forkserver through ``multiprocessing.Pool`` and ``ProcessPoolExecutor``.

What pickles how (the documented contract):
- a local store pickles its root (and ``read_only``); a child opens the same files;
- a memory store pickles a *copy* of its contents: the child reads the parent's data, its writes
  stay in the child (the unpickled store is not equal to the original, which is bound to the
  identity of its dict);
- a store's limiter pickles as its size only: the copy gets a fresh limiter with nothing borrowed;
- arrays and groups pickle as metadata plus store path (and array config), with no I/O.

Every wait has a timeout, so a deadlocked child fails the test instead of hanging it.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite as zarr
import zarrlite.api.asynchronous as azarr
from zarrlite import storage
from zarrlite._backend import _pool, _workers

TIMEOUT = 60.0
METHODS = [
    m for m in ("fork", "spawn", "forkserver") if m in multiprocessing.get_all_start_methods()
]
ROWS = 4  # rows per chunk; child i owns chunk row i


# -- functions run in the children (module level, so spawn can import them) ------------------


def child_row_sum(array: zarr.Array, row: int) -> float:
    return float(array[row].sum())


def child_write_block(array: zarr.Array, i: int) -> int:
    array[i * ROWS : (i + 1) * ROWS] = np.full((ROWS, array.shape[1]), i, dtype=array.dtype)
    return os.getpid()


def child_group_listing(group: zarr.Group) -> tuple[list[str], float]:
    return sorted(group.keys()), float(np.asarray(group["a"]).sum())


def child_threads_after_io(array: zarr.Array) -> tuple[list[str], float]:
    data = np.asarray(array)
    array[...] = data  # a multi-chunk write fans out: the pool is (re)made here
    total = float(data.sum())
    return sorted(t.name for t in threading.enumerate()), total


# -- helpers -------------------------------------------------------------------------------


@contextmanager
def workers(method: str, kind: str, n: int = 2) -> Iterator[Callable[..., list[Any]]]:
    """A ``starmap`` over ``n`` child processes; every wait has a timeout, and on any failure
    the children are killed rather than waited for."""
    context = multiprocessing.get_context(method)
    if kind == "pool":
        pool = context.Pool(n)
        try:
            yield lambda fn, args: pool.starmap_async(fn, args).get(TIMEOUT)
            pool.close()
        finally:
            pool.terminate()
            pool.join()
    else:
        executor = ProcessPoolExecutor(n, mp_context=context)
        ok = False
        try:
            yield lambda fn, args: [
                f.result(TIMEOUT) for f in [executor.submit(fn, *a) for a in args]
            ]
            ok = True
        finally:
            if not ok:
                for process in list(getattr(executor, "_processes", {}).values()):
                    process.kill()
            executor.shutdown(wait=ok, cancel_futures=True)


def wait_child(pid: int, timeout: float = TIMEOUT) -> int:
    """The exit code of a forked child; killed (and the test failed) if it hangs."""
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.01)


def make_array(store: object, n: int = 6, cols: int = 30) -> zarr.Array:
    z = zarr.create_array(store=store, shape=(n * ROWS, cols), chunks=(ROWS, 10), dtype="i4")
    z[:] = np.arange(n * ROWS * cols, dtype="i4").reshape(n * ROWS, cols)
    return z


def pool_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("zarrlite-worker")]


# -- pickling ------------------------------------------------------------------------------


def _stores(tmp_path: Path) -> dict[str, storage.Store]:
    found: dict[str, storage.Store] = {
        "memory": storage.MemoryStore(),
        "local": storage.LocalStore(tmp_path / "local"),
    }
    found["logging"] = storage.LoggingStore(storage.LocalStore(tmp_path / "logged"))
    found["wrapper"] = storage.WrapperStore(storage.MemoryStore())
    zip_store = getattr(storage, "ZipStore", None)
    if zip_store is not None:
        found["zip"] = zip_store(tmp_path / "z.zip", mode="w")
    return found


STORE_KINDS = ["memory", "local", "logging", "wrapper", "zip"]


@pytest.mark.parametrize("kind", STORE_KINDS)
def test_pickle_round_trips_store_array_and_group(kind: str, tmp_path: Path) -> None:
    stores = _stores(tmp_path)
    if kind not in stores:
        pytest.skip(f"no {kind} store in this build")
    store = stores[kind]
    store.limiter.total = 7
    root = zarr.open_group(store=store, mode="w")
    a = root.create_array("a", shape=(10, 10), chunks=(5, 5), dtype="f8")
    a[:] = np.arange(100.0).reshape(10, 10)
    root.create_group("sub").attrs["x"] = 1

    again = pickle.loads(pickle.dumps(store))
    assert type(again) is type(store)
    assert again.limiter is not store.limiter
    assert (again.limiter.total, again.limiter.borrowed) == (7, 0)
    if kind in ("memory", "wrapper"):
        assert again != store  # a copy of the contents, not the same dict
    else:
        assert again == store  # the same files
    a2 = pickle.loads(pickle.dumps(a))
    assert a2.metadata == a.metadata and a2.path == a.path
    np.testing.assert_array_equal(a2[...], a[...])
    g2 = pickle.loads(pickle.dumps(root))
    assert sorted(g2.keys()) == ["a", "sub"]
    assert g2["sub"].attrs["x"] == 1
    np.testing.assert_array_equal(g2["a"][2:4], a[2:4])
    sp = pickle.loads(pickle.dumps(a.store_path))
    assert sp.path == "a"
    if kind == "zip":
        store.close()


def test_pickled_memory_store_is_a_copy_and_local_store_is_shared(tmp_path: Path) -> None:
    mem = make_array(storage.MemoryStore())
    mem_copy = pickle.loads(pickle.dumps(mem))
    mem_copy[0, 0] = -5
    assert mem[0, 0] == 0 and mem_copy[0, 0] == -5
    local = make_array(str(tmp_path / "l.zarr"))
    local_copy = pickle.loads(pickle.dumps(local))
    local_copy[0, 0] = -5
    assert local[0, 0] == -5


@pytest.mark.anyio
async def test_pickle_round_trips_async_objects(anyio_backend: str, tmp_path: Path) -> None:
    for store in (storage.AsyncMemoryStore(), storage.AsyncLocalStore(tmp_path / anyio_backend)):
        root = await azarr.open_group(store=store, mode="w")
        a = await root.create_array("a", shape=(6,), chunks=(2,), dtype="i2")
        await a.setitem(slice(None), np.arange(6, dtype="i2"))
        again = pickle.loads(pickle.dumps(store))
        assert type(again) is type(store) and again.limiter.borrowed == 0
        a2 = pickle.loads(pickle.dumps(a))
        assert (await a2.getitem(slice(None))).tolist() == list(range(6))
        g2 = pickle.loads(pickle.dumps(root))
        assert [name async for name in g2.keys()] == ["a"]


# -- children ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["pool", "executor"])
@pytest.mark.parametrize("method", METHODS)
def test_children_read_and_write_parent_array(method: str, kind: str, tmp_path: Path) -> None:
    z = make_array(str(tmp_path / "p.zarr"))
    _ = z[...]  # the parent has done multi-chunk I/O, and its worker threads are alive
    assert pool_threads(), "expected the CPU worker pool to exist in the parent"
    expected = z[...].copy()
    with workers(method, kind) as starmap:
        sums = starmap(child_row_sum, [(z, row) for row in range(0, z.shape[0], 3)])
        assert sums == [float(expected[row].sum()) for row in range(0, z.shape[0], 3)]
        pids = starmap(child_write_block, [(z, i) for i in range(z.shape[0] // ROWS)])
    assert os.getpid() not in pids
    np.testing.assert_array_equal(z[...], np.repeat(np.arange(6), ROWS)[:, None].repeat(30, 1))


@pytest.mark.parametrize("method", METHODS)
def test_children_use_parent_group_and_memory_store(method: str, tmp_path: Path) -> None:
    roots = []
    for store in (storage.MemoryStore(), storage.LocalStore(tmp_path / method)):
        root = zarr.open_group(store=store, mode="w")
        root.create_array("a", shape=(8, 8), chunks=(2, 2), dtype="i8")[:] = 1
        root.create_group("g")
        roots.append((root,))
    with workers(method, "pool") as starmap:
        assert starmap(child_group_listing, roots) == [(["a", "g"], 64.0)] * 2


@pytest.mark.skipif("fork" not in METHODS, reason="needs the fork start method")
def test_fork_while_other_threads_do_io(tmp_path: Path) -> None:
    # Threads keep reading and writing (holding limiter slots, key locks and the pool's queue)
    # while children are forked: the children must not inherit a held lock and hang.
    z = make_array(str(tmp_path / "busy.zarr"), n=8)
    stop = threading.Event()
    errors: list[BaseException] = []

    def busy(i: int) -> None:
        try:
            while not stop.is_set():
                z[i * ROWS : (i + 1) * ROWS] = i
                _ = z[...]
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=busy, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    try:
        for _ in range(3):
            with workers("fork", "pool") as starmap:
                sums = starmap(child_row_sum, [(z, row) for row in (20, 24, 28)])
                assert sums == [float(z[row].sum()) for row in (20, 24, 28)]
                starmap(child_write_block, [(z, 7)])
    finally:
        stop.set()
        for t in threads:
            t.join(TIMEOUT)
    assert not errors, errors
    assert (z[7 * ROWS :] == 7).all()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_fork_child_starts_only_a_fresh_worker_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Small chunks: let the child's write fan out to the pool as large chunks would.
    monkeypatch.setattr(_workers, "MIN_PARALLEL_WRITE_BYTES", 0)
    z = make_array(str(tmp_path / "f.zarr"), n=8)
    total = float(np.asarray(z).sum())
    parent_pool = _pool._pools.get("sync")
    assert parent_pool is not None and pool_threads()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process
        code = 3
        try:
            inherited = [t.name for t in threading.enumerate()]
            names, child_total = child_threads_after_io(z)
            new = [n for n in names if n not in inherited]
            code = 0
            if inherited != ["MainThread"]:
                code = 10  # threads do not survive fork: the parent's pool threads are gone
            elif child_total != total:
                code = 11
            elif not new or not all(n.startswith("zarrlite-worker") for n in new):
                code = 12  # the only threads started are the (re-created) worker pool's
            elif _pool._pools.get("sync", (None,))[0] is parent_pool[0]:
                code = 13
        finally:
            os._exit(code)
    assert wait_child(pid) == 0
