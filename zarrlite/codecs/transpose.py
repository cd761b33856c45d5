"""The ``transpose`` codec (array -> array): permute the dimensions of a chunk.

Spec: https://zarr-specs.readthedocs.io/en/latest/v3/codecs/transpose/index.html

JSON (``order[i]`` is the input dimension that becomes output dimension ``i``)::

    {"name": "transpose", "configuration": {"order": [1, 0, 2]}}

Encoding and decoding return views (``numpy.transpose``); the next codec makes them contiguous.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Self

import attrs
import numpy as np

from zarrlite._types import JSON
from zarrlite.codecs._base import ArrayArrayCodec, ArraySpec
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import parse_configuration

__all__ = ["TransposeCodec"]


def _parse_order(value: Any) -> tuple[int, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ValueError(f"codec 'transpose': order must be a sequence of ints, got {value!r}")
    order = tuple(value)
    if not all(isinstance(i, int | np.integer) and not isinstance(i, bool) for i in order):
        raise ValueError(f"codec 'transpose': order must be a sequence of ints, got {value!r}")
    order = tuple(int(i) for i in order)
    if sorted(order) != list(range(len(order))):
        raise ValueError(
            f"codec 'transpose': order {list(order)} is not a permutation of "
            f"{list(range(len(order)))}"
        )
    return order


@attrs.frozen
class TransposeCodec(ArrayArrayCodec):
    """Permute dimensions: encoded dimension ``i`` is decoded dimension ``order[i]``."""

    name: ClassVar[str] = "transpose"
    order: tuple[int, ...] = attrs.field(converter=_parse_order)

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        config = parse_configuration(data, (cls.name,), ("order",))
        if "order" not in config:
            raise ValueError("codec 'transpose': configuration needs 'order'")
        return cls(order=config["order"])

    def to_dict(self) -> dict[str, JSON]:
        return {"name": self.name, "configuration": {"order": list(self.order)}}

    @property
    def inverse_order(self) -> tuple[int, ...]:
        """The permutation that undoes ``order``."""
        return tuple(int(i) for i in np.argsort(self.order))

    def validate(self, spec: ArraySpec) -> None:
        if len(self.order) != spec.ndim:
            raise ValueError(
                f"codec 'transpose': order {list(self.order)} has {len(self.order)} entries "
                f"but the chunk has {spec.ndim} dimensions"
            )

    def resolve_spec(self, spec: ArraySpec) -> ArraySpec:
        return attrs.evolve(spec, shape=tuple(spec.shape[i] for i in self.order))

    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]:
        return array.transpose(self.order)

    def decode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]:
        return array.transpose(self.inverse_order)


register_codec("transpose", TransposeCodec)
