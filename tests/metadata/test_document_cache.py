"""Array documents parsed once per distinct bytes: copies that share nothing mutable."""

from __future__ import annotations

import json

import numpy as np
import pytest

import zarrlite
from zarrlite.config import ArrayConfig
from zarrlite.metadata import ArrayV2Metadata, ArrayV3Metadata, parse_node_documents
from zarrlite.metadata import documents as documents_module


def v3_document(**extra: object) -> bytes:
    doc = {
        "zarr_format": 3,
        "node_type": "array",
        "shape": [10, 10],
        "data_type": "float32",
        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [5, 5]}},
        "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
        "fill_value": 0.0,
        "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
        "attributes": {"units": "m", "nested": {"a": [1, 2]}},
        "storage_transformers": [],
        **extra,
    }
    return json.dumps(doc).encode()


def test_same_bytes_give_equal_independent_metadata() -> None:
    raw = v3_document(extension={"must_understand": False, "k": [1]})
    first = parse_node_documents({"zarr.json": raw})
    second = parse_node_documents({"zarr.json": raw})
    assert isinstance(first, ArrayV3Metadata) and isinstance(second, ArrayV3Metadata)
    assert first == second and first is not second
    assert raw in documents_module._PARSED_ARRAYS
    # Nothing mutable is shared: changing one leaves the other (and the next parse) as stored.
    first.attributes["units"] = "ft"
    first.attributes["nested"]["a"].append(3)
    first.extra_fields["extension"]["k"].append(2)
    assert second.attributes == {"units": "m", "nested": {"a": [1, 2]}}
    assert second.extra_fields == {"extension": {"must_understand": False, "k": [1]}}
    third = parse_node_documents({"zarr.json": raw})
    assert third == second
    assert third.codec_chain is second.codec_chain  # immutable parts are shared


def test_v2_array_keeps_its_own_zattrs() -> None:
    zarray = json.dumps(
        {
            "zarr_format": 2,
            "shape": [4],
            "chunks": [2],
            "dtype": "<i4",
            "compressor": None,
            "fill_value": 0,
            "order": "C",
            "filters": None,
        }
    ).encode()
    a = parse_node_documents({".zarray": zarray, ".zattrs": b'{"name": "a"}'}, 2)
    b = parse_node_documents({".zarray": zarray, ".zattrs": b'{"name": "b"}'}, 2)
    c = parse_node_documents({".zarray": zarray}, 2)
    assert isinstance(a, ArrayV2Metadata) and isinstance(b, ArrayV2Metadata)
    assert (a.attributes, b.attributes, c.attributes) == ({"name": "a"}, {"name": "b"}, {})
    a.attributes["name"] = "changed"
    assert b.attributes == {"name": "b"}


def test_a_cached_v2_array_document_is_not_decoded_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = {"zarr_format": 2, "shape": [6], "chunks": [3], "dtype": "<f8"}
    document |= {"compressor": None, "fill_value": None, "order": "C", "filters": None}
    zarray = json.dumps(document).encode()
    first = parse_node_documents({".zarray": zarray}, 2)
    decoded: list[str] = []
    real = documents_module.loads_document
    monkeypatch.setattr(
        documents_module, "loads_document", lambda name, raw: decoded.append(name) or real(name, raw)
    )
    again = parse_node_documents({".zarray": zarray, ".zattrs": b'{"k": 1}'}, 2)
    assert decoded == [".zattrs"]
    assert isinstance(again, ArrayV2Metadata) and again.attributes == {"k": 1}
    assert again.shape == first.shape == (6,) and first.attributes == {}


def test_invalid_documents_are_not_cached_and_still_raise() -> None:
    raw = v3_document(shape=[10])  # one dimension, a two-dimensional chunk grid
    for _ in range(2):
        with pytest.raises(zarrlite.errors.MetadataValidationError, match="dimensions"):
            parse_node_documents({"zarr.json": raw})
    assert raw not in documents_module._PARSED_ARRAYS


def test_the_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents_module, "_PARSED_ARRAYS", {})
    for n in range(documents_module._PARSED_ARRAYS_MAX + 10):
        got = parse_node_documents({"zarr.json": v3_document(shape=[n + 1, 10])})
        assert isinstance(got, ArrayV3Metadata) and got.shape == (n + 1, 10)
    assert len(documents_module._PARSED_ARRAYS) <= documents_module._PARSED_ARRAYS_MAX


def test_arrays_of_one_group_share_parsed_metadata_but_not_attributes(tmp_path: object) -> None:
    group = zarrlite.open_group(str(tmp_path), mode="w")
    for name in ("x", "y"):
        group.create_array(name, shape=(8,), chunks=(4,), dtype="f4")
    x, y = group["x"], group["y"]
    x.attrs["only"] = "x"
    assert dict(zarrlite.open_array(str(tmp_path), path="y").attrs) == {}
    assert dict(zarrlite.open_array(str(tmp_path), path="x").attrs) == {"only": "x"}
    np.testing.assert_array_equal(y[:], np.zeros(8, "f4"))


def test_default_array_config_follows_the_global_config() -> None:
    assert ArrayConfig.from_config() is ArrayConfig.from_config()
    with zarrlite.config.set({"array.write_empty_chunks": True}):
        assert ArrayConfig.from_config().write_empty_chunks is True
    assert ArrayConfig.from_config().write_empty_chunks is False


def test_indented_documents_are_json_dumps_output(monkeypatch: pytest.MonkeyPatch) -> None:
    from zarrlite.metadata import _common

    monkeypatch.setattr(_common, "_INDENTED", {})
    docs = [
        {"a": [1, 2, {"b": None}], "c": "é", "d": 1.5, "e": {}},
        {"a": [1, 2, {"b": None}], "c": "é", "d": 1.5, "e": {}},  # equal: from the memo
        {"a": np.float32(0.5), "z": [np.int64(3)]},  # numpy values, as attributes may hold
    ]
    for doc in docs:
        for indent in (2, 4, None):
            expected = json.dumps(doc, indent=indent, default=_common._default).encode()
            assert _common.dumps_json(doc, indent) == expected
    assert len(_common._INDENTED) == 4  # two distinct documents, two indents
    for n in range(_common._INDENTED_MAX_ENTRIES + 5):
        _common.dumps_json({"n": n})
    assert len(_common._INDENTED) <= _common._INDENTED_MAX_ENTRIES


def test_default_array_config_reports_a_bad_global_setting() -> None:
    with zarrlite.config.set({"array.order": ["C"]}):  # unhashable, and not an order
        with pytest.raises(ValueError, match="array order must be 'C' or 'F'"):
            ArrayConfig.from_config()
    with zarrlite.config.set({"array.write_empty_chunks": []}):  # unhashable, and not a bool
        with pytest.raises(ValueError, match="write_empty_chunks must be a bool"):
            ArrayConfig.from_config()
