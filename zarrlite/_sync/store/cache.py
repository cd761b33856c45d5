# Generated from zarrlite/_async/store/cache.py by codegen. Do not edit.

"""``CacheStore``: a read-through cache of one store in another (zarr-python's
``zarr.experimental.cache_store.CacheStore``)."""

from __future__ import annotations

import builtins
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal, Self, TypeAlias

import attrs

from zarrlite._backend.sync import map_limited
from zarrlite._byte_request import ByteRequest, byte_range_argument
from zarrlite._store_values import as_prototype_buffer, unwrap_value
from zarrlite._sync.store._base import Store, dir_prefix, validate_key
from zarrlite._sync.store.wrapper import WrapperStore
from zarrlite._types import BytesLike

__all__ = ["CacheStore"]

# A whole value lives in the cache store under its own key; a byte range lives in memory.
_Entry: TypeAlias = str | tuple[str, ByteRequest]


def _key_of(entry: _Entry) -> str:
    return entry if isinstance(entry, str) else entry[0]


@attrs.define
class _CacheState:
    """Bookkeeping shared by a cache store and its ``with_read_only`` views. ``lock`` guards it
    and is never held across I/O (it is a thread lock: both flavours use it)."""

    order: OrderedDict[_Entry, int] = attrs.field(factory=OrderedDict)  # entry -> size, LRU first
    inserted: dict[_Entry, float] = attrs.field(factory=dict)  # entry -> time.monotonic()
    ranges: dict[tuple[str, ByteRequest], bytes] = attrs.field(factory=dict)
    size: int = 0
    hits: int = 0
    misses: int = 0
    evictions: int = 0
    lock: threading.Lock = attrs.field(factory=threading.Lock)

    def forget(self, entry: _Entry) -> None:
        """Drop ``entry`` from the bookkeeping (call with ``lock`` held)."""
        self.size -= self.order.pop(entry, 0)
        self.inserted.pop(entry, None)
        if not isinstance(entry, str):
            self.ranges.pop(entry, None)

    def entries_of(self, prefix: str, *, exact: bool) -> builtins.list[_Entry]:
        """Entries of key ``prefix`` (``exact``) or of keys below directory ``prefix``."""
        if exact:
            return [e for e in self.order if _key_of(e) == prefix]
        return [e for e in self.order if _key_of(e).startswith(prefix)]


