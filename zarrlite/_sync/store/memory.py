# Generated from zarrlite/_async/store/memory.py by codegen. Do not edit.

"""``MemoryStore``: keys and values in a dict (or any ``MutableMapping[str, bytes]``).

The store writes ``bytes``; a mapping given to it may also hold buffers (zarrlite's or
zarr-python's ``Buffer``, e.g. a ``dict[str, Buffer]`` zarr-python filled), read as their bytes.
"""

from __future__ import annotations

import builtins
from collections.abc import Generator, MutableMapping, Sequence
from typing import Any, ClassVar, Self

from zarrlite._byte_request import ByteRequest, slice_for
from zarrlite._store_values import as_prototype_buffer, stored_bytes, unwrap_value
from zarrlite._sync.store._base import Store, check_prefix, dir_prefix, validate_key
from zarrlite._types import BytesLike

__all__ = ["MemoryStore"]


def _as_bytes(value: Any) -> bytes:
    # Exact bytes as they are; anything else (a buffer's by to_bytes) is copied, so callers
    # may reuse their buffers.
    return value if type(value) is bytes else stored_bytes(value)


def _value_bytes(value: Any) -> bytes:
    """A value to store, as ``bytes``: anything with the buffer protocol, copied unless it is
    ``bytes``. Anything else is a ``TypeError`` (``bytes(3)`` would store three zero bytes,
    ``bytes([1, 2])`` a list's items)."""
    if type(value) is bytes:
        return value
    try:
        view = memoryview(value)
    except TypeError:
        # A buffer (zarrlite's or zarr-python's) is unwrapped only here, off the common path.
        try:
            view = memoryview(unwrap_value(value))
        except TypeError:
            raise TypeError(
                f"a store value must be bytes-like (bytes, bytearray, memoryview, ...) or a "
                f"Buffer, got {type(value).__name__}"
            ) from None
    return view.tobytes()


