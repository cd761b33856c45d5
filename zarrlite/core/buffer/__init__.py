"""zarr-python's ``zarr.core.buffer`` (the base classes; ``cpu`` the numpy ones): the same
objects as :mod:`zarrlite.buffer`."""

from __future__ import annotations

from zarrlite.buffer import default_buffer_prototype
from zarrlite.buffer._core import (
    ArrayLike,
    Buffer,
    BufferPrototype,
    NDArrayLike,
    NDArrayLikeOrScalar,
    NDBuffer,
)
from zarrlite.buffer.cpu import numpy_buffer_prototype
from zarrlite.core.buffer import core as core
from zarrlite.core.buffer import cpu as cpu

__all__ = [
    "ArrayLike",
    "Buffer",
    "BufferPrototype",
    "NDArrayLike",
    "NDArrayLikeOrScalar",
    "NDBuffer",
    "default_buffer_prototype",
    "numpy_buffer_prototype",
]
