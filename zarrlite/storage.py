"""Stores, as ``zarr.storage``: the blocking flavour under zarr-python's names, and the async
flavour under ``Async*`` names (both share data: ``make_store_path`` turns one into the other)."""

from __future__ import annotations

from zarrlite._async.store import (
    AsyncFsspecStore,
    AsyncLocalStore,
    AsyncLoggingStore,
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
from zarrlite._sync.store import (
    FsspecStore,
    LocalStore,
    LoggingStore,
    MemoryStore,
    ObjectStore,
    Store,
    StoreLike,
    StorePath,
    WrapperStore,
    ZipStore,
    make_store_path,
)

__all__ = [
    "AsyncFsspecStore",
    "AsyncLocalStore",
    "AsyncLoggingStore",
    "AsyncMemoryStore",
    "AsyncObjectStore",
    "AsyncStore",
    "AsyncStorePath",
    "AsyncWrapperStore",
    "AsyncZipStore",
    "ByteRequest",
    "FsspecStore",
    "LocalStore",
    "LoggingStore",
    "MemoryStore",
    "ObjectStore",
    "OffsetByteRequest",
    "RangeByteRequest",
    "Store",
    "StoreLike",
    "StorePath",
    "SuffixByteRequest",
    "WrapperStore",
    "ZipStore",
    "make_async_store_path",
    "make_store_path",
]
