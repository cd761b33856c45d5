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

from typing import Any

import numpy as np

from zarrlite.codecs._base import ArraySpec

__all__ = ["ROW_BYTES", "copy_row", "fits_rows", "side_by_side"]

ROW_BYTES = 512 << 10
"""Decoded bytes gathered before a copy: the row stays in the core's cache (1 MiB of L2 on
the benchmark machine) between decompression and copy. Chunks above half of it go one by one."""


def fits_rows(spec: ArraySpec) -> bool:
    """Whether chunks of ``spec`` are small enough to gather in rows."""
    return spec.ndim > 0 and 2 * spec.nbytes <= ROW_BYTES


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
