# Generated from tests/_async/test_store_fsspec.py by codegen. Do not edit.

"""What only the fsspec store promises: URL resolution, storage_options, read-only http,
errors that are not a missing key propagate."""

from __future__ import annotations

import pickle
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zarrlite._sync.api import open_array
from zarrlite._sync.api_arrays import create_array
from zarrlite._sync.store import FsspecStore, LocalStore, make_store_path
from zarrlite.errors import ReadOnlyError

fsspec = pytest.importorskip("fsspec")


@pytest.fixture
def memory_url() -> Iterator[str]:
    url = f"memory://fsspec-tests/{uuid.uuid4().hex}"
    yield url
    fs = fsspec.filesystem("memory")
    if fs.exists(url):
        fs.rm(url, recursive=True)


def test_urls_resolve_to_fsspec_stores(memory_url: str, tmp_path: Path) -> None:
    store_path = make_store_path(memory_url, path="g/a")
    assert isinstance(store_path.store, FsspecStore)
    assert store_path.path == "g/a"
    assert str(store_path.store) == memory_url
    store_path.set(b"x")
    assert fsspec.filesystem("memory").cat_file(f"{memory_url}/g/a") == b"x"
    local = make_store_path(f"file://{tmp_path}/local")
    assert isinstance(local.store, LocalStore)  # file:// stays local
    with pytest.raises(TypeError, match=r"storage_options provided but unused"):
        make_store_path(f"file://{tmp_path}/x", storage_options={"anon": True})
    with pytest.raises(TypeError, match=r"storage_options provided but unused"):
        make_store_path(tmp_path / "p", storage_options={"anon": True})


def test_storage_options_reach_the_filesystem() -> None:
    pytest.importorskip("s3fs")
    options = {"key": "id", "secret": "secret", "endpoint_url": "http://127.0.0.1:9"}
    store_path = make_store_path("s3://bucket/data.zarr", storage_options=options)
    store: Any = store_path.store
    assert isinstance(store, FsspecStore)
    assert store.path == "bucket/data.zarr"
    assert store.fs.storage_options == options
    assert store.fs.key == "id"
    assert str(store) == "s3://bucket/data.zarr"
    # Equal recipes make equal stores; other options make another store.
    same = FsspecStore.from_url("s3://bucket/data.zarr", storage_options=options)
    assert same == store and hash(same) == hash(store)
    assert FsspecStore.from_url("s3://bucket/data.zarr", storage_options={"anon": True}) != store
    clone = pickle.loads(pickle.dumps(store))
    assert clone == store and clone.fs.storage_options == options


def test_http_stores_are_read_only() -> None:
    pytest.importorskip("aiohttp")
    store = FsspecStore.from_url("https://example.invalid/data.zarr")
    assert store.read_only and not store.supports_writes and not store.supports_listing
    with pytest.raises(ReadOnlyError, match="'k'"):
        store.set("k", b"1")
    with pytest.raises(ReadOnlyError, match="'w'"):
        make_store_path("https://example.invalid/data.zarr", mode="w")
    assert make_store_path("http://example.invalid/d.zarr", mode="r").read_only


def test_errors_other_than_missing_propagate(memory_url: str) -> None:
    class Failing(fsspec.implementations.memory.MemoryFileSystem):  # type: ignore[misc]
        protocol = ("failing",)

        def cat_file(self, path: str, start: Any = None, end: Any = None, **kw: Any) -> bytes:
            raise PermissionError(f"denied: {path}")

    store = FsspecStore(Failing(), path=memory_url)
    with pytest.raises(PermissionError, match="denied"):
        store.get("k")
    missing = FsspecStore.from_url(memory_url)
    assert missing.get("never") is None


def test_array_round_trip_through_a_url(memory_url: str) -> None:
    data = np.arange(30, dtype="f8").reshape(5, 6)
    array = create_array(memory_url, shape=(5, 6), chunks=(2, 4), dtype="f8", fill_value=-1)
    array.setitem(slice(None), data)
    again = open_array(memory_url, mode="r")
    np.testing.assert_array_equal(again.getitem(slice(None)), data)
    assert again.store_path.store.read_only


