"""Fill values: defaults, user input -> scalar, and the JSON forms of both Zarr formats.

Scalars are numpy scalars of the dtype (``np.float32``, ``np.void`` for structs…), ``str``
for StringDType and ``bytes`` for variable-length bytes. JSON follows zarr-python 3.4.2:
``"NaN"``/``"Infinity"``/``"-Infinity"`` for non-finite floats, ``[re, im]`` for complex
numbers, base64 for bytes, int64 counts for datetimes (NaT = int64 min), and for structs an
object of fields (v3) or the base64 of the raw record (v2).
"""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from zarrlite._types import JSON, ZarrFormat

__all__ = [
    "FillValueOutOfRangeError",
    "InvalidFillValueError",
    "default_fill_value",
    "fill_value_from_json",
    "fill_value_to_json",
    "parse_fill_value",
]

_SPECIAL_FLOATS = {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}
_LENIENT_FLOATS = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}


def default_fill_value(dtype: np.dtype[Any]) -> Any:
    """The fill value used when none is given: 0, False, "", b"", NaT, zeroed records."""
    kind = dtype.kind
    if kind == "T":
        return ""
    if kind == "O":
        return b""
    if kind in "Mm":
        return _time_from_int(_NAT, dtype)
    return np.zeros((), dtype=dtype)[()]


_NAT = int(np.iinfo(np.int64).min)


def _time_from_int(count: int, dtype: np.dtype[Any]) -> Any:
    """The datetime64/timedelta64 scalar whose int64 count of units is ``count``."""
    return np.array(count, dtype=np.int64).view(dtype.newbyteorder("="))[()]


class InvalidFillValueError(ValueError, TypeError):
    """A fill value that the data type cannot hold. Both ``ValueError`` and ``TypeError``:
    zarr-python raises either for the same kind of mistake, depending on the data type and
    value (``"a"`` for float64: TypeError; ``b"a"`` for int16: ValueError)."""


def _bad(value: object, dtype: np.dtype[Any], why: str = "") -> InvalidFillValueError:
    reason = f": {why}" if why else ""
    return InvalidFillValueError(
        f"fill_value {value!r} is not valid for data type {dtype}{reason}"
    )


class FillValueOutOfRangeError(InvalidFillValueError, OverflowError):
    """An integer fill value outside its data type's range: an invalid fill value, and an
    ``OverflowError`` as in zarr-python (numpy's)."""


def _wrong_type(value: object, dtype: np.dtype[Any]) -> InvalidFillValueError:
    return InvalidFillValueError(
        f"fill_value {value!r} of type {type(value).__name__} cannot be a fill value of data "
        f"type {dtype}"
    )


