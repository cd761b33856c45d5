"""Data types: numpy dtypes <-> Zarr v3 ``data_type`` JSON <-> Zarr v2 ``dtype`` JSON.

zarrlite represents every data type as a numpy dtype. Variable-length strings are
``numpy.dtypes.StringDType()`` and variable-length bytes are ``object`` dtype (as zarr-python
3 returns them). Supported: bool, (u)int8-64, float16/32/64, complex64/128, fixed-length
unicode (``U``), null-terminated bytes (``S``), raw bytes (``V``), datetime64/timedelta64 and
packed structs of those.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

import numpy as np

from zarrlite._types import JSON, ZarrFormat
from zarrlite.errors import DataTypeValidationError

__all__ = [
    "OBJECT_CODEC_IDS",
    "STRING_DTYPE",
    "VLEN_BYTES_DTYPE",
    "dtype_from_v2",
    "dtype_from_v3",
    "dtype_to_v2",
    "dtype_to_v3",
    "is_variable_length",
    "parse_dtype",
]

STRING_DTYPE: Final[np.dtype[Any]] = np.dtypes.StringDType()
"""The dtype of variable-length UTF-8 strings (v3 ``"string"``, v2 ``"|O"`` + vlen-utf8)."""
VLEN_BYTES_DTYPE: Final[np.dtype[Any]] = np.dtype(object)
"""The dtype of variable-length bytes (v3 ``"variable_length_bytes"``, v2 ``"|O"`` + vlen-bytes)."""

#: numcodecs ids that can encode object arrays in Zarr v2 (only the vlen ones are readable).
OBJECT_CODEC_IDS: Final = ("vlen-utf8", "vlen-bytes", "vlen-array", "pickle", "json2", "msgpack2")

_V3_NAMES: Final[dict[str, str]] = {
    "bool": "|b1",
    "int8": "|i1",
    "int16": "<i2",
    "int32": "<i4",
    "int64": "<i8",
    "uint8": "|u1",
    "uint16": "<u2",
    "uint32": "<u4",
    "uint64": "<u8",
    "float16": "<f2",
    "float32": "<f4",
    "float64": "<f8",
    "complex64": "<c8",
    "complex128": "<c16",
}
_NAME_OF_KIND_SIZE: Final[dict[tuple[str, int], str]] = {
    (np.dtype(s).kind, np.dtype(s).itemsize): n for n, s in _V3_NAMES.items()
}
_LENGTH_TYPES: Final[dict[str, str]] = {
    "fixed_length_utf32": "U",
    "null_terminated_bytes": "S",
    "raw_bytes": "V",
}
_TIME_TYPES: Final[dict[str, str]] = {"numpy.datetime64": "M", "numpy.timedelta64": "m"}
_TIME_UNITS: Final = ("Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as")
_V2_TYPESTR: Final = re.compile(r"^[<>|=]")
_MAX_SCALE: Final = 2**31


def is_variable_length(dtype: np.dtype[Any]) -> bool:
    """Whether items of ``dtype`` have no fixed size (strings as StringDType, object bytes)."""
    return dtype.kind in "TO"


def _fail(what: str, value: object, why: str = "") -> DataTypeValidationError:
    return DataTypeValidationError(f"invalid {what} {value!r}" + (f": {why}" if why else ""))


def _check_native(
    dtype: np.dtype[Any], spec: object, *, allow_object: bool = False
) -> np.dtype[Any]:
    """Validate that numpy ``dtype`` is one Zarr can store; return its canonical form.

    A bare ``object`` dtype is ambiguous as user input, but is zarrlite's own spelling of
    variable-length bytes (``allow_object``).
    """
    kind = dtype.kind
    if dtype.fields is not None:
        if not dtype.names:
            raise DataTypeValidationError(f"data type {spec!r}: a struct needs at least one field")
        fields = []
        for name in dtype.names:
            field = dtype.fields[name]
            if len(field) > 2:
                raise DataTypeValidationError(f"data type {spec!r}: field titles are not supported")
            sub = field[0]
            if sub.subdtype is not None:
                raise DataTypeValidationError(
                    f"data type {spec!r}: field {name!r} is a subarray, which is not supported"
                )
            if is_variable_length(sub):
                raise DataTypeValidationError(
                    f"data type {spec!r}: field {name!r} has variable length, not allowed in a struct"
                )
            fields.append((name, _check_native(sub, spec)))
        return np.dtype(fields)  # packed: offsets and padding are not part of Zarr's model
    if dtype.subdtype is not None:
        raise DataTypeValidationError(f"data type {spec!r}: subarray data types are not supported")
    if kind == "O" and allow_object:
        return VLEN_BYTES_DTYPE
    if kind == "O":
        raise DataTypeValidationError(
            f"data type {spec!r} is ambiguous: numpy object arrays may hold strings or bytes; "
            "use str (variable-length strings) or 'variable_length_bytes'"
        )
    if kind == "T":
        return STRING_DTYPE
    if kind in "SUV":
        if dtype.itemsize == 0:
            raise DataTypeValidationError(f"data type {spec!r}: length must be >= 1, got 0")
        return dtype
    if kind in "Mm":
        return dtype
    if (kind, dtype.itemsize) in _NAME_OF_KIND_SIZE:
        return dtype
    raise DataTypeValidationError(f"data type {spec!r} ({dtype}) is not supported by Zarr")


def parse_dtype(spec: Any, zarr_format: ZarrFormat = 3) -> np.dtype[Any]:
    """Turn a user's data type (numpy dtype-like, v3 name or JSON dict, ``str``, or a
    ``zarrlite.dtype`` / zarr-python ``zarr.dtype`` class instance) into a dtype.

    Unknown strings raise ``TypeError`` ("data type 'foo' not understood"); dtypes Zarr cannot
    store raise :class:`DataTypeValidationError`, and so do ``"O"`` and ``object`` (strings or
    bytes? as in zarr-python), while an ``np.dtype(object)`` instance is taken as zarrlite's
    variable-length bytes. Every spelling means the same in both formats (``zarr_format`` is
    accepted for zarr-python's signature).
    """
    del zarr_format  # every accepted spelling means the same thing in both formats
    if spec is str:
        return STRING_DTYPE
    if spec is bytes:
        return VLEN_BYTES_DTYPE
    if isinstance(spec, str):
        if spec in ("str", "string"):
            return STRING_DTYPE
        if spec in ("bytes", "variable_length_bytes"):
            return VLEN_BYTES_DTYPE
        if spec in _V3_NAMES:
            return np.dtype(_V3_NAMES[spec])
    if isinstance(spec, Mapping):
        return dtype_from_v3(spec)
    if not isinstance(spec, np.dtype | type) and callable(getattr(spec, "to_native_dtype", None)):
        return parse_dtype(spec.to_native_dtype())  # a ZDType (zarrlite.dtype or zarr.dtype)
    if isinstance(spec, np.dtype) and spec.kind == "O":
        return VLEN_BYTES_DTYPE  # zarrlite's own spelling; "O" and `object` stay ambiguous
    if isinstance(spec, list) and all(isinstance(f, list | tuple) for f in spec):
        spec = [tuple(_v2_field_fix(f)) for f in spec]
    try:
        dtype = np.dtype(spec)
    except TypeError:
        raise TypeError(f"data type {spec!r} not understood") from None
    except ValueError as e:
        raise DataTypeValidationError(f"invalid data type {spec!r}: {e}") from None
    return _check_native(dtype, spec)


def _v2_field_fix(field: Sequence[Any]) -> list[Any]:
    """A v2 JSON field ``[name, typestr-or-fields]`` as numpy accepts it (nested lists -> tuples)."""
    out = list(field)
    if len(out) >= 2 and isinstance(out[1], list):
        out[1] = [tuple(_v2_field_fix(f)) for f in out[1]]
    return out


# ---------------------------------------------------------------- v3


def dtype_to_v3(dtype: np.dtype[Any]) -> JSON:
    """The v3 ``data_type`` JSON of ``dtype`` (endianness is not part of it)."""
    dtype = _check_native(np.dtype(dtype), dtype, allow_object=True)
    kind = dtype.kind
    if dtype.fields is not None:
        assert dtype.names is not None
        fields = [{"name": n, "data_type": dtype_to_v3(dtype.fields[n][0])} for n in dtype.names]
        return {"name": "struct", "configuration": {"fields": fields}}
    if kind == "T":
        return "string"
    if kind == "O":
        return "variable_length_bytes"
    if kind in "SUV":
        name = {"U": "fixed_length_utf32", "S": "null_terminated_bytes", "V": "raw_bytes"}[kind]
        return {"name": name, "configuration": {"length_bytes": dtype.itemsize}}
    if kind in "Mm":
        unit, scale = np.datetime_data(dtype)
        name = "numpy.datetime64" if kind == "M" else "numpy.timedelta64"
        return {"name": name, "configuration": {"unit": unit, "scale_factor": scale}}
    return _NAME_OF_KIND_SIZE[(kind, dtype.itemsize)]


def _positive_int(value: object, what: str, data: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _fail("data_type", data, f"{what} must be an integer >= 1, got {value!r}")
    return value


def dtype_from_v3(data: JSON) -> np.dtype[Any]:
    """The numpy dtype (little-endian where it matters) of a v3 ``data_type`` JSON value."""
    if isinstance(data, str):
        if data in _V3_NAMES:
            return np.dtype(_V3_NAMES[data])
        if data == "string":
            return STRING_DTYPE
        if data in ("variable_length_bytes", "bytes"):  # "bytes": zarr-python 3.0 spelling
            return VLEN_BYTES_DTYPE
        raise _fail("data_type", data, "unknown data type name")
    if not isinstance(data, Mapping) or not isinstance(data.get("name"), str):
        raise _fail("data_type", data, "expected a name or an object with a 'name'")
    if set(data) - {"name", "configuration"}:
        raise _fail("data_type", data, "only 'name' and 'configuration' keys are allowed")
    name: str = data["name"]
    config = data.get("configuration", {})
    if not isinstance(config, Mapping):
        raise _fail("data_type", data, "'configuration' must be an object")
    if name in _V3_NAMES or name in ("string", "variable_length_bytes"):
        if config:
            raise _fail("data_type", data, f"{name!r} takes no configuration")
        return dtype_from_v3(name)
    if name in _LENGTH_TYPES:
        if set(config) != {"length_bytes"}:
            raise _fail("data_type", data, "expected configuration {'length_bytes': int}")
        length = _positive_int(config["length_bytes"], "length_bytes", data)
        kind = _LENGTH_TYPES[name]
        if kind == "U":
            if length % 4:
                raise _fail("data_type", data, "length_bytes must be a multiple of 4")
            return np.dtype(f"<U{length // 4}")
        return np.dtype(f"|{kind}{length}")
    if name in _TIME_TYPES:
        return _time_from_v3(name, config, data)
    if name in ("struct", "structured"):
        return _struct_from_v3(config, data)
    raise _fail("data_type", data, f"unknown data type name {name!r}")


def _time_from_v3(name: str, config: Mapping[str, Any], data: object) -> np.dtype[Any]:
    if set(config) != {"unit", "scale_factor"}:
        raise _fail("data_type", data, "expected configuration {'unit': str, 'scale_factor': int}")
    unit = config["unit"]
    unit = "us" if unit == "\u03bcs" else unit
    scale = _positive_int(config["scale_factor"], "scale_factor", data)
    if scale >= _MAX_SCALE:
        raise _fail("data_type", data, f"scale_factor must be < {_MAX_SCALE}")
    code = _TIME_TYPES[name]
    if unit == "generic":
        # numpy keeps a scale on the generic unit too (M8[2generic]); zarr-python writes it
        return np.dtype(f"<{code}8[{scale}generic]" if scale != 1 else f"<{code}8")
    if unit not in _TIME_UNITS:
        raise _fail("data_type", data, f"unit must be one of {(*_TIME_UNITS, 'generic')}")
    suffix = f"{scale}{unit}" if scale != 1 else unit
    return np.dtype(f"<{code}8[{suffix}]")


def _struct_from_v3(config: Mapping[str, Any], data: object) -> np.dtype[Any]:
    fields = config.get("fields")
    if set(config) != {"fields"} or not isinstance(fields, list) or not fields:
        raise _fail("data_type", data, "a struct needs configuration {'fields': [...]} (non-empty)")
    out: list[tuple[str, np.dtype[Any]]] = []
    for field in fields:
        if isinstance(field, Mapping) and set(field) == {"name", "data_type"}:
            fname, ftype = field["name"], field["data_type"]
        elif isinstance(field, list | tuple) and len(field) == 2:  # legacy "structured" form
            fname, ftype = field
        else:
            raise _fail("data_type", data, f"invalid struct field {field!r}")
        if not isinstance(fname, str) or any(fname == n for n, _ in out):
            raise _fail("data_type", data, f"field name {fname!r} is not a unique string")
        sub = dtype_from_v3(ftype)
        if is_variable_length(sub):
            raise _fail("data_type", data, f"field {fname!r} has variable length")
        out.append((fname, sub))
    return np.dtype(out)


# ---------------------------------------------------------------- v2


def dtype_to_v2(dtype: np.dtype[Any]) -> tuple[JSON, str | None]:
    """The v2 ``dtype`` JSON of ``dtype`` and the id of the object codec it needs (or None)."""
    dtype = _check_native(np.dtype(dtype), dtype, allow_object=True)
    if dtype.kind == "T":
        return "|O", "vlen-utf8"
    if dtype.kind == "O":
        return "|O", "vlen-bytes"
    return _v2_typestr(dtype), None


def _v2_typestr(dtype: np.dtype[Any]) -> JSON:
    if dtype.fields is not None:
        assert dtype.names is not None
        return [[name, _v2_typestr(dtype.fields[name][0])] for name in dtype.names]
    if dtype.kind in "Mm" and np.datetime_data(dtype) != ("generic", 1) and "[" not in dtype.str:
        # numpy's typestr drops a generic unit's scale ('<M8' for M8[2generic]): keep it
        unit, scale = np.datetime_data(dtype)
        return f"{dtype.str}[{scale}{unit}]"
    return dtype.str


def dtype_from_v2(data: JSON, object_codec_id: str | None = None) -> np.dtype[Any]:
    """The numpy dtype of a v2 ``dtype`` JSON value (endianness kept).

    ``"|O"`` needs ``object_codec_id``: ``"vlen-utf8"`` gives StringDType, ``"vlen-bytes"``
    gives object dtype; other object codecs are not supported.
    """
    if isinstance(data, str):
        if not _V2_TYPESTR.match(data):
            raise _fail("dtype", data, "expected a numpy typestr such as '<f4' or '|u1'")
        try:
            dtype = np.dtype(data)
        except (TypeError, ValueError) as e:
            raise _fail("dtype", data, str(e)) from None
        if dtype.kind == "O":
            if object_codec_id == "vlen-utf8":
                return STRING_DTYPE
            if object_codec_id == "vlen-bytes":
                return VLEN_BYTES_DTYPE
            raise _fail(
                "dtype",
                data,
                f"object arrays need a 'vlen-utf8' or 'vlen-bytes' filter, found {object_codec_id!r}",
            )
        if dtype.kind == "T":
            raise _fail("dtype", data)
    elif isinstance(data, list) and data:
        fields: list[tuple[str, np.dtype[Any]]] = []
        for field in data:
            if not (
                isinstance(field, list | tuple) and len(field) == 2 and isinstance(field[0], str)
            ):
                raise _fail("dtype", data, f"invalid field {field!r} (expected [name, dtype])")
            fields.append((field[0], dtype_from_v2(field[1])))
        try:
            dtype = np.dtype(fields)
        except (TypeError, ValueError) as e:
            raise _fail("dtype", data, str(e)) from None
    else:
        raise _fail("dtype", data, "expected a typestr or a list of fields")
    try:
        return _check_native(dtype, data)
    except DataTypeValidationError as e:
        raise _fail("dtype", data, str(e)) from None
