"""A read-through cache of one store in another, as ``zarr.experimental.cache_store``.

``CacheStore`` is the blocking flavour, ``AsyncCacheStore`` the async one (generated from it).
"""

from __future__ import annotations

from zarrlite._async.store.cache import AsyncCacheStore
from zarrlite._sync.store.cache import CacheStore

__all__ = ["AsyncCacheStore", "CacheStore"]
