"""Per-axis indexers: how one axis of a selection meets the chunks along that axis.

Each returns a :class:`DimIndexer`, the list of chunks the axis touches (sorted by chunk index),
each with the selection inside the chunk and the place in the output. Work is vectorised with
numpy; the only Python loop is over touched chunks, which the pipeline visits anyway.
"""

from __future__ import annotations

import operator
from typing import Any, TypeAlias

import attrs
import numpy as np

from zarrlite.errors import ArrayIndexError, BoundsCheckError, NegativeStepError
from zarrlite.indexing._common import IntArray, bounds_message, check_int
from zarrlite.indexing._edges import AxisEdges, ChunkLen

__all__ = [
    "DimIndexer",
    "DimProjection",
    "SliceIndexTypeError",
    "array_dim",
    "bool_indices",
    "int_array_indices",
    "int_dim",
    "normalize_slice",
    "slice_dim",
]


# One chunk along one axis: (chunk index, selection in the chunk, selection in the output or
# None when the axis is dropped by an integer index, whether the chunk is wholly selected).
# A plain tuple, not a NamedTuple: there is one per chunk and axis, and creating a NamedTuple
# costs twice as much.
DimProjection: TypeAlias = tuple[int, "int | slice | IntArray", "slice | IntArray | None", bool]


@attrs.frozen
class DimIndexer:
    """The chunks one axis of a selection touches; ``nitems`` is the output length on it."""

    nitems: int
    dropped: bool
    projections: list[DimProjection]


def int_dim(value: Any, dim_len: int, chunk_len: ChunkLen, axis: int) -> DimIndexer:
    """An integer index: one chunk, the axis is dropped from the output."""
    index = check_int(value, dim_len, axis)
    if isinstance(chunk_len, AxisEdges):
        chunk = chunk_len.chunk_of(index)
        return DimIndexer(1, True, [(chunk, index - chunk_len.start(chunk), None, False)])
    chunk = index // chunk_len
    return DimIndexer(1, True, [(chunk, index - chunk * chunk_len, None, False)])


class SliceIndexTypeError(ArrayIndexError, TypeError):
    """A slice bound or step that is not an integer: a TypeError as numpy's and zarr-python's,
    and an IndexError like zarrlite's other selection errors."""


def normalize_slice(sel: slice, dim_len: int, axis: int) -> tuple[int, int, int]:
    """``(start, stop, step)`` clipped to the axis like Python; only steps >= 1 are allowed."""
    try:
        step = 1 if sel.step is None else operator.index(sel.step)
        start, stop, _ = slice(sel.start, sel.stop).indices(dim_len)
    except TypeError:
        raise SliceIndexTypeError(
            f"slice {sel!r} on axis {axis}: slice indices must be integers or None"
        ) from None
    if step < 0:
        raise NegativeStepError(
            f"slice {sel!r} on axis {axis} has step {step}; only steps >= 1 are supported"
        )
    if step == 0:
        raise ValueError(f"slice {sel!r} on axis {axis}: slice step cannot be zero")
    return start, stop, step


# Up to this many chunks a slice's projections are computed with Python integers: numpy's
# per-call overhead made a 100-element region of a 2 x 2 chunk corner cost ~40 us an axis.
_SCALAR_SLICE_CHUNKS = 32


def slice_dim(sel: slice, dim_len: int, chunk_len: ChunkLen, axis: int) -> DimIndexer:
    """A slice (step >= 1): every chunk holding at least one of its items, in order."""
    start, stop, step = normalize_slice(sel, dim_len, axis)
    n = len(range(start, stop, step))
    if n == 0:
        return DimIndexer(0, False, [])
    if isinstance(chunk_len, AxisEdges):
        return DimIndexer(n, False, slice_projections_edges(start, step, n, chunk_len))
    if step >= chunk_len:
        spanned = n  # items are at least a chunk apart: each lies in its own chunk
    else:
        spanned = (start + (n - 1) * step) // chunk_len - start // chunk_len + 1
    if spanned <= _SCALAR_SLICE_CHUNKS:
        return DimIndexer(n, False, slice_projections_scalar(start, step, n, chunk_len))
    return DimIndexer(n, False, slice_projections_vectorized(start, step, n, chunk_len))


