"""Random array layouts across zarrlite and tensorstore, both ways: shapes, chunk and shard
shapes (partial edge chunks and shards), index location, dtypes, endianness, compressors,
checksums, transposes, key separators and v2 orders. What one writes (partly: some chunks stay
unwritten and read as the fill value) the other reads back exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zarrlite

ts = pytest.importorskip("tensorstore")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")

_DTYPES = ["uint8", "int16", "int32", "float32", "float64", "complex64", "bool"]


@st.composite
def layouts(draw: st.DrawFn) -> dict[str, Any]:
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.integers(1, 9)) for _ in range(ndim))
    chunks = tuple(draw(st.integers(1, 4)) for _ in range(ndim))
    zarr_format = draw(st.sampled_from([2, 3]))
    layout: dict[str, Any] = {
        "shape": shape,
        "chunks": chunks,
        "dtype": draw(st.sampled_from(_DTYPES)),
        "zarr_format": zarr_format,
        "compressor": draw(st.sampled_from([None, "zstd", "blosc", "gzip"])),
        "separator": draw(st.sampled_from(["/", "."])),
        "fill": draw(st.sampled_from([0, 1])),
        "written": draw(st.integers(0, 2)),  # which region is written (see _region)
    }
    if zarr_format == 2:
        # tensorstore writes "C" for a one-dimensional "F" array, then refuses its own spec.
        layout["order"] = draw(st.sampled_from(["C", "F"])) if ndim > 1 else "C"
    else:
        layout["endian"] = draw(st.sampled_from(["little", "big"]))
        layout["crc32c"] = draw(st.booleans())
        layout["transpose"] = draw(st.booleans())
        if draw(st.booleans()):
            layout["shards"] = tuple(c * draw(st.integers(1, 3)) for c in chunks)
            layout["index_location"] = draw(st.sampled_from(["start", "end"]))
    return layout


def _region(layout: dict[str, Any]) -> tuple[slice, ...]:
    shape = layout["shape"]
    if layout["written"] == 0:
        return tuple(slice(None) for _ in shape)
    if layout["written"] == 1:
        return tuple(slice(0, max(1, n // 2)) for n in shape)
    return tuple(slice(n // 3, n) for n in shape)


def _values(layout: dict[str, Any]) -> np.ndarray[Any, Any]:
    shape = layout["shape"]
    count = int(np.prod(shape))
    raw = (np.arange(count) * 7 + 3) % 251
    dtype = np.dtype(layout["dtype"])
    if dtype == np.bool_:
        return (raw % 3 == 0).reshape(shape)
    values = raw.astype(dtype).reshape(shape)
    if dtype.kind == "c":
        values = values + 1j * values[::-1] if values.ndim == 1 else values + 2j
    return values


def _v3_codecs(layout: dict[str, Any]) -> list[dict[str, Any]]:
    inner: list[dict[str, Any]] = []
    if layout["transpose"]:
        order = list(range(len(layout["shape"])))[::-1]
        inner.append({"name": "transpose", "configuration": {"order": order}})
    inner.append({"name": "bytes", "configuration": {"endian": layout["endian"]}})
    compressor = {
        None: None,
        "zstd": {"name": "zstd", "configuration": {"level": 1, "checksum": False}},
        "gzip": {"name": "gzip", "configuration": {"level": 1}},
        "blosc": {
            "name": "blosc",
            "configuration": {
                "cname": "lz4", "clevel": 3, "shuffle": "shuffle", "typesize": 4, "blocksize": 0
            },
        },
    }[layout["compressor"]]
    if compressor is not None:
        inner.append(compressor)
    if layout["crc32c"]:
        inner.append({"name": "crc32c"})
    if "shards" not in layout:
        return inner
    index = [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}]
    return [
        {
            "name": "sharding_indexed",
            "configuration": {
                "chunk_shape": list(layout["chunks"]),
                "codecs": inner,
                "index_codecs": index,
                "index_location": layout["index_location"],
            },
        }
    ]


def _v2_compressor(layout: dict[str, Any]) -> dict[str, Any] | None:
    return {
        None: None,
        "zstd": {"id": "zstd", "level": 1},
        "gzip": {"id": "gzip", "level": 1},
        "blosc": {"id": "blosc", "cname": "lz4", "clevel": 3, "shuffle": 1, "blocksize": 0},
    }[layout["compressor"]]


def _fill(layout: dict[str, Any]) -> Any:
    dtype = np.dtype(layout["dtype"])
    if dtype == np.bool_:
        return bool(layout["fill"])
    if dtype.kind == "c":
        return [float(layout["fill"]), 0.0]
    return layout["fill"]


def _ts_spec(layout: dict[str, Any], path: Path) -> dict[str, Any]:
    kvstore = {"driver": "file", "path": str(path) + "/"}
    if layout["zarr_format"] == 2:
        dtype = np.dtype(layout["dtype"]).str
        metadata: dict[str, Any] = {
            "shape": list(layout["shape"]),
            "chunks": list(layout["chunks"]),
            "dtype": dtype,
            "order": layout["order"],
            "compressor": _v2_compressor(layout),
            "filters": None,
            "dimension_separator": layout["separator"],
            "fill_value": _fill(layout),
        }
        return {"driver": "zarr", "kvstore": kvstore, "metadata": metadata}
    grid = layout.get("shards", layout["chunks"])
    metadata = {
        "shape": list(layout["shape"]),
        "data_type": layout["dtype"],
        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(grid)}},
        "chunk_key_encoding": {"name": "default", "configuration": {"separator": layout["separator"]}},
        "codecs": _v3_codecs(layout),
        "fill_value": _fill(layout),
    }
    return {"driver": "zarr3", "kvstore": kvstore, "metadata": metadata}


def _zarrlite_create(layout: dict[str, Any], path: Path) -> Any:
    kwargs: dict[str, Any] = {
        "shape": layout["shape"],
        "dtype": layout["dtype"],
        "zarr_format": layout["zarr_format"],
        "fill_value": np.dtype(layout["dtype"]).type(layout["fill"]),
        "filters": None,
    }
    if layout["zarr_format"] == 2:
        import numcodecs

        config = _v2_compressor(layout)
        kwargs["chunks"] = layout["chunks"]
        kwargs["compressors"] = None if config is None else numcodecs.get_codec(config)
        kwargs["order"] = layout["order"]
        kwargs["chunk_key_encoding"] = {"name": "v2", "separator": layout["separator"]}
        return zarrlite.create_array(str(path), **kwargs)
    codecs = _v3_codecs(layout)
    if "shards" in layout:
        kwargs["chunks"] = layout["shards"]
        kwargs["serializer"] = codecs[0]
        kwargs["compressors"] = None
    else:
        kwargs["chunks"] = layout["chunks"]
        kwargs["filters"] = codecs[:1] if layout["transpose"] else None
        kwargs["serializer"] = codecs[1 if layout["transpose"] else 0]
        kwargs["compressors"] = codecs[2 if layout["transpose"] else 1 :]
    kwargs["chunk_key_encoding"] = {"name": "default", "separator": layout["separator"]}
    return zarrlite.create_array(str(path), **kwargs)


def _expected(layout: dict[str, Any]) -> np.ndarray[Any, Any]:
    values = _values(layout)
    expected = np.full(layout["shape"], _fill_scalar(layout), dtype=layout["dtype"])
    region = _region(layout)
    expected[region] = values[region]
    return expected


def _fill_scalar(layout: dict[str, Any]) -> Any:
    return np.dtype(layout["dtype"]).type(layout["fill"])


_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@_SETTINGS
@given(layout=layouts())
def test_zarrlite_writes_tensorstore_reads(tmp_path_factory: Any, layout: dict[str, Any]) -> None:
    path = tmp_path_factory.mktemp("ours")
    array = _zarrlite_create(layout, path)
    region = _region(layout)
    array[region] = _values(layout)[region]
    read = ts.open({**_ts_spec(layout, path), "open": True}).result().read().result()
    np.testing.assert_array_equal(read, _expected(layout))


@_SETTINGS
@given(layout=layouts())
def test_tensorstore_writes_zarrlite_reads(tmp_path_factory: Any, layout: dict[str, Any]) -> None:
    path = tmp_path_factory.mktemp("theirs")
    store = ts.open({**_ts_spec(layout, path), "create": True}).result()
    region = _region(layout)
    store[region].write(_values(layout)[region]).result()
    read = zarrlite.open_array(str(path), mode="r")[...]
    assert read.dtype == np.dtype(layout["dtype"])
    np.testing.assert_array_equal(read, _expected(layout))
