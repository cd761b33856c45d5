"""Raw bytes (``|V n``), v3 structs, legacy ``structured`` and scaled datetimes: zarrlite <->
zarr-python 3.4.2 both ways (metadata JSON, chunk bytes, values, fill values)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite
from zarrlite.errors import DataTypeValidationError
from zarrlite.metadata.dtypes import dtype_from_v2, dtype_from_v3, dtype_to_v2, dtype_to_v3
from zarrlite.metadata.fill_value import fill_value_from_json, fill_value_to_json

zarr = pytest.importorskip("zarr", minversion="3.4")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")

STRUCT = np.dtype([("a", "<i4"), ("b", "<f8"), ("c", "S3")])


def _values(dtype: np.dtype[Any]) -> np.ndarray[Any, Any]:
    if dtype.kind == "V" and dtype.fields is None:
        raw = bytes(range(7 * dtype.itemsize))
        return np.frombuffer(raw, dtype=dtype).copy()
    if dtype.fields is not None:
        return np.array([(i - 3, i * 0.25, b"ab"[: i % 3]) for i in range(7)], dtype=dtype)
    counts = np.array([0, 1, -2, 1000, np.iinfo(np.int64).min, 7, 2**40], dtype="i8")
    return counts.view(dtype.newbyteorder("<")).astype(dtype)  # includes NaT


# (id, dtype, a non-default fill value)
CASES = [
    ("raw_bytes", np.dtype("V3"), b"\x01\x00\xff"),
    ("struct", STRUCT, (5, -1.5, b"xy")),
    ("datetime_10s", np.dtype("<M8[10s]"), np.datetime64(12, "10s")),
    ("timedelta_250ms", np.dtype("<m8[250ms]"), np.timedelta64(-4, "250ms")),
    ("datetime_ns_nat", np.dtype("<M8[ns]"), np.datetime64("NaT", "ns")),
]
FORMATS = [3, 2]


def _same(actual: np.ndarray[Any, Any], expected: np.ndarray[Any, Any]) -> None:
    assert actual.dtype == expected.dtype
    assert actual.tobytes() == expected.tobytes()  # NaT and raw bytes compared exactly


def _document(root: Path, zarr_format: int) -> dict[str, Any]:
    name = "zarr.json" if zarr_format == 3 else ".zarray"
    return json.loads((root / name).read_text())  # type: ignore[no-any-return]


def _chunks(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith((".z", "zarr.json"))
    }


@pytest.mark.parametrize("zarr_format", FORMATS)
@pytest.mark.parametrize(("dtype", "fill"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_both_ways(tmp_path: Path, zarr_format: int, dtype: np.dtype[Any], fill: Any) -> None:
    values = _values(dtype)
    common: dict[str, Any] = {
        "shape": values.shape,
        "chunks": (3,),
        "dtype": dtype,
        "fill_value": fill,
        "zarr_format": zarr_format,
        "compressors": None,
    }
    ours = zarrlite.create_array(tmp_path / "ours", **common)
    ours[:5] = values[:5]  # the last chunk is never written: fill value
    theirs = zarr.create_array(str(tmp_path / "theirs"), **common)
    theirs[:5] = values[:5]

    ours_doc = _document(tmp_path / "ours", zarr_format)
    theirs_doc = _document(tmp_path / "theirs", zarr_format)
    for key in ("data_type", "dtype", "fill_value", "codecs"):
        assert ours_doc.get(key) == theirs_doc.get(key), key
    assert _chunks(tmp_path / "ours") == _chunks(tmp_path / "theirs")

    expected = np.asarray(theirs[...])
    _same(np.asarray(expected[:5]), values[:5])
    _same(np.asarray(zarr.open_array(str(tmp_path / "ours"), mode="r")[...]), expected)
    _same(np.asarray(zarrlite.open_array(tmp_path / "theirs", mode="r")[...]), expected)
    assert (
        np.asarray(ours.fill_value, dtype=dtype).tobytes()
        == np.asarray(theirs.fill_value, dtype=dtype).tobytes()
    )


def test_legacy_structured_v3_document_is_read_by_both(tmp_path: Path) -> None:
    values = np.array([(1, 2.5), (-3, 0.125)], dtype=[("x", "<i2"), ("y", "<f4")])
    zarrlite.create_array(tmp_path / "a", shape=(2,), chunks=(2,), dtype=values.dtype)[:] = values
    path = tmp_path / "a" / "zarr.json"
    document = json.loads(path.read_text())
    assert document["data_type"] == {
        "name": "struct",
        "configuration": {
            "fields": [{"name": "x", "data_type": "int16"}, {"name": "y", "data_type": "float32"}]
        },
    }
    # older writers: {"name": "structured", "configuration": {"fields": [[name, type], ...]}}
    document["data_type"] = {
        "name": "structured",
        "configuration": {"fields": [["x", "int16"], ["y", "float32"]]},
    }
    path.write_text(json.dumps(document))
    _same(np.asarray(zarrlite.open_array(tmp_path / "a")[...]), values)
    _same(np.asarray(zarr.open_array(str(tmp_path / "a"))[...]), values)


@pytest.mark.parametrize(
    ("dtype", "fill_json", "expected_bits"),
    [
        ("float32", "0x7fc00001", b"\x01\x00\xc0\x7f"),
        ("float64", "0x7ff8000000000002", b"\x02\x00\x00\x00\x00\x00\xf8\x7f"),
        ("complex64", ["0x7fc00001", -1.0], b"\x01\x00\xc0\x7f\x00\x00\x80\xbf"),
    ],
)
def test_hex_nan_fill_values_are_read(
    tmp_path: Path, dtype: str, fill_json: Any, expected_bits: bytes
) -> None:
    zarr.create_array(str(tmp_path / "a"), shape=(2,), dtype=dtype, fill_value=0)
    path = tmp_path / "a" / "zarr.json"
    document = json.loads(path.read_text())
    document["fill_value"] = fill_json
    path.write_text(json.dumps(document))
    ours = zarrlite.open_array(tmp_path / "a")
    theirs = zarr.open_array(str(tmp_path / "a"))
    assert np.asarray(ours.fill_value, dtype=dtype).tobytes() == expected_bits
    assert np.asarray(theirs.fill_value, dtype=dtype).tobytes() == expected_bits
    assert np.asarray(ours[...]).tobytes() == expected_bits * 2
    # the payload is not kept when written back (as zarr-python does): "NaN"
    assert fill_value_to_json(ours.fill_value, np.dtype(dtype), 3) == (
        "NaN" if dtype != "complex64" else ["NaN", -1.0]
    )


@pytest.mark.parametrize(
    ("dtype", "v3", "v2"),
    [
        ("V7", {"name": "raw_bytes", "configuration": {"length_bytes": 7}}, "|V7"),
        ("<M8[10s]", {"name": "numpy.datetime64", "configuration": {"unit": "s", "scale_factor": 10}},
         "<M8[10s]"),
        (">m8[ms]", {"name": "numpy.timedelta64", "configuration": {"unit": "ms", "scale_factor": 1}},
         ">m8[ms]"),
        ("<M8", {"name": "numpy.datetime64", "configuration": {"unit": "generic", "scale_factor": 1}},
         "<M8"),
        ([("a", ">i4"), ("b", [("c", "S2")])],
         {"name": "struct", "configuration": {"fields": [
             {"name": "a", "data_type": "int32"},
             {"name": "b", "data_type": {"name": "struct", "configuration": {"fields": [
                 {"name": "c", "data_type": {"name": "null_terminated_bytes",
                                             "configuration": {"length_bytes": 2}}}]}}}]}},
         [["a", ">i4"], ["b", [["c", "|S2"]]]]),
    ],
)  # fmt: skip
def test_dtype_json_matches_zarr_python(dtype: Any, v3: Any, v2: Any) -> None:
    from zarr.core.dtype import get_data_type_from_native_dtype

    native = np.dtype(dtype)
    theirs = get_data_type_from_native_dtype(native)
    assert json.loads(json.dumps(theirs.to_json(zarr_format=3))) == v3 == dtype_to_v3(native)
    assert json.loads(json.dumps(theirs.to_json(zarr_format=2)["name"])) == v2
    assert dtype_to_v2(native) == (v2, None)
    assert dtype_from_v2(v2) == native
    assert dtype_from_v3(v3) == native.newbyteorder("<") or native.fields is not None


@pytest.mark.parametrize("zarr_format", FORMATS)
def test_fill_value_json_of_these_types(zarr_format: int) -> None:
    raw = np.dtype("V2")
    assert fill_value_to_json(b"ab", raw, zarr_format) == "YWI="
    assert fill_value_from_json("YWI=", raw, zarr_format).tobytes() == b"ab"
    nat = fill_value_from_json("NaT", np.dtype("<M8[10s]"), zarr_format)
    assert np.isnat(nat) and nat.dtype == np.dtype("<M8[10s]")
    assert fill_value_to_json(nat, np.dtype("<M8[10s]"), zarr_format) == -(2**63)
    struct_json = fill_value_to_json((5, -1.5, b"xy"), STRUCT, zarr_format)
    if zarr_format == 3:
        assert struct_json == {"a": 5, "b": -1.5, "c": "eHk="}
    else:
        assert struct_json == "BQAAAAAAAAAAAPi/eHkA"  # base64 of the packed record
    back = fill_value_from_json(struct_json, STRUCT, zarr_format)
    assert back.tobytes() == np.array((5, -1.5, b"xy"), dtype=STRUCT).tobytes()


def test_dtype_errors() -> None:
    with pytest.raises(TypeError, match="data type 'foo' not understood"):
        zarrlite.create_array({}, shape=(2,), dtype="foo")
    with pytest.raises(DataTypeValidationError, match="unknown data type name 'foo'"):
        dtype_from_v3({"name": "foo"})
    with pytest.raises(DataTypeValidationError, match="length_bytes"):
        dtype_from_v3({"name": "raw_bytes", "configuration": {"length_bytes": 0}})
    with pytest.raises(DataTypeValidationError, match="scale_factor"):
        dtype_from_v3({"name": "numpy.datetime64", "configuration": {"unit": "s"}})
    with pytest.raises(DataTypeValidationError, match="unit"):
        dtype_from_v3(
            {"name": "numpy.datetime64", "configuration": {"unit": "fortnight", "scale_factor": 1}}
        )
    with pytest.raises(DataTypeValidationError, match="unique"):
        dtype_from_v3(
            {"name": "struct", "configuration": {"fields": [["a", "int8"], ["a", "int8"]]}}
        )
    with pytest.raises(DataTypeValidationError, match="variable length"):
        dtype_from_v3({"name": "struct", "configuration": {"fields": [["a", "string"]]}})
    with pytest.raises(DataTypeValidationError, match="typestr"):
        dtype_from_v2("float32")


SWEEP = [
    ("bool", True), ("i1", -5), ("<i2", 300), (">i4", -(2**31)), ("<i8", 2**62), ("u1", 255),
    ("<u2", 7), (">u4", 2**32 - 1), ("<u8", 2**64 - 1), ("<f2", 1.5), (">f4", np.nan),
    ("<f8", -np.inf), ("<f8", -0.0), ("<c8", complex(np.nan, 1)), (">c16", complex(1, -np.inf)),
    ("<U3", "héy"), (">U2", "ab"), ("S4", b"ab"), ("V5", b"\x00\x01"),
    ("<M8[s]", np.datetime64("2020-01-01T00:00:01")), (">m8[3D]", np.timedelta64(2, "3D")),
    ("<M8[ns]", "NaT"), (STRUCT, (1, np.nan, b"")),
]  # fmt: skip


@pytest.mark.parametrize("zarr_format", FORMATS)
@pytest.mark.parametrize(("dtype", "fill"), SWEEP, ids=[str(d) for d, _ in SWEEP])
def test_dtype_and_fill_json_match_zarr_python(zarr_format: int, dtype: Any, fill: Any) -> None:
    from zarr.core.dtype import get_data_type_from_native_dtype

    native = np.dtype(dtype)
    theirs = get_data_type_from_native_dtype(native)

    def normal(value: Any) -> Any:
        return json.loads(json.dumps(value))

    their_type = normal(theirs.to_json(zarr_format=zarr_format))
    ours_type = dtype_to_v3(native) if zarr_format == 3 else dtype_to_v2(native)[0]
    assert ours_type == (their_type if zarr_format == 3 else their_type["name"])
    for value in (theirs.default_scalar(), theirs.cast_scalar(fill)):
        their_json = normal(theirs.to_json_scalar(value, zarr_format=zarr_format))
        assert normal(fill_value_to_json(value, native, zarr_format)) == their_json
        ours = fill_value_from_json(their_json, native, zarr_format)
        expected = theirs.from_json_scalar(their_json, zarr_format=zarr_format)
        assert np.asarray(ours, native).tobytes() == np.asarray(expected, native).tobytes()
