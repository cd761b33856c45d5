"""``AsyncLocalStore``: one file per key below a root directory."""

from __future__ import annotations

import builtins
import os
import shutil
from collections.abc import AsyncGenerator, Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Self

from zarrlite._async.store._base import AsyncStore, check_prefix, dir_prefix, validate_key
from zarrlite._backend import _files
from zarrlite._backend.async_ import run_io
from zarrlite._byte_request import ByteRequest
from zarrlite._store_values import PLAIN_VALUES, as_prototype_buffer, unwrap_value
from zarrlite._types import BytesLike
from zarrlite.errors import ReadOnlyError

__all__ = ["AsyncLocalStore"]

_SLASH_PATHS = os.sep == "/" and os.altsep is None


def _ensure_root(root: str, create: bool) -> None:
    if create:
        os.makedirs(root, exist_ok=True)
    elif not os.path.isdir(root):
        raise FileNotFoundError(
            f"no directory {root!r}: a LocalStore opened read-only (or with mode 'r'/'r+') "
            "needs an existing root"
        )


def _move_root(source: str, destination: str) -> None:
    if os.path.lexists(destination):
        raise FileExistsError(f"cannot move a LocalStore to {destination!r}: it exists")
    os.makedirs(os.path.dirname(destination), exist_ok=True)
    if os.path.isdir(source):
        shutil.move(source, destination)
    else:  # nothing written yet: there is no directory to move
        os.makedirs(destination)


