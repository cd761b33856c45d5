"""The pure indexing layer: any selection on a chunked array → per-chunk projections.

Synchronous numpy code, shared by the async and blocking flavours. Every indexer has ``shape``
(the buffer ``out_selection`` addresses), ``result_shape`` (what the user gets) and iterates
the :class:`ChunkProjection` of each chunk the selection touches, so that for a full-size chunk
array ``chunk``: ``out[p.out_selection] = chunk[p.chunk_selection]`` reads and
``chunk[p.chunk_selection] = value[p.out_selection]`` writes.
"""

from __future__ import annotations

__all__ = [
    "BasicIndexer",
    "BlockIndexer",
    "ChunkProjection",
    "CoordinateIndexer",
    "Fields",
    "FieldNotFoundError",
    "Indexer",
    "MaskIndexer",
    "OrthogonalIndexer",
    "SelectionKind",
    "check_fields",
    "classify_selection",
    "is_pure_fancy_indexing",
    "is_pure_orthogonal_indexing",
    "normalize_fields",
    "pop_fields",
]

from zarrlite.indexing._common import ChunkProjection, Indexer
from zarrlite.indexing.basic import BasicIndexer
from zarrlite.indexing.block import BlockIndexer
from zarrlite.indexing.coordinate import CoordinateIndexer, MaskIndexer
from zarrlite.indexing.dispatch import (
    FieldNotFoundError,
    Fields,
    SelectionKind,
    check_fields,
    classify_selection,
    is_pure_fancy_indexing,
    is_pure_orthogonal_indexing,
    normalize_fields,
    pop_fields,
)
from zarrlite.indexing.orthogonal import OrthogonalIndexer
