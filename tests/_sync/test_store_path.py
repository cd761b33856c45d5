# Generated from tests/_async/test_store_path.py by codegen. Do not edit.

"""``make_store_path`` (every StoreLike), ``StorePath``, ``normalize_path``, byte requests.

Twin conversion is tested here in one direction per flavour: the async run converts blocking
stores, and the generated blocking run converts async ones, so both directions are covered.
"""

from __future__ import annotations

import json
import re
import sys
from collections import OrderedDict, UserDict
from pathlib import Path
from typing import Any

import pytest

from zarrlite._backend import _twins
from zarrlite._backend.sync import IS_ASYNC
from zarrlite._byte_request import slice_for
from zarrlite._sync.store import (
    LocalStore,
    MemoryStore,
    OffsetByteRequest,
    RangeByteRequest,
    StorePath,
    SuffixByteRequest,
    WrapperStore,
    ZipStore,
    make_store_path,
    normalize_path,
    set_or_delete,
)
from zarrlite.buffer import cpu, default_buffer_prototype
from zarrlite.errors import ReadOnlyError


def other_flavour(twin_key: str) -> Any:
    """The other flavour's class of a store (importing zarrlite imports both flavours)."""
    cls = _twins.twin_class(twin_key, not IS_ASYNC)
    assert cls is not None
    return cls


@pytest.mark.parametrize(
    ("path", "expected"),
    [("", ""), ("/", ""), ("a", "a"), ("/a/b/", "a/b"), ("a//b///c", "a/b/c"), ("a\\b", "a/b")],
)
def test_normalize_path(path: str, expected: str) -> None:
    assert normalize_path(path) == expected


@pytest.mark.parametrize("path", ["..", "a/../b", "./a", "a/."])
def test_normalize_path_refuses_dot_segments(path: str) -> None:
    with pytest.raises(ValueError, match=re.escape(repr(path))):
        normalize_path(path)


def test_byte_requests_validate_and_slice() -> None:
    assert slice_for(None, 10) == slice(0, 10)
    assert slice_for(RangeByteRequest(2, 50), 10) == slice(2, 10)
    assert slice_for(OffsetByteRequest(12), 10) == slice(10, 10)
    assert slice_for(SuffixByteRequest(4), 10) == slice(6, 10)
    assert slice_for(SuffixByteRequest(40), 10) == slice(0, 10)
    for bad in (lambda: RangeByteRequest(5, 2), lambda: OffsetByteRequest(-1)):
        with pytest.raises(ValueError):
            bad()
    with pytest.raises(ValueError, match="suffix"):
        SuffixByteRequest(True)
    assert RangeByteRequest(1, 2) == RangeByteRequest(1, 2)
    assert len({RangeByteRequest(1, 2), RangeByteRequest(1, 2)}) == 1


def test_none_and_dicts_become_memory_stores() -> None:
    fresh = make_store_path(None)
    assert isinstance(fresh.store, MemoryStore) and fresh.path == ""
    data: dict[str, bytes] = {}
    path = make_store_path(data, path="/g/a/")
    assert isinstance(path.store, MemoryStore) and path.store.store_dict is data
    assert path.path == "g/a"
    read_only = make_store_path({}, mode="r")
    assert read_only.read_only
    with pytest.raises(TypeError, match="UserDict"):
        make_store_path(UserDict())  # a dict, not any mapping, as zarr-python
    # A subclass of dict is a dict, as zarr-python (it was refused as unsupported).
    ordered: OrderedDict[str, bytes] = OrderedDict()
    subclassed = make_store_path(ordered, path="g")
    assert isinstance(subclassed.store, MemoryStore) and subclassed.store.store_dict is ordered


def test_paths_and_file_urls_become_local_stores(tmp_path: Path) -> None:
    for store_like in (str(tmp_path), tmp_path, f"file://{tmp_path}"):
        resolved = make_store_path(store_like, path="x")
        assert resolved.store == LocalStore(tmp_path)
        assert resolved.path == "x"
    read_only = make_store_path(tmp_path, mode="r")
    assert read_only.read_only and read_only.store == LocalStore(tmp_path, read_only=True)


