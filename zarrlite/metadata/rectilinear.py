"""The ``rectilinear`` chunk grid: chunks of varying length along each axis.

Spec (zarr-extensions, experimental): ``{"name": "rectilinear", "configuration": {"kind":
"inline", "chunk_shapes": [...]}}`` with one entry per axis: a bare integer (a regular step that
repeats to cover the axis) or a list of edge lengths, where ``[size, count]`` stands for
``count`` edges of ``size`` (run-length encoding). Explicit edges must cover the axis; the last
chunk may overhang it (after a shrinking resize, several may).

zarr-python 3.4 gates these grids behind the config flag ``array.rectilinear_chunks``; zarrlite
does the same when *creating* such an array (``zarrlite._defaults``) and reads stored ones
without it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeAlias

import attrs
import numpy as np

from zarrlite._types import JSON, ChunkCoords
from zarrlite.indexing._edges import AxisEdges

__all__ = [
    "AxisSpec",
    "RectilinearChunkGrid",
    "expand_run_lengths",
    "rectilinear_from_chunks",
]

AxisSpec: TypeAlias = "int | tuple[int, ...]"
"""One axis of a rectilinear grid: a regular step, or explicit edge lengths."""


def _edge(value: Any, axis: int) -> int:
    # A Python bool is the integer it is (True: 1), as in zarr-python; numpy booleans are not.
    if not isinstance(value, int | np.integer):
        raise TypeError(f"chunk edge length on axis {axis} must be an integer, got {value!r}")
    if value < 1:
        raise ValueError(f"chunk edge length on axis {axis} must be >= 1, got {int(value)}")
    return int(value)


def expand_run_lengths(entries: Sequence[Any], axis: int) -> tuple[int, ...]:
    """The edges of one axis from its JSON list: integers and ``[size, count]`` pairs."""
    edges: list[int] = []
    for entry in entries:
        if isinstance(entry, list | tuple):
            if len(entry) != 2:
                raise ValueError(
                    f"run-length entry {list(entry)!r} on axis {axis} must be [size, count]"
                )
            size, count = entry
            if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 1:
                raise ValueError(
                    f"run-length count on axis {axis} must be an integer >= 1, got {count!r}"
                )
            edges.extend([_edge(size, axis)] * int(count))
        else:
            edges.append(_edge(entry, axis))
    if not edges:
        raise ValueError(f"axis {axis} of a rectilinear chunk grid has no chunk edges")
    return tuple(edges)


def _run_lengths(edges: Sequence[int]) -> list[JSON]:
    """Edges as JSON: runs of two or more as ``[size, count]``, single edges as integers."""
    out: list[JSON] = []
    for size, run in itertools.groupby(edges):
        count = len(list(run))
        out.append([size, count] if count > 1 else size)
    return out


def _axis_specs(value: Any) -> tuple[AxisSpec, ...]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Sequence):
        raise TypeError(f"chunk_shapes must be a list with one entry per axis, got {value!r}")
    specs: list[AxisSpec] = []
    for axis, item in enumerate(value):
        if isinstance(item, list | tuple):
            specs.append(expand_run_lengths(item, axis))
        else:
            specs.append(_edge(item, axis))
    return tuple(specs)


def _covers(spec: AxisSpec, length: int, axis: int) -> None:
    if not isinstance(spec, int) and sum(spec) < length:
        raise ValueError(
            f"the chunk edges of axis {axis} sum to {sum(spec)}, less than the array's "
            f"length {length} on that axis"
        )


@attrs.frozen
class RectilinearChunkGrid:
    """Chunks whose edge lengths vary along each axis (see the module docstring)."""

    chunk_shapes: tuple[AxisSpec, ...] = attrs.field(converter=_axis_specs)

    @property
    def ndim(self) -> int:
        return len(self.chunk_shapes)

    @property
    def is_regular(self) -> bool:
        return False

    @property
    def first_chunk_shape(self) -> tuple[int, ...]:
        """The shape of chunk ``(0, ..., 0)``."""
        return tuple(spec if isinstance(spec, int) else spec[0] for spec in self.chunk_shapes)

    @classmethod
    def from_dict(cls, data: JSON) -> RectilinearChunkGrid:
        if isinstance(data, RectilinearChunkGrid):
            return data
        if not isinstance(data, Mapping) or data.get("name") != "rectilinear":
            raise ValueError(f"not a rectilinear chunk grid: {data!r}")
        config = data.get("configuration")
        if not isinstance(config, Mapping) or "chunk_shapes" not in config:
            raise ValueError(
                f"chunk grid {data!r} needs configuration {{'kind': 'inline', 'chunk_shapes': "
                "[...]}}"
            )
        kind = config.get("kind")
        if kind != "inline":
            raise ValueError(
                f"rectilinear chunk grid kind {kind!r} is not supported (only 'inline' is)"
            )
        unknown = set(config) - {"kind", "chunk_shapes"}
        if unknown:
            raise ValueError(f"rectilinear chunk grid has unknown keys {sorted(unknown)}")
        return cls(config["chunk_shapes"])

    def to_dict(self) -> dict[str, JSON]:
        shapes: list[JSON] = []
        for spec in self.chunk_shapes:
            if isinstance(spec, int):
                shapes.append(spec)
            else:
                encoded = _run_lengths(spec)
                shapes.append(encoded if len(encoded) < len(spec) else list(spec))
        return {
            "name": "rectilinear",
            "configuration": {"kind": "inline", "chunk_shapes": shapes},
        }

    def check_covers(self, array_shape: Sequence[int]) -> None:
        """Refuse explicit edges that end before the array does (``ValueError``)."""
        for axis, (spec, length) in enumerate(zip(self.chunk_shapes, array_shape, strict=True)):
            _covers(spec, length, axis)

    def axes(self, array_shape: Sequence[int]) -> tuple[int | AxisEdges, ...]:
        """The grid bound to ``array_shape``, per axis: the step of a regular axis, the
        :class:`AxisEdges` of one with explicit edges."""
        return tuple(
            spec if isinstance(spec, int) else AxisEdges.build(spec, int(length))
            for spec, length in zip(self.chunk_shapes, array_shape, strict=True)
        )

    def grid_shape(self, array_shape: Sequence[int]) -> ChunkCoords:
        """Number of chunks holding data along each axis."""
        return tuple(
            -(-int(length) // axis) if isinstance(axis, int) else axis.count
            for axis, length in zip(self.axes(array_shape), array_shape, strict=True)
        )

    def all_chunk_coords(self, array_shape: Sequence[int]) -> Iterator[ChunkCoords]:
        return itertools.product(*(range(n) for n in self.grid_shape(array_shape)))

    def update_shape(self, new_shape: Sequence[int]) -> RectilinearChunkGrid:
        """The grid after a resize: an axis of explicit edges that grows past them gets one more
        chunk covering the growth; shrinking keeps the edges (they may overhang), as zarr-python."""
        specs: list[AxisSpec] = []
        for spec, length in zip(self.chunk_shapes, new_shape, strict=True):
            if isinstance(spec, int) or sum(spec) >= length:
                specs.append(spec)
            else:
                specs.append((*spec, int(length) - sum(spec)))
        return RectilinearChunkGrid(specs)


def _is_edge_list(item: Any) -> bool:
    if isinstance(item, np.ndarray):
        return item.ndim == 1
    if isinstance(item, str | bytes | Mapping):
        return False
    # zarr-python also takes objects with only __getitem__ and __len__ as sequences.
    return isinstance(item, Sequence) or (hasattr(item, "__getitem__") and hasattr(item, "__len__"))


def rectilinear_from_chunks(
    chunks: Any, shape: Sequence[int], unit: Sequence[int] | None = None
) -> RectilinearChunkGrid | None:
    """The rectilinear grid a user's ``chunks`` (or ``shards``) asks for, or None when it asks
    for a regular one.

    Rectilinear: a grid instance, its JSON dict, or one entry per axis of which at least one
    is a list of chunk lengths (the others an integer step, ``-1`` for the whole axis, rounded
    up to a multiple of ``unit``, the inner chunk shape when these are shards). Each list must
    sum to the axis length (any list is kept for an axis of length 0), as in zarr-python.
    Errors name the axis and the value.
    """
    if isinstance(chunks, RectilinearChunkGrid):
        chunks.check_covers(shape)
        return chunks
    if isinstance(chunks, Mapping) and chunks.get("name") == "rectilinear":
        grid = RectilinearChunkGrid.from_dict(chunks)
        grid.check_covers(shape)
        return grid
    if not _is_edge_list(chunks) or not any(_is_edge_list(item) for item in chunks):
        return None
    items = list(chunks)
    if len(items) != len(shape):
        raise ValueError(
            f"chunks {chunks!r} has {len(items)} dimensions but the array shape {tuple(shape)} "
            f"has {len(shape)}"
        )
    specs: list[AxisSpec] = []
    for axis, (item, length) in enumerate(zip(items, shape, strict=True)):
        if not _is_edge_list(item):
            if isinstance(item, int | np.integer) and not isinstance(item, bool) and item == -1:
                step = 1 if unit is None else unit[axis]
                specs.append(max(step, -(-int(length) // step) * step))
            else:
                specs.append(_edge(item, axis))
            continue
        edges = tuple(_edge(size, axis) for size in item)
        if not edges:
            raise ValueError(f"chunk lengths of axis {axis} must not be empty")
        if length > 0 and sum(edges) != length:
            raise ValueError(
                f"chunk lengths {list(edges)} of axis {axis} sum to {sum(edges)}, not to the "
                f"axis length {length}"
            )
        specs.append(edges)
    return RectilinearChunkGrid(specs)