class MemoryStore(Store):
    """A store in memory. Given ``store_dict``, it reads and writes that mapping in place.

    Two stores are equal when they share the same mapping object and ``read_only``. Pickling
    copies the data. Requests need no I/O, so ``get_many`` runs them one after the other, and
    the blocking ``get_sync``/``set_sync``/``delete_sync`` exist in both flavours.
    """

    _twin_key: ClassVar[str | None] = "memory"
    # Every key is stored as _prefix + key ("" here; "path/" in a ManagedMemoryStore).
    _prefix: str = ""

    def __init__(
        self, store_dict: MutableMapping[str, bytes] | None = None, *, read_only: bool = False
    ) -> None:
        super().__init__(read_only=read_only)
        self._store_dict: MutableMapping[str, bytes] = {} if store_dict is None else store_dict

    @property
    def store_dict(self) -> MutableMapping[str, bytes]:
        """The mapping holding the data (shared, not copied)."""
        return self._store_dict

    @property
    def supports_partial_reads(self) -> bool:
        """Byte ranges are slices of the stored value."""
        return True

    def __str__(self) -> str:
        return f"memory://{id(self._store_dict)}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, MemoryStore)
            and other._store_dict is self._store_dict
            and other._read_only == self._read_only
        )

    def __hash__(self) -> int:
        return hash((id(self._store_dict), self._read_only))

    def _portable_state(self) -> dict[str, Any]:
        return {
            "store_dict": self._store_dict,
            "read_only": self._read_only,
            "limiter": self.limiter,
        }

    @classmethod
    def _from_portable_state(cls, state: dict[str, Any]) -> Self:
        store = cls(state["store_dict"], read_only=state["read_only"])
        store._limiter = state["limiter"]
        return store

    def set(self, key: str, value: BytesLike, byte_range: tuple[int, int] | None = None) -> None:
        """Store ``value`` at ``key``; with ``byte_range=(start, end)`` replace just those bytes
        of the stored value (``value`` must be ``end - start`` bytes long), as zarr-python."""
        if byte_range is None:
            super().set(key, value)
            return
        self._check_writable(validate_key(key))
        start, end = byte_range
        old = self._store_dict.get(self._prefix + key)
        if old is None:
            raise FileNotFoundError(f"cannot write bytes {start}..{end} of missing key {key!r}")
        old = _as_bytes(old)
        new = memoryview(unwrap_value(value)).cast("B")
        if not 0 <= start <= end <= len(old) or end - start != len(new):
            raise ValueError(
                f"byte_range {byte_range!r} must lie within the {len(old)} bytes of {key!r} and "
                f"be as long as the value ({len(new)} bytes)"
            )
        self._store_dict[self._prefix + key] = b"".join((old[:start], new, old[end:]))

    # -- blocking reads and writes (zarr-python's SupportsSyncStore) -------------------------------

    @property
    def set_sync_copies_value(self) -> bool:
        """True: a value that is not ``bytes`` is copied into one."""
        return True

    @property
    def supports_sync_io(self) -> bool:
        """True: the blocking methods below are plain calls."""
        return True

    def get_sync(
        self, key: str, *, prototype: Any = None, byte_range: ByteRequest | None = None
    ) -> Any:
        """:meth:`get` as a plain call (``bytes``, or a ``prototype.buffer`` when given)."""
        value = self._read(validate_key(key), byte_range)
        return value if prototype is None else as_prototype_buffer(prototype, value)

    def set_sync(self, key: str, value: BytesLike) -> None:
        """:meth:`set` as a plain call."""
        self._check_writable(validate_key(key))
        self._store_dict[self._prefix + key] = _value_bytes(value)

    def delete_sync(self, key: str) -> None:
        """:meth:`delete` as a plain call."""
        self._check_writable(validate_key(key))
        self._store_dict.pop(self._prefix + key, None)

    # -- primitives ----------------------------------------------------------------------------

    def _read(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        value = self._store_dict.get(self._prefix + key)
        if value is None:
            return None
        if byte_range is None:
            return _as_bytes(value)
        return _as_bytes(value[slice_for(byte_range, len(value))])

    def _get(self, key: str, byte_range: ByteRequest | None) -> bytes | None:
        return self._read(key, byte_range)

    def _get_many(
        self, requests: Sequence[tuple[str, ByteRequest | None]]
    ) -> builtins.list[bytes | None]:
        return [self._read(key, byte_range) for key, byte_range in requests]

    def _set(self, key: str, value: BytesLike) -> None:
        self._store_dict[self._prefix + key] = _value_bytes(value)

    def _set_if_not_exists(self, key: str, value: BytesLike) -> None:
        self._store_dict.setdefault(self._prefix + key, _value_bytes(value))  # atomic for a dict

    def _delete(self, key: str) -> None:
        self._store_dict.pop(self._prefix + key, None)

    def _exists(self, key: str) -> bool:
        return self._prefix + key in self._store_dict

    def _getsize(self, key: str) -> int | None:
        value = self._store_dict.get(self._prefix + key)
        return None if value is None else len(value)

    def _delete_dir(self, prefix: str) -> None:
        full = self._prefix + prefix
        for key in [key for key in builtins.list(self._store_dict) if key.startswith(full)]:
            self._store_dict.pop(key, None)

    def _keys(self) -> builtins.list[str]:
        # A snapshot: other tasks and threads may write while a listing is being consumed.
        keys = builtins.list(self._store_dict)
        if not self._prefix:
            return keys
        start = len(self._prefix)
        return [key[start:] for key in keys if key.startswith(self._prefix)]

    def list(self) -> Generator[str, None, None]:
        """Every key, in insertion order."""
        yield from self._keys()

    def list_prefix(self, prefix: str) -> Generator[str, None, None]:
        """Every key starting with the string ``prefix``."""
        check_prefix(prefix)
        for key in self._keys():
            if key.startswith(prefix):
                yield key

    def list_dir(self, prefix: str) -> Generator[str, None, None]:
        """The sorted names of the immediate children of directory ``prefix``."""
        directory = dir_prefix(prefix)
        start = len(directory)
        names = {key[start:].split("/", 1)[0] for key in self._keys() if key.startswith(directory)}
        yield from sorted(names)
