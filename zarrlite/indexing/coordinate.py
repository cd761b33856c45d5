"""Vectorised (``vindex``) selections: points given by integer arrays, or a boolean mask.

Points are grouped by chunk in one pass: chunk ids by integer division, raveled over the chunk
grid, one stable argsort when they are not already grouped, and a split at the run boundaries.
The buffer is 1-D (one element per point); coordinate results are reshaped afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from zarrlite.errors import VindexInvalidSelectionError
from zarrlite.indexing._common import (
    ChunkProjection,
    IntArray,
    as_index,
    check_chunk_shape,
    ensure_tuple,
    is_int_like,
    nchunks,
)
from zarrlite.indexing._dims import int_array_indices
from zarrlite.indexing._edges import AxisEdges, ChunkLen

__all__ = ["CoordinateBroadcastError", "CoordinateIndexer", "MaskIndexer"]


class CoordinateBroadcastError(VindexInvalidSelectionError, ValueError):
    """Coordinate arrays of shapes that do not broadcast together.

    zarr-python lets numpy's ``ValueError`` through here; an IndexError fits the other bad
    selections, so this is both.
    """


class _PointIndexer:
    """Points (one flat index array per axis, in output order) grouped by chunk."""

    shape: tuple[int, ...]
    result_shape: tuple[int, ...]

    def _group(
        self,
        points: Sequence[IntArray],
        npoints: int,
        chunk_shape: tuple[ChunkLen, ...],
        grid: tuple[int, ...],
    ) -> None:
        """Group flat points by chunk; ``grid`` is the number of chunks per axis."""
        self.shape = (npoints,)
        self._order: IntArray | None = None
        if not chunk_shape or npoints == 0:
            self._starts: list[int] = [0] if npoints else []
            self._ends: list[int] = [npoints] if npoints else []
            self._coords: list[tuple[int, ...]] = [()] if npoints else []
            self._local: list[IntArray] = []
            return
        chunk_ids, local = zip(
            *(_chunk_and_local(p, c) for p, c in zip(points, chunk_shape, strict=True)),
            strict=True,
        )
        raveled = chunk_ids[0]
        for ids, n in zip(chunk_ids[1:], grid[1:], strict=True):
            raveled = raveled * n + ids
        if npoints > 1 and not bool((raveled[1:] >= raveled[:-1]).all()):
            # Stable: points of one chunk keep their order, so duplicates are last-write-wins.
            order = np.argsort(raveled, kind="stable")
            raveled = raveled[order]
            local = tuple(axis[order] for axis in local)
            self._order = order
        starts = np.concatenate(([0], np.flatnonzero(raveled[1:] != raveled[:-1]) + 1))
        firsts = starts if self._order is None else self._order[starts]
        self._starts = starts.tolist()
        self._ends = [*self._starts[1:], npoints]
        self._coords = list(zip(*(ids[firsts].tolist() for ids in chunk_ids), strict=True))
        self._local = list(local)

    def __iter__(self) -> Iterator[ChunkProjection]:
        order, local = self._order, self._local
        for coords, s, e in zip(self._coords, self._starts, self._ends, strict=True):
            run = slice(s, e)
            # A list comprehension is the cheapest way to slice every axis (hot loop); a 0-d
            # chunk gets a length-1 axis so that both sides have shape (1,).
            chunk_sel = tuple([axis[run] for axis in local]) if local else (None,)
            out_sel: tuple[Any, ...] | slice = run if order is None else (order[run],)
            yield ChunkProjection(coords, chunk_sel, out_sel, False)


def _chunk_and_local(points: IntArray, chunk_len: ChunkLen) -> tuple[IntArray, IntArray]:
    """Each point's chunk and its position in that chunk, along one axis."""
    if isinstance(chunk_len, AxisEdges):
        ids = chunk_len.chunks_of(points)
        return ids, points - chunk_len.offsets[ids]
    # divmod gives both in one pass.
    ids, local = np.divmod(points, chunk_len)
    return ids, local


