"""Stores, as ``zarr.storage``: the blocking flavour under zarr-python's names, and the async
flavour under ``Async*`` names (both share data: ``make_store_path`` turns one into the other).
The read-through cache is in :mod:`zarrlite.experimental.cache_store`, as in zarr-python.

``BlockingOverAsyncStore`` and ``AsyncOverBlockingStore`` wrap a store of one flavour (a user's
subclass, which has no twin) for the other; ``make_store_path`` does it by itself."""

from __future__ import annotations

from zarrlite._async.store import (
    AsyncFsspecStore,
    AsyncLocalStore,
    AsyncLoggingStore,
    AsyncManagedMemoryStore,
    AsyncMemoryStore,
    AsyncObjectStore,
    AsyncStore,
    AsyncStorePath,
    AsyncWrapperStore,
    AsyncZipStore,
)
from zarrlite._async.store import make_store_path as make_async_store_path
from zarrlite._byte_request import (
    ByteRequest,
    OffsetByteRequest,
    RangeByteRequest,
    SuffixByteRequest,
)
from zarrlite._facade.async_store import BlockingOverAsyncStore
from zarrlite._facade.blocking_store import AsyncOverBlockingStore
from zarrlite._store_protocols import (
    ByteGetter,
    ByteSetter,
    SupportsDeleteSync,
    SupportsGetSync,
    SupportsSetSync,
    SupportsSyncStore,
)
from zarrlite._sync.store import (
    FsspecStore,
    LocalStore,
    LoggingStore,
    ManagedMemoryStore,
    MemoryStore,
    ObjectStore,
    Store,
    StoreLike,
    StorePath,
    WrapperStore,
    ZipStore,
    make_store_path,
    set_or_delete,
)

__all__ = [
    "AsyncFsspecStore",
    "AsyncLocalStore",
    "AsyncLoggingStore",
    "AsyncManagedMemoryStore",
    "AsyncMemoryStore",
    "AsyncObjectStore",
    "AsyncOverBlockingStore",
    "AsyncStore",
    "AsyncStorePath",
    "AsyncWrapperStore",
    "AsyncZipStore",
    "BlockingOverAsyncStore",
    "ByteGetter",
    "ByteRequest",
    "ByteSetter",
    "FsspecStore",
    "LocalStore",
    "LoggingStore",
    "ManagedMemoryStore",
    "MemoryStore",
    "ObjectStore",
    "OffsetByteRequest",
    "RangeByteRequest",
    "Store",
    "StoreLike",
    "StorePath",
    "SuffixByteRequest",
    "SupportsDeleteSync",
    "SupportsGetSync",
    "SupportsSetSync",
    "SupportsSyncStore",
    "WrapperStore",
    "ZipStore",
    "make_async_store_path",
    "make_store_path",
    "set_or_delete",
]
