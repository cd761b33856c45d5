"""Structural types of stores and store paths (flavour-neutral; zarr-python's ``zarr.abc.store``
protocols). ``isinstance`` checks only that the methods exist."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from zarrlite._byte_request import ByteRequest
from zarrlite._types import BytesLike

__all__ = [
    "ByteGetter",
    "ByteSetter",
    "SupportsDeleteSync",
    "SupportsGetSync",
    "SupportsSetSync",
    "SupportsSyncStore",
    "SyncByteGetter",
    "SyncByteSetter",
]


@runtime_checkable
class SupportsGetSync(Protocol):
    """A store that reads in the caller's thread (memory, local, and wrappers of them)."""

    def get_sync(
        self, key: str, *, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> bytes | None: ...


@runtime_checkable
class SupportsSetSync(Protocol):
    """A store that writes in the caller's thread."""

    def set_sync(self, key: str, value: BytesLike) -> None: ...


@runtime_checkable
class SupportsDeleteSync(Protocol):
    """A store that deletes in the caller's thread."""

    def delete_sync(self, key: str) -> None: ...


@runtime_checkable
class SupportsSyncStore(SupportsGetSync, SupportsSetSync, SupportsDeleteSync, Protocol):
    """All three blocking methods (zarr-python requires all or none)."""


@runtime_checkable
class ByteGetter(Protocol):
    """What reads one value: a store path (``get`` is a coroutine in the async flavour)."""

    def get(self, prototype: Any = None, byte_range: ByteRequest | None = None) -> Any: ...


@runtime_checkable
class ByteSetter(ByteGetter, Protocol):
    """What reads, writes and deletes one value: a store path."""

    def set(self, value: BytesLike) -> Any: ...

    def delete(self) -> Any: ...


@runtime_checkable
class SyncByteGetter(Protocol):
    """A byte getter that also reads as a plain call (a store path: it works when its store
    has ``get_sync``)."""

    def get_sync(self, prototype: Any = None, byte_range: ByteRequest | None = None) -> Any: ...


@runtime_checkable
class SyncByteSetter(SyncByteGetter, Protocol):
    """A byte setter that also writes and deletes as plain calls."""

    def set_sync(self, value: BytesLike) -> None: ...

    def delete_sync(self) -> None: ...
