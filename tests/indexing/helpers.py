"""The projection contract, checked by assembling results from full-size chunks.

``read_through`` and ``write_through`` play the chunk pipeline: every chunk is materialised at
its full ``chunk_shape`` (the part outside the array is padding holding a sentinel), and every
projection is applied with plain numpy assignment, asserting that both sides have exactly the
same shape. The callers compare the outcome with numpy.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from zarrlite.indexing import ChunkProjection, Indexer

PAD = -1  # sentinel in the padding of edge chunks; array data is >= 0


def chunk_grid(shape: tuple[int, ...], chunk_shape: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(-(-n // c) for n, c in zip(shape, chunk_shape, strict=True))


def chunk_region(coords: tuple[int, ...], chunk_shape: tuple[int, ...]) -> tuple[Any, ...]:
    """Where a chunk lies in the padded array (``...`` keeps a 0-d result an array)."""
    region = tuple(slice(i * c, (i + 1) * c) for i, c in zip(coords, chunk_shape, strict=True))
    return (*region, Ellipsis)


def padded(array: np.ndarray[Any, Any], chunk_shape: tuple[int, ...]) -> np.ndarray[Any, Any]:
    """The array extended to whole chunks, the extension filled with PAD."""
    grid = chunk_grid(array.shape, chunk_shape)
    full = np.full(tuple(g * c for g, c in zip(grid, chunk_shape, strict=True)), PAD)
    full[tuple(slice(0, n) for n in array.shape)] = array
    return full


def iter_checked(
    indexer: Indexer, shape: tuple[int, ...], chunk_shape: tuple[int, ...]
) -> Iterator[ChunkProjection]:
    """The projections, checking what holds for any of them on its own."""
    grid = chunk_grid(shape, chunk_shape)
    seen: set[tuple[int, ...]] = set()
    for p in indexer:
        assert isinstance(p, ChunkProjection)
        assert isinstance(p.chunk_coords, tuple)
        assert all(type(i) is int for i in p.chunk_coords), p.chunk_coords
        assert len(p.chunk_coords) == len(shape)
        assert all(0 <= i < g for i, g in zip(p.chunk_coords, grid, strict=True)), p
        assert p.chunk_coords not in seen, f"chunk {p.chunk_coords} projected twice"
        seen.add(p.chunk_coords)
        assert isinstance(p.chunk_selection, tuple)
        assert isinstance(p.out_selection, tuple | slice)
        yield p


def read_through(
    indexer: Indexer, array: np.ndarray[Any, Any], chunk_shape: tuple[int, ...]
) -> np.ndarray[Any, Any]:
    """Assemble ``array[selection]`` from the projections (the read direction)."""
    source = padded(array, chunk_shape)
    out = np.full(indexer.shape, -7, dtype=source.dtype)
    hits = np.zeros(indexer.shape, dtype=np.intp)
    for p in iter_checked(indexer, array.shape, chunk_shape):
        chunk = source[chunk_region(p.chunk_coords, chunk_shape)].copy()
        assert chunk.shape == chunk_shape
        values = chunk[p.chunk_selection]
        target = out[p.out_selection]
        assert np.shape(values) == np.shape(target), (p, np.shape(values), np.shape(target))
        assert np.size(values) > 0, f"projection selects nothing: {p}"
        assert not np.any(values == PAD), f"projection reads padding: {p}"
        out[p.out_selection] = values
        np.add.at(hits, p.out_selection, 1)
        if p.is_complete_chunk:
            view = out[p.out_selection]
            assert view.shape == chunk_shape, p
            assert np.shares_memory(view, out), f"complete chunk's out_selection is no view: {p}"
            assert np.array_equal(values, chunk), p
    assert np.all(hits == 1), "every output element must be written exactly once"
    return out.reshape(indexer.result_shape)


def write_through(
    indexer: Indexer,
    array: np.ndarray[Any, Any],
    chunk_shape: tuple[int, ...],
    value: np.ndarray[Any, Any],
) -> np.ndarray[Any, Any]:
    """Write ``value`` (of ``result_shape``) through the projections into a chunked copy."""
    buffer = np.broadcast_to(value, indexer.result_shape).reshape(indexer.shape)
    store = padded(array, chunk_shape)
    for p in iter_checked(indexer, array.shape, chunk_shape):
        chunk = store[chunk_region(p.chunk_coords, chunk_shape)].copy()
        source = buffer[p.out_selection]
        assert np.shape(chunk[p.chunk_selection]) == np.shape(source), p
        chunk[p.chunk_selection] = source
        if p.is_complete_chunk:
            assert np.array_equal(chunk, source), p
        store[chunk_region(p.chunk_coords, chunk_shape)] = chunk
    result = store[tuple(slice(0, n) for n in array.shape)]
    outside = np.ones(store.shape, dtype=bool)
    outside[tuple(slice(0, n) for n in array.shape)] = False
    assert np.all(store[outside] == PAD), "a write touched the padding of an edge chunk"
    return result


def data(shape: tuple[int, ...]) -> np.ndarray[Any, Any]:
    """Distinct non-negative values, so a misplaced element cannot go unnoticed."""
    return np.arange(math.prod(shape), dtype=np.int64).reshape(shape)


def oindex(array: np.ndarray[Any, Any], selection: tuple[Any, ...]) -> Any:
    """numpy oracle of orthogonal indexing: an index tuple for ``np.ix_`` and the result shape."""
    axes: list[Any] = []
    shape: list[int] = []
    for item, n in itertools.zip_longest(selection, array.shape):
        if item is None:
            item = slice(None)
        if isinstance(item, slice):
            axes.append(np.arange(n)[item])
            shape.append(len(axes[-1]))
        elif isinstance(item, int | np.integer):
            axes.append(np.array([item]))
        else:
            arr = np.asarray(item)
            if arr.dtype == bool:
                arr = np.flatnonzero(arr)
            axes.append(arr.astype(np.intp))
            shape.append(len(arr))
    return np.ix_(*axes) if axes else (), tuple(shape)
