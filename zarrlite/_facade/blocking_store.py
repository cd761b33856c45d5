"""The async face of a blocking store that has no async twin (a user's subclass of one).

``Array.async_array`` needs an async store over the same data. The built-in stores convert to
their async twins (:mod:`zarrlite._backend._twins`); a subclass would lose its behaviour that
way, so it is wrapped instead: each call runs the blocking store's own public method in a
worker thread. Hand-written (not under ``_async``): it exists in the async flavour only.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncGenerator, Callable, Iterable
from typing import Any, ClassVar

from zarrlite._async.store._base import AsyncStore
from zarrlite._backend.async_ import run_io
from zarrlite._byte_request import ByteRequest
from zarrlite._facade._capabilities import ForwardsCapabilities
from zarrlite._types import BytesLike

__all__ = ["AsyncOverBlockingStore"]


def _listed(keys: Callable[[], Iterable[str]]) -> list[str]:
    return list(keys())


class AsyncOverBlockingStore(ForwardsCapabilities, AsyncStore):
    """Runs each call of the blocking ``store`` in a worker thread (``store.get``, ``set``,
    ``delete``, ``exists``, ``delete_dir`` and the listings, which are collected in the thread).

    The blocking store bounds its own requests; this store's limiter bounds the threads.
    """

    # Converting this store to the blocking flavour gives back ``store`` (see _backend._twins).
    _wraps_other_flavour: ClassVar[bool] = True

    def __init__(self, store: Any) -> None:
        super().__init__(read_only=store.read_only)
        self.store = store

    def with_read_only(self, read_only: bool = False) -> AsyncOverBlockingStore:
        return AsyncOverBlockingStore(self.store.with_read_only(read_only))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, AsyncOverBlockingStore) and other.store == self.store

    def __hash__(self) -> int:
        return hash((AsyncOverBlockingStore, self.store))

    def __repr__(self) -> str:
        return f"AsyncOverBlockingStore({self.store!r})"

    async def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        value = await run_io(functools.partial(self.store.get, key, byte_range=byte_range))
        return None if value is None else bytes(value)

    async def _set(self, key: str, value: BytesLike) -> None:
        await run_io(self.store.set, key, value)

    async def _delete(self, key: str) -> None:
        await run_io(self.store.delete, key)

    async def _exists(self, key: str) -> bool:
        return bool(await run_io(self.store.exists, key))

    async def _delete_dir(self, prefix: str) -> None:
        # The blocking store's own delete_dir: a subclass may do it differently.
        await run_io(self.store.delete_dir, prefix)

    async def list(self) -> AsyncGenerator[str, None]:
        for key in await run_io(_listed, self.store.list):
            yield key

    async def list_prefix(self, prefix: str) -> AsyncGenerator[str, None]:
        for key in await run_io(_listed, functools.partial(self.store.list_prefix, prefix)):
            yield key

    async def list_dir(self, prefix: str) -> AsyncGenerator[str, None]:
        for key in await run_io(_listed, functools.partial(self.store.list_dir, prefix)):
            yield key
