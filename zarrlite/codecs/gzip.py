"""The ``gzip`` codec (bytes -> bytes): RFC 1952 gzip streams.

Spec: https://zarr-specs.readthedocs.io/en/latest/v3/codecs/gzip/index.html

JSON::

    {"name": "gzip", "configuration": {"level": 5}}

Encoding writes one gzip member with a zero timestamp (so output is deterministic; readers
ignore the header fields). Decoding accepts concatenated members, as gzip readers must. Both
run in zlib, which releases the GIL.
"""

from __future__ import annotations

import zlib
from typing import Any, ClassVar, Self

import attrs
import numpy as np

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import BytesBytesCodec
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import parse_configuration

__all__ = ["GzipCodec"]

_GZIP_WBITS = 16 + zlib.MAX_WBITS


def _parse_level(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"codec 'gzip': level must be an int, got {value!r}")
    if not 0 <= value <= 9:
        raise ValueError(f"codec 'gzip': level must be in [0, 9], got {value!r}")
    return int(value)


@attrs.frozen
class GzipCodec(BytesBytesCodec):
    """Deflate compression in a gzip container."""

    name: ClassVar[str] = "gzip"
    releases_gil: ClassVar[bool] = True

    level: int = attrs.field(default=5, converter=_parse_level)

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        return cls(**parse_configuration(data, (cls.name,), ("level",)))

    def to_dict(self) -> dict[str, JSON]:
        return {"name": self.name, "configuration": {"level": self.level}}

    def encode(self, data: BytesLike) -> BytesLike:
        compressor = zlib.compressobj(self.level, zlib.DEFLATED, _GZIP_WBITS)
        return compressor.compress(data) + compressor.flush()

    def decode(self, data: BytesLike) -> BytesLike:
        parts: list[bytes] = []
        remaining: BytesLike = data
        while True:
            decompressor = zlib.decompressobj(_GZIP_WBITS)
            try:
                parts.append(decompressor.decompress(remaining))
            except zlib.error as error:
                raise ValueError(f"codec 'gzip': invalid gzip data: {error}") from None
            if not decompressor.eof:
                raise ValueError("codec 'gzip': truncated gzip stream")
            rest = decompressor.unused_data
            if not rest.strip(b"\x00"):  # trailing zero padding is allowed, as in gzip(1)
                break
            remaining = rest
        return parts[0] if len(parts) == 1 else b"".join(parts)


register_codec("gzip", GzipCodec)
