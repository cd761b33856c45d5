"""The pure metadata model of Zarr v2 and v3: data types, fill values, chunk grids and keys,
array and group metadata, consolidated metadata, and their JSON documents."""

from __future__ import annotations

from zarrlite.metadata.chunk_grid import (
    RegularChunkGrid,
    guess_chunks,
    normalize_chunks,
    parse_chunk_grid,
)
from zarrlite.metadata.chunk_key import (
    ChunkKeyEncoding,
    DefaultChunkKeyEncoding,
    V2ChunkKeyEncoding,
    parse_chunk_key_encoding,
)
from zarrlite.metadata.consolidated import ConsolidatedMetadata
from zarrlite.metadata.documents import METADATA_DOCUMENTS, NodeMetadata, parse_node_documents
from zarrlite.metadata.dtypes import (
    OBJECT_CODEC_IDS,
    STRING_DTYPE,
    VLEN_BYTES_DTYPE,
    dtype_from_v2,
    dtype_from_v3,
    dtype_to_v2,
    dtype_to_v3,
    is_variable_length,
    parse_dtype,
)
from zarrlite.metadata.fill_value import (
    default_fill_value,
    fill_value_from_json,
    fill_value_to_json,
    parse_fill_value,
)
from zarrlite.metadata.group import GroupMetadata
from zarrlite.metadata.rectilinear import RectilinearChunkGrid
from zarrlite.metadata.v2 import ArrayV2Metadata
from zarrlite.metadata.v3 import ArrayV3Metadata

__all__ = [
    "METADATA_DOCUMENTS",
    "OBJECT_CODEC_IDS",
    "STRING_DTYPE",
    "VLEN_BYTES_DTYPE",
    "ArrayV2Metadata",
    "ArrayV3Metadata",
    "ChunkKeyEncoding",
    "ConsolidatedMetadata",
    "DefaultChunkKeyEncoding",
    "GroupMetadata",
    "NodeMetadata",
    "RectilinearChunkGrid",
    "RegularChunkGrid",
    "V2ChunkKeyEncoding",
    "default_fill_value",
    "dtype_from_v2",
    "dtype_from_v3",
    "dtype_to_v2",
    "dtype_to_v3",
    "fill_value_from_json",
    "fill_value_to_json",
    "guess_chunks",
    "is_variable_length",
    "normalize_chunks",
    "parse_chunk_grid",
    "parse_chunk_key_encoding",
    "parse_dtype",
    "parse_fill_value",
    "parse_node_documents",
]
