"""The buffer base classes of zarr-python's ``zarr.core.buffer`` (pure; no I/O).

zarrlite itself moves ``bytes`` and numpy arrays; these classes exist for code written against
zarr-python's store API (``store.get(key, prototype=default_buffer_prototype())``). A
:class:`Buffer` *wraps* a 1-d ``uint8`` numpy array rather than subclassing ``bytes``, because:

- wrapping ``bytes`` read from a store is free (``np.frombuffer`` makes a view, no copy), and
  ``from_array_like`` and ``from_buffer`` keep the caller's array, where a ``bytes`` subclass
  would copy every time;
- zarr-python's observable behaviour needs it: a buffer may be writable (``buf[a:b] = ...``),
  slicing gives a ``Buffer`` (and refuses an int or a stepped slice), ``+`` concatenates
  buffers only, and a buffer never equals a ``bytes`` object, all unlike ``bytes``.

An :class:`NDBuffer` wraps an n-d numpy array the same way. :class:`BufferPrototype` names the
pair of classes a caller wants results in.
"""

from __future__ import annotations

import sys
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import (
    Any,
    Literal,
    NamedTuple,
    Protocol,
    Self,
    SupportsIndex,
    TypeAlias,
    cast,
    runtime_checkable,
)

import numpy as np
import numpy.typing as npt

from zarrlite._types import BytesLike

__all__ = [
    "ArrayLike",
    "Buffer",
    "BufferPrototype",
    "NDArrayLike",
    "NDArrayLikeOrScalar",
    "NDBuffer",
    "ScalarType",
]


@runtime_checkable
class ArrayLike(Protocol):
    """What a :class:`Buffer` wraps: a 1-d byte array (numpy, in zarrlite)."""

    @property
    def dtype(self) -> np.dtype[Any]: ...

    @property
    def ndim(self) -> int: ...

    @property
    def size(self) -> int: ...

    def __getitem__(self, key: slice) -> Self: ...

    def __setitem__(self, key: slice, value: Any) -> None: ...

    def copy(self) -> Self: ...


@runtime_checkable
class NDArrayLike(Protocol):
    """What an :class:`NDBuffer` wraps: an n-d array convertible to numpy."""

    @property
    def dtype(self) -> np.dtype[Any]: ...

    @property
    def ndim(self) -> int: ...

    @property
    def size(self) -> int: ...

    @property
    def shape(self) -> tuple[int, ...]: ...

    def __len__(self) -> int: ...

    def __getitem__(self, key: Any) -> Self: ...

    def __setitem__(self, key: Any, value: Any) -> None: ...

    def __array__(self) -> npt.NDArray[Any]: ...

    def reshape(self, shape: tuple[int, ...], /, *, order: Any = ...) -> Any: ...

    def view(self, dtype: npt.DTypeLike) -> Self: ...

    def astype(self, dtype: npt.DTypeLike, order: Any = ..., *, copy: bool = ...) -> Self: ...

    def fill(self, value: Any) -> None: ...

    def copy(self) -> Self: ...

    def transpose(self, axes: Any) -> Self: ...

    def ravel(self, order: Any = ...) -> Self: ...

    def all(self) -> np.bool_: ...


ScalarType: TypeAlias = int | float | complex | bytes | str | bool | np.generic
NDArrayLikeOrScalar: TypeAlias = ScalarType | NDArrayLike


def _abstract_on_base(cls: type, base: type) -> None:
    # zarr-python's wording when a factory is called on the abstract class itself.
    if cls is base:
        raise NotImplementedError(
            f"Cannot call abstract method on the abstract class {base.__name__!r}"
        )


def _check_contiguous_slice(key: Any) -> None:
    if not isinstance(key, slice):
        raise TypeError(f"Item key has incorrect type (expected slice, got {type(key).__name__})")
    if key.step not in (None, 1):
        raise ValueError("slice must be contiguous")


