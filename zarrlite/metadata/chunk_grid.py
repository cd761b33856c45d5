"""The regular chunk grid, the dispatch to the rectilinear one, and the normalisation of a
user's ``chunks`` argument."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final, TypeAlias

import attrs
import numpy as np

from zarrlite._types import JSON, ChunkCoords
from zarrlite.metadata.rectilinear import RectilinearChunkGrid

__all__ = [
    "ChunkGrid",
    "RegularChunkGrid",
    "guess_chunks",
    "normalize_chunks",
    "parse_chunk_grid",
]

_INCREMENT_BYTES: Final = 256 * 1024
_MIN_BYTES: Final = 128 * 1024
_MAX_BYTES: Final = 64 * 1024 * 1024
# zarr-python's SHARDED_INNER_CHUNK_MAX_BYTES: the ceiling of a guessed inner chunk when sharded.
SHARDED_INNER_CHUNK_MAX_BYTES: Final = 1024 * 1024


def _chunk_shape(value: Any) -> tuple[int, ...]:
    """Validate a chunk shape: a sequence of integers >= 1."""
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise TypeError(f"chunk shape must be a sequence of integers, got {value!r}")
    out = []
    for size in value:
        if isinstance(size, bool) or not isinstance(size, int | np.integer):
            raise TypeError(f"chunk shape {tuple(value)!r} must hold integers, got {size!r}")
        if size < 1:
            raise ValueError(f"chunk shape {tuple(value)!r} has a size < 1: {int(size)}")
        out.append(int(size))
    return tuple(out)


@attrs.frozen
class RegularChunkGrid:
    """Chunks of one shape tiling the array from the origin (edge chunks overhang the array)."""

    chunk_shape: tuple[int, ...] = attrs.field(converter=_chunk_shape)

    @property
    def ndim(self) -> int:
        return len(self.chunk_shape)

    @property
    def is_regular(self) -> bool:
        return True

    @classmethod
    def from_dict(cls, data: JSON) -> RegularChunkGrid:
        """Read ``{"name": "regular", "configuration": {"chunk_shape": [...]}}`` (stored
        documents that older writers left invalid are read by ``zarrlite.metadata.repair``
        first)."""
        if isinstance(data, RegularChunkGrid):
            return data
        if not isinstance(data, Mapping) or data.get("name") != "regular":
            raise ValueError(f"only the 'regular' chunk grid is supported, got {data!r}")
        config = data.get("configuration")
        if not isinstance(config, Mapping) or not isinstance(
            config.get("chunk_shape"), list | tuple
        ):
            raise ValueError(f"chunk grid {data!r} needs configuration {{'chunk_shape': [...]}}")
        return cls(config["chunk_shape"])

    def to_dict(self) -> dict[str, JSON]:
        return {"name": "regular", "configuration": {"chunk_shape": list(self.chunk_shape)}}

    def _check_rank(self, array_shape: Sequence[int]) -> None:
        if len(array_shape) != self.ndim:
            raise ValueError(
                f"chunk shape {self.chunk_shape} has {self.ndim} dimensions, "
                f"array shape {tuple(array_shape)} has {len(array_shape)}"
            )

    def grid_shape(self, array_shape: Sequence[int]) -> ChunkCoords:
        """Number of chunks along each axis (0 along axes of length 0)."""
        self._check_rank(array_shape)
        return tuple(-(-s // c) for s, c in zip(array_shape, self.chunk_shape, strict=True))

    def all_chunk_coords(self, array_shape: Sequence[int]) -> Iterator[ChunkCoords]:
        """Every chunk's grid coordinates, in C order."""
        return itertools.product(*(range(n) for n in self.grid_shape(array_shape)))

    def axes(self, array_shape: Sequence[int]) -> tuple[int, ...]:
        """What indexers take per axis: the chunk length (see ``RectilinearChunkGrid.axes``)."""
        return self.chunk_shape


ChunkGrid: TypeAlias = "RegularChunkGrid | RectilinearChunkGrid"


def parse_chunk_grid(value: Any) -> RegularChunkGrid | RectilinearChunkGrid:
    """A chunk grid from an instance, its JSON dict or a chunk shape."""
    if isinstance(value, RegularChunkGrid | RectilinearChunkGrid):
        return value
    if isinstance(value, Mapping):
        if value.get("name") == "rectilinear":
            return RectilinearChunkGrid.from_dict(value)
        if value.get("name") != "regular":
            raise ValueError(
                f"chunk grid {value.get('name')!r} is not supported "
                "(only 'regular' and 'rectilinear' are)"
            )
        return RegularChunkGrid.from_dict(value)
    return RegularChunkGrid(value)