def _is_int(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(
        value,
        bool | np.bool_ | np.timedelta64,  # numpy: timedelta64 is a signedinteger
    )


def _to_int(value: Any, dtype: np.dtype[Any]) -> Any:
    if isinstance(value, bool | np.bool_):
        value = int(value)
    elif isinstance(value, float | np.floating):
        if not float(value).is_integer():
            raise _bad(value, dtype, "not an integer")
        value = int(value)
    elif isinstance(value, str):
        try:
            value = int(value)
        except ValueError:
            raise _bad(value, dtype, "not an integer") from None
    elif not _is_int(value):
        raise _wrong_type(value, dtype)
    info = np.iinfo(dtype)
    if not info.min <= int(value) <= info.max:
        raise FillValueOutOfRangeError(
            f"fill_value {value!r} is not valid for data type {dtype}: "
            f"out of range [{info.min}, {info.max}]"
        )
    return dtype.type(int(value))


def _to_float(value: Any, dtype: np.dtype[Any]) -> Any:
    if type(value) is float or type(value) is int:
        # The common case (0, 0.0, 1.5), without the errstate context and the inf checks
        # (~8 us, and every array creation parses its fill value more than once).
        limit = _FLOAT_LIMITS.get(dtype)
        if limit is None:
            limit = _FLOAT_LIMITS[dtype] = float(np.finfo(dtype).max)
        if -limit <= value <= limit:
            return dtype.type(value)
    if isinstance(value, str):
        if value in _SPECIAL_FLOATS or value.lower() in _LENIENT_FLOATS:
            value = _SPECIAL_FLOATS.get(value, _LENIENT_FLOATS.get(value.lower()))
        elif value.startswith("0x"):
            return _float_from_hex(value, dtype)
        else:
            try:
                value = float(value)
            except ValueError:
                raise _bad(value, dtype, "not a number") from None
    elif not isinstance(value, int | float | np.integer | np.floating):
        raise _wrong_type(value, dtype)
    with np.errstate(over="ignore"):
        out = dtype.type(value)
    if np.isinf(out) and np.isfinite(value):
        raise _bad(value, dtype, "out of range")
    return out


_FLOAT_LIMITS: dict[np.dtype[Any], float] = {}


def _float_from_hex(text: str, dtype: np.dtype[Any]) -> Any:
    """A float from the hex string of its bit pattern (``"0x7fc00001"``), keeping payloads."""
    if len(text) != 2 + 2 * dtype.itemsize:
        raise _bad(text, dtype, f"a hex bit pattern needs {2 * dtype.itemsize} hex digits")
    try:
        bits = int(text[2:], 16)
    except ValueError:
        raise _bad(text, dtype, "not a hex bit pattern") from None
    uint = np.dtype(f"u{dtype.itemsize}")
    return np.array(bits, dtype=uint).view(dtype.newbyteorder("="))[()]


def _to_complex(value: Any, dtype: np.dtype[Any]) -> Any:
    part = np.dtype(f"f{dtype.itemsize // 2}")
    if isinstance(value, list | tuple) and len(value) == 2:
        re, im = (_to_float(v, part) for v in value)
        return dtype.type(complex(float(re), float(im)))
    if isinstance(value, str):
        try:
            value = complex(value)
        except ValueError:
            raise _bad(value, dtype, "not a complex number") from None
    if not isinstance(value, int | float | complex | np.number | np.bool_):
        raise _wrong_type(value, dtype)
    return dtype.type(value)


def _to_bytes(value: Any, dtype: np.dtype[Any]) -> bytes:
    if isinstance(value, str):
        try:
            return value.encode("ascii" if dtype.kind == "S" else "utf-8")
        except UnicodeEncodeError:
            raise _bad(value, dtype, "not ASCII") from None
    if isinstance(value, np.void) and value.dtype.fields is None:
        return value.tobytes()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    raise _wrong_type(value, dtype)


def _to_record(value: Any, dtype: np.dtype[Any]) -> Any:
    assert dtype.names is not None and dtype.fields is not None
    if isinstance(value, np.void) and value.dtype.names == dtype.names:
        value = [value[name] for name in dtype.names]
    if isinstance(value, bytes) and len(value) == dtype.itemsize:
        return np.frombuffer(value, dtype=dtype)[0]
    if isinstance(value, Mapping):
        unknown = set(value) - set(dtype.names)
        if unknown:
            raise _bad(value, dtype, f"unknown fields {sorted(unknown)}")
        items = [value.get(name) for name in dtype.names]
    elif _is_int(value):
        # As zarr-python (numpy's cast): zeros/ones of a struct put the number in every field.
        items = [value] * len(dtype.names)
    elif isinstance(value, tuple | list) and len(value) == len(dtype.names):
        items = list(value)
    else:
        raise _wrong_type(value, dtype)
    out = np.zeros((), dtype=dtype)
    for name, item in zip(dtype.names, items, strict=True):
        if item is not None:
            out[name] = parse_fill_value(item, dtype.fields[name][0])
    return out[()]


def _to_time(value: Any, dtype: np.dtype[Any]) -> Any:
    unit_type = np.datetime64 if dtype.kind == "M" else np.timedelta64
    if _is_int(value):
        if not np.iinfo(np.int64).min <= int(value) <= np.iinfo(np.int64).max:
            raise _bad(value, dtype, "out of the int64 range")
        return _time_from_int(int(value), dtype)
    if isinstance(value, str) and value == "NaT":
        return _time_from_int(_NAT, dtype)
    if isinstance(value, str | unit_type):
        try:
            return np.array(value, dtype=dtype)[()]
        except ValueError as e:
            raise _bad(value, dtype, str(e)) from None
    raise _wrong_type(value, dtype)


def parse_fill_value(value: Any, dtype: np.dtype[Any]) -> Any:
    """Convert a user's fill value to a scalar of ``dtype``.

    Raises ``ValueError`` naming the value and dtype when it does not fit (300 for uint8, a
    fraction for an int, a string longer than a ``U``/``S`` type, a finite float that overflows)
    and ``TypeError`` when it is of a type that cannot mean a value of ``dtype``. As in
    zarr-python, a number stands for its text in a string type (``zeros(dtype=str)`` is filled
    with ``"0"``), 0 and 1 (also as floats) for booleans, and a boolean for a complex number;
    unlike zarr-python, a value is never truncated or rounded to fit.
    """
    if isinstance(value, np.ndarray) and value.shape == ():
        value = value[()]
    kind = dtype.kind
    if kind in "biufc" and type(value) is dtype.type and value.dtype == dtype:
        # Already a scalar of this dtype (metadata re-parses what the array builder parsed).
        return value
    if kind == "b":
        if isinstance(value, bool | np.bool_):
            return np.bool_(value)
        if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
            return np.bool_(bool(value))
        raise _bad(value, dtype, "expected a boolean")
    if kind in "iu":
        return _to_int(value, dtype)
    if kind == "f":
        return _to_float(value, dtype)
    if kind == "c":
        return _to_complex(value, dtype)
    if kind in "UT" and isinstance(value, int | float | np.integer | np.floating):
        value = str(value)  # as zarr-python: zeros(dtype=str) fills with "0", ones with "1"
    if kind == "U":
        if not isinstance(value, str):
            raise _wrong_type(value, dtype)
        if len(value) > dtype.itemsize // 4:
            raise _bad(value, dtype, "longer than the data type")
        return np.str_(value)
    if kind == "S":
        if isinstance(value, int | np.integer):
            value = str(value)  # as zarr-python: zeros(dtype="S3") fills with b"0"
        raw = _to_bytes(value, dtype)
        if len(raw) > dtype.itemsize:
            raise _bad(value, dtype, "longer than the data type")
        return np.bytes_(raw)
    if kind == "V" and dtype.fields is not None:
        return _to_record(value, dtype)
    if kind == "V":
        raw = _to_bytes(value, dtype)
        if len(raw) > dtype.itemsize:
            raise _bad(value, dtype, "longer than the data type")
        return np.void(raw.ljust(dtype.itemsize, b"\x00"))
    if kind in "Mm":
        return _to_time(value, dtype)
    if kind == "T":
        if not isinstance(value, str):
            raise _wrong_type(value, dtype)
        return str(value)
    if kind == "O":
        return _to_bytes(value, dtype)
    raise _wrong_type(value, dtype)


# ---------------------------------------------------------------- JSON


def _float_json(value: Any) -> JSON:
    number = float(value)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    return number


def _b64(raw: bytes) -> str:
    return base64.standard_b64encode(raw).decode("ascii")


def fill_value_to_json(value: Any, dtype: np.dtype[Any], zarr_format: ZarrFormat) -> JSON:
    """The JSON form of a fill value (``None`` only in v2, where it means "no fill value")."""
    if value is None:
        if zarr_format == 2:
            return None
        raise ValueError(f"Zarr v3 needs a fill_value for data type {dtype}, got None")
    value = parse_fill_value(value, dtype)
    kind = dtype.kind
    if kind == "b":
        return bool(value)
    if kind in "iu":
        return int(value)
    if kind == "f":
        return _float_json(value)
    if kind == "c":
        return [_float_json(value.real), _float_json(value.imag)]
    if kind in "UT":
        return str(value)
    if kind in "SO":
        return _b64(bytes(value))
    if kind == "V" and dtype.fields is not None:
        if zarr_format == 2:
            return _b64(np.array(value, dtype=dtype).tobytes())
        assert dtype.names is not None
        return {
            name: fill_value_to_json(value[name], dtype.fields[name][0], zarr_format)
            for name in dtype.names
        }
    if kind == "V":
        return _b64(value.tobytes())
    # datetime64 / timedelta64: the int64 count of units (NaT is int64 min)
    return int(np.array(value, dtype=dtype).astype(np.int64))


def _from_b64(data: JSON, dtype: np.dtype[Any]) -> bytes:
    if not isinstance(data, str):
        raise _bad(data, dtype, "expected a base64 string")
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise _bad(data, dtype, "not valid base64") from None


def _overflow_to_inf(value: Any, dtype: np.dtype[Any]) -> Any:
    """A stored number past a float dtype's range as the infinity numpy casts it to.

    zarr-python reads such metadata (``"fill_value": 1e40`` for float32) with that cast; only
    user-given fill values are refused when they do not fit.
    """
    if (type(value) is float or type(value) is int) and abs(value) > float(np.finfo(dtype).max):
        try:
            number = float(value)
        except OverflowError:  # an integer past every float
            return value
        with np.errstate(over="ignore"):
            if math.isfinite(number) and np.isinf(dtype.type(number)):
                return math.copysign(math.inf, number)
    return value


def fill_value_from_json(data: JSON, dtype: np.dtype[Any], zarr_format: ZarrFormat) -> Any:
    """Read a fill value's JSON form (``null`` gives None in v2, an error in v3).

    Also accepted: hex bit patterns of floats (``"0x7fc00001"``), ``"NaT"`` for datetimes,
    integral floats and integer strings (``"42"``) for integers, 0/1 for booleans, and numbers past a float type's range
    (read as infinity, as zarr-python reads them).
    """
    if data is None:
        if zarr_format == 2:
            return None
        raise _bad(data, dtype, "Zarr v3 requires a fill value")
    kind = dtype.kind
    if kind == "b" and isinstance(data, bool | int):
        return parse_fill_value(data, dtype)
    if kind in "iu" and isinstance(data, int | float | str):
        # zarr-python reads an integer written as text ("42", "-5") too, in v2 and v3
        return _to_int(data, dtype)
    if kind == "f" and isinstance(data, int | float | str) and not isinstance(data, bool):
        return _to_float(_overflow_to_inf(data, dtype), dtype)
    if kind == "c" and isinstance(data, list | tuple) and len(data) == 2:
        part = np.dtype(f"f{dtype.itemsize // 2}")
        return _to_complex([_overflow_to_inf(v, part) for v in data], dtype)
    if kind in "UT" and isinstance(data, str):
        return parse_fill_value(data, dtype)
    if kind == "T" and isinstance(data, int | float) and not isinstance(data, bool):
        return str(data)  # as zarr-python reads e.g. a v2 object array's fill_value 0
    if kind in "SO" or (kind == "V" and dtype.fields is None):
        return parse_fill_value(_from_b64(data, dtype), dtype)
    if kind == "V":
        assert dtype.names is not None and dtype.fields is not None
        if isinstance(data, str):  # v2 (and legacy v3): base64 of the raw record
            raw = _from_b64(data, dtype)
            if len(raw) != dtype.itemsize:
                raise _bad(data, dtype, f"expected {dtype.itemsize} bytes")
            return np.frombuffer(raw, dtype=dtype)[0]
        if isinstance(data, Mapping):
            out = np.zeros((), dtype=dtype)
            for name in dtype.names:
                if name in data:
                    out[name] = fill_value_from_json(data[name], dtype.fields[name][0], zarr_format)
            return out[()]
    if kind in "Mm" and (_is_int(data) or data == "NaT"):
        return _to_time(data, dtype)
    raise _bad(data, dtype)
