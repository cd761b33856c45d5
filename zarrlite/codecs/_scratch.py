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
  more: ~14 ms). So every buffer is placed in its page, not where ``np.empty`` puts it.
- A copy whose destination lies a few dozen bytes past its source, modulo 4 KiB, stalls: its
  loads are taken for reads of the bytes it has just stored ("4K aliasing"). Caller's arrays
  and outputs are mostly ``np.empty`` arrays at page offset 16. A buffer that a chunk is
  copied *from* into an output (:func:`input_scratch` for uncompressed chunks,
  :func:`decode_scratch`) starts at :data:`COPY_OUT_OFFSET`, past the output's; one a chunk
  is gathered *into* from the caller's array (:func:`scratch`) starts on the page, before it.
  Alternated in one process, against the other placement: 256 MiB of 1 MiB chunks read from
  files +11% (uncompressed), +1.5-4% (blosc), from memory +3-10%; gathered -4% at offset 80.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

__all__ = [
    "COPY_OUT_OFFSET",
    "MAX_SCRATCH_BYTES",
    "decode_scratch",
    "input_scratch",
    "output_scratch",
    "page_aligned_empty",
    "row_scratch",
    "scratch",
]

MAX_SCRATCH_BYTES = 16 << 20
"""Larger temporaries are allocated per call: a thread should not pin more than this."""

_local = threading.local()


def scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """A writable uint8 array of ``nbytes`` owned by the calling thread, or None when too big:
    for a chunk gathered from the caller's array before it is encoded."""
    return _owned("buffer", nbytes, 0)


def decode_scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """:func:`scratch`'s memory, placed for a chunk decoded into it and then copied into the
    output (the same buffer: a thread decodes and encodes one chunk at a time)."""
    return _owned("buffer", nbytes, COPY_OUT_OFFSET)


def input_scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """A second such array, for a chunk's *encoded* bytes read from a store
    (``Store.get_sync_into``) while :func:`decode_scratch` holds its decoded values."""
    return _owned("input", nbytes, COPY_OUT_OFFSET)


def output_scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """A fourth such array, for a chunk's encoded bytes on their way to a store that copies
    them (``Codec.encode_transient``) while :func:`scratch` holds the gathered chunk."""
    return _owned("output", nbytes, 0)


def row_scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """A third such array, for a row of a shard's inner chunks (``codecs._rows``), which
    the sharding codec fills while :func:`scratch` may serve the inner codecs."""
    return _owned("row", nbytes, 0)


def _owned(name: str, nbytes: int, offset: int) -> np.ndarray[Any, Any] | None:
    if nbytes > MAX_SCRATCH_BYTES:
        return None
    buffer: np.ndarray[Any, Any] | None = getattr(_local, name, None)
    if buffer is None or buffer.size < COPY_OUT_OFFSET + nbytes:
        # Headroom: encoded sizes vary from chunk to chunk, and each growth is a new buffer.
        size = max(nbytes + nbytes // 8, 1 << 20)
        buffer = page_aligned_empty(COPY_OUT_OFFSET + size)
        setattr(_local, name, buffer)
    return buffer[offset : offset + nbytes]


PAGE_BYTES = 4096
COPY_OUT_OFFSET = 80
"""Where a buffer that chunks are copied from into outputs starts in its page (see above)."""


def page_aligned_empty(nbytes: int) -> np.ndarray[Any, Any]:
    """An uninitialised uint8 array of ``nbytes`` whose first byte is on a page boundary."""
    raw = np.empty(nbytes + PAGE_BYTES, dtype=np.uint8)
    start = -raw.ctypes.data % PAGE_BYTES
    return raw[start : start + nbytes]
