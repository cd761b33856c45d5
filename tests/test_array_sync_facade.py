"""Members only the blocking ``Array`` has (zarrlite/_facade/sync.py), checked against numpy and
zarr-python 3.4.2: item assignment of every selection kind, ``shape =``, the
``nchunks_initialized`` property, ``Attributes``, ``__array__``, iteration, ``async_array``.
The members both flavours share are in tests/_async/test_array_surface.py."""

from __future__ import annotations

import inspect
import pickle
import warnings
from typing import Any

import anyio
import numpy as np
import pytest

import zarrlite
from zarrlite._async.array import AsyncArray
from zarrlite._facade.sync import Attributes
from zarrlite._sync.store.memory import MemoryStore


def make(shape: tuple[int, ...] = (6, 5), chunks: tuple[int, ...] = (4, 2)) -> Any:
    arr = zarrlite.create_array(store=MemoryStore(), shape=shape, chunks=chunks, dtype="i4")
    arr[...] = np.arange(1, 1 + int(np.prod(shape)), dtype="i4").reshape(shape)
    return arr


def test_item_assignment_of_every_kind() -> None:
    arr = make()
    expected = np.asarray(arr)
    arr[1, 2:4] = -1
    expected[1, 2:4] = -1
    arr.oindex[[0, 5], [True, False, True, False, False]] = -2
    expected[np.ix_([0, 5], [0, 2])] = -2
    arr.vindex[[2, 3], [4, 0]] = [-3, -4]
    expected[[2, 3], [4, 0]] = [-3, -4]
    mask = expected % 7 == 0
    arr.vindex[mask] = -5
    expected[mask] = -5
    arr[expected == 9] = -6  # a bool array in item syntax is a mask selection
    expected[expected == 9] = -6
    arr.blocks[1, 2] = -7
    expected[4:6, 4:5] = -7
    arr[[1, 2], [0, 0]] = [-8, -9]  # two int lists: coordinate (as zarr-python)
    expected[[1, 2], [0, 0]] = [-8, -9]
    np.testing.assert_array_equal(arr[...], expected)
    np.testing.assert_array_equal(arr.oindex[[4, 1], :], expected[[4, 1], :])
    np.testing.assert_array_equal(arr.vindex[[4, 1], [0, 3]], expected[[4, 1], [0, 3]])
    np.testing.assert_array_equal(arr.blocks[0], expected[:4])


def test_array_value_is_read_first() -> None:
    source = make()
    target = zarrlite.create_array(store=MemoryStore(), shape=(6, 5), chunks=(3, 3), dtype="i4")
    target[...] = source  # zarr-python #3857: a zarr array as the value
    np.testing.assert_array_equal(target[...], source[...])


def test_shape_setter_resizes() -> None:
    arr = make()
    arr.shape = (3, 5)
    assert arr.shape == (3, 5)
    assert zarrlite.open_array(arr.store).shape == (3, 5)
    assert arr.nchunks_initialized == 3
    arr.shape = (6, 5)
    np.testing.assert_array_equal(arr[3:], 0)


def test_nchunks_initialized_is_a_property() -> None:
    arr = zarrlite.create_array(store=MemoryStore(), shape=(4, 4), chunks=(2, 2), dtype="u1")
    assert arr.nchunks_initialized == 0
    arr[0, 0] = 1
    assert arr.nchunks_initialized == 1
    assert isinstance(type(arr).nchunks_initialized, property)


def test_nchunks_initialized_of_a_sharded_array_matches_zarr_python() -> None:
    zarr = pytest.importorskip("zarr")
    ours = zarrlite.create_array(store={}, shape=(10,), chunks=(1,), shards=(2,), dtype="i1")
    theirs = zarr.create_array(store={}, shape=(10,), chunks=(1,), shards=(2,), dtype="i1")
    for arr in (ours, theirs):
        arr[:5] = 1
    assert ours.nchunks_initialized == theirs.nchunks_initialized == 6  # zarr-python's docs
    assert ours._nshards_initialized == theirs._nshards_initialized == 3
    assert isinstance(type(ours)._nshards_initialized, property)  # a property, as there
    assert "Shards Initialized : 3" in repr(ours.info_complete())
    assert "Shards Initialized : 3" in repr(theirs.info_complete())


