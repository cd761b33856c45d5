# Generated from tests/_async/test_store_memory.py by codegen. Do not edit.

"""What only the memory and logging stores promise."""

from __future__ import annotations

import gc
import importlib.util
import logging
import pickle
from typing import Any

import numpy as np
import pytest

from zarrlite._backend import _twins
from zarrlite._backend.sync import IS_ASYNC
from zarrlite._sync import api
from zarrlite._sync.store import (
    LoggingStore,
    ManagedMemoryStore,
    MemoryStore,
    RangeByteRequest,
    WrapperStore,
    make_store_path,
)
from zarrlite._sync.store import path as path_module
from zarrlite.buffer import cpu, default_buffer_prototype


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
    # get_partial_values is counted under its own name, as zarr-python's LoggingStore (it was
    # counted as get_many).
    store.reset()
    assert store.get_partial_values(None, [("a/b", None)]) == [None]
    assert store.counter == {"get_partial_values": 1}
    assert store.requests == [("get_partial_values", "a/b", None, None)]
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


# -- ManagedMemoryStore ------------------------------------------------------------------------


def test_managed_stores_of_one_name_share_data() -> None:
    first = ManagedMemoryStore("shared-name-test")
    again = ManagedMemoryStore("shared-name-test")
    first.set("a/b", b"1")
    assert again.get("a/b") == b"1"
    assert first == again and hash(first) == hash(again)
    assert first.name == "shared-name-test"
    assert str(first) == "memory://shared-name-test"
    below = ManagedMemoryStore.from_url("memory://shared-name-test/a", read_only=True)
    assert below.path == "a" and below.read_only
    assert below.get("b") == b"1"
    assert below != ManagedMemoryStore("shared-name-test", path="a")  # read_only differs
    fresh = ManagedMemoryStore()
    assert fresh.name != first.name and fresh.is_empty()
    assert ManagedMemoryStore() != fresh


def test_managed_store_names_and_urls_are_checked() -> None:
    with pytest.raises(ValueError, match="'a/b'"):
        ManagedMemoryStore("a/b")
    with pytest.raises(ValueError, match="no ManagedMemoryStore named 'never-made-here'"):
        ManagedMemoryStore.from_url("memory://never-made-here/x")
    with pytest.raises(ValueError, match="memory://name/path"):
        ManagedMemoryStore.from_url("file:///tmp/x")
    with pytest.raises(ValueError, match="invalid store prefix"):
        ManagedMemoryStore("ok", path="a/../b")


def test_managed_store_data_lives_while_a_store_of_its_name_does() -> None:
    store = ManagedMemoryStore("short-lived-test")
    store.set("k", b"v")
    del store
    gc.collect()
    with pytest.raises(ValueError, match="short-lived-test"):
        ManagedMemoryStore.from_url("memory://short-lived-test")


def test_managed_store_pickles_by_name_within_a_process() -> None:
    store = ManagedMemoryStore("pickled-test", path="p", read_only=True)
    store.with_read_only(False).set("k", b"v")
    clone = pickle.loads(pickle.dumps(store))
    assert clone == store and clone.store_dict is store.store_dict
    assert clone.get("k") == b"v" and clone.read_only
    reduced = store.__reduce__()
    state = {**reduced[2], "pid": reduced[2]["pid"] + 1}  # as if unpickled elsewhere
    with pytest.raises(RuntimeError, match="pickled in process"):
        reduced[0](*reduced[1]).__setstate__(state)


