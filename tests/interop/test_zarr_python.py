"""zarrlite <-> zarr-python 3.4: each writes, the other reads, values and metadata agree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite

zarr = pytest.importorskip("zarr", minversion="3.4")

V3_CODECS: dict[str, dict[str, Any]] = {
    "default": {},
    "no-compression": {"compressors": None},
    "gzip": {"compressors": [{"name": "gzip", "configuration": {"level": 3}}]},
    "zstd-checksum": {"compressors": [{"name": "zstd", "configuration": {"level": 3, "checksum": True}}]},
    "blosc-lz4": {
        "compressors": [
            {"name": "blosc", "configuration": {"cname": "lz4", "clevel": 5, "shuffle": "shuffle", "typesize": 4, "blocksize": 0}}
        ]
    },
    "crc32c": {"compressors": [{"name": "crc32c"}]},
    "big-endian": {"serializer": {"name": "bytes", "configuration": {"endian": "big"}}},
    "transpose": {"filters": [{"name": "transpose", "configuration": {"order": [1, 0]}}]},
    "sharded": {"shards": (8, 6)},
}

V2_CODECS: dict[str, dict[str, Any]] = {
    "default": {},
    "none": {"compressors": None},
    "zlib": {"compressors": {"id": "zlib", "level": 1}},
    "blosc": {"compressors": {"id": "blosc", "cname": "zstd", "clevel": 3, "shuffle": 1}},
    "delta-filter": {"filters": [{"id": "delta", "dtype": "<i4"}]},
}


def _data(shape: tuple[int, ...] = (13, 11)) -> np.ndarray[Any, Any]:
    return (np.arange(np.prod(shape)).reshape(shape) * 3 - 50).astype("int32")


def _zarr_codec_args(args: dict[str, Any], zarr_format: int) -> dict[str, Any]:
    """The same codec arguments, as zarr-python wants them (numcodecs objects for v2)."""
    import numcodecs

    if zarr_format == 3:
        return args
    converted = dict(args)
    if isinstance(args.get("compressors"), dict):
        converted["compressors"] = numcodecs.get_codec(args["compressors"])
    if "filters" in args:
        converted["filters"] = [numcodecs.get_codec(f) for f in args["filters"]]
    return converted


@pytest.mark.parametrize(
    ("zarr_format", "case"),
    [(3, name) for name in V3_CODECS] + [(2, name) for name in V2_CODECS],
)
def test_zarrlite_writes_zarr_python_reads(tmp_path: Path, zarr_format: int, case: str) -> None:
    args = (V3_CODECS if zarr_format == 3 else V2_CODECS)[case]
    data = _data()
    arr = zarrlite.create_array(
        tmp_path / "a.zarr", shape=data.shape, chunks=(4, 3), dtype="int32",
        zarr_format=zarr_format, fill_value=-7, attributes={"case": case}, **args,
    )
    arr[:, :9] = data[:, :9]  # columns 9.. stay missing (fill value), edge chunks partly written
    expected = data.copy()
    expected[:, 9:] = -7
    theirs = zarr.open_array(str(tmp_path / "a.zarr"), mode="r")
    np.testing.assert_array_equal(theirs[...], expected)
    assert theirs.attrs["case"] == case
    assert theirs.metadata.zarr_format == zarr_format


@pytest.mark.parametrize(
    ("zarr_format", "case"),
    [(3, name) for name in V3_CODECS] + [(2, name) for name in V2_CODECS],
)
def test_zarr_python_writes_zarrlite_reads(tmp_path: Path, zarr_format: int, case: str) -> None:
    args = _zarr_codec_args((V3_CODECS if zarr_format == 3 else V2_CODECS)[case], zarr_format)
    data = _data()
    theirs = zarr.create_array(
        str(tmp_path / "b.zarr"), shape=data.shape, chunks=(4, 3), dtype="int32",
        zarr_format=zarr_format, fill_value=-7, attributes={"case": case}, **args,
    )
    theirs[:, :9] = data[:, :9]
    expected = data.copy()
    expected[:, 9:] = -7
    ours = zarrlite.open_array(tmp_path / "b.zarr", mode="r")
    np.testing.assert_array_equal(ours[...], expected)
    assert ours.attrs["case"] == case
    np.testing.assert_array_equal(ours[2:11:3, 1], expected[2:11:3, 1])


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize(
    "dtype", ["bool", "int8", "uint16", "int64", "uint64", "float16", "float32", "float64", "complex64", "complex128"]
)
def test_dtypes_both_ways(tmp_path: Path, zarr_format: int, dtype: str) -> None:
    rng = np.random.default_rng(1)
    data = (rng.random((7, 5)) * 100).astype(dtype)
    ours = zarrlite.create_array(tmp_path / "ours", shape=data.shape, chunks=(3, 2), dtype=dtype, zarr_format=zarr_format)
    ours[...] = data
    np.testing.assert_array_equal(zarr.open_array(str(tmp_path / "ours"), mode="r")[...], data)
    theirs = zarr.create_array(str(tmp_path / "theirs"), shape=data.shape, chunks=(3, 2), dtype=dtype, zarr_format=zarr_format)
    theirs[...] = data
    np.testing.assert_array_equal(zarrlite.open_array(tmp_path / "theirs")[...], data)


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_nan_fill_value_and_missing_chunks(tmp_path: Path, zarr_format: int) -> None:
    ours = zarrlite.create_array(
        tmp_path / "nan", shape=(10,), chunks=(3,), dtype="float64", fill_value=np.nan, zarr_format=zarr_format
    )
    ours[4] = 1.0
    theirs = zarr.open_array(str(tmp_path / "nan"), mode="r")
    assert np.isnan(theirs.fill_value)
    result = theirs[...]
    assert result[4] == 1.0 and np.isnan(np.delete(result, 4)).all()
    zarr.create_array(str(tmp_path / "nan2"), shape=(5,), chunks=(2,), dtype="f4", fill_value=np.nan, zarr_format=zarr_format)
    assert np.isnan(zarrlite.open_array(tmp_path / "nan2")[...]).all()


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_metadata_documents_identical(tmp_path: Path, zarr_format: int) -> None:
    """The metadata zarrlite writes parses back to the same document in zarr-python."""
    import json

    zarrlite.create_array(tmp_path / "m", shape=(100, 50), chunks=(10, 10), dtype="<f4", zarr_format=zarr_format)
    zarr.create_array(str(tmp_path / "n"), shape=(100, 50), chunks=(10, 10), dtype="<f4", zarr_format=zarr_format)
    name = "zarr.json" if zarr_format == 3 else ".zarray"
    ours = json.loads((tmp_path / "m" / name).read_text())
    theirs = json.loads((tmp_path / "n" / name).read_text())
    assert ours == theirs


def test_groups_both_ways(tmp_path: Path) -> None:
    root = zarrlite.open_group(tmp_path / "g", mode="w", attributes={"title": "t"})
    root.create_group("sub").create_array("x", shape=(3,), dtype="u1")[...] = [1, 2, 3]
    theirs = zarr.open_group(str(tmp_path / "g"), mode="r")
    assert theirs.attrs["title"] == "t"
    np.testing.assert_array_equal(theirs["sub/x"][...], [1, 2, 3])
    zg = zarr.open_group(str(tmp_path / "h"), mode="w")
    zg.create_group("a").create_array("b", shape=(2,), dtype="i8")[...] = [5, 6]
    ours = zarrlite.open_group(tmp_path / "h", mode="r")
    assert sorted(ours.group_keys()) == ["a"]
    np.testing.assert_array_equal(ours["a/b"][...], [5, 6])
