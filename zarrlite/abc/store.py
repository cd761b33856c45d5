"""zarr-python's ``zarr.abc.store``: the store base class, byte requests and store protocols.

``Store`` is the blocking base class of :mod:`zarrlite.storage` (its stores are instances of
it); the async base class is :class:`zarrlite.storage.AsyncStore`. Reads return ``bytes``, or
buffers of ``prototype.buffer`` when a ``prototype`` (:mod:`zarrlite.buffer`) is passed; writes
take bytes-like values or buffers.
"""

from __future__ import annotations

from zarrlite._byte_request import (
    ByteRequest,
    OffsetByteRequest,
    RangeByteRequest,
    SuffixByteRequest,
)
from zarrlite._store_protocols import (
    ByteGetter,
    ByteSetter,
    SupportsDeleteSync,
    SupportsGetSync,
    SupportsSetSync,
    SupportsSyncStore,
    SyncByteGetter,
    SyncByteSetter,
)
from zarrlite._sync.store import Store, set_or_delete

__all__ = [
    "ByteGetter",
    "ByteRequest",
    "ByteSetter",
    "OffsetByteRequest",
    "RangeByteRequest",
    "Store",
    "SuffixByteRequest",
    "SupportsDeleteSync",
    "SupportsGetSync",
    "SupportsSetSync",
    "SupportsSyncStore",
    "SyncByteGetter",
    "SyncByteSetter",
    "set_or_delete",
]
