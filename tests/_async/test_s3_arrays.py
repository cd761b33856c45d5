"""Arrays on a real S3 server (moto, on 127.0.0.1; see tests/conftest.py) through s3fs: v2, v3
and sharded round trips, URLs with storage_options, missing chunks versus errors, and one store
object used from the blocking API, asyncio and trio."""

from __future__ import annotations

import functools  # codegen: async-only
import socket
from typing import Any

import numpy as np
import pytest
from anyio import run as run_event_loop  # codegen: async-only
from anyio import to_thread  # codegen: async-only

from tests._async.test_store_conformance import collect
from zarrlite import config
from zarrlite._async.api import (
    consolidate_metadata,
    create_group,
    group,
    load,
    open,
    open_array,
    open_group,
    save,
    save_array,
)
from zarrlite._async.api_arrays import create, create_array, from_array
from zarrlite._async.store import (
    AsyncFsspecStore,
    AsyncLoggingStore,
    AsyncStorePath,
)
from zarrlite._sync.store import make_store_path as make_blocking_store_path  # codegen: async-only

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module", autouse=True)
async def one_event_loop() -> None:
    """An async module-scoped fixture: anyio then runs the module's tests in one event loop
    per backend, so each S3 client is made once rather than once per test."""


@pytest.mark.parametrize(
    "layout",
    [
        pytest.param({"zarr_format": 2}, id="v2"),
        pytest.param({"zarr_format": 3}, id="v3"),
        pytest.param({"zarr_format": 3, "shards": (4, 6)}, id="sharded"),
    ],
)
async def test_array_round_trip(
    s3_url: str, s3_storage_options: dict[str, Any], layout: dict[str, Any]
) -> None:
    data = np.arange(8 * 12, dtype="i4").reshape(8, 12)
    array = await create_array(
        s3_url,
        name="a",
        shape=data.shape,
        chunks=(2, 3),
        dtype=data.dtype,
        fill_value=-1,
        storage_options=s3_storage_options,
        **layout,
    )
    await array.setitem(slice(None), data)
    await array.setitem((slice(0, 1), slice(0, 2)), np.array([[100, 101]], dtype="i4"))
    data[0, 0:2] = [100, 101]
    again = await open_array(s3_url, path="a", mode="r", storage_options=s3_storage_options)
    assert again.metadata.zarr_format == layout["zarr_format"]
    np.testing.assert_array_equal(await again.getitem(slice(None)), data)
    np.testing.assert_array_equal(await again.getitem((slice(3, 7), 5)), data[3:7, 5])
    root = await open_group(s3_url, mode="r", storage_options=s3_storage_options)
    assert [name async for name in root.array_keys()] == ["a"]


