"""Selection dispatch (classify_selection) and structured-dtype fields, mirroring zarr-python."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from zarrlite.errors import ArrayIndexError, VindexInvalidSelectionError
from zarrlite.indexing import (
    BasicIndexer,
    CoordinateIndexer,
    FieldNotFoundError,
    Indexer,
    MaskIndexer,
    OrthogonalIndexer,
    check_fields,
    classify_selection,
    is_pure_fancy_indexing,
    is_pure_orthogonal_indexing,
    pop_fields,
)

from .helpers import data, read_through

B6 = np.array([True, False, True, True, False, True])
B7 = np.array([True, False, False, True, False, True, True])

# (shape, selection, expected kind) — the kind zarr-python's Array.__getitem__ would pick.
CASES: list[tuple[tuple[int, ...], Any, str]] = [
    ((), (), "basic"),
    ((), Ellipsis, "basic"),
    ((), np.array(True), "mask"),
    ((9,), 3, "basic"),
    ((9,), slice(1, 7, 2), "basic"),
    ((9,), Ellipsis, "basic"),
    ((9,), [3, 1, 1], "coordinate"),
    ((9,), np.array([3, 1]), "coordinate"),
    ((9,), ([3, 1],), "coordinate"),
    ((9,), (np.array([3, 1]),), "coordinate"),
    ((9,), [True] * 9, "mask"),
    ((9,), np.ones(9, dtype=bool), "mask"),
    ((9,), (np.ones(9, dtype=bool),), "orthogonal"),
    ((6, 7), 1, "basic"),
    ((6, 7), (1, -2), "basic"),
    ((6, 7), (slice(1, 5), 2), "basic"),
    ((6, 7), (Ellipsis, 1), "basic"),
    ((6, 7), (np.int64(1), 2), "basic"),
    ((6, 7), [1, 2], "orthogonal"),
    ((6, 7), ([1, 2],), "orthogonal"),
    ((6, 7), ([1, 2], slice(None)), "orthogonal"),
    ((6, 7), (slice(None), [3, 1]), "orthogonal"),
    ((6, 7), (2, [3, 1]), "coordinate"),
    ((6, 7), ([1, 2], [3, 4]), "coordinate"),
    ((6, 7), ([1], [3, 4]), "coordinate"),
    ((6, 7), (np.array([[1], [2]]), np.array([3, 4])), "coordinate"),
    ((6, 7), (np.int64(1), [1, 2]), "coordinate"),
    ((6, 7), ([1, 2], 1), "coordinate"),
    ((6, 7), ([1, 2], list(B7)), "orthogonal"),
    ((6, 7), (B6, B7), "orthogonal"),
    ((6, 7), (B6, slice(None)), "orthogonal"),
    ((6, 7), (slice(None), B7), "orthogonal"),
    ((6, 7), list(B6), "orthogonal"),
    ((6, 7), np.ones((6, 7), dtype=bool), "mask"),
    ((6, 7), B6, "mask"),  # vindex then refuses it: not of the array's shape
    ((6, 7), (Ellipsis, [1, 2]), "basic"),  # zarr-python refuses it
    ((6, 7), (np.int64(0), slice(None), [1]), "basic"),
    ((6, 7), np.array([[1, 2], [0, 1]]), "orthogonal"),  # then refused: 2-D array
    ((6, 7), [[1, 2], [0, 1]], "basic"),
    ((6, 7), (True, 1), "basic"),
    ((4, 5, 6), ([1, 2], slice(None), [0, 1]), "basic"),  # two arrays with a slice: refused
    ((4, 5, 6), ([1, 2], [0, 1], [1, 1]), "coordinate"),
    ((4, 5, 6), ([1], 0, slice(None)), "orthogonal"),
    ((4, 5, 6), (0, slice(None), [1, 0]), "orthogonal"),
    ((4, 5, 6), ([1, 2], [0, 1], [True] * 6), "orthogonal"),
]


@pytest.mark.parametrize(("shape", "selection", "kind"), CASES)
def test_classify_selection(shape: tuple[int, ...], selection: Any, kind: str) -> None:
    assert classify_selection(selection, len(shape)) == kind


INDEXERS: dict[str, Any] = {
    "basic": BasicIndexer,
    "orthogonal": OrthogonalIndexer,
    "coordinate": CoordinateIndexer,
    "mask": MaskIndexer,
}


def getitem(array: np.ndarray[Any, Any], chunks: tuple[int, ...], selection: Any) -> Any:
    """What Array.__getitem__ does: pop fields, classify, index, assemble from chunks."""
    _, selection = pop_fields(selection)
    kind = classify_selection(selection, array.ndim)
    indexer: Indexer = INDEXERS[kind](selection, array.shape, chunks)
    return read_through(indexer, array, chunks)


class TestAgainstZarrPython:
    """The same expressions, on zarr-python 3 (reference behaviour only)."""

    zarr_indexing = pytest.importorskip("zarr.core.indexing")

    @pytest.mark.parametrize(("shape", "selection", "kind"), CASES)
    def test_predicates_agree(self, shape: tuple[int, ...], selection: Any, kind: str) -> None:
        ndim = len(shape)
        fancy = self.zarr_indexing.is_pure_fancy_indexing(selection, ndim)
        ortho = self.zarr_indexing.is_pure_orthogonal_indexing(selection, ndim)
        assert is_pure_fancy_indexing(selection, ndim) == fancy
        assert is_pure_orthogonal_indexing(selection, ndim) == ortho
        if fancy:
            assert kind in ("coordinate", "mask")
        elif ortho and kind == "basic":
            # zarr-python's orthogonal indexer over ints and slices only: basic indexing.
            items = selection if isinstance(selection, tuple) else (selection,)
            assert all(isinstance(s, int | slice) for s in items)
        else:
            assert kind == ("orthogonal" if ortho else "basic")

    @pytest.mark.parametrize(("shape", "selection", "kind"), CASES)
    def test_getitem_agrees(self, shape: tuple[int, ...], selection: Any, kind: str) -> None:
        import warnings

        import zarr

        chunks = tuple(max(1, (n + 1) // 2) for n in shape)
        array = data(shape)
        z = zarr.create_array({}, shape=shape, chunks=chunks, dtype="i8")
        z[...] = array
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                expected = np.asarray(z[selection])
        except (IndexError, ValueError):
            if shape == () and kind == "mask":
                pytest.skip("zarr-python cannot apply a 0-d mask; we can")
            with pytest.raises(IndexError):
                getitem(array, chunks, selection)
            return
        result = getitem(array, chunks, selection)
        assert result.shape == expected.shape
        np.testing.assert_array_equal(result, expected)

    @pytest.mark.parametrize(
        "selection",
        [
            "a",
            ("a",),
            ("a", "b"),
            ("a", 1),
            (1, "a"),
            ("a", 1, "b", slice(None)),
            (1, 2),
            1,
            [1, 2],
            (slice(None),),
            (Ellipsis, "b"),
        ],
    )
    def test_pop_fields_agrees(self, selection: Any) -> None:
        fields, rest = self.zarr_indexing.pop_fields(selection)
        ours, our_rest = pop_fields(selection)
        assert ours == (fields if fields != [] else None)
        assert our_rest == rest


def test_vindex_rejections_surface_from_the_indexers() -> None:
    with pytest.raises(VindexInvalidSelectionError):
        MaskIndexer(B6, (6, 7), (3, 3))
    with pytest.raises(IndexError):
        getitem(data((6, 7)), (3, 3), (Ellipsis, [1, 2]))


def test_pop_fields() -> None:
    assert pop_fields("a") == ("a", ())
    assert pop_fields(["a", "b"]) == (["a", "b"], ())
    assert pop_fields(("a", 1, slice(2))) == ("a", (1, slice(2)))
    assert pop_fields((["a"], 1)) == (["a"], 1)  # a list keeps a structured result
    assert pop_fields(("a", ["b", "c"], Ellipsis)) == (["a", "b", "c"], Ellipsis)
    assert pop_fields((1, 2)) == (None, (1, 2))
    assert pop_fields([]) == (None, [])  # an empty list is an (empty) index, not fields
    assert pop_fields(5) == (None, 5)


STRUCT = np.dtype([("a", "<i4"), ("b", "<f8"), ("c", "S3")])


def test_check_fields() -> None:
    assert check_fields(None, STRUCT) == STRUCT
    assert check_fields("b", STRUCT) == np.dtype("<f8")
    assert check_fields(["c", "a"], STRUCT) == np.dtype([("c", "S3"), ("a", "<i4")])
    assert check_fields([], STRUCT) == STRUCT
    with pytest.raises(
        FieldNotFoundError, match=r"field 'x' not found .* fields are \['a', 'b', 'c'\]"
    ):
        check_fields("x", STRUCT)
    with pytest.raises(KeyError):
        check_fields(["a", "x"], STRUCT)
    with pytest.raises(IndexError, match="'x'"):
        check_fields(["x"], STRUCT)
    with pytest.raises(ArrayIndexError, match="has no fields"):
        check_fields("a", np.dtype("i4"))
    with pytest.raises(ArrayIndexError, match="string or a list of strings"):
        check_fields(3, STRUCT)  # type: ignore[arg-type]


def test_field_error_message_is_plain() -> None:
    with pytest.raises(FieldNotFoundError) as info:
        check_fields("zz", STRUCT)
    assert str(info.value).startswith("field 'zz' not found")
