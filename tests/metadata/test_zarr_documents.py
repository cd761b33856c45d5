"""Array documents of every data type, compared byte for byte with zarr-python 3.4.2's."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import pytest

from zarrlite.metadata import (
    ArrayV2Metadata,
    ArrayV3Metadata,
    GroupMetadata,
    default_fill_value,
    fill_value_to_json,
    parse_dtype,
    parse_node_documents,
)

from .oracle import MemoryStore, quietly, stored, zarr, zarr_array_documents, zarr_open_array

STRUCT = [("a", "<i4"), ("b", ">f8")]
NESTED = [("p", [("x", "<i2"), ("y", "S2")]), ("q", "<U3"), ("t", "<M8[s]")]

# (dtype given to zarr, fill values to try besides the default); both formats
CASES: list[tuple[Any, list[Any]]] = [
    ("bool", [True]),
    ("int8", [-5]),
    ("int16", [7]),
    (">i4", [-(2**31)]),
    ("int64", [-(2**63), 2**63 - 1]),
    ("uint8", [255]),
    ("<u2", [65535]),
    ("uint32", [12]),
    ("uint64", [2**64 - 1]),
    ("float16", [math.nan, math.inf, 0.1]),
    ("float32", [math.nan, -math.inf, 0.1]),
    (">f8", [math.nan, math.inf, -math.inf, 1e300, -0.0]),
    ("complex64", [complex(math.nan, math.inf), 1 + 2j]),
    (">c16", [complex(0.1, -math.inf)]),
    ("U4", ["ab", "äöü"]),
    (">U2", ["x"]),
    ("S5", [b"ab", b"a\x00b"]),
    ("V3", [b"abc"]),
    (str, ["hello", "ü"]),
    ("M8[10s]", [0, 12345, "NaT"]),
    ("<m8[ms]", [-3]),
    ("M8[ns]", [np.datetime64("2020-01-01T00:00:00", "ns")]),
    ("M8", ["NaT"]),
    (STRUCT, [(1, 2.5), (-1, math.nan)]),
    (NESTED, [((1, b"ab"), "xyz", 10)]),
]
IDS = [str(c[0]) for c in CASES]


def _docs(fmt: int, dtype: Any, **kw: Any) -> dict[str, bytes]:
    return zarr_array_documents(shape=(5, 4), chunks=(2, 3), dtype=dtype, zarr_format=fmt, **kw)


def _check(documents: dict[str, bytes], fmt: int) -> ArrayV2Metadata | ArrayV3Metadata:
    """Parse zarr's documents, re-emit them identically, and agree with zarr on dtype/fill."""
    metadata = parse_node_documents(documents, fmt)  # type: ignore[arg-type]
    assert isinstance(metadata, ArrayV3Metadata if fmt == 3 else ArrayV2Metadata)
    assert metadata.to_documents() == documents
    name = "zarr.json" if fmt == 3 else ".zarray"
    if isinstance(metadata, ArrayV2Metadata):
        assert metadata.zarray_dict() == json.loads(documents[name])
        assert metadata.to_dict() == {
            **json.loads(documents[name]),
            "attributes": json.loads(documents[".zattrs"]),
        }
    else:
        assert metadata.to_dict() == json.loads(documents[name])
    assert parse_node_documents(documents, None) == metadata
    # zarr's view of the same array
    array = zarr_open_array(documents)
    assert metadata.dtype == array.dtype
    assert metadata.shape == array.shape
    # zarr's to_dict, JSON-normalised (it gives shapes as tuples); v2 with "attributes"
    assert metadata.to_dict() == json.loads(json.dumps(quietly(array.metadata.to_dict)))
    assert fill_value_to_json(metadata.fill_value, metadata.dtype, fmt) == fill_value_to_json(
        array.fill_value, metadata.dtype, fmt
    )
    if metadata.fill_value is not None and not isinstance(metadata.fill_value, str | bytes):
        assert type(metadata.fill_value) is type(array.fill_value)
    return metadata


@pytest.mark.parametrize("fmt", [2, 3])
@pytest.mark.parametrize(("dtype", "fills"), CASES, ids=IDS)
def test_every_dtype_matches_zarr(fmt: int, dtype: Any, fills: list[Any]) -> None:
    for fill in [None, *fills]:
        kw = {} if fill is None else {"fill_value": fill}
        documents = _docs(fmt, dtype, **kw)
        metadata = _check(documents, fmt)
        # our own construction of the same array gives the same bytes
        assert _mine(metadata, dtype, fill).to_documents() == documents


