"""The three kinds of codec of the Zarr v3 spec, as pure synchronous objects.

Codecs never do I/O and never await: the pipeline runs them on worker threads (async flavour)
or inline (sync flavour). Every concrete codec is a frozen attrs class with ``name`` set to its
spec name and ``to_dict``/``from_dict`` for its JSON form.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import Any, ClassVar, Self

import attrs
import numpy as np

from zarrlite._types import JSON, BytesLike, ChunkCoords, MemoryOrder

__all__ = [
    "ArrayArrayCodec",
    "ArrayBytesCodec",
    "ArraySpec",
    "BytesBytesCodec",
    "Codec",
]


@attrs.frozen
class ArraySpec:
    """What a codec knows of the chunk it transforms.

    ``shape`` is the chunk's shape (the full chunk, also at array edges), ``fill_value`` a
    numpy scalar of ``dtype``, ``order`` the in-memory layout the caller wants back.
    """

    shape: ChunkCoords
    dtype: np.dtype[Any]
    fill_value: Any
    order: MemoryOrder = "C"

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def nbytes(self) -> int:
        # math.prod: np.prod costs ~10 us, paid once per chunk read.
        return math.prod(self.shape) * self.dtype.itemsize


class Codec(ABC):
    """Base of every codec: identity, JSON form and validation against an array."""

    name: ClassVar[str]
    #: whether ``decode`` of this codec releases the GIL for most of its time (worth a thread)
    releases_gil: ClassVar[bool] = False

    @classmethod
    @abstractmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        """Build the codec from its JSON form ``{"name": ..., "configuration": {...}}``."""

    @abstractmethod
    def to_dict(self) -> dict[str, JSON]:
        """The codec's JSON form."""

    def evolve_from_array_spec(self, spec: ArraySpec) -> Self:
        """Fill parameters that depend on the array (e.g. blosc ``typesize``). Default: none."""
        return self

    def validate(self, spec: ArraySpec) -> None:  # noqa: B027 - optional hook
        """Raise ``ValueError`` (naming the codec) if this codec cannot handle ``spec``."""

    def resolve_spec(self, spec: ArraySpec) -> ArraySpec:
        """The spec of this codec's output, given the spec of its input. Default: unchanged."""
        return spec


class ArrayArrayCodec(Codec):
    """ndarray -> ndarray (e.g. ``transpose``)."""

    @abstractmethod
    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]: ...

    @abstractmethod
    def decode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]:
        """``spec`` is the spec of the *decoded* (input-side) array."""


class ArrayBytesCodec(Codec):
    """ndarray -> bytes (e.g. ``bytes``, ``vlen-utf8``, ``sharding_indexed``)."""

    @abstractmethod
    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> BytesLike | None:
        """Serialise one chunk. ``None`` means "nothing to store" (e.g. an all-empty shard)."""

    @abstractmethod
    def decode(self, data: BytesLike, spec: ArraySpec) -> np.ndarray[Any, Any]:
        """Deserialise one chunk of ``spec.shape`` and ``spec.dtype`` in ``spec.order``."""

    def encoded_size(self, spec: ArraySpec) -> int | None:
        """Byte size of an encoded chunk if it is fixed, else None."""
        return None


class BytesBytesCodec(Codec):
    """bytes -> bytes (compressors, checksums)."""

    @abstractmethod
    def encode(self, data: BytesLike) -> BytesLike: ...

    @abstractmethod
    def decode(self, data: BytesLike) -> BytesLike: ...

    def encode_transient(self, data: BytesLike) -> BytesLike:
        """:meth:`encode`, whose result may live in a buffer of the calling thread that its
        next ``encode_transient`` reuses: for a caller that copies the bytes out (a store's
        ``set_sync``) before encoding again. A compressor then skips its output allocation and
        the copy that trims it."""
        return self.encode(data)

    def encoded_size(self, input_size: int) -> int | None:
        """Output size for an input of ``input_size`` bytes if it is fixed, else None."""
        return None
