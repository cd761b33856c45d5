# Generated from tests/_async/test_cache_store.py by codegen. Do not edit.

"""``CacheStore`` (zarrlite.experimental.cache_store): what the read-through cache promises
beyond the store conformance suite (which it also passes, in test_store_conformance.py)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zarrlite._sync.api import open_array
from zarrlite._sync.api_arrays import create_array
from zarrlite._sync.store import (
    CacheStore,
    LocalStore,
    LoggingStore,
    MemoryStore,
    RangeByteRequest,
)
from zarrlite._sync.store import cache as cache_module
from zarrlite.errors import ReadOnlyError


def cached(**options: Any) -> tuple[CacheStore, LoggingStore, MemoryStore]:
    """A cache over a logged memory store (to count the reads that reach it)."""
    source = LoggingStore(MemoryStore())
    cache = MemoryStore()
    return CacheStore(source, cache_store=cache, **options), source, cache


def test_reads_are_served_from_the_cache_after_the_first() -> None:
    store, source, cache = cached(cache_set_data=False)
    source.set("k", b"value")
    assert store.get("k") == b"value"
    assert store.get("k") == b"value"
    assert store.get("k") == b"value"
    assert source.counter["get"] == 1
    assert cache.store_dict == {"k": b"value"}
    assert store.cache_stats() == {
        "hits": 2,
        "misses": 1,
        "evictions": 0,
        "total_requests": 3,
        "hit_rate": 2 / 3,
    }
    assert store.get("missing") is None
    assert store.get("missing") is None
    assert source.counter["get"] == 3  # a missing key is not cached


def test_byte_ranges_are_cached_in_memory_only() -> None:
    store, source, cache = cached()
    source.set("k", b"0123456789")
    first = store.get("k", RangeByteRequest(2, 5))
    again = store.get("k", RangeByteRequest(2, 5))
    assert first == again == b"234"
    assert source.counter["get"] == 1
    assert cache.store_dict == {}  # never written to the cache store
    assert store.cache_info()["current_size"] == 3
    store.set("k", b"abcdefghij")  # a write drops the cached ranges of its key
    assert store.get("k", RangeByteRequest(2, 5)) == b"cde"


def test_writes_update_or_drop_the_cached_value() -> None:
    store, source, cache = cached()
    store.set("k", b"new")
    assert cache.store_dict == {"k": b"new"}
    assert store.get("k") == b"new" and source.counter["get"] == 0
    store.set_many([("a", b"1"), ("b", b"2")])
    assert store.get_many([("a", None), ("b", None)]) == [b"1", b"2"]
    assert source.counter["get"] == 0 and source.counter["get_many"] == 0
    store.delete("k")
    assert "k" not in cache.store_dict and store.get("k") is None
    store.set_if_not_exists("a", b"ignored")
    assert "a" not in cache.store_dict  # dropped: which value won is read anew
    assert store.get("a") == b"1"
    store.delete_dir("")
    assert cache.store_dict == {} and source._store.store_dict == {}  # type: ignore[attr-defined]

    no_write_cache, _, cache2 = cached(cache_set_data=False)
    no_write_cache.set("k", b"1")
    assert cache2.store_dict == {}


def test_least_recently_used_entries_are_evicted_first() -> None:
    store, source, cache = cached(max_size=10, cache_set_data=False)
    source.set_many([("a", b"aaaa"), ("b", b"bbbb"), ("c", b"cccc"), ("big", b"x" * 11)])
    store.get("a")
    store.get("b")
    store.get("a")  # now "b" is the least recently used
    store.get("c")  # 12 bytes > 10: evicts "b"
    assert sorted(cache.store_dict) == ["a", "c"]
    assert store.cache_info()["current_size"] == 8
    assert store.cache_stats()["evictions"] == 1
    assert store.get("big") == b"x" * 11  # larger than max_size: not cached at all
    assert "big" not in cache.store_dict
    assert store.cache_info()["cached_keys"] == 2


def test_entries_expire_after_max_age(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(cache_module.time, "monotonic", lambda: now[0])
    store, source, _ = cached(max_age_seconds=5)
    source.set("k", b"v1")
    assert store.get("k") == b"v1"
    source.set("k", b"v2")  # behind the cache's back
    now[0] += 4
    assert store.get("k") == b"v1"  # still fresh
    now[0] += 2
    assert store.get("k") == b"v2"  # expired: fetched again
    assert source.counter["get"] == 2


def test_clear_cache_views_and_info() -> None:
    store, source, cache = cached(max_size=100)
    source.set("k", b"v")
    store.get("k")
    view = store.with_read_only(True)
    assert view.read_only and not store.read_only
    assert view.get("k") == b"v"
    assert store.cache_stats()["hits"] == 1  # the view shares the bookkeeping
    with pytest.raises(ReadOnlyError):
        view.set("k", b"x")
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
    store.clear_cache()
    assert cache.store_dict == {} and store.cache_info()["current_size"] == 0
    assert store.get("k") == b"v"  # the source is untouched
    clone = pickle.loads(pickle.dumps(store))
    assert clone.cache_info()["cached_keys"] == 0 and clone.get("k") == b"v"


class NoDeletes(MemoryStore):
    @property
    def supports_deletes(self) -> bool:
        return False


def test_arguments_are_checked() -> None:
    source = MemoryStore()
    with pytest.raises(ValueError, match="cannot delete"):
        CacheStore(source, cache_store=NoDeletes())
    for bad_age in ("forever", -1, True):
        with pytest.raises(ValueError, match="max_age_seconds"):
            CacheStore(source, cache_store=MemoryStore(), max_age_seconds=bad_age)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_size"):
        CacheStore(source, cache_store=MemoryStore(), max_size=-1)
    store = CacheStore(source, cache_store=MemoryStore())
    for refused in (
        lambda: store.get_sync("k"),
        lambda: store.set_sync("k", b"1"),
        lambda: store.delete_sync("k"),
    ):
        with pytest.raises(TypeError, match="bypass the cache"):
            refused()


def test_a_persistent_cache_serves_a_new_cache_store(tmp_path: Path) -> None:
    source = LoggingStore(MemoryStore())
    array = create_array(source, shape=(8,), chunks=(4,), dtype="i4")
    array.setitem(slice(None), np.arange(8, dtype="i4"))
    disk = LocalStore(tmp_path / "cache")
    first = CacheStore(source, cache_store=disk)
    warm = open_array(first, mode="r")
    np.testing.assert_array_equal(warm.getitem(()), np.arange(8))
    source.reset()
    second = CacheStore(source, cache_store=LocalStore(tmp_path / "cache"))
    read = open_array(second, mode="r")
    np.testing.assert_array_equal(read.getitem(()), np.arange(8))
    # Only keys that do not exist (the v2 metadata probes) still reach the source: a miss is
    # not cached. The metadata and both chunks come from the cache on disk.
    assert {key for _, key, _, nbytes in source.requests if nbytes is not None} == set()
    assert second.cache_stats()["hits"] == 3
