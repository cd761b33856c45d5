"""The chunk boundaries along one axis of a rectilinear chunk grid, for the indexers."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import attrs
import numpy as np

__all__ = ["AxisEdges", "ChunkLen", "unit_regions", "unit_sizes"]


@attrs.frozen(eq=False)
class AxisEdges:
    """The chunk boundaries along one axis of a rectilinear grid, bound to the axis length.

    ``offsets[k]`` is where chunk ``k`` starts, ``offsets[k + 1]`` where it ends; ``count`` is
    the number of chunks holding data (those starting before ``length``). Indexers take one of
    these where a regular axis has its chunk length.
    """

    offsets: np.ndarray[Any, np.dtype[np.intp]]
    length: int
    count: int

    @classmethod
    def build(cls, edges: tuple[int, ...], length: int) -> AxisEdges:
        """From explicit edge lengths (which must cover ``length``)."""
        offsets = np.concatenate(([0], np.cumsum(edges))).astype(np.intp)
        count = 0 if length == 0 else int(np.searchsorted(offsets, length, side="left"))
        return cls(offsets, length, count)

    def chunk_of(self, index: int) -> int:
        """The chunk holding element ``index`` (0 <= index < length)."""
        return int(np.searchsorted(self.offsets, index, side="right")) - 1

    def chunks_of(self, indices: np.ndarray[Any, Any]) -> np.ndarray[Any, np.dtype[np.intp]]:
        return np.searchsorted(self.offsets, indices, side="right").astype(np.intp) - 1

    def start(self, chunk: int) -> int:
        return int(self.offsets[chunk])

    def size(self, chunk: int) -> int:
        """The chunk's full edge length (its encoded extent, which may overhang the axis)."""
        return int(self.offsets[chunk + 1] - self.offsets[chunk])

    def sizes(self) -> np.ndarray[Any, np.dtype[np.intp]]:
        return np.diff(self.offsets)

    def data_sizes(self) -> tuple[int, ...]:
        """The length of each chunk holding data, clipped to the axis."""
        stops = np.minimum(self.offsets[1 : self.count + 1], self.length)
        return tuple((stops - self.offsets[: self.count]).tolist())


ChunkLen = int | AxisEdges
"""What an indexer takes per axis: a regular grid's chunk length, or a rectilinear axis' edges."""


def unit_sizes(
    shape: tuple[int, ...], grid: tuple[ChunkLen, ...]
) -> tuple[tuple[int, ...], ...]:
    """Per axis, the length of each chunk clipped to the shape: ``(10,), (4,)`` ->
    ``((4, 4, 2),)`` (dask's ``chunks`` convention)."""
    return tuple(
        axis.data_sizes()
        if isinstance(axis, AxisEdges)
        else tuple(min(axis, n - start) for start in range(0, n, axis))
        for n, axis in zip(shape, grid, strict=True)
    )


def unit_regions(shape: tuple[int, ...], grid: tuple[ChunkLen, ...]) -> Iterator[tuple[slice, ...]]:
    """The region of each chunk of ``grid``, clipped to ``shape``, in C order."""
    axes = []
    for sizes in unit_sizes(shape, grid):
        stops = list(itertools.accumulate(sizes))
        axes.append([slice(stop - size, stop) for size, stop in zip(sizes, stops, strict=True)])
    return itertools.product(*axes)