class Buffer(ABC):
    """A flat, contiguous block of bytes: indices and lengths count bytes.

    ``array_like`` must be 1-d with dtype ``uint8`` (``ValueError`` otherwise); it is kept,
    not copied. Build one with the class methods (``from_bytes``, ...) of a concrete subclass
    such as :class:`zarrlite.buffer.cpu.Buffer`.
    """

    def __init__(self, array_like: ArrayLike) -> None:
        if array_like.ndim != 1:
            raise ValueError("array_like: only 1-dim allowed")
        if array_like.dtype != np.dtype("B"):
            raise ValueError("array_like: only byte dtype allowed")
        self._data = array_like

    @classmethod
    @abstractmethod
    def create_zero_length(cls) -> Self:
        """A new, empty buffer."""
        _abstract_on_base(cls, Buffer)
        raise NotImplementedError

    @classmethod
    def from_array_like(cls, array_like: ArrayLike) -> Self:
        """A buffer over ``array_like`` (1-d, contiguous, ``uint8``), without a copy."""
        return cls(array_like)

    @classmethod
    @abstractmethod
    def from_buffer(cls, buffer: Buffer) -> Self:
        """A buffer of this class with the contents of ``buffer`` (copied only when the memory
        kind differs)."""
        _abstract_on_base(cls, Buffer)
        raise NotImplementedError

    @classmethod
    @abstractmethod
    def from_bytes(cls, bytes_like: BytesLike) -> Self:
        """A buffer over a bytes-like object (host memory)."""
        _abstract_on_base(cls, Buffer)
        raise NotImplementedError

    def as_array_like(self) -> ArrayLike:
        """The wrapped 1-d array (never a copy)."""
        return self._data

    @abstractmethod
    def as_numpy_array(self) -> npt.NDArray[Any]:
        """The contents as a numpy array (host memory)."""

    def as_buffer_like(self) -> BytesLike:
        """The contents as an object with the buffer protocol (a ``memoryview``)."""
        return memoryview(self.as_numpy_array())

    def to_bytes(self) -> bytes:
        """The contents as ``bytes``."""
        return bytes(self.as_numpy_array())

    def __getitem__(self, key: slice) -> Self:
        _check_contiguous_slice(key)
        return self.__class__(self._data[key])

    def __setitem__(self, key: slice, value: Any) -> None:
        _check_contiguous_slice(key)
        self._data[key] = value

    def __len__(self) -> int:
        return int(self._data.size)

    @abstractmethod
    def combine(self, others: Iterable[Buffer]) -> Self:
        """A new buffer holding this buffer's bytes followed by those of ``others``."""

    def __add__(self, other: Buffer) -> Self:
        return self.combine([other])

    def __eq__(self, other: object) -> bool:
        # Only buffers compare equal, by content (a buffer never equals a bytes object).
        return isinstance(other, Buffer) and bool(
            np.array_equal(self.as_numpy_array(), other.as_numpy_array())
        )

    __hash__ = None  # type: ignore[assignment]  # mutable, like zarr-python's


