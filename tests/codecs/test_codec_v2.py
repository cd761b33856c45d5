"""``V2Codec`` against chunks written by zarr-python 3.4.2 with ``zarr_format=2``."""

from __future__ import annotations

from typing import Any

import numcodecs
import numpy as np
import pytest
from codec_oracle import spec_of, write
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import arrays, assert_same, orders

from zarrlite import config
from zarrlite.codecs import ArraySpec, CodecChain, V2Codec
from zarrlite.errors import PickleCodecDisabledError

pytest.importorskip("zarr")

COMPRESSORS = [
    None,
    numcodecs.Zstd(level=1),
    numcodecs.Blosc(cname="lz4", shuffle=numcodecs.Blosc.BITSHUFFLE),
    numcodecs.Zlib(level=3),
    numcodecs.LZ4(),
    numcodecs.BZ2(),
]


def v2_chain(written: Any) -> CodecChain:
    meta = written.metadata
    codec = V2Codec(filters=meta["filters"], compressor=meta["compressor"], order=meta["order"])
    # same codecs (zarr-python's .zarray may leave out numcodecs defaults, e.g. zstd checksum)
    assert V2Codec.from_dict(codec.to_dict()) == codec
    assert codec == V2Codec.from_dict({k: meta[k] for k in ("filters", "compressor", "order")})
    return CodecChain.from_codecs([codec])


def check_v2(
    array: np.ndarray[Any, Any], order: str, deterministic: bool = True, **kwargs: Any
) -> None:
    written = write(
        array, zarr_format=2, order=order, config={"write_empty_chunks": True}, **kwargs
    )
    chain = v2_chain(written)
    spec = spec_of(written, order)
    raw = written.raw()
    assert raw is not None
    assert_same(chain.decode(raw, spec), array)
    for out_order in "CF":
        out = np.empty(spec.shape, dtype=spec.dtype, order=out_order)  # type: ignore[call-overload]
        chain.decode_into(raw, spec, out)
        assert_same(out, array)
    ours = chain.encode(array, spec)
    assert ours is not None
    if deterministic:
        assert bytes(ours) == raw
    written.put(bytes(ours))
    assert_same(written.read().astype(array.dtype), array)


@settings(max_examples=40, deadline=None)
@given(arrays(), orders, st.sampled_from(COMPRESSORS))
def test_numeric_chunks(array: np.ndarray[Any, Any], order: str, compressor: Any) -> None:
    check_v2(array, order, compressors=compressor)


@settings(max_examples=15, deadline=None)
@given(arrays(kinds="iu"), orders)  # delta is lossy for floats (-0.0, NaN)
def test_filters(array: np.ndarray[Any, Any], order: str) -> None:
    dtype = array.dtype.str
    check_v2(array, order, filters=[numcodecs.Delta(dtype=dtype)], compressors=numcodecs.Zstd())
    check_v2(
        array,
        order,
        filters=[numcodecs.Shuffle(elementsize=array.dtype.itemsize)],
        compressors=None,
    )


@settings(max_examples=15, deadline=None)
@given(st.lists(st.text(max_size=5), min_size=6, max_size=6), orders, st.sampled_from(COMPRESSORS))
def test_vlen_utf8_object_chunks(items: list[str], order: str, compressor: Any) -> None:
    array = np.array(items, dtype=np.dtypes.StringDType()).reshape(2, 3)
    check_v2(array, order, compressors=compressor, fill_value="")


@settings(max_examples=10, deadline=None)
@given(st.lists(st.binary(max_size=5), min_size=4, max_size=4), orders)
def test_vlen_bytes_object_chunks(items: list[bytes], order: str) -> None:
    from zarr.dtype import VariableLengthBytes

    array = np.empty(4, dtype=object)
    array[:] = items
    written = write(
        array, dtype=VariableLengthBytes(), zarr_format=2, order=order, compressors=None,
        config={"write_empty_chunks": True}, fill_value=b"",
    )  # fmt: skip
    chain = v2_chain(written)
    spec = ArraySpec(shape=(4,), dtype=np.dtype(object), fill_value=b"", order=order)  # type: ignore[arg-type]
    raw = written.raw()
    assert raw is not None
    assert chain.decode(raw, spec).tolist() == items
    ours = chain.encode(array, spec)
    assert ours is not None and bytes(ours) == raw


def test_object_dtype_with_vlen_utf8_filter_as_object_array() -> None:
    array = np.array(["a", "bc", "", "déf"], dtype=object).reshape(2, 2)
    codec = V2Codec(filters=[{"id": "vlen-utf8"}], compressor={"id": "zstd", "level": 0}, order="F")
    spec = ArraySpec(shape=(2, 2), dtype=np.dtype(object), fill_value="", order="F")  # type: ignore[arg-type]
    encoded = codec.encode(array, spec)
    assert encoded is not None
    decoded = codec.decode(encoded, spec)
    assert decoded.dtype == object and decoded.tolist() == array.tolist()
    # order F: items are stored column by column
    plain = numcodecs.VLenUTF8().decode(numcodecs.Zstd().decode(encoded)).tolist()
    assert plain == ["a", "", "bc", "déf"]


def test_object_dtype_without_object_codec_fails() -> None:
    codec = V2Codec(filters=None, compressor=None, order="C")
    spec = ArraySpec(shape=(2,), dtype=np.dtype(object), fill_value=None)
    with pytest.raises(ValueError, match=r"object codec"):
        codec.encode(np.array(["a", "b"], dtype=object), spec)


def test_pickle_needs_opt_in(monkeypatch: pytest.MonkeyPatch) -> None:
    import numcodecs.pickles

    codec = V2Codec(filters=[numcodecs.Pickle()], compressor=None, order="C")
    spec = ArraySpec(shape=(2,), dtype=np.dtype(object), fill_value=None)
    array = np.array([{"a": 1}, [2]], dtype=object)
    encoded = codec.encode(array, spec)
    assert encoded is not None
    with pytest.raises(PickleCodecDisabledError, match=r"allow_unsafe_pickle_decode"):
        codec.decode(encoded, spec)
    monkeypatch.setattr(numcodecs.pickles, "ALLOW_UNSAFE_PICKLE_DECODE", True, raising=False)
    with config.set({"array.allow_unsafe_pickle_decode": True}):
        assert codec.decode(encoded, spec).tolist() == [{"a": 1}, [2]]


@pytest.mark.parametrize("order", ["C", "F"])
def test_decode_into_decompresses_straight_into_out(
    order: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    array = np.asarray(np.arange(600, dtype="<i4").reshape(20, 30), order=order)  # type: ignore[call-overload]
    codec = V2Codec(filters=None, compressor=numcodecs.Blosc(), order=order)  # type: ignore[arg-type]
    spec = ArraySpec(shape=(20, 30), dtype=np.dtype("<i4"), fill_value=np.int32(0), order=order)  # type: ignore[arg-type]
    encoded = bytes(codec.encode(array, spec))  # type: ignore[arg-type]
    monkeypatch.setattr(V2Codec, "decode", lambda *a: pytest.fail("took the copying path"))
    out = np.zeros((20, 30), dtype="<i4", order=order)  # type: ignore[call-overload]
    CodecChain.from_codecs([codec]).decode_into(encoded, spec, out)
    assert_same(out, array)
