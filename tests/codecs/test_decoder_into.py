"""``CodecChain.decoder_into``: the specialised decode gives what ``decode_into`` gives, into
contiguous and strided targets, and falls back where it does not apply."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from zarrlite.codecs import ArraySpec, BloscCodec, BytesCodec, CodecChain, GzipCodec, ZstdCodec


def chain_for(spec: ArraySpec, *codecs: Any) -> CodecChain:
    return CodecChain.from_codecs(list(codecs)).evolve_from_array_spec(spec)


@pytest.mark.parametrize(
    ("dtype", "endian", "compressor"),
    [
        ("<f4", "little", BloscCodec(cname="lz4", shuffle="shuffle")),
        ("<i8", "little", ZstdCodec(level=1)),
        (">f4", "big", BloscCodec(cname="zstd")),  # byte swap: the generic path
        ("<u2", "little", GzipCodec()),  # no decode into a buffer: the generic path
    ],
)
@pytest.mark.parametrize("target", ["contiguous", "strided"])
def test_matches_decode_into(dtype: str, endian: str, compressor: Any, target: str) -> None:
    native = np.dtype(dtype).newbyteorder("=")
    spec = ArraySpec(shape=(16, 24), dtype=native, fill_value=0)
    chain = chain_for(spec, BytesCodec(endian=endian), compressor)
    values = np.arange(16 * 24).reshape(16, 24).astype(native)
    encoded = chain.encode(values, spec)
    assert encoded is not None
    big = np.zeros((40, 60), native)
    out = np.zeros((16, 24), native) if target == "contiguous" else big[5:21, 7:31]
    chain.decoder_into(spec)(encoded, out)
    np.testing.assert_array_equal(out, values)
    if target == "strided":
        assert big.sum() == values.sum()  # nothing written outside the target


def test_a_blosc_chunk_of_the_wrong_size_is_refused() -> None:
    spec = ArraySpec(shape=(8, 8), dtype=np.dtype("f4"), fill_value=0)
    chain = chain_for(spec, BytesCodec(), BloscCodec(cname="lz4"))
    small = chain_for(
        ArraySpec(shape=(4, 8), dtype=np.dtype("f4"), fill_value=0), BytesCodec(), BloscCodec()
    ).encode(np.ones((4, 8), "f4"), ArraySpec(shape=(4, 8), dtype=np.dtype("f4"), fill_value=0))
    assert small is not None
    out = np.full((8, 8), 7, "f4")
    with pytest.raises(ValueError, match="decodes to 128 bytes, expected 256"):
        chain.decoder_into(spec)(small, out)
    with pytest.raises(ValueError, match="decodes to 128 bytes, expected 256"):
        chain.decoder_into(spec)(small, np.zeros((20, 20), "f4")[:8, :8])


@pytest.mark.parametrize("level", [1, 5, 19])
@pytest.mark.parametrize("items", [1, 200, 70_000])
def test_zstd_frame_content_size_and_wrong_sizes(level: int, items: int) -> None:
    from zarrlite.codecs.zstd import frame_content_size

    codec = ZstdCodec(level=level)
    values = np.arange(items, dtype="<u2")
    encoded = codec.encode(values)
    assert frame_content_size(encoded) in (values.nbytes, None)
    out = np.zeros(values.nbytes, np.uint8)
    codec.decode_into(encoded, out)
    assert out.tobytes() == values.tobytes()
    with pytest.raises(ValueError, match=f"decodes to {values.nbytes} bytes"):
        codec.decode_into(encoded, np.zeros(values.nbytes + 2, np.uint8))
    assert frame_content_size(b"not zstd") is None


# -- decode_spans_into: a row of a shard's inner chunks in one call -------------------------


def encoded_row(compressor: Any, count: int) -> tuple[memoryview, list[list[int]], np.ndarray]:
    spec = ArraySpec(shape=(8, 16), dtype=np.dtype("<f4"), fill_value=0)
    chain = chain_for(spec, BytesCodec(), compressor)
    # Compressible (blosc stores incompressible buffers as they are, with no blocks to check).
    values = (np.arange(count * 8 * 16) // 3).reshape(count, 8, 16).astype("<f4")
    parts = [bytes(chain.encode(v, spec) or b"") for v in values]
    spans, offset = [], 7  # the chunks do not start at the buffer's start
    for part in parts:
        spans.append([offset, len(part)])
        offset += len(part) + 3  # with gaps between them
    source = bytearray(offset)
    for (start, length), part in zip(spans, parts, strict=True):
        source[start : start + length] = part
    return memoryview(bytes(source)), spans, values


@pytest.mark.parametrize("ctypes_call", [True, False])
@pytest.mark.parametrize("compressor", [BloscCodec(cname="lz4", shuffle="shuffle"), ZstdCodec()])
def test_decode_spans_into_fills_consecutive_parts(
    compressor: Any, ctypes_call: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zarrlite.codecs import blosc

    if not ctypes_call:
        monkeypatch.setattr(blosc, "decompress_ctx", None)
    elif blosc.decompress_ctx is None:
        pytest.skip("numcodecs does not export blosc_decompress_ctx here")
    source, spans, values = encoded_row(compressor, 5)
    out = np.zeros(values.nbytes, np.uint8)
    compressor.decode_spans_into(source, spans, out)
    np.testing.assert_array_equal(out.view("<f4").reshape(values.shape), values)


def test_blosc_decode_spans_into_refuses_bad_chunks() -> None:
    compressor = BloscCodec(cname="lz4", shuffle="shuffle")
    source, spans, values = encoded_row(compressor, 2)
    out = np.zeros(values.nbytes, np.uint8)
    with pytest.raises(ValueError, match="codec 'blosc': the chunk decodes to"):
        compressor.decode_spans_into(source, spans, out[:-4])  # parts 4 bytes short
    damaged = bytearray(source)
    start = spans[1][0]
    damaged[start + 12 : start + 16] = (10**6).to_bytes(4, "little")  # cbytes past the buffer
    with pytest.raises(ValueError, match="blosc"):
        compressor.decode_spans_into(memoryview(bytes(damaged)), spans, out)
    damaged = bytearray(source)
    # The first block starts past the end of the chunk.
    damaged[start + 16 : start + 20] = (spans[1][1] + 100).to_bytes(4, "little")
    with pytest.raises(ValueError, match="blosc"):
        compressor.decode_spans_into(memoryview(bytes(damaged)), spans, out)


def test_a_decoder_keeps_its_buffer_when_the_thread_needs_a_larger_one() -> None:
    from zarrlite.codecs._scratch import scratch

    spec = ArraySpec(shape=(16, 24), dtype=np.dtype("<f4"), fill_value=0)
    chain = chain_for(spec, BytesCodec(), BloscCodec(cname="lz4", shuffle="shuffle"))
    decode = chain.decoder_into(spec)
    first = np.arange(16 * 24, dtype="<f4").reshape(16, 24)
    second = first[::-1].copy()
    big = np.zeros((40, 60), "<f4")
    decode(chain.encode(first, spec), big[5:21, 7:31])
    grown = scratch(8 << 20)  # the thread's buffer is replaced by a larger one...
    assert grown is not None
    grown[:] = 0xFF  # ...and used for something else
    decode(chain.encode(second, spec), big[10:26, 30:54])
    np.testing.assert_array_equal(big[5:10, 7:31], first[:5])
    np.testing.assert_array_equal(big[10:26, 30:54], second)


def test_decoders_of_different_threads_do_not_share_a_buffer() -> None:
    import threading

    spec = ArraySpec(shape=(64, 64), dtype=np.dtype("<f4"), fill_value=0)
    chain = chain_for(spec, BytesCodec(), BloscCodec(cname="lz4", shuffle="shuffle"))
    rng = np.random.default_rng(0)
    chunks = [rng.random((64, 64), dtype=np.float32) for _ in range(2)]
    encoded = [chain.encode(chunk, spec) for chunk in chunks]
    outs = [np.zeros((64, 640), "<f4") for _ in chunks]
    start = threading.Barrier(2)

    def run(k: int) -> None:
        decode = chain.decoder_into(spec)
        start.wait()
        for step in range(10):
            decode(encoded[k], outs[k][:, step * 64 : (step + 1) * 64])

    threads = [threading.Thread(target=run, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for chunk, out in zip(chunks, outs, strict=True):
        np.testing.assert_array_equal(out, np.tile(chunk, 10))
