"""Partial blosc decoding (only the blocks a byte range needs) against numcodecs' full decode."""

from __future__ import annotations

import numcodecs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite.codecs import ArraySpec, BloscCodec, BytesCodec, CodecChain
from zarrlite.codecs._blosc_blocks import decode_byte_range

CNAMES = ["lz4", "lz4hc", "zstd", "zlib", "blosclz"]


@st.composite
def blosc_buffers(draw: st.DrawFn) -> tuple[bytes, bytes]:
    dtype = draw(st.sampled_from(["u1", "<i2", "<f4", ">f8", "V3", "V24"]))
    items = draw(st.integers(1, 40_000))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    raw = (np.cumsum(rng.integers(-2, 3, items * np.dtype(dtype).itemsize)) % 7).astype(np.uint8)
    data = raw.tobytes()
    codec = numcodecs.Blosc(
        cname=draw(st.sampled_from(CNAMES)),
        clevel=draw(st.integers(0, 9)),
        shuffle=draw(st.sampled_from([0, 1, 2])),
        blocksize=draw(st.sampled_from([0, 256, 1000, 4096, 65536])),
        typesize=np.dtype(dtype).itemsize,
    )
    return codec.encode(np.frombuffer(data, np.uint8)), data


@settings(max_examples=300, deadline=None)
@given(blosc_buffers(), st.data())
def test_range_equals_slice_of_full_decode(
    buffers: tuple[bytes, bytes], data: st.DataObject
) -> None:
    encoded, raw = buffers
    start = data.draw(st.integers(0, len(raw) - 1))
    stop = data.draw(st.integers(start + 1, len(raw)))
    part = decode_byte_range(encoded, start, stop)
    if part is not None:
        assert part == raw[start:stop]


def test_lz4_shuffled_chunk_is_read_block_by_block() -> None:
    values = np.sin(np.arange(262_144, dtype=np.float32) / 100)
    encoded = numcodecs.Blosc(cname="lz4", clevel=5, shuffle=1, typesize=4).encode(values)
    part = decode_byte_range(encoded, 4 * 1000, 4 * 1003)
    assert part is not None
    assert np.array_equal(np.frombuffer(part, np.float32), values[1000:1003])


@pytest.mark.parametrize(
    "encoded",
    [
        b"",
        b"\x02\x01\x21\x04" + b"\x00" * 12,  # sizes that do not match the buffer
        numcodecs.Blosc(cname="lz4", shuffle=2).encode(np.arange(5000, dtype="<f4")),  # bitshuffle
        numcodecs.Blosc(cname="blosclz").encode(np.arange(5000, dtype="<f4")),
    ],
)
def test_unreadable_buffers_give_none(encoded: bytes) -> None:
    assert decode_byte_range(encoded, 0, 4) is None


def test_truncated_buffer_gives_none_not_garbage() -> None:
    encoded = numcodecs.Blosc(cname="lz4", shuffle=1).encode(np.arange(100_000, dtype="<f4"))
    assert decode_byte_range(encoded[:-10], 0, 4) is None


SELECTIONS = st.tuples(
    st.one_of(
        st.integers(0, 63),
        st.builds(slice, st.integers(0, 63), st.integers(0, 64), st.integers(1, 5)),
    ),
    st.one_of(
        st.integers(0, 99),
        st.builds(slice, st.integers(0, 99), st.integers(0, 100), st.integers(1, 7)),
    ),
)


@settings(max_examples=200, deadline=None)
@given(SELECTIONS, st.sampled_from(["<f4", ">f4", "<i8", "u1"]), st.sampled_from(["lz4", "zstd"]))
def test_chain_decode_selection_matches_full_decode(
    selection: tuple[object, object], dtype: str, cname: str
) -> None:
    spec = ArraySpec(shape=(64, 100), dtype=np.dtype(dtype).newbyteorder("="), fill_value=0)
    chain = CodecChain.from_codecs(
        [
            BytesCodec(endian="big" if dtype.startswith(">") else "little"),
            BloscCodec(cname=cname, clevel=3, shuffle="shuffle", blocksize=1024),
        ]
    ).evolve_from_array_spec(spec)
    values = np.arange(6400).reshape(64, 100).astype(spec.dtype)
    encoded = chain.encode(values, spec)
    assert encoded is not None
    part = chain.decode_selection(encoded, spec, selection)
    expected = values[selection]
    if part is not None:
        assert part.dtype == spec.dtype
        assert np.array_equal(part, expected)


def test_chain_decode_selection_declines_large_and_fancy_selections() -> None:
    spec = ArraySpec(shape=(64, 64), dtype=np.dtype("f4"), fill_value=0)
    chain = CodecChain.from_codecs([BytesCodec(), BloscCodec(cname="lz4")]).evolve_from_array_spec(
        spec
    )
    encoded = chain.encode(np.ones((64, 64), "f4"), spec)
    assert encoded is not None
    assert chain.decode_selection(encoded, spec, (slice(0, 64), slice(0, 64))) is None
    assert chain.decode_selection(encoded, spec, (np.array([1, 2]), slice(None))) is None
    small = chain.decode_selection(encoded, spec, (3, slice(0, 8)))
    assert small is not None and np.array_equal(small, np.ones(8, "f4"))