class NDBuffer:
    """An n-dimensional block of memory of one dtype, wrapping an n-d array (not a copy).

    Build one with the class methods (``create``, ``from_numpy_array``, ...) of a concrete
    subclass such as :class:`zarrlite.buffer.cpu.NDBuffer`.
    """

    def __init__(self, array: NDArrayLike) -> None:
        self._data = array

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
        _abstract_on_base(cls, NDBuffer)
        raise NotImplementedError

    @classmethod
    def empty(
        cls, shape: tuple[int, ...], dtype: npt.DTypeLike, order: Literal["C", "F"] = "C"
    ) -> Self:
        """A new buffer whose contents are not initialised."""
        return cls.create(shape=shape, dtype=dtype, order=order)

    @classmethod
    def from_ndarray_like(cls, ndarray_like: NDArrayLike) -> Self:
        """A buffer over ``ndarray_like`` (not a copy)."""
        return cls(ndarray_like)

    @classmethod
    def from_numpy_array(cls, array_like: npt.ArrayLike) -> Self:
        """A buffer over anything numpy can make an array of."""
        _abstract_on_base(cls, NDBuffer)
        raise NotImplementedError

    def as_ndarray_like(self) -> NDArrayLike:
        """The wrapped array (never a copy)."""
        return self._data

    def as_numpy_array(self) -> npt.NDArray[Any]:
        """The contents as a numpy array (host memory)."""
        _abstract_on_base(type(self), NDBuffer)
        raise NotImplementedError

    def as_scalar(self) -> ScalarType:
        """The one element of a buffer of size 1; ``ValueError`` for any other size."""
        if self._data.size != 1:
            raise ValueError("Buffer does not contain a single scalar value")
        return cast(ScalarType, self.as_numpy_array()[()])

    @property
    def dtype(self) -> np.dtype[Any]:
        """The element type."""
        return self._data.dtype

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape."""
        return self._data.shape

    @property
    def byteorder(self) -> Literal["big", "little"]:
        """``"little"`` or ``"big"``: the dtype's byte order (this machine's when native or
        not applicable)."""
        order = self.dtype.byteorder
        if order == "<":
            return "little"
        if order == ">":
            return "big"
        return sys.byteorder

    def reshape(self, newshape: tuple[int, ...] | Literal[-1]) -> Self:
        """A buffer over the data reshaped (a view where numpy can make one)."""
        shape = (newshape,) if newshape == -1 else newshape
        return self.__class__(self._data.reshape(shape))

    def squeeze(self, axis: tuple[int, ...]) -> Self:
        """A buffer without the (length-1) dimensions ``axis``."""
        shape = tuple(n for i, n in enumerate(self.shape) if i not in axis)
        return self.__class__(self._data.reshape(shape))

    def astype(self, dtype: npt.DTypeLike, order: Literal["K", "A", "C", "F"] = "K") -> Self:
        """A buffer over the data converted to ``dtype``."""
        return self.__class__(self._data.astype(dtype, order=order))

    def __getitem__(self, key: Any) -> Self:
        _abstract_on_base(type(self), NDBuffer)
        raise NotImplementedError

    def __setitem__(self, key: Any, value: Any) -> None:
        _abstract_on_base(type(self), NDBuffer)
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"<NDBuffer shape={self.shape} dtype={self.dtype} {self._data!r}>"

    def all_equal(self, other: Any, equal_nan: bool = True) -> bool:
        """Whether every element equals ``other`` (None: False). NaN equals NaN when
        ``equal_nan``; a float zero is compared by bit pattern, so ``-0.0`` is not ``0.0``."""
        if other is None:
            return False
        data = np.asarray(self._data)
        target = np.asarray(other)
        if data.dtype.kind in "biufcmM" and target.dtype.kind == "f" and other == 0.0:
            data, target = np.broadcast_arrays(data, target.astype(data.dtype))
            width = data.dtype.itemsize
            bits = {1: "u1", 2: "u2", 4: "u4", 8: "u8"}.get(width, f"V{width}")
            return bool(np.array_equal(data.view(bits), target.view(bits)))
        data, target = np.broadcast_arrays(data, target)
        nan_aware = equal_nan and data.dtype.kind not in "USTOV"
        return bool(np.array_equal(data, target, equal_nan=nan_aware))

    def fill(self, value: Any) -> None:
        """Set every element to ``value``."""
        self._data.fill(value)

    def copy(self) -> Self:
        """A buffer over a copy of the data."""
        return self.__class__(self._data.copy())

    def transpose(self, axes: SupportsIndex | Sequence[SupportsIndex] | None) -> Self:
        """A buffer over the data with its axes permuted."""
        return self.__class__(self._data.transpose(axes))


class BufferPrototype(NamedTuple):
    """The buffer classes a caller wants: ``buffer`` for bytes, ``nd_buffer`` for arrays."""

    buffer: type[Buffer]
    nd_buffer: type[NDBuffer]
