"""Strided chunks go through a per-thread scratch buffer: results must never alias it."""

from __future__ import annotations

import threading
from typing import Any, ClassVar, Self

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs import ArraySpec, BloscCodec, BytesCodec, CodecChain, ZstdCodec
from zarrlite.codecs._base import BytesBytesCodec
from zarrlite.codecs._scratch import (
    COPY_OUT_OFFSET,
    MAX_SCRATCH_BYTES,
    PAGE_BYTES,
    decode_scratch,
    input_scratch,
    output_scratch,
    page_aligned_empty,
    row_scratch,
    scratch,
)


class _PassThrough(BytesBytesCodec):
    """A bytes -> bytes codec that returns its input unchanged (worst case for aliasing)."""

    name: ClassVar[str] = "test-pass-through"

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        return cls()

    def to_dict(self) -> dict[str, JSON]:
        return {"name": "test-pass-through"}

    def encode(self, data: BytesLike) -> BytesLike:
        return data

    def decode(self, data: BytesLike) -> BytesLike:
        return data


def _spec(shape: tuple[int, ...]) -> ArraySpec:
    return ArraySpec(shape=shape, dtype=np.dtype("float32"), fill_value=np.float32(0))


def test_pass_through_result_outlives_the_scratch_buffer() -> None:
    spec = _spec((8, 8))
    chain = CodecChain.from_codecs([BytesCodec(), _PassThrough()]).evolve_from_array_spec(spec)
    source = np.arange(16 * 16, dtype="float32").reshape(16, 16)
    first = chain.encode(source[:8, :8], spec)  # strided: gathered through the scratch buffer
    chain.encode(source[8:, 8:], spec)  # reuses the buffer
    assert first is not None
    assert np.array_equal(np.frombuffer(first, "float32").reshape(8, 8), source[:8, :8])


@settings(max_examples=25, deadline=None)
@given(
    rows=st.integers(1, 40),
    cols=st.integers(1, 40),
    compressor=st.sampled_from([BloscCodec(cname="lz4"), ZstdCodec(level=1)]),
)
def test_strided_round_trip(rows: int, cols: int, compressor: Any) -> None:
    spec = _spec((rows, cols))
    chain = CodecChain.from_codecs([BytesCodec(), compressor]).evolve_from_array_spec(spec)
    rng = np.random.default_rng(rows * 100 + cols)
    big = rng.standard_normal((2 * rows, 2 * cols + 3)).astype("float32")
    parts = [big[:rows, 1 : cols + 1], big[rows:, cols + 3 :]]
    encoded = [chain.encode(part, spec) for part in parts]
    out = np.zeros((2 * rows, 2 * cols + 3), dtype="float32")
    targets = [out[:rows, 1 : cols + 1], out[rows:, cols + 3 :]]
    for data, target in zip(encoded, targets, strict=True):
        assert data is not None
        chain.decode_into(data, spec, target)  # strided target: through the scratch buffer
    for part, target in zip(parts, targets, strict=True):
        assert np.array_equal(part, target)


def test_scratch_is_per_thread_and_bounded() -> None:
    mine = scratch(1000)
    assert mine is not None and mine.size == 1000
    assert scratch(MAX_SCRATCH_BYTES + 1) is None
    seen: list[Any] = []
    thread = threading.Thread(target=lambda: seen.append(scratch(1000)))
    thread.start()
    thread.join()
    assert seen[0] is not None and not np.shares_memory(seen[0], mine)


@settings(max_examples=40, deadline=None)
@given(
    rows=st.integers(1, 300),
    cols=st.integers(1, 300),
    dtype=st.sampled_from(["float32", "uint8", "int64", "float64"]),
    cname=st.sampled_from(["lz4", "zstd", "blosclz", "zlib"]),
    shuffle=st.sampled_from(["noshuffle", "shuffle", "bitshuffle"]),
    blocksize=st.sampled_from([0, 4096]),
)
def test_transient_blosc_matches_numcodecs(
    rows: int, cols: int, dtype: str, cname: str, shuffle: Any, blocksize: int
) -> None:
    """The transient encode (c-blosc into this thread's output buffer) writes the bytes
    numcodecs' compress writes, strided input or not."""
    spec = ArraySpec(shape=(rows, cols), dtype=np.dtype(dtype), fill_value=0)
    codec = BloscCodec(cname=cname, shuffle=shuffle, blocksize=blocksize)
    chain = CodecChain.from_codecs([BytesCodec(), codec]).evolve_from_array_spec(spec)
    rng = np.random.default_rng(rows * 1000 + cols)
    big = (rng.standard_normal((rows, 2 * cols)) * 50).astype(dtype)
    value = big[:, ::2]
    expected = chain.encode(value, spec)
    transient = chain.encode(value, spec, transient=True)
    assert expected is not None and transient is not None
    assert bytes(transient) == bytes(expected)