async def test_sharded_partial_read_fetches_only_the_inner_chunks_it_needs(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    data = np.arange(16 * 16, dtype="f8").reshape(16, 16)
    s3 = AsyncFsspecStore.from_url(s3_url, storage_options=s3_storage_options)
    array = await create_array(
        s3, shape=data.shape, chunks=(2, 2), shards=(8, 8), dtype="f8", compressors=None
    )
    await array.setitem(slice(None), data)
    logging_store = AsyncLoggingStore(s3)
    reader = await open_array(AsyncStorePath(logging_store), mode="r")
    logging_store.reset()
    np.testing.assert_array_equal(await reader.getitem((slice(0, 2), slice(0, 2))), data[:2, :2])
    ranged = [r for r in logging_store.requests if r[2] is not None]
    assert ranged, "a partial read of a shard uses byte ranges"
    chunk_bytes = 2 * 2 * 8
    assert all((n or 0) <= 64 * 16 + 4 for _, _, _, n in ranged)  # an index or an inner chunk
    assert sum(n or 0 for _, _, _, n in ranged) < 8 * 8 * 8  # far less than the whole shard
    assert any(n == chunk_bytes for _, _, _, n in ranged)


async def test_open_array_by_url_with_storage_options(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    url = f"{s3_url}/a.zarr"
    created = await create_array(
        url, shape=(10,), chunks=(4,), dtype="u2", storage_options=s3_storage_options
    )
    await created.setitem(slice(None), np.arange(10, dtype="u2"))
    opened = await open_array(url, storage_options=s3_storage_options)
    np.testing.assert_array_equal(await opened.getitem(slice(None)), np.arange(10, dtype="u2"))
    assert isinstance(opened.store_path.store, AsyncFsspecStore)


async def test_storage_options_reach_every_entry_point(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    options = s3_storage_options
    data = np.arange(6, dtype="i2")
    await create_group(s3_url, storage_options=options, attributes={"kind": "root"})
    await group(s3_url, path="g", storage_options=options)
    await create(
        shape=(6,), chunks=(3,), dtype="i2", store=s3_url, path="g/c", storage_options=options
    )
    await save_array(s3_url, data, path="g/saved", storage_options=options)
    await save(s3_url, data, path="g/saved2", storage_options=options)
    source = await open_array(s3_url, path="g/saved", mode="r", storage_options=options)
    await from_array(s3_url, data=source, name="g/copied", storage_options=options)
    root = await open(s3_url, mode="r", storage_options=options)
    assert root.attrs["kind"] == "root"
    sub = await open_group(s3_url, path="g", mode="r", storage_options=options)
    assert sorted([name async for name in sub.array_keys()]) == ["c", "copied", "saved", "saved2"]
    copied = await open_array(s3_url, path="g/copied", mode="r", storage_options=options)
    np.testing.assert_array_equal(await copied.getitem(slice(None)), data)
    await consolidate_metadata(s3_url, storage_options=options)
    fast = await open_group(s3_url, mode="r", use_consolidated=True, storage_options=options)
    assert fast.metadata.consolidated_metadata is not None
    loaded = await load(s3_url, path="g", storage_options=options)
    np.testing.assert_array_equal(await loaded["saved"], data)


async def test_missing_chunks_read_as_fill_value_or_fail_when_configured(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    from zarrlite.errors import ChunkNotFoundError

    array = await create_array(
        s3_url,
        shape=(6,),
        chunks=(3,),
        dtype="i2",
        fill_value=7,
        storage_options=s3_storage_options,
    )
    np.testing.assert_array_equal(await array.getitem(slice(None)), np.full(6, 7, dtype="i2"))
    with config.set({"array.read_missing_chunks": False}):
        strict = await open_array(s3_url, mode="r", storage_options=s3_storage_options)
        with pytest.raises(ChunkNotFoundError):
            await strict.getitem(slice(None))


async def test_network_errors_propagate(s3_url: str, s3_storage_options: dict[str, Any]) -> None:
    with socket.socket() as probe:  # a port nothing listens on: connections are refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    options = {
        **s3_storage_options,
        "endpoint_url": closed,
        "config_kwargs": {"retries": {"max_attempts": 1}, "connect_timeout": 1},
    }
    store = AsyncFsspecStore.from_url(s3_url, storage_options=options)
    with pytest.raises(Exception, match=r"127\.0\.0\.1") as raised:  # only a missing key is None
        await store.get("zarr.json")
    assert not isinstance(raised.value, FileNotFoundError)


async def test_one_store_object_serves_every_loop_and_the_blocking_api(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    store = AsyncFsspecStore.from_url(s3_url, storage_options=s3_storage_options)
    await store.set("here", b"0")

    # codegen: async-only-start
    async def write(key: str) -> None:
        await store.set(key, await store.get("here") or b"")

    for backend in ("asyncio", "trio"):  # a new event loop of each kind, in another thread
        await to_thread.run_sync(functools.partial(run_event_loop, write, backend, backend=backend))
    blocking: Any = make_blocking_store_path(store).store  # the blocking twin: same recipe
    assert type(blocking).__name__ == "FsspecStore"
    assert sorted(blocking.list()) == ["asyncio", "here", "trio"]
    # codegen: async-only-end
    assert await store.get("here") == b"0"
    assert await collect(store.list()) in (["here"], ["asyncio", "here", "trio"])
