"""Partial blosc decoding (only the blocks a byte range needs) against numcodecs' full decode,
through c-blosc's ``blosc_getitem`` where numcodecs exports it and through the Python block
reader everywhere."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import numcodecs
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite.codecs import ArraySpec, BloscCodec, BytesCodec, CodecChain, _blosc_blocks
from zarrlite.codecs._blosc_blocks import decode_byte_range

CNAMES = ["lz4", "lz4hc", "zstd", "zlib", "blosclz"]
HAS_GETITEM = _blosc_blocks.getitem is not None


@pytest.fixture(params=["getitem", "python"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test on c-blosc's getitem and on the Python block reader."""
    if request.param == "python":
        monkeypatch.setattr(_blosc_blocks, "getitem", None)
    elif not HAS_GETITEM:
        pytest.skip("numcodecs does not export blosc_getitem here")
    yield request.param


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
@given(blosc_buffers(), st.data(), st.booleans())
def test_range_equals_slice_of_full_decode(
    buffers: tuple[bytes, bytes], data: st.DataObject, python_reader: bool
) -> None:
    encoded, raw = buffers
    start = data.draw(st.integers(0, len(raw) - 1))
    stop = data.draw(st.integers(start + 1, len(raw)))
    saved = _blosc_blocks.getitem
    if python_reader:
        _blosc_blocks.getitem = None
    try:
        part = decode_byte_range(encoded, start, stop)
    finally:
        _blosc_blocks.getitem = saved
    if part is not None:
        assert bytes(part) == raw[start:stop]
    elif HAS_GETITEM and not python_reader:
        # c-blosc reads every whole-item range of a well-formed buffer.
        itemsize = encoded[3]
        assert len(raw) % itemsize != 0


def test_lz4_shuffled_chunk_is_read_block_by_block(reader: str) -> None:
    values = np.sin(np.arange(262_144, dtype=np.float32) / 100)
    encoded = numcodecs.Blosc(cname="lz4", clevel=5, shuffle=1, typesize=4).encode(values)
    part = decode_byte_range(encoded, 4 * 1000, 4 * 1003)
    assert part is not None
    assert np.array_equal(np.frombuffer(part, np.float32), values[1000:1003])


@pytest.mark.parametrize(
    "encoded", [b"", b"\x02\x01\x21\x04" + b"\x00" * 12]  # too short; sizes that do not match
)
def test_unreadable_buffers_give_none(encoded: bytes, reader: str) -> None:
    assert decode_byte_range(encoded, 0, 4) is None


@pytest.mark.parametrize(
    "codec",
    [numcodecs.Blosc(cname="lz4", shuffle=2), numcodecs.Blosc(cname="blosclz")],
    ids=["bitshuffle", "blosclz"],
)
def test_only_c_blosc_reads_bitshuffle_and_blosclz_by_block(codec: Any, reader: str) -> None:
    values = np.arange(5000, dtype="<f4")
    part = decode_byte_range(codec.encode(values), 400, 408)
    if reader == "python":
        assert part is None
    else:
        assert part is not None
        assert np.array_equal(np.frombuffer(part, "<f4"), values[100:102])


def test_truncated_or_corrupt_buffers_give_none_not_garbage(reader: str) -> None:
    encoded = numcodecs.Blosc(cname="lz4", shuffle=1).encode(np.arange(100_000, dtype="<f4"))
    assert decode_byte_range(encoded[:-10], 0, 4) is None
    # A block offset pointing past the end is refused before any decoding reads it.
    corrupt = bytearray(encoded)
    corrupt[16:20] = (len(encoded) + 100).to_bytes(4, "little")
    assert decode_byte_range(bytes(corrupt), 0, 4) is None


def test_threads_decode_ranges_at_once() -> None:
    values = np.cos(np.arange(1 << 20, dtype=np.float32) / 50)
    encoded = numcodecs.Blosc(cname="zstd", clevel=3, shuffle=1, typesize=4).encode(values)
    failures: list[int] = []

    def read(offset: int) -> None:
        for step in range(200):
            start = (offset * 7919 + step * 104_729) % (len(values) - 300)
            part = decode_byte_range(encoded, 4 * start, 4 * (start + 257))
            if part is None or not np.array_equal(
                np.frombuffer(part, np.float32), values[start : start + 257]
            ):
                failures.append(start)

    threads = [threading.Thread(target=read, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []


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
