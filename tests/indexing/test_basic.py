"""BasicIndexer against numpy: reads and writes through chunk projections, and its errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite.errors import ArrayIndexError, BoundsCheckError, NegativeStepError
from zarrlite.indexing import BasicIndexer, OrthogonalIndexer

from .helpers import data, read_through, write_through
from .strategies import basic_selections, shapes_and_chunks


@st.composite
def cases(draw: st.DrawFn) -> Any:
    shape, chunks = draw(shapes_and_chunks())
    return shape, chunks, draw(basic_selections(shape))


@settings(max_examples=200, deadline=None)
@given(cases())
def test_read_matches_numpy(case: Any) -> None:
    shape, chunks, selection = case
    array = data(shape)
    indexer = BasicIndexer(selection, shape, chunks)
    expected = array[selection]
    assert indexer.shape == indexer.result_shape == expected.shape
    np.testing.assert_array_equal(read_through(indexer, array, chunks), expected)


@settings(max_examples=200, deadline=None)
@given(cases(), st.booleans())
def test_write_matches_numpy(case: Any, scalar: bool) -> None:
    shape, chunks, selection = case
    array = data(shape)
    indexer = BasicIndexer(selection, shape, chunks)
    value = np.asarray(10**6) if scalar else 10**6 + data(indexer.result_shape)
    expected = array.copy()
    expected[selection] = value
    np.testing.assert_array_equal(write_through(indexer, array, chunks, value), expected)


def test_projections_of_a_2d_selection() -> None:
    indexer = BasicIndexer((slice(1, 9), 5), (10, 10), (4, 4))
    projections = list(indexer)
    assert [p.chunk_coords for p in projections] == [(0, 1), (1, 1), (2, 1)]
    assert projections[0].chunk_selection == (slice(1, 4, 1), 1)
    assert projections[0].out_selection == (slice(0, 3),)
    assert projections[2].chunk_selection == (slice(0, 1, 1), 1)
    assert not any(p.is_complete_chunk for p in projections)


def test_complete_chunks() -> None:
    # Chunks wholly inside the slice are complete; the edge chunk (rows 8-9 of a 4-row chunk)
    # never is, because the pipeline's chunk always has the full chunk shape.
    projections = list(BasicIndexer(slice(None), (10,), (4,)))
    assert [p.is_complete_chunk for p in projections] == [True, True, False]
    assert [p.is_complete_chunk for p in BasicIndexer(slice(None), (8,), (4,))] == [True, True]
    assert [p.is_complete_chunk for p in BasicIndexer(slice(0, 8, 2), (8,), (4,))] == [False] * 2
    assert [p.is_complete_chunk for p in BasicIndexer(slice(1, 8), (8,), (4,))] == [False, True]


def test_sparse_step_skips_untouched_chunks() -> None:
    projections = list(BasicIndexer(slice(1, 100, 25), (100,), (10,)))
    assert [p.chunk_coords for p in projections] == [(0,), (2,), (5,), (7,)]
    assert [p.chunk_selection[0].start for p in projections] == [1, 6, 1, 6]
    assert [p.out_selection for p in projections] == [(slice(i, i + 1),) for i in range(4)]


def test_zero_dimensional() -> None:
    array = np.array(5)
    for selection in [(), Ellipsis, (Ellipsis,)]:
        indexer = BasicIndexer(selection, (), ())
        assert indexer.shape == indexer.result_shape == ()
        (p,) = list(indexer)
        assert p.chunk_coords == () and p.is_complete_chunk
        assert read_through(indexer, array, ()) == 5
        assert write_through(indexer, array, (), np.asarray(9)) == 9


def test_empty_selections_have_no_projections() -> None:
    assert list(BasicIndexer(slice(3, 3), (10,), (4,))) == []
    assert list(BasicIndexer((slice(None), 1), (0, 4), (2, 2))) == []
    assert BasicIndexer((slice(None), 1), (0, 4), (2, 2)).shape == (0,)


def test_lazy_iteration() -> None:
    # A million chunks: the indexer is cheap to build and iterate partially.
    indexer = BasicIndexer(Ellipsis, (1000, 1000), (1, 1))
    first = next(iter(indexer))
    assert first.chunk_coords == (0, 0) and first.is_complete_chunk


@pytest.mark.parametrize(
    ("selection", "error", "message"),
    [
        (10, BoundsCheckError, r"index 10 is out of bounds for axis 0 with size 10"),
        (-11, BoundsCheckError, r"index -11 is out of bounds for axis 0 with size 10"),
        ((0, 4), BoundsCheckError, r"index 4 is out of bounds for axis 1 with size 4 \(valid: -4"),
        (slice(None, None, -1), NegativeStepError, r"axis 0 has step -1"),
        ((0, slice(0, 2, -2)), NegativeStepError, r"axis 1 has step -2"),
        ((0, 0, 0), ArrayIndexError, r"too many indices .* 2-dimensional, but 3 were indexed"),
        ((None, 0), ArrayIndexError, r"newaxis"),
        ((0, None), ArrayIndexError, r"newaxis"),
        ((Ellipsis, 0, Ellipsis), ArrayIndexError, r"single Ellipsis"),
        ([1, 2], ArrayIndexError, r"axis 0 for basic indexing"),
        ((0, np.array([1])), ArrayIndexError, r"axis 1 for basic indexing"),
        (1.0, ArrayIndexError, r"1.0 on axis 0"),
        (True, ArrayIndexError, r"True on axis 0"),
        ("a", ArrayIndexError, r"'a' on axis 0"),
        (slice(0.5, 2), ArrayIndexError, r"must be integers"),
    ],
)
def test_errors(selection: Any, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        BasicIndexer(selection, (10, 4), (3, 3))


def test_errors_are_index_errors() -> None:
    for selection in [20, slice(None, None, -1), (0, 0, 0), None]:
        with pytest.raises(IndexError):
            BasicIndexer(selection, (10, 4), (3, 3))


@pytest.mark.parametrize(
    "sel", [slice(0.5, 2), slice(None, 3.0), slice("a", None), slice(None, None, 1.0)]
)
def test_non_integer_slice_is_a_type_error(sel: slice) -> None:
    # A TypeError as numpy's and zarr-python's, and still an IndexError.
    for indexer in (BasicIndexer, OrthogonalIndexer):
        with pytest.raises(TypeError, match="must be integers") as info:
            indexer(sel, (10,), (3,))
        assert isinstance(info.value, ArrayIndexError)


def test_zero_step_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="step cannot be zero"):
        BasicIndexer(slice(None, None, 0), (10,), (3,))


def test_size_zero_axis_int_is_out_of_bounds() -> None:
    with pytest.raises(BoundsCheckError, match="axis 0 with size 0"):
        BasicIndexer(0, (0,), (1,))


def test_bad_chunk_shape() -> None:
    with pytest.raises(ValueError, match="dimensions"):
        BasicIndexer(0, (4,), (2, 2))
    with pytest.raises(ValueError, match="at least 1"):
        BasicIndexer(0, (4,), (0,))


def test_numpy_integer_and_0d_integer_array_indices() -> None:
    array = data((6, 5))
    selections: list[Any] = [(np.int8(-1), np.uint64(2)), (np.array(3), slice(None))]
    for selection in selections:
        indexer = BasicIndexer(selection, array.shape, (4, 2))
        np.testing.assert_array_equal(read_through(indexer, array, (4, 2)), array[selection])
