"""``AsyncLoggingStore``: a wrapper that counts, records and logs every store call."""

from __future__ import annotations

import builtins
import logging
import threading
import time
from collections import Counter
from collections.abc import AsyncGenerator, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Self, TypeAlias

from zarrlite._async.store._base import AsyncStore
from zarrlite._async.store.wrapper import AsyncWrapperStore
from zarrlite._byte_request import ByteRequest, byte_range_argument
from zarrlite._store_values import as_prototype_buffer, as_prototype_buffers, unwrap_value
from zarrlite._types import BytesLike

__all__ = ["AsyncLoggingStore", "Request"]

Request: TypeAlias = tuple[str, str | None, ByteRequest | None, int | None]
"""One recorded request: ``(method, key or prefix, byte_range, nbytes)``."""

_logger = logging.getLogger("zarrlite.store")


class AsyncLoggingStore(AsyncWrapperStore):
    """Wraps ``store``: counts calls per method in ``counter``, records each request in
    ``requests`` and logs it at ``log_level`` to the ``zarrlite.store`` logger (and to
    ``log_handler`` when given).

    ``requests`` holds ``(method, key, byte_range, nbytes)`` tuples: one per key of a batch call
    (``get_many``, ``set_many``), the prefix as the key of directory calls, ``nbytes`` for
    values read or written (None otherwise). Tests use it to assert the exact traffic.
    Thread-safe. :meth:`reset` clears both. Copies made by ``with_read_only`` share them.
    """

    def __init__(
        self,
        store: AsyncStore,
        log_level: str = "DEBUG",
        log_handler: logging.Handler | None = None,
    ) -> None:
        super().__init__(store)
        level = logging.getLevelName(log_level)
        if not isinstance(level, int):
            raise ValueError(f"unknown log level {log_level!r}")
        self.log_level = log_level
        self.log_handler = log_handler
        self._level: int = level
        self.counter: Counter[str] = Counter()
        self.requests: builtins.list[Request] = []
        self._lock = threading.Lock()  # only guards the two records, never held across I/O

    @classmethod
    async def open(cls, store_cls: type[AsyncStore], *args: Any, **kwargs: Any) -> Self:
        """A logging wrapper around ``await store_cls.open(*args, **kwargs)``; ``log_level``
        and ``log_handler`` among ``kwargs`` are this wrapper's."""
        log_level = kwargs.pop("log_level", "DEBUG")
        log_handler = kwargs.pop("log_handler", None)
        return cls(await store_cls.open(*args, **kwargs), log_level, log_handler)

    def reset(self) -> None:
        """Forget the counts and requests recorded so far."""
        with self._lock:
            self.counter.clear()
            self.requests.clear()

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        del state["_lock"]
        state["log_handler"] = None  # handlers hold streams and locks
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        super().__setstate__(state)
        self._lock = threading.Lock()

    @contextmanager
    def log(self, hint: object = "") -> Iterator[None]:
        """Log ``Calling <hint>`` on entry and ``Finished <hint> [<seconds> s]`` on exit (a
        context manager, as zarr-python's; the store's calls inside are recorded as usual)."""
        method = hint or "block"
        self._log("Calling %s %s", self._store, method)
        start = time.monotonic()
        try:
            yield
        finally:
            self._log("Finished %s %s [%.2f s]", self._store, method, time.monotonic() - start)

    @property
    def supports_sync_io(self) -> bool:
        """False: the chunk pipeline keeps to ``get``/``set`` here, so the log shows them."""
        return False

    def get_sync(
        self, key: str, *, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> Any:
        """Forwarded and recorded."""
        value = super().get_sync(key, prototype=prototype, byte_range=byte_range)
        self._record(
            "get_sync", [("get_sync", key, byte_range, None if value is None else len(value))]
        )
        return value

    def get_sync_into(self, key: str, buffer: Callable[[int], Any]) -> BytesLike | None:
        """Through :meth:`get_sync`, so that the read is recorded."""
        value: BytesLike | None = self.get_sync(key)
        return value

    def set_sync(self, key: str, value: BytesLike) -> None:
        """Forwarded and recorded."""
        value = unwrap_value(value)
        self._record("set_sync", [("set_sync", key, None, memoryview(value).nbytes)])
        super().set_sync(key, value)

    def delete_sync(self, key: str) -> None:
        """Forwarded and recorded."""
        self._record("delete_sync", [("delete_sync", key, None, None)])
        super().delete_sync(key)

    def _record(self, method: str, requests: Iterable[Request]) -> None:
        requests = builtins.list(requests)
        with self._lock:
            self.counter[method] += 1
            self.requests.extend(requests)
        for request in requests:
            self._log("%s %s(%r, %r) -> %s bytes", self._store, *request)

    def _log(self, message: str, *args: object) -> None:
        if _logger.isEnabledFor(self._level):
            _logger.log(self._level, message, *args)
        handler = self.log_handler
        if handler is not None and self._level >= handler.level:
            record = _logger.makeRecord(_logger.name, self._level, __file__, 0, message, args, None)
            handler.handle(record)

    async def get(
        self, key: str, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> Any:
        """Forwarded and recorded (``prototype`` as in :meth:`AsyncStore.get`)."""
        byte_range = byte_range_argument(prototype, byte_range)
        value = await self._store.get(key, byte_range)
        self._record("get", [("get", key, byte_range, None if value is None else len(value))])
        return value if prototype is None else as_prototype_buffer(prototype, value)

    async def get_many(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        """Forwarded and recorded (one entry per request)."""
        return await self._get_many_as("get_many", requests)

    async def get_partial_values(
        self, prototype: Any, key_ranges: Iterable[tuple[str, ByteRequest | None]]
    ) -> builtins.list[Any]:
        """Forwarded as ``get_many`` and recorded under this name, as zarr-python counts it
        (one entry per request); ``prototype`` as in :meth:`AsyncStore.get_partial_values`."""
        values = await self._get_many_as("get_partial_values", builtins.list(key_ranges))
        return values if prototype is None else as_prototype_buffers(prototype, values)

    async def _get_many_as(
        self, method: str, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        values = await self._store.get_many(requests)
        self._record(
            method,
            [
                (method, key, byte_range, None if value is None else len(value))
                for (key, byte_range), value in zip(requests, values)
            ],
        )
        return values

    async def exists(self, key: str) -> bool:
        """Forwarded and recorded."""
        found = await self._store.exists(key)
        self._record("exists", [("exists", key, None, None)])
        return found

    async def getsize(self, key: str) -> int:
        """Forwarded and recorded."""
        self._record("getsize", [("getsize", key, None, None)])
        return await self._store.getsize(key)

    async def getsize_prefix(self, prefix: str) -> int:
        """Forwarded and recorded."""
        self._record("getsize_prefix", [("getsize_prefix", prefix, None, None)])
        return await self._store.getsize_prefix(prefix)

    async def is_empty(self, prefix: str = "") -> bool:
        """Forwarded and recorded."""
        self._record("is_empty", [("is_empty", prefix, None, None)])
        return await self._store.is_empty(prefix)

    async def set(self, key: str, value: BytesLike) -> None:
        """Forwarded and recorded."""
        value = unwrap_value(value)
        self._record("set", [("set", key, None, memoryview(value).nbytes)])
        await self._store.set(key, value)

    async def set_many(self, items: Iterable[tuple[str, BytesLike]]) -> None:
        """Forwarded and recorded (one entry per item)."""
        todo = [(key, unwrap_value(value)) for key, value in items]
        self._record("set_many", [("set_many", k, None, memoryview(v).nbytes) for k, v in todo])
        await self._store.set_many(todo)

    async def set_if_not_exists(self, key: str, value: BytesLike) -> None:
        """Forwarded and recorded."""
        value = unwrap_value(value)
        nbytes = memoryview(value).nbytes
        self._record("set_if_not_exists", [("set_if_not_exists", key, None, nbytes)])
        await self._store.set_if_not_exists(key, value)

    async def delete(self, key: str) -> None:
        """Forwarded and recorded."""
        self._record("delete", [("delete", key, None, None)])
        await self._store.delete(key)

    async def delete_dir(self, prefix: str) -> None:
        """Forwarded and recorded."""
        self._record("delete_dir", [("delete_dir", prefix, None, None)])
        await self._store.delete_dir(prefix)

    async def clear(self) -> None:
        """Forwarded and recorded."""
        self._record("clear", [("clear", None, None, None)])
        await self._store.clear()

    async def list(self) -> AsyncGenerator[str, None]:
        """Forwarded and recorded."""
        self._record("list", [("list", None, None, None)])
        async for key in super().list():
            yield key

    async def list_prefix(self, prefix: str) -> AsyncGenerator[str, None]:
        """Forwarded and recorded."""
        self._record("list_prefix", [("list_prefix", prefix, None, None)])
        async for key in super().list_prefix(prefix):
            yield key

    async def list_dir(self, prefix: str) -> AsyncGenerator[str, None]:
        """Forwarded and recorded."""
        self._record("list_dir", [("list_dir", prefix, None, None)])
        async for name in super().list_dir(prefix):
            yield name
