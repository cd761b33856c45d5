"""``BloscCodec.encode_transient`` compresses chunks of 256 KiB and more with c-blosc straight
into the thread's reused buffer, and smaller ones through numcodecs (cheaper per call): both
routes give numcodecs' bytes, from every kind of source buffer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numcodecs.blosc
import numpy as np
import pytest

from zarrlite.codecs import BloscCodec
from zarrlite.codecs import blosc as blosc_module

_SOURCES: dict[str, Callable[[np.ndarray[Any, Any]], Any]] = {
    "bytes": lambda values: values.tobytes(),
    "bytearray": lambda values: bytearray(values.tobytes()),
    "writable array": lambda values: values.copy(),
    "read-only memoryview": lambda values: memoryview(values.tobytes()),
    "read-only array": lambda values: np.frombuffer(values.tobytes(), values.dtype),
}


def _values(nbytes: int) -> np.ndarray[Any, Any]:
    rng = np.random.default_rng(7)
    return np.cumsum(rng.normal(size=nbytes // 4)).astype(np.float32)


@pytest.mark.parametrize("source", list(_SOURCES))
@pytest.mark.parametrize("nbytes", [16 << 10, 256 << 10, 1 << 20])
@pytest.mark.parametrize("cname", ["lz4", "zstd"])
def test_both_routes_give_numcodecs_bytes(source: str, nbytes: int, cname: str) -> None:
    codec = BloscCodec(cname=cname, typesize=4, shuffle="shuffle")
    values = _values(nbytes)
    expected = numcodecs.blosc.compress(values.tobytes(), *codec._compress_args)
    assert bytes(codec.encode_transient(_SOURCES[source](values))) == expected
    assert bytes(codec.encode(values.tobytes())) == expected


@pytest.mark.parametrize(("nbytes", "large"), [(16 << 10, False), (256 << 10, True)])
def test_the_route_follows_the_chunk_size(nbytes: int, large: bool) -> None:
    codec = BloscCodec(cname="lz4", typesize=4, shuffle="shuffle")
    reused = large and blosc_module.compress_ctx is not None
    first = codec.encode_transient(_values(nbytes))
    # The large route returns a view of the thread's buffer, which the next call reuses.
    assert (type(first) is memoryview) is reused
    if reused:
        kept = bytes(first)
        codec.encode_transient(np.zeros(nbytes // 4, np.float32))
        assert bytes(first) != kept