def test_stores_and_store_paths_are_used_as_they_are() -> None:
    store = MemoryStore()
    assert make_store_path(store).store is store
    assert make_store_path(store, mode="a").store is store
    base = StorePath(store, "a")
    joined = make_store_path(base, path="b/c")
    assert joined == StorePath(store, "a/b/c") and joined.store is store
    with pytest.raises(TypeError, match="storage_options provided but unused"):
        make_store_path(base, storage_options={"anon": True})


def test_modes_are_checked_and_applied() -> None:
    store = MemoryStore()
    view = make_store_path(store, mode="r")
    assert isinstance(view.store, MemoryStore)
    assert view.read_only and view.store.store_dict is store.store_dict
    assert not store.read_only
    read_only = store.with_read_only(True)
    for mode in ("r+", "a", "w", "w-"):
        with pytest.raises(ReadOnlyError, match=re.escape(repr(mode))):
            make_store_path(read_only, mode=mode)
    assert make_store_path(read_only, mode="r").store is read_only
    with pytest.raises(ValueError, match="'rw'"):
        make_store_path(store, mode="rw")


def test_unsupported_inputs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nosuchprotocol"):
        make_store_path("nosuchprotocol://bucket/data.zarr")
    with pytest.raises(TypeError, match=r"storage_options provided but unused.*local"):
        make_store_path(str(tmp_path / "local"), storage_options={"anon": True})
    with pytest.raises(TypeError, match="'int'"):
        make_store_path(42)
    with pytest.raises(ValueError, match=re.escape("'..'")):
        make_store_path(None, path="a/../b")


def test_stores_of_the_other_flavour_become_twins(tmp_path: Path) -> None:
    data: dict[str, bytes] = {"k": b"v"}
    other_memory = other_flavour("memory")(data)
    other_memory.limiter.total = 5
    converted = make_store_path(other_memory, path="g")
    assert isinstance(converted.store, MemoryStore)
    assert converted.store.store_dict is data and converted.path == "g"
    assert converted.store.limiter is other_memory.limiter  # one limiter across both flavours
    assert converted.store.get("k") == b"v"

    other_local = other_flavour("local")(tmp_path, read_only=True)
    local = make_store_path(other_local).store
    assert local == LocalStore(tmp_path, read_only=True)

    other_path_cls = other_store_path_class(other_memory)
    joined = make_store_path(other_path_cls(other_memory, "a"), path="b", mode="r")
    assert isinstance(joined, StorePath) and joined.path == "a/b"
    assert isinstance(joined.store, MemoryStore)
    assert joined.read_only and joined.store.store_dict is data


def other_store_path_class(store: Any) -> Any:
    """The other flavour's store path class, found beside that flavour's store modules."""
    module = sys.modules[type(store).__module__.rsplit(".", 1)[0] + ".path"]
    found = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and getattr(value, "_is_store_path", False)
    ]
    assert len(found) == 1 and found[0] is not StorePath
    return found[0]


def test_user_subclasses_are_not_converted() -> None:
    """A user's subclass of the other flavour's store is never converted to a built-in class
    (that would drop its behaviour): it is wrapped, the async API running a blocking one in
    worker threads, the blocking API an async one on an event loop thread. Given back to the
    flavour it came from, the wrapper gives the user's store itself."""
    store = type("Custom", (other_flavour("memory"),), {})()
    path = make_store_path(store)
    expected = "OverBlockingStore" if IS_ASYNC else "BlockingOverAsyncStore"
    assert type(path.store).__name__ == expected
    assert path.store.store is store  # type: ignore[attr-defined]
    assert _twins.convert(path.store, not IS_ASYNC) is store


