"""``BloscCodec.decode_into`` takes c-blosc directly for the buffers that give their address
cheaply (``bytes``, writable buffers) and numcodecs' route for the rest: same values either way,
and a damaged chunk is a ``ValueError`` on both routes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from zarrlite.codecs import BloscCodec
from zarrlite.codecs import blosc as blosc_module

_VALUES = (np.arange(4096, dtype=np.float32) % 97).view(np.uint8)
_SOURCES: dict[str, Callable[[bytes], Any]] = {
    "bytes": lambda data: data,
    "bytearray": bytearray,
    "writable memoryview": lambda data: memoryview(bytearray(b"xx" + data))[2:],
    "read-only memoryview": lambda data: memoryview(b"xx" + data)[2:],
    "numpy array": lambda data: np.frombuffer(data, np.uint8).copy(),
}


def _encoded(codec: BloscCodec) -> bytes:
    return bytes(codec.encode(_VALUES.tobytes()))


@pytest.mark.parametrize("source", list(_SOURCES))
@pytest.mark.parametrize("cname", ["lz4", "zstd"])
def test_every_buffer_kind_decodes_to_the_values(source: str, cname: str) -> None:
    codec = BloscCodec(cname=cname, typesize=4, shuffle="shuffle")
    out = np.zeros(_VALUES.size, np.uint8)
    codec.decode_into(_SOURCES[source](_encoded(codec)), out)
    np.testing.assert_array_equal(out, _VALUES)


def test_the_direct_route_is_taken_for_bytes_into_an_array(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def forbidden(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("decode_into went through numcodecs")

    if blosc_module.decompress_ctx is None:
        pytest.skip("this numcodecs build does not export c-blosc's functions")
    codec = BloscCodec(cname="lz4", typesize=4, shuffle="shuffle")
    encoded = _encoded(codec)
    monkeypatch.setattr(blosc_module.numcodecs.blosc, "decompress", forbidden)
    out = np.zeros(_VALUES.size, np.uint8)
    codec.decode_into(encoded, out)
    np.testing.assert_array_equal(out, _VALUES)


@pytest.mark.parametrize("source", ["bytes", "read-only memoryview"])
def test_damaged_chunk_is_a_value_error_on_both_routes(source: str) -> None:
    codec = BloscCodec(cname="lz4", typesize=4, shuffle="shuffle")
    damaged = bytearray(_encoded(codec))
    damaged[16:] = bytes(len(damaged) - 16)  # header intact, streams zeroed
    out = np.zeros(_VALUES.size, np.uint8)
    with pytest.raises(ValueError, match="codec 'blosc'"):
        codec.decode_into(_SOURCES[source](bytes(damaged)), out)


def test_wrong_target_size_is_refused_before_decoding() -> None:
    codec = BloscCodec(cname="lz4", typesize=4, shuffle="shuffle")
    with pytest.raises(ValueError, match="decodes to 16384 bytes, expected 100"):
        codec.decode_into(_encoded(codec), np.zeros(100, np.uint8))


@pytest.mark.parametrize("source", list(_SOURCES))
def test_decoder_to_decodes_every_buffer_kind_into_its_target(
    source: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    codec = BloscCodec(cname="lz4", typesize=4, shuffle="shuffle")
    out = np.zeros(_VALUES.size, np.uint8)
    decode = codec.decoder_to(out)
    if source != "read-only memoryview" and blosc_module.decompress_ctx is not None:

        def forbidden(*args: Any, **kwargs: Any) -> None:
            raise AssertionError("decoder_to went through numcodecs")

        monkeypatch.setattr(blosc_module.numcodecs.blosc, "decompress", forbidden)
    for _ in range(2):  # chunk after chunk into the same target
        out[:] = 0
        decode(_SOURCES[source](_encoded(codec)))
        np.testing.assert_array_equal(out, _VALUES)


def test_decoder_to_refuses_what_decode_into_refuses() -> None:
    codec = BloscCodec(cname="lz4", typesize=4, shuffle="shuffle")
    with pytest.raises(ValueError, match="decodes to 16384 bytes, expected 100"):
        codec.decoder_to(np.zeros(100, np.uint8))(_encoded(codec))
    damaged = bytearray(_encoded(codec))
    damaged[16:] = bytes(len(damaged) - 16)
    decode = codec.decoder_to(np.zeros(_VALUES.size, np.uint8))
    for source in ("bytes", "read-only memoryview"):
        with pytest.raises(ValueError, match="codec 'blosc'"):
            decode(_SOURCES[source](bytes(damaged)))
