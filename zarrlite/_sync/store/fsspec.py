# Generated from zarrlite/_async/store/fsspec.py by codegen. Do not edit.

"""``FsspecStore``: a store over any fsspec filesystem (S3, GCS, HTTP, memory, ...).

The store keeps a *recipe* for its filesystem (class and storage options), never a client bound
to an event loop. In the async flavour under asyncio, an async filesystem (s3fs, gcsfs, http) is
awaited natively through one instance per event loop, made on first use there; under trio, and
for filesystems without an async implementation, the filesystem's blocking API runs in a worker
thread. The generated blocking flavour calls the blocking API directly. So one store object
works from the blocking API and from any asyncio or trio loop.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Generator, Iterable, Mapping
from typing import Any, ClassVar, Self

from zarrlite._backend.sync import run_io
from zarrlite._byte_request import (
    ByteRequest,
    OffsetByteRequest,
    RangeByteRequest,
    SuffixByteRequest,
)
from zarrlite._sync.store._base import Store, check_prefix, dir_prefix
from zarrlite._types import BytesLike

__all__ = ["FsspecStore"]

# Options that bind an instance to a loop or a cache: set per instance by this module.
_INSTANCE_OPTIONS = frozenset({"asynchronous", "loop", "skip_instance_cache"})
_READ_ONLY_PROTOCOLS = frozenset({"http", "https"})
# Errors that mean "no such key" (as zarr-python's ALLOWED_EXCEPTIONS): a directory is no key.
ALLOWED_EXCEPTIONS: tuple[type[Exception], ...] = (
    FileNotFoundError,
    IsADirectoryError,
    NotADirectoryError,
)

# One async filesystem per (recipe, event loop); anyio drops a loop's values with the loop.


def _require_fsspec() -> Any:
    try:
        import fsspec
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "FsspecStore needs fsspec (and s3fs, gcsfs, aiohttp... for remote protocols): "
            "pip install 'zarrlite[remote]'"
        ) from None
    return fsspec


def _protocols(fs: Any) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


class FsspecStore(Store):
    """A store at ``path`` in the fsspec filesystem ``fs``.

    Build it with :meth:`from_url` (``"s3://bucket/data.zarr"``, ``"memory://x"``,
    ``"https://host/data.zarr"``...) and ``storage_options``, or from a filesystem instance. A
    missing key reads as None; every other error of the filesystem (permission, network, server)
    propagates. ``http(s)`` stores are read-only. Listings bypass fsspec's listing cache, so
    keys written through another client are seen. Equal stores have the same filesystem class,
    storage options, path and ``read_only``; pickling keeps the recipe, not the clients.
    """

    _twin_key: ClassVar[str | None] = "fsspec"

    def __init__(
        self,
        fs: Any,
        read_only: bool = False,  # positional order as zarr-python's
        path: str = "",
        allowed_exceptions: tuple[type[Exception], ...] = ALLOWED_EXCEPTIONS,
    ) -> None:
        fsspec = _require_fsspec()
        if not isinstance(fs, fsspec.AbstractFileSystem):
            raise TypeError(f"fs must be an fsspec filesystem, got {type(fs).__name__}")
        protocols = _protocols(fs)
        read_only = read_only or bool(_READ_ONLY_PROTOCOLS.intersection(protocols))
        super().__init__(read_only=read_only)
        self._fs_class: type[Any] = type(fs)
        self._options: dict[str, Any] = {
            k: v for k, v in fs.storage_options.items() if k not in _INSTANCE_OPTIONS
        }
        self._token: str = fsspec.utils.tokenize(self._fs_class, self._options)
        # A blocking instance is kept as given; an asynchronous one only serves async code.
        self._given_async = fs if getattr(fs, "asynchronous", False) else None
        self._sync_fs: Any = None if self._given_async is not None else fs
        self._fs_lock = threading.Lock()
        self.path: str = fs._strip_protocol(path).rstrip("/") if path else ""
        self._protocol = protocols[0]
        self.allowed_exceptions = allowed_exceptions
        self._make_dirs = bool({"file", "local"}.intersection(protocols))
        self._listable = not _READ_ONLY_PROTOCOLS.intersection(protocols)
        # s3fs asks for the size (a HEAD request) before each whole-object read when it may
        # split the download; chunks are small, so read each with one GET.
        self._cat_options = {"max_concurrency": 1} if "s3" in protocols else {}

    @classmethod
    def from_url(
        cls,
        url: str,
        storage_options: Mapping[str, Any] | None = None,
        read_only: bool = False,
        allowed_exceptions: tuple[type[Exception], ...] = ALLOWED_EXCEPTIONS,
    ) -> Self:
        """The store at ``url``, its filesystem made with ``storage_options``."""
        fsspec = _require_fsspec()
        options = {k: v for k, v in (storage_options or {}).items() if k not in _INSTANCE_OPTIONS}
        fs, path = fsspec.core.url_to_fs(url, **options)
        return cls(fs, path=path, read_only=read_only, allowed_exceptions=allowed_exceptions)

    @classmethod
    def from_mapper(
        cls,
        fs_map: Any,
        read_only: bool = False,
        allowed_exceptions: tuple[type[Exception], ...] = ALLOWED_EXCEPTIONS,
    ) -> Self:
        """The store at the root of an fsspec ``FSMap`` (``fsspec.get_mapper(url)``)."""
        fsspec = _require_fsspec()
        if not isinstance(fs_map, fsspec.FSMap):
            raise TypeError(f"fs_map must be an fsspec FSMap, got {type(fs_map).__name__}")
        return cls(
            fs_map.fs, path=fs_map.root, read_only=read_only, allowed_exceptions=allowed_exceptions
        )

    @classmethod
    def from_upath(
        cls,
        upath: Any,
        read_only: bool = False,
        allowed_exceptions: tuple[type[Exception], ...] = ALLOWED_EXCEPTIONS,
    ) -> Self:
        """The store at a ``upath.UPath`` (universal_pathlib), through its filesystem."""
        fs = getattr(upath, "fs", None)
        if fs is None or not isinstance(getattr(upath, "path", None), str):
            raise TypeError(f"upath must be a universal_pathlib UPath, got {type(upath).__name__}")
        path = upath.path.rstrip("/")
        return cls(fs, path=path, read_only=read_only, allowed_exceptions=allowed_exceptions)

    # -- plain members ---------------------------------------------------------------------------

    @property
    def fs(self) -> Any:
        """The blocking filesystem instance (made on first use)."""
        with self._fs_lock:
            if self._sync_fs is None or getattr(self._sync_fs, "_pid", os.getpid()) != os.getpid():
                self._sync_fs = self._fs_class(**self._options)
            return self._sync_fs

    @property
    def supports_writes(self) -> bool:
        """False for http(s)."""
        return self._listable

    @property
    def supports_deletes(self) -> bool:
        """False for http(s)."""
        return self._listable

    @property
    def supports_listing(self) -> bool:
        """False for http(s)."""
        return self._listable

    @property
    def supports_partial_reads(self) -> bool:
        """Byte ranges are requested from the filesystem."""
        return True

    def __str__(self) -> str:
        if self._make_dirs:  # a local file system: its paths are absolute, as LocalStore's URL
            return f"file://{self.path}"
        return f"{self._protocol}://{self.path.lstrip('/')}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FsspecStore)
            and other._token == self._token
            and other.path == self.path
            and other._read_only == self._read_only
        )

    def __hash__(self) -> int:
        return hash((self._token, self.path, self._read_only))

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state.update(_sync_fs=None, _given_async=None)  # clients are made again where unpickled
        del state["_fs_lock"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self._fs_lock = threading.Lock()

    def _portable_state(self) -> dict[str, Any]:
        return {"store": self}

    @classmethod
    def _from_portable_state(cls, state: dict[str, Any]) -> Self:
        # The twin shares the recipe, the blocking client and the limiter.
        store = object.__new__(cls)
        store.__dict__.update(state["store"].__dict__)
        return store

    def _full(self, key: str) -> str:
        return f"{self.path}/{key}" if self.path else key

    def _relative(self, names: Iterable[str]) -> list[str]:
        """Keys of full paths below the root (the root itself and anything else dropped)."""
        strip = self._fs_class._strip_protocol
        root = strip(self.path).rstrip("/") if self.path else ""
        start = len(root) + 1 if root else 0
        keys = []
        for name in names:
            name = strip(name)
            if root and not name.startswith(root + "/"):
                continue
            key = name[start:].lstrip("/")
            if key:
                keys.append(key)
        return keys

    # -- the one place that talks to the filesystem -----------------------------------------------

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """``fs.<method>(*args, **kwargs)``: awaited natively on this loop's async filesystem
        when there is one, else the blocking method (in a worker thread when async)."""
        return run_io(functools.partial(getattr(self.fs, method), *args, **kwargs))

    def _listing(self, method: str, path: str, **kwargs: Any) -> Any:
        """A listing call that neither reads nor leaves fsspec's listing cache (other clients,
        such as this store's twin on another loop, may have written since)."""
        self._invalidate()
        try:
            return self._call(method, path, **kwargs)
        finally:
            self._invalidate()

    def _invalidate(self) -> None:
        if self._sync_fs is not None:
            self._sync_fs.invalidate_cache()

    # -- primitives --------------------------------------------------------------------------------

    def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        path = self._full(key)
        start: int | None = None
        end: int | None = None
        if isinstance(byte_range, RangeByteRequest):
            start, end = byte_range.start, byte_range.end
        elif isinstance(byte_range, OffsetByteRequest):
            start = byte_range.offset
        elif isinstance(byte_range, SuffixByteRequest):
            start = -byte_range.suffix  # fsspec's spelling of "the last n bytes"
        empty_suffix = isinstance(byte_range, SuffixByteRequest) and byte_range.suffix == 0
        if empty_suffix or (byte_range is not None and start == end):
            # An empty range: no request can express it, so only ask whether the key exists.
            return b"" if self._getsize(key) is not None else None
        try:
            value = self._call("cat_file", path, start=start, end=end, **self._cat_options)
        except self.allowed_exceptions:
            return None
        except OSError:
            # Servers refuse a range starting at or past the end (HTTP 416): that is b"".
            if start is None or start < 0:
                raise
            size = self._getsize(key)
            if size is None:
                return None
            if start >= size:
                return b""
            raise
        return bytes(value)

    def _set(self, key: str, value: BytesLike) -> None:
        path = self._full(key)
        if self._make_dirs:
            self._call("makedirs", path.rpartition("/")[0], exist_ok=True)
        self._call("pipe_file", path, bytes(memoryview(value)))

    def _delete(self, key: str) -> None:
        try:
            self._call("rm_file", self._full(key))
        except self.allowed_exceptions:
            pass

    def _exists(self, key: str) -> bool:
        return self._getsize(key) is not None

    def _getsize(self, key: str) -> int | None:
        try:
            info = self._call("info", self._full(key))
        except self.allowed_exceptions:
            return None
        return int(info["size"]) if info.get("type") == "file" else None

    def _delete_dir(self, prefix: str) -> None:
        keys = [key for key in self.list_prefix(prefix)]
        if keys:  # one batched call (s3fs deletes up to 1000 keys per request)
            self._call("rm", [self._full(key) for key in keys])

    def _find(self, directory: str) -> list[str]:
        path = self._full(directory.rstrip("/")) if directory else self.path
        try:
            return self._relative(self._listing("find", path or self._fs_class.root_marker))
        except self.allowed_exceptions:
            return []

    def list(self) -> Generator[str, None, None]:
        """Every key."""
        yield from self._find("")

    def list_prefix(self, prefix: str) -> Generator[str, None, None]:
        """Every key starting with the string ``prefix``."""
        check_prefix(prefix)
        for key in self._find(prefix.rpartition("/")[0]):
            if key.startswith(prefix):
                yield key

    def list_dir(self, prefix: str) -> Generator[str, None, None]:
        """The sorted names of the immediate children of directory ``prefix``."""
        directory = dir_prefix(prefix)
        path = self._full(directory.rstrip("/")) if directory else self.path
        try:
            names = self._listing("ls", path or self._fs_class.root_marker, detail=False)
        except self.allowed_exceptions:
            return
        start = len(directory)
        children = {key[start:] for key in self._relative(names) if key.startswith(directory)}
        yield from sorted(child for child in children if child and "/" not in child)