def test_transient_result_is_reused_and_plain_result_is_not() -> None:
    """``transient=True`` may hand out this thread's buffer (the next encode overwrites it),
    which is why only a caller that copies first asks for it; the default result is owned.
    (Blosc reuses its buffer for chunks of 256 KiB and more.)"""
    spec = _spec((256, 256))
    chain = CodecChain.from_codecs([BytesCodec(), BloscCodec(cname="lz4")]).evolve_from_array_spec(
        spec
    )
    rng = np.random.default_rng(7)
    first, second = (rng.standard_normal((256, 256)).astype("float32") for _ in range(2))
    owned = chain.encode(first, spec)
    assert owned is not None
    kept = bytes(owned)
    transient = chain.encode(first, spec, transient=True)
    assert transient is not None
    before = bytes(transient)
    assert before == kept
    chain.encode(second, spec, transient=True)
    assert bytes(transient) != before  # overwritten in place: a view of the reused buffer
    assert bytes(owned) == kept


def test_uncompressed_strided_chunk_is_gathered_into_the_buffer_only_when_transient() -> None:
    """Without a compressor, a transient encode of a strided chunk is this thread's gather
    buffer (no chunk-sized allocation each time); a plain encode is owned by the caller, and
    both hold the chunk's bytes in C order."""
    spec = _spec((16, 16))
    chain = CodecChain.from_codecs([BytesCodec()]).evolve_from_array_spec(spec)
    source = np.arange(32 * 32, dtype="float32").reshape(32, 32)
    first, second = source[:16, :16], source[16:, 16:]  # strided slices
    owned = chain.encode(first, spec)
    transient = chain.encode(first, spec, transient=True)
    assert owned is not None and transient is not None
    assert bytes(owned) == bytes(transient) == first.tobytes()
    buffer = scratch(first.nbytes)
    assert buffer is not None
    assert np.shares_memory(np.frombuffer(transient, np.uint8), buffer)
    assert not np.shares_memory(np.frombuffer(owned, np.uint8), buffer)
    chain.encode(second, spec, transient=True)
    assert bytes(transient) == second.tobytes()  # the buffer was reused
    assert bytes(owned) == first.tobytes()


@pytest.mark.parametrize(
    ("take", "offset"),
    [
        (scratch, 0),
        (decode_scratch, COPY_OUT_OFFSET),
        (input_scratch, COPY_OUT_OFFSET),
        (output_scratch, 0),
        (row_scratch, 0),
    ],
)
def test_scratch_buffers_start_at_their_page_offset(take: Any, offset: int) -> None:
    # The kernel copies a file into a destination 16 bytes past a page (where np.empty puts a
    # large array) at half speed, and copies into such an output from a buffer 0-48 bytes
    # before it stall; each buffer, first made or grown, starts at its offset.
    for nbytes in (1000, (1 << 20) + 4096, 5 << 20):
        buffer = take(nbytes)
        assert buffer is not None and buffer.size == nbytes and buffer.flags.writeable
        assert buffer.ctypes.data % PAGE_BYTES == offset


@pytest.mark.parametrize("nbytes", [1, 4095, 4096, 123_457])
def test_page_aligned_empty(nbytes: int) -> None:
    buffer = page_aligned_empty(nbytes)
    assert buffer.dtype == np.uint8 and buffer.shape == (nbytes,)
    assert buffer.ctypes.data % PAGE_BYTES == 0
    buffer[:] = 7  # all of it is writable memory of its own
    assert int(buffer.sum()) == 7 * nbytes
