"""The ``scale_offset`` codec (array -> array): ``(x - offset) * scale``, in the array's type.

Spec: https://github.com/zarr-developers/zarr-extensions/tree/main/codecs/scale_offset
(an extension codec, new in zarr-python 3.4).

JSON (zarr-python leaves out defaults, and the whole configuration when both are default)::

    {"name": "scale_offset"}
    {"name": "scale_offset", "configuration": {"offset": 5, "scale": 0.1}}

``offset`` and ``scale`` are JSON scalars in the fill-value encoding of the array's data type
(so ``"NaN"`` or a hex bit pattern are allowed for floats) and are written back as given.
Decoding computes ``x / scale + offset``. All arithmetic stays in the array's data type:
integer results that do not fit, and integer divisions with a remainder, raise ``ValueError``
(never a silent wrap-around); float overflow gives +-inf, as IEEE arithmetic does. The fill
value is encoded too, so the next codec sees the encoded fill value.
"""

from __future__ import annotations

from typing import Any, ClassVar, Self

import attrs
import numpy as np

from zarrlite._types import JSON
from zarrlite.codecs._base import ArrayArrayCodec, ArraySpec
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import parse_configuration

__all__ = ["ScaleOffset"]


def _check_scalar(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise TypeError(
            f"codec 'scale_offset': {attribute.name} must be a number or a string, "
            f"got {type(value).__name__} {value!r}"
        )


def _native(array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``array`` in the host byte order (numpy arithmetic returns native results)."""
    return array.astype(array.dtype.newbyteorder("="), copy=False)


def _outside(low: int, high: int, dtype: np.dtype[Any]) -> bool:
    info = np.iinfo(dtype)
    return low < int(info.min) or high > int(info.max)


def _encode_int(array: np.ndarray[Any, Any], offset: int, scale: int) -> np.ndarray[Any, Any]:
    dtype = array.dtype
    if array.size:
        # (x - offset) * scale is monotonic in x: its extremes come from x's extremes.
        ends = [(int(v) - offset) * scale for v in (array.min(), array.max())]
        if _outside(min(ends), max(ends), dtype):
            bad = ends[0] if _outside(ends[0], ends[0], dtype) else ends[1]
            raise ValueError(
                f"codec 'scale_offset': encoding gives {bad}, outside the range of {dtype} "
                f"[{np.iinfo(dtype).min}, {np.iinfo(dtype).max}] (offset={offset}, scale={scale})"
            )
    # The true result fits, so arithmetic modulo 2**bits (numpy's wrap-around) is exact.
    with np.errstate(over="ignore"):
        return (array - dtype.type(offset)) * dtype.type(scale)  # type: ignore[no-any-return]


def _decode_int(array: np.ndarray[Any, Any], offset: int, scale: int) -> np.ndarray[Any, Any]:
    dtype = array.dtype
    with np.errstate(over="ignore", divide="ignore"):
        step = dtype.type(scale)
        if array.size and bool((array % step).any()):
            bad = array[(array % step) != 0].reshape(-1)[0]
            raise ValueError(
                f"codec 'scale_offset': decoding {bad} / {scale} leaves a remainder; the "
                f"result is not representable in {dtype}"
            )
        if array.size:
            ends = [int(v) // scale + offset for v in (array.min(), array.max())]
            if _outside(min(ends), max(ends), dtype):
                raise ValueError(
                    f"codec 'scale_offset': decoding gives values in [{min(ends)}, {max(ends)}], "
                    f"outside the range of {dtype} (offset={offset}, scale={scale})"
                )
        # exact division; any wrap-around in between cancels out (the result fits)
        return (array // step) + dtype.type(offset)  # type: ignore[no-any-return]


@attrs.frozen
class ScaleOffset(ArrayArrayCodec):
    """Encode ``(x - offset) * scale``; decode ``x / scale + offset``."""

    name: ClassVar[str] = "scale_offset"

    offset: int | float | str = attrs.field(default=0, validator=_check_scalar, kw_only=True)
    scale: int | float | str = attrs.field(default=1, validator=_check_scalar, kw_only=True)

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        config = parse_configuration(data, (cls.name,), ("offset", "scale"))
        return cls(**config)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, JSON]:
        config: dict[str, JSON] = {}
        if self.offset != 0:
            config["offset"] = self.offset
        if self.scale != 1:
            config["scale"] = self.scale
        return {"name": self.name, "configuration": config} if config else {"name": self.name}

    def _scalars(self, dtype: np.dtype[Any]) -> tuple[Any, Any]:
        """``offset`` and ``scale`` as scalars of ``dtype``; ``ValueError`` if they are not."""
        from zarrlite.metadata.fill_value import fill_value_from_json

        out = []
        for what, value in (("offset", self.offset), ("scale", self.scale)):
            try:
                out.append(fill_value_from_json(value, dtype.newbyteorder("="), 3))
            except (TypeError, ValueError) as error:
                raise ValueError(
                    f"codec 'scale_offset': {what} {value!r} is not representable in {dtype}: "
                    f"{error}"
                ) from None
        return out[0], out[1]

    def validate(self, spec: ArraySpec) -> None:
        if spec.dtype.kind not in "iuf":
            raise ValueError(
                f"codec 'scale_offset' needs an integer or float data type, got {spec.dtype}"
            )
        _, scale = self._scalars(spec.dtype)
        if scale == 0:
            raise ValueError("codec 'scale_offset': scale must not be zero")

    def resolve_spec(self, spec: ArraySpec) -> ArraySpec:
        if spec.dtype.kind not in "iuf" or spec.fill_value is None:
            return spec
        fill = np.asarray(spec.fill_value, dtype=spec.dtype).reshape(1)
        return attrs.evolve(spec, fill_value=self.encode(fill, spec)[0])

    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]:
        offset, scale = self._scalars(array.dtype)
        values = _native(array).reshape(-1)  # 1-d: numpy's 0-d arithmetic gives scalars
        if values.dtype.kind in "iu":
            out = _encode_int(values, int(offset), int(scale))
        else:
            with np.errstate(over="ignore", invalid="ignore"):
                out = (values - offset) * scale
        return out.astype(array.dtype, copy=False).reshape(array.shape)

    def decode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]:
        offset, scale = self._scalars(array.dtype)
        values = _native(array).reshape(-1)  # 1-d: numpy's 0-d arithmetic gives scalars
        if values.dtype.kind in "iu":
            out = _decode_int(values, int(offset), int(scale))
        else:
            with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
                out = values / scale + offset
        return out.astype(array.dtype, copy=False).reshape(array.shape)


register_codec("scale_offset", ScaleOffset)