def slice_projections_scalar(start: int, step: int, n: int, length: int) -> list[DimProjection]:
    """:func:`slice_projections_vectorized` with Python integers (few chunks)."""
    projections: list[DimProjection] = []
    if step >= length:
        for k in range(n):
            item = start + k * step
            chunk, lo = divmod(item, length)
            complete = lo == 0 and length == 1 and step == 1
            projections.append((chunk, slice(lo, lo + 1, step), slice(k, k + 1), complete))
        return projections
    last = (start + (n - 1) * step) // length
    for chunk in range(start // length, last + 1):
        offset = chunk * length
        k0 = max(0, -((start - offset) // step))
        k1 = min(n - 1, (offset + length - 1 - start) // step)
        lo = start + k0 * step - offset
        hi = start + k1 * step - offset + 1
        complete = lo == 0 and hi == length and step == 1
        projections.append((chunk, slice(lo, hi, step), slice(k0, k1 + 1), complete))
    return projections


def slice_projections_vectorized(
    start: int, step: int, n: int, length: int
) -> list[DimProjection]:
    """Per chunk holding items of ``range(start, start + n * step, step)``: the chunk, the
    items' slice inside it, their positions in the output, and whether they fill it."""
    if step >= length:
        k0 = np.arange(n, dtype=np.intp)
        k1 = k0
        chunks = (start + k0 * step) // length
        offsets = chunks * length
    else:
        # Consecutive items are closer than a chunk: every chunk in the span holds one.
        chunks = np.arange(start // length, (start + (n - 1) * step) // length + 1, dtype=np.intp)
        offsets = chunks * length
        # The first and last item of the slice inside each chunk, as item numbers.
        k0 = np.maximum(0, -((start - offsets) // step))  # ceil((offset - start) / step)
        k1 = np.minimum(n - 1, (offsets + length - 1 - start) // step)
    return _slice_projections(start, step, chunks, offsets, length, k0, k1)


def _slice_projections(
    start: int, step: int, chunks: Any, offsets: Any, lengths: Any, k0: Any, k1: Any
) -> list[DimProjection]:
    """The projections of a slice on the chunks holding its items ``k0..k1`` (arrays)."""
    lo = start + k0 * step - offsets
    hi = start + k1 * step - offsets + 1
    complete = (lo == 0) & (hi == lengths) & (step == 1)
    return [
        (c, slice(a, b, step), slice(o0, o1 + 1), f)
        for c, a, b, o0, o1, f in zip(
            chunks.tolist(), lo.tolist(), hi.tolist(), k0.tolist(), k1.tolist(), complete.tolist()
        )
    ]


def slice_projections_edges(
    start: int, step: int, n: int, edges: AxisEdges
) -> list[DimProjection]:
    """:func:`slice_projections_vectorized` over chunks of varying length (a rectilinear axis)."""
    first, last = edges.chunk_of(start), edges.chunk_of(start + (n - 1) * step)
    chunks = np.arange(first, last + 1, dtype=np.intp)
    offsets = edges.offsets[chunks]
    lengths = edges.offsets[chunks + 1] - offsets
    k0 = np.maximum(0, -((start - offsets) // step))
    k1 = np.minimum(n - 1, (offsets + lengths - 1 - start) // step)
    if step > 1:  # a step longer than a chunk skips it
        held = k0 <= k1
        chunks, offsets, lengths, k0, k1 = (a[held] for a in (chunks, offsets, lengths, k0, k1))
    return _slice_projections(start, step, chunks, offsets, lengths, k0, k1)


def int_array_indices(array: np.ndarray[Any, Any], dim_len: int, axis: int) -> IntArray:
    """Integer indices as non-negative ``intp`` (negative ones count from the end), bounds-checked.

    Unsigned values are checked before the cast, where a huge uint64 would wrap to a valid index.
    The caller's array is never modified.
    """
    if array.size == 0:
        return np.empty(array.shape, dtype=np.intp)
    if array.dtype.kind == "u":
        bad = array >= dim_len
        if bad.any():
            value = int(array.reshape(-1)[int(np.argmax(bad.reshape(-1)))])
            raise BoundsCheckError(bounds_message("index", value, axis, dim_len))
        return array.astype(np.intp)
    indices = array.astype(np.intp, copy=False)
    low, high = int(np.min(indices)), int(np.max(indices))
    if low < -dim_len or high >= dim_len:
        value = low if low < -dim_len else high
        raise BoundsCheckError(bounds_message("index", value, axis, dim_len))
    if low < 0:
        indices = np.where(indices < 0, indices + dim_len, indices)
    return indices


def bool_indices(mask: np.ndarray[Any, Any], dim_len: int, axis: int) -> IntArray:
    """The positions of a 1-D boolean array that must have the axis' length."""
    if mask.ndim != 1:
        raise ArrayIndexError(
            f"boolean arrays in an orthogonal selection must be 1-dimensional; axis {axis} "
            f"got one of shape {mask.shape}"
        )
    if mask.shape[0] != dim_len:
        raise ArrayIndexError(
            f"boolean index of length {mask.shape[0]} does not match axis {axis} "
            f"of length {dim_len}"
        )
    return np.flatnonzero(mask)


def _progressions(values: IntArray, starts: IntArray, ends: IntArray) -> tuple[Any, Any]:
    """For each run ``values[s:e]``: is it an increasing arithmetic progression, and its step.

    Such runs become slices, which numpy indexes without a copy (and may be complete chunks).
    """
    runs = len(starts)
    lengths = ends - starts
    steps = np.ones(runs, dtype=np.intp)
    ok = np.ones(runs, dtype=bool)
    multi = lengths >= 2
    if not multi.any():
        return ok, steps
    diffs = np.diff(values)
    ms, me = starts[multi], ends[multi]
    steps[multi] = diffs[ms]
    # breaks[k] counts the changes of step among diffs[:k]; a run has none between its own.
    changes = diffs[1:] != diffs[:-1]
    breaks = np.concatenate(([0], np.cumsum(changes)))
    ok[multi] = (breaks[me - 2] == breaks[ms]) & (steps[multi] > 0)
    return ok, steps


def array_dim(indices: IntArray, chunk_len: ChunkLen, *, is_sorted: bool = False) -> DimIndexer:
    """Normalised 1-D integer indices (any order, duplicates allowed), grouped by chunk.

    A stable sort by chunk keeps the caller's order inside a chunk, so duplicates are written
    last-wins like numpy. Output positions are a slice when the indices are already grouped.
    """
    n = len(indices)
    if n == 0:
        return DimIndexer(0, False, [])
    edges = chunk_len if isinstance(chunk_len, AxisEdges) else None
    length = chunk_len if isinstance(chunk_len, int) else 0
    chunks = indices // length if edges is None else edges.chunks_of(indices)
    order: IntArray | None = None
    if not is_sorted and n > 1 and not bool((chunks[1:] >= chunks[:-1]).all()):
        order = np.argsort(chunks, kind="stable")
        chunks = chunks[order]
        indices = indices[order]
    starts = np.concatenate(([0], np.flatnonzero(chunks[1:] != chunks[:-1]) + 1)).astype(np.intp)
    ends = np.append(starts[1:], n).astype(np.intp)
    lengths: Any
    if edges is None:
        local = indices - chunks * length
        lengths = length
    else:
        local = indices - edges.offsets[chunks]
        lengths = edges.sizes()[chunks[starts]]
    chunk_ok, chunk_step = _progressions(local, starts, ends)
    first = local[starts]
    full = chunk_ok & (chunk_step == 1) & (first == 0) & (ends - starts == lengths)
    if order is None:
        out_ok, out_step = np.ones(len(starts), dtype=bool), np.ones(len(starts), dtype=np.intp)
        out_first = starts
    else:
        out_ok, out_step = _progressions(order, starts, ends)
        out_first = order[starts]
    projections: list[DimProjection] = []
    for chunk, s, e, cok, cstep, c0, ook, ostep, o0, f in zip(
        chunks[starts].tolist(),
        starts.tolist(),
        ends.tolist(),
        chunk_ok.tolist(),
        chunk_step.tolist(),
        first.tolist(),
        out_ok.tolist(),
        out_step.tolist(),
        out_first.tolist(),
        full.tolist(),
    ):
        m = e - s
        chunk_sel = slice(c0, c0 + (m - 1) * cstep + 1, cstep) if cok else local[s:e]
        out_sel: slice | IntArray
        if ook:
            out_sel = slice(o0, o0 + (m - 1) * ostep + 1, ostep)
        else:
            assert order is not None
            out_sel = order[s:e]
        projections.append((chunk, chunk_sel, out_sel, f and ook))
    return DimIndexer(n, False, projections)
