"""Writing your own store: what a user's subclass of the blocking ``Store`` or the async
``AsyncStore`` must implement, and that zarrlite reads and writes only through it (README,
"Writing your own store")."""

from __future__ import annotations

import asyncio
import gc
import multiprocessing
import pickle
import re
import sys
import threading
from collections.abc import AsyncGenerator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite as zarr
from zarrlite.api import asynchronous as azarr
from zarrlite.storage import (
    AsyncOverBlockingStore,
    AsyncStore,
    BlockingOverAsyncStore,
    ByteRequest,
    MemoryStore,
    OffsetByteRequest,
    RangeByteRequest,
    Store,
    SuffixByteRequest,
)

README = Path(__file__).resolve().parents[1] / "README.md"


def _readme_namespace() -> dict[str, Any]:
    """Run the README's custom-store block (as tests/test_readme.py does) and return its names."""
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)
    (block,) = [b for b in blocks if "class DictStore(Store)" in b]
    namespace: dict[str, Any] = {"__name__": "readme"}
    exec(compile(block, "README.md DictStore block", "exec"), namespace)
    return namespace


def test_readme_dict_store_writes_reads_lists_and_deletes() -> None:
    ns = _readme_namespace()  # its own asserts: write, read back, list the group's members
    dict_store = ns["DictStore"]
    store = dict_store()
    z = zarr.create_array(store, name="a", shape=(4, 4), chunks=(2, 2), dtype="i2")
    z[:] = np.arange(16, dtype="i2").reshape(4, 4)
    group = zarr.open_group(store, mode="r+")
    group.create_group("sub")
    assert sorted(group.group_keys()) == ["sub"] and sorted(group.array_keys()) == ["a"]
    assert zarr.open_array(store, path="a", mode="r")[1:3, 1:3].tolist() == [[5, 6], [9, 10]]
    z[:] = 0  # chunks equal to the fill value are deleted
    assert not any(key.startswith("a/c/") for key in store.data)
    del group["a"]
    assert sorted(store.data) == ["sub/zarr.json", "zarr.json"]
    # byte ranges reach _get (sharded reads use them)
    store.set("k", b"0123456789")
    assert store.get("k", byte_range=RangeByteRequest(2, 5)) == b"234"


def test_readme_dict_store_read_only_and_missing_primitives() -> None:
    dict_store = _readme_namespace()["DictStore"]
    with pytest.raises(ValueError, match="read-only"):
        dict_store(read_only=True).set("k", b"v")

    class PublicOnly(Store):  # zarr-python's way: public methods only
        def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
            return None

    with pytest.raises(TypeError, match="_get"):
        PublicOnly()  # type: ignore[abstract]


@pytest.mark.anyio
async def test_blocking_subclass_works_with_the_async_api() -> None:
    dict_store = _readme_namespace()["DictStore"]

    class InThreads(dict_store):  # type: ignore[misc, valid-type]
        def _set(self, key: str, value: bytes) -> None:
            self.set_in.add(threading.get_ident())
            super()._set(key, value)

    store = InThreads()
    store.set_in = set()
    a = await azarr.create_array(store, name="x", shape=(6,), chunks=(2,), dtype="u1")
    await a.setitem(slice(None), np.arange(6, dtype="u1"))
    assert "x/c/2" in store.data  # written into the user's store, not a copy
    assert getattr(a.store_path.store, "store", None) is store  # wrapped, not converted
    assert threading.get_ident() not in store.set_in  # its methods ran in worker threads
    again = await azarr.open_array(store=store, path="x", mode="r")
    assert (await again.getitem(slice(1, 5))).tolist() == [1, 2, 3, 4]
    group = await azarr.open_group(store, mode="r")
    assert [name async for name in group.array_keys()] == ["x"]
    # and the blocking API sees what the async one wrote
    assert zarr.open_array(store, path="x", mode="r")[:].tolist() == [0, 1, 2, 3, 4, 5]


