"""zarrlite <-> zarr-python 3.4 for every data type, and for consolidated metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite

zarr = pytest.importorskip("zarr", minversion="3.4")

pytestmark = pytest.mark.filterwarnings(
    # zarr-python warns that some of these types have no final v3 spec; that is its business.
    "ignore::UserWarning",
    "ignore::FutureWarning",
)


def _values(dtype: str) -> np.ndarray[Any, Any]:
    if dtype.startswith(("M8", "m8")):
        values = np.array([0, 1, 2, 1000, -5, 7], dtype="i8").view(dtype)
        values[4] = np.array("NaT").astype(dtype)
        return values
    if dtype == "str":
        return np.array(["", "a", "héllo", "x" * 40, "日本", "z"], dtype=object)
    if dtype == "StringDType":
        return np.array(["", "a", "héllo", "x" * 40, "日本", "z"], dtype=np.dtypes.StringDType())
    if dtype == "bytes":
        return np.array([b"", b"a", b"\x00\xff", b"x" * 40, b"q", b"z"], dtype=object)
    if dtype.startswith("S"):
        return np.array([b"", b"a", b"\x00b", b"abc", b"q", b"z"], dtype=dtype)
    if dtype.startswith("U"):
        return np.array(["", "a", "é", "abc", "日本", "z"], dtype=dtype)
    if dtype == "structured":
        return np.array(
            [(i, i * 0.5, b"ab") for i in range(6)], dtype=[("a", "<i4"), ("b", "<f8"), ("c", "S2")]
        )
    return np.arange(6).astype(dtype)


DTYPES_V3 = ["M8[s]", "M8[ns]", "m8[ms]", "m8[D]", "str", "StringDType", "bytes", "S3", "U3"]
DTYPES_V2 = [*DTYPES_V3, "structured"]


def _zarr_dtype(values: np.ndarray[Any, Any], name: str) -> Any:
    if name == "str":
        return str
    if name == "bytes":
        from zarr.core.dtype import VariableLengthBytes

        return VariableLengthBytes()
    return values.dtype


def _ours_dtype(values: np.ndarray[Any, Any], name: str) -> Any:
    return {"str": str, "bytes": bytes}.get(name, values.dtype)


def _assert_same(actual: np.ndarray[Any, Any], expected: np.ndarray[Any, Any]) -> None:
    assert actual.shape == expected.shape
    if expected.dtype.kind in "mM":
        assert actual.dtype == expected.dtype
        np.testing.assert_array_equal(actual.view("i8"), expected.view("i8"))  # NaT included
    else:
        if expected.dtype.kind not in "OT":
            assert actual.dtype == expected.dtype
        assert actual.tolist() == expected.tolist()


@pytest.mark.parametrize(
    ("zarr_format", "name"),
    [(3, d) for d in DTYPES_V3] + [(2, d) for d in DTYPES_V2],
)
def test_dtype_written_by_zarrlite_read_by_zarr_python(
    tmp_path: Path, zarr_format: int, name: str
) -> None:
    values = _values(name)
    ours = zarrlite.create_array(
        tmp_path / "a", shape=values.shape, chunks=(4,), dtype=_ours_dtype(values, name),
        zarr_format=zarr_format,
    )
    ours[...] = values
    theirs = zarr.open_array(str(tmp_path / "a"), mode="r")
    _assert_same(np.asarray(theirs[...]), values)
    _assert_same(np.asarray(ours[...]), values)


@pytest.mark.parametrize(
    ("zarr_format", "name"),
    [(3, d) for d in DTYPES_V3] + [(2, d) for d in DTYPES_V2],
)
def test_dtype_written_by_zarr_python_read_by_zarrlite(
    tmp_path: Path, zarr_format: int, name: str
) -> None:
    values = _values(name)
    theirs = zarr.create_array(
        str(tmp_path / "a"), shape=values.shape, chunks=(4,), dtype=_zarr_dtype(values, name),
        zarr_format=zarr_format,
    )
    theirs[...] = values
    ours = zarrlite.open_array(tmp_path / "a", mode="r")
    _assert_same(np.asarray(ours[...]), values)
    # The fill value of the missing part of a fresh array agrees too.
    zarr.create_array(
        str(tmp_path / "b"), shape=values.shape, chunks=(4,), dtype=_zarr_dtype(values, name),
        zarr_format=zarr_format,
    )
    _assert_same(
        np.asarray(zarrlite.open_array(tmp_path / "b")[...]),
        np.asarray(zarr.open_array(str(tmp_path / "b"))[...]),
    )


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_consolidated_metadata_both_ways(tmp_path: Path, zarr_format: int) -> None:
    root = zarrlite.open_group(tmp_path / "ours", mode="w", zarr_format=zarr_format)
    root.create_group("g", attributes={"k": 1}).create_array("x", shape=(3,), dtype="i2")
    zarrlite.consolidate_metadata(tmp_path / "ours")
    theirs = zarr.open_consolidated(str(tmp_path / "ours"), zarr_format=zarr_format)
    assert theirs.metadata.consolidated_metadata is not None
    assert sorted(k for k, _ in theirs.members(max_depth=None)) == ["g", "g/x"]
    assert theirs["g"].attrs["k"] == 1

    zroot = zarr.open_group(str(tmp_path / "theirs"), mode="w", zarr_format=zarr_format)
    zroot.create_group("h", attributes={"k": 2}).create_array("y", shape=(2,), dtype="f4")
    zarr.consolidate_metadata(str(tmp_path / "theirs"))
    ours = zarrlite.open_consolidated(tmp_path / "theirs")
    assert ours.metadata.consolidated_metadata is not None
    assert sorted(k for k, _ in ours.members(max_depth=None)) == ["h", "h/y"]
    assert ours["h"].attrs["k"] == 2
    assert ours["h/y"].shape == (2,)
