"""Type aliases shared across zarrlite (no behaviour here)."""

from __future__ import annotations

from typing import Any, Literal, TypeAlias

__all__ = [
    "JSON",
    "AccessMode",
    "BytesLike",
    "ChunkCoords",
    "MemoryOrder",
    "ShapeLike",
    "ZarrFormat",
]

JSON: TypeAlias = Any
"""A JSON value: None, bool, int, float, str, list of JSON, or dict of str to JSON."""

ChunkCoords: TypeAlias = tuple[int, ...]
ShapeLike: TypeAlias = "int | tuple[int, ...] | list[int]"
ZarrFormat: TypeAlias = Literal[2, 3]
AccessMode: TypeAlias = Literal["r", "r+", "a", "w", "w-"]
MemoryOrder: TypeAlias = Literal["C", "F"]
BytesLike: TypeAlias = "bytes | bytearray | memoryview"