class AsyncDictStore(AsyncStore):
    """A minimal async store, zarr-python style (async primitives and listings)."""

    def __init__(self, *, read_only: bool = False) -> None:
        super().__init__(read_only=read_only)
        self.data: dict[str, bytes] = {}

    async def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        value = self.data.get(key)
        if value is None or byte_range is None:
            return value
        assert isinstance(byte_range, RangeByteRequest)
        return value[byte_range.start : byte_range.end]

    async def _set(self, key: str, value: Any) -> None:
        self.data[key] = bytes(value)

    async def _delete(self, key: str) -> None:
        self.data.pop(key, None)

    async def _exists(self, key: str) -> bool:
        return key in self.data

    async def list(self) -> AsyncGenerator[str, None]:
        for key in list(self.data):
            yield key

    async def list_prefix(self, prefix: str) -> AsyncGenerator[str, None]:
        for key in [k for k in self.data if k.startswith(prefix)]:
            yield key

    async def list_dir(self, prefix: str) -> AsyncGenerator[str, None]:
        start = prefix.rstrip("/") + "/" if prefix else ""
        for name in sorted(
            {k[len(start) :].split("/")[0] for k in self.data if k.startswith(start)}
        ):
            yield name

    def __eq__(self, other: object) -> bool:
        return other is self

    def __hash__(self) -> int:
        return id(self)

    def __repr__(self) -> str:
        return "AsyncDictStore()"


@pytest.mark.anyio
async def test_async_subclass_with_the_async_api() -> None:
    store = AsyncDictStore()
    a = await azarr.create_array(store, name="y", shape=(4,), chunks=(2,), dtype="i4")
    await a.setitem(slice(None), np.array([1, 2, 3, 4], dtype="i4"))
    assert sorted(store.data) == ["y/c/0", "y/c/1", "y/zarr.json", "zarr.json"]
    again = await azarr.open_array(store=store, path="y")
    assert (await again.getitem(slice(None))).tolist() == [1, 2, 3, 4]
    group = await azarr.open_group(store)
    assert [name async for name in group.array_keys()] == ["y"]
    await group.delitem("y")
    assert sorted(store.data) == ["zarr.json"]


def test_async_subclass_is_wrapped_by_the_blocking_api() -> None:
    # Before, the blocking API refused a user's AsyncStore with a TypeError.
    store = AsyncDictStore()
    z = zarr.create_array(store, shape=(2,), dtype="u1")
    assert isinstance(z.store, BlockingOverAsyncStore) and z.store.store is store
    assert isinstance(zarr.open_group(AsyncDictStore()).store, BlockingOverAsyncStore)


