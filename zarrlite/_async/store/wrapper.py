"""``AsyncWrapperStore``: forwards every method to a wrapped store (base for proxies)."""

from __future__ import annotations

import builtins
import copy
from collections.abc import AsyncGenerator, Callable, Iterable, Sequence
from typing import Any, Self

from zarrlite._async.store._base import AsyncStore
from zarrlite._backend.async_ import ConcurrencyLimiter
from zarrlite._byte_request import ByteRequest, byte_range_argument
from zarrlite._store_values import as_prototype_buffer
from zarrlite._types import BytesLike

__all__ = ["AsyncWrapperStore"]


class AsyncWrapperStore(AsyncStore):
    """A store that forwards every call to ``store``; subclass it to act around some calls.

    The wrapped store keeps its own validation, ``read_only`` and limiter (``limiter`` is the
    wrapped store's), so requests are counted once.
    """

    def __init__(self, store: AsyncStore) -> None:
        # AsyncStore.__init__ is not called: read-only state and limiter belong to `store`.
        self._store = store

    @classmethod
    async def open(cls, store_cls: type[AsyncStore], *args: Any, **kwargs: Any) -> Self:
        """A wrapper around ``await store_cls.open(*args, **kwargs)``."""
        return cls(await store_cls.open(*args, **kwargs))

    @property
    def store(self) -> AsyncStore:
        """The wrapped store."""
        return self._store

    @property
    def read_only(self) -> bool:
        """Whether the wrapped store refuses writes."""
        return self._store.read_only

    @property
    def limiter(self) -> ConcurrencyLimiter:
        """The wrapped store's limiter."""
        return self._store.limiter

    @property
    def supports_writes(self) -> bool:
        """As the wrapped store."""
        return self._store.supports_writes

    @property
    def supports_deletes(self) -> bool:
        """As the wrapped store."""
        return self._store.supports_deletes

    @property
    def supports_listing(self) -> bool:
        """As the wrapped store."""
        return self._store.supports_listing

    @property
    def supports_partial_reads(self) -> bool:
        """As the wrapped store."""
        return self._store.supports_partial_reads

    @property
    def supports_sync_io(self) -> bool:
        """As the wrapped store."""
        return self._store.supports_sync_io

    @property
    def supports_consolidated_metadata(self) -> bool:
        """As the wrapped store."""
        return self._store.supports_consolidated_metadata

    def with_read_only(self, read_only: bool = False) -> Self:
        """This wrapper around the wrapped store's ``with_read_only(read_only)``."""
        clone = copy.copy(self)
        clone._store = self._store.with_read_only(read_only)
        return clone

    def close(self) -> None:
        """Close the wrapped store."""
        self._store.close()

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._store == self._store  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._store))

    def __str__(self) -> str:
        return str(self._store)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._store!r})"

    def __getstate__(self) -> dict[str, Any]:
        return self.__dict__.copy()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def _sync_io(self, method: str) -> Any:
        found = getattr(self._store, method, None)
        if found is None:
            raise TypeError(f"{self._store!r} has no synchronous I/O ({method})")
        return found

    def get_sync(
        self, key: str, *, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> Any:
        """Forwarded (``TypeError`` when the wrapped store has no ``get_sync``)."""
        return self._sync_io("get_sync")(key, prototype=prototype, byte_range=byte_range)  # type: ignore[no-any-return]

    def get_sync_into(self, key: str, buffer: Callable[[int], Any]) -> BytesLike | None:
        """Forwarded (``TypeError`` when the wrapped store has no ``get_sync``)."""
        return self._sync_io("get_sync_into")(key, buffer)  # type: ignore[no-any-return]

    def set_sync(self, key: str, value: BytesLike) -> None:
        """Forwarded (``TypeError`` when the wrapped store has no ``set_sync``)."""
        self._sync_io("set_sync")(key, value)

    def delete_sync(self, key: str) -> None:
        """Forwarded (``TypeError`` when the wrapped store has no ``delete_sync``)."""
        self._sync_io("delete_sync")(key)

    async def _open(self) -> None:
        await self._store._open()

    async def get(
        self, key: str, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> Any:
        """Forwarded (``prototype`` as in :meth:`AsyncStore.get`)."""
        byte_range = byte_range_argument(prototype, byte_range)
        value = await self._store.get(key, byte_range)
        return value if prototype is None else as_prototype_buffer(prototype, value)

    async def get_many(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        """Forwarded."""
        return await self._store.get_many(requests)

    async def exists(self, key: str) -> bool:
        """Forwarded."""
        return await self._store.exists(key)

    async def getsize(self, key: str) -> int:
        """Forwarded."""
        return await self._store.getsize(key)

    async def getsize_prefix(self, prefix: str) -> int:
        """Forwarded."""
        return await self._store.getsize_prefix(prefix)

    async def is_empty(self, prefix: str = "") -> bool:
        """Forwarded."""
        return await self._store.is_empty(prefix)

    async def set(self, key: str, value: BytesLike) -> None:
        """Forwarded."""
        await self._store.set(key, value)

    async def set_many(self, items: Iterable[tuple[str, BytesLike]]) -> None:
        """Forwarded."""
        await self._store.set_many(items)

    async def set_if_not_exists(self, key: str, value: BytesLike) -> None:
        """Forwarded."""
        await self._store.set_if_not_exists(key, value)

    async def delete(self, key: str) -> None:
        """Forwarded."""
        await self._store.delete(key)

    async def delete_dir(self, prefix: str) -> None:
        """Forwarded."""
        await self._store.delete_dir(prefix)

    async def clear(self) -> None:
        """Forwarded."""
        await self._store.clear()

    async def list(self) -> AsyncGenerator[str, None]:
        """Forwarded."""
        keys = self._store.list()
        try:
            async for key in keys:
                yield key
        finally:
            await keys.aclose()

    async def list_prefix(self, prefix: str) -> AsyncGenerator[str, None]:
        """Forwarded."""
        keys = self._store.list_prefix(prefix)
        try:
            async for key in keys:
                yield key
        finally:
            await keys.aclose()

    async def list_dir(self, prefix: str) -> AsyncGenerator[str, None]:
        """Forwarded."""
        names = self._store.list_dir(prefix)
        try:
            async for name in names:
                yield name
        finally:
            await names.aclose()

    # The primitives are never reached (every public method is forwarded) but must exist.
    async def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        value: bytes | None = await self._store.get(key, byte_range)
        return value

    async def _set(self, key: str, value: BytesLike) -> None:
        await self._store.set(key, value)

    async def _delete(self, key: str) -> None:
        await self._store.delete(key)

    async def _exists(self, key: str) -> bool:
        return await self._store.exists(key)
