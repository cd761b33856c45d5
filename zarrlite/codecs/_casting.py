"""Value casts between integer and float arrays with explicit rounding and range rules.

The engine of the ``cast_value`` codec, in plain numpy. It follows the codec's spec
(https://github.com/zarr-developers/zarr-extensions/tree/main/codecs/cast_value) and matches
zarr-python 3.4's backend (``cast-value-rs``) value for value:

- float -> integer: round with ``rounding``; NaN and +-inf always raise (unless mapped);
  values outside the target range raise, or are clamped, or wrap modulo ``2**bits``.
- integer -> integer: out-of-range values raise, clamp or wrap (two's complement).
- to a float type: rounding to the target precision uses ``rounding``; a finite value whose
  rounded magnitude exceeds the target's largest finite value raises, or becomes +-inf under
  ``"clamp"`` (the backend's reading of "clamp" for floats). NaN and +-inf pass through.

Nothing here is public API.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Literal

import numpy as np

__all__ = ["ROUNDING_MODES", "cast_values"]

Rounding = Literal[
    "nearest-even", "towards-zero", "towards-positive", "towards-negative", "nearest-away"
]
ROUNDING_MODES: Final = (
    "nearest-even",
    "towards-zero",
    "towards-positive",
    "towards-negative",
    "nearest-away",
)

#: (key, value) pairs: source elements equal to ``key`` become ``value`` and skip the cast
ScalarPairs = Sequence[tuple[Any, Any]]


def _fail(message: str) -> ValueError:
    return ValueError(f"codec 'cast_value': {message}")


def cast_values(
    array: np.ndarray[Any, Any],
    target: np.dtype[Any],
    rounding: str,
    out_of_range: str | None,
    scalar_map: ScalarPairs = (),
) -> np.ndarray[Any, Any]:
    """``array`` cast to ``target`` (native byte order out), applying ``scalar_map`` first.

    Raises ``ValueError`` naming the first offending value (NaN to an integer type, a value
    out of range with ``out_of_range`` None or ``"error"``).
    """
    source = array.dtype.newbyteorder("=") if array.dtype.byteorder != "|" else array.dtype
    values = np.asarray(array, dtype=source)
    native_target = target.newbyteorder("=") if target.byteorder != "|" else target
    mapped: np.ndarray[Any, Any] | None = None
    if scalar_map:
        mapped = np.zeros(values.shape, dtype=bool)
        replacements = []
        for key, value in scalar_map:
            hit = _equal(values, key) & ~mapped
            mapped |= hit
            replacements.append((hit, value))
        if mapped.any():
            values = values.copy()
            values[mapped] = 0  # a value every cast accepts; replaced below
        else:
            mapped = None
    out = _cast(values, native_target, rounding, out_of_range)
    if mapped is not None:
        for hit, value in replacements:
            out[hit] = value
    return out


def _equal(values: np.ndarray[Any, Any], key: Any) -> np.ndarray[Any, Any]:
    """Where ``values`` equal ``key`` (NaN matches NaN; -0.0 matches 0.0)."""
    if values.dtype.kind == "f" and np.isnan(key):
        return np.isnan(values)
    return np.asarray(values == key)


def _cast(
    values: np.ndarray[Any, Any], target: np.dtype[Any], rounding: str, out_of_range: str | None
) -> np.ndarray[Any, Any]:
    src, dst = values.dtype.kind, target.kind
    if values.dtype == target:
        return values.copy()
    if src == "f" and dst in "iu":
        return _float_to_int(values, target, rounding, out_of_range)
    if src in "iu" and dst in "iu":
        return _int_to_int(values, target, out_of_range)
    if src in "iu" and dst == "f":
        return _int_to_float(values, target, rounding, out_of_range)
    if src == "f" and dst == "f":
        if values.dtype.itemsize < target.itemsize:
            return _widen(values, target)
        return _float_to_float(values, target, rounding, out_of_range)
    raise _fail(f"cannot cast {values.dtype} to {target}: only integer and float types")


def _widen(values: np.ndarray[Any, Any], target: np.dtype[Any]) -> np.ndarray[Any, Any]:
    """Exact float widening; NaNs come out quiet (numpy keeps float16 signalling NaNs
    signalling, the hardware and cast-value-rs quiet them)."""
    with np.errstate(invalid="ignore"):
        out = values.astype(target)
    nan = np.isnan(out)
    if nan.any():
        bits = out.view(f"u{target.itemsize}")
        bits[nan] |= bits.dtype.type(1 << (int(np.finfo(target).nmant) - 1))
    return out


def _first(values: np.ndarray[Any, Any], mask: np.ndarray[Any, Any]) -> Any:
    return values[mask].reshape(-1)[0].item()


def _range_error(value: Any, target: np.dtype[Any], out_of_range: str | None) -> ValueError:
    info: Any = np.iinfo(target) if target.kind in "iu" else np.finfo(target)
    hint = "'clamp' or 'wrap'" if target.kind in "iu" else "'clamp' (to map it to +-inf)"
    return _fail(
        f"value {value!r} is out of the range [{info.min}, {info.max}] of {target} "
        f"(out_of_range={out_of_range!r}); set out_of_range to {hint}"
    )


# ------------------------------------------------------------------- float -> int


def _round(values: np.ndarray[Any, Any], rounding: str) -> np.ndarray[Any, Any]:
    """Round float64 ``values`` to integers (still float64), exactly."""
    if rounding == "nearest-even":
        return np.rint(values)
    if rounding == "towards-zero":
        return np.trunc(values)
    if rounding == "towards-positive":
        return np.ceil(values)
    if rounding == "towards-negative":
        return np.floor(values)
    # nearest-away: the fractional part is exact, so compare it with one half (no x + 0.5,
    # which rounds wrongly just below one half)
    whole = np.trunc(values)
    frac = np.abs(values - whole)
    away: np.ndarray[Any, Any] = whole + np.copysign((frac >= 0.5).astype(values.dtype), values)
    return away


def _float_to_int(
    values: np.ndarray[Any, Any], target: np.dtype[Any], rounding: str, out_of_range: str | None
) -> np.ndarray[Any, Any]:
    with np.errstate(invalid="ignore"):  # signalling NaNs: reported below
        wide = values.astype(np.float64)  # exact for every float source
    bad = ~np.isfinite(wide)
    if bad.any():
        raise _fail(f"cannot cast {_first(wide, bad)} to integer type {target} without scalar_map")
    rounded = _round(wide, rounding)
    info = np.iinfo(target)
    low, high_excl = float(info.min), float(info.max) + 1.0  # both exact powers of two
    too_low, too_high = rounded < low, rounded >= high_excl
    outside = too_low | too_high
    if out_of_range == "wrap":
        return _wrap_float(rounded, target)
    if outside.any():
        if out_of_range != "clamp":
            raise _range_error(_first(rounded, outside), target, out_of_range)
        safe = np.where(outside, 0.0, rounded)
        out = safe.astype(target)
        out[too_low] = info.min
        out[too_high] = info.max
        return out
    return rounded.astype(target)


def _wrap_float(rounded: np.ndarray[Any, Any], target: np.dtype[Any]) -> np.ndarray[Any, Any]:
    """Integral float64 values modulo ``2**64``, then truncated to ``target``'s bits."""
    mod = 2.0**64
    rest = np.fmod(rounded, mod)  # exact; |rest| < 2**64
    # Into [-2**63, 2**63): each step is exact (Sterbenz), then int64 holds it exactly.
    rest = np.where(rest >= 2.0**63, rest - mod, rest)
    rest = np.where(rest < -(2.0**63), rest + mod, rest)
    wrapped: np.ndarray[Any, Any] = rest.astype(np.int64).astype(target)  # keeps the low bits
    return wrapped


