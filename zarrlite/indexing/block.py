"""Block selections: ints and slices in chunk-grid coordinates, for ``Array.blocks``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from zarrlite.errors import ArrayIndexError
from zarrlite.indexing._common import (
    ChunkProjection,
    check_chunk_shape,
    check_int,
    chunk_start,
    expand_selection,
    is_int_like,
    nchunks,
)
from zarrlite.indexing._dims import DimIndexer, normalize_slice, slice_dim
from zarrlite.indexing._edges import ChunkLen
from zarrlite.indexing.basic import iter_projections

__all__ = ["BlockIndexer"]


class BlockIndexer:
    """Per axis, a block (chunk) index or a slice of blocks with step 1; Ellipsis allowed.

    The result is the region of the array those blocks cover (clipped at the array's edge).
    An integer keeps its axis (it selects one block, not one element): ``result_shape ==
    shape`` has one entry per array axis. Empty slices of blocks give empty results.
    """

    shape: tuple[int, ...]
    result_shape: tuple[int, ...]

    def __init__(
        self, selection: Any, shape: tuple[int, ...], chunk_shape: tuple[ChunkLen, ...]
    ) -> None:
        shape, chunk_shape = tuple(shape), tuple(chunk_shape)
        check_chunk_shape(shape, chunk_shape)
        items = expand_selection(selection, len(shape))
        dims: list[DimIndexer] = []
        for axis, (item, dim_len, chunk_len) in enumerate(
            zip(items, shape, chunk_shape, strict=True)
        ):
            nblocks = nchunks(dim_len, chunk_len)
            if is_int_like(item):
                block = check_int(item, nblocks, axis, what="block index")
                start, stop = block, block + 1
            elif isinstance(item, slice):
                # Step 0 is a ValueError for element slices, but an IndexError here, as every
                # other step but 1 (as in zarr-python).
                step = 0 if item.step is not None and item.step == 0 else 1
                if step:
                    if item.step is not None and item.step == 1:  # 1.0 too, as zarr-python
                        item = slice(item.start, item.stop)
                    start, stop, step = normalize_slice(item, nblocks, axis)
                if step != 1:
                    raise ArrayIndexError(
                        f"slice {item!r} on axis {axis}: block selections need step 1"
                    )
            else:
                raise ArrayIndexError(
                    f"unsupported item {item!r} on axis {axis} for block indexing: expected an "
                    "integer or a slice"
                )
            region = slice(chunk_start(chunk_len, start), min(chunk_start(chunk_len, stop), dim_len))
            dims.append(slice_dim(region, dim_len, chunk_len, axis))
        self._dims = dims
        self.shape = tuple(d.nitems for d in dims)
        self.result_shape = self.shape

    def __iter__(self) -> Iterator[ChunkProjection]:
        return iter_projections(self._dims)

    def __repr__(self) -> str:
        return f"BlockIndexer(shape={self.shape})"
