"""Array lifecycle and I/O through the public async API (run under asyncio, trio and, generated, sync)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import numpy as np
import pytest

from zarrlite._async import api
from zarrlite._async.array import AsyncArray
from zarrlite._async.store.local import AsyncLocalStore
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite.errors import (
    ArrayNotFoundError,
    ContainsArrayError,
    ContainsGroupError,
    ReadOnlyError,
    UnknownCodecError,
)


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_create_write_read_roundtrip(zarr_format: int) -> None:
    store = AsyncMemoryStore()
    arr = await api.create_array(
        store, name="a", shape=(10, 7), chunks=(4, 3), dtype="int32", zarr_format=zarr_format
    )
    data = np.arange(70, dtype="int32").reshape(10, 7)
    await arr.setitem(Ellipsis, data)
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), data)
    np.testing.assert_array_equal(await arr.getitem((slice(3, 9), slice(2, 6))), data[3:9, 2:6])
    np.testing.assert_array_equal(await arr.getitem((-1, 2)), data[-1, 2])
    reopened = await api.open_array(store, path="a")
    np.testing.assert_array_equal(await reopened.getitem(Ellipsis), data)
    assert reopened.zarr_format == zarr_format
    assert reopened.shape == (10, 7)
    assert reopened.chunks == (4, 3)
    assert reopened.nchunks == 9
    assert reopened.cdata_shape == (3, 3)


class _KeepsValues(AsyncMemoryStore):
    """A store whose ``set_sync`` keeps the value object it is given (no copy), as a store
    may: the pipeline must then pass values that outlive the call."""

    @property
    def set_sync_copies_value(self) -> bool:
        return False

    def set_sync(self, key: str, value: Any) -> None:
        self._check_writable(key)
        self._store_dict[self._prefix + key] = value


@pytest.mark.anyio
@pytest.mark.parametrize("compressed", [True, False])
async def test_written_chunks_outlive_the_pipeline_buffers(compressed: bool) -> None:
    """Chunk bytes are encoded into reused per-thread buffers only for stores that copy them
    (``set_sync_copies_value``); a store that keeps what it is given gets owned bytes."""
    store = _KeepsValues()
    compressors: Any = "auto" if compressed else None
    arr = await api.create_array(
        store, shape=(64, 64), chunks=(16, 16), dtype="float32", compressors=compressors
    )
    data = np.random.default_rng(3).standard_normal((64, 64)).astype("float32")
    await arr.setitem(Ellipsis, data)
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), data)
    assert AsyncMemoryStore().set_sync_copies_value and not store.set_sync_copies_value


@pytest.mark.anyio
async def test_missing_chunks_read_fill_value_and_partial_writes() -> None:
    arr = await api.create_array(
        AsyncMemoryStore(), shape=(6, 6), chunks=(4, 4), dtype="float64", fill_value=np.nan
    )
    await arr.setitem((slice(1, 3), slice(1, 3)), 5.0)
    expected = np.full((6, 6), np.nan)
    expected[1:3, 1:3] = 5.0
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), expected)
    assert await arr._nchunks_initialized() == 1


@pytest.mark.anyio
async def test_write_empty_chunks_false_deletes_fill_chunks() -> None:
    store = AsyncMemoryStore()
    arr = await api.create_array(store, shape=(8,), chunks=(4,), dtype="uint8", fill_value=0)
    await arr.setitem(Ellipsis, np.arange(8, dtype="uint8"))
    assert await arr._nchunks_initialized() == 2
    await arr.setitem(slice(4, 8), 0)
    assert await arr._nchunks_initialized() == 1
    kept = await api.create_array(
        AsyncMemoryStore(), shape=(8,), chunks=(4,), dtype="uint8", config={"write_empty_chunks": True}
    )
    await kept.setitem(Ellipsis, 0)
    assert await kept._nchunks_initialized() == 2


@pytest.mark.anyio
async def test_attributes_persist() -> None:
    store = AsyncMemoryStore()
    arr = await api.create_array(store, shape=(2,), dtype="f4", attributes={"a": 1})
    await arr.update_attributes({"b": [1, 2]})
    reopened = await api.open_array(store)
    assert reopened.attrs == {"a": 1, "b": [1, 2]}


@pytest.mark.anyio
async def test_resize_and_append() -> None:
    arr = await api.create_array(AsyncMemoryStore(), shape=(5, 4), chunks=(2, 2), dtype="i2")
    await arr.setitem(Ellipsis, np.arange(20, dtype="i2").reshape(5, 4))
    await arr.resize((3, 4))
    assert arr.shape == (3, 4)
    await arr.resize((5, 4))
    grown = await arr.getitem(Ellipsis)
    np.testing.assert_array_equal(grown[:3], np.arange(12).reshape(3, 4))
    np.testing.assert_array_equal(grown[3:], 0)  # old values never come back
    new_shape = await arr.append(np.ones((2, 4), dtype="i2"))
    assert new_shape == (7, 4)
    np.testing.assert_array_equal((await arr.getitem(Ellipsis))[5:], 1)
    assert await arr.append(np.full((7, 1), 9, dtype="i2"), axis=1) == (7, 5)
    np.testing.assert_array_equal((await arr.getitem(Ellipsis))[:, 4], 9)


@pytest.mark.anyio
async def test_resize_shrinks_a_v2_array_with_null_fill_value() -> None:
    # A v2 fill_value of null reads as the dtype's default (0): shrinking inside a chunk resets
    # the cut elements to that, where it used to pass None to the write (TypeError).
    arr = await api.create_array(
        AsyncMemoryStore(), shape=(4,), chunks=(4,), dtype="i2", fill_value=None, zarr_format=2
    )
    await arr.setitem(Ellipsis, np.array([5, 6, 7, 8], dtype="i2"))
    await arr.resize((1,))
    await arr.resize((4,))
    assert arr.fill_value is None
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), [5, 0, 0, 0])


@pytest.mark.anyio
async def test_local_store_roundtrip(tmp_path: object) -> None:
    store = AsyncLocalStore(str(tmp_path))
    arr = await api.create_array(store, name="x/y", shape=(9,), chunks=(4,), dtype="<u2")
    await arr.setitem(Ellipsis, np.arange(9, dtype="<u2"))
    again = await api.open_array(AsyncLocalStore(str(tmp_path)), path="x/y")
    np.testing.assert_array_equal(await again.getitem(Ellipsis), np.arange(9))
    parent = await api.open_group(store, path="x", mode="r")
    assert [name async for name in parent.keys()] == ["y"]


@pytest.mark.anyio
async def test_properties() -> None:
    store = AsyncMemoryStore()
    arr = await api.create_array(
        store, name="g/arr", shape=(10, 10), chunks=(5, 2), dtype="float32", fill_value=1.5
    )
    assert isinstance(arr, AsyncArray)
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


@pytest.mark.anyio
async def test_errors_name_the_problem_and_change_nothing() -> None:
    store = AsyncMemoryStore()
    with pytest.raises(TypeError, match=r"not understood|bogus"):
        await api.create_array(store, shape=(3,), dtype="bogus")
    with pytest.raises(ValueError, match="chunk"):
        await api.create_array(store, shape=(3, 3), chunks=(2,), dtype="i4")
    with pytest.raises(UnknownCodecError, match="nosuchcodec"):
        await api.create_array(store, shape=(3,), dtype="i4", compressors=[{"name": "nosuchcodec"}])
    assert [key async for key in store.list()] == []
    with pytest.raises(ArrayNotFoundError, match="root"):
        await api.open_array(store, mode="r")
    arr = await api.create_array(store, shape=(3,), dtype="i4")
    await arr.setitem(Ellipsis, [1, 2, 3])
    with pytest.raises(ContainsArrayError):
        await api.open_array(store, mode="w-", shape=(3,), dtype="i4")
    with pytest.raises(FileExistsError):
        await api.create_array(store, shape=(5,), dtype="i4")
    np.testing.assert_array_equal(await (await api.open_array(store)).getitem(Ellipsis), [1, 2, 3])
    read_only = await api.open_array(store, mode="r")
    with pytest.raises(ReadOnlyError):
        await read_only.setitem(0, 9)
    with pytest.raises(ValueError, match="mode"):
        await api.open_array(store, mode="x")


@pytest.mark.anyio
async def test_overwrite_replaces_array() -> None:
    store = AsyncMemoryStore()
    first = await api.create_array(store, shape=(4,), chunks=(2,), dtype="i4")
    await first.setitem(Ellipsis, 7)
    second = await api.create_array(store, shape=(4,), chunks=(2,), dtype="i4", overwrite=True)
    np.testing.assert_array_equal(await second.getitem(Ellipsis), 0)


@pytest.mark.anyio
async def test_scalar_and_zero_size_arrays() -> None:
    store = AsyncMemoryStore()
    scalar = await api.create_array(store, name="s", shape=(), dtype="f8")
    await scalar.setitem((), 3.0)
    assert (await scalar.getitem(())) == 3.0
    empty = await api.create_array(store, name="e", shape=(0, 5), dtype="i1")
    assert (await empty.getitem(Ellipsis)).shape == (0, 5)


@pytest.mark.anyio
async def test_fancy_selections_read_and_write() -> None:
    arr = await api.create_array(AsyncMemoryStore(), shape=(6, 5), chunks=(4, 2), dtype="i4")
    data = np.arange(30, dtype="i4").reshape(6, 5)
    await arr.setitem(Ellipsis, data)
    np.testing.assert_array_equal(
        await arr.get_orthogonal_selection(([0, 5, 2], slice(1, 4))), data[np.ix_([0, 5, 2], [1, 2, 3])]
    )
    np.testing.assert_array_equal(
        await arr.get_coordinate_selection(([0, 5, 2], [4, 0, 1])), data[[0, 5, 2], [4, 0, 1]]
    )
    mask = data % 3 == 0
    np.testing.assert_array_equal(await arr.get_mask_selection(mask), data[mask])
    np.testing.assert_array_equal(await arr.get_block_selection((1, 2)), data[4:6, 4:5])
    await arr.set_coordinate_selection(([0, 1], [0, 1]), [-1, -2])
    await arr.oindex.setitem(([5], [4]), -3)
    result = await arr.getitem(Ellipsis)
    assert (result[0, 0], result[1, 1], result[5, 4]) == (-1, -2, -3)


@pytest.mark.anyio
async def test_fill_chunks_nat_and_signed_zero() -> None:
    """All-NaT chunks are fill (not stored); -0.0 and -0j are data (stored), as bit patterns."""
    store = AsyncMemoryStore()
    times = await api.create_array(store, name="t", shape=(4,), chunks=(2,), dtype="M8[s]")
    await times.setitem(Ellipsis, np.array(["NaT"] * 4, dtype="M8[s]"))
    assert await times._nchunks_initialized() == 0
    for dtype in ("f4", "c8"):
        arr = await api.create_array(store, name=dtype, shape=(4,), chunks=(2,), dtype=dtype)
        await arr.setitem(slice(0, 2), np.array([-0.0, -0.0], dtype=dtype))
        assert await arr._nchunks_initialized() == 1
        assert np.signbit((await arr.getitem(0)).real)


@pytest.mark.anyio
async def test_dropping_an_array_frees_its_store_and_the_data_written() -> None:
    # Nothing of a finished read or write (worker threads, fan-out queues, lock tables) keeps
    # the store or the caller's data alive: with gc off, reference counting alone frees them.
    store = AsyncMemoryStore()
    arr = await api.create_array(store, shape=(512, 512), chunks=(128, 128), dtype="float64")
    data = np.arange(512 * 512, dtype="float64").reshape(512, 512)
    refs = [weakref.ref(store), weakref.ref(data)]
    gc.disable()
    try:
        await arr.setitem(Ellipsis, data)
        await arr.setitem((slice(3, 300), slice(5, 7)), data[3:300, 5:7])
        np.testing.assert_array_equal(await arr.getitem(Ellipsis), data)
        del arr, store, data
        assert [ref() for ref in refs] == [None, None]
    finally:
        gc.enable()


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("where", ["memory", "local"])
@pytest.mark.parametrize("overwrite", [False, True])
async def test_no_node_is_created_below_an_array(
    zarr_format: int, where: str, overwrite: bool, tmp_path: Any
) -> None:
    # zarr-python refuses too ("only groups may have child nodes"); with v2's "/" separator
    # the new node's directory would be a row of the array's chunks, which overwrite deletes.
    store = AsyncMemoryStore() if where == "memory" else AsyncLocalStore(str(tmp_path))
    arr = await api.create_array(
        store, name="g/arr", shape=(4, 4), chunks=(2, 2), dtype="i2", zarr_format=zarr_format,
        **({"chunk_key_encoding": {"name": "v2", "separator": "/"}} if zarr_format == 2 else {}),
    )
    await arr.setitem(Ellipsis, np.arange(16, dtype="i2").reshape(4, 4))
    before = {key: await store.get(key) async for key in store.list()}
    for name in ("g/arr/0", "g/arr/x", "g/arr/x/y"):
        with pytest.raises(ContainsArrayError, match="parent 'g/arr' is an array"):
            await api.create_array(
                store, name=name, shape=(2,), dtype="i2", zarr_format=zarr_format,
                overwrite=overwrite,
            )
        with pytest.raises(ContainsArrayError, match="parent 'g/arr' is an array"):
            await api.open_group(store, path=name, mode="w" if overwrite else "a",
                                 zarr_format=zarr_format)
    assert {key: await store.get(key) async for key in store.list()} == before
    if where == "local":  # not even an empty directory is left behind
        assert not (tmp_path / "g" / "arr" / "x").exists()


@pytest.mark.anyio
async def test_an_array_parent_is_recognised_however_its_document_is_spelled() -> None:
    store = AsyncMemoryStore()
    arr = await api.create_array(store, name="a", shape=(2,), dtype="i1")
    document = (await store.get("a/zarr.json")).replace(b'"array"', b'"arr\\u0061y"')
    await store.set("a/zarr.json", document)
    assert (await api.open_array(store, path="a")).shape == arr.shape
    with pytest.raises(ContainsArrayError, match="parent 'a' is an array"):
        await api.create_group(store, path="a/b")
    # A group whose attributes mention "array" is still a group.
    await api.create_group(store, path="g", attributes={"kind": "array"})
    await api.create_group(store, path="g/b")


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_new_node_checks_presence_of_node_documents(zarr_format: int) -> None:
    # Parents are checked for presence (and for being groups, not arrays); a v2 .zattrs alone
    # is not a node, so the missing group documents are written around it.
    store = AsyncMemoryStore()
    await store.set("p/.zattrs", b'{"kept": 1}')
    if zarr_format == 3:
        await store.set("zarr.json", b'{"zarr_format": 3, "node_type": "group"}')
    arr = await api.create_array(
        store, name="p/a", shape=(4,), dtype="i2", zarr_format=zarr_format
    )
    group_doc = "zarr.json" if zarr_format == 3 else ".zgroup"
    assert await store.get(f"p/{group_doc}") is not None
    assert await store.get("p/.zattrs") == b'{"kept": 1}'
    if zarr_format == 3:  # the root's own document is left as it was
        assert await store.get("zarr.json") == b'{"zarr_format": 3, "node_type": "group"}'
    await arr.setitem(Ellipsis, [1, 2, 3, 4])
    # With the parents in place, a sibling gets exactly its own documents.
    before = {key async for key in store.list()}
    await api.create_array(store, name="p/b", shape=(2,), dtype="i2", zarr_format=zarr_format)
    added = {key async for key in store.list()} - before
    assert added == ({"p/b/zarr.json"} if zarr_format == 3 else {"p/b/.zarray", "p/b/.zattrs"})
    # Any existing node, of either format, is refused and left intact.
    other = 5 - zarr_format
    with pytest.raises(ContainsArrayError, match="p/a"):
        await api.create_array(store, name="p/a", shape=(2,), dtype="i2", zarr_format=other)
    with pytest.raises(ContainsGroupError, match="'p'"):
        await api.create_array(store, name="p", shape=(2,), dtype="i2", zarr_format=zarr_format)
    np.testing.assert_array_equal(
        await (await api.open_array(store, path="p/a")).getitem(Ellipsis), [1, 2, 3, 4]
    )


@pytest.mark.anyio
@pytest.mark.parametrize(("zarr_format", "filters"), [(2, None), (2, "delta"), (3, "auto")])
async def test_strided_and_broadcast_values_fill_whole_chunks(
    zarr_format: int, filters: str | None
) -> None:
    # A value that is a strided or broadcast 1-d view covering whole chunks reached numcodecs
    # as is (v2), which takes contiguous buffers only: ValueError "an array with contiguous
    # memory is required" where zarr-python writes it.
    import numcodecs

    arr = await api.create_array(
        AsyncMemoryStore(),
        shape=(6,),
        chunks=(3,),
        dtype="i4",
        zarr_format=zarr_format,
        filters=[numcodecs.Delta(dtype="<i4")] if filters == "delta" else filters,
    )
    await arr.setitem(slice(None), np.arange(12, dtype="i4")[::2])
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), np.arange(0, 12, 2))
    await arr.setitem(slice(None), np.array([7], dtype="i4"))
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), np.full(6, 7))
    await arr.set_orthogonal_selection((), np.arange(18, dtype="i4")[::3])
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), np.arange(0, 18, 3))
