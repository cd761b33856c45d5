"""The ``vlen-utf8`` and ``vlen-bytes`` codecs (array -> bytes) for variable-length items.

Spec: https://github.com/zarr-developers/zarr-extensions/tree/main/codecs/vlen-utf8
(and ``.../codecs/vlen-bytes``)

JSON (zarr-python writes an empty configuration)::

    {"name": "vlen-utf8", "configuration": {}}
    {"name": "vlen-bytes", "configuration": {}}

Layout: a uint32 little-endian item count, then for each item (C order) a uint32
little-endian byte length and the bytes (UTF-8 for ``vlen-utf8``). numcodecs' ``VLenUTF8`` and
``VLenBytes`` produce exactly this layout, so they do the work. Input may be an object array
or a numpy ``StringDType`` array; decoding returns ``spec.dtype`` (``StringDType`` or object).
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

import attrs
import numcodecs
import numpy as np

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import ArrayBytesCodec, ArraySpec
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import as_bytes, parse_configuration

__all__ = ["VLenBytesCodec", "VLenUTF8Codec"]


class _VLenCodec(ArrayBytesCodec):
    """Shared behaviour; subclasses set ``name``, the numcodecs codec and accepted kinds."""

    _kinds: ClassVar[str]
    _numcodec: ClassVar[Any]

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        parse_configuration(data, (cls.name,), ())
        return cls()

    def to_dict(self) -> dict[str, JSON]:
        return {"name": self.name, "configuration": {}}

    def validate(self, spec: ArraySpec) -> None:
        if spec.dtype.kind not in self._kinds:
            raise ValueError(
                f"codec {self.name!r} cannot serialise data type {spec.dtype}; it needs a "
                "variable-length type (numpy StringDType or object)"
            )

    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> BytesLike | None:
        flat = np.asarray(array).ravel(order="C")
        if not flat.flags.writeable:  # numcodecs' vlen encoders take only writable buffers
            flat = flat.copy()
        return as_bytes(self._numcodec.encode(flat))

    def decode(self, data: BytesLike, spec: ArraySpec) -> np.ndarray[Any, Any]:
        items = self._numcodec.decode(data)
        expected = int(np.prod(spec.shape, dtype=np.int64))
        if items.size != expected:
            raise ValueError(
                f"codec {self.name!r}: the chunk holds {items.size} items, "
                f"expected {expected} for shape {spec.shape}"
            )
        array = items.reshape(spec.shape)
        if spec.dtype.kind == "T":
            array = array.astype(spec.dtype)
        if spec.order == "F" and array.ndim > 1:
            array = np.asfortranarray(array)
        return array  # type: ignore[no-any-return]


@attrs.frozen
class VLenUTF8Codec(_VLenCodec):
    """Variable-length UTF-8 strings."""

    name: ClassVar[str] = "vlen-utf8"
    _kinds: ClassVar[str] = "OT"
    _numcodec: ClassVar[Any] = numcodecs.VLenUTF8()


@attrs.frozen
class VLenBytesCodec(_VLenCodec):
    """Variable-length byte strings."""

    name: ClassVar[str] = "vlen-bytes"
    _kinds: ClassVar[str] = "O"
    _numcodec: ClassVar[Any] = numcodecs.VLenBytes()


register_codec("vlen-utf8", VLenUTF8Codec)
register_codec("vlen-bytes", VLenBytesCodec)
