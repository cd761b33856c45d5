"""Arrays on a rectilinear chunk grid (chunk lengths that vary along an axis): creation behind
the config flag, every selection kind read and written against numpy, resize, the grid
properties, and rectilinear shards (run under asyncio, trio and, generated, sync)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from zarrlite import config
from zarrlite._async import api
from zarrlite._async.array import AsyncArray
from zarrlite._async.store.local import AsyncLocalStore
from zarrlite._async.store.logging import AsyncLoggingStore
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite._byte_request import RangeByteRequest, SuffixByteRequest
from zarrlite.codecs import ShardingCodec
from zarrlite.errors import RectilinearChunksDisabledError
from zarrlite.metadata import RectilinearChunkGrid

pytestmark = pytest.mark.anyio

CHUNKS = [[3, 1, 4, 2], 4]  # axis 0 explicit, axis 1 a regular step
SHAPE = (10, 9)


@pytest.fixture(autouse=True)
def rectilinear_enabled() -> Any:
    with config.set({"array.rectilinear_chunks": True}):
        yield


async def make(store: Any = None, **kwargs: Any) -> tuple[AsyncArray, np.ndarray[Any, Any]]:
    options: dict[str, Any] = {"shape": SHAPE, "chunks": CHUNKS, "dtype": "i4"} | kwargs
    arr = await api.create_array(AsyncMemoryStore() if store is None else store, **options)
    values = np.arange(np.prod(options["shape"]), dtype="i4").reshape(options["shape"])
    await arr.setitem(Ellipsis, values)
    return arr, values


def stored_grid(arr: AsyncArray) -> Any:
    return arr.metadata.to_dict()["chunk_grid"]


async def test_creating_one_needs_the_config_flag() -> None:
    with config.set({"array.rectilinear_chunks": False}):
        with pytest.raises(RectilinearChunksDisabledError, match=r"array\.rectilinear_chunks"):
            await api.create_array(AsyncMemoryStore(), shape=(10,), chunks=[[3, 7]], dtype="i4")
        # A regular grid needs nothing.
        arr = await api.create_array(AsyncMemoryStore(), shape=(10,), chunks=(3,), dtype="i4")
        assert stored_grid(arr)["name"] == "regular"


async def test_reading_one_does_not_need_the_flag() -> None:
    store = AsyncMemoryStore()
    _, values = await make(store)
    with config.set({"array.rectilinear_chunks": False}):
        arr = await api.open_array(store)
        np.testing.assert_array_equal(await arr.getitem(Ellipsis), values)
        await arr.setitem((slice(2, 5), 1), -1)
        values[2:5, 1] = -1
        np.testing.assert_array_equal(await arr.getitem(Ellipsis), values)


async def test_stored_grid_and_chunk_keys() -> None:
    store = AsyncMemoryStore()
    arr, _ = await make(store)
    assert stored_grid(arr) == {
        "name": "rectilinear",
        "configuration": {"kind": "inline", "chunk_shapes": [[3, 1, 4, 2], 4]},
    }
    keys = sorted(k for k in store.store_dict if k != "zarr.json")
    assert keys == [f"c/{i}/{j}" for i in range(4) for j in range(3)]
    # The chunk at (2, 2) is 4 x 4, of which 4 x 1 lie in the array.
    chunk = await arr.get_block_selection((2, 2))
    assert chunk.shape == (4, 1)


async def test_run_length_encoding_is_used_when_shorter() -> None:
    arr = await api.create_array(
        AsyncMemoryStore(), shape=(26, 6), chunks=[[5, 5, 5, 10, 1], [2, 2, 2]], dtype="u1"
    )
    assert stored_grid(arr)["configuration"]["chunk_shapes"] == [[[5, 3], 10, 1], [[2, 3]]]


async def test_grid_properties() -> None:
    arr, _ = await make()
    assert arr.read_chunk_sizes == ((3, 1, 4, 2), (4, 4, 1))
    assert arr.write_chunk_sizes == arr.read_chunk_sizes
    assert arr.cdata_shape == (4, 3)
    assert arr.nchunks == 12
    assert await arr._nchunks_initialized() == 12
    assert arr.shards is None
    with pytest.raises(NotImplementedError, match="read_chunk_sizes"):
        arr.chunks  # noqa: B018
    text = str(arr.info)
    assert "Chunk shape        : <variable>" in text


@pytest.mark.parametrize("chunks", [[[3, 7]], [[10]], [[1] * 10], [[2, 3, 5]]])
async def test_one_dimensional_grids(chunks: Any) -> None:
    arr, values = await make(shape=(10,), chunks=chunks)
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), values)
    np.testing.assert_array_equal(await arr.getitem(slice(2, 9, 3)), values[2:9:3])
    assert sum(arr.read_chunk_sizes[0]) == 10


SELECTIONS: list[tuple[str, Any]] = [
    ("basic", (slice(None), slice(None))),
    ("basic", (slice(2, 8), slice(3, 9))),
    ("basic", (slice(1, None, 3), 5)),
    ("basic", (4, slice(None, None, 2))),
    ("basic", (slice(3, 4), slice(4, 8))),  # exactly one chunk
    ("orthogonal", ([9, 0, 4, 4], slice(1, 7))),
    ("orthogonal", (np.array([True, False] * 5), [8, 2])),
    ("coordinate", ([0, 3, 9, 4, 7], [8, 0, 4, 4, 1])),
    ("mask", np.arange(90).reshape(SHAPE) % 7 == 0),
    ("block", (slice(1, 3), 2)),
    ("block", (3, slice(None))),
]


def numpy_index(kind: str, selection: Any, arr: AsyncArray) -> Any:
    if kind == "orthogonal":
        axes = [np.arange(n)[item] for item, n in zip(selection, SHAPE, strict=True)]
        return np.ix_(*axes)
    if kind == "block":
        sizes = arr.write_chunk_sizes
        region = []
        for item, axis_sizes in zip(selection, sizes, strict=True):
            starts = np.concatenate(([0], np.cumsum(axis_sizes)))
            block = slice(item, item + 1) if isinstance(item, int) else item
            first, last, _ = block.indices(len(axis_sizes))
            region.append(slice(int(starts[first]), int(starts[last])))
        return tuple(region)
    return tuple(selection) if kind == "coordinate" else selection


@pytest.mark.parametrize(("kind", "selection"), SELECTIONS)
async def test_selections_read_and_write_like_numpy(kind: str, selection: Any) -> None:
    arr, values = await make()
    index = numpy_index(kind, selection, arr)
    get = getattr(arr, f"get_{kind}_selection")
    set_ = getattr(arr, f"set_{kind}_selection")
    np.testing.assert_array_equal(await get(selection), values[index])
    new = -np.arange(np.size(values[index]), dtype="i4").reshape(np.shape(values[index])) - 1
    await set_(selection, new)
    values[index] = new
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), values)


async def test_scalar_writes_and_fill_value_chunks() -> None:
    arr, values = await make(fill_value=7)
    await arr.setitem(Ellipsis, 7)  # every chunk equals the fill value: nothing stays stored
    assert await arr._nchunks_initialized() == 0
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), np.full(SHAPE, 7))
    await arr.setitem((slice(3, 8), slice(0, 4)), 2)  # chunks of two shapes, encoded once each
    values[...] = 7
    values[3:8, 0:4] = 2
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), values)
    assert await arr._nchunks_initialized() == 2


async def test_resize_grows_explicit_edges_and_keeps_them_when_shrinking() -> None:
    arr, values = await make()
    await arr.resize((13, 9))
    assert stored_grid(arr)["configuration"]["chunk_shapes"] == [[3, 1, 4, 2, 3], 4]
    assert arr.read_chunk_sizes[0] == (3, 1, 4, 2, 3)
    grown = np.zeros((13, 9), dtype="i4")
    grown[:10] = values
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), grown)
    await arr.setitem(slice(10, 13), 5)
    await arr.resize((5, 9))
    # The edges stay; the chunks wholly outside are deleted, and a partly outside one is
    # cleared, so growing again brings back fill values, not old data.
    assert stored_grid(arr)["configuration"]["chunk_shapes"] == [[3, 1, 4, 2, 3], 4]
    assert arr.read_chunk_sizes[0] == (3, 1, 1)
    assert arr.cdata_shape == (3, 3)
    await arr.resize((10, 9))
    regrown = np.zeros((10, 9), dtype="i4")
    regrown[:5] = values[:5]
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), regrown)


async def test_iteration_and_append() -> None:
    arr, values = await make()
    rows = [row async for row in arr]
    np.testing.assert_array_equal(np.stack(rows), values)
    await arr.append(np.ones((2, 9), dtype="i4"))
    assert arr.shape == (12, 9)
    assert arr.read_chunk_sizes[0] == (3, 1, 4, 2, 2)


async def test_like_from_array_and_reopen_keep_the_grid(tmp_path: Any) -> None:
    arr, values = await make(AsyncLocalStore(tmp_path / "a"))
    like = await api.zeros_like(arr)
    assert stored_grid(like) == stored_grid(arr)
    copied = await api.from_array(AsyncMemoryStore(), data=arr)
    assert stored_grid(copied) == stored_grid(arr)
    np.testing.assert_array_equal(await copied.getitem(Ellipsis), values)
    reopened = await api.open_array(AsyncLocalStore(tmp_path / "a"))
    assert reopened.metadata == arr.metadata
    np.testing.assert_array_equal(await reopened.getitem(Ellipsis), values)
    document = json.loads((tmp_path / "a" / "zarr.json").read_text())
    assert document["chunk_grid"]["name"] == "rectilinear"


async def test_a_grid_object_or_its_json_is_accepted_as_chunks() -> None:
    grid = RectilinearChunkGrid([[4, 6], 3])
    for chunks in (grid, grid.to_dict()):
        arr = await api.create_array(AsyncMemoryStore(), shape=(10, 5), chunks=chunks, dtype="f8")
        assert arr.read_chunk_sizes == ((4, 6), (3, 2))


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"chunks": [[3, 6], 4]}, ValueError, "sum to 9, not to the axis length 10"),
        ({"chunks": [[3, 8], 4]}, ValueError, "axis 0"),
        ({"chunks": [[], 4]}, ValueError, "must not be empty"),
        ({"chunks": [[3.0, 7], 4]}, TypeError, "must be an integer, got 3.0"),
        ({"chunks": [[3, 0, 7], 4]}, ValueError, ">= 1"),
        ({"chunks": [[3, 7]]}, ValueError, "1 dimensions but the array shape"),
        ({"chunks": [[3, 7], 4], "zarr_format": 2}, ValueError, "Zarr format 2"),
        ({"chunks": [[3, 7], 4], "shards": (10, 8)}, ValueError, "rectilinear shards instead"),
        ({"chunks": (4, 4), "shards": [[4, 6], 8]}, ValueError, "not divisible"),
    ],
)
async def test_bad_grids_are_refused_and_nothing_is_stored(
    kwargs: dict[str, Any], error: type[Exception], match: str
) -> None:
    store = AsyncMemoryStore()
    with pytest.raises(error, match=match):
        await api.create_array(store, shape=(10, 8), dtype="i4", **kwargs)
    assert not store.store_dict


async def test_rectilinear_shards() -> None:
    store = AsyncMemoryStore()
    arr = await api.create_array(
        store, shape=(12, 10), chunks=(2, 5), shards=[[4, 8], 10], dtype="i4"
    )
    assert stored_grid(arr)["configuration"]["chunk_shapes"] == [[4, 8], 10]
    assert arr.chunks == (2, 5)
    with pytest.raises(NotImplementedError, match="write_chunk_sizes"):
        arr.shards  # noqa: B018
    assert arr.write_chunk_sizes == ((4, 8), (10,))
    assert arr.read_chunk_sizes == ((2,) * 6, (5, 5))
    assert arr.cdata_shape == (6, 2)
    values = np.arange(120, dtype="i4").reshape(12, 10)
    await arr.setitem(Ellipsis, values)
    assert sorted(k for k in store.store_dict if k != "zarr.json") == ["c/0/0", "c/1/0"]
    assert await arr._nchunks_initialized() == 12  # 2 x 2 inner chunks + 4 x 2
    assert "Shard shape        : <variable>" in str(arr.info)
    np.testing.assert_array_equal(await arr.getitem((slice(3, 11), slice(4, 7))), values[3:11, 4:7])
    await arr.setitem((slice(3, 5), 6), -1)  # across the two shards
    values[3:5, 6] = -1
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), values)
    np.testing.assert_array_equal(await arr.get_block_selection(1), values[4:12])
    await arr.resize((14, 10))
    assert arr.write_chunk_sizes == ((4, 8, 2), (10,))


def shard_gets(store: AsyncLoggingStore, key: str) -> list[Any]:
    return [r[2] for r in store.requests if r[0].startswith("get") and r[1] == key]


@pytest.mark.parametrize("location", ["start", "end"])
async def test_rectilinear_shards_read_only_the_inner_chunks_needed(location: str) -> None:
    store = AsyncLoggingStore(AsyncMemoryStore())
    arr = await api.create_array(
        store,
        shape=(12, 10),
        chunks=(2, 5),
        shards={"shape": [[4, 8], 10], "index_location": location},
        dtype="i4",
    )
    values = np.arange(120, dtype="i4").reshape(12, 10)
    await arr.setitem(Ellipsis, values)
    codec = arr.metadata.codecs[0]
    assert isinstance(codec, ShardingCodec)
    # The second shard is 8 x 10: 4 x 2 inner chunks, an index of 8 entries (and a checksum).
    index_size = codec.index_size((8, 10))
    assert index_size == 8 * 16 + 4
    store.reset()
    np.testing.assert_array_equal(await arr.getitem((slice(6, 8), slice(5, 10))), values[6:8, 5:10])
    gets = shard_gets(store, "c/1/0")
    index_request = (
        RangeByteRequest(0, index_size) if location == "start" else SuffixByteRequest(index_size)
    )
    assert gets[0] == index_request
    assert len(gets) == 2 and isinstance(gets[1], RangeByteRequest)  # then one inner chunk
    assert not shard_gets(store, "c/0/0")
    # A partial write reads the shard once and keeps the bytes of the inner chunks it leaves.
    before = codec.split_shard(await store.get("c/1/0"), (8, 10))
    store.reset()
    await arr.setitem((slice(4, 6), slice(0, 5)), -1)
    assert shard_gets(store, "c/1/0") == [None]
    after = codec.split_shard(await store.get("c/1/0"), (8, 10))
    assert after[(0, 0)] != before[(0, 0)]
    assert all(after[k] == before[k] for k in before if k != (0, 0))
    # A whole shard is written without reading it.
    store.reset()
    await arr.setitem(slice(0, 4), 3)
    assert not shard_gets(store, "c/0/0")
    values[4:6, 0:5] = -1
    values[0:4] = 3
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), values)


SHARD_LAYOUTS = [
    # A grid object may overhang the array (as after a shrinking resize); a list may not.
    ((13, 7), (2, 3), RectilinearChunkGrid([[4, 2, 8], 6])),
    ((9, 12), (3, 2), [[3, 6], [4, 2, 6]]),
    ((20,), (5,), [[5, 10, 5]]),
]


@pytest.mark.parametrize(("shape", "chunks", "shards"), SHARD_LAYOUTS)
@pytest.mark.parametrize(("kind", "selection"), [
    ("basic", (slice(1, None, 2),)),
    ("basic", (slice(2, 9),)),
    ("orthogonal", ([0, 5, 3, 3],)),
    ("block", (1,)),
])
async def test_rectilinear_shards_like_numpy(
    shape: tuple[int, ...], chunks: tuple[int, ...], shards: Any, kind: str, selection: Any
) -> None:
    arr = await api.create_array(
        AsyncMemoryStore(), shape=shape, chunks=chunks, shards=shards, dtype="i4", fill_value=-9
    )
    values = np.full(shape, -9, dtype="i4")
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), values)
    values[...] = np.arange(values.size).reshape(shape)
    await arr.setitem(Ellipsis, values)
    selection = selection + (slice(None),) * (len(shape) - 1)
    if kind == "block":
        index: Any = tuple(
            slice(int(np.sum(s[: b])), int(np.sum(s[: b + 1]))) if isinstance(b, int) else b
            for b, s in zip(selection, arr.write_chunk_sizes, strict=True)
        )
    elif kind == "orthogonal":
        index = np.ix_(*[np.arange(n)[item] for item, n in zip(selection, shape, strict=True)])
    else:
        index = selection
    get = getattr(arr, f"get_{kind}_selection")
    set_ = getattr(arr, f"set_{kind}_selection")
    np.testing.assert_array_equal(await get(selection), values[index])
    new = -np.arange(np.size(values[index]), dtype="i4").reshape(np.shape(values[index]))
    await set_(selection, new)
    values[index] = new
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), values)


async def test_a_grid_of_bare_steps_behaves_as_a_regular_one() -> None:
    """A rectilinear grid with a bare step on every axis (other writers store them; zarrlite's
    creation makes a regular grid from such chunks) has one chunk shape, which zarrlite
    answers where zarr-python 3.4 raises NotImplementedError (a documented difference), and
    keeps its kind when copied."""
    document = {
        "zarr_format": 3,
        "node_type": "array",
        "shape": [90, 40],
        "chunk_grid": {"name": "rectilinear", "configuration": {"kind": "inline", "chunk_shapes": [30, 20]}},
        "chunk_key_encoding": {"name": "default"},
        "data_type": "int32",
        "fill_value": 0,
        "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
    }
    store = AsyncMemoryStore()
    await store.set("a/zarr.json", json.dumps(document).encode())
    source = await api.open_array(store, path="a")
    assert source.chunks == (30, 20)
    assert source.cdata_shape == (3, 2)
    assert "Chunk shape        : (30, 20)" in str(source.info)
    values = np.arange(3600, dtype="i4").reshape(90, 40)
    await source.setitem(Ellipsis, values)
    assert sorted(store.store_dict)[:2] == ["a/c/0/0", "a/c/0/1"]
    copied = await api.from_array(AsyncMemoryStore(), data=source)
    assert stored_grid(copied) == document["chunk_grid"]
    np.testing.assert_array_equal(await copied.getitem(Ellipsis), values)


async def test_chunk_lengths_zarr_python_takes_as_integers() -> None:
    class SequenceLike:  # only __getitem__ and __len__
        def __getitem__(self, index: int) -> int:
            return (6, 4)[index]

        def __len__(self) -> int:
            return 2

    for chunks, expected in (
        ([[True, 9], 10], ((1, 9), (10,))),
        ([SequenceLike(), 5], ((6, 4), (5, 5))),
    ):
        arr = await api.create_array(AsyncMemoryStore(), shape=(10, 10), chunks=chunks, dtype="i1")
        assert arr.read_chunk_sizes == expected
    with pytest.raises(ValueError, match="axis 0 must be >= 1, got 0"):
        await api.create_array(AsyncMemoryStore(), shape=(10,), chunks=[[False, 10]], dtype="i1")