class CacheStore(WrapperStore):
    """Reads of ``store`` cached in ``cache_store``: the first read of a key fetches it from
    ``store`` and keeps it; later reads are served from the cache.

    Whole values are kept in ``cache_store`` (any store that can delete, e.g. a
    ``MemoryStore`` or a ``LocalStore`` for a cache that outlives the process); byte-range
    reads are kept in memory, so partial reads never fill a persistent cache. Both count
    against ``max_size`` bytes (None: unbounded), least recently used entries evicted first;
    a value larger than ``max_size`` is not cached. Entries older than ``max_age_seconds``
    (``"infinity"``: never) are fetched again. Writes and deletes go to ``store`` and update
    the cache: the value written is cached when ``cache_set_data`` (else dropped), byte
    ranges of that key are dropped. Writes made to ``store`` by anyone else are not seen until
    an entry expires. Blocking ``get_sync``/``set_sync``/``delete_sync`` are refused: they
    would go around the cache.
    """

    def __init__(
        self,
        store: Store,
        *,
        cache_store: Store,
        max_age_seconds: int | float | Literal["infinity"] = "infinity",
        max_size: int | None = None,
        cache_set_data: bool = True,
    ) -> None:
        super().__init__(store)
        if not cache_store.supports_deletes:
            raise ValueError(
                f"the cache store {cache_store!r} cannot delete keys, which a cache must do"
            )
        if max_age_seconds != "infinity" and (
            isinstance(max_age_seconds, bool)
            or not isinstance(max_age_seconds, int | float)
            or not max_age_seconds >= 0
        ):
            raise ValueError(
                f"max_age_seconds must be a number >= 0 or 'infinity', got {max_age_seconds!r}"
            )
        if max_size is not None and (
            isinstance(max_size, bool) or not isinstance(max_size, int) or max_size < 0
        ):
            raise ValueError(f"max_size must be an int >= 0 or None, got {max_size!r}")
        self._cache = cache_store
        self.max_age_seconds = max_age_seconds
        self.max_size = max_size
        self.cache_set_data = bool(cache_set_data)
        self._state = _CacheState()

    @property
    def cache_store(self) -> Store:
        """Where whole values are cached."""
        return self._cache

    def with_read_only(self, read_only: bool = False) -> Self:
        """A view with the given ``read_only`` sharing this cache (store, entries, statistics)."""
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)  # not copy.copy: pickling drops the bookkeeping
        clone._store = self._store.with_read_only(read_only)
        return clone

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(store={self._store!r}, cache_store={self._cache!r}, "
            f"max_age_seconds={self.max_age_seconds}, max_size={self.max_size}, "
            f"current_size={self._state.size}, cached_keys={len(self._state.order)})"
        )

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_state"] = None  # an unpickled copy starts with empty bookkeeping
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._state = _CacheState()

    # -- statistics ---------------------------------------------------------------------------

    def cache_info(self) -> dict[str, Any]:
        """The configuration and fill of the cache (zarr-python's keys)."""
        state = self._state
        with state.lock:
            return {
                "cache_store_type": type(self._cache).__name__,
                "max_age_seconds": self.max_age_seconds,
                "max_size": self.max_size,
                "current_size": state.size,
                "cache_set_data": self.cache_set_data,
                "tracked_keys": len(state.inserted),
                "cached_keys": len(state.order),
            }

    def cache_stats(self) -> dict[str, Any]:
        """Hits, misses, evictions, total requests and hit rate so far."""
        state = self._state
        with state.lock:
            total = state.hits + state.misses
            return {
                "hits": state.hits,
                "misses": state.misses,
                "evictions": state.evictions,
                "total_requests": total,
                "hit_rate": state.hits / total if total else 0.0,
            }

    def clear_cache(self) -> None:
        """Empty the cache (the cache store is cleared); ``store`` is untouched."""
        self._cache.clear()
        state = self._state
        with state.lock:
            state.order.clear()
            state.inserted.clear()
            state.ranges.clear()
            state.size = 0

    # -- bookkeeping ------------------------------------------------------------------------------

    def _fresh(self, entry: _Entry) -> bool:
        if self.max_age_seconds == "infinity":
            return True
        inserted = self._state.inserted.get(entry, -math.inf)
        return time.monotonic() - inserted < self.max_age_seconds

    def _admit(self, entry: _Entry, value: bytes) -> builtins.list[str] | None:
        """Account for caching ``value`` as ``entry``: the keys evicted to make room (to delete
        from the cache store), or None when the value is too large to cache."""
        size = len(value)
        state = self._state
        with state.lock:
            state.forget(entry)
            if self.max_size is not None and size > self.max_size:
                return None
            evicted: builtins.list[str] = []
            while self.max_size is not None and state.size + size > self.max_size:
                oldest = next(iter(state.order))
                state.forget(oldest)
                state.evictions += 1
                if isinstance(oldest, str):
                    evicted.append(oldest)
            state.order[entry] = size
            state.size += size
            state.inserted[entry] = time.monotonic()
            if not isinstance(entry, str):
                state.ranges[entry] = value
            return evicted

    def _keep(self, key: str, byte_range: ByteRequest | None, value: bytes) -> None:
        entry: _Entry = key if byte_range is None else (key, byte_range)
        evicted = self._admit(entry, value)
        for old in evicted or ():
            self._cache.delete(old)
        if evicted is not None and byte_range is None:
            self._cache.set(key, value)

    def _drop(self, key: str, *, ranges_only: bool = False) -> None:
        state = self._state
        with state.lock:
            for entry in state.entries_of(key, exact=True):
                if not (ranges_only and isinstance(entry, str)):
                    state.forget(entry)
        if not ranges_only:
            self._cache.delete(key)

    def _drop_dir(self, directory: str) -> None:
        state = self._state
        with state.lock:
            for entry in state.entries_of(directory, exact=False):
                state.forget(entry)
        self._cache.delete_dir(directory)

    # -- reads ----------------------------------------------------------------------------------

    def get(self, key: str, prototype: Any = None, byte_range: ByteRequest | None = None) -> Any:
        """The value from the cache when it holds a fresh copy, else from ``store`` (then
        cached). ``prototype`` as in :meth:`Store.get`."""
        value = self._get_value(key, byte_range_argument(prototype, byte_range))
        return value if prototype is None else as_prototype_buffer(prototype, value)

    def _get_value(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        validate_key(key)
        entry: _Entry = key if byte_range is None else (key, byte_range)
        state = self._state
        if self._fresh(entry):
            found: bytes | None
            if isinstance(entry, str):
                found = self._cache.get(key)
            else:
                with state.lock:
                    found = state.ranges.get(entry)
            if found is not None:
                with state.lock:
                    state.hits += 1
                    if entry in state.order:
                        state.order.move_to_end(entry)
                return found
        with state.lock:
            state.misses += 1
        value: bytes | None = self._store.get(key, byte_range)
        if value is None and byte_range is None:
            self._drop(key)
        elif value is None:
            self._forget(entry)
        else:
            self._keep(key, byte_range, value)
        return value

    def _forget(self, entry: _Entry) -> None:
        with self._state.lock:
            self._state.forget(entry)

    def get_many(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        """:meth:`get` for each ``(key, byte_range)``, concurrently; results in request order."""
        return map_limited(self._get_one, requests, self.limiter.total)

    def _get_one(self, request: tuple[str, ByteRequest | None]) -> bytes | None:
        return self._get_value(request[0], byte_range_argument(None, request[1]))

    # -- writes ---------------------------------------------------------------------------------

    def set(self, key: str, value: BytesLike) -> None:
        """Write to ``store``, then cache the value (``cache_set_data``) or drop the cached one."""
        value = unwrap_value(value)
        self._store.set(key, value)
        self._after_set(key, value)

    def _after_set(self, key: str, value: BytesLike) -> None:
        self._drop(key, ranges_only=self.cache_set_data)
        if self.cache_set_data:
            data = value if type(value) is bytes else bytes(memoryview(value))
            self._keep(key, None, data)

    def set_many(self, items: Iterable[tuple[str, BytesLike]]) -> None:
        """:meth:`set` for each ``(key, value)``."""
        todo = [(key, unwrap_value(value)) for key, value in items]
        self._store.set_many(todo)
        for key, value in todo:
            self._after_set(key, value)

    def set_if_not_exists(self, key: str, value: BytesLike) -> None:
        """Forwarded; the key's cached copies are dropped (whichever value won is read anew)."""
        self._store.set_if_not_exists(key, value)
        self._drop(key)

    def delete(self, key: str) -> None:
        """Delete from ``store`` and from the cache."""
        self._store.delete(key)
        self._drop(key)

    def delete_dir(self, prefix: str) -> None:
        """Delete below ``prefix`` in ``store`` and in the cache."""
        self._store.delete_dir(prefix)
        self._drop_dir(dir_prefix(prefix))

    def clear(self) -> None:
        """Delete every key of ``store``, and empty the cache."""
        self._store.clear()
        self.clear_cache()

    # -- blocking I/O would bypass the cache ------------------------------------------------------

    @property
    def supports_sync_io(self) -> bool:
        """False: blocking I/O is refused."""
        return False

    def get_sync(
        self, key: str, *, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> bytes | None:
        """Refused (``TypeError``): it would read around the cache."""
        raise TypeError(f"{type(self).__name__} has no get_sync: it would bypass the cache")

    def get_sync_into(self, key: str, buffer: Callable[[int], Any]) -> BytesLike | None:
        """Refused, as :meth:`get_sync` is (``TypeError``)."""
        return self.get_sync(key)

    def set_sync(self, key: str, value: BytesLike) -> None:
        """Refused (``TypeError``): it would write around the cache."""
        raise TypeError(f"{type(self).__name__} has no set_sync: it would bypass the cache")

    def delete_sync(self, key: str) -> None:
        """Refused (``TypeError``): it would delete around the cache."""
        raise TypeError(f"{type(self).__name__} has no delete_sync: it would bypass the cache")
