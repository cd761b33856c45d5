"""What only the local store promises: atomic writes, confinement to its root, lean range reads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from zarrlite._async.store import AsyncLocalStore, RangeByteRequest, SuffixByteRequest
from zarrlite._backend import _files
from zarrlite.errors import ReadOnlyError


def files_below(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.mark.anyio
async def test_nothing_is_created_before_the_first_write(tmp_path: Path) -> None:
    store = AsyncLocalStore(tmp_path / "root", read_only=True)
    assert await store.get("a") is None
    assert [key async for key in store.list()] == []
    assert [name async for name in store.list_dir("")] == []
    assert await store.is_empty("")
    assert not (tmp_path / "root").exists()
    await store.with_read_only(False).set("x/y/z", b"1")
    assert (tmp_path / "root" / "x" / "y" / "z").read_bytes() == b"1"


@pytest.mark.anyio
async def test_writes_are_atomic_and_leave_no_temporary_files(tmp_path: Path) -> None:
    store = AsyncLocalStore(tmp_path)
    for i in range(20):
        await store.set("c/0", bytes([i]) * 1000)
    await store.set_if_not_exists("c/0", b"ignored")
    await store.set_if_not_exists("c/1", b"new")
    assert files_below(tmp_path) == ["c/0", "c/1"]
    assert await store.get("c/0") == bytes([19]) * 1000
    store.fsync = True
    await store.set("c/2", b"synced")
    assert await store.get("c/2") == b"synced"


@pytest.mark.anyio
async def test_failed_write_keeps_the_old_value(tmp_path: Path) -> None:
    store = AsyncLocalStore(tmp_path)
    await store.set("k", b"old")

    class Unwritable:
        def __buffer__(self, flags: int) -> memoryview:
            raise RuntimeError("producer failed")

    with pytest.raises((RuntimeError, TypeError)):
        await store.set("k", Unwritable())  # type: ignore[arg-type]
    assert await store.get("k") == b"old"
    assert files_below(tmp_path) == ["k"]


@pytest.mark.anyio
async def test_listings_skip_temporary_files(tmp_path: Path) -> None:
    store = AsyncLocalStore(tmp_path)
    await store.set("a/b", b"1")
    (tmp_path / "a" / f"{_files.TEMP_PREFIX}crashed").write_bytes(b"partial")
    assert [key async for key in store.list()] == ["a/b"]
    assert [name async for name in store.list_dir("a")] == ["b"]
    assert await store.getsize_prefix("a") == 1


@pytest.mark.anyio
async def test_missing_parents_and_files_in_the_way_read_as_missing(tmp_path: Path) -> None:
    store = AsyncLocalStore(tmp_path)
    await store.set("f", b"file")
    assert await store.get("f/g") is None  # "f" is a file, not a directory
    assert not await store.exists("f/g")
    assert await store.get("no/such/dir/key") is None
    await store.set("d/e", b"1")
    assert await store.get("d") is None  # a directory is not a key
    await store.delete("f/g")


@pytest.mark.anyio
async def test_deleting_the_last_key_removes_empty_directories(tmp_path: Path) -> None:
    store = AsyncLocalStore(tmp_path)
    await store.set_many([("a/b/c", b"1"), ("a/x", b"2")])
    await store.delete("a/b/c")
    assert not (tmp_path / "a" / "b").exists()
    assert [name async for name in store.list_dir("a")] == ["x"]
    await store.delete_dir("a")
    assert list(tmp_path.iterdir()) == []
    assert tmp_path.is_dir()  # the root itself stays


@pytest.mark.anyio
async def test_keys_cannot_leave_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (tmp_path / "secret").write_bytes(b"secret")
    store = AsyncLocalStore(root)
    for key in ["../secret", "a/../../secret", "/etc/passwd", "..\\secret"]:
        with pytest.raises(ValueError):
            await store.get(key)
        with pytest.raises(ValueError):
            await store.set(key, b"x")
    with pytest.raises(ValueError, match="leave the root"):
        store._path("a/../../secret")  # the second line of defence, behind key validation
    assert (tmp_path / "secret").read_bytes() == b"secret"


@pytest.mark.anyio
async def test_byte_ranges_read_only_the_bytes_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = AsyncLocalStore(tmp_path)
    data = os.urandom(1 << 20)
    await store.set("big", data)
    sizes: list[int] = []
    real_pread = _files._pread

    def counting_pread(fd: int, size: int, offset: int) -> bytes:
        chunk = real_pread(fd, size, offset)
        sizes.append(len(chunk))
        return chunk

    monkeypatch.setattr(_files, "_pread", counting_pread)
    assert await store.get("big", RangeByteRequest(500_000, 500_010)) == data[500_000:500_010]
    assert await store.get("big", SuffixByteRequest(16)) == data[-16:]
    assert sizes == [10, 16]


@pytest.mark.anyio
async def test_root_forms_and_equality(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    relative = AsyncLocalStore("data")
    assert relative.root == tmp_path / "data"
    assert relative == AsyncLocalStore(tmp_path / "data") == AsyncLocalStore(str(tmp_path / "data"))
    assert relative != AsyncLocalStore(tmp_path / "data", read_only=True)
    assert len({relative, AsyncLocalStore(tmp_path / "data")}) == 1
    with pytest.raises(TypeError, match="root must be"):
        AsyncLocalStore(42)  # type: ignore[arg-type]
    assert relative.supports_partial_reads


@pytest.mark.anyio
async def test_open_checks_or_makes_the_root(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    for mode in ("r", "r+"):
        with pytest.raises(FileNotFoundError, match="missing"):
            await AsyncLocalStore.open(missing, mode=mode)
    with pytest.raises(FileNotFoundError, match="missing"):
        await AsyncLocalStore.open(missing, read_only=True)
    assert not missing.exists()
    made = await AsyncLocalStore.open(missing, mode="w-")
    assert missing.is_dir() and not made.read_only and made._is_open
    # mode only decides about creating; read_only decides about writing.
    view = await AsyncLocalStore.open(str(missing), mode="r+", read_only=True)
    assert view.read_only and view == AsyncLocalStore(missing, read_only=True)
    writable = await AsyncLocalStore.open(missing, mode="r")
    assert not writable.read_only
    (tmp_path / "file").write_bytes(b"")
    with pytest.raises(FileExistsError):
        await AsyncLocalStore.open(tmp_path / "file")
    await AsyncLocalStore(tmp_path / "lazy")._ensure_open()
    assert (tmp_path / "lazy").is_dir()


@pytest.mark.anyio
async def test_move_takes_the_data_along(tmp_path: Path) -> None:
    store = AsyncLocalStore(tmp_path / "old")
    await store.set_many([("a/b", b"1"), ("c", b"2")])
    await store.move(tmp_path / "deeper" / "new")
    assert store.root == tmp_path / "deeper" / "new"
    assert str(store) == f"file://{(tmp_path / 'deeper' / 'new').as_posix()}"
    assert not (tmp_path / "old").exists()
    assert files_below(tmp_path / "deeper" / "new") == ["a/b", "c"]
    assert await store.get("a/b") == b"1"
    await store.set("d", b"3")
    assert (tmp_path / "deeper" / "new" / "d").read_bytes() == b"3"
    (tmp_path / "taken").mkdir()
    with pytest.raises(FileExistsError, match="taken"):
        await store.move(tmp_path / "taken")
    assert await store.get("d") == b"3"
    with pytest.raises(ReadOnlyError, match="read-only"):
        await store.with_read_only(True).move(tmp_path / "elsewhere")
    empty = AsyncLocalStore(tmp_path / "never-written")
    await empty.move(tmp_path / "empty-moved")  # no directory yet: the destination is made
    assert (tmp_path / "empty-moved").is_dir() and await empty.is_empty()


@pytest.mark.anyio
async def test_blocking_io_runs_in_the_callers_thread(tmp_path: Path) -> None:
    store = AsyncLocalStore(tmp_path)
    store.set_sync("a/b", memoryview(b"xyz"))
    assert (tmp_path / "a" / "b").read_bytes() == b"xyz"
    assert store.get_sync("a/b", byte_range=SuffixByteRequest(2)) == b"yz"
    store.delete_sync("a/b")
    assert files_below(tmp_path) == [] and not (tmp_path / "a").exists()
    with pytest.raises(ValueError, match="invalid store key"):
        store.set_sync("../escape", b"x")


@pytest.mark.anyio
async def test_claiming_a_new_prefix(tmp_path: Path) -> None:
    # True only when this call made the prefix's directory: nothing can be stored under it.
    store = AsyncLocalStore(tmp_path)
    await store.set("g/zarr.json", b"{}")
    assert store.claim_new_prefix_sync("g/a")
    assert (tmp_path / "g" / "a").is_dir()
    assert not store.claim_new_prefix_sync("g/a")  # exists now
    assert not store.claim_new_prefix_sync("g")  # holds a document
    assert not store.claim_new_prefix_sync("missing/a")  # no parent: not created
    assert not (tmp_path / "missing").exists()
    assert not store.claim_new_prefix_sync("g/zarr.json/a")  # a file is in the way
    assert not store.claim_new_prefix_sync("")  # the root
    assert not store.with_read_only(True).claim_new_prefix_sync("g/b")
    assert not (tmp_path / "g" / "b").exists()
    with pytest.raises(ValueError, match=r"'g/\.\./x'"):
        store.claim_new_prefix_sync("g/../x")