class Recording(MemoryStore):
    """Overrides the public methods only, on top of a built-in store with a fast path."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[tuple[str, str]] = []

    def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
        self.calls.append(("get", key))
        return super().get(key, prototype, byte_range)

    def set(self, key: str, value: Any, byte_range: Any = None) -> None:
        self.calls.append(("set", key))
        super().set(key, value, byte_range)

    def delete(self, key: str) -> None:
        self.calls.append(("delete", key))
        super().delete(key)


def test_public_overrides_are_not_bypassed() -> None:
    # Before the fix, the in-process fast path and the batch methods of MemoryStore read and
    # wrote every chunk and document around these overrides: calls stayed empty.
    store = Recording()
    assert not store.supports_sync_io
    z = zarr.create_array(store, name="r", shape=(4,), chunks=(2,), dtype="i4")
    assert ("set", "r/zarr.json") in store.calls
    z[:] = np.arange(4)
    assert {("set", "r/c/0"), ("set", "r/c/1")} <= set(store.calls)
    store.calls.clear()
    assert zarr.open_array(store, path="r")[:].tolist() == [0, 1, 2, 3]
    assert {("get", "r/zarr.json"), ("get", "r/c/0"), ("get", "r/c/1")} <= set(store.calls)
    z[:] = 0
    assert ("delete", "r/c/0") in store.calls and ("delete", "r/c/1") in store.calls
    store.calls.clear()
    store.set_many([("m", b"1")])
    store.delete_dir("r")
    assert ("set", "m") in store.calls and ("delete", "r/zarr.json") in store.calls
    # a plain subclass (no overrides) keeps the fast path
    assert type("Plain", (MemoryStore,), {})().supports_sync_io


@pytest.mark.anyio
async def test_public_overrides_are_not_bypassed_through_the_async_api() -> None:
    store = Recording()
    a = await azarr.create_array(store, name="r", shape=(4,), chunks=(2,), dtype="i4")
    await a.setitem(slice(None), np.arange(4, dtype="i4"))
    assert {("set", "r/zarr.json"), ("set", "r/c/0"), ("set", "r/c/1")} <= set(store.calls)
    store.calls.clear()
    assert (await a.getitem(slice(None))).tolist() == [0, 1, 2, 3]
    assert {("get", "r/c/0"), ("get", "r/c/1")} <= set(store.calls)


class AsyncRecording(AsyncDictStore):
    """An async store overriding a public method below a class that gives the batch read."""

    def __init__(self) -> None:
        super().__init__()
        self.gets: list[str] = []

    async def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
        self.gets.append(key)
        return await super().get(key, prototype, byte_range)


@pytest.mark.anyio
async def test_async_public_get_override_sees_batch_reads() -> None:
    store = AsyncRecording()
    a = await azarr.create_array(
        store, name="q", shape=(4,), chunks=(2,), dtype="u1", compressors=None
    )
    await a.setitem(slice(None), np.arange(4, dtype="u1"))
    store.gets.clear()
    assert await store.get_many([("q/c/0", None), ("q/c/1", None)]) == [b"\x00\x01", b"\x02\x03"]
    assert store.gets == ["q/c/0", "q/c/1"]


def test_listing_helpers_are_plain_generators() -> None:
    # list/list_prefix/list_dir of a blocking store are ordinary generators (README's DictStore).
    store = _readme_namespace()["DictStore"]()
    store.set("a/b/c", b"1")
    listed: Iterator[str] = store.list_dir("a")
    assert list(listed) == ["b"] and list(store.list_prefix("a/")) == ["a/b/c"]


def _recording(base: type[Any]) -> type[Any]:
    class Rec(base):  # type: ignore[misc, valid-type]
        calls: list[tuple[str, str]]

        def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
            self.calls.append(("get", key))
            return super().get(key, prototype, byte_range)

        def set(self, key: str, value: Any, *args: Any) -> None:
            self.calls.append(("set", key))
            super().set(key, value, *args)

        def delete(self, key: str) -> None:
            self.calls.append(("delete", key))
            super().delete(key)

    return Rec


@pytest.mark.parametrize("kind", ["local", "wrapper", "logging"])
def test_public_overrides_see_sharded_io_on_other_built_in_bases(kind: str, tmp_path: Path) -> None:
    from zarrlite.storage import LocalStore, LoggingStore, WrapperStore

    if kind == "local":
        store = _recording(LocalStore)(tmp_path / "data")
    else:
        store = _recording(WrapperStore if kind == "wrapper" else LoggingStore)(MemoryStore())
    store.calls = []
    assert not store.supports_sync_io
    z = zarr.create_array(store, name="s", shape=(8,), chunks=(2,), shards=(4,), dtype="i4")
    z[:] = np.arange(8)
    assert {("set", "s/c/0"), ("set", "s/c/1")} <= set(store.calls)
    store.calls.clear()
    assert zarr.open_array(store, path="s")[1:7].tolist() == [1, 2, 3, 4, 5, 6]
    assert {("get", "s/c/0"), ("get", "s/c/1")} <= set(store.calls)
    store.calls.clear()
    store.delete_dir("s")
    assert ("delete", "s/zarr.json") in store.calls
    with pytest.raises(ValueError, match="read-only"):
        store.with_read_only(True).delete_dir("s")


def test_getsize_and_set_if_not_exists_go_through_public_overrides() -> None:
    dict_store = _readme_namespace()["DictStore"]

    class Counted(dict_store):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__()
            self.calls: list[tuple[str, str]] = []

        def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
            self.calls.append(("get", key))
            return super().get(key, prototype, byte_range)

        def exists(self, key: str) -> bool:
            self.calls.append(("exists", key))
            return bool(super().exists(key))

    store = Counted()
    store.set("k", b"12345")
    assert store.getsize("k") == 5 and store.calls == [("get", "k")]
    store.set_if_not_exists("k", b"x")
    store.set_if_not_exists("n", b"x")
    assert store.data["k"] == b"12345" and store.data["n"] == b"x"
    assert ("exists", "k") in store.calls and ("exists", "n") in store.calls
    with pytest.raises(FileNotFoundError, match="'missing'"):
        store.getsize("missing")


def test_readme_store_defaults_and_key_checks() -> None:
    store = _readme_namespace()["DictStore"]()
    assert store.supports_writes and store.supports_deletes and store.supports_listing
    with pytest.raises(ValueError, match="invalid store key 'a//b'"):
        store.get("a//b")
    with pytest.raises(ValueError, match="invalid store key"):
        store.set("a//b", b"v")
    assert store.data == {}


# -- a user's AsyncStore through the blocking API (BlockingOverAsyncStore) ---------------------


class AsyncRangeStore(AsyncDictStore):
    """Reads every kind of byte range, and records its public calls with their threads."""

    def __init__(self, *, read_only: bool = False) -> None:
        super().__init__(read_only=read_only)
        self.calls: list[tuple[str, str, Any]] = []
        self.threads: set[int] = set()
        self.closed_in: int | None = None

    @property
    def supports_partial_reads(self) -> bool:
        return True

    async def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        value = self.data.get(key)
        if value is None or byte_range is None:
            return value
        if isinstance(byte_range, RangeByteRequest):
            return value[byte_range.start : byte_range.end]
        if isinstance(byte_range, OffsetByteRequest):
            return value[byte_range.offset :]
        assert isinstance(byte_range, SuffixByteRequest)
        return value[-byte_range.suffix :]

    async def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
        self.calls.append(("get", key, byte_range))
        self.threads.add(threading.get_ident())
        return await super().get(key, prototype, byte_range)

    async def set(self, key: str, value: Any) -> None:
        self.calls.append(("set", key, None))
        self.threads.add(threading.get_ident())
        await super().set(key, value)

    def close(self) -> None:
        self.closed_in = threading.get_ident()
        super().close()


def test_blocking_api_over_a_user_async_store() -> None:
    store = AsyncRangeStore()
    z = zarr.create_array(store, name="a", shape=(6, 4), chunks=(2, 2), dtype="i2")
    z[:] = np.arange(24, dtype="i2").reshape(6, 4)
    assert {"zarr.json", "a/zarr.json", "a/c/0/0", "a/c/2/1"} <= set(store.data)
    assert isinstance(z.store, BlockingOverAsyncStore) and z.store.store is store
    # the user's overrides ran, on the adapter's loop thread only
    assert ("set", "a/c/0/0", None) in store.calls
    assert store.threads == {z.store.event_loop.thread.ident}  # type: ignore[union-attr]
    assert threading.get_ident() not in store.threads
    store.calls.clear()
    assert zarr.open_array(store, path="a", mode="r")[1:3, 1:3].tolist() == [[5, 6], [9, 10]]
    assert {("get", "a/c/0/0", None), ("get", "a/c/1/1", None)} <= set(store.calls)
    group = zarr.open_group(store, mode="r+")
    group.create_group("sub")
    assert sorted(group.array_keys()) == ["a"] and sorted(group.group_keys()) == ["sub"]
    assert sorted(BlockingOverAsyncStore(store).list_dir("")) == ["a", "sub", "zarr.json"]
    assert sorted(BlockingOverAsyncStore(store).list_prefix("sub/")) == ["sub/zarr.json"]
    zarr.consolidate_metadata(store)
    consolidated = zarr.open_consolidated(store)
    assert sorted(consolidated.array_keys()) == ["a"]
    del group["a"]
    assert sorted(store.data) == ["sub/zarr.json", "zarr.json"]
    # the async face of the blocking array is the user's store again, not a wrapper's wrapper
    assert zarr.open_group(store).store.store is store  # type: ignore[attr-defined]
    sub = zarr.create_array(store, name="b", shape=(2,), dtype="u1")
    assert sub.async_array.store_path.store is store


def test_one_loop_per_user_async_store() -> None:
    store = AsyncRangeStore()
    first = zarr.create_array(store, name="x", shape=(2,), dtype="u1").store
    again = zarr.open_array(store, path="x").store
    view = first.with_read_only(True)
    assert isinstance(first, BlockingOverAsyncStore) and isinstance(view, BlockingOverAsyncStore)
    # a client session the store opened on its loop stays usable by every adapter of it
    assert again.event_loop is first.event_loop and view.event_loop is first.event_loop
    assert first == again and hash(first) == hash(again) and first != view
    assert repr(first) == "BlockingOverAsyncStore(AsyncDictStore())"


def test_async_get_override_and_its_exceptions_propagate() -> None:
    class Failing(AsyncRangeStore):
        error: BaseException | None = None

        async def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
            if self.error is not None and key.startswith("f/c/"):
                raise self.error
            return await super().get(key, prototype, byte_range)

    store = Failing()
    z = zarr.create_array(store, name="f", shape=(4,), chunks=(2,), dtype="u1")
    z[:] = 1
    for error in (KeyError("f/c/0"), FileNotFoundError("f"), ValueError("v"), OSError(5, "io")):
        store.error = error
        with pytest.raises(type(error)) as info:
            z[:]
        assert info.value is error  # the very exception the user's store raised
    store.error = None
    assert z[:].tolist() == [1, 1, 1, 1]


def test_blocking_api_over_an_async_store_inside_a_running_loop() -> None:
    store = AsyncRangeStore()

    async def main() -> list[int]:
        # blocking calls made on the thread of a running asyncio loop (a notebook, say)
        z = zarr.create_array(store, name="n", shape=(4,), chunks=(2,), dtype="i4")
        z[:] = np.array([4, 3, 2, 1], dtype="i4")
        return zarr.open_array(store, path="n")[:].tolist()  # type: ignore[no-any-return]

    assert asyncio.run(main()) == [4, 3, 2, 1]


def test_blocking_api_over_an_async_store_from_many_threads() -> None:
    store = AsyncRangeStore()
    root = zarr.open_group(store, mode="w")

    def work(i: int) -> list[int]:
        z = root.create_array(f"t{i}", shape=(8,), chunks=(2,), dtype="i4")
        z[:] = np.arange(8, dtype="i4") + i
        return zarr.open_array(store, path=f"t{i}")[2:6].tolist()  # type: ignore[no-any-return]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(16)))
    assert results == [[2 + i, 3 + i, 4 + i, 5 + i] for i in range(16)]
    assert len(store.threads) == 1  # one loop thread served every thread's calls


def test_sharded_array_over_an_async_store_reads_byte_ranges() -> None:
    store = AsyncRangeStore()
    z = zarr.create_array(store, name="s", shape=(16,), chunks=(2,), shards=(8,), dtype="i4")
    z[:] = np.arange(16, dtype="i4")
    assert sorted(k for k in store.data if k.startswith("s/c/")) == ["s/c/0", "s/c/1"]
    assert BlockingOverAsyncStore(store).supports_partial_reads  # forwarded
    store.calls.clear()
    assert zarr.open_array(store, path="s")[9:11].tolist() == [9, 10]
    shard_reads = [byte_range for name, key, byte_range in store.calls if key == "s/c/1"]
    # the shard index and the one inner chunk, never the whole shard
    assert shard_reads and None not in shard_reads


def test_read_only_async_store_through_the_blocking_api() -> None:
    store = AsyncRangeStore()
    zarr.create_array(store, name="r", shape=(2,), dtype="u1")[:] = 7
    frozen = store.with_read_only(True)
    wrapped = BlockingOverAsyncStore(frozen)
    assert wrapped.read_only and not BlockingOverAsyncStore(store).read_only
    assert wrapped.with_read_only(False).read_only is False
    z = zarr.open_array(frozen, path="r")
    assert z.read_only and z[:].tolist() == [7, 7]
    before = dict(store.data)
    with pytest.raises(ValueError, match="read-only"):
        z[:] = 0
    with pytest.raises(ValueError, match="read-only"):
        wrapped.delete_dir("r")
    assert store.data == before


def test_close_closes_the_async_store_on_its_loop_and_stops_it() -> None:
    store = AsyncRangeStore()
    z = zarr.create_array(store, name="c", shape=(2,), dtype="u1")
    wrapped = z.store
    assert isinstance(wrapped, BlockingOverAsyncStore)
    thread = wrapped.event_loop.thread
    assert thread is not None and thread.is_alive()
    wrapped.close()
    assert store.closed_in == thread.ident  # closed on the loop its resources belong to
    assert wrapped.event_loop.thread is None and not thread.is_alive()
    z[:] = 3  # the next call starts the loop again
    assert z[:].tolist() == [3, 3] and wrapped.event_loop.thread is not None


def test_loop_stops_when_the_async_store_is_collected() -> None:
    store = AsyncRangeStore()
    zarr.create_array(store, name="g", shape=(2,), dtype="u1")[:] = 1
    thread = BlockingOverAsyncStore(store).event_loop.thread
    assert thread is not None and thread.is_alive()
    del store
    gc.collect()
    thread.join(10)
    assert not thread.is_alive()


def test_pickled_adapter_gets_a_new_loop() -> None:
    store = AsyncRangeStore()
    wrapped = BlockingOverAsyncStore(store)
    wrapped.set("k", b"v")
    clone = pickle.loads(pickle.dumps(wrapped))
    assert clone.get("k") == b"v" and clone.store is not store
    assert clone.event_loop is not wrapped.event_loop
    assert clone.event_loop is clone.store._zarrlite_event_loop  # kept on the store


def _read_in_child(z: Any, conn: Any) -> None:
    conn.send(z[:].tolist())
    conn.close()


@pytest.mark.skipif(sys.platform != "linux", reason="fork start method")
def test_async_store_through_the_blocking_api_after_fork() -> None:
    store = AsyncRangeStore()
    z = zarr.create_array(store, name="k", shape=(4,), chunks=(2,), dtype="u1")
    z[:] = np.arange(4, dtype="u1")  # the loop thread runs in the parent
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_read_in_child, args=(z, send))
    child.start()
    assert receive.poll(30), "the child hung: the parent's loop thread does not exist there"
    assert receive.recv() == [0, 1, 2, 3]
    child.join(30)
    assert child.exitcode == 0


def test_wrappers_convert_back_to_the_store_they_wrap() -> None:
    from zarrlite._backend import _twins

    user_async = AsyncDictStore()
    blocking = _twins.convert(user_async, False)
    assert isinstance(blocking, BlockingOverAsyncStore) and blocking.store is user_async
    assert _twins.convert(blocking, True) is user_async
    user_blocking = _readme_namespace()["DictStore"]()
    wrapped = _twins.convert(user_blocking, True)
    assert isinstance(wrapped, AsyncOverBlockingStore) and wrapped.store is user_blocking
    assert _twins.convert(wrapped, False) is user_blocking  # a TypeError before


def test_interpreter_exit_stops_the_loop_with_a_call_in_flight() -> None:
    import subprocess

    script = """
