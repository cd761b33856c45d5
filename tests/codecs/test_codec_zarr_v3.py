"""Byte-level compatibility with zarr-python 3.4.2 for the v3 codecs.

Each case writes an array (one chunk) with zarr-python, then checks: zarrlite decodes the
stored bytes; zarrlite's encoding is byte-identical where the codec is deterministic (all but
gzip, whose zarr-python header carries a timestamp); zarr-python reads zarrlite's bytes.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from codec_oracle import spec_of, write
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import arrays, assert_same, dtypes, orders, shapes

zc = pytest.importorskip("zarr.codecs")

ORACLE = settings(max_examples=25, deadline=None)


def check(
    array: np.ndarray[Any, Any], order: str = "C", deterministic: bool = True, **codecs: Any
) -> None:
    written = write(array, config={"write_empty_chunks": True}, **codecs)
    spec = spec_of(written, order)
    chain = written.v3_chain().evolve_from_array_spec(spec)
    chain.validate(spec)
    raw = written.raw()
    assert raw is not None
    decoded = chain.decode(raw, spec)
    assert_same(decoded, array)
    out = np.empty(spec.shape, dtype=spec.dtype, order=order)  # type: ignore[call-overload]
    chain.decode_into(raw, spec, out)
    assert_same(out, array)
    ours = chain.encode(array, spec)
    assert ours is not None
    if deterministic:
        assert bytes(ours) == raw
    written.put(bytes(ours))
    theirs = written.read()
    assert_same(theirs.astype(array.dtype), array)


def endian(dtype: np.dtype[Any], big: bool) -> Any:
    return None if dtype.itemsize == 1 else ("big" if big else "little")


@ORACLE
@given(arrays(), orders, st.booleans())
def test_bytes(array: np.ndarray[Any, Any], order: str, big: bool) -> None:
    check(array, order, serializer=zc.BytesCodec(endian=endian(array.dtype, big)), compressors=None)


@ORACLE
@given(st.data(), dtypes(), st.booleans())
def test_transpose(data: Any, dtype: Any, big: bool) -> None:
    shape = data.draw(shapes(min_dims=2))
    array = data.draw(arrays(dtype=dtype, shape=shape))
    permutation = tuple(data.draw(st.permutations(range(len(shape)))))
    check(
        array,
        data.draw(orders),
        filters=[zc.TransposeCodec(order=permutation)],
        serializer=zc.BytesCodec(endian=endian(dtype, big)),
        compressors=None,
    )


@ORACLE
@given(arrays(), st.integers(0, 9))
def test_gzip(array: np.ndarray[Any, Any], level: int) -> None:
    check(array, deterministic=False, compressors=[zc.GzipCodec(level=level)])


@ORACLE
@given(arrays(), st.integers(-3, 9), st.booleans())
def test_zstd(array: np.ndarray[Any, Any], level: int, checksum: bool) -> None:
    check(array, compressors=[zc.ZstdCodec(level=level, checksum=checksum)])


@ORACLE
@given(
    arrays(),
    st.sampled_from(["lz4", "lz4hc", "blosclz", "zlib", "zstd"]),
    st.integers(0, 9),
    st.sampled_from([None, "noshuffle", "shuffle", "bitshuffle"]),
    st.none() | st.integers(1, 8),
)
def test_blosc(
    array: np.ndarray[Any, Any], cname: str, clevel: int, shuffle: Any, typesize: Any
) -> None:
    blosc = zc.BloscCodec(cname=cname, clevel=clevel, shuffle=shuffle, typesize=typesize)
    check(array, compressors=[blosc])


@ORACLE
@given(arrays())
def test_crc32c_and_stacked_compressors(array: np.ndarray[Any, Any]) -> None:
    check(array, compressors=[zc.Crc32cCodec()])
    check(array, compressors=[zc.ZstdCodec(level=1), zc.Crc32cCodec(), zc.BloscCodec()])


@ORACLE
@given(st.lists(st.text(max_size=6), min_size=6, max_size=6), orders)
def test_vlen_utf8(items: list[str], order: str) -> None:
    array = np.array(items, dtype=np.dtypes.StringDType()).reshape(3, 2)
    check(array, order, compressors=[zc.ZstdCodec()], fill_value="")


@ORACLE
@given(st.lists(st.binary(max_size=6), min_size=4, max_size=4))
def test_vlen_bytes(items: list[bytes]) -> None:
    array = np.empty(4, dtype=object)
    array[:] = items
    written = write(
        array,
        dtype="variable_length_bytes",
        compressors=None,
        config={"write_empty_chunks": True},
        fill_value=b"",
    )
    spec = spec_of(written)
    chain = written.v3_chain().evolve_from_array_spec(spec)
    raw = written.raw()
    assert raw is not None
    assert chain.decode(raw, spec).tolist() == items
    ours = chain.encode(array, spec)
    assert ours is not None and bytes(ours) == raw
    written.put(bytes(ours))
    assert written.read().tolist() == items
