"""zarr-python's ``zarr.core.buffer.cpu``: the same objects as :mod:`zarrlite.buffer.cpu`."""

from __future__ import annotations

from zarrlite.buffer.cpu import (
    Buffer,
    NDBuffer,
    as_numpy_array_wrapper,
    buffer_prototype,
    numpy_buffer_prototype,
)

__all__ = [
    "Buffer",
    "NDBuffer",
    "as_numpy_array_wrapper",
    "buffer_prototype",
    "numpy_buffer_prototype",
]
