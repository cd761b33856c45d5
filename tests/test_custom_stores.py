"""Writing your own store: what a user's subclass of the blocking ``Store`` or the async
``AsyncStore`` must implement, and that zarrlite reads and writes only through it (README,
"Writing your own store")."""

from __future__ import annotations

import re
import threading
from collections.abc import AsyncGenerator, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite as zarr
from zarrlite.api import asynchronous as azarr
from zarrlite.storage import AsyncStore, ByteRequest, MemoryStore, RangeByteRequest, Store

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


def test_async_subclass_is_refused_by_the_blocking_api() -> None:
    for call in (
        lambda: zarr.create_array(AsyncDictStore(), shape=(2,), dtype="u1"),
        lambda: zarr.open_group(AsyncDictStore()),
    ):
        with pytest.raises(TypeError) as info:
            call()
        message = str(info.value)
        assert "AsyncDictStore()" in message
        assert "zarrlite.api.asynchronous" in message and "zarrlite.storage.Store" in message


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
