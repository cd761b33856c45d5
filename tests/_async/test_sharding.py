"""Sharded arrays above the codec: partial reads by byte range, writes grouped by shard, no lost
updates, and the array properties (run under asyncio, trio and, generated, sync)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anyio
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zarrlite
import zarrlite.storage
from zarrlite import config
from zarrlite._async import api
from zarrlite._async.array import AsyncArray
from zarrlite._async.pipeline import AsyncChunkPipeline
from zarrlite._async.shard_reader import coalesce_ranges
from zarrlite._async.store.local import AsyncLocalStore
from zarrlite._async.store.logging import AsyncLoggingStore
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite._async.store.wrapper import AsyncWrapperStore
from zarrlite._backend.async_ import sleep
from zarrlite._byte_request import ByteRequest, RangeByteRequest, SuffixByteRequest
from zarrlite.codecs import BloscCodec, Crc32cCodec, GzipCodec, ShardingCodec, ZstdCodec, _rows
from zarrlite.codecs._shard_index import ShardIndex
from zarrlite.errors import ChunkNotFoundError, ZarrUserWarning

pytestmark = pytest.mark.anyio


async def sharded(
    store: Any = None,
    shape: tuple[int, ...] = (20, 18),
    chunks: tuple[int, ...] = (4, 3),
    shards: Any = (8, 6),
    **kwargs: Any,
) -> AsyncArray:
    kwargs.setdefault("dtype", "int32")
    return await api.create_array(
        AsyncMemoryStore() if store is None else store,
        name="a",
        shape=shape,
        chunks=chunks,
        shards=shards,
        **kwargs,
    )


def data_for(shape: tuple[int, ...], dtype: str = "int32") -> np.ndarray[Any, Any]:
    return (np.arange(int(np.prod(shape))).reshape(shape) * 7 + 1).astype(dtype)


def pipeline_of(arr: AsyncArray) -> AsyncChunkPipeline:
    return arr._pipeline


# -- properties and creation ----------------------------------------------------------------


async def test_properties_count_inner_chunks_and_shards() -> None:
    arr = await sharded()
    assert arr.shards == (8, 6)
    assert arr.chunks == (4, 3)
    assert arr.cdata_shape == (5, 6)
    assert arr.nchunks == 30
    assert await arr._nchunks_initialized() == 0
    await arr.setitem((slice(0, 4), slice(0, 6)), 5)  # two inner chunks of shard (0, 0)
    # As zarr-python: stored shards times inner chunks per shard (2 x 2), no index read.
    assert await arr._nchunks_initialized() == 4
    assert await arr._nshards_stored() == 1
    await arr.setitem((slice(16, 20), slice(12, 18)), 1)  # two inner chunks of shard (2, 2)
    assert await arr._nchunks_initialized() == 8
    info = await arr.info_complete()
    text = repr(info)
    assert "Shard shape        : (8, 6)" in text
    assert "Chunk shape        : (4, 3)" in text
    assert "Shards Initialized : 2" in text
    assert "Shard shape" in repr(arr.info)


@pytest.mark.parametrize("location", ["start", "end"])
async def test_create_with_shards_dict_sets_index_location(location: str) -> None:
    arr = await sharded(shards={"shape": (8, 6), "index_location": location})
    codec = arr.metadata.codec_chain.array_bytes_codec
    assert isinstance(codec, ShardingCodec)
    assert codec.index_location == location
    data = data_for(arr.shape)
    await arr.setitem(Ellipsis, data)
    np.testing.assert_array_equal(await arr.getitem((slice(3, 17), slice(2, 13))), data[3:17, 2:13])


async def test_create_with_auto_shards_follows_zarr_python() -> None:
    # Without a target size: two chunks per axis on axes longer than 8 chunks.
    arr = await sharded(shape=(1000, 50), chunks=(10, 10), shards="auto", dtype="uint8")
    assert arr.shards == (20, 10)
    # With one: the most chunks per axis that fit in it (and in the array).
    with config.set({"array.target_shard_size_bytes": 100_000}):
        arr = await sharded(shape=(1000, 1000), chunks=(10, 10), shards="auto", dtype="int32")
    assert arr.shards == (150, 150)  # 15**2 chunks * 400 bytes <= 100_000 < 16**2 * 400
    await arr.setitem((slice(5, 25), slice(0, 10)), 3)
    assert int((await arr.getitem(Ellipsis)).sum()) == 3 * 200


async def test_minus_one_shards_span_the_axis() -> None:
    # As zarr-python: -1 (alone or per axis) is the array's length along the axis.
    assert (await sharded(shape=(20, 18), chunks=(4, 3), shards=-1)).shards == (20, 18)
    assert (await sharded(shape=(20, 18), chunks=(4, 3), shards=(-1, 6))).shards == (20, 6)
    with pytest.raises(ValueError, match=r"shards \(-2, 6\)"):
        await sharded(shards=(-2, 6))


# -- reads: correctness ---------------------------------------------------------------------


@pytest.mark.parametrize("location", ["start", "end"])
async def test_every_selection_kind_reads_like_numpy(location: str) -> None:
    arr = await sharded(shards={"shape": (8, 6), "index_location": location})
    data = data_for(arr.shape)
    await arr.setitem(Ellipsis, data)
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), data)
    np.testing.assert_array_equal(await arr.getitem((slice(1, 19, 3), 7)), data[1:19:3, 7])
    rows, cols = [17, 0, 9, 9], [3, 16, 5, 0]
    np.testing.assert_array_equal(
        await arr.get_orthogonal_selection((rows, cols)), data[np.ix_(rows, cols)]
    )
    np.testing.assert_array_equal(await arr.vindex.getitem((rows, cols)), data[rows, cols])
    mask = (data % 3) == 0
    np.testing.assert_array_equal(await arr.get_mask_selection(mask), data[mask])
    # Blocks are shards, as in zarr-python; edge shards are clipped.
    np.testing.assert_array_equal(await arr.blocks.getitem((1, 2)), data[8:16, 12:18])
    np.testing.assert_array_equal(await arr.blocks.getitem((slice(2, 3), 0)), data[16:20, 0:6])
    assert (await arr.blocks.getitem((slice(1, 1), 0))).shape == (0, 6)


async def test_missing_inner_chunks_and_shards_read_fill_value() -> None:
    arr = await sharded(fill_value=-9)
    await arr.setitem((slice(0, 4), slice(0, 3)), 1)  # one inner chunk of shard (0, 0)
    expected = np.full(arr.shape, -9, dtype="int32")
    expected[0:4, 0:3] = 1
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), expected)
    np.testing.assert_array_equal(await arr.getitem((slice(2, 6), slice(1, 5))), expected[2:6, 1:5])
    strict = arr.with_config({"read_missing_chunks": False})
    np.testing.assert_array_equal(
        await strict.getitem((slice(2, 6), slice(1, 5))), expected[2:6, 1:5]
    )
    with pytest.raises(ChunkNotFoundError, match="a/c/1/1"):
        await strict.getitem((9, 9))


@pytest.mark.parametrize("row_bytes", [512 << 10, 3 * 4 * 4 * 4])  # whole rows; 3 chunks a part
@pytest.mark.parametrize(
    "compressors",
    [BloscCodec(cname="lz4", shuffle="shuffle"), ZstdCodec(), GzipCodec(), None],
    ids=["blosc", "zstd", "gzip", "none"],
)
async def test_whole_shards_decoded_by_rows_read_like_numpy(
    compressors: Any, row_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Shards a selection covers whole are decoded a row of inner chunks at a time (blosc and
    # zstd; other chains chunk by chunk); the rest of the selection goes by inner chunk.
    monkeypatch.setattr(_rows, "ROW_BYTES", row_bytes)
    arr = await sharded(
        shape=(3, 21, 40),
        chunks=(1, 4, 4),
        shards=(3, 8, 20),
        dtype="float32",
        fill_value=-2.5,
        compressors=compressors,
    )
    expected = np.full(arr.shape, -2.5, dtype="float32")
    expected[:, :16, :] = np.arange(3 * 16 * 40).reshape(3, 16, 40) / 7
    expected[1, 4:8, 24:28] = -2.5  # an inner chunk of fill: missing from its shard
    expected[:, 8:16, 0:20] = -2.5  # a whole shard missing
    await arr.setitem(Ellipsis, expected)
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), expected)
    for selection in [
        (slice(None), slice(0, 16), slice(0, 40)),  # complete shards only
        (slice(None), slice(0, 17), slice(3, 40)),  # complete and partial shards
        (slice(None), slice(8, 21), slice(20, 40)),  # with the edge shard
        (1, slice(0, 16), slice(0, 40)),  # an integer axis: no shard is complete
    ]:
        np.testing.assert_array_equal(await arr.getitem(selection), expected[selection])
    out = np.zeros((3, 21, 50), dtype="float32")  # into a strided buffer of the caller
    await arr.get_basic_selection(Ellipsis, out=out[:, :, 5:45])
    np.testing.assert_array_equal(out[:, :, 5:45], expected)
    assert not out[:, :, :5].any() and not out[:, :, 45:].any()


async def test_whole_shard_with_an_inner_chunk_past_its_end_names_the_shard() -> None:
    base = AsyncMemoryStore()
    arr = await sharded(base, dtype="float32", compressors=BloscCodec(cname="lz4"))
    await arr.setitem(Ellipsis, np.arange(20 * 18, dtype="float32").reshape(20, 18))
    codec = ShardingCodec(chunk_shape=(4, 3), codecs=arr.metadata.codecs[0].codecs)
    shard = base.store_dict["a/c/0/1"]
    table = codec.decode_index(shard[-(4 * 16 + 4) :], (8, 6)).offsets_and_lengths.copy()
    table[1, 1] = (len(shard) - 10, 100)
    index = bytes(codec.encode_index(ShardIndex(table)))
    base.store_dict["a/c/0/1"] = shard[: -(4 * 16 + 4)] + index
    with pytest.raises(ValueError, match=r"shard 'a/c/0/1' .*inner chunk \(1, 1\) spans bytes"):
        await arr.getitem((slice(0, 8), slice(6, 12)))


@pytest.mark.parametrize("location", ["start", "end"])
async def test_corrupt_index_names_the_shard(location: str) -> None:
    base = AsyncMemoryStore()
    arr = await sharded(base, shards={"shape": (8, 6), "index_location": location})
    await arr.setitem(Ellipsis, 1)
    shard = bytearray(base.store_dict["a/c/0/1"])
    shard[0 if location == "start" else -8] ^= 0xFF  # inside the index, before its checksum
    base.store_dict["a/c/0/1"] = bytes(shard)
    for selection in [(1, 7), (slice(0, 8), slice(6, 12))]:  # by range, and whole
        with pytest.raises(ValueError, match=r"shard 'a/c/0/1' .*cannot read its index"):
            await arr.getitem(selection)
    assert await arr._nchunks_initialized() == 9 * 4  # counted without reading an index
    with pytest.raises(ValueError, match=r"shard 'a/c/0/1' .*cannot update it"):
        await arr.setitem((1, 7), 5)
    np.testing.assert_array_equal(await arr.getitem((slice(0, 8), slice(0, 6))), 1)


async def test_structured_fields_read_and_write() -> None:
    dtype = [("x", "<i4"), ("y", "<f8")]
    arr = await sharded(dtype=dtype, fill_value=None)
    await arr.set_basic_selection((slice(2, 10), slice(1, 7)), 4, fields="x")
    await arr.set_basic_selection((slice(2, 10), slice(1, 7)), 0.5, fields="y")
    got = await arr.get_basic_selection((slice(0, 12), slice(0, 8)), fields="x")
    expected = np.zeros((12, 8), dtype="<i4")
    expected[2:10, 1:7] = 4
    np.testing.assert_array_equal(got, expected)
    assert float((await arr.getitem((5, 5)))["y"]) == 0.5


async def test_nested_sharding_round_trips() -> None:
    inner = ShardingCodec(
        chunk_shape=(2, 1),
        codecs=[{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
    )
    arr = await sharded(serializer=inner, compressors=None)
    outer = arr.metadata.codec_chain.array_bytes_codec
    assert isinstance(outer, ShardingCodec)
    assert isinstance(outer.codecs[0], ShardingCodec)
    data = data_for(arr.shape)
    await arr.setitem((slice(0, 16), slice(0, 12)), data[:16, :12])
    await arr.setitem((slice(16, 20), slice(12, 18)), data[16:, 12:])
    await arr.setitem((slice(5, 7), slice(4, 5)), -1)  # partial write of one nested inner chunk
    expected = np.zeros(arr.shape, dtype="int32")
    expected[:16, :12] = data[:16, :12]
    expected[16:, 12:] = data[16:, 12:]
    expected[5:7, 4] = -1
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), expected)
    np.testing.assert_array_equal(await arr.getitem((slice(3, 9), slice(2, 5))), expected[3:9, 2:5])


async def test_codecs_around_the_shard_read_whole_shards() -> None:
    # A checksum of the whole shard: the shard is opaque, the read grid is the shard grid.
    codec = ShardingCodec(
        chunk_shape=(4, 3), codecs=[{"name": "bytes", "configuration": {"endian": "little"}}]
    )
    with pytest.warns(ZarrUserWarning, match="disables partial reads and writes"):
        arr = await sharded(
            chunks=(8, 6), shards=None, serializer=codec, compressors=[{"name": "crc32c"}]
        )
    # Not sharded in zarr-python's sense (the sharding codec is not the only codec): the chunk
    # is the shard, and the codecs are reported as stored (the checksum is a compressor).
    assert (arr.chunks, arr.shards, arr.nchunks) == ((8, 6), None, 9)
    assert (arr.serializer, arr.compressors) == (codec, (Crc32cCodec(),))
    assert pipeline_of(arr).shard_reader is None
    assert pipeline_of(arr).grid_shape == (8, 6)
    data = data_for(arr.shape)
    await arr.setitem(Ellipsis, data)
    await arr.setitem((slice(1, 3), slice(2, 4)), 0)
    data[1:3, 2:4] = 0
    np.testing.assert_array_equal(await arr.getitem((slice(0, 11), slice(1, 9))), data[:11, 1:9])
    assert await arr._nchunks_initialized() == 3 * 3  # whole shards, as zarr-python


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    writes=st.lists(
        st.tuples(st.integers(0, 19), st.integers(1, 12), st.integers(0, 17), st.integers(1, 12)),
        min_size=1,
        max_size=4,
    ),
    location=st.sampled_from(["start", "end"]),
    empty=st.booleans(),
)
async def test_random_writes_and_reads_match_numpy(
    writes: list[tuple[int, int, int, int]], location: str, empty: bool
) -> None:
    arr = await sharded(
        shards={"shape": (8, 6), "index_location": location},
        fill_value=0,
        config={"write_empty_chunks": empty},
    )
    expected = np.zeros(arr.shape, dtype="int32")
    for step, (r0, nr, c0, nc) in enumerate(writes):
        region = (slice(r0, r0 + nr), slice(c0, c0 + nc))
        value = data_for(expected[region].shape) * (step % 2)  # every other write is all fill
        expected[region] = value
        await arr.setitem(region, value)
        np.testing.assert_array_equal(await arr.getitem(Ellipsis), expected)
        np.testing.assert_array_equal(
            await arr.getitem((slice(r0, r0 + 5), slice(c0, c0 + 4))),
            expected[r0 : r0 + 5, c0 : c0 + 4],
        )


# -- reads: store traffic -------------------------------------------------------------------


def chunk_gets(store: AsyncLoggingStore, key: str) -> list[tuple[ByteRequest | None, int | None]]:
    return [(r[2], r[3]) for r in store.requests if r[0].startswith("get") and r[1] == key]


@pytest.mark.parametrize("kind", ["memory", "local"])
async def test_single_inner_chunk_of_a_16_mib_shard_reads_under_twice_its_bytes(
    kind: str, tmp_path: Any
) -> None:
    base = AsyncMemoryStore() if kind == "memory" else AsyncLocalStore(tmp_path)
    store = AsyncLoggingStore(base)
    data = np.random.default_rng(0).random((2048, 2048), dtype="float32")  # 16 MiB, incompressible
    arr = await sharded(
        store, shape=(2048, 2048), chunks=(128, 128), shards=(2048, 2048), dtype="float32"
    )
    await arr.setitem(Ellipsis, data)
    shard = await base.get("a/c/0/0")
    assert shard is not None and len(shard) > 14 << 20
    codec = arr.metadata.codec_chain.array_bytes_codec.evolve_from_array_spec(pipeline_of(arr).spec)
    inner_bytes = len(codec.split_shard(shard)[(3, 5)])
    store.reset()
    got = await arr.getitem((slice(384, 512), slice(640, 768)))
    np.testing.assert_array_equal(got, data[384:512, 640:768])
    gets = chunk_gets(store, "a/c/0/0")
    assert len(gets) == 2  # the index, then the inner chunk
    assert gets[0][0] == SuffixByteRequest(codec.index_size())
    assert isinstance(gets[1][0], RangeByteRequest)
    assert sum(n or 0 for _, n in gets) < 2 * inner_bytes


async def test_adjacent_inner_chunks_are_coalesced_into_one_range() -> None:
    store = AsyncLoggingStore(AsyncMemoryStore())
    arr = await sharded(store, shape=(16, 16), chunks=(4, 4), shards=(16, 16), compressors=None)
    await arr.setitem(Ellipsis, data_for(arr.shape))
    store.reset()
    await arr.getitem(
        (slice(0, 8), slice(0, 4))
    )  # inner chunks (0,0), (1,0): adjacent in Morton order
    ranges = [r for r, _ in chunk_gets(store, "a/c/0/0")]
    assert ranges == [SuffixByteRequest(16 * 16 + 4), RangeByteRequest(0, 2 * 64)]
    # Inner chunks (0, 0) and (3, 3) lie far apart: one read with a large gap allowed, else two.
    store.reset()
    await arr.getitem(([0, 12], [0, 12]))  # vindex-style points via orthogonal selection
    assert len(chunk_gets(store, "a/c/0/0")) == 2
    tight = arr.with_config({"sharding_coalesce_max_gap_bytes": 0})
    store.reset()
    np.testing.assert_array_equal(
        await tight.get_coordinate_selection(([0, 12], [0, 12])),
        data_for((16, 16))[[0, 12], [0, 12]],
    )
    assert len(chunk_gets(store, "a/c/0/0")) == 3
    small = arr.with_config({"sharding_coalesce_max_bytes": 64})
    store.reset()
    await small.getitem((slice(0, 8), slice(0, 4)))
    assert len(chunk_gets(store, "a/c/0/0")) == 3


async def test_reading_every_inner_chunk_of_a_shard_is_one_request() -> None:
    store = AsyncLoggingStore(AsyncMemoryStore())
    arr = await sharded(store)
    data = data_for(arr.shape)
    await arr.setitem(Ellipsis, data)
    store.reset()
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), data)
    gets = [r for r in store.requests if r[0].startswith("get")]
    assert len(gets) == 9  # one per shard, whole
    assert all(r[2] is None for r in gets)


def test_coalesce_ranges() -> None:
    ranges = [(100, 10), (0, 10), (12, 8), (300, 50)]
    assert coalesce_ranges(ranges, max_gap=2, max_bytes=1000) == [
        (0, 20, [1, 2]),
        (100, 110, [0]),
        (300, 350, [3]),
    ]
    assert coalesce_ranges(ranges, max_gap=1000, max_bytes=1000) == [(0, 350, [1, 2, 0, 3])]
    assert coalesce_ranges(ranges, max_gap=1000, max_bytes=110) == [
        (0, 110, [1, 2, 0]),
        (300, 350, [3]),
    ]
    assert coalesce_ranges([], 0, 0) == []


# -- writes: grouped by shard ---------------------------------------------------------------


def traffic(store: AsyncLoggingStore) -> dict[str, int]:
    counts = {"get": 0, "set": 0, "delete": 0}
    for method, key, _, _ in store.requests:
        if key is not None and "/c/" in key:
            for name in counts:
                if method.startswith(name):
                    counts[name] += 1
    return counts


async def test_writes_read_each_partial_shard_once_and_full_shards_never() -> None:
    store = AsyncLoggingStore(AsyncMemoryStore())
    arr = await sharded(store)
    store.reset()
    await arr.setitem(Ellipsis, data_for(arr.shape))  # 9 shards, all wholly written
    assert traffic(store) == {"get": 0, "set": 9, "delete": 0}
    store.reset()
    # Rows 0-15 x cols 0-11: shards (0,0) (0,1) (1,0) (1,1) whole; cols 12-13 of those rows
    # touch shards (0,2) and (1,2) partly.
    await arr.setitem((slice(0, 16), slice(0, 14)), -3)
    assert traffic(store) == {"get": 2, "set": 6, "delete": 0}
    store.reset()
    await arr.setitem((slice(1, 2), slice(1, 17)), 8)  # many inner chunks of 3 shards, partly
    assert traffic(store) == {"get": 3, "set": 3, "delete": 0}
    # Edge shards count as whole when every element inside the array is written.
    store.reset()
    await arr.setitem((slice(16, 20), slice(12, 18)), 2)
    assert traffic(store) == {"get": 0, "set": 1, "delete": 0}


async def test_nchunks_initialized_is_stored_shards_times_chunks_per_shard() -> None:
    # zarr-python's documented example: 3 shards of 2 inner chunks hold the 5 written elements.
    store = AsyncLoggingStore(AsyncMemoryStore())
    arr = await api.create_array(store, shape=(10,), chunks=(1,), shards=(2,), dtype="i1")
    assert await arr._nchunks_initialized() == 0
    await arr.setitem(slice(0, 5), 1)
    store.reset()
    assert await arr._nchunks_initialized() == 6
    assert await arr._nshards_stored() == 3
    assert "Shards Initialized : 3" in repr(await arr.info_complete())
    assert traffic(store) == {"get": 0, "set": 0, "delete": 0}  # a listing, no shard index read
    # An edge shard counts in full, so the count can exceed nchunks (zarr-python's rule).
    edge = await api.create_array(
        AsyncMemoryStore(), shape=(5,), chunks=(1,), shards=(4,), dtype="i1"
    )
    await edge.setitem(Ellipsis, 1)
    assert (await edge._nchunks_initialized(), edge.nchunks) == (8, 5)


async def test_emptied_shard_is_deleted_unless_write_empty_chunks() -> None:
    store = AsyncLoggingStore(AsyncMemoryStore())
    arr = await sharded(store, fill_value=0)
    await arr.setitem((slice(0, 8), slice(0, 6)), 1)
    await arr.setitem((slice(0, 4), slice(0, 6)), 0)  # half of the shard back to fill
    assert await arr._nchunks_initialized() == 4  # the shard counts in full (zarr-python)
    store.reset()
    await arr.setitem((slice(4, 8), slice(0, 6)), 0)  # the rest of it: read, found empty
    assert traffic(store) == {"get": 1, "set": 0, "delete": 1}
    assert await arr._nshards_stored() == 0
    keep = arr.with_config({"write_empty_chunks": True})
    await keep.setitem((slice(0, 8), slice(0, 6)), 0)
    assert await arr._nshards_stored() == 1
    assert await arr._nchunks_initialized() == 4


async def test_untouched_inner_chunks_keep_their_bytes() -> None:
    base = AsyncMemoryStore()
    arr = await sharded(base, compressors=[{"name": "zstd", "configuration": {"level": 3}}])
    await arr.setitem(Ellipsis, data_for(arr.shape))
    codec = arr.metadata.codec_chain.array_bytes_codec.evolve_from_array_spec(pipeline_of(arr).spec)
    before = codec.split_shard(base.store_dict["a/c/0/0"])
    await arr.setitem((1, 1), 0)
    after = codec.split_shard(base.store_dict["a/c/0/0"])
    assert set(before) == set(after)
    changed = {k for k in before if bytes(before[k]) != bytes(after[k])}
    assert changed == {(0, 0)}


# -- no lost updates ------------------------------------------------------------------------


class SlowStore(AsyncWrapperStore):
    """Widens the window between reading a shard and writing it back."""

    async def get(
        self, key: str, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> bytes | None:
        value = await self._store.get(key, prototype, byte_range)
        await sleep(0.002)
        return value


@pytest.mark.parametrize("kind", ["memory", "local"])
async def test_eight_writers_to_one_shard_lose_nothing(kind: str, tmp_path: Any) -> None:
    base = AsyncMemoryStore() if kind == "memory" else AsyncLocalStore(tmp_path)
    arr = await sharded(SlowStore(base), shape=(8, 16), chunks=(4, 2), shards=(8, 16))
    # A second handle on the same data: the lock is keyed by the store, not the handle.
    other = await api.open_array(SlowStore(base), path="a")

    async def writer(i: int) -> None:
        target = arr if i % 2 else other
        for _ in range(3):
            await target.setitem((slice(0, 8), slice(2 * i, 2 * i + 2)), i + 1)

    async with anyio.create_task_group() as group:
        for i in range(8):
            group.start_soon(writer, i)
    got = await arr.getitem(Ellipsis)
    expected = np.repeat(np.arange(1, 9, dtype="int32"), 2)[None, :].repeat(8, axis=0)
    np.testing.assert_array_equal(got, expected)


class RewriteBetweenRequests(AsyncWrapperStore):
    """Rewrites the shard through ``writer`` just before the reader's inner-chunk ranges."""

    writer: AsyncArray | None = None

    @property
    def supports_sync_io(self) -> bool:
        return False  # reads go through get_many, where the rewrite happens

    async def get_many(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> list[bytes | None]:
        writer, self.writer = self.writer, None
        if writer is not None and any(isinstance(r, RangeByteRequest) for _, r in requests):
            await writer.setitem(Ellipsis, 5)  # compresses to far smaller inner chunks
        elif writer is not None:
            self.writer = writer
        return await self._store.get_many(requests)


async def test_shard_rewritten_between_index_and_ranges_is_read_whole() -> None:
    base = AsyncMemoryStore()
    zstd = [{"name": "zstd", "configuration": {"level": 1}}]
    racy = RewriteBetweenRequests(base)
    arr = await sharded(racy, shape=(8, 6), compressors=zstd)
    noise = np.random.default_rng(3).integers(-(2**30), 2**30, size=(8, 6), dtype="int32")
    await arr.setitem(Ellipsis, noise)
    racy.writer = await api.open_array(AsyncMemoryStore(base.store_dict), path="a")
    got = await arr.getitem((slice(0, 4), slice(0, 3)))
    assert racy.writer is None  # the rewrite happened
    np.testing.assert_array_equal(got, 5)


class RewriteBetweenSyncReads(AsyncWrapperStore):
    """The same race for a store with in-process reads, which the reader does in one worker
    trip (``get_sync``): the shard is rewritten, blocking, just before the first range read."""

    writer: Any = None

    def get_sync(
        self, key: str, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> bytes | None:
        writer, self.writer = self.writer, None
        if writer is not None and isinstance(byte_range, RangeByteRequest):
            writer[...] = 5
        elif writer is not None:
            self.writer = writer
        return self._store.get_sync(key, prototype=prototype, byte_range=byte_range)  # type: ignore[attr-defined,no-any-return]


async def test_shard_rewritten_between_in_process_reads_is_read_whole() -> None:
    base = AsyncMemoryStore()
    zstd = [{"name": "zstd", "configuration": {"level": 1}}]
    racy = RewriteBetweenSyncReads(base)
    assert racy.supports_sync_io
    arr = await sharded(racy, shape=(8, 6), compressors=zstd)
    noise = np.random.default_rng(3).integers(-(2**30), 2**30, size=(8, 6), dtype="int32")
    await arr.setitem(Ellipsis, noise)
    # The blocking API in both flavours: get_sync runs in a worker thread (or the caller's).
    racy.writer = zarrlite.open_array(zarrlite.storage.MemoryStore(base.store_dict), path="a")
    got = await arr.getitem((slice(0, 4), slice(0, 3)))
    assert racy.writer is None  # the rewrite happened
    np.testing.assert_array_equal(got, 5)


async def test_coalescing_config_keys_reach_the_array() -> None:
    with config.set({"array.sharding_coalesce_max_gap_bytes": 7}):
        arr = await sharded()
    assert arr.config.sharding_coalesce_max_gap_bytes == 7
    with pytest.raises(ValueError, match="sharding_coalesce_max_bytes"):
        arr.with_config({"sharding_coalesce_max_bytes": -1})
