"""The local store's atomic file writes, on both publishing paths: an unnamed file (Linux
``O_TMPFILE``) linked in, and a named temporary file renamed over the key."""

from __future__ import annotations

import errno
import multiprocessing
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zarrlite._backend import _files
from zarrlite.codecs._scratch import input_scratch
from zarrlite.experimental.cache_store import AsyncCacheStore
from zarrlite.storage import (
    AsyncLocalStore,
    AsyncLoggingStore,
    AsyncMemoryStore,
    AsyncWrapperStore,
    LocalStore,
)

HAS_UNNAMED = _files._O_TMPFILE is not None and os.path.isdir("/proc/self/fd")


@pytest.fixture(params=["unnamed", "named"])
def publish(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "named":
        monkeypatch.setattr(_files, "_O_TMPFILE", None)
    elif not HAS_UNNAMED:
        pytest.skip("no O_TMPFILE on this platform")
    yield request.param


def names_below(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_new_keys_overwrites_and_exclusive_writes(tmp_path: Path, publish: str) -> None:
    target = str(tmp_path / "c" / "0" / "1")  # parent directories are made on the way
    assert _files.write(target, b"first")
    assert _files.write(target, memoryview(b"second"))
    assert not _files.write(target, b"third", exclusive=True)
    assert _files.write(str(tmp_path / "c" / "new"), b"made", exclusive=True)
    assert _files.write(str(tmp_path / "synced"), b"durable", fsync=True)
    assert (tmp_path / "c" / "0" / "1").read_bytes() == b"second"
    assert (tmp_path / "c" / "new").read_bytes() == b"made"
    assert (tmp_path / "synced").read_bytes() == b"durable"
    assert names_below(tmp_path) == ["c/0/1", "c/new", "synced"]  # no temporaries left
    with pytest.raises(OSError):  # a file where a directory must be made is left alone
        _files.write(str(tmp_path / "synced" / "below"), b"never")
    assert (tmp_path / "synced").read_bytes() == b"durable"


def test_both_paths_give_files_the_same_permissions(tmp_path: Path, publish: str) -> None:
    _files.write(str(tmp_path / "k"), b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(os.stat(tmp_path / "k").st_mode) == 0o666 & ~umask


def test_a_failing_value_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, publish: str
) -> None:
    target = str(tmp_path / "k")
    _files.write(target, b"old")

    class Unreadable:
        def __buffer__(self, flags: int) -> memoryview:
            raise RuntimeError("producer failed")

    with pytest.raises(RuntimeError, match="producer failed"):
        _files.write(target, Unreadable())  # type: ignore[arg-type]
    assert names_below(tmp_path) == ["k"]
    assert (tmp_path / "k").read_bytes() == b"old"


@pytest.mark.skipif(not HAS_UNNAMED, reason="no O_TMPFILE on this platform")
@pytest.mark.parametrize("code", [errno.EOPNOTSUPP, errno.EISDIR])
def test_file_systems_without_unnamed_files_fall_back_to_a_named_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    real_open = os.open
    opened: list[int] = []

    def no_tmpfile(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & _files._O_TMPFILE == _files._O_TMPFILE:
            opened.append(flags)
            raise OSError(code, os.strerror(code), path)
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_tmpfile)
    assert _files.write(str(tmp_path / "a" / "k"), b"value")
    assert opened  # the unnamed file was tried first
    assert (tmp_path / "a" / "k").read_bytes() == b"value"
    assert names_below(tmp_path) == ["a/k"]


@pytest.mark.skipif(not HAS_UNNAMED, reason="no O_TMPFILE on this platform")
def test_a_proc_that_will_not_link_falls_back_to_a_named_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_link = os.link

    def refusing_link(src: Any, dst: Any, **kwargs: Any) -> None:
        if kwargs.get("src_dir_fd") is not None:
            raise OSError(errno.EXDEV, "Invalid cross-device link", src)
        real_link(src, dst, **kwargs)

    monkeypatch.setattr(os, "link", refusing_link)
    assert _files.write(str(tmp_path / "k"), b"value")
    assert (tmp_path / "k").read_bytes() == b"value"
    assert names_below(tmp_path) == ["k"]


def _write_in_child(path: str, queue: Any) -> None:
    try:
        _files.write(path, b"from the child")
        queue.put(None)
    except BaseException as error:  # reported to the parent
        queue.put(repr(error))


@pytest.mark.skipif(not HAS_UNNAMED, reason="no O_TMPFILE on this platform")
def test_a_forked_child_links_through_its_own_proc_directory(tmp_path: Path) -> None:
    _files.write(str(tmp_path / "parent"), b"opens /proc/self/fd in the parent")
    parent_fd = _files._proc_fd
    assert parent_fd is not None
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_write_in_child, args=(str(tmp_path / "child"), queue))
    child.start()
    assert queue.get(timeout=30) is None
    child.join(30)
    assert child.exitcode == 0
    assert (tmp_path / "child").read_bytes() == b"from the child"
    assert _files._proc_fd == parent_fd  # the parent's descriptor is untouched


@pytest.mark.skipif(not HAS_UNNAMED, reason="no O_TMPFILE on this platform")
def test_an_interrupt_just_after_linking_the_temporary_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Replacing a key links the new file under a temporary name, then renames it. Ctrl-C can
    # land the moment os.link returns: the temporary name must still go.
    target = str(tmp_path / "k")
    _files.write(target, b"old")
    real_link = os.link

    def link_then_interrupt(src: Any, dst: Any, **kwargs: Any) -> None:
        real_link(src, dst, **kwargs)
        if os.path.basename(str(dst)).startswith(_files.TEMP_PREFIX):
            raise KeyboardInterrupt

    monkeypatch.setattr(os, "link", link_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        _files.write(target, b"new")
    assert names_below(tmp_path) == ["k"]
    assert (tmp_path / "k").read_bytes() == b"old"


def test_whole_file_reads_at_the_first_read_boundary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file shorter than the first read costs no fstat; one as long or longer is read to its
    # end at the size fstat gives.
    payload = bytes(range(256)) * 1000
    stats: list[int] = []
    real_fstat = os.fstat
    monkeypatch.setattr(_files.os, "fstat", lambda fd: stats.append(fd) or real_fstat(fd))
    small = _files._SMALL_FILE_BYTES
    for size in (0, 215, small - 1, small, small + 1, len(payload)):
        (tmp_path / "doc").write_bytes(payload[:size])
        stats.clear()
        assert _files.read(str(tmp_path / "doc"), None) == payload[:size]
        assert len(stats) == (0 if size < small else 1), size
    assert _files.read(str(tmp_path / "missing"), None) is None
    assert _files.read(str(tmp_path), None) is None


def test_read_into_fills_the_callers_buffer(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 5000
    (tmp_path / "c").write_bytes(payload)
    sizes: list[int] = []
    owned = np.zeros(2 * len(payload), dtype=np.uint8)

    def buffer(size: int) -> Any:
        sizes.append(size)
        return owned[:size]

    got = _files.read_into(str(tmp_path / "c"), buffer)
    # Larger than the first read: read again, whole, at the file's size.
    assert sizes == [_files.FIRST_READ_BYTES, len(payload)]
    assert bytes(got) == payload  # type: ignore[arg-type]
    assert np.shares_memory(np.frombuffer(got, np.uint8), owned)  # type: ignore[arg-type]
    # Smaller: one read; exactly that size: the second read finds the end of the file.
    for size in (16 << 10, _files.FIRST_READ_BYTES):
        (tmp_path / "s").write_bytes(payload[:size])
        sizes.clear()
        got = _files.read_into(str(tmp_path / "s"), buffer)
        assert bytes(got) == payload[:size]  # type: ignore[arg-type]
        assert sizes == [_files.FIRST_READ_BYTES] * (1 if size < _files.FIRST_READ_BYTES else 2)
    # A buffer for the first read only (the file is too large for the caller's): new bytes.
    assert _files.read_into(
        str(tmp_path / "c"), lambda size: owned[:size] if size < len(payload) else None
    ) == payload
    # No buffer offered: new bytes. No file, or a directory: None, as for read().
    assert _files.read_into(str(tmp_path / "c"), lambda size: None) == payload
    assert _files.read_into(str(tmp_path / "missing"), buffer) is None
    assert _files.read_into(str(tmp_path), buffer) is None
    (tmp_path / "empty").write_bytes(b"")
    assert bytes(_files.read_into(str(tmp_path / "empty"), buffer)) == b""  # type: ignore[arg-type]

    # Stores: the local one reads into the buffer; the memory one returns its value; wrappers
    # forward; the logging wrapper records the read; the cache refuses blocking reads.
    store = LocalStore(tmp_path)
    view = store.get_sync_into("c", input_scratch)
    assert bytes(view) == payload  # type: ignore[arg-type]
    assert isinstance(view, memoryview)
    assert store.get_sync_into("missing", input_scratch) is None
    memory = AsyncMemoryStore({"k": b"value"})
    assert memory.get_sync_into("k", buffer) == b"value"
    assert AsyncWrapperStore(memory).get_sync_into("k", buffer) == b"value"
    logged = AsyncLoggingStore(memory)
    assert logged.get_sync_into("k", buffer) == b"value"
    assert logged.counter["get_sync"] == 1
    with pytest.raises(TypeError, match="get_sync"):
        AsyncCacheStore(memory, cache_store=AsyncMemoryStore()).get_sync_into("k", buffer)


def test_reader_into_reads_a_run_of_files_into_one_buffer(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 5000
    sizes = [0, 100, 16 << 10, _files.FIRST_READ_BYTES - 1, _files.FIRST_READ_BYTES, len(payload)]
    for size in sizes:
        (tmp_path / f"f{size}").write_bytes(payload[:size])
    asked: list[int] = []
    owned = np.zeros(2 * len(payload), dtype=np.uint8)

    def buffer(size: int) -> Any:
        asked.append(size)
        return owned[:size]

    read = _files.reader_into(buffer)
    assert asked == [_files.FIRST_READ_BYTES]  # taken once, for the whole run
    for size in sizes:
        got = read(str(tmp_path / f"f{size}"))
        assert bytes(got) == payload[:size], size  # type: ignore[arg-type]
        assert size == 0 or np.shares_memory(np.frombuffer(got, np.uint8), owned)  # type: ignore[arg-type]
    # Only the files of the first read's size or more asked for a buffer of their size.
    assert asked == [_files.FIRST_READ_BYTES, _files.FIRST_READ_BYTES, len(payload)]
    assert read(str(tmp_path / "missing")) is None
    assert read(str(tmp_path)) is None  # a directory
    # No buffer offered: new bytes.
    assert _files.reader_into(lambda size: None)(str(tmp_path / "f100")) == payload[:100]


def test_stores_read_runs_of_keys_through_their_get_sync_into(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"first")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "c").write_bytes(b"second")
    for store in (LocalStore(tmp_path), AsyncLocalStore(tmp_path)):
        read = store.sync_reader_into(input_scratch)
        assert [None if v is None else bytes(v) for v in map(read, ["a", "b/c", "x"])] == [
            b"first",
            b"second",
            None,
        ]
        with pytest.raises(ValueError, match=r"invalid store key '\.\./a'"):
            read("../a")
    memory = AsyncMemoryStore({"k": b"value"})
    assert AsyncWrapperStore(memory).sync_reader_into(input_scratch)("k") == b"value"
    logged = AsyncLoggingStore(memory)
    assert logged.sync_reader_into(input_scratch)("k") == b"value"
    assert logged.counter["get_sync"] == 1

    # A user's store that overrides get_sync_into below the local store has its reads go
    # through it, not around it.
    seen: list[str] = []

    class Counting(LocalStore):
        def get_sync_into(self, key: str, buffer: Any) -> Any:
            seen.append(key)
            return super().get_sync_into(key, buffer)

    assert bytes(Counting(tmp_path).sync_reader_into(input_scratch)("b/c")) == b"second"
    assert seen == ["b/c"]
