"""Random selections, read and written through every accessor, on the same array in zarrlite
and in zarr-python 3.4: whatever zarr-python accepts, zarrlite accepts too and gives the same
values (same shape and dtype), and leaves the same array after a write.

Selections mix integers (Python and numpy, negative, out of bounds), slices with any bounds,
Ellipsis, integer lists and arrays (empty too) and boolean arrays, in 0-3 dimensional arrays,
sharded or not. zarrlite is more permissive than zarr-python in places (a 0-d ``vindex[()]``,
empty integer lists, a 0-d integer array, several Ellipsis-with-array combinations, where
zarr-python raises an internal ``IndexError`` or ``ValueError``); those cases are not compared.
Nor are writes through integer indices that name one element twice: zarrlite keeps the last
value, as numpy does, zarr-python the first (docs/api-coverage.md; the numpy oracle's test is
``tests/indexing/test_orthogonal.py``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zarrlite

zarr = pytest.importorskip("zarr", minversion="3.4")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")

_ACCESSORS = ["getitem", "oindex", "vindex", "basic", "setitem", "oindex_set", "vindex_set"]


@st.composite
def layouts(draw: st.DrawFn) -> dict[str, Any]:
    ndim = draw(st.integers(0, 3))
    chunks = tuple(draw(st.integers(1, 4)) for _ in range(ndim))
    zarr_format = draw(st.sampled_from([2, 3]))
    layout: dict[str, Any] = {
        "shape": tuple(draw(st.integers(0, 7)) for _ in range(ndim)),
        "chunks": chunks,
        "zarr_format": zarr_format,
        "dtype": draw(st.sampled_from(["i4", "f8", "u1", "bool"])),
        "fill_value": draw(st.sampled_from([0, 1])),
        "config": {"write_empty_chunks": draw(st.booleans())},
    }
    if zarr_format == 2:
        layout["order"] = draw(st.sampled_from(["C", "F"]))
    elif ndim and draw(st.booleans()):
        layout["shards"] = tuple(c * draw(st.integers(1, 3)) for c in chunks)
    return layout


def _axis_item(draw: st.DrawFn, n: int) -> Any:
    kind = draw(
        st.sampled_from(["int", "np_int", "slice", "all", "ellipsis", "list", "array", "mask"])
    )
    if kind in ("int", "np_int"):
        index = draw(st.integers(-n - 1, n))
        return np.int64(index) if kind == "np_int" else index
    if kind == "slice":
        bound = st.none() | st.integers(-n - 2, n + 2)
        return slice(draw(bound), draw(bound), draw(st.none() | st.integers(1, 3)))
    if kind == "all":
        return slice(None)
    if kind == "ellipsis":
        return Ellipsis
    if kind in ("list", "array"):
        indices = draw(st.lists(st.integers(-n - 1, n), max_size=4))
        return indices if kind == "list" else np.array(indices, dtype=np.int64)
    return np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)


@st.composite
def selections(draw: st.DrawFn, shape: tuple[int, ...]) -> Any:
    count = draw(st.integers(0, len(shape) + 1))
    items = [_axis_item(draw, shape[i] if i < len(shape) else 3) for i in range(count)]
    if len(items) == 1 and draw(st.booleans()):
        return items[0]  # a bare item, not a 1-tuple
    return tuple(items)


def _apply(array: Any, accessor: str, selection: Any, value: Any) -> Any:
    if accessor == "getitem":
        return array[selection]
    if accessor == "oindex":
        return array.oindex[selection]
    if accessor == "vindex":
        return array.vindex[selection]
    if accessor == "basic":
        return array.get_basic_selection(selection)
    if accessor == "setitem":
        array[selection] = value
    elif accessor == "oindex_set":
        array.oindex[selection] = value
    else:
        array.vindex[selection] = value
    return array[...]


def _outcome(array: Any, accessor: str, selection: Any, value: Any) -> Any:
    try:
        return np.asarray(_apply(array, accessor, selection, value))
    except Exception as error:
        return error


def _repeats_an_index(selection: Any, shape: tuple[int, ...]) -> bool:
    """Whether an integer list or array of ``selection`` may name one position twice: negative
    indices count from the end of an axis, and since Ellipsis shifts the items to other axes,
    every axis's length is tried (at worst a case that could have been compared is skipped)."""
    items = selection if isinstance(selection, tuple) else (selection,)
    for item in items:
        if isinstance(item, list) or (isinstance(item, np.ndarray) and item.dtype.kind in "iu"):
            indices = [int(i) for i in np.ravel(item)]
            for n in (*shape, 0):
                positions = [i % n if n else i for i in indices]
                if len(set(positions)) < len(positions):
                    return True
    return False


def _write_value(array: Any, accessor: str, selection: Any, as_array: bool) -> Any:
    """A scalar, or an array of the shape the same selection reads (7 if it cannot be read)."""
    if not as_array:
        return 7
    reader = {"setitem": "getitem", "oindex_set": "oindex", "vindex_set": "vindex"}[accessor]
    try:
        shape = np.shape(_apply(array, reader, selection, None))
    except Exception:
        return 7
    return np.random.default_rng(5).integers(2, 90, size=shape).astype(array.dtype)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(layout=layouts(), data=st.data())
def test_selections_match_zarr_python(layout: dict[str, Any], data: st.DataObject) -> None:
    contents = np.random.default_rng(0).integers(1, 100, size=layout["shape"])
    theirs = zarr.create_array(zarr.storage.MemoryStore(), **layout)
    ours = zarrlite.create_array(zarrlite.storage.MemoryStore(), **layout)
    theirs[...] = contents.astype(layout["dtype"])
    ours[...] = contents.astype(layout["dtype"])
    selection = data.draw(selections(layout["shape"]), label="selection")
    accessor = data.draw(st.sampled_from(_ACCESSORS), label="accessor")
    value = None
    if accessor.endswith("set"):
        if _repeats_an_index(selection, layout["shape"]):
            return
        value = _write_value(ours, accessor, selection, data.draw(st.booleans()))
    expected = _outcome(theirs, accessor, selection, value)
    if isinstance(expected, Exception):
        return  # zarrlite may refuse it too, or (documented above) accept it
    got = _outcome(ours, accessor, selection, value)
    assert not isinstance(got, Exception), (selection, accessor, got)
    assert got.shape == expected.shape, (selection, accessor)
    assert got.dtype == expected.dtype, (selection, accessor)
    np.testing.assert_array_equal(got, expected, err_msg=f"{selection!r} {accessor}")
