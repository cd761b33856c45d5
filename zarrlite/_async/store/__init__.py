"""Stores: where arrays and groups keep their bytes.

``AsyncStore`` (the abstract base), ``AsyncMemoryStore``, ``AsyncManagedMemoryStore``,
``AsyncLocalStore``, ``AsyncZipStore``, ``AsyncFsspecStore``, ``AsyncObjectStore``,
``AsyncWrapperStore``, ``AsyncLoggingStore``, ``AsyncCacheStore``; ``AsyncStorePath`` and
``make_store_path``, which resolves every ``store`` argument; and the byte ranges of partial
reads.
"""

from __future__ import annotations

from zarrlite._async.store._base import AsyncStore, validate_key
from zarrlite._async.store.cache import AsyncCacheStore
from zarrlite._async.store.fsspec import AsyncFsspecStore
from zarrlite._async.store.local import AsyncLocalStore
from zarrlite._async.store.logging import AsyncLoggingStore
from zarrlite._async.store.managed_memory import AsyncManagedMemoryStore
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite._async.store.object_store import AsyncObjectStore
from zarrlite._async.store.path import (
    AsyncStorePath,
    StoreLike,
    make_store,
    make_store_path,
    normalize_path,
    set_or_delete,
)
from zarrlite._async.store.wrapper import AsyncWrapperStore
from zarrlite._async.store.zip import AsyncZipStore
from zarrlite._byte_request import (
    ByteRequest,
    OffsetByteRequest,
    RangeByteRequest,
    SuffixByteRequest,
)

__all__ = [
    "AsyncCacheStore",
    "AsyncFsspecStore",
    "AsyncLocalStore",
    "AsyncLoggingStore",
    "AsyncManagedMemoryStore",
    "AsyncMemoryStore",
    "AsyncObjectStore",
    "AsyncStore",
    "AsyncStorePath",
    "AsyncWrapperStore",
    "AsyncZipStore",
    "ByteRequest",
    "OffsetByteRequest",
    "RangeByteRequest",
    "StoreLike",
    "SuffixByteRequest",
    "make_store",
    "make_store_path",
    "normalize_path",
    "set_or_delete",
    "validate_key",
]
