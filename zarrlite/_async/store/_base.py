"""``AsyncStore``: the key-value store every array and group reads and writes through.

Values are bytes-like (``bytes``, ``bytearray``, ``memoryview``, or a zarr-python style buffer);
reads return ``bytes``, or buffers of ``prototype.buffer`` when the caller passes a buffer
prototype, as zarr-python's callers do. A missing key reads as None, never as an exception (any
other failure propagates). The public
methods are implemented here once: they validate the key (:func:`validate_key`, the one place),
refuse writes to a read-only store, take a slot of the store's limiter, and call the subclass's
primitives ``_get``, ``_set``, ``_delete``, ``_exists`` plus the ``list*`` generators. Subclasses
may override the other ``_`` hooks where they can do better than the defaults.
"""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from collections.abc import AsyncGenerator, Callable, Iterable, Sequence
from types import TracebackType
from typing import Any, ClassVar, Final, Self

from zarrlite import config
from zarrlite._backend import _twins
from zarrlite._backend.async_ import IS_ASYNC, ConcurrencyLimiter, map_limited
from zarrlite._byte_request import ByteRequest, byte_range_argument
from zarrlite._coalesce import plan_range_reads
from zarrlite._store_overrides import bypasses_override, defining_class
from zarrlite._store_values import (
    PLAIN_VALUES,
    as_prototype_buffer,
    as_prototype_buffers,
    stored_bytes,
    unwrap_value,
)
from zarrlite._types import BytesLike
from zarrlite.errors import ReadOnlyError

__all__ = ["AsyncStore", "dir_prefix", "validate_key"]

# get_ranges' defaults, as zarr-python's (and the array.sharding_coalesce_* config keys).
_MAX_GAP_BYTES: Final = 1 << 20
_MAX_COALESCED_BYTES: Final = 16 << 20

_KEY_RULES = "keys are '/'-separated names: no leading '/', no empty, '.' or '..' segment, no '\\'"


def validate_key(key: str) -> str:
    """Return ``key`` if it is a valid store key, else raise ``ValueError`` naming it."""
    if not isinstance(key, str):
        raise TypeError(f"a store key must be a str, got {type(key).__name__} {key!r}")
    if (
        not key
        or key[0] == "/"
        or key[-1] == "/"
        or "//" in key
        or "\\" in key
        or "\x00" in key
        or ("." in key and ("/./" in f"/{key}/" or "/../" in f"/{key}/"))
    ):
        raise ValueError(f"invalid store key {key!r}: {_KEY_RULES}")
    return key


def dir_prefix(prefix: str) -> str:
    """``prefix`` as a directory: ``""`` (everything) or a valid key followed by ``/``."""
    body = prefix[:-1] if prefix.endswith("/") else prefix
    if not body and not prefix:
        return ""
    try:
        return validate_key(body) + "/"
    except ValueError:
        raise ValueError(f"invalid store prefix {prefix!r}: {_KEY_RULES}") from None


def _route_through_public_overrides(cls: type) -> None:
    """Make zarrlite's batch reads and writes, ``getsize``, ``set_if_not_exists`` and its
    in-process fast path go through a user's overrides of ``get``, ``set``, ``exists`` and
    ``delete`` (zarr-python's way of writing a store), so that no chunk or metadata document
    is read or written around them."""
    if bypasses_override(cls, "get", ("get_many", "_get_many")):
        cls.get_many = AsyncStore._get_many_via_get  # type: ignore[attr-defined]
    if defining_class(cls, "_getsize") is AsyncStore and bypasses_override(cls, "get", ("getsize",)):
        # Only the default _getsize reads the value; a store's own (a file's stat) reads none.
        cls.getsize = AsyncStore._getsize_via_get  # type: ignore[attr-defined]
    if bypasses_override(cls, "set", ("set_many", "_set_batch")):
        cls.set_many = AsyncStore._set_many_via_set  # type: ignore[attr-defined]
    if bypasses_override(cls, "set", ("set_if_not_exists", "_set_if_not_exists")) or bypasses_override(
        cls, "exists", ("set_if_not_exists", "_set_if_not_exists")
    ):
        cls.set_if_not_exists = AsyncStore._set_if_not_exists_via_set  # type: ignore[attr-defined]
    if bypasses_override(cls, "delete", ("delete_dir", "_delete_dir")):
        cls.delete_dir = AsyncStore._delete_dir_via_delete  # type: ignore[attr-defined]
    if bypasses_override(cls, "get_sync_into", ("sync_reader_into",)):
        cls.sync_reader_into = AsyncStore.sync_reader_into  # type: ignore[attr-defined]
    sync_io = (
        "get_sync",
        "get_sync_into",
        "sync_reader_into",
        "set_sync",
        "delete_sync",
        "supports_sync_io",
    )
    if any(bypasses_override(cls, name, sync_io) for name in ("get", "set", "delete")):
        cls.supports_sync_io = property(lambda self: False)  # type: ignore[attr-defined]


