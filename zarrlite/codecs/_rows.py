"""Rows of small chunks: the chunks of a shard that sit side by side along its last axis,
moved between the array and one contiguous buffer by one copy.

A whole inner chunk that lands in a strided part of the output (a 128x128 inner chunk of an
8192x8192 array) passes through a contiguous buffer. For a 64 KiB chunk, a copy of its own is a
numpy call with its Python overhead and a release and retake of the GIL; with two worker
threads those hand-offs, more than the work, set the pace. The sharding codec decodes (or
encodes) the inner chunks of a row through consecutive parts of one buffer instead, and copies
the row with one call: 128 rows of 8 chunks' widths at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, NamedTuple

import numpy as np

from zarrlite._types import ChunkCoords
from zarrlite.codecs._base import ArraySpec
from zarrlite.codecs._scratch import row_scratch

__all__ = ["ROW_BYTES", "ShardRow", "copy_row", "fits_rows", "shard_rows", "side_by_side"]

ROW_BYTES = 512 << 10
"""Decoded bytes gathered before a copy: the row stays in the core's cache (1 MiB of L2 on
the benchmark machine) between decompression and copy. Chunks above half of it go one by one."""


def fits_rows(spec: ArraySpec) -> bool:
    """Whether chunks of ``spec`` are small enough to gather in rows."""
    return spec.ndim > 0 and 2 * spec.nbytes <= ROW_BYTES


class ShardRow(NamedTuple):
    """Inner chunks of a shard that follow each other along its last axis, and their buffer."""

    selection: tuple[slice, ...]  # their place in the shard
    first: int  # the flat (C order) index of the first of them
    coords: ChunkCoords  # the inner-chunk coordinates of the first of them
    size: int  # how many inner chunks
    buffer: np.ndarray[Any, Any]  # uint8, ``size`` decoded chunks one after the other
    values: np.ndarray[Any, Any]  # the buffer's values, side by side (see side_by_side)


def shard_rows(chunks_per_shard: ChunkCoords, inner: ArraySpec) -> Iterator[ShardRow]:
    """The rows of a shard of ``chunks_per_shard`` inner chunks of ``inner``, in C order, at most
    :data:`ROW_BYTES` each. Every row shares this thread's :func:`row_scratch`: use a row before
    taking the next."""
    shape, nbytes = tuple(inner.shape), inner.nbytes
    last, width = chunks_per_shard[-1], shape[-1]
    per_row = max(1, min(last, ROW_BYTES // nbytes))
    buffer = row_scratch(per_row * nbytes)
    if buffer is None:  # unreachable: rows are far smaller than a scratch buffer
        raise AssertionError("no row buffer")
    chunks = buffer.view(inner.dtype).reshape((per_row, *shape))
    full = side_by_side(chunks)
    axes = [[slice(i * c, (i + 1) * c) for i in range(n)] for n, c in zip(chunks_per_shard, shape)]
    leads = zip(itertools.product(*axes[:-1]), np.ndindex(*chunks_per_shard[:-1]), strict=True)
    for row, (lead, lead_coords) in enumerate(leads):
        for first in range(0, last, per_row):
            count = min(per_row, last - first)
            yield ShardRow(
                (*lead, slice(first * width, (first + count) * width)),
                row * last + first,
                (*lead_coords, first),
                count,
                buffer[: count * nbytes],
                full if count == per_row else side_by_side(chunks[:count]),
            )


def side_by_side(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``values`` (``count`` chunks stacked on a new first axis) as they lie side by side
    along the last axis: shape ``chunk[:-1] + (count, chunk[-1])``, a view."""
    ndim = values.ndim - 1
    return values.transpose((*range(1, ndim), 0, ndim))


def copy_row(
    row: np.ndarray[Any, Any], target: np.ndarray[Any, Any], *, into_row: bool = False
) -> None:
    """Copy ``row`` (from :func:`side_by_side`) into ``target``, its place in the output
    (shape ``chunk[:-1] + (count * chunk[-1],)``), or, with ``into_row``, the other way."""
    # Splitting an axis in two never needs a copy: this reshape is a view of the output.
    place = target.reshape(row.shape)
    if into_row:
        row[...] = place
        return
    if not np.may_share_memory(place, target):  # a copy would take the values silently
        raise AssertionError(f"no view of the output for a row of shape {row.shape}")
    place[...] = row
