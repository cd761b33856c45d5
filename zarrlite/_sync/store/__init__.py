# Generated from zarrlite/_async/store/__init__.py by codegen. Do not edit.

"""Stores: where arrays and groups keep their bytes.

``Store`` (the abstract base), ``MemoryStore``, ``ManagedMemoryStore``,
``LocalStore``, ``ZipStore``, ``FsspecStore``, ``ObjectStore``,
``WrapperStore``, ``LoggingStore``, ``CacheStore``; ``StorePath`` and
``make_store_path``, which resolves every ``store`` argument; and the byte ranges of partial
reads.
"""

from __future__ import annotations

from zarrlite._byte_request import (
    ByteRequest,
    OffsetByteRequest,
    RangeByteRequest,
    SuffixByteRequest,
)
from zarrlite._sync.store._base import Store, validate_key
from zarrlite._sync.store.cache import CacheStore
from zarrlite._sync.store.fsspec import FsspecStore
from zarrlite._sync.store.local import LocalStore
from zarrlite._sync.store.logging import LoggingStore
from zarrlite._sync.store.managed_memory import ManagedMemoryStore
from zarrlite._sync.store.memory import MemoryStore
from zarrlite._sync.store.object_store import ObjectStore
from zarrlite._sync.store.path import (
    StoreLike,
    StorePath,
    make_store,
    make_store_path,
    normalize_path,
    set_or_delete,
)
from zarrlite._sync.store.wrapper import WrapperStore
from zarrlite._sync.store.zip import ZipStore

__all__ = [
    "CacheStore",
    "FsspecStore",
    "LocalStore",
    "LoggingStore",
    "ManagedMemoryStore",
    "MemoryStore",
    "ObjectStore",
    "Store",
    "StorePath",
    "WrapperStore",
    "ZipStore",
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