def check_prefix(prefix: str) -> str:
    """Return ``prefix`` if it can start a valid key (``""``, ``"a/b"``, ``"a/"``)."""
    if prefix:
        dir_prefix(prefix)
    return prefix


class AsyncStore(ABC):
    """Abstract store. Subclasses implement ``_get``/``_set``/``_delete``/``_exists``, the three
    ``list*`` async generators, ``__eq__``/``__hash__`` and ``__repr__``.

    Each instance has one :class:`ConcurrencyLimiter` (``limiter``) bounding its requests in
    flight across all threads, tasks, event loops and calls; its size starts at the class's
    ``default_concurrency``, or the ``async.concurrency`` config value when that is None.
    """

    default_concurrency: ClassVar[int | None] = None
    # Set by _open (and so by the classmethod open); stores open lazily, so nothing needs it.
    _is_open: bool = False
    # The twin registry key (see zarrlite._backend._twins); set by the built-in stores only.
    _twin_key: ClassVar[str | None] = None
    _is_async: ClassVar[bool] = IS_ASYNC

    def __init__(self, *, read_only: bool = False) -> None:
        self._read_only = bool(read_only)
        total = self.default_concurrency or config.get("async.concurrency")
        self._limiter = ConcurrencyLimiter(total)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        key = cls.__dict__.get("_twin_key")
        if isinstance(key, str):
            _twins.register(cls, key, IS_ASYNC)
        _route_through_public_overrides(cls)

    # -- properties and plain (non-I/O) members ----------------------------------------------

    @property
    def read_only(self) -> bool:
        """Whether writes are refused."""
        return self._read_only

    @property
    def limiter(self) -> ConcurrencyLimiter:
        """Bounds this store's requests in flight; set ``limiter.total`` to retune it."""
        return self._limiter

    @property
    def supports_writes(self) -> bool:
        """Whether the store can be written at all."""
        return True

    @property
    def supports_deletes(self) -> bool:
        """Whether keys can be deleted."""
        return True

    @property
    def supports_listing(self) -> bool:
        """Whether ``list``, ``list_prefix`` and ``list_dir`` work."""
        return True

    @property
    def supports_partial_reads(self) -> bool:
        """Whether byte ranges are read natively (not by fetching the whole value)."""
        return False

    @property
    def supports_sync_io(self) -> bool:
        """Whether ``get_sync``/``set_sync``/``delete_sync`` work and are plain calls in this
        process (memory, local files): the chunk pipeline then does a group's I/O inside its
        codec work, in one worker-thread trip. False for remote stores, and for wrappers that
        must see every request (logging, caching)."""
        return False

    @property
    def set_sync_copies_value(self) -> bool:
        """Whether ``set_sync`` is done with its value when it returns (it wrote or copied it,
        and keeps no reference): the chunk pipeline may then pass views of buffers it reuses
        for the next chunk. False unless a store says so."""
        return False

    @property
    def supports_partial_writes(self) -> bool:
        """Always False (kept for zarr-python compatibility)."""
        return False

    @property
    def supports_consolidated_metadata(self) -> bool:
        """Whether consolidated metadata may be written to this store."""
        return True

    @classmethod
    async def open(cls, *args: Any, **kwargs: Any) -> Self:
        """Construct the store from these arguments and open it (:meth:`_open`)."""
        store = cls(*args, **kwargs)
        await store._open()
        return store

    async def _open(self) -> None:
        """Prepare the store for use. Stores open lazily on first use, so the default only
        records it; subclasses check or create what they need (``LocalStore``: its root).
        Opening an open store again is harmless (zarr-python raises ``ValueError``)."""
        self._is_open = True

    async def _ensure_open(self) -> None:
        """:meth:`_open` unless that has been done."""
        if not self._is_open:
            await self._open()

    def with_read_only(self, read_only: bool = False) -> Self:
        """A copy of this store with the given ``read_only``, sharing its data and limiter."""
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._read_only = bool(read_only)
        return clone

    def close(self) -> None:
        """Release resources (nothing to do for most stores); the store reopens on next use."""
        self._is_open = False

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @abstractmethod
    def __eq__(self, other: object) -> bool: ...

    @abstractmethod
    def __hash__(self) -> int: ...

    def __getstate__(self) -> dict[str, Any]:
        # A limiter holds locks and waiters of this process: pickle only its size.
        state = self.__dict__.copy()
        state["_limiter"] = state["_limiter"].total
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._limiter = ConcurrencyLimiter(state["_limiter"])

    def _check_writable(self, key: str = "") -> None:
        """``ReadOnlyError`` (a ``ValueError``) naming ``key`` when the store is read-only."""
        if self._read_only:
            raise ReadOnlyError(f"cannot write {key!r}: {self!r} is read-only")

    # -- reads -------------------------------------------------------------------------------

    async def get(
        self, key: str, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> Any:
        """The value of ``key`` (or the bytes ``byte_range`` selects); None when it is missing.

        ``bytes`` without a ``prototype``; with one (a ``BufferPrototype``, zarr-python's
        signature) a ``prototype.buffer`` over those bytes. A byte request given in the
        prototype's place is the byte range (``get(key, byte_range)``)."""
        validate_key(key)
        byte_range = byte_range_argument(prototype, byte_range)
        async with self._limiter:
            value = await self._get(key, byte_range)
        return value if prototype is None else as_prototype_buffer(prototype, value)

    async def get_many(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        """``get`` for each ``(key, byte_range)``, concurrently; results in request order."""
        for key, byte_range in requests:
            validate_key(key)
            byte_range_argument(None, byte_range)
        return await self._get_many(requests)

    async def get_partial_values(
        self, prototype: Any, key_ranges: Iterable[tuple[str, ByteRequest | None]]
    ) -> builtins.list[Any]:
        """zarr-python's spelling of :meth:`get_many`: values are ``prototype.buffer``
        instances, or ``bytes`` when ``prototype`` is None."""
        values = await self.get_many(builtins.list(key_ranges))
        return values if prototype is None else as_prototype_buffers(prototype, values)

    async def get_ranges(
        self,
        key: str,
        byte_ranges: Sequence[ByteRequest | None],
        *,
        prototype: Any = None,
        max_concurrency: int = 10,
        max_gap_bytes: int = _MAX_GAP_BYTES,
        max_coalesced_bytes: int = _MAX_COALESCED_BYTES,
    ) -> AsyncGenerator[builtins.list[tuple[int, Any]], None]:
        """Read many byte ranges of ``key``: yields one batch of ``(input index, bytes)`` per
        read made (a ``prototype.buffer`` in place of the bytes when ``prototype`` is given).
        ``None`` asks for the whole value.

        Range requests whose gap is at most ``max_gap_bytes`` are read together (a read of at
        most ``max_coalesced_bytes``) and sliced apart; offset and suffix requests are read
        alone. At most ``max_concurrency`` reads are in flight (one batched ``get_many``), and
        batches come in plan order, not input order: use the indices. A missing ``key`` raises
        ``FileNotFoundError`` (zarr-python wraps it in an exception group; ``except*`` catches
        both).
        """
        validate_key(key)
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency!r}")
        reads = plan_range_reads(byte_ranges, max_gap_bytes, max_coalesced_bytes)
        for first in range(0, len(reads), max_concurrency):
            wave = reads[first : first + max_concurrency]
            found = await self.get_many([(key, request) for request, _ in wave])
            for (_, members), data in zip(wave, found, strict=True):
                yield self._split_read(key, data, members, prototype)

    def claim_new_prefix_sync(self, prefix: str) -> bool:
        """Whether ``prefix`` (a node path) was provably empty, claiming it as a plain call:
        True tells the caller that no key under ``prefix`` exists, so a new node's documents
        need no lookups before they are written. This default answers False (not known); a
        local store creates the prefix's directory and answers whether it was new."""
        return False

    def get_sync_into(self, key: str, buffer: Callable[[int], Any]) -> BytesLike | None:
        """The whole value of ``key`` as a plain call, for stores with ``get_sync``, read into
        ``buffer(size)`` (a writable buffer of exactly ``size`` bytes, or None) where the store
        reads by copying: a local file then costs no allocation. The result may be a view of
        that buffer, valid until the buffer is next used. This default returns ``get_sync``'s
        value (a memory store's values need no copy)."""
        get_sync = getattr(self, "get_sync", None)
        if get_sync is None:
            raise TypeError(f"{self!r} has no synchronous reads (get_sync)")
        return get_sync(key)  # type: ignore[no-any-return]

    def sync_reader_into(self, buffer: Callable[[int], Any]) -> Callable[[str], BytesLike | None]:
        """:meth:`get_sync_into` bound to ``buffer``, for a run of reads in the calling thread
        (a group of chunks): ``read(key)``. A store may prepare once what the reads share.
        Each result is valid until the next read."""
        get_sync_into = self.get_sync_into
        return lambda key: get_sync_into(key, buffer)

    def get_ranges_sync(
        self,
        key: str,
        byte_ranges: Sequence[ByteRequest | None],
        *,
        prototype: Any = None,
        max_gap_bytes: int = _MAX_GAP_BYTES,
        max_coalesced_bytes: int = _MAX_COALESCED_BYTES,
    ) -> builtins.list[tuple[int, Any]]:
        """:meth:`get_ranges` as one blocking call, for stores with ``get_sync`` (memory,
        local and their wrappers); ``TypeError`` for the others."""
        get_sync = getattr(self, "get_sync", None)
        if get_sync is None:
            raise TypeError(f"{self!r} has no synchronous reads (get_sync)")
        validate_key(key)
        results: builtins.list[tuple[int, Any]] = []
        for request, members in plan_range_reads(byte_ranges, max_gap_bytes, max_coalesced_bytes):
            data = get_sync(key, byte_range=request)
            results.extend(self._split_read(key, data, members, prototype))
        return results

    def _split_read(
        self,
        key: str,
        data: bytes | None,
        members: builtins.list[tuple[int, int, int | None]],
        prototype: Any = None,
    ) -> builtins.list[tuple[int, Any]]:
        if data is None:
            raise FileNotFoundError(f"no key {key!r} in {self!r}")
        if len(members) == 1 and members[0][2] is None:
            parts = [(members[0][0], data)]
        else:
            parts = [
                (index, data[offset : offset + (len(data) if length is None else length)])
                for index, offset, length in members
            ]
        if prototype is None:
            return parts
        return [(index, as_prototype_buffer(prototype, part)) for index, part in parts]

    async def exists(self, key: str) -> bool:
        """Whether ``key`` is stored."""
        validate_key(key)
        async with self._limiter:
            return await self._exists(key)

    async def getsize(self, key: str) -> int:
        """Size in bytes of the value of ``key``; ``FileNotFoundError`` when it is missing."""
        validate_key(key)
        async with self._limiter:
            size = await self._getsize(key)
        if size is None:
            raise FileNotFoundError(f"no key {key!r} in {self!r}")
        return size

    async def getsize_prefix(self, prefix: str) -> int:
        """Total size of the keys under directory ``prefix`` (``""``: the whole store)."""
        return await self._getsize_prefix(dir_prefix(prefix))

    async def is_empty(self, prefix: str = "") -> bool:
        """Whether no key lies under directory ``prefix`` (``""``: the whole store)."""
        return await self._is_empty(dir_prefix(prefix))

    @abstractmethod
    def list(self) -> AsyncGenerator[str, None]:
        """Every key, in no particular order."""

    @abstractmethod
    def list_prefix(self, prefix: str) -> AsyncGenerator[str, None]:
        """Every key starting with the string ``prefix`` (full keys)."""

    @abstractmethod
    def list_dir(self, prefix: str) -> AsyncGenerator[str, None]:
        """The names of the immediate children of directory ``prefix``: keys and sub-directories."""

    # -- writes ------------------------------------------------------------------------------

    async def set(self, key: str, value: BytesLike) -> None:
        """Store ``value`` at ``key``, replacing what is there. ``value`` is bytes-like or a
        buffer (``zarrlite.buffer.cpu.Buffer``, zarr-python's too): the same bytes are stored."""
        self._check_writable(validate_key(key))
        if not isinstance(value, PLAIN_VALUES):
            value = unwrap_value(value)
        async with self._limiter:
            await self._set(key, value)

    async def set_many(self, items: Iterable[tuple[str, BytesLike]]) -> None:
        """``set`` for each ``(key, value)``, concurrently."""
        todo = [
            (key, value if isinstance(value, PLAIN_VALUES) else unwrap_value(value))
            for key, value in items
        ]
        for key, _ in todo:
            self._check_writable(validate_key(key))
        await self._set_batch(todo)

    async def _set_batch(self, items: Sequence[tuple[str, BytesLike]]) -> None:
        """Store validated ``(key, value)`` pairs; stores with a cheaper batch override this."""
        await map_limited(self._set_limited, items, self._limiter.total)

    async def _set_many(self, values: Iterable[tuple[str, BytesLike]]) -> None:
        """zarr-python's semi-private spelling of :meth:`set_many`."""
        await self.set_many(values)

    async def set_if_not_exists(self, key: str, value: BytesLike) -> None:
        """Store ``value`` at ``key`` unless ``key`` already exists."""
        self._check_writable(validate_key(key))
        if not isinstance(value, PLAIN_VALUES):
            value = unwrap_value(value)
        async with self._limiter:
            await self._set_if_not_exists(key, value)

    async def delete(self, key: str) -> None:
        """Delete ``key``; a missing key is not an error."""
        self._check_writable(validate_key(key))
        async with self._limiter:
            await self._delete(key)

    async def delete_dir(self, prefix: str) -> None:
        """Delete every key under directory ``prefix`` (``""``: every key)."""
        directory = dir_prefix(prefix)
        self._check_writable(prefix)
        await self._delete_dir(directory)

    async def clear(self) -> None:
        """Delete every key."""
        self._check_writable("")
        await self._delete_dir("")

    # -- primitives and hooks for subclasses -------------------------------------------------

    @abstractmethod
    async def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None: ...

    @abstractmethod
    async def _set(self, key: str, value: BytesLike) -> None: ...

    @abstractmethod
    async def _delete(self, key: str) -> None: ...

    @abstractmethod
    async def _exists(self, key: str) -> bool: ...

    async def _get_limited(self, request: tuple[str, ByteRequest | None]) -> bytes | None:
        async with self._limiter:
            return await self._get(request[0], request[1])

    async def _set_limited(self, item: tuple[str, BytesLike]) -> None:
        async with self._limiter:
            await self._set(item[0], item[1])

    async def _delete_limited(self, key: str) -> None:
        async with self._limiter:
            await self._delete(key)

    async def _get_many(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        return await map_limited(self._get_limited, requests, self._limiter.total)

    async def _set_if_not_exists(self, key: str, value: BytesLike) -> None:
        # Not atomic; stores that can do it atomically override this.
        if not await self._exists(key):
            await self._set(key, value)

    async def _getsize(self, key: str) -> int | None:
        value = await self._get(key, None)
        return None if value is None else len(value)

    async def _size_or_zero(self, key: str) -> int:
        async with self._limiter:
            return await self._getsize(key) or 0

    async def _getsize_prefix(self, prefix: str) -> int:
        keys = [key async for key in self.list_prefix(prefix)]
        return sum(await map_limited(self._size_or_zero, keys, self._limiter.total))

    async def _is_empty(self, prefix: str) -> bool:
        keys = self.list_prefix(prefix)
        try:
            async for _ in keys:
                return False
            return True
        finally:
            await keys.aclose()

    async def _delete_dir(self, prefix: str) -> None:
        keys = [key async for key in self.list_prefix(prefix)]
        await map_limited(self._delete_limited, keys, self._limiter.total)

    # -- batch methods through a user's public get/set/delete (_route_through_public_overrides)

    async def _get_many_via_get(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        # No limiter slot here: the public get takes one, and map_limited bounds the fan-out
        # (``limiter``, not ``_limiter``: a wrapper shares the wrapped store's).
        return await map_limited(self._get_via_get, requests, self.limiter.total)

    async def _get_via_get(self, request: tuple[str, ByteRequest | None]) -> bytes | None:
        value = await self.get(request[0], None, request[1])
        return None if value is None else stored_bytes(value)

    async def _getsize_via_get(self, key: str) -> int:
        value = await self.get(key, None, None)
        if value is None:
            raise FileNotFoundError(f"no key {key!r} in {self!r}")
        return len(stored_bytes(value))

    async def _set_many_via_set(self, items: Iterable[tuple[str, BytesLike]]) -> None:
        await map_limited(self._set_via_set, builtins.list(items), self.limiter.total)

    async def _set_via_set(self, item: tuple[str, BytesLike]) -> None:
        await self.set(item[0], item[1])

    async def _set_if_not_exists_via_set(self, key: str, value: BytesLike) -> None:
        if not await self.exists(key):
            await self.set(key, value)

    async def _delete_dir_via_delete(self, prefix: str) -> None:
        if self.read_only:  # wrappers keep read_only in the wrapped store: not _check_writable
            raise ReadOnlyError(f"cannot delete {prefix!r}: {self!r} is read-only")
        keys = [key async for key in self.list_prefix(dir_prefix(prefix))]
        await map_limited(self.delete, keys, self.limiter.total)
