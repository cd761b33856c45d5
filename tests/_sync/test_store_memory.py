# Generated from tests/_async/test_store_memory.py by codegen. Do not edit.

"""What only the memory and logging stores promise."""

from __future__ import annotations

import logging
import pickle

import pytest

from zarrlite._sync.store import (
    LoggingStore,
    MemoryStore,
    RangeByteRequest,
    WrapperStore,
)


def test_memory_store_works_in_the_given_mapping() -> None:
    data: dict[str, bytes] = {"a": b"1"}
    store = MemoryStore(data)
    assert store.store_dict is data
    assert store.get("a") == b"1"
    store.set("b/c", b"2")
    assert data == {"a": b"1", "b/c": b"2"}
    store.delete("a")
    assert data == {"b/c": b"2"}


def test_memory_store_equality_is_identity_of_the_mapping() -> None:
    data: dict[str, bytes] = {}
    assert MemoryStore(data) == MemoryStore(data)
    assert MemoryStore({}) != MemoryStore({})
    assert MemoryStore(data) != MemoryStore(data, read_only=True)


def test_memory_store_pickles_its_data() -> None:
    store = MemoryStore({"k": b"v"})
    clone = pickle.loads(pickle.dumps(store))
    assert clone.store_dict == {"k": b"v"} and clone.store_dict is not store.store_dict
    assert clone != store


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_logging_store_records_exact_traffic() -> None:
    handler = Collect()
    store = LoggingStore(MemoryStore(), log_level="INFO", log_handler=handler)
    store.set("a/b", b"12345")
    assert store.get("a/b", RangeByteRequest(1, 3)) == b"23"
    assert store.get_many([("a/b", None), ("missing", None)]) == [b"12345", None]
    assert [key for key in store.list_prefix("a/")] == ["a/b"]
    store.delete("a/b")
    assert store.counter == {"set": 1, "get": 1, "get_many": 1, "list_prefix": 1, "delete": 1}
    assert store.requests == [
        ("set", "a/b", None, 5),
        ("get", "a/b", RangeByteRequest(1, 3), 2),
        ("get_many", "a/b", None, 5),
        ("get_many", "missing", None, None),
        ("list_prefix", "a/", None, None),
        ("delete", "a/b", None, None),
    ]
    assert len(handler.messages) == 6 and "'a/b'" in handler.messages[0]
    read_only = store.with_read_only(True)
    read_only.exists("a/b")
    assert store.counter["exists"] == 1  # views share the records
    store.reset()
    assert store.counter == {} and store.requests == []


def test_logging_store_pickles_without_its_handler_and_lock() -> None:
    store = LoggingStore(MemoryStore({"k": b"v"}), log_handler=Collect())
    store.get("k")
    clone = pickle.loads(pickle.dumps(store))
    assert clone.log_handler is None
    assert clone.counter == {"get": 1}
    assert clone.get("k") == b"v"
    with pytest.raises(ValueError, match="log level"):
        LoggingStore(MemoryStore(), log_level="LOUD")


def test_wrapper_store_forwards_to_the_wrapped_store() -> None:
    inner = MemoryStore()
    wrapper = WrapperStore(inner)
    wrapper.set("k", b"v")
    assert inner.store_dict == {"k": b"v"}
    assert wrapper.limiter is inner.limiter
    assert wrapper.supports_partial_reads == inner.supports_partial_reads
    assert str(wrapper) == str(inner)
    assert wrapper == WrapperStore(inner)
    assert wrapper.with_read_only(True).read_only and not wrapper.read_only
