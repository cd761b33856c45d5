"""``ChunkRow``: small chunks that sit side by side in the output, copied into it as one.

A whole chunk that lands in a strided part of the output (a 128x128 inner chunk of an 8192x8192
array) is decompressed into a contiguous buffer and copied from there. For a 64 KiB chunk that
copy is a numpy call of its own, with its Python overhead and a release and retake of the GIL;
with two worker threads those hand-offs, more than the work, set the pace. Chunks that follow
each other along the output's last axis are decompressed into consecutive parts of one buffer
instead, and copied out by one call per row (128 rows of 16 chunks' widths at once).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from zarrlite._types import BytesLike
from zarrlite.codecs._base import ArraySpec
from zarrlite.codecs._scratch import row_scratch
from zarrlite.codecs._util import DecodesInto

__all__ = ["ROW_BYTES", "ChunkRow", "copy_row", "fits_rows", "side_by_side"]

ROW_BYTES = 512 << 10
"""Decoded bytes gathered before a copy: the row stays in the core's cache (1 MiB of L2 on
the benchmark machine) between decompression and copy. Chunks above half of it go one by one."""


class ChunkRow:
    """Gathers whole chunks of one spec for one output array; :meth:`flush` copies them out.

    Use it from one thread, and call :meth:`flush` before the output is read: chunks are in
    the row's buffer (this thread's :func:`row_scratch`) until then.
    """

    def __init__(
        self,
        out: np.ndarray[Any, Any],
        spec: ArraySpec,
        compressor: DecodesInto,
    ) -> None:
        self._out = out
        self._shape = tuple(spec.shape)
        self._dtype = spec.dtype
        self._nbytes = spec.nbytes
        self._capacity = max(1, ROW_BYTES // max(1, spec.nbytes))
        self._decompress_into = compressor.decode_into
        self._buffer: np.ndarray[Any, Any] | None = None
        self._lead: tuple[Any, ...] = ()
        self._start = self._stop = self._count = 0

    @classmethod
    def create(
        cls,
        out: np.ndarray[Any, Any],
        spec: ArraySpec,
        compressor: DecodesInto | None,
    ) -> ChunkRow | None:
        """A row for chunks of ``spec`` decoded by ``compressor`` (a chain's
        ``direct_compressor``), or None when that is None or a chunk fills most of a row."""
        if compressor is None or not fits_rows(spec):
            return None
        return cls(out, spec, compressor)

    def decode(self, data: BytesLike, out_selection: Any) -> bool:
        """Decode the chunk ``data``, a whole chunk whose values go to
        ``out[out_selection]`` (a view of exactly the chunk's shape). False when that place is
        not a plain box of slices: the caller decodes the chunk itself."""
        if type(out_selection) is not tuple or len(out_selection) != len(self._shape):
            return False
        last = out_selection[-1]
        if type(last) is not slice or last.start is None or last.step not in (None, 1):
            return False
        lead = out_selection[:-1]
        if self._count and (
            last.start != self._stop or lead != self._lead or self._count == self._capacity
        ):
            self.flush()
        if not self._count:
            buffer = row_scratch(self._capacity * self._nbytes)
            if buffer is None:
                return False
            self._buffer, self._lead, self._start = buffer, lead, last.start
        assert self._buffer is not None
        offset = self._count * self._nbytes
        self._decompress_into(data, self._buffer[offset : offset + self._nbytes])
        self._count += 1
        self._stop = last.start + self._shape[-1]
        return True

    def flush(self) -> None:
        """Copy the gathered chunks into the output."""
        count = self._count
        if not count:
            return
        self._count = 0
        assert self._buffer is not None
        shape = self._shape
        values = self._buffer[: count * self._nbytes].view(self._dtype).reshape((count, *shape))
        copy_row(side_by_side(values), self._out[(*self._lead, slice(self._start, self._stop))])


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
    else:
        place[...] = row
