"""``sharding_indexed``: byte-identical shards with zarr-python 3.4.2, index API, errors."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from codec_oracle import spec_of, write
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import assert_same

from zarrlite.codecs import (
    ArraySpec,
    BytesCodec,
    CodecChain,
    Crc32cCodec,
    ShardIndex,
    ShardingCodec,
    ZstdCodec,
)
from zarrlite.codecs._shard_index import subchunk_order

zc = pytest.importorskip("zarr.codecs")


def zarr_sharding(chunk_shape: tuple[int, ...], **kwargs: Any) -> Any:
    return zc.ShardingCodec(chunk_shape=chunk_shape, **kwargs)


def check_shard(
    array: np.ndarray[Any, Any], sharding: Any, write_empty_chunks: bool = False, **kwargs: Any
) -> bytes | None:
    """zarr-python writes one shard; zarrlite must produce the same bytes and read both ways."""
    written = write(
        array,
        serializer=sharding,
        compressors=None,
        config={"write_empty_chunks": write_empty_chunks},
        **kwargs,
    )
    spec = spec_of(written)
    chain = written.v3_chain().evolve_from_array_spec(spec)
    chain.validate(spec)
    assert chain.is_sharded
    raw = written.raw()
    ours = chain.encode(array, spec, write_empty_chunks=write_empty_chunks)
    if raw is None:
        assert ours is None
        return None
    assert ours is not None
    assert bytes(ours) == raw
    assert_same(chain.decode(raw, spec), array)
    for order in "CF":
        out = np.zeros(spec.shape, dtype=spec.dtype, order=order)  # type: ignore[call-overload]
        chain.decode_into(raw, spec, out)
        assert_same(out, array)
    written.put(bytes(ours))
    assert_same(written.read(), array)
    return raw


def blank_inner_chunks(
    array: np.ndarray[Any, Any], chunk: tuple[int, ...], which: list[tuple[int, ...]], fill: Any = 0
) -> np.ndarray[Any, Any]:
    array = array.copy()
    for coords in which:
        array[tuple(slice(i * c, (i + 1) * c) for i, c in zip(coords, chunk))] = fill
    return array


@pytest.mark.parametrize("location", ["start", "end"])
@pytest.mark.parametrize(
    ("shape", "chunk"),
    [
        ((8,), (2,)),
        ((4, 6), (2, 3)),
        ((6, 10), (2, 2)),
        ((4, 4, 4), (1, 2, 4)),
        ((5, 3, 7), (1, 1, 1)),
    ],
)
def test_shards_match_zarr(location: str, shape: tuple[int, ...], chunk: tuple[int, ...]) -> None:
    array = np.arange(1, np.prod(shape) + 1, dtype="<u2").reshape(shape)
    check_shard(array, zarr_sharding(chunk, index_location=location))
    # partly empty: every third inner chunk equals the fill value
    cps = tuple(s // c for s, c in zip(shape, chunk))
    some = list(np.ndindex(*cps))[::3]
    check_shard(
        blank_inner_chunks(array, chunk, some), zarr_sharding(chunk, index_location=location)
    )
    check_shard(
        blank_inner_chunks(array, chunk, some),
        zarr_sharding(chunk, index_location=location),
        write_empty_chunks=True,
    )


def test_all_empty_shard_is_none() -> None:
    array = np.full((4, 4), 7, dtype="i4")
    assert check_shard(array, zarr_sharding((2, 2)), fill_value=7) is None
    codec = ShardingCodec(chunk_shape=(2, 2))
    spec = ArraySpec(shape=(4, 4), dtype=np.dtype("i4"), fill_value=np.int32(7))
    codec = codec.evolve_from_array_spec(spec)
    kept = codec.encode(array, spec, write_empty_chunks=True)
    assert kept is not None
    assert_same(codec.decode(kept, spec), array)


@pytest.mark.parametrize("location", ["start", "end"])
def test_inner_and_index_codecs_match_zarr(location: str) -> None:
    array = np.linspace(0, 1, 8 * 12, dtype="<f8").reshape(8, 12)
    array = blank_inner_chunks(array, (4, 3), [(0, 1), (1, 3)])
    sharding = zarr_sharding(
        (4, 3),
        codecs=[
            zc.TransposeCodec(order=(1, 0)),
            zc.BytesCodec(endian="big"),
            zc.ZstdCodec(level=3),
        ],
        index_codecs=[zc.BytesCodec(endian="big"), zc.Crc32cCodec()],
        index_location=location,
    )
    check_shard(array, sharding)
    sharding = zarr_sharding(
        (2, 6), codecs=[zc.BytesCodec(), zc.BloscCodec()], index_codecs=[zc.BytesCodec()]
    )
    check_shard(array, sharding)


@pytest.mark.parametrize("row_bytes", [512 << 10, 2 * 2 * 3 * 8])  # whole rows; 2 chunks a part
@pytest.mark.parametrize("compressor", ["blosc", "zstd"])
def test_shards_of_small_inner_chunks_encoded_by_rows_match_zarr(
    compressor: str, row_bytes: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inner chunks gathered a row at a time (codecs._rows) give zarr-python's bytes.
    from zarrlite.codecs import _rows

    monkeypatch.setattr(_rows, "ROW_BYTES", row_bytes)
    inner = zc.BloscCodec(cname="lz4", shuffle="shuffle") if compressor == "blosc" else zc.ZstdCodec()
    values = np.linspace(-1, 1, 2 * 6 * 15, dtype="<f8").reshape(2, 6, 15)
    values = blank_inner_chunks(values, (1, 2, 3), [(0, 0, 1), (1, 2, 4), (1, 1, 0)])
    big = np.full((2, 6, 20), 7.0)
    big[:, :, 2:17] = values
    array = big[:, :, 2:17]
    assert not array.flags.c_contiguous  # a strided part of a larger array, as a write gives
    sharding_codec = zarr_sharding((1, 2, 3), codecs=[zc.BytesCodec(), inner])
    check_shard(array, sharding_codec)
    check_shard(array, sharding_codec, write_empty_chunks=True)
    line = np.concatenate([np.zeros(6), np.linspace(0, 1, 30)])  # one dimension, one chunk empty
    check_shard(line, zarr_sharding((3,), codecs=[zc.BytesCodec(), inner]))


@pytest.mark.parametrize("location", ["start", "end"])
def test_nested_shards_match_zarr(location: str) -> None:
    array = np.arange(8 * 8, dtype="<i4").reshape(8, 8)
    array = blank_inner_chunks(
        array, (2, 2), [(0, 0), (1, 1), (3, 3), (2, 0), (2, 1), (3, 0), (3, 1)]
    )
    inner = zarr_sharding(
        (2, 2), codecs=[zc.BytesCodec(), zc.Crc32cCodec()], index_location=location
    )
    check_shard(array, zarr_sharding((4, 4), codecs=[inner], index_location=location))


def test_nan_fill_and_strings() -> None:
    array = np.full((4, 4), np.nan, dtype="<f4")
    array[0, 0] = 1.0
    check_shard(array, zarr_sharding((2, 2)), fill_value=float("nan"))
    strings = np.array(list("abcdefghijklmnop"), dtype=np.dtypes.StringDType()).reshape(4, 4)
    strings[2:, 2:] = ""
    sharding = zarr_sharding((2, 2), codecs=[zc.VLenUTF8Codec(), zc.ZstdCodec()])
    check_shard(strings, sharding, fill_value="")


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_random_shards_match_zarr(data: Any) -> None:
    ndim = data.draw(st.integers(1, 3))
    chunk = tuple(data.draw(st.integers(1, 3)) for _ in range(ndim))
    cps = tuple(data.draw(st.integers(1, 5)) for _ in range(ndim))
    shape = tuple(c * n for c, n in zip(chunk, cps))
    array = np.arange(1, np.prod(shape) + 1, dtype="<i2").reshape(shape)
    empty = data.draw(st.lists(st.sampled_from(list(np.ndindex(*cps))), unique=True))
    array = blank_inner_chunks(array, chunk, empty)
    location = data.draw(st.sampled_from(["start", "end"]))
    check_shard(array, zarr_sharding(chunk, index_location=location))


def test_morton_order_of_a_3x5_grid() -> None:
    assert subchunk_order((3, 5)) == (
        (0, 0), (1, 0), (0, 1), (1, 1), (2, 0), (2, 1), (0, 2), (1, 2), (0, 3), (1, 3),
        (2, 2), (2, 3), (0, 4), (1, 4), (2, 4),
    )  # fmt: skip
    assert subchunk_order((2, 2), "lexicographic") == ((0, 0), (0, 1), (1, 0), (1, 1))
    assert subchunk_order((2, 2), "colexicographic") == ((0, 0), (1, 0), (0, 1), (1, 1))
    assert subchunk_order((), "morton") == ((),)


def test_shard_index_api() -> None:
    array = np.arange(16, dtype="u1").reshape(4, 4)
    spec = ArraySpec(shape=(4, 4), dtype=np.dtype("u1"), fill_value=np.uint8(0))
    codec = ShardingCodec(chunk_shape=(2, 2), codecs=[BytesCodec(), ZstdCodec()])
    codec = codec.evolve_from_array_spec(spec)
    assert codec.shard_shape == (4, 4)
    assert codec.inner_chunks_per_shard() == (2, 2)
    assert codec.inner_chunks_per_shard((8, 2)) == (4, 1)
    assert codec.index_size() == 4 * 16 + 4
    inner_spec = codec.inner_chunk_spec(spec)
    assert inner_spec.shape == (2, 2)
    array[:2, :2] = 0  # inner chunk (0, 0) is empty
    shard = bytes(codec.encode(array, spec))  # type: ignore[arg-type]
    index = codec.decode_index(shard[-codec.index_size() :])
    assert index.chunks_per_shard == (2, 2)
    assert index.get_chunk_slice((0, 0)) is None
    assert not index.is_all_empty()
    assert index.present().tolist() == [[False, True], [True, True]]
    offset, length = index.get_chunk_slice((1, 1))  # type: ignore[misc]
    chunk = codec.decode_inner_chunk(shard[offset : offset + length], inner_spec)
    assert_same(chunk, array[2:, 2:])
    # the index round-trips through its codecs
    assert (
        ShardIndex.from_bytes(index.to_bytes(codec.index_chain), (2, 2), codec.index_codecs)
        == index
    )
    assert bytes(codec.encode_index(index)) == shard[-codec.index_size() :]
    empty = ShardIndex.create_empty((2, 2))
    assert empty.is_all_empty()
    empty.set_chunk_slice((1, 0), (10, 5))
    assert empty.get_chunk_slice((1, 0)) == (10, 5)
    index.set_chunk_slice((1, 1), None)  # copy-on-write of a read-only decoded index
    assert index.get_chunk_slice((1, 1)) is None
    assert isinstance(codec.inner_chain, CodecChain)
    assert codec.inner_chain.array_bytes_codec == BytesCodec(endian=None)


def test_shard_errors() -> None:
    codec = ShardingCodec(chunk_shape=(3, 2))
    spec = ArraySpec(shape=(4, 4), dtype=np.dtype("<u2"), fill_value=np.uint16(0))
    with pytest.raises(ValueError, match=r"sharding_indexed.*not divisible"):
        codec.validate(spec)
    with pytest.raises(ValueError, match=r"sharding_indexed.*dimensions"):
        ShardingCodec(chunk_shape=(2,)).validate(spec)
    with pytest.raises(ValueError, match=r"sharding_indexed.*shard shape is unknown"):
        ShardingCodec(chunk_shape=(2, 2)).index_size()
    with pytest.raises(ValueError, match=r"index_location"):
        ShardingCodec(chunk_shape=(2, 2), index_location="middle")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"fixed size"):
        ShardingCodec(chunk_shape=(2, 2), index_codecs=[BytesCodec(), ZstdCodec()]).validate(spec)
    good = ShardingCodec(chunk_shape=(2, 2)).evolve_from_array_spec(spec)
    shard = bytes(good.encode(np.ones((4, 4), "<u2"), spec))  # type: ignore[arg-type]
    corrupt = shard[:-1] + bytes([shard[-1] ^ 1])
    with pytest.raises(ValueError, match=r"crc32c.*mismatch"):
        good.decode(corrupt, spec)
    with pytest.raises(ValueError, match=r"cannot hold"):
        good.decode(b"\x00" * 10, spec)
    # an index pointing past the end of the shard
    index = ShardIndex.create_empty((2, 2))
    index.set_chunk_slice((0, 0), (0, 1000))
    bad = bytes(good.encode_index(index))
    with pytest.raises(ValueError, match=r"beyond"):
        good.decode(bad, spec)
    assert Crc32cCodec().encoded_size(10) == 14


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_random_shards_round_trip(data: Any) -> None:
    """Pure round trips: any dtype and fill value (NaN too), C/F layouts, nested shards."""
    from strategies import arrays, dtypes, orders

    dtype = data.draw(dtypes())
    ndim = data.draw(st.integers(1, 3))
    chunk = tuple(data.draw(st.integers(1, 3)) for _ in range(ndim))
    cps = tuple(data.draw(st.integers(1, 4)) for _ in range(ndim))
    shape = tuple(c * n for c, n in zip(chunk, cps))
    array = data.draw(arrays(dtype=dtype, shape=shape))
    fill = array.flat[0] if data.draw(st.booleans()) else dtype.type(0)
    empty = data.draw(st.lists(st.sampled_from(list(np.ndindex(*cps))), unique=True))
    array = blank_inner_chunks(array, chunk, empty, fill)
    nested = data.draw(st.booleans())
    inner: list[Any] = [BytesCodec(), ZstdCodec()]
    if nested:
        inner = [ShardingCodec(chunk_shape=chunk, codecs=inner)]
    outer_chunk = (
        chunk
        if not nested
        else tuple(c * data.draw(st.sampled_from([1, n])) for c, n in zip(chunk, cps))
    )
    codec = ShardingCodec(
        chunk_shape=outer_chunk,
        codecs=inner,
        index_location=data.draw(st.sampled_from(["start", "end"])),
    )
    spec = ArraySpec(shape=shape, dtype=dtype, fill_value=fill, order=data.draw(orders))
    chain = CodecChain.from_codecs([codec]).evolve_from_array_spec(spec)
    chain.validate(spec)
    encoded = chain.encode(array, spec)
    if encoded is None:
        from zarrlite.codecs._util import is_fill_chunk

        assert is_fill_chunk(array, fill)
        return
    assert_same(chain.decode(encoded, spec), array)
    out = np.empty(shape, dtype=dtype)
    chain.decode_into(encoded, spec, out)
    assert_same(out, array)
    kept = chain.encode(array, spec, write_empty_chunks=True)
    assert kept is not None
    assert_same(chain.decode(kept, spec), array)


def test_codecs_pickle() -> None:
    import pickle

    from zarrlite.codecs import BloscCodec, GzipCodec, TransposeCodec, V2Codec, VLenUTF8Codec

    codecs: list[Any] = [
        BytesCodec(endian="big"), TransposeCodec(order=(1, 0)), BloscCodec(typesize=4),
        GzipCodec(level=2), ZstdCodec(checksum=True), Crc32cCodec(), VLenUTF8Codec(),
        ShardingCodec(chunk_shape=(2, 2), codecs=[BytesCodec(), ZstdCodec()]),
    ]  # fmt: skip
    for codec in codecs:
        assert pickle.loads(pickle.dumps(codec)) == codec
    chain = CodecChain.from_codecs([BytesCodec(), BloscCodec(typesize=4)])
    assert pickle.loads(pickle.dumps(chain)) == chain
    import numcodecs

    v2 = V2Codec(filters=[numcodecs.Delta(dtype="<i4")], compressor=numcodecs.Zstd(), order="F")
    assert pickle.loads(pickle.dumps(v2)) == v2
