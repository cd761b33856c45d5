"""The ``zstd`` codec (bytes -> bytes), through ``numcodecs.Zstd``.

Spec: https://github.com/zarr-developers/zarr-extensions/tree/main/codecs/zstd

JSON::

    {"name": "zstd", "configuration": {"level": 0, "checksum": false}}

Decoding can write straight into the caller's buffer (``decode_into``); zstd runs without the GIL.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

import attrs
import numcodecs
import numpy as np

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import BytesBytesCodec
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import DecodesInto, as_bytes, parse_configuration

__all__ = ["ZstdCodec"]


def _parse_level(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"codec 'zstd': level must be an int, got {value!r}")
    if not -131072 <= value <= 22:
        raise ValueError(f"codec 'zstd': level must be in [-131072, 22], got {value!r}")
    return int(value)


def _parse_checksum(value: Any) -> bool:
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"codec 'zstd': checksum must be a bool, got {value!r}")
    return bool(value)


@attrs.frozen
class ZstdCodec(BytesBytesCodec, DecodesInto):
    """Zstandard compression (``checksum`` adds zstd's own content checksum)."""

    name: ClassVar[str] = "zstd"
    releases_gil: ClassVar[bool] = True

    level: int = attrs.field(default=0, converter=_parse_level)
    checksum: bool = attrs.field(default=False, converter=_parse_checksum)
    _zstd: Any = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_zstd", numcodecs.Zstd(level=self.level, checksum=self.checksum))

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        return cls(**parse_configuration(data, (cls.name,), ("level", "checksum")))

    def to_dict(self) -> dict[str, JSON]:
        return {
            "name": self.name,
            "configuration": {"level": self.level, "checksum": self.checksum},
        }

    def encode(self, data: BytesLike) -> BytesLike:
        return as_bytes(self._zstd.encode(data))

    def decode(self, data: BytesLike) -> BytesLike:
        return as_bytes(self._zstd.decode(data))

    def decode_into(self, data: BytesLike, out: np.ndarray[Any, Any]) -> None:
        # zstd fills only as many bytes as the frame holds: a shorter frame would leave the rest
        # of ``out`` as it was, so the size is checked first (or after, when the frame omits it).
        size = frame_content_size(data)
        if size is None:
            decoded = self.decode(data)
            size = memoryview(decoded).nbytes
            if size == out.nbytes:
                out[...] = np.frombuffer(decoded, np.uint8)
                return
        if size != out.nbytes:
            raise ValueError(f"codec 'zstd': the chunk decodes to {size} bytes, expected {out.nbytes}")
        self._zstd.decode(data, out=out)


_FRAME_MAGIC = b"\x28\xb5\x2f\xfd"


def frame_content_size(data: BytesLike) -> int | None:
    """The decoded size a zstd frame header declares, or None when it declares none (or the
    buffer does not start with a zstd frame). Layout from RFC 8878, section 3.1.1.1."""
    head = bytes(memoryview(data).cast("B")[:18])
    if len(head) < 6 or head[:4] != _FRAME_MAGIC:
        return None
    descriptor = head[4]
    single_segment = (descriptor >> 5) & 1
    start = 5 + (0 if single_segment else 1) + (0, 1, 2, 4)[descriptor & 3]
    width = (1 if single_segment else 0, 2, 4, 8)[descriptor >> 6]
    if width == 0 or start + width > len(head):
        return None
    value = int.from_bytes(head[start : start + width], "little")
    return value + 256 if width == 2 else value


register_codec("zstd", ZstdCodec)
