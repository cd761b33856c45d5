"""Chunk key encodings: chunk grid coordinates <-> store keys."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Literal, TypeAlias

import attrs

from zarrlite._types import JSON, ChunkCoords, ZarrFormat

__all__ = [
    "ChunkKeyEncoding",
    "DefaultChunkKeyEncoding",
    "V2ChunkKeyEncoding",
    "parse_chunk_key_encoding",
]

Separator: TypeAlias = Literal[".", "/"]


def _separator(value: Any) -> Separator:
    if value not in (".", "/"):
        raise ValueError(f"chunk key separator must be '.' or '/', got {value!r}")
    return "." if value == "." else "/"


def _decode_parts(text: str, separator: str, key: str) -> ChunkCoords:
    try:
        coords = tuple(int(part) for part in text.split(separator))
    except ValueError:
        raise ValueError(f"invalid chunk key {key!r}") from None
    if any(c < 0 for c in coords):
        raise ValueError(f"invalid chunk key {key!r}")
    return coords


@attrs.frozen
class DefaultChunkKeyEncoding:
    """The v3 default: ``c/0/1`` (``c`` for a 0-d array)."""

    name: ClassVar[Literal["default"]] = "default"
    separator: Separator = attrs.field(default="/", converter=_separator)

    def encode_chunk_key(self, coords: Sequence[int]) -> str:
        return self.separator.join(["c", *map(str, coords)])

    def decode_chunk_key(self, key: str) -> ChunkCoords:
        if key == "c":
            return ()
        prefix = "c" + self.separator
        if not key.startswith(prefix):
            raise ValueError(f"invalid chunk key {key!r} for the default encoding")
        return _decode_parts(key[len(prefix) :], self.separator, key)

    @classmethod
    def from_dict(cls, data: JSON) -> DefaultChunkKeyEncoding:
        return cls(_config_separator(data, cls.name, "/"))

    def to_dict(self) -> dict[str, JSON]:
        return {"name": self.name, "configuration": {"separator": self.separator}}


@attrs.frozen
class V2ChunkKeyEncoding:
    """Zarr v2 keys: ``0.1`` (``0`` for a 0-d array)."""

    name: ClassVar[Literal["v2"]] = "v2"
    separator: Separator = attrs.field(default=".", converter=_separator)

    def encode_chunk_key(self, coords: Sequence[int]) -> str:
        return self.separator.join(map(str, coords)) or "0"

    def decode_chunk_key(self, key: str, ndim: int | None = None) -> ChunkCoords:
        """``ndim=0`` reads ``"0"`` as ``()``; otherwise ``"0"`` is ``(0,)``."""
        if ndim == 0 and key == "0":
            return ()
        return _decode_parts(key, self.separator, key)

    @classmethod
    def from_dict(cls, data: JSON) -> V2ChunkKeyEncoding:
        return cls(_config_separator(data, cls.name, "."))

    def to_dict(self) -> dict[str, JSON]:
        return {"name": self.name, "configuration": {"separator": self.separator}}


ChunkKeyEncoding: TypeAlias = DefaultChunkKeyEncoding | V2ChunkKeyEncoding
_CLASSES: dict[str, type[ChunkKeyEncoding]] = {
    "default": DefaultChunkKeyEncoding,
    "v2": V2ChunkKeyEncoding,
}


def _config_separator(data: JSON, name: str, default: str) -> Any:
    """The separator of ``{"name", "configuration": {"separator"}}`` or ``{"name", "separator"}``."""
    if not isinstance(data, Mapping) or data.get("name") != name:
        raise ValueError(f"expected a {name!r} chunk key encoding, got {data!r}")
    if "separator" in data:
        return data["separator"]
    config = data.get("configuration") or {}
    if not isinstance(config, Mapping) or set(config) - {"separator"}:
        raise ValueError(f"invalid chunk key encoding configuration in {data!r}")
    return config.get("separator", default)


def parse_chunk_key_encoding(value: Any, zarr_format: ZarrFormat = 3) -> ChunkKeyEncoding:
    """A chunk key encoding from an instance, a JSON dict (nested or flat), a ``(name,
    separator)`` tuple, a name, or None (``default``/``/`` for v3, ``v2``/``.`` for v2).

    For ``zarr_format=2`` only the ``v2`` encoding is allowed.
    """
    if value is None:
        value = DefaultChunkKeyEncoding() if zarr_format == 3 else V2ChunkKeyEncoding()
    elif isinstance(value, str):
        value = {"name": value}
    elif isinstance(value, tuple | list) and len(value) == 2:
        value = {"name": value[0], "separator": value[1]}
    if isinstance(value, Mapping):
        name = value.get("name")
        if name not in _CLASSES:
            raise ValueError(f"unknown chunk key encoding {name!r} in {value!r}")
        value = _CLASSES[name].from_dict(value)
    if not isinstance(value, DefaultChunkKeyEncoding | V2ChunkKeyEncoding):
        raise TypeError(f"invalid chunk key encoding {value!r}")
    if zarr_format == 2 and not isinstance(value, V2ChunkKeyEncoding):
        raise ValueError(
            f"Zarr v2 arrays need the 'v2' chunk key encoding, got {value.to_dict()!r}"
        )
    return value
