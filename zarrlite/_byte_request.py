"""Byte ranges of a stored value (pure; shared by both flavours).

The three kinds of zarr-python 3: ``RangeByteRequest(start, end)`` (``end`` exclusive),
``OffsetByteRequest(offset)`` (from ``offset`` to the end) and ``SuffixByteRequest(suffix)`` (the
last ``suffix`` bytes). A range that runs past the end of the value is cut short, as a slice is.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import attrs

__all__ = [
    "ByteRequest",
    "OffsetByteRequest",
    "RangeByteRequest",
    "SuffixByteRequest",
    "byte_range_argument",
    "slice_for",
]


def _non_negative_int(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        name = type(instance).__name__
        raise ValueError(f"{name}.{attribute.name} must be an int >= 0, got {value!r}")


@attrs.frozen
class RangeByteRequest:
    """Bytes ``start`` up to, not including, ``end``."""

    start: int = attrs.field(validator=_non_negative_int)
    end: int = attrs.field(validator=_non_negative_int)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"RangeByteRequest end {self.end} is before start {self.start}")


@attrs.frozen
class OffsetByteRequest:
    """Bytes from ``offset`` to the end."""

    offset: int = attrs.field(validator=_non_negative_int)


@attrs.frozen
class SuffixByteRequest:
    """The last ``suffix`` bytes (the whole value when it is shorter)."""

    suffix: int = attrs.field(validator=_non_negative_int)


ByteRequest: TypeAlias = RangeByteRequest | OffsetByteRequest | SuffixByteRequest
_KINDS = (RangeByteRequest, OffsetByteRequest, SuffixByteRequest)


def byte_range_argument(prototype: Any, byte_range: Any) -> ByteRequest | None:
    """The byte range of a ``get(prototype=None, byte_range=None)`` call, zarr-python's
    signature. ``prototype`` (a buffer prototype) is ignored: values are ``bytes``. A byte request
    in its place is the byte range (``get(key, byte_range)``, as zarrlite's older signature).
    Anything else as ``byte_range`` is a ``TypeError``."""
    if isinstance(prototype, _KINDS):
        if byte_range is not None:
            raise TypeError(f"two byte ranges given: {prototype!r} and {byte_range!r}")
        return prototype
    if byte_range is None or isinstance(byte_range, _KINDS):
        return byte_range
    raise TypeError(
        "byte_range must be a RangeByteRequest, OffsetByteRequest, SuffixByteRequest or None, "
        f"got {byte_range!r}"
    )


def slice_for(request: ByteRequest | None, size: int) -> slice:
    """The slice of a value of ``size`` bytes that ``request`` selects (None: all of it)."""
    if request is None:
        return slice(0, size)
    if isinstance(request, RangeByteRequest):
        return slice(min(request.start, size), min(request.end, size))
    if isinstance(request, OffsetByteRequest):
        return slice(min(request.offset, size), size)
    if isinstance(request, SuffixByteRequest):
        return slice(max(0, size - request.suffix), size)
    raise TypeError(f"not a byte request: {request!r}")
