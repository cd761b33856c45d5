"""zarr-python's ``zarr.core.buffer.core``: the abstract buffer classes and the prototype."""

from __future__ import annotations

from zarrlite.buffer import default_buffer_prototype
from zarrlite.buffer._core import (
    ArrayLike,
    Buffer,
    BufferPrototype,
    NDArrayLike,
    NDArrayLikeOrScalar,
    NDBuffer,
    ScalarType,
)

__all__ = [
    "ArrayLike",
    "Buffer",
    "BufferPrototype",
    "NDArrayLike",
    "NDArrayLikeOrScalar",
    "NDBuffer",
    "ScalarType",
    "default_buffer_prototype",
]
