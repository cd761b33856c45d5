"""Indexers over a rectilinear grid (``AxisEdges`` on some axes) against numpy: every kind of
selection is assembled from chunks of their own full edge lengths, and must equal numpy's."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite.indexing import (
    BasicIndexer,
    BlockIndexer,
    CoordinateIndexer,
    Indexer,
    MaskIndexer,
    OrthogonalIndexer,
)
from zarrlite.indexing._common import expand_selection
from zarrlite.indexing._edges import AxisEdges, ChunkLen, unit_regions, unit_sizes

from .helpers import oindex
from .strategies import (
    basic_selections,
    coordinate_selections,
    orthogonal_selections,
)

PAD = -1


@st.composite
def rectilinear_layouts(draw: st.DrawFn) -> tuple[tuple[int, ...], tuple[ChunkLen, ...]]:
    """A shape and, per axis, a chunk length or explicit edges covering the axis (the last
    edge may overhang it, as after a shrinking resize)."""
    ndim = draw(st.integers(1, 3))
    shape = tuple(draw(st.lists(st.integers(0, 9), min_size=ndim, max_size=ndim)))
    grid: list[ChunkLen] = []
    for n in shape:
        if draw(st.booleans()):
            grid.append(draw(st.integers(1, 4)))
            continue
        edges = draw(st.lists(st.integers(1, 4), min_size=1, max_size=12))
        while sum(edges) < n:
            edges.append(draw(st.integers(1, 4)))
        grid.append(AxisEdges.build(tuple(edges), n))
    return shape, tuple(grid)


def axis_bounds(n: int, axis: ChunkLen) -> list[tuple[int, int]]:
    """Start and full end of each chunk of an axis."""
    if isinstance(axis, AxisEdges):
        offsets = axis.offsets.tolist()
        return [(offsets[k], offsets[k + 1]) for k in range(axis.count)]
    return [(k * axis, (k + 1) * axis) for k in range(-(-n // axis))]


def chunks_of(values: np.ndarray[Any, Any], grid: tuple[ChunkLen, ...]) -> dict[Any, Any]:
    """Every chunk at its full shape, padded with PAD beyond the array."""
    chunks = {}
    bounds = [axis_bounds(n, axis) for n, axis in zip(values.shape, grid, strict=True)]
    for coords in itertools.product(*(range(len(b)) for b in bounds)):
        spans = [b[c] for b, c in zip(bounds, coords, strict=True)]
        chunk = np.full(tuple(e - s for s, e in spans), PAD)
        part = values[tuple(slice(s, e) for s, e in spans)]
        chunk[tuple(slice(0, m) for m in part.shape)] = part
        chunks[coords] = chunk
    return chunks


def read_through(indexer: Indexer, chunks: dict[Any, Any]) -> np.ndarray[Any, Any]:
    out = np.full(indexer.shape, -2)
    seen = set()
    for p in indexer:
        assert p.chunk_coords in chunks, p.chunk_coords
        assert p.chunk_coords not in seen
        seen.add(p.chunk_coords)
        chunk = chunks[p.chunk_coords]
        part = chunk[p.chunk_selection]
        assert np.size(part), f"chunk {p.chunk_coords} is projected but none of it is selected"
        assert (np.asarray(part) != PAD).all(), f"the selection reaches beyond the array in {p.chunk_coords}"
        if p.is_complete_chunk:
            assert out[p.out_selection].shape == chunk.shape
        out[p.out_selection] = part
    return out.reshape(indexer.result_shape)


def values_for(shape: tuple[int, ...]) -> np.ndarray[Any, Any]:
    return np.arange(int(np.prod(shape))).reshape(shape)  # >= 0: never PAD


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_basic_and_orthogonal(data: st.DataObject) -> None:
    shape, grid = data.draw(rectilinear_layouts())
    values = values_for(shape)
    chunks = chunks_of(values, grid)
    selection = data.draw(basic_selections(shape))
    expected = values[expand_selection(selection, len(shape))]
    np.testing.assert_array_equal(read_through(BasicIndexer(selection, shape, grid), chunks), expected)
    selection = data.draw(orthogonal_selections(shape))
    index, result_shape = oindex(values, selection)
    expected = values[index].reshape(result_shape)
    np.testing.assert_array_equal(
        read_through(OrthogonalIndexer(selection, shape, grid), chunks), expected
    )


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_points_masks_and_blocks(data: st.DataObject) -> None:
    shape, grid = data.draw(rectilinear_layouts())
    values = values_for(shape)
    chunks = chunks_of(values, grid)
    points = data.draw(coordinate_selections(shape))
    expected = values[
        tuple(np.array([p]) if isinstance(p, int) else np.asarray(p, dtype=np.intp) for p in points)
    ]
    np.testing.assert_array_equal(
        read_through(CoordinateIndexer(points, shape, grid), chunks), expected
    )
    flags = data.draw(st.lists(st.booleans(), min_size=values.size, max_size=values.size))
    mask = np.asarray(flags, dtype=bool)
    mask = mask.reshape(shape)
    np.testing.assert_array_equal(read_through(MaskIndexer(mask, shape, grid), chunks), values[mask])
    regions = list(unit_regions(shape, grid))
    sizes = unit_sizes(shape, grid)
    assert all(sum(axis) == n for axis, n in zip(sizes, shape, strict=True))
    if regions and all(shape):
        counts = [len(axis) for axis in sizes]
        block = tuple(data.draw(st.integers(0, c - 1)) for c in counts)
        region = regions[int(np.ravel_multi_index(block, counts))]
        np.testing.assert_array_equal(
            read_through(BlockIndexer(block, shape, grid), chunks), values[region]
        )
