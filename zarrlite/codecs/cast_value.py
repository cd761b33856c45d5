"""The ``cast_value`` codec (array -> array): convert values to another numeric data type.

Spec: https://github.com/zarr-developers/zarr-extensions/tree/main/codecs/cast_value
(an extension codec; zarr-python 3.4 writes and reads it through its ``cast-value-rs`` helper,
zarrlite does the same casts in numpy, see ``_casting.py``).

JSON (defaults are left out, as zarr-python writes it)::

    {"name": "cast_value", "configuration": {"data_type": "uint8"}}
    {"name": "cast_value", "configuration": {
        "data_type": "int16", "rounding": "towards-zero", "out_of_range": "clamp",
        "scalar_map": {"encode": [["NaN", -1]], "decode": [[-1, "NaN"]]}}}

``rounding`` is one of ``nearest-even`` (default), ``towards-zero``, ``towards-positive``,
``towards-negative``, ``nearest-away``; ``out_of_range`` is absent (error), ``"clamp"`` or
``"wrap"`` (integer targets only). ``scalar_map`` pairs are JSON scalars in the fill-value
encoding: encode keys in the array's type and values in ``data_type``; decode the reverse.
Source and target must be integer or float types (int8..uint64, float16..float64).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Self

import attrs
import numpy as np

from zarrlite._types import JSON
from zarrlite.codecs._base import ArrayArrayCodec, ArraySpec
from zarrlite.codecs._casting import ROUNDING_MODES, cast_values
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import parse_configuration

__all__ = ["CastValue"]

_OUT_OF_RANGE = (None, "clamp", "wrap")
_DIRECTIONS = ("encode", "decode")
#: v3 names of the numeric types zarrlite can cast between
_NUMERIC = (
    "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float16", "float32", "float64",
)  # fmt: skip
#: permitted by the spec and zarr-python, but numpy (and so zarrlite) has no such types
_EXOTIC = (
    "int2", "int4", "uint2", "uint4", "bfloat16", "float4_e2m1fn", "float6_e2m3fn",
    "float6_e3m2fn", "float8_e3m4", "float8_e4m3", "float8_e4m3b11fnuz", "float8_e4m3fnuz",
    "float8_e5m2", "float8_e5m2fnuz", "float8_e8m0fnu",
)  # fmt: skip

Pairs = tuple[tuple[JSON, JSON], ...]


def _v3_name(dtype: np.dtype[Any]) -> str | None:
    """The v3 name of a plain numeric dtype, else None."""
    from zarrlite.metadata.dtypes import dtype_to_v3

    if dtype.kind not in "iuf":
        return None
    name = dtype_to_v3(dtype)
    return name if isinstance(name, str) else None


def _parse_data_type(value: Any) -> str:
    """The target's v3 name from a v3 name, a numpy dtype(-like) or a dtype JSON object."""
    from zarrlite.metadata.dtypes import parse_dtype

    if isinstance(value, str) and value in _EXOTIC:
        raise ValueError(
            f"codec 'cast_value': data_type {value!r} has no numpy equivalent; zarrlite "
            f"supports {', '.join(_NUMERIC)}"
        )
    if isinstance(value, str) and value in _NUMERIC:
        return value
    try:
        dtype = parse_dtype(value)
    except (TypeError, ValueError):
        dtype = None
    name = None if dtype is None else _v3_name(dtype)
    if name is None:
        raise ValueError(
            f"codec 'cast_value': data_type must be an integer or float type "
            f"({', '.join(_NUMERIC)}), got {value!r}"
        )
    return name


def _parse_rounding(value: Any) -> str:
    if value not in ROUNDING_MODES:
        raise ValueError(
            f"codec 'cast_value': rounding must be one of {list(ROUNDING_MODES)}, got {value!r}"
        )
    return str(value)


def _parse_out_of_range(value: Any) -> str | None:
    if value not in _OUT_OF_RANGE:
        raise ValueError(
            f"codec 'cast_value': out_of_range must be 'clamp', 'wrap' or None, got {value!r}"
        )
    return value  # type: ignore[no-any-return]


def _parse_pairs(direction: str, entries: Any) -> Pairs:
    if isinstance(entries, Mapping):
        entries = list(entries.items())
    if isinstance(entries, str) or not isinstance(entries, Iterable):
        raise ValueError(
            f"codec 'cast_value': scalar_map[{direction!r}] must be a list of [key, value] "
            f"pairs, got {entries!r}"
        )
    pairs = []
    for entry in entries:
        pair = None if isinstance(entry, str) or not isinstance(entry, Iterable) else list(entry)
        if pair is None or len(pair) != 2:
            raise ValueError(
                f"codec 'cast_value': scalar_map[{direction!r}] entry {entry!r} is not a "
                "[key, value] pair"
            )
        pairs.append((pair[0], pair[1]))
    return tuple(pairs)


