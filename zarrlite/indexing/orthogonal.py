"""Orthogonal (outer) selections: each axis independently an int, slice, int array or bool array.

numpy indexes several arrays *together* (pointwise) and moves the dimensions of non-adjacent
advanced indices to the front. To make ``chunk[chunk_selection]`` and ``out[out_selection]``
have the same shape, the advanced part of each side is rewritten as an open mesh (like
``np.ix_``) spanning one contiguous block of axes, so every dimension stays in natural order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import numpy as np

from zarrlite.errors import ArrayIndexError
from zarrlite.indexing._common import (
    ChunkProjection,
    as_index,
    check_chunk_shape,
    chunk_size,
    expand_selection,
    is_int_like,
)
from zarrlite.indexing._dims import (
    DimIndexer,
    array_dim,
    bool_indices,
    int_array_indices,
    int_dim,
    slice_dim,
)
from zarrlite.indexing._edges import ChunkLen
from zarrlite.indexing.basic import iter_projections

__all__ = ["OrthogonalIndexer", "open_mesh"]


def open_mesh(selection: tuple[Any, ...], lengths: tuple[int, ...]) -> tuple[Any, ...]:
    """Rewrite a per-axis selection so numpy indexes its arrays orthogonally, in axis order.

    Integers are advanced indices too once an array is present. All advanced axes are gathered
    into one contiguous block (slices inside it become ranges); the kept axes of that block get
    arrays shaped ``(1, .., n, .., 1)``, so the block's dimensions appear in place and in order.
    A lone array (no integers) is left alone: numpy already keeps its dimension in place.
    """
    arrays = [i for i, s in enumerate(selection) if isinstance(s, np.ndarray)]
    if not arrays:
        return selection
    ints = [i for i, s in enumerate(selection) if not isinstance(s, slice | np.ndarray)]
    if len(arrays) == 1 and not ints:
        return selection
    advanced = arrays + ints
    lo, hi = min(advanced), max(advanced)
    kept = [i for i in range(lo, hi + 1) if isinstance(selection[i], slice | np.ndarray)]
    result = list(selection)
    for k, axis in enumerate(kept):
        item = selection[axis]
        if isinstance(item, slice):
            item = np.arange(*item.indices(lengths[axis]), dtype=np.intp)
        mesh_shape = [1] * len(kept)
        mesh_shape[k] = -1
        result[axis] = item.reshape(mesh_shape)
    return tuple(result)


class OrthogonalIndexer:
    """Per axis: an int, a slice (step >= 1), a 1-D int array (any order, duplicates, negatives)
    or a 1-D bool array of the axis' length. Lists count as arrays.

    The result is the outer product of the per-axis selections; integer axes are dropped.
    ``result_shape == shape``.
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
            dims.append(_dim_indexer(as_index(item), dim_len, chunk_len, axis))
        self._dims = dims
        self._chunk_shape = chunk_shape
        self.shape = tuple(d.nitems for d in dims if not d.dropped)
        self.result_shape = self.shape
        # An axis yields arrays (rather than slices) only where its indices are not a
        # progression inside a chunk. numpy keeps a lone array's axis in place, so a mesh is
        # needed only for two arrays, or (chunk side) an array beside an integer index.
        chunk_arrays = sum(_yields(d, 1) for d in dims)
        out_arrays = sum(_yields(d, 2) for d in dims)
        dropped = any(d.dropped for d in dims)
        self._mesh_chunk = chunk_arrays > 1 or (chunk_arrays == 1 and dropped)
        self._mesh_out = out_arrays > 1

    def __iter__(self) -> Iterator[ChunkProjection]:
        if not (self._mesh_chunk or self._mesh_out):
            return iter_projections(self._dims)
        return self._iter_meshed()

    def _iter_meshed(self) -> Iterator[ChunkProjection]:
        mesh_chunk, mesh_out = self._mesh_chunk, self._mesh_out
        for combo in itertools.product(*(d.projections for d in self._dims)):
            coords, chunk_sel, all_out, complete = zip(*combo, strict=True)
            out_sel = tuple([o for o in all_out if o is not None])
            if mesh_chunk:
                lengths = tuple(map(chunk_size, self._chunk_shape, coords))
                chunk_sel = open_mesh(chunk_sel, lengths)
            if mesh_out:
                out_sel = open_mesh(out_sel, self.shape)
            yield ChunkProjection(coords, chunk_sel, out_sel or (Ellipsis,), all(complete))

    def __repr__(self) -> str:
        return f"OrthogonalIndexer(shape={self.shape})"


def _yields(dim: DimIndexer, side: int) -> bool:
    """Whether any projection of an axis has an array on one side (1: chunk, 2: output)."""
    return any(isinstance(p[side], np.ndarray) for p in dim.projections)


def _dim_indexer(item: Any, dim_len: int, chunk_len: ChunkLen, axis: int) -> DimIndexer:
    if isinstance(item, slice):
        return slice_dim(item, dim_len, chunk_len, axis)
    if is_int_like(item):
        return int_dim(item, dim_len, chunk_len, axis)
    if isinstance(item, np.ndarray):
        if item.dtype == bool:
            return array_dim(bool_indices(item, dim_len, axis), chunk_len, is_sorted=True)
        if item.dtype.kind in "iu":
            if item.ndim != 1:
                raise ArrayIndexError(
                    f"integer arrays in an orthogonal selection must be 1-dimensional; axis "
                    f"{axis} got one of shape {item.shape} (use Array.vindex for points)"
                )
            return array_dim(int_array_indices(item, dim_len, axis), chunk_len)
        raise ArrayIndexError(
            f"arrays used as indices must be of integer or boolean type; axis {axis} got "
            f"dtype {item.dtype}"
        )
    raise ArrayIndexError(
        f"unsupported item {item!r} on axis {axis} for orthogonal indexing: expected an "
        "integer, a slice, an integer array or a boolean array"
    )