# ------------------------------------------------------------------- int -> int


def _int_to_int(
    values: np.ndarray[Any, Any], target: np.dtype[Any], out_of_range: str | None
) -> np.ndarray[Any, Any]:
    if out_of_range == "wrap":
        return values.astype(target)  # numpy keeps the low bits: two's complement wrap
    src, dst = np.iinfo(values.dtype), np.iinfo(target)
    low = max(int(src.min), int(dst.min))
    high = min(int(src.max), int(dst.max))
    # Only compare against bounds that fit the source type (no mixed-type promotion).
    outside = np.zeros(values.shape, dtype=bool)
    if low > int(src.min):
        outside |= values < values.dtype.type(low)
    if high < int(src.max):
        outside |= values > values.dtype.type(high)
    if outside.any():
        if out_of_range != "clamp":
            raise _range_error(_first(values, outside), target, out_of_range)
        values = np.clip(values, values.dtype.type(low), values.dtype.type(high))
    return values.astype(target)


# ------------------------------------------------------------------- to float


def _float_limits(target: np.dtype[Any]) -> tuple[int, int]:
    """(precision in bits, largest finite value as an int) of a float type."""
    info = np.finfo(target)
    return int(info.nmant) + 1, int(info.max)


def _round_int_to_precision(value: int, bits: int, rounding: str) -> int:
    """``value`` rounded to ``bits`` significant bits (unbounded exponent), as an int."""
    magnitude = abs(value)
    shift = magnitude.bit_length() - bits
    if shift <= 0:
        return value
    kept, rest = magnitude >> shift, magnitude & ((1 << shift) - 1)
    half = 1 << (shift - 1)
    negative = value < 0
    if rounding == "nearest-even":
        up = rest > half or (rest == half and kept & 1 == 1)
    elif rounding == "nearest-away":
        up = rest >= half
    elif rounding == "towards-zero":
        up = False
    elif rounding == "towards-positive":
        up = rest > 0 and not negative
    else:  # towards-negative
        up = rest > 0 and negative
    result = (kept + int(up)) << shift
    return -result if negative else result