def test_dunder_array() -> None:
    arr = make((3, 2), (2, 2))
    data = np.arange(1, 7, dtype="i4").reshape(3, 2)
    np.testing.assert_array_equal(np.asarray(arr), data)
    as_float = np.asarray(arr, dtype="f8")
    assert as_float.dtype == np.float64
    np.testing.assert_array_equal(np.array(arr, copy=True), data)
    with pytest.raises(ValueError, match="copy"):
        np.array(arr, copy=False)
    assert np.sum(arr) == data.sum()  # numpy functions go through __array__


def test_len_and_iteration() -> None:
    arr = make((5, 2), (2, 2))
    assert len(arr) == 5
    rows = list(arr)
    assert len(rows) == 5
    np.testing.assert_array_equal(np.stack(rows), arr[...])
    scalar = zarrlite.create_array(store=MemoryStore(), shape=(), dtype="i4")
    with pytest.raises(TypeError):
        len(scalar)
    with pytest.raises(TypeError):
        iter(scalar)


def test_attributes_mapping_persists_every_write() -> None:
    store = MemoryStore()
    arr = zarrlite.create_array(store=store, shape=(2,), dtype="i4", attributes={"a": 1})
    attributes = arr.attrs
    assert isinstance(attributes, Attributes)
    attributes["b"] = [1, 2]
    assert zarrlite.open_array(store).attrs.asdict() == {"a": 1, "b": [1, 2]}
    del attributes["a"]
    assert dict(zarrlite.open_array(store).attrs) == {"b": [1, 2]}
    with pytest.raises(KeyError):
        attributes["missing"]
    attributes.put({"c": "x"})
    assert zarrlite.open_array(store).attrs.asdict() == {"c": "x"}
    assert len(attributes) == 1 and list(attributes) == ["c"] and "c" in attributes
    assert repr(attributes) == "{'c': 'x'}"
    attributes.update({"d": 1, "e": 2})
    assert zarrlite.open_array(store).attrs.asdict() == {"c": "x", "d": 1, "e": 2}


def test_attributes_update_is_one_write() -> None:
    # One update_attributes call for all keys: a value that is not JSON stores none of them
    # (key by key, the keys before it were persisted), and a mapping of n keys is one write.
    store = MemoryStore()
    arr = zarrlite.create_array(store=store, shape=(2,), dtype="i4", attributes={"a": 1})
    with pytest.raises(TypeError):
        arr.attrs.update({"b": 2, "c": {3}})
    assert arr.attrs.asdict() == {"a": 1}
    assert zarrlite.open_array(store).attrs.asdict() == {"a": 1}
    writes: list[str] = []
    set_many = store.set_many

    def counting_set_many(items: Any) -> Any:
        items = list(items)
        writes.extend(key for key, _ in items)
        return set_many(items)

    store.set_many = counting_set_many  # type: ignore[method-assign]
    arr.attrs.update([("b", 2)], c=3, d=4)
    assert writes == ["zarr.json"]
    assert zarrlite.open_array(store).attrs.asdict() == {"a": 1, "b": 2, "c": 3, "d": 4}


def test_attributes_methods_take_zarr_pythons_parameters() -> None:
    # Attributes.put(d) in zarr-python (was put(attributes): put(d=...) failed).
    reference = pytest.importorskip("zarr.core.attributes").Attributes
    for name in ["put", "asdict"]:
        theirs = list(inspect.signature(getattr(reference, name)).parameters)
        assert list(inspect.signature(getattr(Attributes, name)).parameters) == theirs
    group = zarrlite.open_group(store=None, mode="w", attributes={"a": 1})
    group.attrs.put(d={"b": 2})
    assert group.attrs.asdict() == {"b": 2}


