"""Deprecated enum-like names kept for code written against zarr-python < 3.4.

``BloscCname.zstd`` (and the like) returns the plain string ``"zstd"`` with a
:class:`~zarrlite.errors.ZarrDeprecationWarning`; pass the string itself instead. These are
not enums: zarrlite's codecs take and store plain strings.
"""

from __future__ import annotations

import warnings
from enum import Enum
from typing import ClassVar, TypeVar

from zarrlite.errors import ZarrDeprecationWarning

__all__ = ["BloscCname", "BloscShuffle", "Endian", "ShardingCodecIndexLocation", "coerce_enum"]

T = TypeVar("T")


class _DeprecatedStringsMeta(type):
    """Class attribute access for a member name warns and returns the member's string."""

    _members: dict[str, str]

    def __getattr__(cls, name: str) -> str:
        members: dict[str, str] = type.__getattribute__(cls, "_members")
        if name not in members:
            raise AttributeError(f"{cls.__name__} has no member {name!r}")
        warnings.warn(
            f"{cls.__name__}.{name} is deprecated; pass the string {members[name]!r} instead",
            ZarrDeprecationWarning,
            stacklevel=2,
        )
        return members[name]


def _members(*names: str) -> dict[str, str]:
    return {name: name for name in names}


class BloscCname(metaclass=_DeprecatedStringsMeta):
    """Deprecated: pass ``"lz4"``, ``"lz4hc"``, ``"blosclz"``, ``"snappy"``, ``"zlib"`` or
    ``"zstd"`` to ``BloscCodec(cname=...)``."""

    _members: ClassVar[dict[str, str]] = _members(
        "lz4", "lz4hc", "blosclz", "snappy", "zlib", "zstd"
    )


class BloscShuffle(metaclass=_DeprecatedStringsMeta):
    """Deprecated: pass ``"noshuffle"``, ``"shuffle"`` or ``"bitshuffle"`` to
    ``BloscCodec(shuffle=...)``."""

    _members: ClassVar[dict[str, str]] = _members("noshuffle", "shuffle", "bitshuffle")

    @staticmethod
    def from_int(num: int) -> str:
        """The shuffle name of blosc's integer code (0, 1, 2), as zarr-python's (no warning)."""
        names = {0: "noshuffle", 1: "shuffle", 2: "bitshuffle"}
        if isinstance(num, bool) or num not in names:
            raise ValueError(f"blosc shuffle code must be 0, 1 or 2, got {num!r}")
        return names[num]


class Endian(metaclass=_DeprecatedStringsMeta):
    """Deprecated: pass ``"little"`` or ``"big"`` to ``BytesCodec(endian=...)``."""

    _members: ClassVar[dict[str, str]] = _members("little", "big")


class ShardingCodecIndexLocation(metaclass=_DeprecatedStringsMeta):
    """Deprecated: pass ``"start"`` or ``"end"`` to ``ShardingCodec(index_location=...)``."""

    _members: ClassVar[dict[str, str]] = _members("start", "end")


def coerce_enum(value: T, parameter: str, codec: str, stacklevel: int = 4) -> T | str:
    """``value.value`` with a deprecation warning when ``value`` is an ``enum.Enum`` (e.g. a
    user's own str-enum mirroring zarr's old ones), else ``value`` unchanged.

    For the converters of codec fields: ``coerce_enum(value, "cname", "BloscCodec")``; the
    default ``stacklevel`` points past the converter and attrs' ``__init__`` at the caller.
    """
    if isinstance(value, Enum):
        warnings.warn(
            f"passing an enum to {codec}({parameter}=...) is deprecated; pass the string "
            f"{value.value!r} instead",
            ZarrDeprecationWarning,
            stacklevel=stacklevel,
        )
        return str(value.value)
    return value
