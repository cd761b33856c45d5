# Generated from zarrlite/_async/store/_zip_archive.py by codegen. Do not edit.

"""``ZipArchive``: the blocking, thread-safe zip file behind ``ZipStore`` (no awaits here).

A zip file is append-only: an entry cannot be replaced or removed in place. Replacing a key
appends a new entry and hides the old one; deleting a key hides it. The archive stays readable
throughout (the newest entry of a name wins), and :meth:`close` compacts it: when any entry was
hidden, the live entries are copied to a new file that then replaces the old one, so a closed
archive never holds a duplicate or deleted entry.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Final, Literal, TypeAlias, cast

from zarrlite._byte_request import ByteRequest, slice_for
from zarrlite._types import BytesLike

__all__ = ["ZIP_MODES", "ZipArchive"]

ZipMode: TypeAlias = Literal["r", "w", "a", "x"]
ZIP_MODES: Final = ("r", "w", "a", "x")


class ZipArchive:
    """A zip file opened on first use with ``mode`` and reopened (in ``'a'``, or ``'r'`` when
    read-only) after :meth:`close`. One lock serialises every access: ``zipfile`` is not
    thread-safe."""

    def __init__(self, path: Path, mode: str, compression: int, allow_zip64: bool) -> None:
        self.path = path
        self.mode: ZipMode = cast(ZipMode, mode)  # checked by the store
        self.compression = compression
        self.allow_zip64 = allow_zip64
        self.lock = threading.RLock()
        self._zip: zipfile.ZipFile | None = None
        self._hidden = False  # an entry was replaced or deleted: compact on close

    def _open(self) -> zipfile.ZipFile:
        # Called with the lock held.
        if self._zip is None:
            self._zip = zipfile.ZipFile(
                self.path, self.mode, compression=self.compression, allowZip64=self.allow_zip64
            )
            if self.mode in ("w", "x"):  # reopening must not truncate or fail: the file is ours
                self.mode = "a"
        return self._zip

    def open_now(self) -> None:
        """Open the file now (creating it in mode ``'w'``/``'x'``) rather than on first use."""
        with self.lock:
            self._open()

    def names(self) -> list[str]:
        """Every stored key (directory entries left out), in archive order."""
        with self.lock:
            return [name for name in self._open().NameToInfo if not name.endswith("/")]

    def read(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        """The value of ``key`` (or its ``byte_range``), None when absent."""
        with self.lock:
            archive = self._open()
            try:
                info = archive.getinfo(key)
            except KeyError:
                return None
            with archive.open(info) as entry:
                if byte_range is None:
                    return entry.read()
                selected = slice_for(byte_range, info.file_size)
                entry.seek(selected.start)  # stored entries seek directly; others decompress
                return entry.read(selected.stop - selected.start)

    def size(self, key: str) -> int | None:
        """The uncompressed size of ``key``, None when absent."""
        with self.lock:
            info = self._open().NameToInfo.get(key)
            return None if info is None else info.file_size

    def contains(self, key: str) -> bool:
        """Whether ``key`` is stored."""
        with self.lock:
            return key in self._open().NameToInfo

    def write(self, key: str, value: BytesLike, *, exclusive: bool = False) -> None:
        """Store ``value`` at ``key`` (a replaced entry is hidden until :meth:`close`)."""
        self._check_writable(key)
        with self.lock:
            archive = self._open()
            if key in archive.NameToInfo:
                if exclusive:
                    return
                # Hide the old entry first: zipfile would otherwise warn about a duplicate name.
                del archive.NameToInfo[key]
                self._hidden = True
            info = zipfile.ZipInfo(key, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = self.compression
            info.external_attr = 0o644 << 16  # a regular file, readable by unzip tools
            archive.writestr(info, bytes(memoryview(value)))

    def _check_writable(self, key: str) -> None:
        # A store given mode "r" with read_only=False (zarr-python allows it) reaches here: fail
        # before hiding any entry, as zipfile would only fail after we had touched NameToInfo.
        if self.mode == "r":
            raise ValueError(
                f"cannot write {key!r}: the zip file {str(self.path)!r} was opened with mode 'r'"
            )

    def remove(self, key: str) -> None:
        """Hide ``key`` (the entry is dropped by :meth:`close`)."""
        self._check_writable(key)
        with self.lock:
            if self._open().NameToInfo.pop(key, None) is not None:
                self._hidden = True

    def close(self) -> None:
        """Write the central directory, compact hidden entries away, release the file."""
        with self.lock:
            archive, self._zip = self._zip, None
            if archive is None:
                return
            if not self._hidden or archive.mode == "r":
                archive.close()
                return
            try:
                self._compact(archive)
            finally:
                archive.close()
            self._hidden = False

    def __del__(self) -> None:
        # Dropped without close() (or still open at exit): zipfile would close the file itself,
        # listing every entry ever written, so a deleted key came back and a rewritten one was
        # listed twice. List only the live entries (hidden ones stay as unlisted bytes).
        archive = self.__dict__.get("_zip")
        if archive is None or archive.mode == "r" or archive.fp is None:
            return
        with contextlib.suppress(Exception):  # nothing to report to from a finaliser
            live = archive.NameToInfo
            archive.filelist = [i for i in archive.filelist if live.get(i.filename) is i]
            archive.close()

    def _compact(self, archive: zipfile.ZipFile) -> None:
        directory = self.path.parent
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=directory)
        try:
            with (
                os.fdopen(fd, "wb") as raw,
                zipfile.ZipFile(raw, "w", allowZip64=self.allow_zip64) as fresh,
            ):
                for info in archive.NameToInfo.values():
                    fresh.writestr(info, archive.read(info))
            archive.close()
            os.replace(temp, self.path)
        except BaseException:
            os.unlink(temp)
            raise