class CoordinateIndexer(_PointIndexer):
    """One integer array (or int) per axis, broadcast together; each element is a point.

    ``result_shape`` is the broadcast shape (a Python int counts as a 1-element array, like
    zarr-python, so ``vindex[1, 2]`` has shape ``(1,)``); ``shape`` is ``(npoints,)``.
    """

    def __init__(
        self, selection: Any, shape: tuple[int, ...], chunk_shape: tuple[ChunkLen, ...]
    ) -> None:
        shape, chunk_shape = tuple(shape), tuple(chunk_shape)
        check_chunk_shape(shape, chunk_shape)
        items = ensure_tuple(selection)
        if len(items) != len(shape):
            raise VindexInvalidSelectionError(
                f"a coordinate selection needs one integer array per axis: the array is "
                f"{len(shape)}-dimensional, got {len(items)} item(s) in {selection!r}"
            )
        # Every item's kind is checked before any bounds, as zarr-python: vindex[9, :] is a
        # VindexInvalidSelectionError (the slice), not a BoundsCheckError.
        arrays = [_coordinate_array(item, axis) for axis, item in enumerate(items)]
        arrays = [
            int_array_indices(a, dim_len, axis)
            for axis, (a, dim_len) in enumerate(zip(arrays, shape, strict=True))
        ]
        try:
            self.result_shape = tuple(np.broadcast_shapes(*(a.shape for a in arrays)))
        except ValueError:
            raise CoordinateBroadcastError(
                "coordinate arrays could not be broadcast together: shapes "
                + ", ".join(str(a.shape) for a in arrays)
            ) from None
        npoints = math.prod(self.result_shape)
        points = [np.broadcast_to(a, self.result_shape).reshape(-1) for a in arrays]
        grid = tuple(nchunks(n, c) for n, c in zip(shape, chunk_shape, strict=True))
        self._group(points, npoints, chunk_shape, grid)

    def __repr__(self) -> str:
        return f"CoordinateIndexer(shape={self.shape}, result_shape={self.result_shape})"


def _coordinate_array(item: Any, axis: int) -> IntArray:
    if is_int_like(item) and not isinstance(item, np.ndarray):
        item = np.asarray([item])
    item = as_index(item)
    if not isinstance(item, np.ndarray) or item.dtype.kind not in "iu":
        raise VindexInvalidSelectionError(
            f"unsupported item {item!r} on axis {axis} for coordinate (vindex) selection: only "
            "integer arrays (one per axis) or a single boolean mask are supported"
        )
    return item


class MaskIndexer(_PointIndexer):
    """One boolean array of the array's shape; selects its True elements in C order.

    ``shape == result_shape == (number of True elements,)``.
    """

    def __init__(
        self, mask: Any, shape: tuple[int, ...], chunk_shape: tuple[ChunkLen, ...]
    ) -> None:
        shape, chunk_shape = tuple(shape), tuple(chunk_shape)
        check_chunk_shape(shape, chunk_shape)
        items = ensure_tuple(mask)
        array = as_index(items[0]) if len(items) == 1 else None
        if not isinstance(array, np.ndarray) or array.dtype != bool or tuple(array.shape) != shape:
            got = (
                f"a boolean array of shape {array.shape}"
                if isinstance(array, np.ndarray) and array.dtype == bool
                else repr(mask)
            )
            raise VindexInvalidSelectionError(
                f"a mask selection must be a single boolean array of the array's shape {shape}; "
                f"got {got}"
            )
        # np.nonzero refuses 0-d input; a 0-d mask selects its one element or nothing.
        points = list(np.nonzero(array)) if shape else []
        npoints = int(np.count_nonzero(array))
        grid = tuple(nchunks(n, c) for n, c in zip(shape, chunk_shape, strict=True))
        self._group(points, npoints, chunk_shape, grid)
        self.result_shape = self.shape

    def __repr__(self) -> str:
        return f"MaskIndexer(shape={self.shape})"
