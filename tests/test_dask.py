"""dask reads zarrlite arrays and writes into them, with every scheduler.

``dask.array.from_array(z, chunks=z.chunks)`` works because a blocking ``Array`` has ``shape``,
``dtype``, ``ndim``, ``chunks`` and ``__getitem__``, is safe to share between threads and pickles
(metadata plus store path) into worker processes. ``dask.array.store`` calls ``z[region] = block``
from whichever worker holds a block: writes of whole chunks from different processes are safe;
several writers of one chunk are made safe inside a process by zarrlite's per-chunk locks (the
threaded scheduler), not across processes (align dask chunks to zarr chunks there).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

dask = pytest.importorskip("dask")
da = pytest.importorskip("dask.array")
distributed = pytest.importorskip("distributed")

import zarrlite as zarr  # noqa: E402  (after the skips)
from zarrlite.storage import MemoryStore  # noqa: E402

SHAPE, CHUNKS = (40, 30), (10, 10)
VALUES = np.arange(np.prod(SHAPE), dtype="f8").reshape(SHAPE)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A small cluster of worker *processes* (2 workers, 1 thread each), shared by the module."""
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def source(store: Any) -> zarr.Array:
    z = zarr.create_array(store=store, shape=SHAPE, chunks=CHUNKS, dtype="f8")
    z[...] = VALUES
    return z


@pytest.mark.parametrize("scheduler", ["threads", "processes", "synchronous"])
@pytest.mark.parametrize("kind", ["local", "memory"])
def test_from_array_with_local_schedulers(scheduler: str, kind: str, tmp_path: Path) -> None:
    z = source(str(tmp_path / "s.zarr") if kind == "local" else MemoryStore())
    x = da.from_array(z, chunks=z.chunks)
    assert x.chunks == ((10,) * 4, (10,) * 3)
    # One compute of three results: the processes scheduler starts its pool once per compute.
    total, part, gram = dask.compute(
        x.sum(), x[5:33:2, 7:], x.T @ x, scheduler=scheduler, num_workers=2
    )
    assert float(total) == float(VALUES.sum())
    np.testing.assert_array_equal(part, VALUES[5:33:2, 7:])
    np.testing.assert_array_equal(gram, VALUES.T @ VALUES)


def test_from_array_with_distributed(client: Any, tmp_path: Path) -> None:
    z = source(str(tmp_path / "d.zarr"))
    x = da.from_array(z, chunks=z.chunks)
    assert float(client.compute(x.sum()).result(timeout=60)) == float(VALUES.sum())
    np.testing.assert_array_equal(x[3:37, ::3].compute(), VALUES[3:37, ::3])
    # The workers really are other processes.
    pids = set(client.run(lambda: __import__("os").getpid()).values())
    assert len(pids) == 2 and __import__("os").getpid() not in pids


def test_store_from_distributed_lands_every_value(client: Any, tmp_path: Path) -> None:
    z = source(str(tmp_path / "in.zarr"))
    target = zarr.create_array(
        store=str(tmp_path / "out.zarr"), shape=SHAPE, chunks=CHUNKS, dtype="f8", fill_value=-1
    )
    x = da.from_array(z, chunks=(20, 10))  # each task writes two whole zarr chunks
    da.store(x * 2 + 1, target, lock=False, compute=True)
    np.testing.assert_array_equal(target[...], VALUES * 2 + 1)
    reopened = zarr.open_array(str(tmp_path / "out.zarr"), mode="r")
    np.testing.assert_array_equal(reopened[...], VALUES * 2 + 1)


def test_store_unaligned_chunks_with_threads_lands_every_value(tmp_path: Path) -> None:
    # dask chunks of 5x5 inside zarr chunks of 10x10: four threads may rewrite one chunk at once.
    # zarrlite's per-chunk lock orders their read-modify-writes, so no update is lost.
    target = zarr.create_array(
        store=str(tmp_path / "u.zarr"), shape=SHAPE, chunks=CHUNKS, dtype="f8", fill_value=-1
    )
    x = da.from_array(VALUES, chunks=(5, 5))
    for _ in range(3):
        da.store(x, target, lock=False, scheduler="threads")
        np.testing.assert_array_equal(target[...], VALUES)
        target[...] = -1
