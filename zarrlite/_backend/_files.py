"""Blocking file operations of the local store, shared by both flavours (run via ``run_io``).

Paths are absolute native paths already checked to lie inside the store's root. Writes are
atomic: a reader sees the old value or the new one, never a partial file. On Linux the value goes
to an unnamed file (``O_TMPFILE``) that is then linked in under its key, or, when the key
exists, under a temporary name that ``os.replace`` moves over it. Elsewhere (and on file systems
without ``O_TMPFILE``) the value goes to a named temporary file, then ``os.replace``. A crash
leaves at most a temporary file (whose name starts with :data:`TEMP_PREFIX`; listings skip it).
Directories are created on the first write below them and removed when their last key goes, so
that the directory tree mirrors the keys.
"""

from __future__ import annotations

import errno
import itertools
import os
import shutil
import threading
import uuid
from collections.abc import Callable
from typing import Any

from zarrlite._byte_request import ByteRequest, OffsetByteRequest, RangeByteRequest
from zarrlite._types import BytesLike

__all__ = [
    "TEMP_PREFIX",
    "file_size",
    "has_files",
    "is_file",
    "list_children",
    "make_new_directory",
    "read",
    "read_many",
    "reader_into",
    "remove",
    "remove_tree",
    "total_size",
    "walk_keys",
    "write",
    "write_many",
]

TEMP_PREFIX = ".zarrlite-tmp-"
_MISSING = (FileNotFoundError, NotADirectoryError, IsADirectoryError)
_MAKE_DIR_ATTEMPTS = 5  # a concurrent delete may remove a directory we have just created


def read(path: str, byte_range: ByteRequest | None) -> bytes | None:
    """The file's bytes (only those ``byte_range`` selects), or None if there is no such file."""
    # Raw descriptors, not open(): a buffered file object costs more than the read itself for
    # the small chunks (16 KiB) that many arrays have.
    try:
        fd = os.open(path, _READ_FLAGS)
    except _MISSING:
        return None
    try:
        if byte_range is None:
            # As in read_into: the file is replaced whole, so a short first read is its end,
            # and a metadata document costs no fstat. A larger file is read again whole at its
            # size: re-reading 16 KiB costs less than joining the parts (a copy of all of it).
            first = _pread(fd, _SMALL_FILE_BYTES, 0)
            if len(first) < _SMALL_FILE_BYTES:
                return first
            return _read_to_end(fd, 0, os.fstat(fd).st_size)
        if isinstance(byte_range, RangeByteRequest):
            return _pread(fd, byte_range.end - byte_range.start, byte_range.start)
        size = os.fstat(fd).st_size
        if isinstance(byte_range, OffsetByteRequest):
            return _read_to_end(fd, byte_range.offset, size)
        start = max(0, size - byte_range.suffix)
        return _read_to_end(fd, start, size)
    except IsADirectoryError:
        return None
    finally:
        os.close(fd)


def read_into(path: str, buffer: Callable[[int], Any]) -> BytesLike | None:
    """The whole file, read into a buffer from ``buffer(size)`` (a writable buffer of that
    size), as new bytes when ``buffer`` gives None or there is no ``preadv``. None if there is
    no such file. Files are replaced whole (written under another name, then linked or
    renamed), so the open descriptor sees one version: a shorter read means end of file.

    The first read asks for :data:`FIRST_READ_BYTES` and needs no ``fstat``: a file shorter
    than that (a 16 KiB chunk) costs one ``open``, one ``preadv`` and one ``close``.
    """
    return reader_into(buffer)(path)


