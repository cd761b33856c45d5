"""``AsyncZipStore``: every key an entry of one zip file."""

from __future__ import annotations

import os
import shutil
import zipfile
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any, ClassVar, Self

from zarrlite._async.store._base import AsyncStore, check_prefix, dir_prefix
from zarrlite._async.store._zip_archive import ZIP_MODES, ZipArchive
from zarrlite._backend.async_ import run_io
from zarrlite._byte_request import ByteRequest
from zarrlite._types import BytesLike
from zarrlite.errors import ReadOnlyError

__all__ = ["AsyncZipStore"]


class AsyncZipStore(AsyncStore):
    """A store in a zip file at ``path``.

    ``mode``: ``'r'`` reads (the store is read-only), ``'w'`` creates or truncates, ``'a'``
    appends to an existing archive or creates one, ``'x'`` creates and fails when the file
    exists. The file is opened on first use. Values are stored uncompressed unless
    ``compression`` names another ``zipfile`` method (chunks are usually compressed already).

    Rewriting or deleting a key is supported: the old entry is hidden at once (reads see the
    new value), and :meth:`close` rewrites the archive without it, so a closed archive never
    holds a duplicate entry. **Close the store** (or use it as a context manager) after
    writing: a zip file's directory is only written then. A closed store reopens (in mode
    ``'a'``, or ``'r'`` when read-only) on next use. Pickling a store closes it first, so the
    copy sees every value written. Equal stores have the same path and ``read_only``.
    """

    _twin_key: ClassVar[str | None] = "zip"

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        mode: str = "r",
        read_only: bool | None = None,
        compression: int = zipfile.ZIP_STORED,
        allowZip64: bool = True,  # zarr-python's (and zipfile's) spelling
    ) -> None:
        if mode not in ZIP_MODES:
            raise ValueError(f"ZipStore mode must be one of {ZIP_MODES}, got {mode!r}")
        if read_only is None:
            read_only = mode == "r"
        # mode "r" with read_only=False is allowed (as in zarr-python): reads work, writes raise.
        super().__init__(read_only=read_only)
        self.path = Path(os.path.abspath(os.fspath(path)))
        self._archive = ZipArchive(self.path, mode, compression, allowZip64)

    @property
    def mode(self) -> str:
        """The mode the file is (re)opened with."""
        return self._archive.mode

    @property
    def compression(self) -> int:
        """The ``zipfile`` compression of new entries (``ZIP_STORED``, ``ZIP_DEFLATED``, ...)."""
        return self._archive.compression

    @property
    def allowZip64(self) -> bool:  # zarr-python's and zipfile's spelling
        """Whether the archive may use ZIP64 extensions (files over 4 GiB)."""
        return self._archive.allow_zip64

    @property
    def supports_partial_reads(self) -> bool:
        """Byte ranges seek within an entry (stored entries read only those bytes)."""
        return True

    def with_read_only(self, read_only: bool = False) -> Self:
        """A view of the same archive with the given ``read_only``."""
        if not read_only and self._archive.mode == "r":
            raise ValueError(f"{self!r} was opened with mode 'r' and cannot become writable")
        return super().with_read_only(read_only)

    async def move(self, path: str | os.PathLike[str]) -> None:
        """Finish the archive (as :meth:`close`), move the file to ``path`` and use it from now
        on (it reopens there on next use). Copies made before still name the old path."""
        if self._read_only:
            raise ReadOnlyError(f"cannot move {self!r}: it is read-only")
        destination = Path(os.path.abspath(os.fspath(path)))
        await run_io(self._move, destination)

    def _move(self, destination: Path) -> None:
        archive = self._archive
        with archive.lock:  # no other thread may reopen the old file mid-move
            archive.open_now()  # mode 'x' must claim its file (and fail) before moving it
            archive.close()
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(archive.path, destination)
            archive.path = destination
            self.path = destination

    def close(self) -> None:
        """Finish the archive (directory written, hidden entries compacted away)."""
        self._archive.close()

    def __str__(self) -> str:
        return f"zip://{self.path.as_posix()}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, AsyncZipStore)
            and other.path == self.path
            and other._read_only == self._read_only
        )

    def __hash__(self) -> int:
        return hash((str(self.path), self._read_only))

    def __getstate__(self) -> dict[str, Any]:
        self._archive.close()  # the copy reads the file: write out its directory first
        state = super().__getstate__()
        archive = state.pop("_archive")
        state["_archive_args"] = (archive.mode, archive.compression, archive.allow_zip64)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        mode, compression, allow_zip64 = state.pop("_archive_args")
        super().__setstate__(state)
        self._archive = ZipArchive(self.path, mode, compression, allow_zip64)

    def _portable_state(self) -> dict[str, Any]:
        return {"store": self}

    @classmethod
    def _from_portable_state(cls, state: dict[str, Any]) -> Self:
        # The twin shares the open archive (and its lock) and the limiter.
        source = state["store"]
        store = object.__new__(cls)
        store.__dict__.update(source.__dict__)
        return store

    async def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        return await run_io(self._archive.read, key, byte_range)

    async def _set(self, key: str, value: BytesLike) -> None:
        await run_io(self._archive.write, key, value)

    async def _set_if_not_exists(self, key: str, value: BytesLike) -> None:
        await run_io(self._write_exclusive, key, value)

    def _write_exclusive(self, key: str, value: BytesLike) -> None:
        self._archive.write(key, value, exclusive=True)

    async def _delete(self, key: str) -> None:
        await run_io(self._archive.remove, key)

    async def _exists(self, key: str) -> bool:
        return await run_io(self._archive.contains, key)

    async def _getsize(self, key: str) -> int | None:
        return await run_io(self._archive.size, key)

    async def list(self) -> AsyncGenerator[str, None]:
        """Every key, in archive order."""
        for key in await run_io(self._archive.names):
            yield key

    async def list_prefix(self, prefix: str) -> AsyncGenerator[str, None]:
        """Every key starting with the string ``prefix``."""
        check_prefix(prefix)
        for key in await run_io(self._archive.names):
            if key.startswith(prefix):
                yield key

    async def list_dir(self, prefix: str) -> AsyncGenerator[str, None]:
        """The sorted names of the immediate children of directory ``prefix``."""
        directory = dir_prefix(prefix)
        start = len(directory)
        keys = await run_io(self._archive.names)
        names = {key[start:].split("/", 1)[0] for key in keys if key.startswith(directory)}
        for name in sorted(names):
            yield name
