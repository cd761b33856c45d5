"""Data types: parsing user input and the JSON of both formats, checked against zarr-python."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from zarrlite.errors import DataTypeValidationError
from zarrlite.metadata import (
    dtype_from_v2,
    dtype_from_v3,
    dtype_to_v2,
    dtype_to_v3,
    parse_dtype,
)

from .oracle import get_data_type_from_json, quietly, zarr

STRING = np.dtypes.StringDType()

SPECS: list[Any] = [
    "bool", "?", "|b1", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64", "complex64", "complex128", "<f4", ">f4", ">i2", "f2", "c8",
    "float", "complex", int, float, complex, "|S5", "S5", "U4", "<U4", ">U3", "V4", "|V4",
    "M8", "M8[s]", "datetime64[ns]", "m8[10ms]", ">M8[ns]", "m8[100us]", "M8[D]", "M8[W]",
    str, "str", "string", "T", STRING,
    {"name": "numpy.datetime64", "configuration": {"unit": "s", "scale_factor": 10}},
    {"name": "null_terminated_bytes", "configuration": {"length_bytes": 3}},
    {"name": "struct", "configuration": {"fields": [{"name": "a", "data_type": "int32"}]}},
    {"name": "structured", "configuration": {"fields": [["a", "int32"]]}},
    [("a", "<i4"), ("b", ">f8")], "i4,f8", [("a", [("x", "<i2"), ("y", "S2")]), ("b", "U3")],
    np.dtype({"names": ["a", "b"], "formats": ["<i4", "<i2"], "offsets": [0, 8], "itemsize": 12}),
]  # fmt: skip


@pytest.mark.parametrize("fmt", [2, 3])
@pytest.mark.parametrize("spec", SPECS, ids=[repr(s) for s in SPECS])
def test_parse_dtype_matches_zarr(spec: Any, fmt: int) -> None:
    if isinstance(spec, dict) and fmt == 2:
        expected = quietly(zarr.dtype.parse_dtype, spec, zarr_format=3).to_native_dtype()
    else:
        expected = quietly(zarr.dtype.parse_dtype, spec, zarr_format=fmt).to_native_dtype()
    got = parse_dtype(spec, fmt)  # type: ignore[arg-type]
    assert got == expected
    zdtype = quietly(zarr.dtype.parse_dtype, got, zarr_format=3)
    assert dtype_to_v3(got) == quietly(zdtype.to_json, zarr_format=3)
    v2 = quietly(zdtype.to_json, zarr_format=2)
    assert dtype_to_v2(got) == (v2["name"], v2["object_codec_id"])
    # and back
    assert dtype_from_v2(*dtype_to_v2(got)) == got
    back = dtype_from_v3(dtype_to_v3(got))
    assert (
        back == quietly(get_data_type_from_json, dtype_to_v3(got), zarr_format=3).to_native_dtype()
    )
    assert dtype_to_v3(back) == dtype_to_v3(got)
    if ">" not in str(got.descr):
        assert back == got


def test_variable_length_bytes() -> None:
    for spec in ("bytes", bytes, "variable_length_bytes", np.dtype(object)):
        assert parse_dtype(spec) == np.dtype(object)
    assert dtype_to_v3(np.dtype(object)) == "variable_length_bytes"
    assert dtype_to_v2(np.dtype(object)) == ("|O", "vlen-bytes")
    assert dtype_from_v3("bytes") == np.dtype(object)  # zarr-python 3.0's name


def test_strings() -> None:
    assert parse_dtype(str) is STRING or parse_dtype(str) == STRING
    assert dtype_from_v2("|O", "vlen-utf8") == STRING
    assert dtype_to_v3(STRING) == "string"


@pytest.mark.parametrize("spec", ["foo", "float8", "raw_bytes", "fixed_length_utf32"])
def test_unknown_names_are_type_errors(spec: str) -> None:
    with pytest.raises(TypeError, match=f"data type '{spec}' not understood"):
        parse_dtype(spec)


@pytest.mark.parametrize(
    "spec",
    [
        "O",
        object,
        "|O",
        "S0",
        "U",
        "V0",
        "f16",
        "c32",
        [("a", "<i4", (2,))],
        [("a", "O")],
        "(2,)i4",
    ],
)
def test_unsupported_dtypes(spec: Any) -> None:
    with pytest.raises(DataTypeValidationError):
        parse_dtype(spec)


BAD_V3: list[Any] = [
    "<f4", "float", None, 5, {"name": "r16"}, {"name": "int8", "configuration": {"x": 1}},
    {"name": "numpy.datetime64", "configuration": {"unit": "s"}},
    {"name": "numpy.datetime64", "configuration": {"unit": "xx", "scale_factor": 1}},
    {"name": "numpy.datetime64", "configuration": {"unit": "s", "scale_factor": 0}},
    {"name": "numpy.datetime64", "configuration": {"unit": "s", "scale_factor": 2**31}},
    {"name": "fixed_length_utf32", "configuration": {"length_bytes": 5}},
    {"name": "fixed_length_utf32", "configuration": {"length_bytes": 0}},
    {"name": "raw_bytes", "configuration": {"length_bytes": 0}},
    {"name": "null_terminated_bytes", "configuration": {"length_bytes": 2.0}},
    {"name": "null_terminated_bytes", "configuration": {"length_bytes": True}},
    {"name": "struct", "configuration": {"fields": []}},
    {"name": "struct", "configuration": {"fields": [{"name": "a", "data_type": "int8"}] * 2}},
    {"name": "struct", "configuration": {"fields": [{"name": "a", "data_type": "string"}]}},
    {"name": "struct", "configuration": {"fields": [["a"]]}},
    {"name": "int8", "configuration": {}, "extra": 1},
]  # fmt: skip


@pytest.mark.parametrize("data", BAD_V3, ids=[repr(d) for d in BAD_V3])
def test_bad_v3_json(data: Any) -> None:
    with pytest.raises(DataTypeValidationError, match="invalid data_type"):
        dtype_from_v3(data)


def test_generic_time_unit_keeps_its_scale_factor() -> None:
    # numpy has M8[2generic] (zarr-python writes scale_factor 2 with the generic unit): it was
    # refused on read, so an array of that type could be written and never opened again
    for name, code in (("numpy.datetime64", "M"), ("numpy.timedelta64", "m")):
        data = {"name": name, "configuration": {"unit": "generic", "scale_factor": 2}}
        assert np.datetime_data(dtype_from_v3(data)) == ("generic", 2)
        assert dtype_to_v3(np.dtype(f"<{code}8[2generic]")) == data
        assert dtype_to_v2(np.dtype(f">{code}8[2generic]")) == (f">{code}8[2generic]", None)
        assert np.datetime_data(dtype_from_v2(f">{code}8[2generic]")) == ("generic", 2)
        assert dtype_to_v2(np.dtype(f"<{code}8")) == (f"<{code}8", None)


def test_lenient_v3_json() -> None:
    assert dtype_from_v3({"name": "int8"}) == np.dtype("i1")
    assert dtype_from_v3({"name": "int8", "configuration": {}}) == np.dtype("i1")
    unit = {"unit": "\u03bcs", "scale_factor": 1}
    assert dtype_from_v3({"name": "numpy.timedelta64", "configuration": unit}) == np.dtype("m8[us]")


BAD_V2: list[tuple[Any, Any]] = [
    ("float32", None), ("f4", None), ("foo", None), (3, None), ("|O", None), ("|O", "pickle"),
    ("|O", "json2"), ("|S0", None), ([["a", "<i4", [2]]], None), ([], None), ([["a"]], None),
    ("<f16", None),
]  # fmt: skip


@pytest.mark.parametrize(("data", "codec"), BAD_V2, ids=[repr(d) for d in BAD_V2])
def test_bad_v2_json(data: Any, codec: Any) -> None:
    with pytest.raises(DataTypeValidationError, match="invalid dtype"):
        dtype_from_v2(data, codec)


def test_v2_typestrs_keep_endianness() -> None:
    assert dtype_from_v2(">i2") == np.dtype(">i2")
    assert dtype_from_v2("<b1") == np.dtype(bool)
    assert dtype_to_v2(np.dtype(">m8[ms]")) == (">m8[ms]", None)
    assert dtype_to_v2(np.dtype("M8[10s]")) == ("<M8[10s]", None)
    nested = [["a", [["x", "<i2"], ["y", "|S2"]]], ["b", ">U3"]]
    assert dtype_to_v2(dtype_from_v2(nested)) == (nested, None)