def test_store_path_io_and_text() -> None:
    store = MemoryStore()
    root = StorePath(store)
    doc = root / "group" / "zarr.json"
    assert doc.path == "group/zarr.json" and root / "" == root
    assert doc.get_json() is None
    doc.set(json.dumps({"zarr_format": 3}).encode())
    assert doc.get_json() == {"zarr_format": 3}
    assert doc.get(RangeByteRequest(0, 1)) == b"{"
    doc.set_if_not_exists(b"ignored")
    assert doc.exists()
    assert not (root / "group").is_empty()
    (root / "group").delete_dir()
    assert root.is_empty()
    doc.delete()
    assert str(doc) == f"{store}/group/zarr.json" and str(root) == str(store)
    name = type(store).__name__
    assert repr(doc) == f"{type(doc).__name__}({name}, '{store}/group/zarr.json')"
    assert not doc.read_only and (StorePath(store.with_read_only(True))).read_only
    with pytest.raises(ValueError, match=re.escape("'..'")):
        StorePath(store, "a/../..")


def test_store_path_takes_zarr_pythons_signatures() -> None:
    # get(prototype=None, byte_range=None) and set_if_not_exists(default), as zarr-python's
    # StorePath (get took only byte_range: get(prototype=...) was a TypeError, and
    # set_if_not_exists(default=...) too). With a prototype the value is a prototype.buffer;
    # a byte request in its place is still the byte range.
    prototype = default_buffer_prototype()
    doc = StorePath(MemoryStore(), "a/zarr.json")
    doc.set_if_not_exists(default=b"0123")
    doc.set_if_not_exists(default=b"ignored")
    assert doc.get() == b"0123"
    assert doc.get(prototype=prototype).to_bytes() == b"0123"
    assert doc.get(prototype, RangeByteRequest(1, 3)).to_bytes() == b"12"
    found = doc.get(prototype=prototype, byte_range=RangeByteRequest(1, 3))
    assert isinstance(found, cpu.Buffer) and found.to_bytes() == b"12"
    assert doc.get(None, RangeByteRequest(0, 1)) == b"0"
    assert doc.get(RangeByteRequest(2, 4)) == b"23"
    assert doc.get_sync(prototype, RangeByteRequest(1, 2)).to_bytes() == b"1"
    assert doc.get_sync(RangeByteRequest(1, 2)) == b"1"
    doc.set(cpu.Buffer.from_bytes(b"4567"))
    assert doc.get() == b"4567"
    with pytest.raises(TypeError, match="byte_range"):
        doc.get(prototype, (0, 2))
    with pytest.raises(TypeError, match="two byte ranges"):
        doc.get(RangeByteRequest(0, 1), RangeByteRequest(0, 2))


def test_zip_fsspec_and_obstore_stores_have_twins(tmp_path: Path) -> None:
    zipped = other_flavour("zip")(tmp_path / "t.zip", mode="w")
    twin = make_store_path(zipped).store
    assert _twins.flavour_of(twin) is IS_ASYNC and type(twin) is not type(zipped)
    twin.set("k", b"v")  # one archive, one lock: both flavours see the write
    assert zipped._archive is twin._archive and twin.limiter is zipped.limiter
    zipped.close()
    pytest.importorskip("fsspec")
    remote = other_flavour("fsspec").from_url("memory://twins/x")
    remote_twin = make_store_path(remote).store
    assert _twins.flavour_of(remote_twin) is IS_ASYNC and remote_twin.path == remote.path
    assert remote_twin.limiter is remote.limiter
    obstore_store = pytest.importorskip("obstore.store")
    inner = obstore_store.MemoryStore()
    object_twin = make_store_path(other_flavour("obstore")(inner)).store
    assert object_twin.store is inner