def guess_chunks(
    shape: Sequence[int], itemsize: int, *, max_bytes: int = _MAX_BYTES
) -> tuple[int, ...]:
    """A chunk shape of roughly 0.1-64 MiB (bigger arrays get bigger chunks).

    zarr-python's heuristic (from h5py): the target is 256 KiB times 2 ** log10(array MiB),
    clamped to [128 KiB, ``max_bytes``]; starting from the whole array, axes are halved in turn
    (first axis first) until the chunk is below the target or within 50% of it, and below
    ``max_bytes`` (64 MiB; zarr-python uses :data:`SHARDED_INNER_CHUNK_MAX_BYTES` for the inner
    chunks of a sharded array).
    """
    chunks = [max(1, int(s)) for s in shape]
    if itemsize <= 0 or not chunks:
        return tuple(chunks)
    total = math.prod(float(c) for c in chunks) * itemsize
    target = _INCREMENT_BYTES * 2 ** math.log10(total / (1024.0 * 1024))
    target = min(max(target, _MIN_BYTES), max_bytes)
    axis = 0
    while True:
        size = math.prod(float(c) for c in chunks) * itemsize
        close = size < target or abs(size - target) / target < 0.5
        if (close and size < max_bytes) or math.prod(chunks) == 1:
            break
        chunks[axis % len(chunks)] = math.ceil(chunks[axis % len(chunks)] / 2.0)
        axis += 1
    return tuple(chunks)


def normalize_chunks(
    chunks: Any, shape: Sequence[int], itemsize: int | np.dtype[Any], *, sharded: bool = False
) -> tuple[int, ...]:
    """A chunk shape from zarr-python's ``chunks`` inputs.

    ``"auto"``, ``None`` and ``True`` guess (see :func:`guess_chunks`); ``False`` is one chunk;
    an int (or a 0-d integer numpy array) applies to every axis; in a sequence, ``-1`` or
    ``None`` spans the whole axis (at least 1), and ``True`` is 1. ``itemsize`` may be a dtype:
    variable-length types then count as 1 byte, as in zarr-python. Raises ``ValueError`` naming the chunk shape when its rank differs from
    ``shape`` or a size is 0 or below -1. ``sharded``: the chunks are a sharded array's inner
    chunks, whose guess is at most :data:`SHARDED_INNER_CHUNK_MAX_BYTES`, as in zarr-python.
    """
    shape = tuple(int(s) for s in shape)
    if isinstance(itemsize, np.dtype):
        itemsize = 1 if itemsize.kind in "TO" else itemsize.itemsize
    if chunks is None or chunks is True or (isinstance(chunks, str) and chunks == "auto"):
        max_bytes = SHARDED_INNER_CHUNK_MAX_BYTES if sharded else _MAX_BYTES
        return guess_chunks(shape, itemsize, max_bytes=max_bytes)
    if chunks is False:
        return tuple(max(1, s) for s in shape)
    if isinstance(chunks, np.ndarray) and chunks.ndim == 0 and chunks.dtype.kind in "iu":
        chunks = int(chunks)
    if isinstance(chunks, int | np.integer):
        chunks = (int(chunks),) * len(shape)
    elif not isinstance(chunks, str | bytes | Mapping | Sequence | np.ndarray) and hasattr(
        chunks, "__getitem__"
    ):
        chunks = _as_list(chunks)
    if isinstance(chunks, str | bytes) or not isinstance(chunks, Sequence | np.ndarray):
        raise TypeError(f"chunks must be an int, a sequence of ints or 'auto', got {chunks!r}")
    given = tuple(chunks)
    if len(given) != len(shape):
        raise ValueError(
            f"chunk shape {given} has {len(given)} dimensions but the array shape {shape} "
            f"has {len(shape)}"
        )
    out = []
    for size, span in zip(given, shape, strict=True):
        if size is None or (_is_int(size) and size == -1):
            out.append(max(1, span))
        elif not _is_int(size):
            raise TypeError(f"chunk shape {given} must hold integers (or -1/None), got {size!r}")
        elif size <= 0:
            raise ValueError(f"chunk shape {given} has a size <= 0 (only -1 means a full axis)")
        else:
            out.append(int(size))
    return tuple(out)


def _as_list(chunks: Any) -> Any:
    """The items of a sequence-like object (``__getitem__`` and ``__len__`` only, which
    zarr-python takes as chunks), or the object itself when it has none."""
    try:
        return list(chunks)
    except TypeError:
        return chunks


def _is_int(value: object) -> bool:
    # Inside a chunk shape a Python bool is the integer it is (True: 1), as in zarr-python;
    # numpy booleans are not integers.
    return isinstance(value, int | np.integer)
