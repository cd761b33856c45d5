"""Stored array documents that older writers left invalid are read as zarr-python 3.4 reads
them (``zarrlite.metadata.repair``): which reading, which warning, and which documents must be
stored again before chunks are written."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

from zarrlite.errors import MetadataValidationError, ZarrUserWarning
from zarrlite.metadata import ArrayV2Metadata, ArrayV3Metadata, RectilinearChunkGrid
from zarrlite.metadata.documents import parse_node_documents
from zarrlite.metadata.repair import Reading, repair_v3_document

BYTES = {"name": "bytes", "configuration": {"endian": "little"}}


def v3_doc(shape: list[int], grid: dict[str, Any], codecs: list[Any] | None = None) -> Any:
    return {
        "zarr_format": 3,
        "node_type": "array",
        "shape": shape,
        "data_type": "int32",
        "chunk_grid": grid,
        "chunk_key_encoding": {"name": "default"},
        "fill_value": 0,
        "codecs": codecs or [BYTES],
    }


def regular(*sizes: Any) -> dict[str, Any]:
    return {"name": "regular", "configuration": {"chunk_shape": list(sizes)}}


def rectilinear(*axes: Any, **extra: Any) -> dict[str, Any]:
    return {
        "name": "rectilinear",
        "configuration": {"kind": "inline", "chunk_shapes": list(axes), **extra},
    }


def read_silently(doc: Any) -> ArrayV3Metadata:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return ArrayV3Metadata.from_dict(doc)


def test_valid_documents_pass_unchanged_and_unflagged() -> None:
    doc = v3_doc([6, 8], regular(2, 4))
    assert repair_v3_document(doc)[0] == doc
    # A sharding codec's missing keys stay missing (its defaults apply later).
    sharding = {"name": "sharding_indexed", "configuration": {"chunk_shape": [2]}}
    sharded = v3_doc([8], regular(4), [sharding])
    assert repair_v3_document(sharded) == (sharded, Reading())
    assert not read_silently(doc).rewrite_before_writing


def test_true_is_one_and_zero_on_an_empty_axis_is_one_silently() -> None:
    metadata = read_silently(v3_doc([0, 5, 8], regular(0, True, 4)))
    assert metadata.chunk_grid.chunk_shape == (1, 1, 4)
    # Readers of the stored 0 (tensorstore refuses it) find no chunk shape: store it again.
    assert metadata.rewrite_before_writing
    assert not read_silently(v3_doc([3], regular(True))).rewrite_before_writing


def test_zero_on_an_axis_holding_elements_warns_naming_the_document() -> None:
    with pytest.warns(ZarrUserWarning, match=r"a/zarr\.json: .*chunk size of 0 on axes \[0\]"):
        metadata = parse_node_documents(
            {"zarr.json": json.dumps(v3_doc([6, 8], regular(0, 4))).encode()},
            3,
            "a",
        )
    assert isinstance(metadata, ArrayV3Metadata)
    assert metadata.chunk_grid.chunk_shape == (1, 4)
    assert metadata.rewrite_before_writing


def test_zero_of_a_sharded_array_is_its_inner_chunk_size() -> None:
    sharding = {
        "name": "sharding_indexed",
        "configuration": {"chunk_shape": [2], "codecs": [BYTES], "index_codecs": [BYTES]},
    }
    metadata = read_silently(v3_doc([0], regular(0), [sharding]))
    assert metadata.chunk_grid.chunk_shape == (2,)
    with pytest.warns(ZarrUserWarning, match=r"read as \[2\]"):
        assert ArrayV3Metadata.from_dict(v3_doc([5], regular(False), [sharding])).chunks == (2,)


def test_inner_chunk_sizes_stored_as_true_are_one() -> None:
    sharding = {
        "name": "sharding_indexed",
        "configuration": {"chunk_shape": [True], "codecs": [BYTES], "index_codecs": [BYTES]},
    }
    metadata = read_silently(v3_doc([4], regular(2), [sharding]))
    assert metadata.codecs[0].to_dict()["configuration"]["chunk_shape"] == [1]


def test_edge_lists_in_a_regular_grid_are_the_rectilinear_grid_they_describe() -> None:
    # What zarr-python 3.2 stored for chunks=(2, (5, 10, 5)).
    with pytest.warns(ZarrUserWarning, match=r"lists chunk edge lengths on axes \[1\]"):
        metadata = ArrayV3Metadata.from_dict(v3_doc([6, 20], regular(2, [5, 10, 5])))
    assert metadata.chunk_grid == RectilinearChunkGrid((2, (5, 10, 5)))
    assert metadata.rewrite_before_writing
    # Only a mix was ever written: a grid of lists only is refused, as in zarr-python.
    with pytest.raises(MetadataValidationError, match="chunk_grid"):
        ArrayV3Metadata.from_dict(v3_doc([6, 20], regular([2, 4], [5, 10, 5])))


@pytest.mark.parametrize(
    ("stored", "edges"),
    [
        ([[True, 4], [[5, 2]]], ((1, 4), (5, 5))),  # zarr-python 3.2 for chunks=[[True, 4], ...]
        ([[[4.0, 2]], [5.0, 5]], ((4, 4), (5, 5))),
    ],
)
def test_rectilinear_edges_stored_as_true_or_whole_floats_are_integers(
    stored: Any, edges: Any
) -> None:
    metadata = read_silently(v3_doc([5, 10], rectilinear(*stored)))
    assert metadata.chunk_grid == RectilinearChunkGrid(edges)
    assert not metadata.rewrite_before_writing  # the same chunks for every reader
    with pytest.raises(MetadataValidationError, match=r"must be an integer, got 4\.5"):
        ArrayV3Metadata.from_dict(v3_doc([5], rectilinear([4.5, 1])))


def test_unknown_rectilinear_configuration_keys_are_ignored() -> None:
    metadata = read_silently(v3_doc([5], rectilinear([1, 4], **{"x-note": "hi"})))
    assert metadata.to_dict()["chunk_grid"] == rectilinear([1, 4])


def test_v2_zero_chunk_sizes() -> None:
    doc = {"zarr_format": 2, "shape": [0, 5], "chunks": [0, 5], "dtype": "<i4"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        metadata = ArrayV2Metadata.from_dict(doc)
    assert metadata.chunks == (1, 5) and metadata.rewrite_before_writing
    with pytest.warns(ZarrUserWarning, match=r"\.zarray: .*axes \[1\]"):
        assert ArrayV2Metadata.from_dict({**doc, "chunks": [1, 0]}).chunks == (1, 1)
