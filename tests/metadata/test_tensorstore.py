"""Metadata written by tensorstore is read, and metadata we write is opened by tensorstore."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numcodecs
import numpy as np
import pytest

from zarrlite.metadata import (
    ArrayV2Metadata,
    ArrayV3Metadata,
    fill_value_to_json,
    parse_node_documents,
)

ts = pytest.importorskip("tensorstore")

DTYPES = ["bool", "int8", "uint16", "int32", "int64", "uint64", "float16", "float32", "float64",
          "complex64", "complex128"]  # fmt: skip
DRIVERS = {2: ("zarr", ".zarray"), 3: ("zarr3", "zarr.json")}


def _ts_create(path: Path, fmt: int, dtype: str, fill: Any) -> dict[str, bytes]:
    driver, name = DRIVERS[fmt]
    metadata: dict[str, Any] = {"shape": [4, 5]}
    if fmt == 3:
        metadata["data_type"] = dtype
    elif fill is not None:
        metadata["dtype"] = np.dtype(dtype).str
    if fill is not None:
        metadata["fill_value"] = fill
    spec = {"driver": driver, "kvstore": {"driver": "file", "path": str(path)}}
    ts.open({**spec, "metadata": metadata, "dtype": dtype, "create": True}).result()
    return {name: (path / name).read_bytes()}


@pytest.mark.parametrize("fmt", [2, 3])
@pytest.mark.parametrize("dtype", DTYPES)
def test_read_tensorstore_metadata(tmp_path: Path, fmt: int, dtype: str) -> None:
    fills: list[Any] = [None]
    if dtype.startswith("float"):
        fills += ["NaN", "-Infinity", 1.5]
    if dtype.startswith("complex"):
        fills += [["NaN", 2.0]]
    for i, fill in enumerate(fills):
        documents = _ts_create(tmp_path / str(i), fmt, dtype, fill)
        metadata = parse_node_documents(documents, fmt)  # type: ignore[arg-type]
        assert isinstance(metadata, ArrayV3Metadata | ArrayV2Metadata)
        assert metadata.dtype == np.dtype(dtype)
        assert metadata.shape == (4, 5)
        stored = json.loads(next(iter(documents.values())))["fill_value"]
        assert fill_value_to_json(metadata.fill_value, metadata.dtype, fmt) == stored  # type: ignore[arg-type]


def _ts_open(path: Path, fmt: int) -> Any:
    driver, _ = DRIVERS[fmt]
    return ts.open({"driver": driver, "kvstore": {"driver": "file", "path": str(path)}}).result()


@pytest.mark.parametrize("dtype", DTYPES)
def test_tensorstore_reads_our_metadata(tmp_path: Path, dtype: str) -> None:
    fill = math.nan if dtype.startswith(("float", "complex")) else 1
    v3 = ArrayV3Metadata(
        shape=(6, 7),
        data_type=dtype,
        chunk_grid=(3, 3),
        fill_value=fill,
        codecs=[
            {"name": "bytes"}
            if dtype in ("bool", "int8")
            else {"name": "bytes", "configuration": {"endian": "little"}},
            {"name": "zstd", "configuration": {"level": 0, "checksum": False}},
        ],
        dimension_names=("y", None),
        attributes={"a": 1},
    )
    v2 = ArrayV2Metadata(
        shape=(6, 7),
        dtype=dtype,
        chunks=(3, 3),
        fill_value=fill,
        compressor=numcodecs.Zstd(level=0),
        dimension_separator="/",
    )
    for fmt, metadata in ((3, v3), (2, v2)):
        path = tmp_path / str(fmt)
        path.mkdir()
        for name, data in metadata.to_documents().items():
            (path / name).write_bytes(data)
        store = _ts_open(path, fmt)
        assert tuple(store.shape) == (6, 7)
        assert np.dtype(store.dtype.numpy_dtype) == np.dtype(dtype)
        value = store.fill_value
        expected = np.array(fill, dtype=dtype)
        assert np.array_equal(np.asarray(value), expected, equal_nan=dtype[0] in "fc")