def reader_into(buffer: Callable[[int], Any]) -> Callable[[str], BytesLike | None]:
    """:func:`read_into` for a run of files into the same ``buffer``, which is asked once for
    the first read's bytes (for 16 KiB chunks, ~1 us of each file's ~6 us). Each result is a
    view of the buffer, valid until the next read."""
    target = buffer(FIRST_READ_BYTES) if _HAS_PREADV else None
    first = None if target is None else memoryview(target)
    if first is not None and (first.format != "B" or first.ndim != 1):
        first = first.cast("B")

    def read(path: str) -> BytesLike | None:
        try:
            fd = os.open(path, _READ_FLAGS)
        except _MISSING:
            return None
        try:
            if first is None:
                return _read_to_end(fd, 0, os.fstat(fd).st_size)
            done = os.preadv(fd, [first], 0)
            if done < FIRST_READ_BYTES:
                return first[:done]
            return _read_rest_into(fd, first, buffer)
        except IsADirectoryError:
            return None
        finally:
            os.close(fd)

    return read


def _read_rest_into(fd: int, first: memoryview, buffer: Callable[[int], Any]) -> BytesLike:
    """The whole of a file larger than ``first``, which holds its start."""
    size = os.fstat(fd).st_size
    target = buffer(size)
    if target is None:  # too large for the caller's buffers
        return _read_to_end(fd, 0, size)
    done = len(first)
    view = memoryview(target).cast("B")  # may be new memory: keep what was read
    view[:done] = first
    while done < size and (got := os.preadv(fd, [view[done:]], done)):
        done += got
    return view[:done]


