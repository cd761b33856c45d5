"""Store values besides ``bytes``: zarr-python style buffers, going in and coming out.

Stores hold and return ``bytes``. Code written for zarr-python passes a buffer prototype to
reads and gets buffers back (:func:`as_prototype_buffer`), and passes buffers to writes
(:func:`unwrap_value`). Both are duck-typed, so zarr-python's own buffers work too and zarr is
never imported. Internal reads pass no prototype and skip all of this. :func:`put_sync` writes
(or deletes) an encoded value through a store's blocking calls, for the chunk pipeline and the
shard writer alike.
"""

from __future__ import annotations

from typing import Any

from zarrlite._byte_request import OffsetByteRequest, RangeByteRequest, SuffixByteRequest
from zarrlite._types import BytesLike

__all__ = [
    "PLAIN_VALUES",
    "as_prototype_buffer",
    "as_prototype_buffers",
    "put_sync",
    "stored_bytes",
    "unwrap_value",
]

_BYTE_REQUESTS = (RangeByteRequest, OffsetByteRequest, SuffixByteRequest)

# Values stored as they are; writers test ``isinstance(value, PLAIN_VALUES)`` inline, so that
# writes of these make no extra call.
PLAIN_VALUES = (bytes, bytearray, memoryview)


def as_prototype_buffer(prototype: Any, value: bytes | None) -> Any:
    """``value`` as a ``prototype.buffer`` (None stays None). A byte request in the prototype's
    place (the older ``get(key, byte_range)``) means no prototype: ``value`` is returned as is.
    Callers test ``prototype is None`` first, so plain reads never get here."""
    if value is None or prototype is None or isinstance(prototype, _BYTE_REQUESTS):
        return value
    from_bytes = getattr(getattr(prototype, "buffer", None), "from_bytes", None)
    if from_bytes is None:
        raise TypeError(
            "prototype must be a BufferPrototype (e.g. zarrlite.buffer.default_buffer_prototype()"
            f") or None, got {prototype!r}"
        )
    return from_bytes(value)


def as_prototype_buffers(prototype: Any, values: list[Any]) -> list[Any]:
    """:func:`as_prototype_buffer` of each of ``values``, in place."""
    for index, value in enumerate(values):
        values[index] = as_prototype_buffer(prototype, value)
    return values


def unwrap_value(value: Any) -> BytesLike:
    """A value to store as a bytes-like object: a buffer (anything with ``as_buffer_like``,
    zarr-python's ``Buffer`` included) gives its buffer-protocol view, anything else is
    returned unchanged (the store checks it)."""
    unwrap = getattr(type(value), "as_buffer_like", None)
    return value if unwrap is None else value.as_buffer_like()  # type: ignore[no-any-return]


def stored_bytes(value: Any) -> bytes:
    """A value a mapping holds (a memory store's dict) as ``bytes``: ``bytes`` as is, a buffer
    by its ``to_bytes()``, anything else with the buffer protocol copied."""
    if type(value) is bytes:
        return value
    to_bytes = getattr(type(value), "to_bytes", None)
    return bytes(value) if to_bytes is None else value.to_bytes()  # type: ignore[no-any-return]


def put_sync(store: Any, key: str, data: BytesLike | None) -> None:
    """Store an encoded chunk or shard with a blocking call (a store with ``set_sync``, I/O in
    this process); None (nothing to store) deletes it."""
    if data is None:
        store.delete_sync(key)
    else:
        store.set_sync(key, data)