class AsyncLocalStore(AsyncStore):
    """A store in a directory of the local file system: key ``a/b/c`` is the file ``root/a/b/c``.

    Writes are atomic (a temporary file in the same directory, then ``os.replace``); set
    ``fsync = True`` to also flush each file (and its directory) to disk. Directories are made
    on the first write below them and removed with their last key. Keys can never address a
    path outside ``root``: they are validated, and each resulting path is checked to lie below
    the root (symbolic links inside the root are followed, as any program would). Byte ranges
    read only the bytes asked for. File I/O runs in a worker thread in the async flavour, and
    inline in the generated blocking one. Equal stores have the same root and ``read_only``.
    """

    _twin_key: ClassVar[str | None] = "local"

    def __init__(self, root: str | os.PathLike[str], *, read_only: bool = False) -> None:
        native = os.fspath(root) if isinstance(root, str | os.PathLike) else None
        if not isinstance(native, str):
            raise TypeError(f"root must be a str or os.PathLike[str], got {type(root).__name__}")
        super().__init__(read_only=read_only)
        self._set_root(native)
        self.fsync = False

    @classmethod
    async def open(
        cls, root: str | os.PathLike[str], *, read_only: bool = False, mode: str | None = None
    ) -> Self:
        """The store at ``root``, checked: with ``mode`` ``'r'``/``'r+'`` (or, without a mode,
        ``read_only``) the directory must exist (``FileNotFoundError``), otherwise it is made.
        ``read_only`` alone decides whether the store refuses writes."""
        create = mode not in ("r", "r+") if mode is not None else not read_only
        store = cls(root, read_only=read_only)
        await run_io(_ensure_root, store._root, create)
        store._is_open = True
        return store

    async def _open(self) -> None:
        await run_io(_ensure_root, self._root, not self._read_only)
        self._is_open = True

    async def move(self, dest_root: str | os.PathLike[str]) -> None:
        """Move the store's directory to ``dest_root`` (which must not exist) and use it from
        now on. The store's ``root``, and so its hash, change: copies made before (its twin,
        ``with_read_only`` views) still point to the old root."""
        if self._read_only:
            raise ReadOnlyError(f"cannot move {self!r}: it is read-only")
        destination = os.path.abspath(os.fspath(dest_root))
        await run_io(_move_root, self._root, destination)
        self._set_root(destination)

    def _set_root(self, native: str) -> None:
        self.root = Path(os.path.abspath(native))
        self._root = str(self.root)
        self._root_slash = os.path.join(self._root, "")

    @property
    def supports_partial_reads(self) -> bool:
        """Byte ranges are read with a seek and a read of just those bytes."""
        return True

    def __str__(self) -> str:
        return f"file://{self.root.as_posix()}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, AsyncLocalStore)
            and other.root == self.root
            and other._read_only == self._read_only
        )

    def __hash__(self) -> int:
        return hash((self._root, self._read_only))

    def _portable_state(self) -> dict[str, Any]:
        return {
            "root": self._root,
            "read_only": self._read_only,
            "limiter": self.limiter,
            "fsync": self.fsync,
        }

    @classmethod
    def _from_portable_state(cls, state: dict[str, Any]) -> Self:
        store = cls(state["root"], read_only=state["read_only"])
        store._limiter = state["limiter"]
        store.fsync = state["fsync"]
        return store

    def _path(self, key: str) -> str:
        """The file of a (validated) key or directory prefix, checked to be inside the root."""
        if not key:
            return self._root
        if _SLASH_PATHS and ".." not in key and "//" not in key and key[0] != "/":
            # Validated keys: root + key is already normal and inside the root (normpath cost
            # ~2 us a chunk). The rest is a second line of defence behind key validation.
            return self._root_slash + key.rstrip("/")
        path = os.path.normpath(os.path.join(self._root, key))
        if path != self._root and not path.startswith(self._root_slash):
            raise ValueError(f"key {key!r} would leave the root of {self!r}")
        return path

    # -- blocking reads and writes (zarr-python's SupportsSyncStore) -------------------------------

    @property
    def set_sync_copies_value(self) -> bool:
        """True: the value is written to its file before ``set_sync`` returns."""
        return True

    @property
    def supports_sync_io(self) -> bool:
        """True: the blocking methods below are plain calls."""
        return True

    def get_sync(
        self, key: str, *, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> Any:
        """:meth:`get` as a plain call in the caller's thread (``bytes``, or a
        ``prototype.buffer`` when given)."""
        value = _files.read(self._path(validate_key(key)), byte_range)
        return value if prototype is None else as_prototype_buffer(prototype, value)

    def get_sync_into(self, key: str, buffer: Callable[[int], Any]) -> BytesLike | None:
        """The file of ``key`` read into ``buffer(size)`` (see the base class): reading each
        1 MiB chunk into a new ``bytes`` page-faulted it in afresh (glibc hands such blocks back
        to the kernel when freed), which cost more than the read (uncompressed 256 MiB read:
        ~2,700 -> ~6,000 MB/s)."""
        return _files.read_into(self._path(validate_key(key)), buffer)

    def sync_reader_into(self, buffer: Callable[[int], Any]) -> Callable[[str], BytesLike | None]:
        """:meth:`get_sync_into` for a run of keys, taking the buffer once."""
        read = _files.reader_into(buffer)
        path = self._path
        return lambda key: read(path(validate_key(key)))

    def set_sync(self, key: str, value: BytesLike) -> None:
        """:meth:`set` as a plain call in the caller's thread."""
        self._check_writable(validate_key(key))
        if not isinstance(value, PLAIN_VALUES):
            value = unwrap_value(value)
        _files.write(self._path(key), value, self.fsync, False)

    def claim_new_prefix_sync(self, prefix: str) -> bool:
        """Create the directory of ``prefix`` if its parent exists and it does not: True when
        this call created it, so no key under ``prefix`` existed (one ``mkdir`` instead of a
        lookup per node document when a node is created). False on a read-only store."""
        if self._read_only or not prefix:
            return False
        return _files.make_new_directory(self._path(check_prefix(prefix)))

    def delete_sync(self, key: str) -> None:
        """:meth:`delete` as a plain call in the caller's thread."""
        self._check_writable(validate_key(key))
        _files.remove(self._path(key), self._root)

    # -- primitives ----------------------------------------------------------------------------

    async def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        return await run_io(_files.read, self._path(key), byte_range)

    async def _get_many(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        # One trip to a worker thread (async) for the whole batch, under one limiter slot: a
        # local, mostly page-cached read is shorter than a thread hop, and callers already
        # overlap batches (the chunk pipeline fans out over groups of chunks).
        paths = [(self._path(key), byte_range) for key, byte_range in requests]
        async with self._limiter:
            return await run_io(_files.read_many, paths)

    async def _set_batch(self, items: Sequence[tuple[str, BytesLike]]) -> None:
        # One worker-thread trip for the batch, as in _get_many.
        writes = [(self._path(key), value) for key, value in items]
        async with self._limiter:
            await run_io(_files.write_many, writes, self.fsync)

    async def _set(self, key: str, value: BytesLike) -> None:
        await run_io(_files.write, self._path(key), value, self.fsync, False)

    async def _set_if_not_exists(self, key: str, value: BytesLike) -> None:
        await run_io(_files.write, self._path(key), value, self.fsync, True)

    async def _delete(self, key: str) -> None:
        await run_io(_files.remove, self._path(key), self._root)

    async def _exists(self, key: str) -> bool:
        return await run_io(_files.is_file, self._path(key))

    async def _getsize(self, key: str) -> int | None:
        return await run_io(_files.file_size, self._path(key))

    async def _getsize_prefix(self, prefix: str) -> int:
        return await run_io(_files.total_size, self._root, self._path(prefix), prefix)

    async def _is_empty(self, prefix: str) -> bool:
        return not await run_io(_files.has_files, self._path(prefix))

    async def _delete_dir(self, prefix: str) -> None:
        await run_io(_files.remove_tree, self._path(prefix), self._root)

    async def list(self) -> AsyncGenerator[str, None]:
        """Every key (the directory tree is walked once, in a worker thread when async)."""
        for key in await run_io(_files.walk_keys, self._root, self._root, ""):
            yield key

    async def list_prefix(self, prefix: str) -> AsyncGenerator[str, None]:
        """Every key starting with the string ``prefix``."""
        check_prefix(prefix)
        start = self._path(prefix.rpartition("/")[0])  # the deepest directory the prefix names
        for key in await run_io(_files.walk_keys, self._root, start, prefix):
            yield key

    async def list_dir(self, prefix: str) -> AsyncGenerator[str, None]:
        """The sorted names of the files and directories in directory ``prefix``."""
        directory = self._path(dir_prefix(prefix).rstrip("/"))
        for name in await run_io(_files.list_children, directory):
            yield name
