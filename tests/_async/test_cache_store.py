"""``CacheStore`` (zarrlite.experimental.cache_store): what the read-through cache promises
beyond the store conformance suite (which it also passes, in test_store_conformance.py)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zarrlite._async.api import open_array
from zarrlite._async.api_arrays import create_array
from zarrlite._async.store import (
    AsyncCacheStore,
    AsyncLocalStore,
    AsyncLoggingStore,
    AsyncMemoryStore,
    RangeByteRequest,
)
from zarrlite._async.store import cache as cache_module
from zarrlite.errors import ReadOnlyError

pytestmark = pytest.mark.anyio


def cached(**options: Any) -> tuple[AsyncCacheStore, AsyncLoggingStore, AsyncMemoryStore]:
    """A cache over a logged memory store (to count the reads that reach it)."""
    source = AsyncLoggingStore(AsyncMemoryStore())
    cache = AsyncMemoryStore()
    return AsyncCacheStore(source, cache_store=cache, **options), source, cache


async def test_reads_are_served_from_the_cache_after_the_first() -> None:
    store, source, cache = cached(cache_set_data=False)
    await source.set("k", b"value")
    assert await store.get("k") == b"value"
    assert await store.get("k") == b"value"
    assert await store.get("k") == b"value"
    assert source.counter["get"] == 1
    assert cache.store_dict == {"k": b"value"}
    assert store.cache_stats() == {
        "hits": 2,
        "misses": 1,
        "evictions": 0,
        "total_requests": 3,
        "hit_rate": 2 / 3,
    }
    assert await store.get("missing") is None
    assert await store.get("missing") is None
    assert source.counter["get"] == 3  # a missing key is not cached


async def test_byte_ranges_are_cached_in_memory_only() -> None:
    store, source, cache = cached()
    await source.set("k", b"0123456789")
    first = await store.get("k", RangeByteRequest(2, 5))
    again = await store.get("k", RangeByteRequest(2, 5))
    assert first == again == b"234"
    assert source.counter["get"] == 1
    assert cache.store_dict == {}  # never written to the cache store
    assert store.cache_info()["current_size"] == 3
    await store.set("k", b"abcdefghij")  # a write drops the cached ranges of its key
    assert await store.get("k", RangeByteRequest(2, 5)) == b"cde"


async def test_writes_update_or_drop_the_cached_value() -> None:
    store, source, cache = cached()
    await store.set("k", b"new")
    assert cache.store_dict == {"k": b"new"}
    assert await store.get("k") == b"new" and source.counter["get"] == 0
    await store.set_many([("a", b"1"), ("b", b"2")])
    assert await store.get_many([("a", None), ("b", None)]) == [b"1", b"2"]
    assert source.counter["get"] == 0 and source.counter["get_many"] == 0
    await store.delete("k")
    assert "k" not in cache.store_dict and await store.get("k") is None
    await store.set_if_not_exists("a", b"ignored")
    assert "a" not in cache.store_dict  # dropped: which value won is read anew
    assert await store.get("a") == b"1"
    await store.delete_dir("")
    assert cache.store_dict == {} and source._store.store_dict == {}  # type: ignore[attr-defined]

    no_write_cache, _, cache2 = cached(cache_set_data=False)
    await no_write_cache.set("k", b"1")
    assert cache2.store_dict == {}


async def test_least_recently_used_entries_are_evicted_first() -> None:
    store, source, cache = cached(max_size=10, cache_set_data=False)
    await source.set_many([("a", b"aaaa"), ("b", b"bbbb"), ("c", b"cccc"), ("big", b"x" * 11)])
    await store.get("a")
    await store.get("b")
    await store.get("a")  # now "b" is the least recently used
    await store.get("c")  # 12 bytes > 10: evicts "b"
    assert sorted(cache.store_dict) == ["a", "c"]
    assert store.cache_info()["current_size"] == 8
    assert store.cache_stats()["evictions"] == 1
    assert await store.get("big") == b"x" * 11  # larger than max_size: not cached at all
    assert "big" not in cache.store_dict
    assert store.cache_info()["cached_keys"] == 2


async def test_entries_expire_after_max_age(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: now[0])
    store, source, _ = cached(max_age_seconds=5)
    await source.set("k", b"v1")
    assert await store.get("k") == b"v1"
    await source.set("k", b"v2")  # behind the cache's back
    now[0] += 4
    assert await store.get("k") == b"v1"  # still fresh
    now[0] += 2
    assert await store.get("k") == b"v2"  # expired: fetched again
    assert source.counter["get"] == 2


async def test_clear_cache_views_and_info() -> None:
    store, source, cache = cached(max_size=100)
    await source.set("k", b"v")
    await store.get("k")
    view = store.with_read_only(True)
    assert view.read_only and not store.read_only
    assert await view.get("k") == b"v"
    assert store.cache_stats()["hits"] == 1  # the view shares the bookkeeping
    with pytest.raises(ReadOnlyError):
        await view.set("k", b"x")
    assert set(store.cache_info()) == {
        "cache_store_type",
        "max_age_seconds",
        "max_size",
        "current_size",
        "cache_set_data",
        "tracked_keys",
        "cached_keys",
    }
    assert store.cache_info()["cache_store_type"] == type(cache).__name__
    assert repr(store).startswith(f"{type(store).__name__}(store={source!r}, cache_store=")
    assert repr(store).endswith("max_size=100, current_size=1, cached_keys=1)")
    await store.clear_cache()
    assert cache.store_dict == {} and store.cache_info()["current_size"] == 0
    assert await store.get("k") == b"v"  # the source is untouched
    clone = pickle.loads(pickle.dumps(store))
    assert clone.cache_info()["cached_keys"] == 0 and await clone.get("k") == b"v"


class NoDeletes(AsyncMemoryStore):
    @property
    def supports_deletes(self) -> bool:
        return False


async def test_arguments_are_checked() -> None:
    source = AsyncMemoryStore()
    with pytest.raises(ValueError, match="cannot delete"):
        AsyncCacheStore(source, cache_store=NoDeletes())
    for bad_age in ("forever", -1, True):
        with pytest.raises(ValueError, match="max_age_seconds"):
            AsyncCacheStore(source, cache_store=AsyncMemoryStore(), max_age_seconds=bad_age)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_size"):
        AsyncCacheStore(source, cache_store=AsyncMemoryStore(), max_size=-1)
    store = AsyncCacheStore(source, cache_store=AsyncMemoryStore())
    for refused in (
        lambda: store.get_sync("k"),
        lambda: store.set_sync("k", b"1"),
        lambda: store.delete_sync("k"),
    ):
        with pytest.raises(TypeError, match="bypass the cache"):
            refused()


async def test_a_persistent_cache_serves_a_new_cache_store(tmp_path: Path) -> None:
    source = AsyncLoggingStore(AsyncMemoryStore())
    array = await create_array(source, shape=(8,), chunks=(4,), dtype="i4")
    await array.setitem(slice(None), np.arange(8, dtype="i4"))
    disk = AsyncLocalStore(tmp_path / "cache")
    first = AsyncCacheStore(source, cache_store=disk)
    warm = await open_array(first, mode="r")
    np.testing.assert_array_equal(await warm.getitem(()), np.arange(8))
    source.reset()
    second = AsyncCacheStore(source, cache_store=AsyncLocalStore(tmp_path / "cache"))
    read = await open_array(second, mode="r")
    np.testing.assert_array_equal(await read.getitem(()), np.arange(8))
    # Only keys that do not exist (the v2 metadata probes) still reach the source: a miss is
    # not cached. The metadata and both chunks come from the cache on disk.
    assert {key for _, key, _, nbytes in source.requests if nbytes is not None} == set()
    assert second.cache_stats()["hits"] == 3