def test_public_storage_module_has_zarr_pythons_names() -> None:
    import zarrlite.storage as storage

    expected = {"FsspecStore", "LocalStore", "LoggingStore", "MemoryStore", "ObjectStore"}
    expected |= {"StoreLike", "StorePath", "WrapperStore", "ZipStore", "ManagedMemoryStore"}
    assert expected <= set(storage.__all__)
    zarr_storage = pytest.importorskip("zarr.storage")
    # Every name of zarr-python's but the GPU store (no GPU buffers here).
    assert set(zarr_storage.__all__) - {"GpuMemoryStore"} <= set(storage.__all__)
    for name in expected - {"StoreLike"}:
        blocking, asynchronous = getattr(storage, name), getattr(storage, f"Async{name}")
        assert blocking._is_async is False and asynchronous._is_async is True
    assert set(storage.__all__) == {name for name in dir(storage) if not name.startswith("_")} - {
        "annotations"
    }


def test_store_path_open_checks_the_mode() -> None:
    store = MemoryStore({"g/zarr.json": b"{}"})
    for mode in (None, "r+", "a", "w"):
        opened = StorePath.open(store, "g", mode=mode)
        assert opened.store is store and opened.path == "g"
    read = StorePath.open(store, "g", mode="r")
    assert read.read_only and read.store == store.with_read_only(True) and not store.read_only
    with pytest.raises(FileExistsError, match="'g'"):
        StorePath.open(store, "g", mode="w-")
    with pytest.raises(FileExistsError, match=re.escape("'' (root)")):
        StorePath.open(store, "", mode="w-")
    assert StorePath.open(store, "new", mode="w-").path == "new"
    assert store.store_dict == {"g/zarr.json": b"{}"}  # no mode changes the store ('w' too)
    read_only = store.with_read_only(True)
    assert StorePath.open(read_only, "g", mode="r").store is read_only
    for mode in ("r+", "a", "w", "w-"):
        with pytest.raises(ReadOnlyError, match=re.escape(repr(mode))):
            StorePath.open(read_only, "g", mode=mode)
    with pytest.raises(ValueError, match="mode must be one of"):
        StorePath.open(store, "g", mode="x")


def test_store_path_json_blocking_io_and_set_or_delete() -> None:
    store = MemoryStore()
    path = StorePath(store, "a/zarr.json")
    assert path.get_json() is None
    set_or_delete(path, b'{"x": [1, 2]}')
    assert path.get_json() == {"x": [1, 2]}
    assert path.get_json(byte_range=RangeByteRequest(6, 12)) == [1, 2]
    assert path.get_sync() == b'{"x": [1, 2]}'
    assert path.get_sync(None, RangeByteRequest(0, 1)) == b"{"
    path.set_sync(b"{}")
    assert store.store_dict == {"a/zarr.json": b"{}"}
    path.delete_sync()
    assert store.store_dict == {}
    set_or_delete(path, b"1")
    set_or_delete(path, None)
    assert not path.exists()
    assert repr(StorePath(store, "a/b")) == (
        f"{type(path).__name__}({type(store).__name__}, 'memory://{id(store.store_dict)}/a/b')"
    )
    zipped = StorePath(WrapperStore(MemoryStore()), "k")
    zipped.set_sync(b"wrapped")
    assert zipped.get_sync() == b"wrapped"


def test_store_path_blocking_io_needs_a_store_that_has_it(tmp_path: Path) -> None:
    with ZipStore(tmp_path / "z.zip", mode="w") as zipped:
        path = StorePath(zipped, "k")
        for call in (path.get_sync, lambda: path.set_sync(b"1"), path.delete_sync):
            with pytest.raises(TypeError, match="synchronous"):
                call()


def test_store_protocols_are_structural() -> None:
    from zarrlite._store_protocols import ByteGetter, ByteSetter, SupportsSyncStore

    assert isinstance(MemoryStore(), SupportsSyncStore)
    assert isinstance(LocalStore("."), SupportsSyncStore)
    assert not isinstance(object(), SupportsSyncStore)
    path = StorePath(MemoryStore(), "k")
    assert isinstance(path, ByteGetter) and isinstance(path, ByteSetter)