import threading, anyio
from zarrlite.storage import AsyncMemoryStore, BlockingOverAsyncStore

class Slow(AsyncMemoryStore):
    async def get(self, key, prototype=None, byte_range=None):
        if key == "slow":
            await anyio.sleep(3600)
        return await super().get(key, prototype, byte_range)

store = BlockingOverAsyncStore(Slow())
store.set("k", b"v")
threading.Thread(target=store.get, args=("slow",), daemon=True).start()
print(store.get("k").decode())
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "v\n"


@pytest.mark.parametrize("kind", ["memory", "local"])
def test_plain_subclass_of_an_in_process_async_store_keeps_its_fast_path(
    kind: str, tmp_path: Path
) -> None:
    from zarrlite.storage import AsyncLocalStore, AsyncMemoryStore

    if kind == "memory":
        store = type("Plain", (AsyncMemoryStore,), {})()
    else:
        store = type("Plain", (AsyncLocalStore,), {})(tmp_path / "data")
    z = zarr.create_array(store, name="p", shape=(8,), chunks=(2,), shards=(4,), dtype="i4")
    wrapped = z.store
    assert isinstance(wrapped, BlockingOverAsyncStore) and wrapped.supports_sync_io
    trips: list[Any] = []
    call = wrapped.event_loop.call
    wrapped.event_loop.call = lambda fn, *args: trips.append(fn) or call(fn, *args)  # type: ignore[method-assign]
    z[:] = np.arange(8, dtype="i4")
    assert z[1:7].tolist() == [1, 2, 3, 4, 5, 6]
    # the chunks were read and written by plain calls in the calling thread, not on the loop
    assert trips == []
    assert sorted(wrapped.list_prefix("p/c/")) == ["p/c/0", "p/c/1"]  # listings use the loop
    assert wrapped.get_sync("p/zarr.json") == store.get_sync("p/zarr.json")
    # a subclass overriding get has no fast path: its override runs, on the loop
    assert not BlockingOverAsyncStore(AsyncRangeStore()).supports_sync_io


