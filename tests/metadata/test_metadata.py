"""Array and group metadata: construction, properties, documents and validation errors."""

from __future__ import annotations

import json
import math
from typing import Any

import numcodecs
import numpy as np
import pytest

from zarrlite.errors import (
    ContainsArrayAndGroupError,
    MetadataValidationError,
    NodeTypeValidationError,
    UnknownCodecError,
)
from zarrlite.metadata import (
    ArrayV2Metadata,
    ArrayV3Metadata,
    DefaultChunkKeyEncoding,
    GroupMetadata,
    RegularChunkGrid,
    V2ChunkKeyEncoding,
    parse_node_documents,
)

BYTES = {"name": "bytes", "configuration": {"endian": "little"}}


def v3(**kw: Any) -> ArrayV3Metadata:
    args: dict[str, Any] = {
        "shape": (10, 20),
        "data_type": "float32",
        "chunk_grid": (5, 5),
        "codecs": [BYTES],
    }
    return ArrayV3Metadata(**{**args, **kw})


def v3_doc(**kw: Any) -> dict[str, Any]:
    return {**v3().to_dict(), **kw}


def v2(**kw: Any) -> ArrayV2Metadata:
    return ArrayV2Metadata(**{"shape": (10, 20), "dtype": "<f4", "chunks": (5, 5), **kw})


def v2_doc(**kw: Any) -> dict[str, Any]:
    return {**v2().to_dict(), **kw}


def test_v3_properties() -> None:
    m = v3(fill_value=math.nan, dimension_names=("y", "x"), attributes={"a": 1})
    assert m.zarr_format == 3 and m.node_type == "array"
    assert m.dtype == np.dtype("float32") and m.ndim == 2 and m.order is None
    assert m.chunks == (5, 5)
    assert isinstance(m.chunk_key_encoding, DefaultChunkKeyEncoding)
    assert m.encode_chunk_key((1, 2)) == "c/1/2"
    assert np.isnan(m.fill_value) and isinstance(m.fill_value, np.float32)
    assert m.codec_chain is m.codec_chain
    assert m.with_shape((30, 20)).shape == (30, 20)
    assert m.with_attributes({"b": 2}).attributes == {"b": 2}
    assert m == ArrayV3Metadata.from_dict(m.to_dict())
    assert hash(m) == hash(ArrayV3Metadata.from_dict(m.to_dict()))
    assert v3().fill_value == 0.0  # None means the default
    assert "dimension_names" not in v3().to_dict()


def test_v3_extra_fields() -> None:
    extra = {"must_understand": False, "x": [1]}
    m = ArrayV3Metadata.from_dict(v3_doc(my_ext=extra))
    assert m.extra_fields == {"my_ext": extra}
    assert list(m.to_dict())[-1] == "my_ext"
    with pytest.raises(MetadataValidationError, match="'other'"):
        ArrayV3Metadata.from_dict(v3_doc(other={"must_understand": True}))
    with pytest.raises(MetadataValidationError, match="'other'"):
        ArrayV3Metadata.from_dict(v3_doc(other=5))
    with pytest.raises(MetadataValidationError, match="reserved"):
        v3(extra_fields={"shape": {"must_understand": False}})


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"zarr_format": 2}, "'zarr_format' 2"),
        ({"shape": "ab"}, "'shape' 'ab'"),
        ({"shape": [-1, 2]}, "'shape'"),
        ({"data_type": "float128"}, "'data_type' 'float128'"),
        ({"chunk_grid": {"name": "rectilinear"}}, "'chunk_grid'"),
        ({"chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [5]}}}, "dimensions"),
        ({"chunk_key_encoding": {"name": "x"}}, "'chunk_key_encoding'"),
        ({"fill_value": "abc"}, "'fill_value' 'abc'"),
        ({"fill_value": None}, "'fill_value' None"),
        ({"codecs": {"name": "bytes"}}, "'codecs'"),
        ({"attributes": [1]}, "'attributes'"),
        ({"dimension_names": ["a"]}, "dimension_names"),
        ({"dimension_names": "ab"}, "'dimension_names' 'ab'"),
        ({"storage_transformers": {}}, "'storage_transformers'"),
    ],
)
def test_v3_errors_name_field_and_value(change: dict[str, Any], match: str) -> None:
    with pytest.raises(MetadataValidationError, match=match) as info:
        ArrayV3Metadata.from_dict(v3_doc(**change))
    assert str(info.value).startswith("zarr.json")


def test_v3_missing_and_node_type() -> None:
    for key in ("shape", "data_type", "chunk_grid", "chunk_key_encoding", "fill_value", "codecs"):
        doc = v3_doc()
        del doc[key]
        with pytest.raises(MetadataValidationError, match=f"missing required field '{key}'"):
            ArrayV3Metadata.from_dict(doc)
    with pytest.raises(NodeTypeValidationError, match="'group'"):
        ArrayV3Metadata.from_dict(v3_doc(node_type="group"))


