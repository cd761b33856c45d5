"""zarr-python's ``zarr.buffer.cpu``: buffers over numpy arrays in host memory.

``Buffer.from_bytes`` wraps the bytes without copying them, and ``to_bytes`` of such a buffer
returns those same ``bytes``: a store value read with a prototype and turned back into
``bytes`` costs no copy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal, Self

import numpy as np
import numpy.typing as npt

from zarrlite._types import BytesLike
from zarrlite.buffer import _core

__all__ = [
    "Buffer",
    "NDBuffer",
    "as_numpy_array_wrapper",
    "buffer_prototype",
    "numpy_buffer_prototype",
]


class Buffer(_core.Buffer):
    """A flat, contiguous block of bytes in host memory, over a 1-d ``uint8`` numpy array."""

    @classmethod
    def create_zero_length(cls) -> Self:
        """A new, empty buffer."""
        return cls(np.empty(0, dtype="B"))

    @classmethod
    def from_buffer(cls, buffer: Any) -> Self:
        """A buffer of this class over the contents of ``buffer`` (any buffer with
        ``as_numpy_array``, zarr-python's included), without a copy."""
        return cls.from_array_like(buffer.as_numpy_array())

    @classmethod
    def from_bytes(cls, bytes_like: BytesLike) -> Self:
        """A buffer over ``bytes_like`` (anything with the buffer protocol), without a copy;
        ``TypeError`` for anything else."""
        return cls.from_array_like(np.frombuffer(bytes_like, dtype="B"))

    def as_numpy_array(self) -> npt.NDArray[Any]:
        """The wrapped numpy array (no copy)."""
        return np.asanyarray(self._data)

    def to_bytes(self) -> bytes:
        """The contents as ``bytes``: the wrapped ``bytes`` object itself when the buffer
        covers all of one (``from_bytes(b).to_bytes() is b``), else a copy."""
        data = np.asanyarray(self._data)
        base: object = data.base
        # A bytes object is immutable, and a view covering all of it with stride 1 is it.
        if type(base) is bytes and len(base) == data.size and data.strides == (1,):
            return base
        return bytes(data)

    def combine(self, others: Iterable[Any]) -> Self:
        """A new buffer: this buffer's bytes followed by those of each of ``others`` (any
        buffers with ``as_array_like``)."""
        parts = [np.asanyarray(self._data)]
        parts.extend(np.asanyarray(other.as_array_like()) for other in others)
        return self.__class__(np.concatenate(parts))


class NDBuffer(_core.NDBuffer):
    """An n-dimensional block of memory in host memory, over a numpy array."""

    @classmethod
    def create(
        cls,
        *,
        shape: Iterable[int],
        dtype: npt.DTypeLike,
        order: Literal["C", "F"] = "C",
        fill_value: Any | None = None,
    ) -> Self:
        """A new buffer of ``shape`` and ``dtype``, filled with ``fill_value`` (zeros if None)."""
        parsed = np.dtype(dtype)
        shape = tuple(shape)
        zero = fill_value is None or (isinstance(fill_value, int) and fill_value == 0)
        if parsed.kind in "mM":
            # numpy's allocation drops a generic time unit's scale and byte order; a view of
            # the zeroed memory restores both before any value is written in that order.
            data = np.zeros(shape, dtype=parsed, order=order).view(parsed)
            if not zero:
                data[...] = fill_value
        elif zero:
            data = np.zeros(shape, dtype=parsed, order=order)
        else:
            data = np.full(shape, fill_value, dtype=parsed, order=order)
        return cls(data)

    @classmethod
    def empty(
        cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C"
    ) -> Self:
        """A new buffer whose contents are not initialised."""
        data = np.empty(shape, dtype=dtype, order=order)
        if data.dtype.kind in "mM":  # as in create
            data = data.view(np.dtype(dtype))
        return cls(data)

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        """A buffer over ``np.asanyarray(array_like)`` (no copy of a numpy array)."""
        return cls.from_ndarray_like(np.asanyarray(array_like))

    def as_numpy_array(self) -> npt.NDArray[Any]:
        """The wrapped numpy array (no copy)."""
        return np.asanyarray(self._data)

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        """A buffer over the data converted to ``dtype``."""
        source, target = self.dtype, np.dtype(dtype)
        if (
            source.kind in "mM"
            and target.kind == source.kind
            and np.datetime_data(source)[0] == "generic"  # type: ignore[arg-type]
            and np.datetime_data(source) == np.datetime_data(target)  # type: ignore[arg-type]
        ):
            # numpy ignores a byte-order-only change between generic time types: convert the
            # stored counts instead.
            counts = self.as_numpy_array().view(f"{source.byteorder}i8")
            return self.__class__(counts.astype(f"{target.byteorder}i8", order=order).view(target))
        return self.__class__(self.as_numpy_array().astype(target, order=order))

    def __getitem__(self, key: Any) -> Self:
        # A trailing Ellipsis keeps a full index a 0-d view, not a numpy scalar.
        if isinstance(key, tuple) and not any(part is Ellipsis for part in key):
            key = (*key, Ellipsis)
        return self.__class__(np.asanyarray(self._data[key]))

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(value, _core.NDBuffer):
            value = value.as_ndarray_like()
        self._data[key] = value


def as_numpy_array_wrapper(
    func: Callable[[npt.NDArray[Any]], bytes], buf: _core.Buffer, prototype: _core.BufferPrototype
) -> _core.Buffer:
    """``func`` applied to ``buf`` as a numpy array, its ``bytes`` result as a
    ``prototype.buffer``."""
    return prototype.buffer.from_bytes(func(buf.as_numpy_array()))


buffer_prototype = _core.BufferPrototype(buffer=Buffer, nd_buffer=NDBuffer)
"""The prototype of this module's classes (what :func:`default_buffer_prototype` gives)."""


def numpy_buffer_prototype() -> _core.BufferPrototype:
    """The prototype of this module's classes."""
    return _core.BufferPrototype(buffer=Buffer, nd_buffer=NDBuffer)