def test_async_array_shares_the_data() -> None:
    arr = make((4,), (2,))
    twin = arr.async_array
    assert isinstance(twin, AsyncArray)
    assert twin.metadata == arr.metadata and twin.path == arr.path

    async def read_and_write() -> Any:
        await twin.setitem(0, 99)
        return await twin.getitem(Ellipsis)

    np.testing.assert_array_equal(anyio.run(read_and_write), [99, 2, 3, 4])
    assert arr[0] == 99


def test_pickle_sync_array() -> None:
    arr = make((4,), (2,))
    clone = pickle.loads(pickle.dumps(arr))
    assert type(clone) is type(arr)
    np.testing.assert_array_equal(clone[...], arr[...])


# -- the same expressions on zarr-python 3.4.2 ------------------------------------------------

SELECTIONS: list[Any] = [
    (1, 2),
    (slice(1, 5, 2), -1),
    Ellipsis,
    (Ellipsis, 1),
    [0, 4],  # an int list on a 2-d array: orthogonal
    ([0, 4], [1, 2]),  # two int lists: coordinate
    (np.array([True, False, True, False, False, True]),),
    (slice(None), [3, 1]),
    np.arange(30).reshape(6, 5) % 4 == 0,
]


@pytest.mark.parametrize("selection", SELECTIONS, ids=[str(i) for i in range(len(SELECTIONS))])
def test_item_syntax_matches_zarr_python(selection: Any) -> None:
    zarr = pytest.importorskip("zarr")
    data = np.arange(30, dtype="i4").reshape(6, 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = zarr.create_array(store={}, shape=(6, 5), chunks=(4, 2), dtype="i4")
        theirs[...] = data
        try:
            expected = theirs[selection]
        except IndexError as error:
            refused: type[Exception] | None = type(error)
        else:
            refused = None
            theirs[selection] = -1
            expected_after = theirs[...]
    ours = zarrlite.create_array(store=MemoryStore(), shape=(6, 5), chunks=(4, 2), dtype="i4")
    ours[...] = data
    if refused is not None:  # the same selection is refused with the same class name
        with pytest.raises(IndexError) as caught:
            ours[selection]
        assert type(caught.value).__name__ == refused.__name__
        return
    result = ours[selection]
    if np.shape(expected) == ():
        # A single element: a numpy scalar, as numpy (zarr-python's a[1, 2] is a 0-d array by
        # a quirk of its dispatch; its get_basic_selection((1, 2)) is a scalar).
        assert isinstance(result, np.generic) and result.dtype == expected.dtype
    else:
        assert isinstance(result, np.ndarray) and result.shape == np.shape(expected)
    np.testing.assert_array_equal(result, expected)
    ours[selection] = -1
    np.testing.assert_array_equal(ours[...], expected_after)


def test_group_update_attributes_async_is_awaitable() -> None:
    root = zarrlite.open_group(store=None, mode="w")

    async def update() -> None:
        assert await root.update_attributes_async({"k": 1}) is root

    anyio.run(update)
    assert dict(root.attrs) == {"k": 1}


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_group_members_is_a_tuple(zarr_format: int) -> None:
    # zarr-python's blocking Group.members returns a tuple (len, indexing, iterating twice); the
    # other listings (keys, arrays, groups, ...) are generators there and here.
    root = zarrlite.open_group(store=None, mode="w", zarr_format=zarr_format)
    root.create_group("b").create_array("c", shape=(2,), dtype="i1")
    root.create_array("a", shape=(1,), dtype="i1")
    found = root.members(max_depth=None)
    assert isinstance(found, tuple)
    assert [(path, type(node).__name__) for path, node in found] == [
        ("a", "Array"),
        ("b", "Group"),
        ("b/c", "Array"),
    ]
    assert [path for path, _ in root.members()] == ["a", "b"]
    assert root.members(0, use_consolidated_for_children=False)[1][0] == "b"
