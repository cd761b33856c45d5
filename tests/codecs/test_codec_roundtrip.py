"""Round trips through single codecs and chains (pure, no zarr-python)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import arrays, assert_same, dtypes, orders, shapes

from zarrlite.codecs import (
    ArraySpec,
    BloscCodec,
    BytesCodec,
    CodecChain,
    Crc32cCodec,
    GzipCodec,
    TransposeCodec,
    VLenBytesCodec,
    VLenUTF8Codec,
    ZstdCodec,
)

FAST = settings(max_examples=60, deadline=None)


def spec_for(array: np.ndarray[Any, Any], order: str = "C", fill: Any = 0) -> ArraySpec:
    return ArraySpec(
        shape=array.shape,
        dtype=array.dtype,
        fill_value=array.dtype.type(fill),
        order=order,  # type: ignore[arg-type]
    )


def endian_for(dtype: np.dtype[Any], big: bool) -> Any:
    if dtype.itemsize == 1:
        return None
    return "big" if big else "little"


@FAST
@given(arrays(), orders, st.booleans())
def test_bytes_round_trip(array: np.ndarray[Any, Any], order: str, big: bool) -> None:
    spec = spec_for(array, order)
    codec = BytesCodec(endian=endian_for(array.dtype, big))
    codec.validate(spec)
    encoded = codec.encode(array, spec)
    assert encoded is not None
    stored = array.astype(codec.stored_dtype(array.dtype), order="C")
    assert bytes(encoded) == stored.tobytes()
    decoded = codec.decode(bytes(encoded), spec)
    assert_same(decoded, array)
    if order == "F":
        assert decoded.flags.f_contiguous
    else:
        assert decoded.flags.c_contiguous
    assert codec.encoded_size(spec) == len(bytes(encoded))


def test_bytes_is_zero_copy() -> None:
    array = np.arange(24, dtype="<u4").reshape(4, 6)
    spec = spec_for(array)
    codec = BytesCodec()
    encoded = codec.encode(array, spec)
    assert isinstance(encoded, memoryview)
    assert np.shares_memory(np.frombuffer(encoded, dtype="u1"), array)
    data = bytes(encoded)
    decoded = codec.decode(data, spec)
    assert np.shares_memory(decoded, np.frombuffer(data, dtype="u1"))
    assert not decoded.flags.writeable


@FAST
@given(st.data(), dtypes(), orders, st.booleans())
def test_transpose_chain_round_trip(data: Any, dtype: Any, order: str, big: bool) -> None:
    shape = data.draw(shapes())
    array = data.draw(arrays(dtype=dtype, shape=shape))
    permutation = tuple(data.draw(st.permutations(range(len(shape)))))
    spec = spec_for(array, order)
    chain = CodecChain.from_codecs(
        [TransposeCodec(order=permutation), BytesCodec(endian=endian_for(dtype, big))]
    ).evolve_from_array_spec(spec)
    chain.validate(spec)
    encoded = chain.encode(array, spec)
    assert encoded is not None
    expected = np.ascontiguousarray(array.transpose(permutation)).astype(
        chain.array_bytes_codec.stored_dtype(dtype)  # type: ignore[attr-defined]
    )
    assert bytes(encoded) == expected.tobytes()
    decoded = chain.decode(encoded, spec)
    assert_same(decoded, array)
    assert decoded.flags.c_contiguous if order == "C" else decoded.flags.f_contiguous
    out = np.zeros(array.shape, dtype=dtype, order=order)  # type: ignore[call-overload]
    chain.decode_into(encoded, spec, out)
    assert_same(out, array)
    assert chain.encoded_size(spec) == len(bytes(encoded))


COMPRESSORS = st.one_of(
    st.builds(GzipCodec, level=st.integers(0, 9)),
    st.builds(ZstdCodec, level=st.integers(-5, 5), checksum=st.booleans()),
    st.builds(
        BloscCodec,
        typesize=st.none() | st.integers(1, 8),
        cname=st.sampled_from(["lz4", "lz4hc", "blosclz", "zlib", "zstd"]),
        clevel=st.integers(0, 9),
        shuffle=st.sampled_from([None, "noshuffle", "shuffle", "bitshuffle"]),
        blocksize=st.sampled_from([0, 256]),
    ),
    st.just(Crc32cCodec()),
)


@FAST
@given(arrays(), orders, st.lists(COMPRESSORS, max_size=3))
def test_compressor_chains_round_trip(
    array: np.ndarray[Any, Any], order: str, compressors: list[Any]
) -> None:
    spec = spec_for(array, order)
    chain = CodecChain.from_codecs([BytesCodec(), *compressors]).evolve_from_array_spec(spec)
    chain.validate(spec)
    encoded = chain.encode(array, spec)
    assert encoded is not None
    assert_same(chain.decode(bytes(encoded), spec), array)
    # decode_into a contiguous output, a strided view, and an output of the other byte order
    big = np.zeros((3, *array.shape), dtype=array.dtype)
    chain.decode_into(bytes(encoded), spec, big[1])
    assert_same(big[1], array)
    assert not big[0].any() and not big[2].any()
    strided = np.zeros((*array.shape[:-1], array.shape[-1] * 2), dtype=array.dtype)[..., ::2]
    chain.decode_into(bytes(encoded), spec, strided)
    assert_same(strided, array)
    other = np.zeros(array.shape, dtype=array.dtype.newbyteorder())
    chain.decode_into(bytes(encoded), spec, other)
    assert np.array_equal(other, array, equal_nan=array.dtype.kind in "fc")
    fixed = chain.encoded_size(spec)
    if all(isinstance(c, Crc32cCodec) for c in compressors):
        assert fixed == len(bytes(encoded))
    else:
        assert fixed is None


@pytest.mark.parametrize("compressor", [ZstdCodec(level=1), BloscCodec(cname="lz4")])
def test_decode_into_decompresses_straight_into_out(
    compressor: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    array = np.arange(1000, dtype="<f8").reshape(10, 100)
    spec = spec_for(array)
    chain = CodecChain.from_codecs([BytesCodec(), compressor, Crc32cCodec()])
    chain = chain.evolve_from_array_spec(spec)
    encoded = bytes(chain.encode(array, spec))  # type: ignore[arg-type]

    def forbidden(*args: Any) -> Any:
        raise AssertionError("decode_into took the copying path")

    monkeypatch.setattr(type(compressor), "decode", forbidden)
    monkeypatch.setattr(BytesCodec, "decode_into", forbidden)
    out = np.empty((20, 100), dtype="<f8")
    chain.decode_into(encoded, spec, out[5:15])
    assert_same(out[5:15], array)


@FAST
@given(st.lists(st.binary(max_size=20), min_size=1, max_size=12), orders)
def test_vlen_bytes_round_trip(items: list[bytes], order: str) -> None:
    array = np.empty(len(items), dtype=object)
    array[:] = items
    spec = ArraySpec(shape=(len(items),), dtype=np.dtype(object), fill_value=b"", order=order)  # type: ignore[arg-type]
    codec = VLenBytesCodec()
    codec.validate(spec)
    encoded = bytes(codec.encode(array, spec))  # type: ignore[arg-type]
    expected = len(items).to_bytes(4, "little") + b"".join(
        len(i).to_bytes(4, "little") + i for i in items
    )
    assert encoded == expected
    assert codec.decode(encoded, spec).tolist() == items


@FAST
@given(st.lists(st.text(max_size=8), min_size=6, max_size=6), orders, st.booleans())
def test_vlen_utf8_round_trip(items: list[str], order: str, as_object: bool) -> None:
    dtype = np.dtype(object) if as_object else np.dtypes.StringDType()
    array = np.array(items, dtype=dtype).reshape(2, 3)
    spec = ArraySpec(shape=(2, 3), dtype=dtype, fill_value="", order=order)  # type: ignore[arg-type]
    codec = VLenUTF8Codec()
    encoded = bytes(codec.encode(np.asarray(array, order=order), spec))  # type: ignore[arg-type, call-overload]
    raw = [s.encode() for s in items]  # C order, whatever the memory layout
    assert encoded == len(items).to_bytes(4, "little") + b"".join(
        len(b).to_bytes(4, "little") + b for b in raw
    )
    decoded = codec.decode(encoded, spec)
    assert decoded.dtype == dtype
    assert decoded.tolist() == array.tolist()
    out = np.empty((2, 3), dtype=dtype)
    CodecChain.from_codecs([codec, GzipCodec()]).decode_into(GzipCodec().encode(encoded), spec, out)
    assert out.tolist() == array.tolist()


def test_gzip_reads_concatenated_members_and_is_gzip() -> None:
    import gzip

    codec = GzipCodec(level=3)
    encoded = bytes(codec.encode(b"hello "))
    assert encoded[:2] == b"\x1f\x8b"
    assert gzip.decompress(encoded) == b"hello "
    both = encoded + gzip.compress(b"world")
    assert bytes(codec.decode(both)) == b"hello world"
    assert codec.encode(b"x" * 100) == codec.encode(b"x" * 100)  # deterministic (mtime 0)
