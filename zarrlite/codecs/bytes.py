"""The ``bytes`` codec (array -> bytes): elements in C order, in a fixed byte order.

Spec: https://zarr-specs.readthedocs.io/en/latest/v3/codecs/bytes/index.html

JSON (``endian`` is absent for data types without a byte order, e.g. uint8, bool)::

    {"name": "bytes", "configuration": {"endian": "little"}}
    {"name": "bytes"}

The alias name ``endian`` (early v3 drafts) is accepted on read. Encoding returns a view of the
caller's array when it is already C-contiguous in the right byte order; decoding returns a
(possibly read-only) view of the input buffer in C order, and copies only to honour
``spec.order == "F"`` or a byte-order swap.
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar, Literal, Self

import attrs
import numpy as np

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import ArrayBytesCodec, ArraySpec
from zarrlite.codecs._deprecated import Endian, coerce_enum
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import as_uint8, has_endianness, parse_configuration
from zarrlite.errors import ZarrUserWarning

__all__ = ["BytesCodec", "Endian"]

# The endianness values; ``Endian`` is the deprecated enum-like name of zarr-python < 3.4.
EndianLiteral = Literal["little", "big"]


def _parse_endian(value: Any) -> EndianLiteral | None:
    value = coerce_enum(value, "endian", "BytesCodec")
    if value is None or value in ("little", "big"):
        return value  # type: ignore[no-any-return]
    raise ValueError(f"codec 'bytes': endian must be 'little', 'big' or None, got {value!r}")


def _converted(
    array: np.ndarray[Any, Any], dtype: np.dtype[Any], order: Any
) -> np.ndarray[Any, Any]:
    """``array`` as ``dtype`` (another byte order). numpy's ``astype`` does not swap the bytes
    of a datetime64/timedelta64 of the generic unit (``'>M8'`` to ``'<M8'`` keeps them as they
    are) and drops a generic unit's scale; an assignment converts both right."""
    if dtype.kind not in "MmV":
        return array.astype(dtype, order=order)
    out = np.empty(array.shape, dtype=dtype, order=order)
    if out.dtype != dtype:
        out = out.view(dtype)  # np.empty gives M8 for M8[2generic]: the same bytes
    out[...] = array
    return out


@attrs.frozen
class BytesCodec(ArrayBytesCodec):
    """Serialise a chunk as its raw elements in C order, ``endian`` byte order."""

    name: ClassVar[str] = "bytes"
    endian: EndianLiteral | None = attrs.field(default="little", converter=_parse_endian)

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        config = parse_configuration(data, ("bytes", "endian"), ("endian",))
        return cls(endian=config.get("endian"))  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, JSON]:
        if self.endian is None:
            return {"name": self.name}
        return {"name": self.name, "configuration": {"endian": self.endian}}

    def evolve_from_array_spec(self, spec: ArraySpec) -> Self:
        # A struct keeps an endian when a field is more than one byte wide (zarr-python's
        # Struct.has_multi_byte_fields), even if no field has a byte order (``S2``, a nested
        # struct of bytes): zarr-python writes it so, and warns when it is missing.
        needs_endian = (
            any(field[0].itemsize > 1 for field in spec.dtype.fields.values())
            if spec.dtype.fields is not None
            else has_endianness(spec.dtype)
        )
        if not needs_endian:
            return self if self.endian is None else attrs.evolve(self, endian=None)
        if self.endian is None and spec.dtype.fields is not None:
            warnings.warn(
                "Missing 'endian' for structured dtype with multi-byte fields. "
                "Assuming little-endian for legacy compatibility.",
                ZarrUserWarning,
                stacklevel=2,
            )
            return attrs.evolve(self, endian="little")
        return self

    def validate(self, spec: ArraySpec) -> None:
        if spec.dtype.hasobject or spec.dtype.kind == "T":
            raise ValueError(
                f"codec 'bytes' cannot serialise the variable-length data type {spec.dtype}; "
                "use 'vlen-utf8' or 'vlen-bytes'"
            )
        if self.endian is None and has_endianness(spec.dtype):
            raise ValueError(
                f"codec 'bytes': endian must be 'little' or 'big' for the multi-byte data type "
                f"{spec.dtype} (itemsize {spec.dtype.itemsize}), got None"
            )

    def stored_dtype(self, dtype: np.dtype[Any]) -> np.dtype[Any]:
        """The data type of the stored elements (``dtype`` in this codec's byte order)."""
        if self.endian is None or not has_endianness(dtype):
            return dtype
        return dtype.newbyteorder("<" if self.endian == "little" else ">")

    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> BytesLike | None:
        stored = self.stored_dtype(spec.dtype)
        array = np.asarray(array)
        if array.dtype != stored:
            array = _converted(array, stored, "C")
        elif not array.flags.c_contiguous:
            array = np.ascontiguousarray(array)
        return memoryview(array.reshape(-1).view(np.uint8))

    def _view(self, data: BytesLike, spec: ArraySpec) -> np.ndarray[Any, Any]:
        stored = self.stored_dtype(spec.dtype)
        raw = as_uint8(data)
        expected = spec.nbytes
        if raw.size != expected:
            raise ValueError(
                f"codec 'bytes': expected {expected} bytes for a chunk of shape {spec.shape} "
                f"and data type {spec.dtype}, got {raw.size}"
            )
        return raw.view(stored).reshape(spec.shape)

    def decode(self, data: BytesLike, spec: ArraySpec) -> np.ndarray[Any, Any]:
        array = self._view(data, spec)
        if array.dtype != spec.dtype:
            return _converted(array, spec.dtype, spec.order)
        if spec.order == "F" and array.ndim > 1:
            return np.asfortranarray(array)
        return array

    def decode_into(self, data: BytesLike, spec: ArraySpec, out: np.ndarray[Any, Any]) -> None:
        """Decode into ``out`` (of ``spec.shape``): one copy, byte swapping on the way."""
        out[...] = self._view(data, spec)

    def encoded_size(self, spec: ArraySpec) -> int | None:
        return spec.nbytes


register_codec("bytes", BytesCodec)
register_codec("endian", BytesCodec)
