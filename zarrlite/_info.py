"""``Array.info`` / ``Group.info``: plain-text summaries in zarr-python's layout."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["ArrayInfo", "GroupInfo", "byte_size_text", "storage_ratio"]


def byte_size_text(nbytes: int) -> str:
    """``40000`` -> ``"40000 (39.1K)"``; sizes under 1 KiB print without a suffix."""
    if nbytes < 1024:
        return str(nbytes)
    value = float(nbytes)
    for suffix in "KMGTPE":
        value /= 1024
        if value < 1024 or suffix == "E":
            return f"{nbytes} ({value:.1f}{suffix})"
    raise AssertionError("unreachable")


def storage_ratio(nbytes: int, stored: int) -> float | None:
    return round(nbytes / stored, 1) if stored else None


def _render(rows: list[tuple[str, Any]]) -> str:
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}} : {value}" for label, value in rows)


@attrs.frozen
class ArrayInfo:
    """What ``Array.info`` and ``Array.info_complete()`` show."""

    zarr_format: int
    data_type: str
    fill_value: Any
    shape: tuple[int, ...]
    shard_shape: tuple[int, ...] | None
    chunk_shape: tuple[int, ...]
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
            data_type=str(array.dtype),
            fill_value=array.metadata.fill_value,
            shape=tuple(array.shape),
            shard_shape=array.shards,
            chunk_shape=tuple(array.chunks),
            order=array.order,
            read_only=array.read_only,
            store_type=type(array.store).__name__,
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
            rows.append(("Storage ratio", self.storage_ratio))
        if self.count_chunks_initialized is not None:
            label = "Shards Initialized" if self.shard_shape else "Chunks Initialized"
            rows.append((label, self.count_chunks_initialized))
        return _render(rows)

    __str__ = __repr__


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
