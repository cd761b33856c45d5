"""``AsyncStorePath`` (a store plus a path in it) and ``make_store_path``, which turns anything
accepted as a ``store`` argument into one. Every API entry point resolves its store here."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
from typing import Any, ClassVar, Final, Self, TypeAlias

import attrs

from zarrlite._async.store._base import AsyncStore
from zarrlite._async.store.fsspec import AsyncFsspecStore
from zarrlite._async.store.local import AsyncLocalStore
from zarrlite._async.store.managed_memory import AsyncManagedMemoryStore
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite._backend import _twins
from zarrlite._backend.async_ import IS_ASYNC
from zarrlite._byte_request import ByteRequest, byte_range_argument
from zarrlite._store_values import as_prototype_buffer
from zarrlite._types import JSON, BytesLike
from zarrlite.errors import ContainsArrayError, ContainsGroupError, ReadOnlyError

__all__ = [
    "ACCESS_MODES",
    "AsyncStorePath",
    "StoreLike",
    "as_store_path",
    "make_store",
    "make_store_path",
    "normalize_path",
    "set_or_delete",
]

ACCESS_MODES: Final = ("r", "r+", "a", "w", "w-")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")

StoreLike: TypeAlias = (
    "AsyncStore | AsyncStorePath | str | os.PathLike[str] | dict[str, bytes] | None"
)


def normalize_path(path: str) -> str:
    """A node path in canonical form: '/'-separated, no leading, trailing or repeated '/'.

    Backslashes count as separators (as in zarr-python); '.' and '..' segments are refused.
    """
    if not isinstance(path, str):
        raise TypeError(f"a path must be a str, got {type(path).__name__} {path!r}")
    wrapped = f"/{path}/"
    if "/./" not in wrapped and "/../" not in wrapped:
        if not path or (
            path[0] != "/" and path[-1] != "/" and "//" not in path and "\\" not in path
        ):
            return path  # canonical already: most paths, and a node is opened many times
    parts = [part for part in path.replace("\\", "/").split("/") if part]
    if "." in parts or ".." in parts:
        raise ValueError(f"invalid path {path!r}: '.' and '..' segments are not allowed")
    return "/".join(parts)


@attrs.frozen
class AsyncStorePath:
    """A location in a store: ``store`` plus a normalised ``path`` (``""`` is the root)."""

    store: AsyncStore
    path: str = attrs.field(default="", converter=normalize_path)
    # Markers for make_store_path of the other flavour (see zarrlite._backend._twins).
    _is_async: ClassVar[bool] = IS_ASYNC
    _is_store_path: ClassVar[bool] = True

    @classmethod
    async def open(cls, store: AsyncStore, path: str, mode: str | None = None) -> Self:
        """``store``/``path`` checked against ``mode`` (None: no check). ``'r'`` on a writable
        store gives a read-only view of it; ``'r+'``, ``'a'``, ``'w'`` and ``'w-'`` need a
        writable store (``ReadOnlyError``, a ``ValueError``); ``'w-'`` needs nothing below
        ``path`` (``FileExistsError``). No mode changes the store: ``'w'`` deletes nothing."""
        _check_mode(mode)
        store_path = cls(_apply_mode(store, mode), path)
        if mode == "w-":
            await _refuse_data(store_path)
        return store_path

    def __truediv__(self, other: str) -> AsyncStorePath:
        """The path ``other`` below this one."""
        joined = normalize_path(other)
        if self.path and joined:
            joined = f"{self.path}/{joined}"
        return AsyncStorePath(self.store, joined or self.path)

    @property
    def read_only(self) -> bool:
        """Whether the store refuses writes."""
        return self.store.read_only

    def __str__(self) -> str:
        return f"{self.store}/{self.path}" if self.path else str(self.store)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({type(self.store).__name__}, {str(self)!r})"

    async def get(self, prototype: Any = None, byte_range: ByteRequest | None = None) -> Any:
        """The value stored at this path, or None: ``bytes``, or a ``prototype.buffer`` when a
        prototype is given (zarr-python's signature). A byte request given in the prototype's
        place is the byte range (``get(byte_range)``)."""
        value = await self.store.get(self.path, byte_range_argument(prototype, byte_range))
        return value if prototype is None else as_prototype_buffer(prototype, value)

    async def get_json(self, *, byte_range: ByteRequest | None = None) -> JSON:
        """The JSON document stored at this path (or in its ``byte_range``), or None when there
        is none."""
        data = await self.store.get(self.path, byte_range)
        return None if data is None else json.loads(data)

    def get_sync(self, prototype: Any = None, byte_range: ByteRequest | None = None) -> Any:
        """:meth:`get` as a plain call, for stores with ``get_sync`` (else ``TypeError``)."""
        byte_range = byte_range_argument(prototype, byte_range)
        value = self._sync_io("get_sync")(self.path, byte_range=byte_range)
        return value if prototype is None else as_prototype_buffer(prototype, value)

    def set_sync(self, value: BytesLike) -> None:
        """:meth:`set` as a plain call, for stores with ``set_sync`` (else ``TypeError``)."""
        self._sync_io("set_sync")(self.path, value)

    def delete_sync(self) -> None:
        """:meth:`delete` as a plain call, for stores with ``delete_sync`` (else ``TypeError``)."""
        self._sync_io("delete_sync")(self.path)

    def _sync_io(self, method: str) -> Any:
        found = getattr(self.store, method, None)
        if found is None:
            raise TypeError(f"{self.store!r} has no synchronous I/O ({method})")
        return found

    async def set(self, value: BytesLike) -> None:
        """Store ``value`` at this path."""
        await self.store.set(self.path, value)

    async def set_if_not_exists(self, default: BytesLike) -> None:
        """Store ``default`` at this path unless something is there (zarr-python's parameter
        name)."""
        await self.store.set_if_not_exists(self.path, default)

    async def delete(self) -> None:
        """Delete the value at this path (nothing happens when there is none)."""
        await self.store.delete(self.path)

    async def delete_dir(self) -> None:
        """Delete every key below this path."""
        await self.store.delete_dir(self.path)

    async def exists(self) -> bool:
        """Whether a value is stored at this path."""
        return await self.store.exists(self.path)

    async def is_empty(self) -> bool:
        """Whether no key lies below this path."""
        return await self.store.is_empty(self.path)


async def set_or_delete(byte_setter: AsyncStorePath, value: BytesLike | None) -> None:
    """Store ``value`` at ``byte_setter``, or delete what is there when ``value`` is None."""
    if value is None:
        await byte_setter.delete()
    else:
        await byte_setter.set(value)


async def _refuse_data(store_path: AsyncStorePath) -> None:
    """Mode ``'w-'``: a ``FileExistsError`` when any key lies below the path, Zarr node or not
    (zarr-python's rule); a node at the path gives its ``ContainsArrayError`` or
    ``ContainsGroupError`` (both ``FileExistsError``). Nothing is written before this check."""
    if await store_path.is_empty():
        return
    where = f"{store_path.path!r}" if store_path.path else "'' (root)"
    message = (
        f"cannot create {where} in {store_path.store!r} with mode 'w-': it already contains "
        "{what}; use mode 'w' to overwrite or 'a' to add to it"
    )
    kind = await _node_kind(store_path)
    if kind == "array":
        raise ContainsArrayError(message.format(what="an array"))
    if kind == "group":
        raise ContainsGroupError(message.format(what="a group"))
    raise FileExistsError(message.format(what="data (any key below it counts, Zarr node or not)"))


async def _node_kind(store_path: AsyncStorePath) -> str | None:
    """``"array"``/``"group"`` when a node document is at the path (for error messages)."""
    if await (store_path / ".zarray").exists():
        return "array"
    if await (store_path / ".zgroup").exists():
        return "group"
    try:
        document = await (store_path / "zarr.json").get_json()
    except ValueError:
        return None
    kind = document.get("node_type") if isinstance(document, dict) else None
    return kind if kind in ("array", "group") else None


def _check_mode(mode: str | None) -> None:
    if mode is not None and mode not in ACCESS_MODES:
        raise ValueError(f"mode must be one of {ACCESS_MODES}, got {mode!r}")


def _apply_mode(store: AsyncStore, mode: str | None) -> AsyncStore:
    if mode == "r":
        return store if store.read_only else store.with_read_only(True)
    if mode is not None and store.read_only:
        raise ReadOnlyError(f"mode {mode!r} needs a writable store, but {store!r} is read-only")
    return store


def _is_remote_url(store_like: object) -> bool:
    if not isinstance(store_like, str) or store_like.startswith("file://"):
        return False
    return bool(_URL.match(store_like)) or "::" in store_like  # "::" chains fsspec URLs


def _is_other_flavour(store_like: object, *, store_path: bool) -> bool:
    other = _twins.flavour_of(store_like) is (not IS_ASYNC)
    return other and getattr(type(store_like), "_is_store_path", False) is store_path


def as_store_path(store_path: Any) -> AsyncStorePath:
    """``store_path`` in this flavour: another flavour's store path becomes its twin (same data).

    A ``TypeError`` names anything else. A store without a twin (a user's subclass) is wrapped
    (see :func:`zarrlite._backend._twins.convert`).
    """
    if isinstance(store_path, AsyncStorePath):
        return store_path
    if not _is_other_flavour(store_path, store_path=True):
        raise TypeError(f"expected a store path, got {store_path!r}")
    return AsyncStorePath(_twins.convert(store_path.store, IS_ASYNC), store_path.path)


def _has_fsspec() -> bool:
    return "fsspec" in sys.modules or importlib.util.find_spec("fsspec") is not None


def _fsspec_class(name: str) -> type[Any] | None:
    """fsspec's ``FSMap`` (or another class), only when fsspec is already imported: an FSMap
    cannot exist otherwise, so there is no need to import fsspec to recognise one."""
    module = sys.modules.get("fsspec")
    return getattr(module, name, None) if module is not None else None


def _upath_class() -> type[Any] | None:
    module = sys.modules.get("upath")
    return getattr(module, "UPath", None) if module is not None else None


async def _store_from_url(
    url: str, *, read_only: bool, storage_options: dict[str, Any] | None
) -> AsyncStore:
    # memory:// is fsspec's memory filesystem when fsspec is installed (as in zarr-python),
    # else a ManagedMemoryStore of that name. Every other scheme goes through fsspec.
    if url.startswith("memory://") and not storage_options and not _has_fsspec():
        name, _, path = url[len("memory://") :].partition("/")
        return AsyncManagedMemoryStore(name, path=path, read_only=read_only)
    return AsyncFsspecStore.from_url(url, storage_options=storage_options, read_only=read_only)


def _store_from_upath(upath: Any, *, read_only: bool) -> AsyncStore:
    # A local UPath is a LocalStore, as the same path given as a str would be.
    if upath.protocol in ("", "file", "local"):
        return AsyncLocalStore(upath.path, read_only=read_only)
    return AsyncFsspecStore.from_upath(upath, read_only=read_only)


async def make_store(
    store_like: object, *, mode: str | None = None, storage_options: dict[str, Any] | None = None
) -> AsyncStore:
    """The store ``store_like`` designates, with ``mode`` checked or applied (see
    :func:`make_store_path`)."""
    _check_mode(mode)
    read_only = mode == "r"
    if storage_options and not _is_remote_url(store_like):
        raise TypeError(
            f"storage_options provided but unused: {store_like!r} is not a URL of a remote store"
        )
    store: AsyncStore
    if isinstance(store_like, AsyncStore):
        store = store_like
    elif _is_other_flavour(store_like, store_path=False):
        store = _twins.convert(store_like, IS_ASYNC)
    elif store_like is None:
        store = AsyncMemoryStore(read_only=read_only)
    elif isinstance(store_like, dict):  # a dict or a subclass, not any MutableMapping
        store = AsyncMemoryStore(store_like, read_only=read_only)
    elif (upath := _upath_class()) is not None and isinstance(store_like, upath):
        # Before os.PathLike: some UPaths (remote ones included) are PathLike too.
        store = _store_from_upath(store_like, read_only=read_only)
    elif (fs_map := _fsspec_class("FSMap")) is not None and isinstance(store_like, fs_map):
        store = AsyncFsspecStore.from_mapper(store_like, read_only=read_only)
    elif isinstance(store_like, os.PathLike):
        store = AsyncLocalStore(store_like, read_only=read_only)
    elif isinstance(store_like, str):
        if store_like.startswith("file://"):
            store = AsyncLocalStore(store_like[len("file://") :], read_only=read_only)
        elif _is_remote_url(store_like):
            store = await _store_from_url(
                store_like, read_only=read_only, storage_options=storage_options
            )
        else:
            store = AsyncLocalStore(store_like, read_only=read_only)
    else:
        raise TypeError(f"Unsupported type for store_like: {type(store_like).__name__!r}")
    return _apply_mode(store, mode)


async def make_store_path(
    store_like: object,
    *,
    path: str | None = None,
    mode: str | None = None,
    storage_options: dict[str, Any] | None = None,
) -> AsyncStorePath:
    """Resolve a ``store`` argument: the one place where a StoreLike becomes a store path.

    ``None`` gives a new memory store; a ``dict`` a memory store over it; a ``str`` without a
    scheme, a ``file://`` URL or a ``pathlib.Path`` a local store; a store path is joined with
    ``path``; a store is used as is; a store (or store path) of the other flavour becomes its
    twin over the same data. ``mode`` is one of ``r``, ``r+``, ``a``, ``w``, ``w-``: ``r`` gives
    a read-only store (a read-only view of a writable one), the others need a writable store,
    and ``w-`` a location with no key below it, Zarr node or not (``FileExistsError``; not
    checked when ``store_like`` is a store path, as in zarr-python).
    ``storage_options`` is only for URLs of remote stores (fsspec: ``s3://``, ``gs://``,
    ``http(s)://``, ``memory://``...); given for anything else it is a ``TypeError``.
    ``memory://name/path`` is fsspec's memory filesystem, or without fsspec a
    ``ManagedMemoryStore``; an fsspec ``FSMap`` becomes an ``FsspecStore`` (with ``path``: a
    ``ValueError``); a ``upath.UPath`` a ``LocalStore`` (local) or an ``FsspecStore``.
    """
    _check_mode(mode)
    relative = normalize_path(path or "")
    base: AsyncStorePath | None = None
    if isinstance(store_like, AsyncStorePath):
        base = store_like
    elif _is_other_flavour(store_like, store_path=True):
        base = as_store_path(store_like)
    if base is not None:
        if storage_options:
            raise TypeError(f"storage_options provided but unused: {base!r} is a store path")
        return AsyncStorePath(_apply_mode(base.store, mode), base.path) / relative
    fs_map = _fsspec_class("FSMap")
    if relative and fs_map is not None and isinstance(store_like, fs_map):
        raise ValueError(
            f"path {path!r} was given with an fsspec FSMap, which has its own root "
            f"({store_like.root!r}): put the path in the mapper's URL instead"
        )
    store = await make_store(store_like, mode=mode, storage_options=storage_options)
    store_path = AsyncStorePath(store, relative)
    if mode == "w-":  # as zarr-python's StorePath.open; a store path given is not checked
        await _refuse_data(store_path)
    return store_path
