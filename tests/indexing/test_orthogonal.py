"""OrthogonalIndexer against numpy's ``np.ix_``: reads, writes, mesh layout and errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite.errors import ArrayIndexError, BoundsCheckError, NegativeStepError
from zarrlite.indexing import OrthogonalIndexer
from zarrlite.indexing.orthogonal import open_mesh

from .helpers import data, oindex, read_through, write_through
from .strategies import orthogonal_selections, shapes_and_chunks


@st.composite
def cases(draw: st.DrawFn) -> Any:
    shape, chunks = draw(shapes_and_chunks())
    return shape, chunks, draw(orthogonal_selections(shape))


def _unique(selection: tuple[Any, ...]) -> tuple[Any, ...]:
    """Duplicates make numpy's write order matter; keep the first of each index."""
    items = []
    for item in selection:
        if isinstance(item, list | np.ndarray) and np.asarray(item).dtype != bool:
            arr = np.asarray(item).astype(np.intp)
            _, first = np.unique(arr, return_index=True)
            item = arr[np.sort(first)]
        items.append(item)
    return tuple(items)


@settings(max_examples=200, deadline=None)
@given(cases())
def test_read_matches_numpy(case: Any) -> None:
    shape, chunks, selection = case
    array = data(shape)
    indexer = OrthogonalIndexer(selection, shape, chunks)
    index, expected_shape = oindex(array, selection)
    expected = array[index].reshape(expected_shape)
    assert indexer.shape == indexer.result_shape == expected_shape
    np.testing.assert_array_equal(read_through(indexer, array, chunks), expected)


@settings(max_examples=200, deadline=None)
@given(cases(), st.booleans())
def test_write_matches_numpy(case: Any, scalar: bool) -> None:
    shape, chunks, selection = case
    selection = _unique(selection)
    array = data(shape)
    indexer = OrthogonalIndexer(selection, shape, chunks)
    value = np.asarray(10**6) if scalar else 10**6 + data(indexer.result_shape)
    index, _ = oindex(array, selection)
    expected = array.copy()
    # np.ix_ keeps integer axes as length-1 axes: give the value the same shape.
    mesh_shape = np.broadcast_shapes(*(np.shape(i) for i in index)) if index else ()
    expected[index] = value.reshape(mesh_shape) if value.ndim else value
    np.testing.assert_array_equal(write_through(indexer, array, chunks, value), expected)


def test_duplicates_write_last_wins() -> None:
    array = data((6,))
    indexer = OrthogonalIndexer([1, 4, 1, 1], (6,), (2,))
    result = write_through(indexer, array, (2,), np.array([10, 11, 12, 13]))
    np.testing.assert_array_equal(result, [0, 13, 2, 3, 11, 5])


def test_arrays_on_non_adjacent_axes_keep_axis_order() -> None:
    # numpy would move the dimensions of [0, 2] and 1 (non-adjacent advanced indices) first.
    array = data((4, 5, 6))
    selection = ([3, 0, 2], slice(1, 4), 1)
    indexer = OrthogonalIndexer(selection, array.shape, (2, 2, 4))
    assert indexer.shape == (3, 3)
    np.testing.assert_array_equal(read_through(indexer, array, (2, 2, 4)), array[[3, 0, 2], 1:4, 1])
    selection2 = (1, slice(None), [5, 0])
    np.testing.assert_array_equal(
        read_through(OrthogonalIndexer(selection2, array.shape, (3, 3, 3)), array, (3, 3, 3)),
        array[1][:, [5, 0]],
    )


def test_open_mesh() -> None:
    a, b = np.array([0, 2]), np.array([1])
    assert open_mesh((slice(0, 2), a), (4, 4))[1] is a  # a lone array stays as it is
    mesh = open_mesh((a, slice(0, 3), 1, b, slice(None)), (4, 4, 4, 4, 4))
    assert [np.shape(m) for m in mesh[:4]] == [(2, 1, 1), (1, 3, 1), (), (1, 1, 1)]
    assert mesh[4] == slice(None)


def test_bool_arrays_covering_chunks_are_complete_slices() -> None:
    mask = np.array([True] * 4 + [False, True, True, False])
    projections = list(OrthogonalIndexer((mask, slice(None)), (8, 4), (4, 4)))
    assert projections[0].is_complete_chunk
    assert projections[0].chunk_selection == (slice(0, 4, 1), slice(0, 4, 1))
    assert projections[1].chunk_selection == (slice(1, 3, 1), slice(0, 4, 1))
    assert not projections[1].is_complete_chunk


def test_unsorted_indices_give_array_out_selection() -> None:
    (p,) = list(OrthogonalIndexer(([2, 0, 3, 1],), (4,), (4,)))
    np.testing.assert_array_equal(p.chunk_selection[0], [2, 0, 3, 1])
    # Runs that are arithmetic progressions become slices, on either side.
    first, second = list(OrthogonalIndexer(np.array([5, 0, 7, 1, 6]), (8,), (4,)))
    assert first.chunk_selection == (slice(0, 2, 1),) and first.out_selection == (slice(1, 4, 2),)
    np.testing.assert_array_equal(second.chunk_selection[0], [1, 3, 2])
    assert second.out_selection == (slice(0, 5, 2),)
    first, second = list(OrthogonalIndexer(np.array([4, 0, 5, 1, 2, 6]), (8,), (4,)))
    assert first.chunk_selection == (slice(0, 3, 1),)
    assert isinstance(first.out_selection, tuple) and isinstance(second.out_selection, tuple)
    np.testing.assert_array_equal(first.out_selection[0], [1, 3, 4])
    np.testing.assert_array_equal(second.out_selection[0], [0, 2, 5])


def test_untouched_chunks_are_not_emitted() -> None:
    indexer = OrthogonalIndexer(([0, 9], [9]), (10, 10), (3, 3))
    assert sorted(p.chunk_coords for p in indexer) == [(0, 3), (3, 3)]


def test_large_uint_index_is_out_of_bounds_not_wrapped() -> None:
    with pytest.raises(BoundsCheckError, match="18446744073709551615"):
        OrthogonalIndexer(np.array([2**64 - 1], dtype=np.uint64), (10,), (3,))


@pytest.mark.parametrize(
    ("selection", "error", "message"),
    [
        (([0, 10], 0), BoundsCheckError, r"index 10 is out of bounds for axis 0 with size 10"),
        ((0, [-5]), BoundsCheckError, r"index -5 is out of bounds for axis 1 with size 4"),
        (
            (np.ones(9, dtype=bool),),
            ArrayIndexError,
            r"length 9 does not match axis 0 of length 10",
        ),
        ((0, np.ones((2, 2), dtype=bool)), ArrayIndexError, r"1-dimensional; axis 1"),
        ((np.zeros((2, 2), dtype=int),), ArrayIndexError, r"1-dimensional; axis 0"),
        ((np.array([0.5]),), ArrayIndexError, r"integer or boolean type; axis 0"),
        ((slice(None, None, -1),), NegativeStepError, r"axis 0 has step -1"),
        ((0, 0, 0), ArrayIndexError, r"too many indices"),
        (([0], None), ArrayIndexError, r"newaxis"),
        (("a",), ArrayIndexError, r"axis 0 for orthogonal indexing"),
    ],
)
def test_errors(selection: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        OrthogonalIndexer(selection, (10, 4), (3, 3))
