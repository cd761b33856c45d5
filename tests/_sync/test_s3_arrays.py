# Generated from tests/_async/test_s3_arrays.py by codegen. Do not edit.

"""Arrays on a real S3 server (moto, on 127.0.0.1; see tests/conftest.py) through s3fs: v2, v3
and sharded round trips, URLs with storage_options, missing chunks versus errors, and one store
object used from the blocking API, asyncio and trio."""

from __future__ import annotations

import socket
from typing import Any

import numpy as np
import pytest

from tests._sync.test_store_conformance import collect
from zarrlite import config
from zarrlite._sync.api import (
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
from zarrlite._sync.api_arrays import create, create_array, from_array
from zarrlite._sync.store import (
    FsspecStore,
    LoggingStore,
    StorePath,
)


@pytest.fixture(scope="module", autouse=True)
def one_event_loop() -> None:
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
def test_array_round_trip(
    s3_url: str, s3_storage_options: dict[str, Any], layout: dict[str, Any]
) -> None:
    data = np.arange(8 * 12, dtype="i4").reshape(8, 12)
    array = create_array(
        s3_url,
        name="a",
        shape=data.shape,
        chunks=(2, 3),
        dtype=data.dtype,
        fill_value=-1,
        storage_options=s3_storage_options,
        **layout,
    )
    array.setitem(slice(None), data)
    array.setitem((slice(0, 1), slice(0, 2)), np.array([[100, 101]], dtype="i4"))
    data[0, 0:2] = [100, 101]
    again = open_array(s3_url, path="a", mode="r", storage_options=s3_storage_options)
    assert again.metadata.zarr_format == layout["zarr_format"]
    np.testing.assert_array_equal(again.getitem(slice(None)), data)
    np.testing.assert_array_equal(again.getitem((slice(3, 7), 5)), data[3:7, 5])
    root = open_group(s3_url, mode="r", storage_options=s3_storage_options)
    assert [name for name in root.array_keys()] == ["a"]


def test_sharded_partial_read_fetches_only_the_inner_chunks_it_needs(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    data = np.arange(16 * 16, dtype="f8").reshape(16, 16)
    s3 = FsspecStore.from_url(s3_url, storage_options=s3_storage_options)
    array = create_array(
        s3, shape=data.shape, chunks=(2, 2), shards=(8, 8), dtype="f8", compressors=None
    )
    array.setitem(slice(None), data)
    logging_store = LoggingStore(s3)
    reader = open_array(StorePath(logging_store), mode="r")
    logging_store.reset()
    np.testing.assert_array_equal(reader.getitem((slice(0, 2), slice(0, 2))), data[:2, :2])
    ranged = [r for r in logging_store.requests if r[2] is not None]
    assert ranged, "a partial read of a shard uses byte ranges"
    chunk_bytes = 2 * 2 * 8
    assert all((n or 0) <= 64 * 16 + 4 for _, _, _, n in ranged)  # an index or an inner chunk
    assert sum(n or 0 for _, _, _, n in ranged) < 8 * 8 * 8  # far less than the whole shard
    assert any(n == chunk_bytes for _, _, _, n in ranged)


def test_open_array_by_url_with_storage_options(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    url = f"{s3_url}/a.zarr"
    created = create_array(
        url, shape=(10,), chunks=(4,), dtype="u2", storage_options=s3_storage_options
    )
    created.setitem(slice(None), np.arange(10, dtype="u2"))
    opened = open_array(url, storage_options=s3_storage_options)
    np.testing.assert_array_equal(opened.getitem(slice(None)), np.arange(10, dtype="u2"))
    assert isinstance(opened.store_path.store, FsspecStore)


def test_storage_options_reach_every_entry_point(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    options = s3_storage_options
    data = np.arange(6, dtype="i2")
    create_group(s3_url, storage_options=options, attributes={"kind": "root"})
    group(s3_url, path="g", storage_options=options)
    create(shape=(6,), chunks=(3,), dtype="i2", store=s3_url, path="g/c", storage_options=options)
    save_array(s3_url, data, path="g/saved", storage_options=options)
    save(s3_url, data, path="g/saved2", storage_options=options)
    source = open_array(s3_url, path="g/saved", mode="r", storage_options=options)
    from_array(s3_url, data=source, name="g/copied", storage_options=options)
    root = open(s3_url, mode="r", storage_options=options)
    assert root.attrs["kind"] == "root"
    sub = open_group(s3_url, path="g", mode="r", storage_options=options)
    assert sorted([name for name in sub.array_keys()]) == ["c", "copied", "saved", "saved2"]
    copied = open_array(s3_url, path="g/copied", mode="r", storage_options=options)
    np.testing.assert_array_equal(copied.getitem(slice(None)), data)
    consolidate_metadata(s3_url, storage_options=options)
    fast = open_group(s3_url, mode="r", use_consolidated=True, storage_options=options)
    assert fast.metadata.consolidated_metadata is not None
    loaded = load(s3_url, path="g", storage_options=options)
    np.testing.assert_array_equal(loaded["saved"], data)


def test_missing_chunks_read_as_fill_value_or_fail_when_configured(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    from zarrlite.errors import ChunkNotFoundError

    array = create_array(
        s3_url,
        shape=(6,),
        chunks=(3,),
        dtype="i2",
        fill_value=7,
        storage_options=s3_storage_options,
    )
    np.testing.assert_array_equal(array.getitem(slice(None)), np.full(6, 7, dtype="i2"))
    with config.set({"array.read_missing_chunks": False}):
        strict = open_array(s3_url, mode="r", storage_options=s3_storage_options)
        with pytest.raises(ChunkNotFoundError):
            strict.getitem(slice(None))


def test_network_errors_propagate(s3_url: str, s3_storage_options: dict[str, Any]) -> None:
    with socket.socket() as probe:  # a port nothing listens on: connections are refused
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    options = {
        **s3_storage_options,
        "endpoint_url": closed,
        "config_kwargs": {"retries": {"max_attempts": 1}, "connect_timeout": 1},
    }
    store = FsspecStore.from_url(s3_url, storage_options=options)
    with pytest.raises(Exception, match=r"127\.0\.0\.1") as raised:  # only a missing key is None
        store.get("zarr.json")
    assert not isinstance(raised.value, FileNotFoundError)


def test_one_store_object_serves_every_loop_and_the_blocking_api(
    s3_url: str, s3_storage_options: dict[str, Any]
) -> None:
    store = FsspecStore.from_url(s3_url, storage_options=s3_storage_options)
    store.set("here", b"0")

    assert store.get("here") == b"0"
    assert collect(store.list()) in (["here"], ["asyncio", "here", "trio"])
