"""``zarrlite.dtype`` against zarr-python 3.4.2's ``zarr.dtype``: the classes scripts pass to
``dtype=`` (``zarr.dtype.VariableLengthUTF8()``, ``Float32(endianness="big")``, ``Struct``),
``parse_data_type``, and their repr / JSON / default scalars."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import numpy as np
import pytest

import zarrlite
import zarrlite.dtype as ld

zarr = pytest.importorskip("zarr", minversion="3.4")
zd = pytest.importorskip("zarr.dtype")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")

SPECS: list[Any] = [
    "i1", "u1", "<i2", ">i4", "<u8", ">f8", "f2", "c8", ">c16", "?", "bool", "float32",
    "<U5", ">U3", "S4", "V3", "M8[ns]", ">m8[10s]", str, "string",
    [("a", "<i4"), ("b", ">f8")],
]  # fmt: skip


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("spec", SPECS, ids=repr)
def test_parse_data_type_as_zarr_python(spec: Any, zarr_format: int) -> None:
    ours = ld.parse_data_type(spec, zarr_format=zarr_format)  # type: ignore[arg-type]
    theirs = zd.parse_data_type(spec, zarr_format=zarr_format)
    assert repr(ours) == repr(theirs)
    assert ours.to_native_dtype() == theirs.to_native_dtype()
    assert json.dumps(ours.to_json(zarr_format)) == json.dumps(  # type: ignore[arg-type]
        theirs.to_json(zarr_format=zarr_format)
    )
    assert repr(ours.default_scalar()) == repr(theirs.default_scalar())
    assert ld.parse_dtype is ld.parse_data_type
    assert ld.parse_data_type(ours, zarr_format=3) is ours


def test_parse_data_type_v3_json() -> None:
    spec = {"name": "fixed_length_utf32", "configuration": {"length_bytes": 8}}
    assert ld.parse_data_type(spec, zarr_format=3) == ld.FixedLengthUTF32(length=2)
    assert repr(ld.parse_data_type(spec, zarr_format=3)) == repr(
        zd.parse_data_type(spec, zarr_format=3)
    )


def _pairs() -> list[tuple[Any, Any]]:
    return [
        (ld.VariableLengthUTF8(), zd.VariableLengthUTF8()),
        (ld.VariableLengthBytes(), zd.VariableLengthBytes()),
        (ld.Float32(endianness="big"), zd.Float32(endianness="big")),
        (ld.Int8(), zd.Int8()),
        (ld.Bool(), zd.Bool()),
        (ld.FixedLengthUTF32(length=4), zd.FixedLengthUTF32(length=4)),
        (ld.NullTerminatedBytes(length=3), zd.NullTerminatedBytes(length=3)),
        (ld.RawBytes(length=2), zd.RawBytes(length=2)),
        (ld.DateTime64(unit="ms", scale_factor=10), zd.DateTime64(unit="ms", scale_factor=10)),
        (ld.TimeDelta64(unit="s"), zd.TimeDelta64(unit="s")),
        (
            ld.Struct(fields=(("a", ld.Int32()), ("b", ld.Bool()))),
            zd.Struct(fields=(("a", zd.Int32()), ("b", zd.Bool()))),
        ),
    ]


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("pair", _pairs(), ids=lambda p: repr(p[1]))
def test_instances_as_dtype_argument(pair: tuple[Any, Any], zarr_format: int) -> None:
    ours, theirs = pair
    assert repr(ours) == repr(theirs)
    expected = zarr.create_array({}, shape=(2,), dtype=theirs, zarr_format=zarr_format)
    for dtype in (ours, theirs):  # zarrlite takes its own classes and zarr-python's
        made = zarrlite.create_array({}, shape=(2,), dtype=dtype, zarr_format=zarr_format)
        assert made.dtype == expected.dtype
        assert repr(made.fill_value) == repr(expected.fill_value)
        if zarr_format == 3:
            assert made.metadata.to_dict()["data_type"] == expected.metadata.to_dict()["data_type"]
    fields = {f.name: getattr(ours, f.name) for f in dataclasses.fields(ours)}
    assert type(ours)(**fields) == ours and hash(type(ours)(**fields)) == hash(ours)


def test_exported_names_are_zarr_pythons() -> None:
    assert set(ld.__all__) - {"parse_data_type"} <= set(zd.__all__)
    assert zarrlite.dtype is ld


def test_json_and_scalar_methods() -> None:
    assert ld.Float32.from_json("float32", zarr_format=3) == ld.Float32()
    v2 = {"name": "|O", "object_codec_id": "vlen-utf8"}
    assert ld.VariableLengthUTF8.from_json(v2, zarr_format=2) == ld.VariableLengthUTF8()
    assert ld.Float64().to_json_scalar(np.nan, zarr_format=3) == "NaN"
    assert np.isnan(ld.Float64().from_json_scalar("NaN", zarr_format=3))
    assert ld.Int16().cast_scalar(3) == np.int16(3)
    assert ld.Int8() != ld.UInt8() and ld.Float32() != ld.Float32(endianness="big")
    # zarr-python's class for a dtype of another data type (was TypeError)
    with pytest.raises(zarrlite.errors.DataTypeValidationError, match="not a Float32"):
        ld.Float32.from_native_dtype("i4")
