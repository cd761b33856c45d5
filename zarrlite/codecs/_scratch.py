"""Per-thread scratch buffers for chunk-sized temporaries.

A chunk that is decoded into a non-contiguous part of the output (a 512² chunk of an 8192² array)
or encoded from one has to pass through a contiguous temporary. A fresh temporary per chunk
is memory the thread has not touched lately (an allocation in its malloc arena); one buffer per
thread, reused, stays in the CPU cache between the decompression and the copy (256 MiB through
a memory store on 2 workers: write ~1,000 -> ~1,900 MB/s, read ~1,450 -> ~2,500 MB/s).
Callers must be done with the buffer before their next call on the same thread. A chunk read
from a local file goes into a second such buffer (:func:`input_scratch`) for the same reason:
a new ``bytes`` per 1 MiB chunk was page-faulted in afresh each time.

Where a buffer starts within a page matters on this project's benchmark machines (x86-64):
- ``np.empty`` of a large size returns memory 16 bytes past a page (glibc's header of an
  ``mmap``-ed block), and the kernel copies a file into such a destination at half speed or
  less (1 MiB files read into a buffer at page offset 16: ~31 ms per 256 MiB; at 0, or 32 and
  more: ~14 ms). So every buffer starts at a known offset, not where ``np.empty`` puts it.
- A copy whose destination lies a few dozen bytes past its source, modulo 4 KiB, stalls: its
  loads are taken for reads of the bytes it has just stored ("4K aliasing"). Outputs are
  mostly ``np.empty`` arrays at page offset 16, so :func:`input_scratch`, from which an
  uncompressed chunk is copied into the output, starts at offset 80, past the output's
  (256 MiB of 1 MiB chunks read on one thread: +11%). The others start on the page:
  :func:`scratch` is also where a chunk is gathered *from* the caller's array, which an
  offset of 80 slows by about as much (-4%).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

__all__ = [
    "MAX_SCRATCH_BYTES",
    "input_scratch",
    "output_scratch",
    "empty_at_page_offset",
    "row_scratch",
    "scratch",
]

MAX_SCRATCH_BYTES = 16 << 20
"""Larger temporaries are allocated per call: a thread should not pin more than this."""

_local = threading.local()


def scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """A writable uint8 array of ``nbytes`` owned by the calling thread, or None when too big."""
    return _owned("buffer", nbytes)


def input_scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """A second such array, for a chunk's *encoded* bytes read from a store
    (``Store.get_sync_into``) while :func:`scratch` holds its decoded values."""
    return _owned("input", nbytes, INPUT_OFFSET)


def output_scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """A fourth such array, for a chunk's encoded bytes on their way to a store that copies
    them (``Codec.encode_transient``) while :func:`scratch` holds the gathered chunk."""
    return _owned("output", nbytes)


def row_scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """A third such array, for a row of a shard's inner chunks (``codecs._rows``), which
    the sharding codec fills while :func:`scratch` may serve the inner codecs."""
    return _owned("row", nbytes)


def _owned(name: str, nbytes: int, offset: int = 0) -> np.ndarray[Any, Any] | None:
    if nbytes > MAX_SCRATCH_BYTES:
        return None
    buffer: np.ndarray[Any, Any] | None = getattr(_local, name, None)
    if buffer is None or buffer.size < nbytes:
        # Headroom: encoded sizes vary from chunk to chunk, and each growth is a new buffer.
        buffer = empty_at_page_offset(max(nbytes + nbytes // 8, 1 << 20), offset)
        setattr(_local, name, buffer)
    return buffer[:nbytes]


PAGE_BYTES = 4096
INPUT_OFFSET = 80
"""Where :func:`input_scratch` starts within its page (see the module's docstring)."""


def empty_at_page_offset(nbytes: int, offset: int = 0) -> np.ndarray[Any, Any]:
    """An uninitialised uint8 array of ``nbytes`` whose first byte is ``offset`` bytes past a
    page boundary (``0 <= offset < PAGE_BYTES``)."""
    raw = np.empty(nbytes + offset + PAGE_BYTES, dtype=np.uint8)
    start = -raw.ctypes.data % PAGE_BYTES + offset
    return raw[start : start + nbytes]
