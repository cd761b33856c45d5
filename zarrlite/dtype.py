"""zarr-python's ``zarr.dtype`` classes, for scripts that pass them to ``dtype=``.

``zarrlite.create_array(..., dtype=zarrlite.dtype.VariableLengthUTF8())`` means what it means in
zarr-python 3.4. Each class wraps one numpy dtype (zarrlite works with numpy dtypes throughout,
so ``Array.dtype`` stays a numpy dtype) and has zarr-python's constructor keywords, ``repr``,
equality and JSON/scalar methods. ``parse_data_type`` (alias ``parse_dtype``) turns anything
``dtype=`` accepts into one of these classes. zarr-python's registry, its ``*JSON_V2/V3`` typed
dicts and the v2 checking helpers are not provided.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import GenericAlias
from typing import Any, ClassVar, Literal

import numpy as np

from zarrlite._info import data_type_text
from zarrlite._types import JSON, ZarrFormat
from zarrlite.errors import DataTypeValidationError
from zarrlite.metadata.dtypes import (
    _TIME_UNITS,
    STRING_DTYPE,
    VLEN_BYTES_DTYPE,
    dtype_from_v2,
    dtype_from_v3,
    dtype_to_v2,
    dtype_to_v3,
)
from zarrlite.metadata.dtypes import parse_dtype as _parse_native
from zarrlite.metadata.fill_value import (
    default_fill_value,
    fill_value_from_json,
    fill_value_to_json,
    parse_fill_value,
)

__all__ = [
    "Bool",
    "Complex64",
    "Complex128",
    "DateTime64",
    "FixedLengthUTF32",
    "Float16",
    "Float32",
    "Float64",
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "NullTerminatedBytes",
    "RawBytes",
    "Struct",
    "Structured",
    "TimeDelta64",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "VariableLengthBytes",
    "VariableLengthUTF8",
    "ZDType",
    "parse_data_type",
    "parse_dtype",
]

Endianness = Literal["little", "big"]
_ORDER = {"little": "<", "big": ">"}


@dataclass(frozen=True, kw_only=True)
class ZDType:
    """Base class: one Zarr data type, wrapping the numpy dtype ``to_native_dtype()`` returns."""

    # zarr-python's ZDType is generic (``ZDType[TDType, TScalar]``) and code annotates with it
    # at runtime; subscripting gives an alias of this class (parameters are not checked).
    def __class_getitem__(cls, params: Any) -> GenericAlias:
        return GenericAlias(cls, params)

    def to_native_dtype(self) -> np.dtype[Any]:
        raise NotImplementedError

    @classmethod
    def from_native_dtype(cls, dtype: Any) -> ZDType:
        """The class instance for a numpy dtype (``TypeError`` if ``dtype`` is not of ``cls``)."""
        out = _from_native(np.dtype(dtype))
        if not isinstance(out, cls):
            raise DataTypeValidationError(
                f"{dtype!r} is not a {cls.__name__} data type, it is {out!r}"
            )
        return out

    @classmethod
    def from_json(cls, data: JSON, *, zarr_format: ZarrFormat) -> ZDType:
        """From the v3 ``data_type`` JSON, or v2 ``{"name": dtype, "object_codec_id": id}``.

        JSON of another data type, or not of this form, is a ``DataTypeValidationError``.
        """
        if zarr_format == 3:
            return cls.from_native_dtype(dtype_from_v3(data))
        if not isinstance(data, dict) or "name" not in data:
            raise DataTypeValidationError(
                f"{cls.__name__}: expected {{'name': ..., 'object_codec_id': ...}}, got {data!r}"
            )
        codec = data.get("object_codec_id")
        dtype = dtype_from_v2(data["name"], codec)
        if codec is not None and dtype.kind not in "OT":
            raise DataTypeValidationError(
                f"{cls.__name__}: object_codec_id {codec!r} goes with the object data type "
                f"'|O' only, got {data['name']!r}"
            )
        return cls.from_native_dtype(dtype)

    def to_json(self, zarr_format: ZarrFormat) -> JSON:
        dtype = self.to_native_dtype()
        if zarr_format == 3:
            return dtype_to_v3(dtype)
        name, codec = dtype_to_v2(dtype)
        return {"name": name, "object_codec_id": codec}

    def default_scalar(self) -> Any:
        return default_fill_value(self.to_native_dtype())

    def cast_scalar(self, data: object) -> Any:
        return parse_fill_value(data, self.to_native_dtype())

    def to_json_scalar(self, data: object, *, zarr_format: ZarrFormat) -> JSON:
        dtype = self.to_native_dtype()
        return fill_value_to_json(parse_fill_value(data, dtype), dtype, zarr_format)

    def from_json_scalar(self, data: JSON, *, zarr_format: ZarrFormat) -> Any:
        dtype = self.to_native_dtype()
        if zarr_format == 3 and dtype.fields is not None and dtype.isnative is False:
            # v3 metadata has no byte order: a struct's base64 bytes are little-endian, whatever
            # the byte order of this instance's fields
            little = fill_value_from_json(data, dtype.newbyteorder("<"), zarr_format)
            return np.asarray(little).astype(dtype)[()]
        return fill_value_from_json(data, dtype, zarr_format)

    def __repr__(self) -> str:
        return data_type_text(self.to_native_dtype())


@dataclass(frozen=True, kw_only=True, repr=False)
class Bool(ZDType):
    def to_native_dtype(self) -> np.dtype[Any]:
        return np.dtype("|b1")


@dataclass(frozen=True, kw_only=True, repr=False)
class _OneByte(ZDType):
    _code: ClassVar[str]

    def to_native_dtype(self) -> np.dtype[Any]:
        return np.dtype(self._code)


@dataclass(frozen=True, kw_only=True, repr=False)
class _Endian(ZDType):
    endianness: Endianness = "little"
    _code: ClassVar[str]

    def to_native_dtype(self) -> np.dtype[Any]:
        return np.dtype(_ORDER[self.endianness] + self._code)


class Int8(_OneByte):
    _code = "i1"


class UInt8(_OneByte):
    _code = "u1"


class Int16(_Endian):
    _code = "i2"


class Int32(_Endian):
    _code = "i4"


class Int64(_Endian):
    _code = "i8"


class UInt16(_Endian):
    _code = "u2"


class UInt32(_Endian):
    _code = "u4"


class UInt64(_Endian):
    _code = "u8"


class Float16(_Endian):
    _code = "f2"


class Float32(_Endian):
    _code = "f4"


class Float64(_Endian):
    _code = "f8"


class Complex64(_Endian):
    _code = "c8"


class Complex128(_Endian):
    _code = "c16"


def _check_length(length: object) -> None:
    """A fixed-length data type holds at least one character or byte (as zarr-python)."""
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length < 1:
        raise DataTypeValidationError(f"length must be >= 1, got {length!r}")


@dataclass(frozen=True, kw_only=True, repr=False)
class FixedLengthUTF32(ZDType):
    length: int
    endianness: Endianness = "little"

    def __post_init__(self) -> None:
        _check_length(self.length)

    def to_native_dtype(self) -> np.dtype[Any]:
        return _parse_native(f"{_ORDER[self.endianness]}U{self.length}")


@dataclass(frozen=True, kw_only=True, repr=False)
class NullTerminatedBytes(ZDType):
    length: int

    def __post_init__(self) -> None:
        _check_length(self.length)

    def to_native_dtype(self) -> np.dtype[Any]:
        return _parse_native(f"|S{self.length}")


@dataclass(frozen=True, kw_only=True, repr=False)
class RawBytes(ZDType):
    length: int

    def __post_init__(self) -> None:
        _check_length(self.length)

    def to_native_dtype(self) -> np.dtype[Any]:
        return _parse_native(f"|V{self.length}")


@dataclass(frozen=True, kw_only=True, repr=False)
class VariableLengthUTF8(ZDType):
    def to_native_dtype(self) -> np.dtype[Any]:
        return STRING_DTYPE


@dataclass(frozen=True, kw_only=True, repr=False)
class VariableLengthBytes(ZDType):
    def to_native_dtype(self) -> np.dtype[Any]:
        return VLEN_BYTES_DTYPE


@dataclass(frozen=True, kw_only=True, repr=False)
class _Time(ZDType):
    endianness: Endianness = "little"
    scale_factor: int = 1
    unit: str = "generic"
    _code: ClassVar[str]

    def __post_init__(self) -> None:
        # "μs" is numpy's "us" (numpy reports only "us"): stored so, an instance equals the
        # one read back from its numpy dtype
        if self.unit == "\u03bcs":
            object.__setattr__(self, "unit", "us")
        if self.unit not in (*_TIME_UNITS, "generic"):
            raise DataTypeValidationError(
                f"unit must be one of {(*_TIME_UNITS, 'generic')}, got {self.unit!r}"
            )
        scale = self.scale_factor
        if isinstance(scale, bool) or not isinstance(scale, (int, np.integer)):
            raise DataTypeValidationError(f"scale_factor must be an integer, got {scale!r}")
        if not 0 < scale < 2**31:
            raise DataTypeValidationError(f"scale_factor must be in [1, 2**31), got {scale!r}")
        if self.endianness not in _ORDER:
            raise DataTypeValidationError(
                f"endianness must be 'little' or 'big', got {self.endianness!r}"
            )

    def to_native_dtype(self) -> np.dtype[Any]:
        if self.unit == "generic" and self.scale_factor == 1:
            return _parse_native(f"{_ORDER[self.endianness]}{self._code}")
        return _parse_native(
            f"{_ORDER[self.endianness]}{self._code}[{self.scale_factor}{self.unit}]"
        )


class DateTime64(_Time):
    _code = "M8"


class TimeDelta64(_Time):
    _code = "m8"


@dataclass(frozen=True, kw_only=True, repr=False)
class Structured(ZDType):
    fields: tuple[tuple[str, ZDType], ...]

    def __post_init__(self) -> None:
        if not self.fields:
            raise DataTypeValidationError(
                f"a struct data type must have at least one field, got {self.fields!r}"
            )

    def to_native_dtype(self) -> np.dtype[Any]:
        return _parse_native([(name, field.to_native_dtype()) for name, field in self.fields])


class Struct(Structured):
    """A struct (zarr-python's ``Struct``; ``Structured`` is its older spelling)."""


_NUMBERS: tuple[type[_OneByte] | type[_Endian], ...] = (
    Int8, UInt8, Int16, Int32, Int64, UInt16, UInt32, UInt64,
    Float16, Float32, Float64, Complex64, Complex128,
)  # fmt: skip
_BY_KIND_SIZE = {(np.dtype(c._code).kind, np.dtype(c._code).itemsize): c for c in _NUMBERS}


def _endianness(dtype: np.dtype[Any]) -> Endianness:
    if dtype.byteorder == ">" or (dtype.byteorder == "=" and not np.little_endian):
        return "big"
    return "little"


def _from_native(dtype: np.dtype[Any]) -> ZDType:
    dtype = _parse_native(dtype)
    kind = dtype.kind
    if dtype.fields is not None:
        assert dtype.names is not None
        return Struct(fields=tuple((n, _from_native(dtype.fields[n][0])) for n in dtype.names))
    if kind == "b":
        return Bool()
    if kind in "iufc":
        cls = _BY_KIND_SIZE[(kind, dtype.itemsize)]
        return cls(endianness=_endianness(dtype)) if issubclass(cls, _Endian) else cls()
    if kind == "U":
        return FixedLengthUTF32(length=dtype.itemsize // 4, endianness=_endianness(dtype))
    if kind == "S":
        return NullTerminatedBytes(length=dtype.itemsize)
    if kind == "V":
        return RawBytes(length=dtype.itemsize)
    if kind == "T":
        return VariableLengthUTF8()
    if kind == "O":
        return VariableLengthBytes()
    unit, scale = np.datetime_data(dtype)
    time_cls = DateTime64 if kind == "M" else TimeDelta64
    return time_cls(endianness=_endianness(dtype), scale_factor=scale, unit=unit)


def parse_data_type(dtype_spec: Any, *, zarr_format: ZarrFormat) -> ZDType:
    """The :class:`ZDType` for anything ``dtype=`` accepts (numpy dtype-like, v3 JSON, ``str``,
    or a ``ZDType``, returned as is)."""
    if isinstance(dtype_spec, ZDType):
        return dtype_spec
    return _from_native(_parse_native(dtype_spec, zarr_format))


parse_dtype = parse_data_type
