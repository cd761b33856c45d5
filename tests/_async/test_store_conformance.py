"""The store conformance suite: one ``StoreTests`` base class, one subclass per store.

Every store must pass it under asyncio, trio and (generated) blocking code. A subclass overrides
the ``store`` fixture, which must return an empty, writable store.
"""

from __future__ import annotations

import pickle
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest

from zarrlite import config
from zarrlite._async.store import (
    AsyncCacheStore,
    AsyncFsspecStore,
    AsyncLocalStore,
    AsyncLoggingStore,
    AsyncManagedMemoryStore,
    AsyncMemoryStore,
    AsyncStore,
    AsyncWrapperStore,
    AsyncZipStore,
    OffsetByteRequest,
    RangeByteRequest,
    SuffixByteRequest,
)
from zarrlite._store_protocols import SupportsSyncStore
from zarrlite.buffer import cpu, default_buffer_prototype
from zarrlite.core.buffer import Buffer
from zarrlite.errors import ReadOnlyError

VALUE = b"0123456789"
PROTOTYPE = default_buffer_prototype()


class DuckBuffer:
    """Stands for zarr-python's Buffer: not bytes-like, but has as_buffer_like/to_bytes."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def as_buffer_like(self) -> memoryview:
        return memoryview(self._data)

    def to_bytes(self) -> bytes:
        return self._data


INVALID_KEYS = ["", "/a", "a/", "a//b", "..", "a/../b", ".", "./a", "a\\b", "a/\x00"]


async def collect(keys: AsyncIterator[str]) -> list[str]:
    return sorted([key async for key in keys])


@pytest.mark.anyio
class StoreTests:
    """Behaviour every store shares. Not collected itself (its name does not start with Test)."""

    # Keys of the batch and concurrency tests; remote stores (a request each) use fewer.
    many = 100
    # Whether the store's blocking I/O is a plain call the chunk pipeline may use.
    sync_io = False

    @pytest.fixture
    def store(self, tmp_path: Path) -> AsyncStore:
        raise NotImplementedError

    async def test_supports_sync_io_says_whether_blocking_io_works(self, store: AsyncStore) -> None:
        assert store.supports_sync_io is self.sync_io
        if not self.sync_io:
            return
        io: Any = store
        io.set_sync("s/k", b"blocking")
        assert io.get_sync("s/k") == b"blocking" == await store.get("s/k")
        io.delete_sync("s/k")
        assert await store.get("s/k") is None

    async def test_get_set_exists_delete(self, store: AsyncStore) -> None:
        assert await store.get("a/b") is None
        assert not await store.exists("a/b")
        await store.set("a/b", VALUE)
        assert await store.get("a/b") == VALUE
        assert await store.exists("a/b")
        assert not await store.exists("a")  # a directory is not a key
        await store.delete("a/b")
        assert await store.get("a/b") is None
        await store.delete("a/b")  # deleting a missing key is fine
        await store.delete("never/there")

    async def test_values_are_bytes_like(self, store: AsyncStore) -> None:
        buffer = bytearray(b"abc")
        await store.set("bytearray", buffer)
        buffer[0] = ord("X")  # the store kept its own copy
        await store.set("memoryview", memoryview(b"defgh")[1:4])
        assert await store.get("bytearray") == b"abc"
        assert await store.get("memoryview") == b"efg"
        assert isinstance(await store.get("memoryview"), bytes)
        await store.set("empty", b"")
        assert await store.get("empty") == b""
        await store.set("strided", memoryview(b"abcdef")[::2])  # not contiguous
        assert await store.get("strided") == b"ace"

    async def test_get_takes_zarr_pythons_prototype_argument(self, store: AsyncStore) -> None:
        # zarr-python's get(key, prototype, byte_range=None), the prototype positional or by
        # name: the value comes back as a prototype.buffer; a byte request in the prototype's
        # place is the byte range (and the value bytes).
        await store.set("k", VALUE)
        found = await store.get("k", PROTOTYPE)
        assert isinstance(found, Buffer) and found.to_bytes() == VALUE
        assert (await store.get("k", PROTOTYPE, RangeByteRequest(1, 3))).to_bytes() == b"12"
        tail = await store.get("k", prototype=PROTOTYPE, byte_range=SuffixByteRequest(2))
        assert tail.to_bytes() == b"89"
        assert await store.get("k", RangeByteRequest(1, 3)) == b"12"
        assert await store.get("missing", PROTOTYPE) is None
        # Anything else as a byte range is a TypeError (a local store raised AttributeError).
        for bad in [(0, 2), 5, slice(0, 2)]:
            with pytest.raises(TypeError, match="byte_range"):
                await store.get("k", PROTOTYPE, bad)  # type: ignore[arg-type]
            with pytest.raises(TypeError, match="byte_range"):
                await store.get_partial_values(PROTOTYPE, [("k", bad)])  # type: ignore[list-item]

    async def test_reads_without_a_prototype_give_bytes_with_one_buffers(
        self, store: AsyncStore
    ) -> None:
        await store.set("k", VALUE)
        assert type(await store.get("k")) is bytes
        assert type(await store.get("k", None, OffsetByteRequest(8))) is bytes
        requests = [("k", RangeByteRequest(1, 4)), ("missing", None), ("k", None)]
        assert await store.get_partial_values(None, requests) == [b"123", None, VALUE]
        found = await store.get_partial_values(PROTOTYPE, requests)
        assert [type(value) for value in found] == [cpu.Buffer, type(None), cpu.Buffer]
        assert [None if v is None else v.to_bytes() for v in found] == [b"123", None, VALUE]
        ranges = [RangeByteRequest(0, 2), None, SuffixByteRequest(3)]
        plain = [pair async for batch in store.get_ranges("k", ranges) for pair in batch]
        assert sorted(plain) == [(0, b"01"), (1, VALUE), (2, b"789")]
        wrapped = [
            pair
            async for batch in store.get_ranges("k", ranges, prototype=PROTOTYPE)
            for pair in batch
        ]
        assert all(isinstance(value, cpu.Buffer) for _, value in wrapped)
        assert sorted((i, v.to_bytes()) for i, v in wrapped) == sorted(plain)
        if self.sync_io:
            io: Any = store
            assert type(io.get_sync("k")) is bytes
            assert io.get_sync("k", prototype=PROTOTYPE).to_bytes() == VALUE
            one = io.get_sync("k", prototype=PROTOTYPE, byte_range=RangeByteRequest(2, 3))
            assert isinstance(one, cpu.Buffer) and one.to_bytes() == b"2"
            assert io.get_sync("missing", prototype=PROTOTYPE) is None
            pairs = store.get_ranges_sync("k", ranges, prototype=PROTOTYPE)
            assert sorted((i, v.to_bytes()) for i, v in pairs) == sorted(plain)

    async def test_a_prototype_that_is_not_one_is_a_type_error(self, store: AsyncStore) -> None:
        # It was ignored; now it would be used, and an object() has no buffer class.
        await store.set("k", VALUE)
        with pytest.raises(TypeError, match="prototype must be a BufferPrototype"):
            await store.get("k", object())
        with pytest.raises(TypeError, match="prototype must be a BufferPrototype"):
            await store.get_partial_values("not a prototype", [("k", None)])

    async def test_buffers_are_stored_as_their_bytes(self, store: AsyncStore) -> None:
        # zarr-python's set(key, Buffer): a zarrlite Buffer, or any object with
        # as_buffer_like (zarr-python's Buffer), stores the same bytes.
        await store.set("buffer", cpu.Buffer.from_bytes(b"abc"))
        await store.set("sliced", cpu.Buffer.from_bytes(b"xabcdx")[1:5])
        await store.set("duck", DuckBuffer(b"duck"))
        await store.set_if_not_exists("new", cpu.Buffer.from_bytes(b"new"))
        await store.set_if_not_exists("new", cpu.Buffer.from_bytes(b"ignored"))
        await store.set_many([("many", cpu.Buffer.from_bytes(b"many")), ("plain", b"plain")])
        assert await store.get("buffer") == b"abc"
        assert await store.get("sliced") == b"abcd"
        assert await store.get("duck") == b"duck"
        assert await store.get("new") == b"new"
        assert await store.get("many") == b"many" and await store.get("plain") == b"plain"
        if self.sync_io:
            io: Any = store
            io.set_sync("sync", cpu.Buffer.from_bytes(b"sync"))
            io.set_sync("sync_duck", DuckBuffer(b"quack"))
            assert await store.get("sync") == b"sync"
            assert await store.get("sync_duck") == b"quack"

    @pytest.mark.parametrize("value", [3, [1, 2], "text", None, 1.5])
    async def test_values_that_are_not_bytes_like_are_refused(
        self, store: AsyncStore, value: Any
    ) -> None:
        # As zarr-python (which wants a Buffer): a TypeError, nothing stored (a memory store
        # stored bytes(3), three zero bytes, and bytes([1, 2])).
        with pytest.raises(TypeError):
            await store.set("k", value)
        with pytest.raises(TypeError):
            await store.set_if_not_exists("k", value)
        assert await store.get("k") is None

    @pytest.mark.parametrize(
        ("request_", "expected"),
        [
            (RangeByteRequest(2, 5), b"234"),
            (RangeByteRequest(0, 10), VALUE),
            (RangeByteRequest(5, 100), b"56789"),
            (RangeByteRequest(20, 30), b""),
            (RangeByteRequest(3, 3), b""),
            (OffsetByteRequest(7), b"789"),
            (OffsetByteRequest(0), VALUE),
            (OffsetByteRequest(10), b""),
            (OffsetByteRequest(50), b""),
            (SuffixByteRequest(3), b"789"),
            (SuffixByteRequest(50), VALUE),
            (SuffixByteRequest(0), b""),
        ],
    )
    async def test_byte_ranges(
        self,
        store: AsyncStore,
        request_: RangeByteRequest | OffsetByteRequest | SuffixByteRequest,
        expected: bytes,
    ) -> None:
        await store.set("c/0", VALUE)
        assert await store.get("c/0", request_) == expected
        assert await store.get("missing", request_) is None

    async def test_get_many_keeps_request_order(self, store: AsyncStore) -> None:
        await store.set_many([("a", b"aaaa"), ("b/c", b"bc")])
        found = await store.get_many(
            [("a", None), ("missing", None), ("a", RangeByteRequest(1, 3)), ("b/c", None)]
        )
        assert found == [b"aaaa", None, b"aa", b"bc"]
        assert await store.get_many([]) == []
        many = [(f"k/{i}", str(i).encode()) for i in range(self.many)]
        await store.set_many(many)
        assert await store.get_many([(k, None) for k, _ in many]) == [v for _, v in many]

    async def test_list_prefix_and_list(self, store: AsyncStore) -> None:
        prefixes = ["", "a/", "a/b/", "a/b/c/"]
        keys = [p + "zarr.json" for p in prefixes]
        await store.set_many([(key, b"{}") for key in keys])
        assert await collect(store.list()) == sorted(keys)
        for prefix in prefixes:
            expected = sorted(key for key in keys if key.startswith(prefix))
            assert await collect(store.list_prefix(prefix)) == expected
        assert await collect(store.list_prefix("a")) == sorted(keys[1:])  # a string prefix
        assert await collect(store.list_prefix("zzz/")) == []

    async def test_list_dir_yields_child_names(self, store: AsyncStore) -> None:
        await store.set_many([("a/b", b"1"), ("a/c/d", b"2"), ("zarr.json", b"3"), ("ab", b"4")])
        assert await collect(store.list_dir("a")) == ["b", "c"]
        assert await collect(store.list_dir("a/")) == ["b", "c"]
        assert await collect(store.list_dir("")) == ["a", "ab", "zarr.json"]
        assert await collect(store.list_dir("a/c")) == ["d"]
        assert await collect(store.list_dir("nothing")) == []
        assert await collect(store.list_dir("ab")) == []  # a key, not a directory

    async def test_set_if_not_exists(self, store: AsyncStore) -> None:
        await store.set("k", b"first")
        await store.set_if_not_exists("k", b"second")
        assert await store.get("k") == b"first"
        await store.set_if_not_exists("new/k", b"made")
        assert await store.get("new/k") == b"made"

    async def test_read_only_refuses_writes_and_keeps_data(self, store: AsyncStore) -> None:
        await store.set("a/b", VALUE)
        read_only = store.with_read_only(True)
        assert read_only.read_only and not store.read_only
        # Lambdas, so that the blocking twin makes each call inside pytest.raises.
        writes: list[Callable[[], Any]] = [
            lambda: read_only.set("a/b", b"new"),
            lambda: read_only.set_many([("x", b"1")]),
            lambda: read_only.set_if_not_exists("y", b"1"),
            lambda: read_only.delete("a/b"),
            lambda: read_only.delete_dir("a"),
            lambda: read_only.clear(),
        ]
        for write in writes:
            with pytest.raises(ReadOnlyError, match="read-only"):
                await write()
        with pytest.raises(ValueError, match="'a/b'"):  # ReadOnlyError is a ValueError
            await read_only.set("a/b", b"new")
        assert await store.get("a/b") == VALUE
        assert await collect(store.list()) == ["a/b"]

    async def test_with_read_only_shares_data(self, store: AsyncStore) -> None:
        read_only = store.with_read_only(True)
        await store.set("k", b"1")
        assert await read_only.get("k") == b"1"
        writable = read_only.with_read_only(False)
        await writable.set("k", b"2")
        assert await store.get("k") == b"2"
        assert read_only.limiter is store.limiter  # one limiter for all views of one store

    async def test_equality(self, store: AsyncStore, tmp_path: Path) -> None:
        assert store == store
        assert store == store.with_read_only(False)
        assert hash(store) == hash(store.with_read_only(False))
        assert store != store.with_read_only(True)
        assert store != AsyncMemoryStore()
        assert store != AsyncLocalStore(tmp_path / "elsewhere")
        assert store != "store"

    async def test_pickle_round_trip(self, store: AsyncStore) -> None:
        await store.set("a/b", VALUE)
        store.limiter.total = 7
        clone = pickle.loads(pickle.dumps(store))
        assert type(clone) is type(store)
        assert await clone.get("a/b") == VALUE
        assert clone.read_only == store.read_only
        assert clone.limiter.total == 7 and clone.limiter is not store.limiter

    async def test_unicode_keys(self, store: AsyncStore) -> None:
        keys = ["δοκιμή/ключ/鍵", "emoji/🎉", "space in/name"]
        for key in keys:
            await store.set(key, key.encode())
        for key in keys:
            assert await store.get(key) == key.encode()
        assert await collect(store.list()) == sorted(keys)
        assert await collect(store.list_dir("emoji")) == ["🎉"]

    @pytest.mark.parametrize("key", INVALID_KEYS)
    async def test_invalid_keys_are_rejected(self, store: AsyncStore, key: str) -> None:
        calls: list[Callable[[], Any]] = [
            lambda: store.get(key),
            lambda: store.set(key, b"x"),
            lambda: store.exists(key),
            lambda: store.delete(key),
        ]
        for call in calls:
            with pytest.raises(ValueError, match="invalid store key"):
                await call()
        assert await collect(store.list()) == []

    async def test_invalid_prefixes_are_rejected(self, store: AsyncStore) -> None:
        for prefix in ["..", "a/../b", "/", "/a"]:
            with pytest.raises(ValueError, match="invalid store prefix"):
                await collect(store.list_dir(prefix))
            with pytest.raises(ValueError, match="invalid store prefix"):
                await store.delete_dir(prefix)

    async def test_delete_dir(self, store: AsyncStore) -> None:
        await store.set_many([(k, b"1") for k in ["d/a", "d/b/c", "dx", "d2/a", "top"]])
        await store.delete_dir("d")
        assert await collect(store.list()) == ["d2/a", "dx", "top"]
        await store.delete_dir("nothing/here")
        await store.delete_dir("")
        assert await collect(store.list()) == []

    async def test_getsize_and_getsize_prefix(self, store: AsyncStore) -> None:
        await store.set_many([("d/a", b"12345"), ("d/b/c", b"123"), ("dx", b"1234567")])
        assert await store.getsize("d/a") == 5
        with pytest.raises(FileNotFoundError, match="'d/missing'"):
            await store.getsize("d/missing")
        with pytest.raises(FileNotFoundError):
            await store.getsize("d")  # a directory is not a key
        assert await store.getsize_prefix("d") == 8  # "dx" is not below "d/"
        assert await store.getsize_prefix("") == 15
        assert await store.getsize_prefix("nothing") == 0

    async def test_is_empty_and_clear(self, store: AsyncStore) -> None:
        assert await store.is_empty("")
        await store.set("a/b", b"1")
        assert not await store.is_empty("")
        assert not await store.is_empty("a")
        assert await store.is_empty("b")
        assert await store.is_empty("a/b")  # a key, with nothing below it
        await store.clear()
        assert await store.is_empty("")
        assert await collect(store.list()) == []

    async def test_limiter_and_concurrent_use(self, store: AsyncStore) -> None:
        assert store.limiter.total == (store.default_concurrency or config.get("async.concurrency"))
        store.limiter.total = 2

        async def round_trip(i: int) -> None:
            await store.set(f"c/{i}", str(i).encode())
            assert await store.get(f"c/{i}") == str(i).encode()

        async with anyio.create_task_group() as group:
            for i in range(self.many // 5):
                group.start_soon(round_trip, i)
        assert len(await collect(store.list_prefix("c/"))) == self.many // 5
        assert store.limiter.borrowed == 0

    async def test_capabilities_and_context_manager(self, store: AsyncStore) -> None:
        assert store.supports_writes and store.supports_deletes and store.supports_listing
        assert store.supports_consolidated_metadata
        assert not store.supports_partial_writes
        with store as entered:
            assert entered is store

    async def test_open_close_reopen(self, store: AsyncStore) -> None:
        await store._ensure_open()
        await store._open()  # opening twice is harmless
        await store.set("a/b", VALUE)
        store.close()
        assert await store.get("a/b") == VALUE  # a closed store reopens on use
        with store:
            await store.set("a/c", b"2")
        assert await collect(store.list_prefix("a/")) == ["a/b", "a/c"]

    async def test_get_partial_values(self, store: AsyncStore) -> None:
        await store.set_many([("a", VALUE), ("b/c", b"bc")])
        requests = [("a", RangeByteRequest(1, 4)), ("missing", None), ("b/c", None)]
        assert await store.get_partial_values(None, requests) == [b"123", None, b"bc"]
        assert await store.get_partial_values(None, iter(requests)) == [b"123", None, b"bc"]

    async def test_get_ranges_coalesces_and_slices(self, store: AsyncStore) -> None:
        value = bytes(range(256)) * 4
        await store.set("v", value)
        requests: list[Any] = [
            RangeByteRequest(10, 20),
            RangeByteRequest(0, 5),  # joins the read of 10..20 (gap 5)
            RangeByteRequest(900, 1100),  # far away, and past the end: cut short
            None,
            SuffixByteRequest(3),
            OffsetByteRequest(1020),
            RangeByteRequest(15, 16),  # overlaps another range
        ]
        batches = [
            batch
            async for batch in store.get_ranges("v", requests, max_gap_bytes=8, max_concurrency=2)
        ]
        found = {index: data for batch in batches for index, data in batch}
        assert found == {
            0: value[10:20],
            1: value[0:5],
            2: value[900:],
            3: value,
            4: value[-3:],
            5: value[1020:],
            6: value[15:16],
        }
        assert sorted(len(batch) for batch in batches) == [1, 1, 1, 1, 3]
        assert [b async for b in store.get_ranges("v", [])] == []
        with pytest.raises(FileNotFoundError, match="'missing'"):
            async for _ in store.get_ranges("missing", [RangeByteRequest(0, 1)]):
                pass
        with pytest.raises(ValueError, match="max_concurrency"):
            async for _ in store.get_ranges("v", [None], max_concurrency=0):
                pass

    async def test_blocking_io_protocol(self, store: AsyncStore) -> None:
        await store.set("k", VALUE)
        if not isinstance(store, SupportsSyncStore) or isinstance(store, AsyncCacheStore):
            with pytest.raises(TypeError, match="get_sync"):
                store.get_ranges_sync("k", [None])
            return
        assert store.get_sync("k") == VALUE
        assert store.get_sync("k", byte_range=RangeByteRequest(2, 4), prototype=None) == b"23"
        assert store.get_sync("missing") is None
        store.set_sync("s/k", b"sync")
        assert await store.get("s/k") == b"sync"
        ranges = [RangeByteRequest(0, 2), RangeByteRequest(4, 6), SuffixByteRequest(1)]
        assert sorted(store.get_ranges_sync("k", ranges)) == [(0, b"01"), (1, b"45"), (2, b"9")]
        with pytest.raises(FileNotFoundError):
            store.get_ranges_sync("missing", ranges)
        store.delete_sync("s/k")
        assert await store.get("s/k") is None
        with pytest.raises(ValueError, match="invalid store key"):
            store.get_sync("/bad")
        read_only: Any = store.with_read_only(True)
        with pytest.raises(ReadOnlyError):
            read_only.set_sync("k", b"x")
        with pytest.raises(ReadOnlyError):
            read_only.delete_sync("k")
        assert await store.get("k") == VALUE


class TestMemoryStore(StoreTests):
    sync_io = True

    @pytest.fixture
    def store(self, tmp_path: Path) -> AsyncStore:
        return AsyncMemoryStore()

    async def test_repr(self, store: AsyncMemoryStore) -> None:
        url = f"memory://{id(store.store_dict)}"
        assert str(store) == url
        assert repr(store) == f"{type(store).__name__}('{url}')"


class TestManagedMemoryStore(StoreTests):
    """Keys live below ``path`` in a named, process-wide dict."""

    sync_io = True

    @pytest.fixture
    def store(self, tmp_path: Path) -> AsyncStore:
        return AsyncManagedMemoryStore(f"conformance-{uuid.uuid4().hex}", path="in/here")

    async def test_repr(self, store: AsyncManagedMemoryStore) -> None:
        assert repr(store) == f"{type(store).__name__}('memory://{store.name}/in/here')"

    async def test_keys_live_below_the_path(self, store: AsyncManagedMemoryStore) -> None:
        await store.set("a/b", VALUE)
        assert dict(store.store_dict) == {"in/here/a/b": VALUE}
        outside = AsyncManagedMemoryStore(store.name)
        assert await collect(outside.list()) == ["in/here/a/b"]
        assert await collect(outside.list_dir("in")) == ["here"]
        await outside.set("elsewhere", b"1")
        assert await collect(store.list()) == ["a/b"]
        assert store.get_sync("a/b") == VALUE


class TestCacheStore(StoreTests):
    """The read-through cache must behave as the store it wraps."""

    @pytest.fixture
    def store(self, tmp_path: Path) -> AsyncStore:
        return AsyncCacheStore(AsyncMemoryStore(), cache_store=AsyncMemoryStore(), max_size=1000)


class TestLocalStore(StoreTests):
    sync_io = True

    @pytest.fixture
    def store(self, tmp_path: Path) -> AsyncStore:
        return AsyncLocalStore(tmp_path / "store")

    async def test_repr(self, store: AsyncLocalStore) -> None:
        assert repr(store) == f"{type(store).__name__}('file://{store.root.as_posix()}')"
        assert str(store).startswith("file:///")


class TestLoggingStore(StoreTests):
    @pytest.fixture
    def store(self, tmp_path: Path) -> AsyncStore:
        return AsyncLoggingStore(AsyncMemoryStore())

    async def test_repr(self, store: AsyncLoggingStore) -> None:
        assert repr(store).startswith(f"{type(store).__name__}({type(store._store).__name__}(")


class TestWrapperStore(StoreTests):
    sync_io = True

    @pytest.fixture
    def store(self, tmp_path: Path) -> AsyncStore:
        return AsyncWrapperStore(AsyncLocalStore(tmp_path / "wrapped"))


class TestZipStore(StoreTests):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[AsyncStore]:
        store = AsyncZipStore(tmp_path / "store.zip", mode="w")
        yield store
        store.close()

    async def test_repr(self, store: AsyncZipStore) -> None:
        assert repr(store) == f"{type(store).__name__}('zip://{store.path.as_posix()}')"


class TestFsspecMemoryStore(StoreTests):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[AsyncStore]:
        fsspec = pytest.importorskip("fsspec")
        url = f"memory://conformance/{uuid.uuid4().hex}"
        yield AsyncFsspecStore.from_url(url)
        fs = fsspec.filesystem("memory")
        if fs.exists(url):
            fs.rm(url, recursive=True)

    async def test_repr(self, store: AsyncFsspecStore) -> None:
        assert repr(store) == f"{type(store).__name__}('memory://{store.path.lstrip('/')}')"


class TestFsspecLocalStore(StoreTests):
    """A filesystem with real directories (made on write) behind the fsspec store."""

    @pytest.fixture
    def store(self, tmp_path: Path) -> AsyncStore:
        fsspec = pytest.importorskip("fsspec")
        return AsyncFsspecStore(fsspec.filesystem("file"), path=str(tmp_path / "fs"))

    async def test_repr(self, store: AsyncFsspecStore) -> None:
        # The URL of the directory, as a LocalStore's (it read file://tmp/..., a relative path).
        assert str(store) == f"file://{store.path}" and store.path.startswith("/")
        assert str(store) == str(AsyncLocalStore(store.path))
        assert repr(store) == f"{type(store).__name__}('{store}')"
