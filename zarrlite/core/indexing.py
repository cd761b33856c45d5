"""zarr-python's ``zarr.core.indexing`` path for the indexer objects and indexing errors.

``a.oindex`` / ``a.vindex`` / ``a.blocks`` return these classes; xarray's tests (and code that
type-checks or patches them) name them by this path. zarr-python's indexer internals
(``BasicIndexer``, ``ChunkProjection``, ...) are not provided: zarrlite's live in
:mod:`zarrlite.indexing` with their own shapes.
"""

from __future__ import annotations

from zarrlite._async.selection import AsyncBlockIndex, AsyncOIndex, AsyncVIndex
from zarrlite._sync.selection import BlockIndex, OIndex, VIndex
from zarrlite.errors import (
    ArrayIndexError,
    BoundsCheckError,
    NegativeStepError,
    VindexInvalidSelectionError,
)

__all__ = [
    "ArrayIndexError",
    "AsyncBlockIndex",
    "AsyncOIndex",
    "AsyncVIndex",
    "BlockIndex",
    "BoundsCheckError",
    "NegativeStepError",
    "OIndex",
    "VIndex",
    "VindexInvalidSelectionError",
]