def test_memory_url_is_a_managed_store_without_fsspec(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keep = ManagedMemoryStore("url-test")
    keep.set("g/zarr.json", b"{}")
    monkeypatch.setattr(path_module, "_has_fsspec", lambda: False)
    found = make_store_path("memory://url-test/g", mode="r")
    assert isinstance(found.store, ManagedMemoryStore)
    assert found.store.name == "url-test" and found.store.read_only
    assert found.store.get("zarr.json") == b"{}"
    made = make_store_path("memory://made-by-url")  # made when absent, as zarr-python
    assert isinstance(made.store, ManagedMemoryStore)
    monkeypatch.undo()
    if importlib.util.find_spec("fsspec") is not None:  # with fsspec: its memory filesystem
        assert type(make_store_path("memory://url-test").store).__name__.endswith("FsspecStore")


def test_managed_store_converts_to_its_twin() -> None:
    store = ManagedMemoryStore("twin-test", path="x")
    store.set("k", b"v")
    twin = _twins.convert(store, not IS_ASYNC)
    assert type(twin).__name__.endswith("ManagedMemoryStore") and type(twin) is not type(store)
    assert twin.store_dict is store.store_dict and twin.path == "x"
    assert twin.limiter is store.limiter


def test_memory_store_blocking_io_and_open() -> None:
    store = MemoryStore.open(read_only=False)
    assert isinstance(store, MemoryStore) and store._is_open
    store.set_sync("k", bytearray(b"abc"))
    assert store.store_dict == {"k": b"abc"} and store.get_sync("k") == b"abc"
    store.delete_sync("k")
    assert store.store_dict == {}


def test_wrapper_and_logging_open_build_and_wrap() -> None:
    wrapper = WrapperStore.open(MemoryStore, {"k": b"v"})
    assert isinstance(wrapper.store, MemoryStore) and wrapper.store._is_open
    assert wrapper.get("k") == b"v"
    handler = Collect()
    logged = LoggingStore.open(MemoryStore, {"k": b"v"}, log_level="INFO", log_handler=handler)
    assert logged.log_level == "INFO" and logged.log_handler is handler
    with logged.log("reading k"):
        assert logged.get_sync("k") == b"v"
    logged.set_sync("j", b"12")
    logged.delete_sync("j")
    calling, read, finished = handler.messages[:3]
    assert calling.startswith("Calling ") and calling.endswith(" reading k")
    assert "get_sync('k', None) -> 1 bytes" in read
    assert finished.startswith("Finished ") and " reading k [" in finished
    assert finished.endswith(" s]")
    assert logged.counter == {"get_sync": 1, "set_sync": 1, "delete_sync": 1}
    no_sync = WrapperStore(NoBlockingIO())
    with pytest.raises(TypeError, match="get_sync"):
        no_sync.get_sync("k")


class NoBlockingIO(MemoryStore):
    """A store without blocking I/O (as zip, fsspec and obstore stores)."""

    get_sync = None  # type: ignore[assignment]


def test_memory_store_set_replaces_a_byte_range() -> None:
    store = MemoryStore({"k": b"0123456789"})
    store.set("k", b"ab", byte_range=(2, 4))
    assert store.store_dict["k"] == b"01ab456789"
    with pytest.raises(ValueError, match="byte_range"):
        store.set("k", b"abc", byte_range=(2, 4))
    with pytest.raises(ValueError, match="byte_range"):
        store.set("k", b"ab", byte_range=(9, 11))
    with pytest.raises(FileNotFoundError, match="'missing'"):
        store.set("missing", b"ab", byte_range=(0, 2))
    with pytest.raises(ValueError, match="read-only"):
        store.with_read_only(True).set("k", b"ab", byte_range=(0, 2))
    assert store.store_dict["k"] == b"01ab456789"


def test_memory_store_never_claims_a_prefix() -> None:
    # A memory store cannot tell cheaply that nothing is stored below a prefix.
    store = MemoryStore()
    assert not store.claim_new_prefix_sync("a")
    assert [key for key in store.list()] == []


def test_memory_store_reads_a_mapping_of_buffers() -> None:
    # zarr-python's MemoryStore(dict[str, Buffer]): the buffers are read as their bytes, by
    # get (whole, ranges, with or without a prototype), getsize and arrays.
    source = MemoryStore()
    array = api.create_array(source, shape=(5,), chunks=(2,), dtype="i2", fill_value=0)
    array.setitem(slice(None), np.arange(5, dtype="i2"))
    data: dict[str, Any] = {k: cpu.Buffer.from_bytes(v) for k, v in source.store_dict.items()}
    data["duck"] = DuckBuffer(b"0123456789")  # stands for a zarr-python Buffer
    store = MemoryStore(data)
    reopened = api.open_array(store, mode="r")
    assert (reopened.getitem(slice(None)) == np.arange(5)).all()
    assert store.get("zarr.json") == source.store_dict["zarr.json"]
    assert type(store.get("zarr.json")) is bytes
    assert store.get("duck", RangeByteRequest(2, 4)) == b"23"
    assert store.getsize("duck") == 10
    found = store.get("duck", default_buffer_prototype(), RangeByteRequest(8, 20))
    assert isinstance(found, cpu.Buffer) and found.to_bytes() == b"89"
    assert store.get_sync("c/0", byte_range=RangeByteRequest(0, 1)) == source.store_dict["c/0"][:1]
    # a byte-range write over a buffer value stores bytes
    store.set("duck", cpu.Buffer.from_bytes(b"ab"), byte_range=(0, 2))
    assert data["duck"] == b"ab23456789"


def test_logging_store_records_buffer_sizes() -> None:
    store = LoggingStore(MemoryStore())
    store.set("a", cpu.Buffer.from_bytes(b"abc"))
    store.set_many([("b", cpu.Buffer.from_bytes(b"de"))])
    store.set_if_not_exists("c", cpu.Buffer.from_bytes(b"f"))
    store.set_sync("d", cpu.Buffer.from_bytes(b"ghij"))
    assert [request[3] for request in store.requests] == [3, 2, 1, 4]
    found = store.get("a", default_buffer_prototype())
    assert isinstance(found, cpu.Buffer) and found.to_bytes() == b"abc"
    assert store.requests[-1] == ("get", "a", None, 3)


class DuckBuffer:
    """Stands for zarr-python's Buffer: not bytes-like, but has to_bytes and as_buffer_like,
    and slices (contiguous) to its own kind."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def __len__(self) -> int:
        return len(self._data)

    def __getitem__(self, key: slice) -> DuckBuffer:
        return DuckBuffer(self._data[key])

    def to_bytes(self) -> bytes:
        return self._data

    def as_buffer_like(self) -> memoryview:
        return memoryview(self._data)