def test_array_reads_propagate_store_errors_never_fill(memory_url: str) -> None:
    array = create_array(memory_url, shape=(4,), chunks=(2,), dtype="i1", fill_value=3)
    array.setitem(slice(None), np.arange(4, dtype="i1"))

    class Denied(fsspec.implementations.memory.MemoryFileSystem):  # type: ignore[misc]
        protocol = ("denied",)

        def cat_file(self, path: str, start: Any = None, end: Any = None, **kw: Any) -> bytes:
            if "/c/" not in path:  # metadata reads work; chunk reads are refused
                return super().cat_file(path, start, end, **kw)  # type: ignore[no-any-return]
            raise PermissionError(f"access denied to {path}")

    opened = open_array(FsspecStore(Denied(), path=memory_url), mode="r")
    with pytest.raises(PermissionError, match="access denied"):
        opened.getitem(slice(None))


def test_gs_urls_go_through_fsspec() -> None:
    try:
        import gcsfs  # noqa: F401
    except ImportError:  # the protocol's package is named, not a generic failure
        with pytest.raises(ImportError, match="gcsfs"):
            make_store_path("gs://bucket/data.zarr", storage_options={"token": "anon"})
    else:  # pragma: no cover - gcsfs is not in the test extra
        store_path = make_store_path("gs://bucket/data.zarr", storage_options={"token": "anon"})
        assert isinstance(store_path.store, FsspecStore)


@pytest.fixture
def http_root(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A directory served over HTTP on 127.0.0.1 (the standard library's server, in a thread)."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_http_store_reads_an_array(http_root: tuple[str, Path]) -> None:
    pytest.importorskip("aiohttp")
    url, directory = http_root
    data = np.arange(12, dtype="u1").reshape(3, 4)
    local = create_array(directory / "a.zarr", shape=(3, 4), chunks=(2, 2), dtype="u1")
    local.setitem(slice(None), data)
    remote = open_array(f"{url}/a.zarr", mode="r")
    assert isinstance(remote.store_path.store, FsspecStore) and remote.read_only
    np.testing.assert_array_equal(remote.getitem(slice(None)), data)
    assert remote.store_path.store.get("c/9/9") is None  # 404 is a missing key


def test_from_mapper_and_fsmap_store_likes(memory_url: str) -> None:
    mapper = fsspec.get_mapper(memory_url)
    store = FsspecStore.from_mapper(mapper, read_only=True)
    assert store.read_only and store == FsspecStore.from_url(memory_url, read_only=True)
    mapper["a/zarr.json"] = b"{}"
    assert store.get("a/zarr.json") == b"{}"
    resolved = make_store_path(mapper, mode="r")
    assert isinstance(resolved.store, FsspecStore) and resolved.store.read_only
    assert resolved.store.path == store.path and resolved.path == ""
    with pytest.raises(ValueError, match="FSMap"):
        make_store_path(mapper, path="a")
    with pytest.raises(TypeError, match="FSMap"):
        FsspecStore.from_mapper({})


def test_from_upath_and_upath_store_likes(memory_url: str, tmp_path: Path) -> None:
    upath = pytest.importorskip("upath")
    remote = upath.UPath(memory_url)
    store = FsspecStore.from_upath(remote)
    assert store == FsspecStore.from_url(memory_url)
    store.set("k", b"v")
    assert (remote / "k").read_bytes() == b"v"
    assert make_store_path(remote).store == store
    local = make_store_path(upath.UPath(tmp_path / "local"), mode="r").store
    assert isinstance(local, LocalStore) and local.read_only
    assert local.root == tmp_path / "local"
    with pytest.raises(TypeError, match="UPath"):
        FsspecStore.from_upath("memory://x")


def test_directories_are_not_keys(tmp_path: Path) -> None:
    store = FsspecStore(fsspec.filesystem("file"), path=str(tmp_path))
    assert IsADirectoryError in store.allowed_exceptions
    store.set("d/k", b"1")
    assert store.get("d") is None  # a directory reads as a missing key


def test_constructor_takes_zarr_pythons_positional_arguments(tmp_path: Path) -> None:
    # zarr-python's signature is (fs, read_only=False, path="/", allowed_exceptions=...):
    # FsspecStore(fs, True, path) was a TypeError (read_only and path were keyword-only).
    fs = fsspec.filesystem("file")
    store = FsspecStore(fs, True, str(tmp_path), (FileNotFoundError,))
    assert store.read_only and store.allowed_exceptions == (FileNotFoundError,)
    assert store == FsspecStore(fs, read_only=True, path=str(tmp_path))