def _parse_scalar_map(value: Any) -> tuple[tuple[str, Pairs], ...] | None:
    """``{"encode": [[k, v], ...], "decode": [...]}`` (or dicts of k: v) as sorted tuples."""
    if value is None:
        return None
    if isinstance(value, tuple) and all(isinstance(item, tuple) for item in value):
        value = dict(value)  # already parsed (attrs.evolve)
    if not isinstance(value, Mapping):
        raise ValueError(f"codec 'cast_value': scalar_map must be an object, got {value!r}")
    unknown = sorted(set(value) - set(_DIRECTIONS))
    if unknown:
        raise ValueError(
            f"codec 'cast_value': scalar_map keys must be 'encode' and/or 'decode', got {unknown}"
        )
    return tuple(
        (direction, _parse_pairs(direction, value[direction]))
        for direction in _DIRECTIONS
        if value.get(direction) is not None
    )


def _scalar(value: JSON, dtype: np.dtype[Any], what: str) -> Any:
    from zarrlite.metadata.fill_value import fill_value_from_json

    try:
        return fill_value_from_json(value, dtype, 3)
    except (TypeError, ValueError) as error:
        raise ValueError(
            f"codec 'cast_value': {what} {value!r} is not representable in {dtype}: {error}"
        ) from None


@attrs.frozen
class CastValue(ArrayArrayCodec):
    """Cast to ``data_type`` on encode and back to the array's type on decode."""

    name: ClassVar[str] = "cast_value"

    data_type: str = attrs.field(converter=_parse_data_type)
    rounding: str = attrs.field(default="nearest-even", converter=_parse_rounding)
    out_of_range: str | None = attrs.field(default=None, converter=_parse_out_of_range)
    scalar_map: tuple[tuple[str, Pairs], ...] | None = attrs.field(
        default=None, converter=_parse_scalar_map
    )

    def __attrs_post_init__(self) -> None:
        if self.out_of_range == "wrap" and not self.data_type.startswith(("int", "uint")):
            raise ValueError(
                f"codec 'cast_value': out_of_range='wrap' needs an integer data_type, "
                f"got {self.data_type!r}"
            )

    @property
    def dtype(self) -> np.dtype[Any]:
        """The target numpy dtype (little-endian where it matters)."""
        from zarrlite.metadata.dtypes import dtype_from_v3

        return dtype_from_v3(self.data_type)

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        config = parse_configuration(
            data, (cls.name,), ("data_type", "rounding", "out_of_range", "scalar_map")
        )
        if "data_type" not in config:
            raise ValueError("codec 'cast_value': configuration needs 'data_type'")
        return cls(**config)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, JSON]:
        config: dict[str, JSON] = {"data_type": self.data_type}
        if self.rounding != "nearest-even":
            config["rounding"] = self.rounding
        if self.out_of_range is not None:
            config["out_of_range"] = self.out_of_range
        if self.scalar_map is not None:
            config["scalar_map"] = {
                direction: [[key, value] for key, value in pairs]
                for direction, pairs in self.scalar_map
            }
        return {"name": self.name, "configuration": config}

    def _pairs(self, direction: str, source: np.dtype[Any], target: np.dtype[Any]) -> list[Any]:
        pairs = dict(self.scalar_map or ()).get(direction, ())
        return [
            (
                _scalar(key, source, f"scalar_map {direction} key"),
                _scalar(value, target, f"scalar_map {direction} value"),
            )
            for key, value in pairs
        ]

    def validate(self, spec: ArraySpec) -> None:
        if _v3_name(spec.dtype) is None:
            raise ValueError(
                f"codec 'cast_value': the array's data type must be an integer or float type, "
                f"got {spec.dtype}"
            )
        self._pairs("encode", spec.dtype, self.dtype)
        self._pairs("decode", self.dtype, spec.dtype)
        self.resolve_spec(spec)  # the fill value must survive the cast

    def resolve_spec(self, spec: ArraySpec) -> ArraySpec:
        target = self.dtype
        fill = np.asarray(spec.fill_value, dtype=spec.dtype).reshape(1)
        cast = cast_values(
            fill,
            target,
            self.rounding,
            self.out_of_range,
            self._pairs("encode", spec.dtype, target),
        )
        return attrs.evolve(spec, dtype=target, fill_value=cast[0])

    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]:
        target = self.dtype
        pairs = self._pairs("encode", spec.dtype, target)
        return cast_values(array, target, self.rounding, self.out_of_range, pairs)

    def decode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]:
        pairs = self._pairs("decode", self.dtype, spec.dtype)
        out = cast_values(array, spec.dtype, self.rounding, self.out_of_range, pairs)
        return out.astype(spec.dtype, copy=False)


register_codec("cast_value", CastValue)