def test_v2_properties() -> None:
    m = v2(fill_value=None, order="F", dimension_separator="/", attributes={"a": 1})
    assert m.zarr_format == 2 and m.node_type == "array"
    assert m.fill_value is None and m.order == "F"
    assert m.chunk_key_encoding == V2ChunkKeyEncoding("/")
    assert m.encode_chunk_key((1, 2)) == "1/2" and v2().encode_chunk_key(()) == "0"
    assert m.codec_chain is m.codec_chain
    assert m.with_shape((1, 1)).shape == (1, 1)
    # to_dict() is zarr-python's: the .zarray keys plus "attributes" (before "zarr_format")
    assert m.to_dict() == {**m.zarray_dict(), "attributes": {"a": 1}, "zarr_format": 2}
    assert list(m.to_dict())[-2:] == ["attributes", "zarr_format"]
    assert "attributes" not in m.zarray_dict()
    assert json.loads(m.to_documents()[".zarray"]) == m.zarray_dict()
    assert ArrayV2Metadata.from_dict(m.to_dict()) == m
    assert ArrayV2Metadata.from_dict(m.zarray_dict()) == m.with_attributes({})
    assert m != m.with_attributes({})


def test_v2_codecs() -> None:
    m = v2(compressor={"id": "zstd", "level": 1, "checksum": False}, filters=[])
    assert m.filters is None  # v2 spells "no filters" null
    assert m.to_dict()["compressor"] == {"id": "zstd", "level": 1}
    m = v2(compressor=numcodecs.Zstd(level=1, checksum=True))
    assert m.to_dict()["compressor"] == {"id": "zstd", "level": 1, "checksum": True}
    m = v2(dtype=str, filters=[numcodecs.VLenUTF8()])
    assert m.to_dict()["filters"] == [{"id": "vlen-utf8"}]
    with pytest.raises(ValueError, match="vlen-utf8"):
        v2(dtype=str)
    with pytest.raises(ValueError, match="vlen-bytes"):
        v2(dtype="variable_length_bytes", filters=[numcodecs.VLenUTF8()])


def test_v2_lenient_reading() -> None:
    doc = {"zarr_format": 2, "shape": [0, 4], "chunks": [0, 2], "dtype": "<i4", "extra": 1}
    m = ArrayV2Metadata.from_dict(doc)
    assert m.chunks == (1, 2) and m.order == "C" and m.fill_value is None
    assert m.compressor is None and m.filters is None and m.dimension_separator == "."


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"zarr_format": 3}, "'zarr_format' 3"),
        ({"dtype": "float32"}, "'dtype' 'float32'"),
        ({"dtype": "|O"}, "'dtype' '|O'"),
        ({"chunks": [5]}, "dimensions"),
        ({"chunks": "x"}, "'chunks' 'x'"),
        ({"order": "K"}, "'order' 'K'"),
        ({"dimension_separator": "-"}, "'dimension_separator' '-'"),
        ({"fill_value": [1]}, r"'fill_value' \[1\]"),
        ({"compressor": {"id": "nope"}}, "'compressor'"),
        ({"filters": 5}, "'filters' 5"),
    ],
)
def test_v2_errors_name_field_and_value(change: dict[str, Any], match: str) -> None:
    # an unknown codec keeps its own class (UnknownCodecError), with the same context added
    with pytest.raises((MetadataValidationError, UnknownCodecError), match=match) as info:
        ArrayV2Metadata.from_dict(v2_doc(**change))
    assert str(info.value).startswith(".zarray")


def test_group_metadata() -> None:
    g = GroupMetadata({"a": 1})
    assert g.to_dict() == {"attributes": {"a": 1}, "zarr_format": 3, "node_type": "group"}
    assert GroupMetadata.from_dict(g.to_dict()) == g
    g2 = GroupMetadata({"a": 1}, zarr_format=2)
    assert g2.to_dict() == {"attributes": {"a": 1}, "zarr_format": 2, "node_type": "group"}
    assert GroupMetadata.from_dict(g2.to_dict()) == g2
    assert g2.to_documents() == {
        ".zgroup": b'{\n  "zarr_format": 2\n}',
        ".zattrs": b'{\n  "a": 1\n}',
    }
    assert g2 != g and g2.node_type == "group"
    ext = {"must_understand": False}
    assert GroupMetadata.from_dict({**g.to_dict(), "e": ext}).extra_fields == {"e": ext}
    with pytest.raises(MetadataValidationError, match="'e'"):
        GroupMetadata.from_dict({**g.to_dict(), "e": 1})
    with pytest.raises(NodeTypeValidationError, match="'array'"):
        GroupMetadata.from_dict({**g.to_dict(), "node_type": "array"})
    with pytest.raises(ValueError, match="extra fields"):
        GroupMetadata(zarr_format=2, extra_fields={"e": ext})
    with pytest.raises(ValueError, match="zarr_format"):
        GroupMetadata(zarr_format=4)  # type: ignore[arg-type]


def _b(doc: Any) -> bytes:
    return json.dumps(doc).encode()