def _int_to_float(
    values: np.ndarray[Any, Any], target: np.dtype[Any], rounding: str, out_of_range: str | None
) -> np.ndarray[Any, Any]:
    bits, largest = _float_limits(target)
    flat = values.reshape(-1)
    with np.errstate(over="ignore"):  # overflowing values are candidates, redone below
        out = flat.astype(target)
    if rounding == "nearest-even":
        # numpy's cast already rounds to nearest-even (an int too large for the target
        # becomes inf): no per-element work
        outside = np.isinf(out)
        if outside.any():
            if out_of_range != "clamp":
                raise _range_error(_first(flat, outside), target, out_of_range)
        return out.reshape(values.shape)
    # Integers below 2**bits are exact in the target: only larger ones need exact rounding.
    limit = 1 << bits
    src = np.iinfo(values.dtype)
    if limit > int(src.max):
        candidates = np.zeros(0, dtype=np.intp)
    elif values.dtype.kind == "u":
        candidates = np.flatnonzero(flat >= values.dtype.type(limit))
    else:
        candidates = np.flatnonzero((flat >= limit) | (flat <= -limit))
    for index in candidates:
        exact = int(flat[index])
        rounded = _round_int_to_precision(exact, bits, rounding)
        if abs(rounded) > largest:
            if out_of_range != "clamp":
                raise _range_error(exact, target, out_of_range)
            out[index] = np.inf if rounded > 0 else -np.inf
        else:
            out[index] = float(rounded)  # exact: at most bits+1 significant bits, a power of 2
    return out.reshape(values.shape)


def _float_to_float(
    values: np.ndarray[Any, Any], target: np.dtype[Any], rounding: str, out_of_range: str | None
) -> np.ndarray[Any, Any]:
    """Narrowing float cast: numpy rounds to nearest-even; other modes step one ulp from it."""
    source = values.dtype
    info = np.finfo(target)
    largest = source.type(info.max)
    # the target's spacing at its largest value (the gap below it: same binade, no overflow)
    ulp = largest - source.type(np.nextafter(info.max, target.type(0)))
    with np.errstate(over="ignore", invalid="ignore"):
        out = values.astype(target)
        back = out.astype(source)
        # Out of range when the value rounded to the target's precision (ignoring its
        # exponent limit) is beyond ``largest``: the thresholds below are exact in ``source``.
        half_over, full_over = largest + ulp / 2, largest + ulp
        if rounding in ("nearest-even", "nearest-away"):
            outside = np.abs(values) >= half_over
        elif rounding == "towards-zero":
            outside = np.abs(values) >= full_over
        elif rounding == "towards-positive":
            outside = (values > largest) | (values <= -full_over)
        else:
            outside = (values < -largest) | (values >= full_over)
        outside &= np.isfinite(values)
        inexact = (back != values) & np.isfinite(values) & ~outside
        if rounding == "towards-zero":
            step = inexact & (np.abs(back) > np.abs(values))
            out[step] = np.nextafter(out[step], target.type(0))
        elif rounding == "towards-positive":
            step = inexact & (back < values)
            out[step] = np.nextafter(out[step], target.type(np.inf))
        elif rounding == "towards-negative":
            step = inexact & (back > values)
            out[step] = np.nextafter(out[step], target.type(-np.inf))
        elif rounding == "nearest-away":
            toward = np.where(values > back, target.type(np.inf), target.type(-np.inf))
            other = np.nextafter(out, toward)
            # The midpoint of two neighbouring target values is exact in the wider source.
            midpoint = back + (other.astype(source) - back) / 2
            tie = inexact & (values == midpoint) & (np.abs(other) > np.abs(out))
            out[tie] = other[tie]
    if outside.any():
        if out_of_range != "clamp":
            raise _range_error(_first(values, outside), target, out_of_range)
        out[outside] = np.copysign(np.inf, values[outside]).astype(target)
    return out
