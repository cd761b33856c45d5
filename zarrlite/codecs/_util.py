"""Helpers shared by the codec modules: zero-copy byte views, JSON parsing, fill checks.

Nothing here is a codec; nothing here is public API.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np

from zarrlite._types import JSON, BytesLike

__all__ = [
    "DecodesInto",
    "as_bytes",
    "as_uint8",
    "flat_uint8_view",
    "has_endianness",
    "is_fill_chunk",
    "parse_configuration",
]


class DecodesInto(ABC):
    """Mixin of a bytes->bytes codec that can decompress straight into a caller's buffer."""

    @abstractmethod
    def encode(self, data: BytesLike) -> BytesLike:
        """Compress ``data`` (the codec's own encode, as a bytes -> bytes codec)."""

    @abstractmethod
    def decode_into(self, data: BytesLike, out: np.ndarray[Any, Any]) -> None:
        """Decode ``data`` into ``out``, a writable 1-D uint8 array of the exact decoded size."""

    def decoder_to(self, out: np.ndarray[Any, Any]) -> Callable[[BytesLike], None]:
        """``decode_into(data, out)`` for chunk after chunk into the same ``out`` (a writable
        1-D uint8 array of the exact decoded size): what can be prepared once is."""
        return lambda data: self.decode_into(data, out)

    def decode_spans_into(
        self, source: memoryview, spans: Sequence[Sequence[int]], out: np.ndarray[Any, Any]
    ) -> None:
        """Decode the encoded values at ``spans`` (``(offset, length)`` pairs in ``source``,
        all inside it) into consecutive, equal parts of ``out`` (a writable 1-D uint8 array
        of ``len(spans)`` decoded sizes): the inner chunks of one row of a shard, in one call."""
        size = out.nbytes // max(1, len(spans))
        for k, (offset, length) in enumerate(spans):
            self.decode_into(source[offset : offset + length], out[k * size : (k + 1) * size])


def as_uint8(data: BytesLike | np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """A flat uint8 array over ``data``, without copying when ``data`` is contiguous."""
    if isinstance(data, np.ndarray):
        if not (data.flags.c_contiguous or data.flags.f_contiguous):
            data = np.ascontiguousarray(data)
        # order="A" flattens F-contiguous arrays without a copy (their memory order).
        return data.reshape(-1, order="A").view(np.uint8)
    return np.frombuffer(data, dtype=np.uint8)


def as_bytes(data: Any) -> BytesLike:
    """Turn a numcodecs result (bytes, bytearray or ndarray) into a bytes-like, zero-copy."""
    if isinstance(data, bytes | bytearray | memoryview):
        return data
    array = np.asarray(data)
    if array.dtype == object:
        raise TypeError("an object array cannot be stored without an object codec")
    return memoryview(as_uint8(array))


def flat_uint8_view(out: np.ndarray[Any, Any], order: str = "C") -> np.ndarray[Any, Any] | None:
    """A writable 1-D uint8 view of ``out`` when its memory is contiguous in ``order``, else None.

    Decompressing into this view fills ``out`` as if the bytes were read in ``order``.
    """
    if not out.flags.writeable or out.dtype.hasobject:
        return None
    arr = out if order == "C" else out.T
    if not arr.flags.c_contiguous:
        return None
    return arr.reshape(-1).view(np.uint8)


def has_endianness(dtype: np.dtype[Any]) -> bool:
    """Whether the byte order of ``dtype`` matters (any multi-byte scalar part)."""
    if dtype.fields is not None:
        return any(has_endianness(field[0]) for field in dtype.fields.values())
    if dtype.subdtype is not None:
        return has_endianness(dtype.subdtype[0])
    return dtype.byteorder != "|"


def _bitwise_view(array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    itemsize = array.dtype.itemsize
    unsigned = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}.get(itemsize)
    return array.view(unsigned if unsigned is not None else f"V{itemsize}")


def is_fill_chunk(chunk: np.ndarray[Any, Any], fill_value: Any) -> bool:
    """Whether every element of ``chunk`` equals ``fill_value`` (as zarr-python decides it).

    NaN equals NaN and NaT equals NaT; a zero fill value of a float or complex type is compared
    by bit pattern, so ``-0.0`` (or ``-0j``) is data, not the fill value, and is kept.
    """
    if fill_value is None:
        return False
    if chunk.size == 0:
        return True
    kind = chunk.dtype.kind
    if chunk.dtype.fields is None and kind in "biufc":
        # Real data rarely starts with the fill value: one element spares a full-chunk compare.
        first = chunk.flat[0]
        if not (first == fill_value or first != first):  # first != first: NaN
            return False
    fill = np.asarray(fill_value)
    if kind in "fc" and fill.dtype.kind in "biufc" and fill == 0:
        target = np.asarray(fill_value, dtype=chunk.dtype)
        return bool((_bitwise_view(chunk) == _bitwise_view(target.reshape(1))).all())
    if kind in "mM":  # NaT != NaT for numpy; the stored integers say it
        target = np.asarray(fill_value, dtype=chunk.dtype)
        return bool((chunk.view("i8") == target.view("i8")).all())
    if kind in "fc":
        equal = chunk == fill
        if bool(equal.all()):
            return True
        return bool(np.isnan(fill)) and bool((equal | np.isnan(chunk)).all())
    return bool((chunk == fill_value).all())


def parse_configuration(
    data: dict[str, JSON],
    names: Iterable[str],
    allowed: Iterable[str],
) -> dict[str, JSON]:
    """The ``configuration`` of a codec's JSON form, checked against its names and keys.

    Raises ``ValueError`` naming the codec for a wrong name, a non-object configuration or an
    unknown key. ``must_understand`` (a v3 extension point) is accepted and ignored.
    """
    names = tuple(names)
    if not isinstance(data, dict):
        raise TypeError(f"codec {names[0]!r}: expected a JSON object, got {data!r}")
    name = data.get("name")
    if name not in names:
        raise ValueError(f"codec {names[0]!r}: cannot read a codec named {name!r}")
    unknown_top = sorted(set(data) - {"name", "configuration", "must_understand"})
    if unknown_top:
        raise ValueError(f"codec {names[0]!r}: unknown keys {unknown_top}")
    config = data.get("configuration", {})
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise ValueError(f"codec {names[0]!r}: configuration must be an object, got {config!r}")
    unknown = sorted(set(config) - set(allowed))
    if unknown:
        raise ValueError(
            f"codec {names[0]!r}: unknown configuration keys {unknown}; allowed: {sorted(allowed)}"
        )
    return dict(config)
