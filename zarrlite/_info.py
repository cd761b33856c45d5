"""``Array.info`` / ``Group.info``: plain-text summaries in zarr-python's layout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import numpy as np

__all__ = [
    "ArrayInfo",
    "GroupInfo",
    "byte_size_text",
    "data_type_text",
    "storage_ratio",
    "store_type_name",
]

# zarr-python's label column: as wide as its longest possible label, whatever is shown.
_ARRAY_LABEL_WIDTH = len("Chunks Initialized")
_FIXED_NAMES = {"b": "Bool", "i": "Int", "u": "UInt", "f": "Float", "c": "Complex"}
_BYTE_ORDERS = {"<": "little", ">": "big", "=": "little" if np.little_endian else "big"}


def byte_size_text(nbytes: int) -> str:
    """``40000`` -> ``"40000 (39.1K)"``; sizes under 1 KiB print without a suffix."""
    if nbytes < 1024:
        return str(nbytes)
    value = float(nbytes)
    for suffix in "KMGTP":
        value /= 1024
        if value < 1024 or suffix == "P":
            return f"{nbytes} ({value:.1f}{suffix})"
    raise AssertionError("unreachable")


def store_type_name(store: Any) -> str:
    """The store's class name as zarr-python shows it: ``MemoryStore`` for the async twin
    ``AsyncMemoryStore`` too (zarr-python has one class for both APIs)."""
    return type(store).__name__.removeprefix("Async")


def storage_ratio(nbytes: int, stored: int) -> float | None:
    return nbytes / stored if stored else None


def data_type_text(dtype: np.dtype[Any]) -> str:
    """How zarr-python shows a data type: the repr of its ``ZDType`` (``Int16(endianness='little')``)."""
    kind = dtype.kind
    endian = f"endianness={_BYTE_ORDERS.get(dtype.byteorder, 'little')!r}"
    if dtype.fields is not None:
        assert dtype.names is not None
        items = [f"({name!r}, {data_type_text(dtype.fields[name][0])})" for name in dtype.names]
        inner = ", ".join(items) + ("," if len(items) == 1 else "")
        return f"Struct(fields=({inner}))"
    if kind == "b":
        return "Bool()"
    if kind in "iufc":
        name = f"{_FIXED_NAMES[kind]}{dtype.itemsize * 8}"
        return f"{name}()" if dtype.itemsize == 1 else f"{name}({endian})"
    if kind == "U":
        return f"FixedLengthUTF32(length={dtype.itemsize // 4}, {endian})"
    if kind == "S":
        return f"NullTerminatedBytes(length={dtype.itemsize})"
    if kind == "V":
        return f"RawBytes(length={dtype.itemsize})"
    if kind == "T":
        return "VariableLengthUTF8()"
    if kind == "O":
        return "VariableLengthBytes()"
    if kind in "Mm":
        unit, scale = np.datetime_data(dtype)
        name = "DateTime64" if kind == "M" else "TimeDelta64"
        return f"{name}({endian}, scale_factor={scale}, unit={unit!r})"
    return str(dtype)


def _render(rows: list[tuple[str, Any]], width: int = 0) -> str:
    width = max([width, *(len(label) for label, _ in rows)])
    return "\n".join(f"{label:<{width}} : {value}" for label, value in rows)


@attrs.frozen
class ArrayInfo:
    """What ``Array.info`` and ``Array.info_complete()`` show."""

    zarr_format: int
    data_type: str
    fill_value: Any
    shape: tuple[int, ...]
    shard_shape: tuple[int, ...] | str | None
    chunk_shape: tuple[int, ...] | str
    order: str
    read_only: bool
    store_type: str
    filters: tuple[Any, ...]
    serializer: Any
    compressors: tuple[Any, ...]
    count_bytes: int
    count_bytes_stored: int | None = None
    storage_ratio: float | None = None
    count_chunks_initialized: int | None = None

    @classmethod
    def from_array(cls, array: Any) -> ArrayInfo:
        return cls(
            zarr_format=array.metadata.zarr_format,
            data_type=data_type_text(array.dtype),
            fill_value=array.metadata.fill_value,
            shape=tuple(array.shape),
            shard_shape=_shape_or_variable(lambda: array.shards),
            chunk_shape=_shape_or_variable(lambda: tuple(array.chunks)),
            order=array.order,
            read_only=array.read_only,
            store_type=store_type_name(array.store),
            filters=tuple(array.filters),
            serializer=array.serializer,
            compressors=tuple(array.compressors),
            count_bytes=array.nbytes,
        )

    def __repr__(self) -> str:
        rows: list[tuple[str, Any]] = [
            ("Type", "Array"),
            ("Zarr format", self.zarr_format),
            ("Data type", self.data_type),
            ("Fill value", self.fill_value),
            ("Shape", self.shape),
        ]
        if self.shard_shape is not None:
            rows.append(("Shard shape", self.shard_shape))
        rows += [
            ("Chunk shape", self.chunk_shape),
            ("Order", self.order),
            ("Read-only", self.read_only),
            ("Store type", self.store_type),
            ("Filters", self.filters),
        ]
        if self.zarr_format == 3:
            rows.append(("Serializer", self.serializer))
        rows += [("Compressors", self.compressors), ("No. bytes", byte_size_text(self.count_bytes))]
        if self.count_bytes_stored is not None:
            rows.append(("No. bytes stored", byte_size_text(self.count_bytes_stored)))
            if self.storage_ratio is not None:
                rows.append(("Storage ratio", f"{self.storage_ratio:.1f}"))
        if self.count_chunks_initialized is not None:
            label = "Shards Initialized" if self.shard_shape else "Chunks Initialized"
            rows.append((label, self.count_chunks_initialized))
        return _render(rows, _ARRAY_LABEL_WIDTH)

    __str__ = __repr__


def _shape_or_variable(shape: Callable[[], Any]) -> Any:
    """A chunk or shard shape, or ``<variable>`` on a rectilinear grid (as zarr-python shows)."""
    try:
        return shape()
    except NotImplementedError:
        return "<variable>"


@attrs.frozen
class GroupInfo:
    """What ``Group.info`` and ``Group.info_complete()`` show."""

    name: str
    zarr_format: int
    read_only: bool
    store_type: str
    count_members: int | None = None
    count_arrays: int | None = None
    count_groups: int | None = None

    def __repr__(self) -> str:
        rows: list[tuple[str, Any]] = [
            ("Name", self.name),
            ("Type", "Group"),
            ("Zarr format", self.zarr_format),
            ("Read-only", self.read_only),
            ("Store type", self.store_type),
        ]
        if self.count_members is not None:
            rows += [
                ("No. members", self.count_members),
                ("No. arrays", self.count_arrays),
                ("No. groups", self.count_groups),
            ]
        return _render(rows)

    __str__ = __repr__
