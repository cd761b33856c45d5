"""Per-thread scratch buffers for chunk-sized temporaries.

A chunk that is decoded into a non-contiguous part of the output (a 512² chunk of an 8192² array)
or encoded from one has to pass through a contiguous temporary. Allocating that temporary per
chunk costs more than the copy: glibc hands each worker thread its own arena and trims it on
free, so every 1 MiB temporary is page-faulted in afresh (measured: ~256 faults per chunk, and
decoding on two threads ran at 1/4 of the one-thread rate). One buffer per thread, reused, avoids
that. Callers must be done with the buffer before their next call on the same thread.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

__all__ = ["MAX_SCRATCH_BYTES", "scratch"]

MAX_SCRATCH_BYTES = 16 << 20
"""Larger temporaries are allocated per call: a thread should not pin more than this."""

_local = threading.local()


def scratch(nbytes: int) -> np.ndarray[Any, Any] | None:
    """A writable uint8 array of ``nbytes`` owned by the calling thread, or None when too big."""
    if nbytes > MAX_SCRATCH_BYTES:
        return None
    buffer: np.ndarray[Any, Any] | None = getattr(_local, "buffer", None)
    if buffer is None or buffer.size < nbytes:
        buffer = _local.buffer = np.empty(max(nbytes, 1 << 20), dtype=np.uint8)
    return buffer[:nbytes]
