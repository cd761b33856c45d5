"""Fill values: defaults, user input, and their JSON (compared with zarr-python 3.4.2)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from zarrlite.metadata import (
    default_fill_value,
    fill_value_from_json,
    fill_value_to_json,
    parse_dtype,
    parse_fill_value,
)

from .oracle import quietly, zarr

STRUCT = [("a", "<i4"), ("b", ">f8")]

# (dtype, user values) -- each value's JSON must equal zarr's in both formats
VALUES: list[tuple[Any, list[Any]]] = [
    ("bool", [True, False, 0, 1, np.True_]),
    ("uint8", [0, 255, 3.0, "7", np.uint64(3)]),
    ("int64", [-(2**63), 2**63 - 1]),
    ("uint64", [2**64 - 1]),
    ("float16", [math.nan, math.inf, -math.inf, 1.5, 0.1, "NaN", -0.0, "Infinity"]),
    ("float32", [np.float32(math.nan), 0.1, 3, "1.5", "-Infinity"]),
    ("float64", [0.1, 1e308, 2**60, -1e-300]),
    ("complex64", [1 + 2j, complex(math.nan, math.inf), 3, "1+2j"]),
    ("complex128", [0.1 + 0.2j, complex(-math.inf, 0)]),
    ("U4", ["ab", "", "äöü"]),
    ("S3", [b"ab", "ab", b"a\x00b", b""]),
    ("V3", [b"abc", b"ab", np.void(b"xyz")]),
    (str, ["x", "ü", ""]),
    ("M8[10s]", [0, "NaT", np.datetime64("NaT", "s"), np.datetime64("2020-01-01"), "2020-01-01"]),
    ("m8[ms]", [5, np.timedelta64(5, "s"), "NaT", -(2**63)]),
    (STRUCT, [(1, 2.5), (1, math.nan), np.zeros((), dtype=STRUCT)[()]]),
]


def _zarr_json(value: Any, dtype: np.dtype[Any], fmt: int) -> Any:
    zdtype = quietly(zarr.dtype.parse_dtype, dtype, zarr_format=3)
    out = zdtype.to_json_scalar(zdtype.cast_scalar(value), zarr_format=fmt)
    return list(out) if isinstance(out, tuple) else out


@pytest.mark.parametrize("fmt", [2, 3])
@pytest.mark.parametrize(("spec", "values"), VALUES, ids=[str(v[0]) for v in VALUES])
def test_fill_value_json_matches_zarr(spec: Any, values: list[Any], fmt: int) -> None:
    dtype = parse_dtype(spec)
    zdtype = quietly(zarr.dtype.parse_dtype, dtype, zarr_format=3)
    default = default_fill_value(dtype)
    assert fill_value_to_json(default, dtype, fmt) == _zarr_json(
        zdtype.default_scalar(), dtype, fmt
    )  # type: ignore[arg-type]
    for value in values:
        scalar = parse_fill_value(value, dtype)
        encoded = fill_value_to_json(scalar, dtype, fmt)  # type: ignore[arg-type]
        assert encoded == _zarr_json(value, dtype, fmt)
        back = fill_value_from_json(encoded, dtype, fmt)  # type: ignore[arg-type]
        assert fill_value_to_json(back, dtype, fmt) == encoded  # type: ignore[arg-type]
        # zarr reads our JSON to the same value
        theirs = zdtype.from_json_scalar(encoded, zarr_format=fmt)
        assert fill_value_to_json(theirs, dtype, fmt) == encoded  # type: ignore[arg-type]
        if not isinstance(back, str | bytes):
            assert type(back) is type(theirs)


def test_special_encodings() -> None:
    f4, c8 = np.dtype("f4"), np.dtype("c8")
    assert fill_value_to_json(np.nan, f4, 3) == "NaN"
    assert fill_value_to_json(-np.inf, f4, 2) == "-Infinity"
    assert fill_value_to_json(complex(np.nan, 1), c8, 3) == ["NaN", 1.0]
    assert fill_value_to_json(b"ab", np.dtype("S3"), 3) == "YWI="
    assert fill_value_to_json(b"\x00\xff", np.dtype(object), 2) == "AP8="
    nat = fill_value_to_json("NaT", np.dtype("M8[s]"), 3)
    assert nat == -(2**63)
    struct = np.dtype(STRUCT)
    assert fill_value_to_json((1, 2.5), struct, 3) == {"a": 1, "b": 2.5}
    assert fill_value_to_json((1, 2.5), struct, 2) == "AQAAAEAEAAAAAAAA"
    assert fill_value_to_json(None, f4, 2) is None


def test_lenient_reading() -> None:
    f2, f4, f8 = np.dtype("f2"), np.dtype("f4"), np.dtype("f8")
    nan32 = fill_value_from_json("0x7fc00001", f4, 3)
    assert np.isnan(nan32) and np.array(nan32).view("u4") == 0x7FC00001  # payload kept
    assert np.isnan(fill_value_from_json("0x7e00", f2, 2))
    assert fill_value_from_json("0x3FF0000000000000", f8, 3) == 1.0
    assert np.isnan(fill_value_from_json("nan", f8, 3))
    assert fill_value_from_json(3.0, np.dtype("u1"), 3) == 3
    assert fill_value_from_json(1, np.dtype(bool), 3) is np.True_
    assert np.isnat(fill_value_from_json("NaT", np.dtype("M8[s]"), 2))
    struct = np.dtype(STRUCT)
    assert fill_value_from_json({"a": 1}, struct, 3) == np.array((1, 0.0), dtype=struct)[()]
    assert fill_value_from_json("AQAAAEAEAAAAAAAA", struct, 2)["b"] == 2.5
    assert fill_value_from_json(None, f4, 2) is None
    assert fill_value_from_json(0, np.dtypes.StringDType(), 2) == "0"  # as zarr-python


@pytest.mark.parametrize(
    ("value", "spec", "expected"),
    [
        (0, str, "0"),
        (1.5, str, "1.5"),
        (1, "U3", np.str_("1")),
        (True, "U5", np.str_("True")),
        (0, "S3", np.bytes_(b"0")),
        (1.0, "bool", np.True_),
        (0.0, "bool", np.False_),
        (True, "complex64", np.complex64(1)),
    ],
)
def test_numbers_coerced_as_zarr_python_does(value: Any, spec: Any, expected: Any) -> None:
    got = parse_fill_value(value, parse_dtype(spec))
    assert got == expected and type(got) is type(expected)


@pytest.mark.parametrize(
    ("value", "spec", "error"),
    [
        (300, "uint8", ValueError),
        (-1, "uint8", ValueError),
        (2**63, "int64", ValueError),
        (3.5, "int16", ValueError),
        ("x", "int16", ValueError),
        (2, "bool", ValueError),
        (1e40, "float32", ValueError),
        ("abcde", "U4", ValueError),
        (b"abcd", "S3", ValueError),
        (b"abcd", "V3", ValueError),
        ("ü", "S3", ValueError),
        (12345, "U4", ValueError),
        (1234, "S3", ValueError),
        (2.5, "S3", TypeError),
        (2.0, "bool", ValueError),
        (b"x", str, TypeError),
        (1.5, "M8[s]", TypeError),
        ({"c": 1}, STRUCT, ValueError),
        ([1, 2, 3], STRUCT, TypeError),
        (None, "float32", TypeError),
    ],
)
def test_parse_fill_value_errors(value: Any, spec: Any, error: type[Exception]) -> None:
    dtype = parse_dtype(spec)
    with pytest.raises(error, match="fill_value") as info:
        parse_fill_value(value, dtype)
    assert repr(value) in str(info.value)


@pytest.mark.parametrize(
    ("data", "spec", "fmt"),
    [
        (None, "float32", 3),
        ("abc", "float32", 3),
        ("0x7fc0000", "float32", 3),
        ("0xZZZZZZZZ", "float32", 3),
        ([1], "complex64", 3),
        ("YWI", "S3", 3),
        ("!!", "S3", 2),
        (3, "U4", 3),
        ([1, 2.0], STRUCT, 3),
        ("AAAA", STRUCT, 2),
        (1.5, "M8[s]", 3),
        (300, "uint8", 2),
        ("true", "bool", 3),
    ],
)
def test_fill_value_from_json_errors(data: Any, spec: Any, fmt: int) -> None:
    with pytest.raises((ValueError, TypeError), match="fill_value"):
        fill_value_from_json(data, parse_dtype(spec), fmt)  # type: ignore[arg-type]


def test_v3_needs_a_fill_value() -> None:
    with pytest.raises(ValueError, match="None"):
        fill_value_to_json(None, np.dtype("f4"), 3)


def test_defaults() -> None:
    assert default_fill_value(np.dtype("f8")) == 0.0
    assert default_fill_value(np.dtypes.StringDType()) == ""
    assert default_fill_value(np.dtype(object)) == b""
    assert np.isnat(default_fill_value(np.dtype("m8[ns]")))
    assert default_fill_value(np.dtype("V2")) == np.void(b"\x00\x00")
    assert default_fill_value(np.dtype(">i4")) == 0


@pytest.mark.parametrize("dtype", ["?", "u1", "i8", "f4", "<f8", ">f4", ">i2", "c8", ">c16"])
def test_a_parsed_fill_value_parses_to_itself(dtype: str) -> None:
    # Metadata re-parses the scalar the array builder parsed; a scalar already of the dtype
    # (type and byte order) is taken as it is, others go through the full conversion.
    dt = np.dtype(dtype)
    first = parse_fill_value(1, dt)
    again = parse_fill_value(first, dt)
    assert type(again) is dt.type and again == first
    assert np.array(again, dtype=dt).tobytes() == np.array(1, dtype=dt).tobytes()
    with pytest.raises(ValueError, match="300"):
        parse_fill_value(np.int64(300), np.dtype("u1"))
    nan = parse_fill_value(float("nan"), np.dtype("f4"))
    assert np.isnan(parse_fill_value(nan, np.dtype("f4")))
    assert parse_fill_value(np.float64(0.1), np.dtype("f4")) == np.float32(0.1)
