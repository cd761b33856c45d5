"""The ``crc32c`` codec (bytes -> bytes): append a CRC-32C checksum, verify it on decode.

Spec: https://zarr-specs.readthedocs.io/en/latest/v3/codecs/crc32c/index.html

JSON (no configuration)::

    {"name": "crc32c"}

Encoded data is the input followed by its CRC-32C (Castagnoli) as 4 little-endian bytes.
Decoding returns a zero-copy view of the payload, or raises ``ValueError`` on a mismatch.
"""

from __future__ import annotations

from typing import ClassVar, Self

import attrs
from crc32c import crc32c

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import BytesBytesCodec
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import parse_configuration

__all__ = ["Crc32cCodec"]


@attrs.frozen
class Crc32cCodec(BytesBytesCodec):
    """Append and check a 4-byte little-endian CRC-32C."""

    name: ClassVar[str] = "crc32c"

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        parse_configuration(data, (cls.name,), ())
        return cls()

    def to_dict(self) -> dict[str, JSON]:
        return {"name": self.name}

    def encode(self, data: BytesLike) -> BytesLike:
        view = memoryview(data).cast("B")
        out = bytearray(view.nbytes + 4)
        out[: view.nbytes] = view
        out[view.nbytes :] = crc32c(view).to_bytes(4, "little")
        return out

    def decode(self, data: BytesLike) -> BytesLike:
        view = memoryview(data).cast("B")
        if view.nbytes < 4:
            raise ValueError(
                f"codec 'crc32c': {view.nbytes} bytes are too few to hold a 4-byte checksum"
            )
        payload = view[:-4]
        stored = int.from_bytes(view[-4:], "little")
        computed = crc32c(payload)
        if stored != computed:
            raise ValueError(
                f"codec 'crc32c': checksum mismatch: stored 0x{stored:08x}, "
                f"computed 0x{computed:08x} over {payload.nbytes} bytes"
            )
        return payload

    def encoded_size(self, input_size: int) -> int | None:
        return input_size + 4


register_codec("crc32c", Crc32cCodec)
