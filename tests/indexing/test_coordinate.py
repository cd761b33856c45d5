"""CoordinateIndexer and MaskIndexer (vindex) against numpy fancy indexing."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite.errors import BoundsCheckError, VindexInvalidSelectionError
from zarrlite.indexing import CoordinateIndexer, MaskIndexer

from .helpers import data, read_through, write_through
from .strategies import coordinate_selections, shapes_and_chunks


def numpy_index(selection: tuple[Any, ...]) -> tuple[Any, ...]:
    """A Python int counts as a 1-element array (zarr-python's vindex rule)."""
    return tuple(
        np.array([i]) if isinstance(i, int) else np.asarray(i, dtype=np.intp) for i in selection
    )


@st.composite
def coordinate_cases(draw: st.DrawFn) -> Any:
    shape, chunks = draw(shapes_and_chunks(min_dims=1))
    return shape, chunks, draw(coordinate_selections(shape))


@settings(max_examples=250, deadline=None)
@given(coordinate_cases())
def test_coordinate_read_matches_numpy(case: Any) -> None:
    shape, chunks, selection = case
    array = data(shape)
    indexer = CoordinateIndexer(selection, shape, chunks)
    expected = array[numpy_index(selection)]
    assert indexer.result_shape == expected.shape
    assert indexer.shape == (expected.size,)
    np.testing.assert_array_equal(read_through(indexer, array, chunks), expected)


@settings(max_examples=150, deadline=None)
@given(coordinate_cases(), st.booleans())
def test_coordinate_write_matches_numpy(case: Any, scalar: bool) -> None:
    # Duplicate points: both numpy and the projections keep the last value written.
    shape, chunks, selection = case
    array = data(shape)
    indexer = CoordinateIndexer(selection, shape, chunks)
    value = np.asarray(10**6) if scalar else 10**6 + data(indexer.result_shape)
    expected = array.copy()
    expected[numpy_index(selection)] = value
    np.testing.assert_array_equal(write_through(indexer, array, chunks, value), expected)


@st.composite
def mask_cases(draw: st.DrawFn) -> Any:
    shape, chunks = draw(shapes_and_chunks())
    size = int(np.prod(shape))
    bits = draw(st.lists(st.booleans(), min_size=size, max_size=size))
    return shape, chunks, np.array(bits, dtype=bool).reshape(shape)


@settings(max_examples=200, deadline=None)
@given(mask_cases(), st.booleans())
def test_mask_read_and_write_match_numpy(case: Any, scalar: bool) -> None:
    shape, chunks, mask = case
    array = data(shape)
    indexer = MaskIndexer(mask, shape, chunks)
    expected = array[mask]
    assert indexer.shape == indexer.result_shape == expected.shape
    np.testing.assert_array_equal(read_through(indexer, array, chunks), expected)
    value = np.asarray(10**6) if scalar else 10**6 + data(indexer.result_shape)
    written = array.copy()
    written[mask] = value
    np.testing.assert_array_equal(write_through(indexer, array, chunks, value), written)


def test_points_grouped_by_chunk_in_one_pass() -> None:
    indexer = CoordinateIndexer(([7, 0, 6, 1], [0, 0, 1, 1]), (8, 2), (4, 2))
    projections = list(indexer)
    assert [p.chunk_coords for p in projections] == [(0, 0), (1, 0)]
    np.testing.assert_array_equal(projections[0].chunk_selection[0], [0, 1])
    assert isinstance(projections[0].out_selection, tuple)  # unsorted points: an index array
    np.testing.assert_array_equal(projections[0].out_selection[0], [1, 3])
    np.testing.assert_array_equal(projections[1].chunk_selection[0], [3, 2])
    assert not any(p.is_complete_chunk for p in projections)


def test_sorted_points_have_slice_out_selections() -> None:
    projections = list(CoordinateIndexer((np.arange(10),), (10,), (3,)))
    assert [p.out_selection for p in projections] == [
        slice(0, 3),
        slice(3, 6),
        slice(6, 9),
        slice(9, 10),
    ]


def test_broadcasting_and_ints() -> None:
    array = data((5, 6))
    rows = np.array([[0], [4]])
    indexer = CoordinateIndexer((rows, [1, 5, 2]), array.shape, (2, 4))
    assert indexer.result_shape == (2, 3) and indexer.shape == (6,)
    np.testing.assert_array_equal(read_through(indexer, array, (2, 4)), array[rows, [1, 5, 2]])
    # Like zarr-python: ints are 1-element arrays, so all-int points have shape (1,).
    assert CoordinateIndexer((1, 2), array.shape, (2, 4)).result_shape == (1,)
    assert CoordinateIndexer((np.array(1), np.array(2)), array.shape, (2, 4)).result_shape == ()


def test_zero_dimensional() -> None:
    array = np.array(5)
    coord = CoordinateIndexer((), (), ())
    assert coord.shape == (1,) and coord.result_shape == ()
    assert read_through(coord, array, ()) == 5
    assert write_through(coord, array, (), np.asarray(8)) == 8
    for bit in (True, False):
        mask = MaskIndexer(np.array(bit), (), ())
        assert mask.shape == mask.result_shape == (int(bit),)
        np.testing.assert_array_equal(read_through(mask, array, ()), array[np.array(bit)])


def test_million_points_over_100k_chunks_is_fast() -> None:
    import time

    rng = np.random.default_rng(0)
    shape, chunks = (1000, 1000), (10, 1)  # 100k chunks
    points = tuple(rng.integers(0, n, 10**6) for n in shape)
    start = time.perf_counter()
    indexer = CoordinateIndexer(points, shape, chunks)
    count = sum(1 for _ in indexer)
    elapsed = time.perf_counter() - start
    touched = np.unique((points[0] // 10) * 1000 + points[1])
    assert count == len(touched) > 99_000
    assert elapsed < 5, f"{elapsed:.2f}s"


@pytest.mark.parametrize(
    ("selection", "error", "message"),
    [
        (([0, 10], [0, 0]), BoundsCheckError, r"index 10 is out of bounds for axis 0 with size 10"),
        (([0], [-5]), BoundsCheckError, r"index -5 is out of bounds for axis 1 with size 4"),
        ((slice(0, 2), [1]), VindexInvalidSelectionError, r"slice\(0, 2, None\) on axis 0"),
        ((Ellipsis, [1]), VindexInvalidSelectionError, r"Ellipsis on axis 0"),
        # The kind of every item is checked before bounds, as in zarr-python.
        ((10, slice(None)), VindexInvalidSelectionError, r"slice\(None, None, None\) on axis 1"),
        (([1, 2],), VindexInvalidSelectionError, r"2-dimensional, got 1 item"),
        (([1, 2], [1], [1]), VindexInvalidSelectionError, r"got 3 item"),
        (
            ([1, 2], [1, 2, 3]),
            VindexInvalidSelectionError,
            r"broadcast together: shapes \(2,\), \(3,\)",
        ),
        (([1], np.array([True])), VindexInvalidSelectionError, r"axis 1"),
        (([1], np.array([0.5])), VindexInvalidSelectionError, r"axis 1"),
        (([1], None), VindexInvalidSelectionError, r"None on axis 1"),
    ],
)
def test_coordinate_errors(selection: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        CoordinateIndexer(selection, (10, 4), (3, 3))


@pytest.mark.parametrize(
    ("mask", "message"),
    [
        (np.ones(10, dtype=bool), r"shape \(10, 4\); got a boolean array of shape \(10,\)"),
        (np.ones((4, 10), dtype=bool), r"got a boolean array of shape \(4, 10\)"),
        (np.ones((10, 4), dtype=int), r"single boolean array"),
        ((np.ones((10, 4), dtype=bool), slice(None)), r"single boolean array"),
    ],
)
def test_mask_errors(mask: Any, message: str) -> None:
    with pytest.raises(VindexInvalidSelectionError, match=message):
        MaskIndexer(mask, (10, 4), (3, 3))


def test_mask_accepts_a_one_tuple_and_a_list() -> None:
    assert MaskIndexer((np.array([True, False, True]),), (3,), (2,)).shape == (2,)
    assert MaskIndexer([True, False, True], (3,), (2,)).shape == (2,)
