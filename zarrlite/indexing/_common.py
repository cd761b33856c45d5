"""Shared pieces of every indexer: the projection record, the protocol and selection normalisation.

A *projection* tells the chunk pipeline how one chunk contributes to a selection:
``out[p.out_selection] = chunk[p.chunk_selection]`` (read) or the reverse (write), where ``chunk``
is the full-size chunk array (``chunk_shape``, even at the array's edge) and ``out`` is the
indexer's buffer of shape ``indexer.shape``.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator
from typing import Any, Protocol, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from zarrlite.errors import ArrayIndexError, BoundsCheckError
from zarrlite.indexing._edges import AxisEdges, ChunkLen

__all__ = [
    "ChunkProjection",
    "Indexer",
    "IntArray",
    "as_index",
    "bounds_message",
    "check_chunk_shape",
    "check_int",
    "chunk_size",
    "chunk_start",
    "ensure_tuple",
    "expand_selection",
    "is_int_like",
    "nchunks",
]

IntArray: TypeAlias = npt.NDArray[np.intp]


@attrs.frozen
class ChunkProjection:
    """How one chunk maps onto the output buffer of a selection.

    ``is_complete_chunk`` is True only when ``chunk_selection`` is the whole chunk in natural
    order and ``out[out_selection]`` is a view of exactly ``chunk_shape``: the pipeline may then
    decode straight into that view, or encode it as the chunk.
    """

    chunk_coords: tuple[int, ...]
    chunk_selection: tuple[Any, ...]
    out_selection: tuple[Any, ...] | slice
    is_complete_chunk: bool


class Indexer(Protocol):
    """A selection resolved against a chunk grid: iterate it for the chunks it touches.

    ``shape`` is the buffer that ``out_selection`` addresses; ``result_shape`` is what the user
    gets (the buffer reshaped; it differs only for coordinate selections).
    """

    shape: tuple[int, ...]
    result_shape: tuple[int, ...]

    def __iter__(self) -> Iterator[ChunkProjection]: ...


def check_chunk_shape(shape: tuple[int, ...], chunk_shape: tuple[ChunkLen, ...]) -> None:
    """Refuse a chunk grid that does not fit the array (a programming error, not a user one).

    Per axis the grid gives a chunk length, or for a rectilinear axis its :class:`AxisEdges`.
    """
    if len(shape) != len(chunk_shape):
        raise ValueError(
            f"chunk shape {chunk_shape} has {len(chunk_shape)} dimensions, "
            f"the array shape {shape} has {len(shape)}"
        )
    for axis, (size, length) in enumerate(zip(chunk_shape, shape, strict=True)):
        if isinstance(size, AxisEdges):
            if size.length != length:
                raise ValueError(f"chunk edges of axis {axis} are bound to length {size.length}")
        elif size < 1:
            raise ValueError(f"chunk size {size} on axis {axis} must be at least 1")


def nchunks(dim_len: int, chunk_len: ChunkLen) -> int:
    """Number of chunks covering an axis (the last one may stick out)."""
    if isinstance(chunk_len, AxisEdges):
        return chunk_len.count
    return -(-dim_len // chunk_len)


def chunk_start(chunk_len: ChunkLen, chunk: int) -> int:
    """Where chunk number ``chunk`` of an axis starts."""
    if isinstance(chunk_len, AxisEdges):
        return chunk_len.start(chunk)
    return chunk * chunk_len


def chunk_size(chunk_len: ChunkLen, chunk: int) -> int:
    """The full length of chunk number ``chunk`` of an axis (it may overhang the array)."""
    if isinstance(chunk_len, AxisEdges):
        return chunk_len.size(chunk)
    return chunk_len


def is_int_like(obj: Any) -> bool:
    """An integer index: Python/numpy integers and 0-d integer arrays, never bools."""
    if isinstance(obj, bool | np.bool_):
        return False
    if isinstance(obj, np.ndarray):
        return obj.ndim == 0 and obj.dtype.kind in "iu"
    try:
        operator.index(obj)
    except TypeError:
        return False
    return True


def check_int(value: Any, dim_len: int, axis: int, what: str = "index") -> int:
    """Normalise an integer index (negative counts from the end); BoundsCheckError if outside."""
    index = operator.index(value)
    normalised = index + dim_len if index < 0 else index
    if not 0 <= normalised < dim_len:
        raise BoundsCheckError(bounds_message(what, index, axis, dim_len))
    return normalised


def bounds_message(what: str, value: int, axis: int, dim_len: int) -> str:
    """The text of a BoundsCheckError: the value, the axis and the valid range."""
    if dim_len == 0:
        return f"{what} {value} is out of bounds for axis {axis} with size 0"
    return (
        f"{what} {value} is out of bounds for axis {axis} with size {dim_len} "
        f"(valid: {-dim_len} <= {what} < {dim_len})"
    )


def ensure_tuple(selection: Any) -> tuple[Any, ...]:
    """A selection as a tuple of per-axis items."""
    return selection if isinstance(selection, tuple) else (selection,)


def expand_selection(selection: Any, ndim: int) -> tuple[Any, ...]:
    """One item per axis: expand the Ellipsis, pad with full slices, refuse newaxis and extras."""
    items = ensure_tuple(selection)
    for item in items:
        if item is None:
            raise ArrayIndexError(
                "None / numpy.newaxis is not supported in a selection; reshape the result instead"
            )
    n_ellipsis = sum(1 for item in items if item is Ellipsis)
    if n_ellipsis > 1:
        raise ArrayIndexError(f"a selection can only have a single Ellipsis ('...'), got {items!r}")
    if n_ellipsis:
        at = next(i for i, item in enumerate(items) if item is Ellipsis)
        fill = max(0, ndim - (len(items) - 1))
        items = items[:at] + (slice(None),) * fill + items[at + 1 :]
    if len(items) > ndim:
        raise ArrayIndexError(
            f"too many indices for array: array is {ndim}-dimensional, "
            f"but {len(items)} were indexed"
        )
    return items + (slice(None),) * (ndim - len(items))


def as_index(item: Any) -> Any:
    """Lists (and other array-likes) as numpy arrays; an empty list is an empty integer array."""
    if isinstance(item, np.ndarray):
        return item
    if isinstance(item, list | tuple) or hasattr(item, "__array__"):
        array = np.asarray(item)
        if array.size == 0 and array.dtype.kind not in "biu":
            return array.astype(np.intp)
        return array
    return item
