"""BlockIndexer: selections in chunk-grid coordinates select the region those chunks cover."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite.errors import ArrayIndexError, BoundsCheckError, NegativeStepError
from zarrlite.indexing import BlockIndexer

from .helpers import data, read_through, write_through
from .strategies import block_selections, shapes_and_chunks


def region(selection: Any, shape: tuple[int, ...], chunks: tuple[int, ...]) -> tuple[slice, ...]:
    """numpy oracle: the array region of a block selection."""
    items = list(selection if isinstance(selection, tuple) else (selection,))
    if Ellipsis in items:
        at = items.index(Ellipsis)
        items[at : at + 1] = [slice(None)] * (len(shape) - len(items) + 1)
    items += [slice(None)] * (len(shape) - len(items))
    result = []
    for item, n, c in zip(items, shape, chunks, strict=True):
        nb = -(-n // c)
        if isinstance(item, slice):
            start, stop, _ = item.indices(nb)
        else:
            start = item % nb
            stop = start + 1
        result.append(slice(start * c, max(start * c, stop * c)))
    return tuple(result)


@st.composite
def cases(draw: st.DrawFn) -> Any:
    shape, chunks = draw(shapes_and_chunks())
    return shape, chunks, draw(block_selections(shape, chunks))


@settings(max_examples=150, deadline=None)
@given(cases(), st.booleans())
def test_read_and_write_match_numpy(case: Any, scalar: bool) -> None:
    shape, chunks, selection = case
    array = data(shape)
    indexer = BlockIndexer(selection, shape, chunks)
    where = region(selection, shape, chunks)
    expected = array[where]
    assert indexer.shape == indexer.result_shape == expected.shape
    np.testing.assert_array_equal(read_through(indexer, array, chunks), expected)
    value = np.asarray(10**6) if scalar else 10**6 + data(indexer.result_shape)
    written = array.copy()
    written[where] = value
    np.testing.assert_array_equal(write_through(indexer, array, chunks, value), written)


def test_blocks() -> None:
    indexer = BlockIndexer((1, slice(1, None)), (10, 10), (4, 3))
    assert indexer.shape == (4, 7)  # an int keeps its axis: it selects a whole block
    assert [p.chunk_coords for p in indexer] == [(1, 1), (1, 2), (1, 3)]
    assert [p.is_complete_chunk for p in indexer] == [True, True, False]
    assert BlockIndexer(-1, (10,), (4,)).shape == (2,)  # the last block is clipped
    assert BlockIndexer(slice(5, None), (10,), (4,)).shape == (0,)
    assert BlockIndexer(slice(0, 2, 1.0), (10,), (4,)).shape == (8,)  # a step equal to 1
    assert list(BlockIndexer(slice(2, 1), (10,), (4,))) == []


def test_zero_dimensional() -> None:
    indexer = BlockIndexer((), (), ())
    assert indexer.shape == ()
    assert read_through(indexer, np.array(3), ()) == 3


@pytest.mark.parametrize(
    ("selection", "error", "message"),
    [
        (3, BoundsCheckError, r"block index 3 is out of bounds for axis 0 with size 3"),
        ((0, -3), BoundsCheckError, r"block index -3 is out of bounds for axis 1 with size 2"),
        (slice(None, None, 2), ArrayIndexError, r"step 1"),
        (slice(None, None, -1), NegativeStepError, r"step -1"),
        # Step 0: an IndexError as zarr-python's (a ValueError only for element slices).
        (slice(None, None, 0), ArrayIndexError, r"step 1"),
        ([0, 1], ArrayIndexError, r"block indexing"),
        ((0, 0, 0), ArrayIndexError, r"too many indices"),
        (None, ArrayIndexError, r"newaxis"),
    ],
)
def test_errors(selection: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        BlockIndexer(selection, (10, 4), (4, 3))