FIRST_READ_BYTES = (1 << 20) + 4096
"""The size of a local read before the file's size is asked for: above the largest common
chunk (1 MiB uncompressed), so one read suffices for it too."""
_SMALL_FILE_BYTES = 16 << 10
"""The first read of a whole file by :func:`read`, before its size is asked for: above the
size of most metadata documents."""
_HAS_PREADV = hasattr(os, "preadv")
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _pread(fd: int, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes at ``offset`` (``os.pread``; seek + read where there is none)."""
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)
    return os.read(fd, size)


def _read_to_end(fd: int, start: int, size: int) -> bytes:
    """Bytes from ``start`` to the end of the file, ``size`` long as far as ``fstat`` knew."""
    data = _pread(fd, size - start, start) if size > start else b""
    if len(data) < size - start:  # pread may return less: finish (and never loop forever)
        parts = [data]
        offset = start + len(data)
        while part := _pread(fd, 1 << 20, offset):
            parts.append(part)
            offset += len(part)
        return b"".join(parts)
    return data


def read_many(requests: list[tuple[str, ByteRequest | None]]) -> list[bytes | None]:
    """:func:`read` of each ``(path, byte_range)`` in turn: one worker-thread trip per batch."""
    return [read(path, byte_range) for path, byte_range in requests]


def _make_directory(directory: str) -> None:
    """``os.makedirs(directory, exist_ok=True)``, one ``mkdir`` when only the last part is
    missing (a new node's directory: the common case, and makedirs checks every parent)."""
    try:
        os.mkdir(directory)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(directory, exist_ok=True)


def make_new_directory(directory: str) -> bool:
    """Create ``directory`` (its parent must exist); False, creating nothing, when it exists
    or its parent does not. True proves the directory held no file before this call."""
    try:
        os.mkdir(directory)
    except (FileExistsError, FileNotFoundError, NotADirectoryError):
        return False
    return True


def _open_temp(temp: str, directory: str) -> int:
    for attempt in range(_MAKE_DIR_ATTEMPTS):
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileNotFoundError:
            if attempt == _MAKE_DIR_ATTEMPTS - 1:
                raise
            _make_directory(directory)
    raise AssertionError("unreachable")


# Temporary names: a random token per process (new after fork) and a counter, instead of a
# uuid4 per write (an os.urandom system call each). O_EXCL still guards against any clash.
_temp_token = uuid.uuid4().hex
_temp_counter = itertools.count()


def _after_fork_in_child() -> None:
    global _temp_token, _temp_counter, _proc_fd, _proc_fd_lock
    _temp_token = uuid.uuid4().hex
    _temp_counter = itertools.count()
    # The inherited descriptor names the parent's /proc/<pid>/fd; the child (one thread here,
    # before it can start others) opens its own on first use.
    if _proc_fd is not None:
        _close_quietly(_proc_fd)
        _proc_fd = None
    _proc_fd_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def write_many(items: list[tuple[str, BytesLike]], fsync: bool = False) -> None:
    """:func:`write` of each ``(path, value)`` in turn: one worker-thread trip per batch."""
    for path, value in items:
        write(path, value, fsync)


def _write_all(fd: int, value: BytesLike) -> None:
    # os.write straight from the caller's buffer: no buffered file object, no extra copy.
    view = memoryview(value)
    if not view.c_contiguous:  # e.g. a strided slice: os.write needs contiguous bytes
        view = memoryview(view.tobytes())
    view = view.cast("B")
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write(path: str, value: BytesLike, fsync: bool = False, exclusive: bool = False) -> bool:
    """Write ``value`` to ``path`` atomically; with ``exclusive`` only if it does not exist.

    Returns whether the value was written.
    """
    directory = os.path.dirname(path)
    written = _write_unnamed(path, directory, value, fsync, exclusive)
    if written is None:
        written = _write_named(path, directory, value, fsync, exclusive)
    if written and fsync:
        _fsync_directory(directory)
    return written


# Why O_TMPFILE: creating a named file allocates its inode while holding the directory's lock,
# and on ext4 that allocation can be slow (without a journal it skips recently deleted inodes
# one by one). Threads writing chunks into one directory then spin on that lock; profiled on
# 256 chunk writes of 1 MiB, 15-40% of the samples. An unnamed file is allocated without the
# directory lock, and publishing a new key takes one directory operation (link) instead of two
# (create, rename).
_O_TMPFILE: int | None = getattr(os, "O_TMPFILE", None)
_TMPFILE_UNSUPPORTED = (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOTSUP, errno.EPERM)
_proc_fd: int | None = None  # this process's /proc/self/fd, for linking unnamed files in
_proc_fd_lock = threading.Lock()


def _proc_fd_dir() -> int | None:
    """A descriptor of this process's ``/proc/self/fd`` (None without /proc)."""
    global _proc_fd
    if _proc_fd is None:
        with _proc_fd_lock:
            if _proc_fd is None:
                try:
                    _proc_fd = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
                except OSError:
                    return None
    return _proc_fd


def _open_unnamed(directory: str) -> int | None:
    assert _O_TMPFILE is not None
    for attempt in range(_MAKE_DIR_ATTEMPTS):
        try:
            return os.open(directory, os.O_WRONLY | _O_TMPFILE, 0o666)
        except FileNotFoundError:
            if attempt == _MAKE_DIR_ATTEMPTS - 1:
                raise
            _make_directory(directory)
        except OSError as error:
            if error.errno in _TMPFILE_UNSUPPORTED:
                return None
            raise
    raise AssertionError("unreachable")


def _write_unnamed(
    path: str, directory: str, value: BytesLike, fsync: bool, exclusive: bool
) -> bool | None:
    """:func:`write` through an unnamed file; None where the platform or file system has none."""
    if _O_TMPFILE is None:
        return None
    procfd = _proc_fd_dir()
    if procfd is None:
        return None
    fd = _open_unnamed(directory)
    if fd is None:
        return None
    try:
        _write_all(fd, value)
        if fsync:
            os.fsync(fd)
        # linkat(AT_SYMLINK_FOLLOW) of /proc/self/fd/N names the unnamed file; the link fails
        # if the key exists, which makes exclusive writes atomic.
        try:
            os.link(str(fd), path, src_dir_fd=procfd, follow_symlinks=True)
            return True
        except FileExistsError:
            if exclusive:
                return False
        except OSError as error:
            if error.errno in (errno.EXDEV, errno.EPERM, errno.EACCES):
                return None  # /proc will not link it here: write a named file instead
            raise
        temp = os.path.join(directory, f"{TEMP_PREFIX}{_temp_token}-{next(_temp_counter)}")
        try:
            # Linked inside the try: Ctrl-C is raised just after os.link returns, and the
            # temporary name must still be removed then (the name is unique to this write).
            os.link(str(fd), temp, src_dir_fd=procfd, follow_symlinks=True)
            os.replace(temp, path)
        except BaseException:
            _unlink_quietly(temp)
            raise
        return True
    finally:
        os.close(fd)


def _write_named(path: str, directory: str, value: BytesLike, fsync: bool, exclusive: bool) -> bool:
    """:func:`write` through a named temporary file."""
    temp = os.path.join(directory, f"{TEMP_PREFIX}{_temp_token}-{next(_temp_counter)}")
    try:
        # Opened inside the try: Ctrl-C is raised just after os.open returns, and the temp file
        # must still be removed then.
        fd = _open_temp(temp, directory)
        try:
            _write_all(fd, value)
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        if exclusive:
            return _link_exclusive(temp, path)
        os.replace(temp, path)
    except BaseException:
        _unlink_quietly(temp)
        raise
    return True


def _link_exclusive(temp: str, path: str) -> bool:
    # A hard link fails if the target exists: create-if-absent is atomic without a lock.
    try:
        os.link(temp, path)
    except FileExistsError:
        return False
    except OSError:  # no hard links on this file system: check, then replace (not atomic)
        if os.path.lexists(path):
            return False
        os.replace(temp, path)
        return True
    finally:
        _unlink_quietly(temp)
    return True


def _close_quietly(fd: int) -> None:
    try:
        os.close(fd)
    except OSError:
        pass


def _unlink_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _fsync_directory(directory: str) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _prune(directory: str, root: str) -> None:
    # Remove directories left empty, up to (not including) the root.
    while len(directory) > len(root) and directory.startswith(root):
        try:
            os.rmdir(directory)
        except OSError:
            return
        directory = os.path.dirname(directory)


def remove(path: str, root: str) -> None:
    """Delete the file at ``path`` if it exists, then any directories it leaves empty."""
    try:
        os.unlink(path)
    except _MISSING:
        return
    _prune(os.path.dirname(path), root)


def remove_tree(directory: str, root: str) -> None:
    """Delete everything under ``directory`` (the root itself is kept, emptied)."""
    if directory == root:
        try:
            with os.scandir(root) as scan:
                entries = list(scan)
        except _MISSING:
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                _unlink_quietly(entry.path)
        return
    if not os.path.isdir(directory) or os.path.islink(directory):
        return
    shutil.rmtree(directory)
    _prune(os.path.dirname(directory), root)


def is_file(path: str) -> bool:
    """Whether a regular file (a key) is at ``path``."""
    return os.path.isfile(path)


def file_size(path: str) -> int | None:
    """The size of the file at ``path``, or None if there is none."""
    try:
        stat = os.stat(path)
    except _MISSING:
        return None
    return None if os.path.isdir(path) else stat.st_size


def _walk(root: str, start: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for dirpath, _, filenames in os.walk(start):
        relative = dirpath[len(root) + 1 :].replace(os.sep, "/")
        for name in filenames:
            if not name.startswith(TEMP_PREFIX):
                key = f"{relative}/{name}" if relative else name
                found.append((key, os.path.join(dirpath, name)))
    return found


def walk_keys(root: str, start: str, prefix: str) -> list[str]:
    """The keys (relative, '/'-separated) of files below ``start`` that start with ``prefix``."""
    return [key for key, _ in _walk(root, start) if key.startswith(prefix)]


def total_size(root: str, start: str, prefix: str) -> int:
    """The total size of the files below ``start`` whose keys start with ``prefix``."""
    total = 0
    for key, path in _walk(root, start):
        if key.startswith(prefix):
            size = file_size(path)
            total += size or 0
    return total


def has_files(start: str) -> bool:
    """Whether any key (non-temporary file) lies below ``start``."""
    for _, _, filenames in os.walk(start):
        if any(not name.startswith(TEMP_PREFIX) for name in filenames):
            return True
    return False


def list_children(directory: str) -> list[str]:
    """The sorted names of the files and sub-directories in ``directory`` (none if missing)."""
    try:
        with os.scandir(directory) as entries:
            return sorted(e.name for e in entries if not e.name.startswith(TEMP_PREFIX))
    except _MISSING:
        return []