def test_parse_node_documents() -> None:
    array3 = v3().to_documents()
    assert parse_node_documents({}, None) is None
    assert parse_node_documents({"zarr.json": None, ".zattrs": b"{}"}, None) is None
    assert parse_node_documents(array3, None) == v3()
    assert parse_node_documents({**array3, ".zgroup": _b({"zarr_format": 2})}, None) == v3()
    assert parse_node_documents({".zgroup": _b({"zarr_format": 2})}, 3) is None
    assert parse_node_documents(array3, 2) is None
    group2 = parse_node_documents({".zgroup": _b({"zarr_format": 2})}, None)
    assert group2 == GroupMetadata(zarr_format=2)
    array2 = v2(attributes={"x": 1}).to_documents()
    assert parse_node_documents(array2, 2) == v2(attributes={"x": 1})
    no_attrs = {".zarray": array2[".zarray"]}
    assert parse_node_documents(no_attrs, None) == v2()
    with pytest.raises(ContainsArrayAndGroupError):
        parse_node_documents({**array2, ".zgroup": _b({"zarr_format": 2})}, None)


@pytest.mark.parametrize(
    ("docs", "error", "match"),
    [
        ({"zarr.json": b"{nope"}, MetadataValidationError, "zarr.json: not valid JSON"),
        ({"zarr.json": b"[1]"}, MetadataValidationError, "zarr.json: expected a JSON object"),
        (
            {"zarr.json": _b({"zarr_format": 2})},
            MetadataValidationError,
            "zarr.json.*'zarr_format'",
        ),
        ({"zarr.json": _b({"zarr_format": 3, "node_type": "x"})}, NodeTypeValidationError, "'x'"),
        ({"zarr.json": _b({"zarr_format": 3})}, NodeTypeValidationError, "None"),
        ({".zarray": b"\xff"}, MetadataValidationError, r"\.zarray: not valid JSON"),
        ({".zarray": _b({"zarr_format": 2})}, MetadataValidationError, r"\.zarray.*'dtype'"),
        ({".zgroup": b"{}"}, MetadataValidationError, r"\.zgroup.*'zarr_format'"),
        ({".zgroup": _b({"zarr_format": 2}), ".zattrs": b"[]"}, MetadataValidationError, ".zattrs"),
    ],
)
def test_parse_node_documents_errors(
    docs: dict[str, bytes], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        parse_node_documents(docs, None)


def test_documents_are_deterministic_json() -> None:
    m = v3(fill_value=-math.inf, attributes={"n": np.int64(3), "f": np.float32(0.5), "b": np.True_})
    docs = m.to_documents(indent=None)
    assert docs == m.to_documents(indent=None)
    doc = json.loads(docs["zarr.json"])
    assert doc["fill_value"] == "-Infinity"
    assert doc["attributes"] == {"n": 3, "f": 0.5, "b": True}
    assert b"\n" not in docs["zarr.json"]
    assert b"Infinity" not in v3(fill_value=math.inf).to_documents()["zarr.json"].replace(
        b'"Infinity"', b""
    )


def test_chunk_grid_inputs() -> None:
    grid = RegularChunkGrid((5, 5))
    assert v3(chunk_grid=grid).chunk_grid is grid
    assert v3(chunk_grid=grid.to_dict()).chunk_grid == grid
    with pytest.raises(ValueError, match="dimensions"):
        v3(chunk_grid=(5,))


@pytest.mark.parametrize(
    ("zarr_format", "shards"), [(2, None), (3, None), (3, (4, 6)), (3, {"shape": (4, 6)})]
)
def test_array_metadata_chunk_properties_as_zarr_python(zarr_format: int, shards: Any) -> None:
    # ArrayV3Metadata.chunks of a sharded array is the inner chunk shape in zarr-python (was
    # the shard shape); shards, sharding_codec, inner_codecs, update_shape and
    # update_attributes were missing.
    import zarrlite

    zarr = pytest.importorskip("zarr")
    kwargs: dict[str, Any] = {"shape": (9, 12), "chunks": (2, 3), "dtype": "i2"}
    if shards is not None:
        kwargs["shards"] = shards
    ours = zarrlite.create_array({}, zarr_format=zarr_format, **kwargs).metadata
    theirs = zarr.create_array({}, zarr_format=zarr_format, **kwargs).metadata
    assert ours.chunks == theirs.chunks == (2, 3)
    assert ours.shards == theirs.shards
    if zarr_format == 3:
        assert ours.chunk_grid.chunk_shape == theirs.chunk_grid.chunk_shape
        assert (ours.sharding_codec is None) == (theirs.sharding_codec is None)
        assert [c.to_dict() for c in ours.inner_codecs] == [
            c.to_dict() for c in theirs.inner_codecs
        ]
    resized = ours.update_shape((3, 4))
    assert resized.shape == (3, 4) and ours.shape == (9, 12)
    assert ours.update_attributes({"a": 1}).attributes == {"a": 1}
    assert resized.chunks == ours.chunks