class Stalling(AsyncRangeStore):
    """Chunk reads under ``f/c/`` wait for ``stall`` seconds; records how each one ended."""

    stall = 0.0

    def __init__(self) -> None:
        super().__init__()
        self.outcomes: list[str] = []

    async def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
        if self.stall and key.startswith("f/c/"):
            try:
                await asyncio.sleep(self.stall)
            except asyncio.CancelledError:
                self.outcomes.append("cancelled")
                raise
            self.outcomes.append("finished")
        return await super().get(key, prototype, byte_range)


def test_async_timeout_cancels_a_stalled_call_into_a_user_async_store() -> None:
    store = Stalling()
    z = zarr.create_array(store, name="f", shape=(4,), chunks=(4,), dtype="u1")
    z[:] = 7
    store.stall = 30.0
    with zarr.config.set({"async.timeout": 0.2}):
        with pytest.raises(TimeoutError):
            z[:]
    assert store.outcomes == ["cancelled"]  # not left running on the store's loop
    store.stall = 0.05
    with zarr.config.set({"async.timeout": 5}):
        assert z[:].tolist() == [7, 7, 7, 7]  # within the bound: unaffected
    assert store.outcomes == ["cancelled", "finished"]


@pytest.mark.parametrize("value", [0, -1.0, "10", True, [1]])
def test_async_timeout_must_be_none_or_positive_seconds(value: Any) -> None:
    z = zarr.create_array(AsyncRangeStore(), name="f", shape=(2,), dtype="u1")
    with zarr.config.set({"async.timeout": value}):
        with pytest.raises(ValueError, match=r"'async.timeout' must be None or seconds > 0"):
            z[:]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGALRM")
def test_interrupted_call_into_a_user_async_store_is_cancelled() -> None:
    # Ctrl-C while the blocking API waits for the store's loop: the request is cancelled
    # there, not left running after the KeyboardInterrupt reaches the caller.
    import signal

    store = Stalling()
    z = zarr.create_array(store, name="f", shape=(4,), chunks=(4,), dtype="u1")
    z[:] = 3
    store.stall = 30.0

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with pytest.raises(KeyboardInterrupt):
            z[:]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert store.outcomes == ["cancelled"]
    store.stall = 0.0
    assert z[:].tolist() == [3, 3, 3, 3]  # the store's loop still serves calls
