"""Sharded arrays across implementations: zarrlite writes, zarr-python 3.4 and tensorstore read
identically, and the reverse (index at start and end, nested sharding, partly empty shards).
Shards zarrlite writes are byte-identical to zarr-python's, whole or partly rewritten."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite
from zarrlite.codecs import ShardingCodec

zarr = pytest.importorskip("zarr", minversion="3.4")
ts = pytest.importorskip("tensorstore")

SHAPE = (20, 18)
CHUNKS = (4, 3)
SHARDS = (8, 6)
LE = {"name": "bytes", "configuration": {"endian": "little"}}
ZSTD = {"name": "zstd", "configuration": {"level": 3, "checksum": False}}

# name -> (shards argument, inner codecs of the outermost shard, i.e. what tensorstore needs)
CASES: dict[str, dict[str, Any]] = {
    "end": {"location": "end", "nested": False},
    "start": {"location": "start", "nested": False},
    "nested": {"location": "end", "nested": True},
    "nested-start": {"location": "start", "nested": True},
}


def _zarrlite_args(case: dict[str, Any]) -> dict[str, Any]:
    args: dict[str, Any] = {
        "shards": {"shape": SHARDS, "index_location": case["location"]},
        "compressors": [ZSTD],
    }
    if case["nested"]:
        args["serializer"] = ShardingCodec(chunk_shape=(2, 1), codecs=[LE])
        args["compressors"] = None
    return args


def _zarr_args(case: dict[str, Any]) -> dict[str, Any]:
    from zarr.codecs import BytesCodec, ZstdCodec
    from zarr.codecs import ShardingCodec as ZShardingCodec

    args: dict[str, Any] = {
        "shards": {"shape": SHARDS, "index_location": case["location"]},
        "compressors": [ZstdCodec(level=3, checksum=False)],
    }
    if case["nested"]:
        args["serializer"] = ZShardingCodec(chunk_shape=(2, 1), codecs=[BytesCodec()])
        args["compressors"] = None
    return args


def _ts_codecs(case: dict[str, Any]) -> list[dict[str, Any]]:
    inner: list[dict[str, Any]] = [LE, ZSTD]
    if case["nested"]:
        inner = [
            {
                "name": "sharding_indexed",
                "configuration": {"chunk_shape": [2, 1], "codecs": [LE]},
            }
        ]
    return [
        {
            "name": "sharding_indexed",
            "configuration": {
                "chunk_shape": list(CHUNKS),
                "codecs": inner,
                "index_location": case["location"],
            },
        }
    ]


def _fill(write: Any, expected: np.ndarray[Any, Any]) -> None:
    """Partly empty: one shard whole, parts of others, several shards never written."""
    rng = np.random.default_rng(1)
    for region in [
        (slice(0, 8), slice(0, 6)),  # one whole shard
        (slice(9, 11), slice(2, 13)),  # parts of three shards
        (slice(16, 20), slice(15, 18)),  # an edge inner chunk
    ]:
        value = rng.integers(-1000, 1000, size=expected[region].shape, dtype="int32")
        expected[region] = value
        write(region, value)


def _selections() -> list[Any]:
    return [
        Ellipsis,
        (slice(3, 17), slice(2, 14)),
        (10, slice(None)),
        (slice(16, 20), slice(15, 18)),
    ]


@pytest.mark.parametrize("name", list(CASES))
def test_zarrlite_writes_zarr_python_and_tensorstore_read(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    arr = zarrlite.create_array(
        str(tmp_path),
        shape=SHAPE,
        chunks=CHUNKS,
        dtype="int32",
        fill_value=-7,
        **_zarrlite_args(case),
    )
    expected = np.full(SHAPE, -7, dtype="int32")
    _fill(arr.__setitem__, expected)
    theirs = zarr.open_array(str(tmp_path), mode="r")
    assert theirs.shards == SHARDS and theirs.chunks == CHUNKS
    for selection in _selections():
        np.testing.assert_array_equal(theirs[selection], expected[selection])
    store = ts.open(
        {"driver": "zarr3", "kvstore": {"driver": "file", "path": str(tmp_path)}}
    ).result()
    np.testing.assert_array_equal(store.read().result(), expected)
    np.testing.assert_array_equal(store[3:17, 2:14].read().result(), expected[3:17, 2:14])


@pytest.mark.parametrize("name", list(CASES))
def test_zarr_python_writes_zarrlite_reads(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    theirs = zarr.create_array(
        str(tmp_path), shape=SHAPE, chunks=CHUNKS, dtype="int32", fill_value=-7, **_zarr_args(case)
    )
    expected = np.full(SHAPE, -7, dtype="int32")
    _fill(theirs.__setitem__, expected)
    ours = zarrlite.open_array(str(tmp_path), mode="r")
    assert ours.shards == SHARDS and ours.chunks == CHUNKS
    for selection in _selections():
        np.testing.assert_array_equal(ours[selection], expected[selection])
    np.testing.assert_array_equal(
        ours.vindex[[0, 9, 19], [0, 12, 17]], expected[[0, 9, 19], [0, 12, 17]]
    )


@pytest.mark.parametrize("name", list(CASES))
def test_tensorstore_writes_zarrlite_reads(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    spec = {
        "driver": "zarr3",
        "kvstore": {"driver": "file", "path": str(tmp_path)},
        "metadata": {
            "shape": list(SHAPE),
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(SHARDS)}},
            "data_type": "int32",
            "fill_value": -7,
            "codecs": _ts_codecs(case),
        },
        "create": True,
    }
    store = ts.open(spec).result()
    expected = np.full(SHAPE, -7, dtype="int32")

    def write(region: Any, value: np.ndarray[Any, Any]) -> None:
        store[region].write(value).result()

    _fill(write, expected)
    ours = zarrlite.open_array(str(tmp_path), mode="r")
    assert ours.shards == SHARDS and ours.chunks == CHUNKS
    for selection in _selections():
        np.testing.assert_array_equal(ours[selection], expected[selection])


@pytest.mark.parametrize("name", ["end", "start", "nested"])
def test_shards_are_byte_identical_to_zarr_python(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    ours = zarrlite.create_array(
        str(tmp_path / "ours"),
        shape=SHAPE,
        chunks=CHUNKS,
        dtype="int32",
        fill_value=0,
        **_zarrlite_args(case),
    )
    theirs = zarr.create_array(
        str(tmp_path / "theirs"),
        shape=SHAPE,
        chunks=CHUNKS,
        dtype="int32",
        fill_value=0,
        **_zarr_args(case),
    )
    data = (np.arange(np.prod(SHAPE)).reshape(SHAPE) % 251).astype("int32")
    data[0:4, 0:3] = 0  # an empty inner chunk, left out by both
    for arr in (ours, theirs):
        arr[...] = data
        arr[9:11, 2:13] = -5  # a partial rewrite of three shards
    files = sorted(
        p.relative_to(tmp_path / "ours") for p in (tmp_path / "ours").rglob("c/**/*") if p.is_file()
    )
    assert len(files) == 9
    for path in files:
        assert (tmp_path / "ours" / path).read_bytes() == (
            tmp_path / "theirs" / path
        ).read_bytes(), path
