# Generated from zarrlite/_async/store/managed_memory.py by codegen. Do not edit.

"""``ManagedMemoryStore``: a memory store with a name, found again by ``memory://name``."""

from __future__ import annotations

import os
from typing import Any, ClassVar, Self

from zarrlite._managed_memory import get_or_create, lookup
from zarrlite._sync.store._base import Store, dir_prefix
from zarrlite._sync.store.memory import MemoryStore

__all__ = ["ManagedMemoryStore"]

_SCHEME = "memory://"


def _split_url(url: str) -> tuple[str, str]:
    if not isinstance(url, str) or not url.startswith(_SCHEME):
        raise ValueError(f"expected a 'memory://name/path' URL, got {url!r}")
    name, _, path = url[len(_SCHEME) :].partition("/")
    return name, path


class ManagedMemoryStore(MemoryStore):
    """An in-memory store registered under ``name`` for this process (a fresh name when None).

    Every store made with the same name (in either flavour) shares one dict, so the URL
    ``memory://name/path`` designates it (:meth:`from_url`; ``make_store_path`` resolves such
    URLs here when fsspec is not installed). ``path`` is a location inside it: keys are stored
    below ``path/``. The data lives while some store of that name does. Pickling keeps the name
    and path, not the data: a copy unpickled in this process sees the same data, one unpickled
    in another process raises ``RuntimeError``.
    """

    _twin_key: ClassVar[str | None] = "managed_memory"

    def __init__(self, name: str | None = None, *, path: str = "", read_only: bool = False) -> None:
        Store.__init__(self, read_only=read_only)
        store_dict, self._name = get_or_create(name)
        self._store_dict = store_dict
        self.path = path.strip("/")
        self._prefix = dir_prefix(self.path)

    @classmethod
    def from_url(cls, url: str, *, read_only: bool = False) -> Self:
        """The store of an existing ``memory://name/path`` URL (``ValueError`` when no store of
        that name is alive)."""
        name, path = _split_url(url)
        if lookup(name) is None:
            raise ValueError(
                f"no ManagedMemoryStore named {name!r} for {url!r}: it was never made in this "
                "process, or every store using it is gone"
            )
        return cls(name, path=path, read_only=read_only)

    @property
    def name(self) -> str:
        """The name in the ``memory://`` URL."""
        return self._name

    def __str__(self) -> str:
        return f"{_SCHEME}{self._name}/{self.path}" if self.path else f"{_SCHEME}{self._name}"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ManagedMemoryStore)
            and other._store_dict is self._store_dict
            and other.path == self.path
            and other._read_only == self._read_only
        )

    def __hash__(self) -> int:
        return hash((self._name, self.path, self._read_only))

    def __reduce__(self) -> tuple[Any, ...]:
        state = {
            "path": self.path,
            "read_only": self._read_only,
            "limiter": self.limiter.total,
            "pid": os.getpid(),
        }
        return (type(self), (self._name,), state)

    def __setstate__(self, state: dict[str, Any]) -> None:
        if state["pid"] != os.getpid():
            raise RuntimeError(
                f"ManagedMemoryStore {self._name!r} was pickled in process {state['pid']}: its "
                "data stays in that process; use a LocalStore or ZipStore to share data between "
                "processes"
            )
        self.path = state["path"]
        self._prefix = dir_prefix(self.path)
        self._read_only = state["read_only"]
        self.limiter.total = state["limiter"]

    def _portable_state(self) -> dict[str, Any]:
        return {
            "name": self._name,
            "path": self.path,
            "read_only": self._read_only,
            "limiter": self.limiter,
        }

    @classmethod
    def _from_portable_state(cls, state: dict[str, Any]) -> Self:
        store = cls(state["name"], path=state["path"], read_only=state["read_only"])
        store._limiter = state["limiter"]
        return store
