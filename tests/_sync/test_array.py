# Generated from tests/_async/test_array.py by codegen. Do not edit.

"""Array lifecycle and I/O through the public async API (run under asyncio, trio and, generated, sync)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import numpy as np
import pytest

from zarrlite._sync import api
from zarrlite._sync.array import Array
from zarrlite._sync.store.local import LocalStore
from zarrlite._sync.store.memory import MemoryStore
from zarrlite.errors import (
    ArrayNotFoundError,
    ContainsArrayError,
    ContainsGroupError,
    ReadOnlyError,
    UnknownCodecError,
)


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_create_write_read_roundtrip(zarr_format: int) -> None:
    store = MemoryStore()
    arr = api.create_array(
        store, name="a", shape=(10, 7), chunks=(4, 3), dtype="int32", zarr_format=zarr_format
    )
    data = np.arange(70, dtype="int32").reshape(10, 7)
    arr.setitem(Ellipsis, data)
    np.testing.assert_array_equal(arr.getitem(Ellipsis), data)
    np.testing.assert_array_equal(arr.getitem((slice(3, 9), slice(2, 6))), data[3:9, 2:6])
    np.testing.assert_array_equal(arr.getitem((-1, 2)), data[-1, 2])
    reopened = api.open_array(store, path="a")
    np.testing.assert_array_equal(reopened.getitem(Ellipsis), data)
    assert reopened.zarr_format == zarr_format
    assert reopened.shape == (10, 7)
    assert reopened.chunks == (4, 3)
    assert reopened.nchunks == 9
    assert reopened.cdata_shape == (3, 3)


class _KeepsValues(MemoryStore):
    """A store whose ``set_sync`` keeps the value object it is given (no copy), as a store
    may: the pipeline must then pass values that outlive the call."""

    @property
    def set_sync_copies_value(self) -> bool:
        return False

    def set_sync(self, key: str, value: Any) -> None:
        self._check_writable(key)
        self._store_dict[self._prefix + key] = value


@pytest.mark.parametrize("compressed", [True, False])
def test_written_chunks_outlive_the_pipeline_buffers(compressed: bool) -> None:
    """Chunk bytes are encoded into reused per-thread buffers only for stores that copy them
    (``set_sync_copies_value``); a store that keeps what it is given gets owned bytes."""
    store = _KeepsValues()
    compressors: Any = "auto" if compressed else None
    arr = api.create_array(
        store, shape=(64, 64), chunks=(16, 16), dtype="float32", compressors=compressors
    )
    data = np.random.default_rng(3).standard_normal((64, 64)).astype("float32")
    arr.setitem(Ellipsis, data)
    np.testing.assert_array_equal(arr.getitem(Ellipsis), data)
    assert MemoryStore().set_sync_copies_value and not store.set_sync_copies_value


def test_missing_chunks_read_fill_value_and_partial_writes() -> None:
    arr = api.create_array(
        MemoryStore(), shape=(6, 6), chunks=(4, 4), dtype="float64", fill_value=np.nan
    )
    arr.setitem((slice(1, 3), slice(1, 3)), 5.0)
    expected = np.full((6, 6), np.nan)
    expected[1:3, 1:3] = 5.0
    np.testing.assert_array_equal(arr.getitem(Ellipsis), expected)
    assert arr._nchunks_initialized() == 1


def test_write_empty_chunks_false_deletes_fill_chunks() -> None:
    store = MemoryStore()
    arr = api.create_array(store, shape=(8,), chunks=(4,), dtype="uint8", fill_value=0)
    arr.setitem(Ellipsis, np.arange(8, dtype="uint8"))
    assert arr._nchunks_initialized() == 2
    arr.setitem(slice(4, 8), 0)
    assert arr._nchunks_initialized() == 1
    kept = api.create_array(
        MemoryStore(), shape=(8,), chunks=(4,), dtype="uint8", config={"write_empty_chunks": True}
    )
    kept.setitem(Ellipsis, 0)
    assert kept._nchunks_initialized() == 2


def test_attributes_persist() -> None:
    store = MemoryStore()
    arr = api.create_array(store, shape=(2,), dtype="f4", attributes={"a": 1})
    arr.update_attributes({"b": [1, 2]})
    reopened = api.open_array(store)
    assert reopened.attrs == {"a": 1, "b": [1, 2]}


def test_resize_and_append() -> None:
    arr = api.create_array(MemoryStore(), shape=(5, 4), chunks=(2, 2), dtype="i2")
    arr.setitem(Ellipsis, np.arange(20, dtype="i2").reshape(5, 4))
    arr.resize((3, 4))
    assert arr.shape == (3, 4)
    arr.resize((5, 4))
    grown = arr.getitem(Ellipsis)
    np.testing.assert_array_equal(grown[:3], np.arange(12).reshape(3, 4))
    np.testing.assert_array_equal(grown[3:], 0)  # old values never come back
    new_shape = arr.append(np.ones((2, 4), dtype="i2"))
    assert new_shape == (7, 4)
    np.testing.assert_array_equal(arr.getitem(Ellipsis)[5:], 1)
    assert arr.append(np.full((7, 1), 9, dtype="i2"), axis=1) == (7, 5)
    np.testing.assert_array_equal(arr.getitem(Ellipsis)[:, 4], 9)


def test_resize_shrinks_a_v2_array_with_null_fill_value() -> None:
    # A v2 fill_value of null reads as the dtype's default (0): shrinking inside a chunk resets
    # the cut elements to that, where it used to pass None to the write (TypeError).
    arr = api.create_array(
        MemoryStore(), shape=(4,), chunks=(4,), dtype="i2", fill_value=None, zarr_format=2
    )
    arr.setitem(Ellipsis, np.array([5, 6, 7, 8], dtype="i2"))
    arr.resize((1,))
    arr.resize((4,))
    assert arr.fill_value is None
    np.testing.assert_array_equal(arr.getitem(Ellipsis), [5, 0, 0, 0])


def test_local_store_roundtrip(tmp_path: object) -> None:
    store = LocalStore(str(tmp_path))
    arr = api.create_array(store, name="x/y", shape=(9,), chunks=(4,), dtype="<u2")
    arr.setitem(Ellipsis, np.arange(9, dtype="<u2"))
    again = api.open_array(LocalStore(str(tmp_path)), path="x/y")
    np.testing.assert_array_equal(again.getitem(Ellipsis), np.arange(9))
    parent = api.open_group(store, path="x", mode="r")
    assert [name for name in parent.keys()] == ["y"]


def test_properties() -> None:
    store = MemoryStore()
    arr = api.create_array(
        store, name="g/arr", shape=(10, 10), chunks=(5, 2), dtype="float32", fill_value=1.5
    )
    assert isinstance(arr, Array)
    assert arr.path == "g/arr"
    assert arr.name == "/g/arr"
    assert arr.basename == "arr"
    assert arr.ndim == 2
    assert arr.size == 100
    assert arr.nbytes == 400
    assert arr.dtype == np.dtype("float32")
    assert arr.fill_value == np.float32(1.5)
    assert arr.order == "C"
    assert arr.read_only is False
    assert arr.store is store
    assert arr.shards is None
    assert len(arr.compressors) == 1
    assert arr.filters == ()
    assert "shape=(10, 10)" in repr(arr)


def test_errors_name_the_problem_and_change_nothing() -> None:
    store = MemoryStore()
    with pytest.raises(TypeError, match=r"not understood|bogus"):
        api.create_array(store, shape=(3,), dtype="bogus")
    with pytest.raises(ValueError, match="chunk"):
        api.create_array(store, shape=(3, 3), chunks=(2,), dtype="i4")
    with pytest.raises(UnknownCodecError, match="nosuchcodec"):
        api.create_array(store, shape=(3,), dtype="i4", compressors=[{"name": "nosuchcodec"}])
    assert [key for key in store.list()] == []
    with pytest.raises(ArrayNotFoundError, match="root"):
        api.open_array(store, mode="r")
    arr = api.create_array(store, shape=(3,), dtype="i4")
    arr.setitem(Ellipsis, [1, 2, 3])
    with pytest.raises(ContainsArrayError):
        api.open_array(store, mode="w-", shape=(3,), dtype="i4")
    with pytest.raises(FileExistsError):
        api.create_array(store, shape=(5,), dtype="i4")
    np.testing.assert_array_equal(api.open_array(store).getitem(Ellipsis), [1, 2, 3])
    read_only = api.open_array(store, mode="r")
    with pytest.raises(ReadOnlyError):
        read_only.setitem(0, 9)
    with pytest.raises(ValueError, match="mode"):
        api.open_array(store, mode="x")


def test_overwrite_replaces_array() -> None:
    store = MemoryStore()
    first = api.create_array(store, shape=(4,), chunks=(2,), dtype="i4")
    first.setitem(Ellipsis, 7)
    second = api.create_array(store, shape=(4,), chunks=(2,), dtype="i4", overwrite=True)
    np.testing.assert_array_equal(second.getitem(Ellipsis), 0)


def test_scalar_and_zero_size_arrays() -> None:
    store = MemoryStore()
    scalar = api.create_array(store, name="s", shape=(), dtype="f8")
    scalar.setitem((), 3.0)
    assert scalar.getitem(()) == 3.0
    empty = api.create_array(store, name="e", shape=(0, 5), dtype="i1")
    assert empty.getitem(Ellipsis).shape == (0, 5)


def test_fancy_selections_read_and_write() -> None:
    arr = api.create_array(MemoryStore(), shape=(6, 5), chunks=(4, 2), dtype="i4")
    data = np.arange(30, dtype="i4").reshape(6, 5)
    arr.setitem(Ellipsis, data)
    np.testing.assert_array_equal(
        arr.get_orthogonal_selection(([0, 5, 2], slice(1, 4))), data[np.ix_([0, 5, 2], [1, 2, 3])]
    )
    np.testing.assert_array_equal(
        arr.get_coordinate_selection(([0, 5, 2], [4, 0, 1])), data[[0, 5, 2], [4, 0, 1]]
    )
    mask = data % 3 == 0
    np.testing.assert_array_equal(arr.get_mask_selection(mask), data[mask])
    np.testing.assert_array_equal(arr.get_block_selection((1, 2)), data[4:6, 4:5])
    arr.set_coordinate_selection(([0, 1], [0, 1]), [-1, -2])
    arr.oindex.setitem(([5], [4]), -3)
    result = arr.getitem(Ellipsis)
    assert (result[0, 0], result[1, 1], result[5, 4]) == (-1, -2, -3)


def test_fill_chunks_nat_and_signed_zero() -> None:
    """All-NaT chunks are fill (not stored); -0.0 and -0j are data (stored), as bit patterns."""
    store = MemoryStore()
    times = api.create_array(store, name="t", shape=(4,), chunks=(2,), dtype="M8[s]")
    times.setitem(Ellipsis, np.array(["NaT"] * 4, dtype="M8[s]"))
    assert times._nchunks_initialized() == 0
    for dtype in ("f4", "c8"):
        arr = api.create_array(store, name=dtype, shape=(4,), chunks=(2,), dtype=dtype)
        arr.setitem(slice(0, 2), np.array([-0.0, -0.0], dtype=dtype))
        assert arr._nchunks_initialized() == 1
        assert np.signbit(arr.getitem(0).real)


def test_dropping_an_array_frees_its_store_and_the_data_written() -> None:
    # Nothing of a finished read or write (worker threads, fan-out queues, lock tables) keeps
    # the store or the caller's data alive: with gc off, reference counting alone frees them.
    store = MemoryStore()
    arr = api.create_array(store, shape=(512, 512), chunks=(128, 128), dtype="float64")
    data = np.arange(512 * 512, dtype="float64").reshape(512, 512)
    refs = [weakref.ref(store), weakref.ref(data)]
    gc.disable()
    try:
        arr.setitem(Ellipsis, data)
        arr.setitem((slice(3, 300), slice(5, 7)), data[3:300, 5:7])
        np.testing.assert_array_equal(arr.getitem(Ellipsis), data)
        del arr, store, data
        assert [ref() for ref in refs] == [None, None]
    finally:
        gc.enable()


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("where", ["memory", "local"])
@pytest.mark.parametrize("overwrite", [False, True])
def test_no_node_is_created_below_an_array(
    zarr_format: int, where: str, overwrite: bool, tmp_path: Any
) -> None:
    # zarr-python refuses too ("only groups may have child nodes"); with v2's "/" separator
    # the new node's directory would be a row of the array's chunks, which overwrite deletes.
    store = MemoryStore() if where == "memory" else LocalStore(str(tmp_path))
    arr = api.create_array(
        store,
        name="g/arr",
        shape=(4, 4),
        chunks=(2, 2),
        dtype="i2",
        zarr_format=zarr_format,
        **({"chunk_key_encoding": {"name": "v2", "separator": "/"}} if zarr_format == 2 else {}),
    )
    arr.setitem(Ellipsis, np.arange(16, dtype="i2").reshape(4, 4))
    before = {key: store.get(key) for key in store.list()}
    for name in ("g/arr/0", "g/arr/x", "g/arr/x/y"):
        with pytest.raises(ContainsArrayError, match="parent 'g/arr' is an array"):
            api.create_array(
                store,
                name=name,
                shape=(2,),
                dtype="i2",
                zarr_format=zarr_format,
                overwrite=overwrite,
            )
        with pytest.raises(ContainsArrayError, match="parent 'g/arr' is an array"):
            api.open_group(
                store, path=name, mode="w" if overwrite else "a", zarr_format=zarr_format
            )
    assert {key: store.get(key) for key in store.list()} == before
    if where == "local":  # not even an empty directory is left behind
        assert not (tmp_path / "g" / "arr" / "x").exists()


def test_an_array_parent_is_recognised_however_its_document_is_spelled() -> None:
    store = MemoryStore()
    arr = api.create_array(store, name="a", shape=(2,), dtype="i1")
    document = store.get("a/zarr.json").replace(b'"array"', b'"arr\\u0061y"')
    store.set("a/zarr.json", document)
    assert api.open_array(store, path="a").shape == arr.shape
    with pytest.raises(ContainsArrayError, match="parent 'a' is an array"):
        api.create_group(store, path="a/b")
    # A group whose attributes mention "array" is still a group.
    api.create_group(store, path="g", attributes={"kind": "array"})
    api.create_group(store, path="g/b")


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_new_node_checks_presence_of_node_documents(zarr_format: int) -> None:
    # Parents are checked for presence (and for being groups, not arrays); a v2 .zattrs alone
    # is not a node, so the missing group documents are written around it.
    store = MemoryStore()
    store.set("p/.zattrs", b'{"kept": 1}')
    if zarr_format == 3:
        store.set("zarr.json", b'{"zarr_format": 3, "node_type": "group"}')
    arr = api.create_array(store, name="p/a", shape=(4,), dtype="i2", zarr_format=zarr_format)
    group_doc = "zarr.json" if zarr_format == 3 else ".zgroup"
    assert store.get(f"p/{group_doc}") is not None
    assert store.get("p/.zattrs") == b'{"kept": 1}'
    if zarr_format == 3:  # the root's own document is left as it was
        assert store.get("zarr.json") == b'{"zarr_format": 3, "node_type": "group"}'
    arr.setitem(Ellipsis, [1, 2, 3, 4])
    # With the parents in place, a sibling gets exactly its own documents.
    before = {key for key in store.list()}
    api.create_array(store, name="p/b", shape=(2,), dtype="i2", zarr_format=zarr_format)
    added = {key for key in store.list()} - before
    assert added == ({"p/b/zarr.json"} if zarr_format == 3 else {"p/b/.zarray", "p/b/.zattrs"})
    # Any existing node, of either format, is refused and left intact.
    other = 5 - zarr_format
    with pytest.raises(ContainsArrayError, match="p/a"):
        api.create_array(store, name="p/a", shape=(2,), dtype="i2", zarr_format=other)
    with pytest.raises(ContainsGroupError, match="'p'"):
        api.create_array(store, name="p", shape=(2,), dtype="i2", zarr_format=zarr_format)
    np.testing.assert_array_equal(api.open_array(store, path="p/a").getitem(Ellipsis), [1, 2, 3, 4])


@pytest.mark.parametrize(("zarr_format", "filters"), [(2, None), (2, "delta"), (3, "auto")])
def test_strided_and_broadcast_values_fill_whole_chunks(
    zarr_format: int, filters: str | None
) -> None:
    # A value that is a strided or broadcast 1-d view covering whole chunks reached numcodecs
    # as is (v2), which takes contiguous buffers only: ValueError "an array with contiguous
    # memory is required" where zarr-python writes it.
    import numcodecs

    arr = api.create_array(
        MemoryStore(),
        shape=(6,),
        chunks=(3,),
        dtype="i4",
        zarr_format=zarr_format,
        filters=[numcodecs.Delta(dtype="<i4")] if filters == "delta" else filters,
    )
    arr.setitem(slice(None), np.arange(12, dtype="i4")[::2])
    np.testing.assert_array_equal(arr.getitem(Ellipsis), np.arange(0, 12, 2))
    arr.setitem(slice(None), np.array([7], dtype="i4"))
    np.testing.assert_array_equal(arr.getitem(Ellipsis), np.full(6, 7))
    arr.set_orthogonal_selection((), np.arange(18, dtype="i4")[::3])
    np.testing.assert_array_equal(arr.getitem(Ellipsis), np.arange(0, 18, 3))