def _mine(reference: Any, dtype: Any, fill: Any) -> ArrayV2Metadata | ArrayV3Metadata:
    """Build with zarrlite what zarr built (taking the codecs from zarr's document)."""
    np_dtype = parse_dtype(dtype, reference.zarr_format)
    if isinstance(reference, ArrayV3Metadata):
        return ArrayV3Metadata(
            shape=(5, 4),
            data_type=np_dtype,
            chunk_grid={"name": "regular", "configuration": {"chunk_shape": [2, 3]}},
            fill_value=fill,
            codecs=[c.to_dict() for c in reference.codecs],
        )
    return ArrayV2Metadata(
        shape=[5, 4],
        dtype=np_dtype,
        chunks=(2, 3),
        fill_value=default_fill_value(np_dtype) if fill is None else fill,
        compressor=reference.compressor.get_config(),
        filters=reference.filters,
    )


def _vlen_bytes() -> Any:
    return zarr.dtype.VariableLengthBytes()


@pytest.mark.parametrize("fmt", [2, 3])
def test_variable_length_bytes(fmt: int) -> None:
    for fill in (None, b"ab\x00\xff"):
        kw = {} if fill is None else {"fill_value": fill}
        documents = _docs(fmt, _vlen_bytes(), **kw)
        metadata = _check(documents, fmt)
        assert metadata.dtype == np.dtype(object)
        assert _mine(metadata, "variable_length_bytes", fill).to_documents() == documents


def test_v2_null_fill_value() -> None:
    documents = _docs(2, "f8", fill_value=None)
    metadata = _check(documents, 2)
    assert metadata.fill_value is None
    assert json.loads(documents[".zarray"])["fill_value"] is None


def test_v2_options_match_zarr() -> None:
    import numcodecs

    documents = _docs(
        2,
        "<i2",
        order="F",
        chunk_key_encoding={"name": "v2", "separator": "/"},
        filters=[numcodecs.Delta(dtype="<i2")],
        compressors=[numcodecs.Blosc(cname="zstd", clevel=3)],
        attributes={"a": [1, 2], "nan": "NaN"},
    )
    metadata = _check(documents, 2)
    assert metadata.order == "F"
    assert metadata.dimension_separator == "/"
    assert metadata.encode_chunk_key((1, 2)) == "1/2"
    assert metadata.attributes == {"a": [1, 2], "nan": "NaN"}
    documents = _docs(2, "f4", compressors=None)
    assert _check(documents, 2).compressor is None


def test_v3_options_match_zarr() -> None:
    documents = _docs(
        3,
        "float32",
        dimension_names=["y", None],
        chunk_key_encoding={"name": "v2", "separator": "."},
        attributes={"units": "m", "list": [1, 2.5, None]},
        compressors=None,
    )
    metadata = _check(documents, 3)
    assert metadata.dimension_names == ("y", None)
    assert metadata.encode_chunk_key((1, 2)) == "1.2"
    documents = _docs(3, "float32", chunk_key_encoding={"name": "default", "separator": "."})
    assert _check(documents, 3).encode_chunk_key((0, 3)) == "c.0.3"


def test_zero_dimensional_arrays_match_zarr() -> None:
    for fmt in (2, 3):
        documents = zarr_array_documents(shape=(), dtype="i4", zarr_format=fmt, fill_value=3)
        metadata = _check(documents, fmt)
        assert metadata.shape == () and metadata.chunks == ()
        assert metadata.encode_chunk_key(()) == ("c" if fmt == 3 else "0")


@pytest.mark.parametrize("fmt", [2, 3])
def test_group_documents_match_zarr(fmt: int) -> None:
    for attributes in ({}, {"a": {"b": [1, "x"]}, "é": 1.5}):
        store = MemoryStore()
        quietly(zarr.create_group, store, zarr_format=fmt, attributes=attributes)
        documents = stored(store)
        group = parse_node_documents(documents, fmt)  # type: ignore[arg-type]
        assert isinstance(group, GroupMetadata)
        assert group.zarr_format == fmt and group.attributes == attributes
        assert group.to_documents() == documents
        assert GroupMetadata(attributes, fmt).to_documents() == documents  # type: ignore[arg-type]
