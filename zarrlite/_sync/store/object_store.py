# Generated from zarrlite/_async/store/object_store.py by codegen. Do not edit.

"""``ObjectStore``: a store over an obstore store (S3, GCS, Azure, HTTP, local, memory).

obstore's clients are Rust objects bound to no event loop. Under asyncio its ``*_async``
functions are awaited natively; under trio (its awaitables are asyncio-only) and in the
generated blocking flavour its blocking functions run (in a worker thread when async).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator
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

__all__ = ["ObjectStore"]


def _obstore() -> Any:
    try:
        import obstore
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError("ObjectStore needs obstore: pip install 'zarrlite[obstore]'") from None
    return obstore


def _identity(store: Any) -> tuple[Any, ...]:
    """What makes two obstore stores address the same data (the object itself when unknown):
    their configuration, or else the arguments they pickle with (a ``LocalStore``'s root, an
    ``HTTPStore``'s URL), so stores obstore deems equal are equal here too, as in zarr-python."""
    config = getattr(store, "config", None)
    if not isinstance(config, dict):
        try:
            args = store.__getnewargs_ex__()
        except (AttributeError, TypeError):  # not picklable (a MemoryStore): only itself
            return (id(store),)
        return (type(store).__name__, repr(args))
    options = getattr(store, "client_options", None) or {}
    prefix = getattr(store, "prefix", None)
    return (type(store).__name__, repr(sorted(config.items())), str(prefix), repr(options))


# -- blocking calls (the async flavour runs them in a worker thread under trio) -------------------


def _get_bytes(store: Any, path: str, options: dict[str, Any] | None) -> bytes:
    return bytes(_obstore().get(store, path, options=options).bytes())


def _list_paths(store: Any, prefix: str | None) -> list[str]:
    return [item["path"] for batch in _obstore().list(store, prefix) for item in batch]


def _children(store: Any, prefix: str | None) -> list[str]:
    listing = _obstore().list_with_delimiter(store, prefix)
    return [*listing["common_prefixes"], *(item["path"] for item in listing["objects"])]


def _put_new(store: Any, path: str, value: bytes) -> None:
    obstore = _obstore()
    try:
        obstore.put(store, path, value, mode="create")
    except obstore.exceptions.AlreadyExistsError:
        pass


class ObjectStore(Store):
    """A store over ``store``, an ``obstore.store`` instance (``S3Store``, ``GCSStore``...).

    A missing key reads as None; every other obstore error propagates. Equal stores wrap
    stores with the same configuration (or the same object) and have the same ``read_only``.
    """

    _twin_key: ClassVar[str | None] = "obstore"

    def __init__(self, store: Any, *, read_only: bool = False) -> None:
        obstore = _obstore()
        kinds = ("S3Store", "GCSStore", "AzureStore", "HTTPStore", "LocalStore", "MemoryStore")
        if not isinstance(store, tuple(getattr(obstore.store, kind) for kind in kinds)):
            raise TypeError(f"store must be an obstore store, got {type(store).__name__}")
        super().__init__(read_only=read_only)
        self.store = store

    @property
    def supports_partial_reads(self) -> bool:
        """Byte ranges are requested from the object store."""
        return True

    def __str__(self) -> str:
        return f"object_store://{self.store!r}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ObjectStore)
            and _identity(other.store) == _identity(self.store)
            and other._read_only == self._read_only
        )

    def __hash__(self) -> int:
        return hash((_identity(self.store), self._read_only))

    def _portable_state(self) -> dict[str, Any]:
        return {"store": self.store, "read_only": self._read_only, "limiter": self.limiter}

    @classmethod
    def _from_portable_state(cls, state: dict[str, Any]) -> Self:
        twin = cls(state["store"], read_only=state["read_only"])
        twin._limiter = state["limiter"]
        return twin

    def _call(self, helper: Callable[..., Any], *args: Any) -> Any:
        """``helper(self.store, *args)`` (a blocking helper above, or an obstore function):
        awaited natively under asyncio, else blocking (in a worker thread when async)."""
        return run_io(functools.partial(helper, self.store, *args))

    def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        options: dict[str, Any] | None = None
        start = 0
        if isinstance(byte_range, RangeByteRequest):
            if byte_range.end == byte_range.start:
                return b"" if self._getsize(key) is not None else None
            start = byte_range.start
            options = {"range": (byte_range.start, byte_range.end)}
        elif isinstance(byte_range, OffsetByteRequest):
            start = byte_range.offset
            options = {"range": {"offset": byte_range.offset}}
        elif isinstance(byte_range, SuffixByteRequest):
            if byte_range.suffix == 0:
                return b"" if self._getsize(key) is not None else None
            options = {"range": {"suffix": byte_range.suffix}}
        try:
            return self._call(_get_bytes, key, options)  # type: ignore[no-any-return]
        except FileNotFoundError:
            return None
        except _obstore().exceptions.BaseError:
            # A range starting at or past the end is refused: that is b"" (if the key exists).
            size = self._getsize(key) if start else None
            if size is not None and start >= size:
                return b""
            if start and size is None:
                return None
            raise

    def _set(self, key: str, value: BytesLike) -> None:
        self._call(_obstore().put, key, bytes(memoryview(value)))

    def _set_if_not_exists(self, key: str, value: BytesLike) -> None:
        self._call(_put_new, key, bytes(memoryview(value)))

    def _delete(self, key: str) -> None:
        try:
            self._call(_obstore().delete, key)
        except FileNotFoundError:
            pass

    def _exists(self, key: str) -> bool:
        return self._getsize(key) is not None

    def _getsize(self, key: str) -> int | None:
        try:
            meta = self._call(_obstore().head, key)
        except FileNotFoundError:
            return None
        return int(meta["size"])

    def _delete_dir(self, prefix: str) -> None:
        keys = [key for key in self.list_prefix(prefix)]
        if keys:  # one batched call
            self._call(_obstore().delete, keys)

    def list(self) -> Generator[str, None, None]:
        """Every key."""
        yield from self._call(_list_paths, None)

    def list_prefix(self, prefix: str) -> Generator[str, None, None]:
        """Every key starting with the string ``prefix``."""
        check_prefix(prefix)
        # obstore prefixes match whole path segments: list the directory, then filter.
        directory = prefix.rpartition("/")[0] or None
        for key in self._call(_list_paths, directory):
            if key.startswith(prefix):
                yield key

    def list_dir(self, prefix: str) -> Generator[str, None, None]:
        """The sorted names of the immediate children of directory ``prefix``."""
        directory = dir_prefix(prefix)
        paths = self._call(_children, directory.rstrip("/") or None)
        start = len(directory)
        names = {path[start:] for path in paths if path.startswith(directory)}
        yield from sorted(name for name in names if name and "/" not in name)
