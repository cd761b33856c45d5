"""Blocking flavour of the facade mixins: the conveniences zarr-python's sync classes have."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import Any

import numpy as np

__all__ = ["ArrayFacade", "Attributes", "GroupFacade", "IndexFacade"]


class Attributes(MutableMapping[str, Any]):
    """The attributes of an array or group; every change is persisted at once."""

    def __init__(self, node: Any) -> None:
        self._node = node

    def _current(self) -> dict[str, Any]:
        return dict(self._node.metadata.attributes)

    def __getitem__(self, key: str) -> Any:
        return self._current()[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._node.update_attributes({key: value})

    def __delitem__(self, key: str) -> None:
        attributes = self._current()
        del attributes[key]
        self._node.replace_attributes(attributes)

    def __iter__(self) -> Iterator[str]:
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def update(self, other: Any = (), /, **kwargs: Any) -> None:
        """Merge ``other`` and ``kwargs`` into the attributes in one metadata write.

        MutableMapping's own update sets the keys one at a time, a metadata write each, so a
        value that cannot be stored (not JSON) left the keys before it persisted.
        """
        self._node.update_attributes(dict(other, **kwargs))

    def put(self, d: dict[str, Any]) -> None:
        """Replace all attributes with ``d`` (zarr-python's parameter name)."""
        self._node.replace_attributes(dict(d))

    def asdict(self) -> dict[str, Any]:
        """A plain dict copy."""
        return self._current()

    def __repr__(self) -> str:
        return repr(self._current())


class IndexFacade:
    """``x.oindex[sel]`` and ``x.oindex[sel] = value``."""

    def __getitem__(self, selection: Any) -> Any:
        return self.getitem(selection)  # type: ignore[attr-defined]

    def __setitem__(self, selection: Any, value: Any) -> None:
        self.setitem(selection, value)  # type: ignore[attr-defined]


class ArrayFacade(IndexFacade):
    """numpy interop, a settable ``shape`` and persisting ``attrs``."""

    metadata: Any

    @property
    def attrs(self) -> Attributes:
        """The array's attributes; assignments persist immediately."""
        return Attributes(self)

    @property
    def shape(self) -> tuple[int, ...]:
        """The array's shape; assigning a new shape resizes the array."""
        return tuple(self.metadata.shape)

    @shape.setter
    def shape(self, value: tuple[int, ...]) -> None:
        self.resize(value)  # type: ignore[attr-defined]

    @property
    def async_array(self) -> Any:
        """The asynchronous array over the same store and path (this array, for AsyncArray)."""
        # Imported here: the async package imports the facades while it loads.
        from zarrlite._async.array import AsyncArray
        from zarrlite._async.store.path import AsyncStorePath
        from zarrlite._backend import _twins
        from zarrlite._facade.blocking_store import AsyncOverBlockingStore

        node: Any = self
        try:
            store = _twins.convert(node.store, True)
        except TypeError:  # no twin (a user's subclass): its own methods, in worker threads
            store = AsyncOverBlockingStore(node.store)
        return AsyncArray(node.metadata, AsyncStorePath(store, node.path), node.config)

    @property
    def _async_array(self) -> Any:
        """zarr-python's private field name for :attr:`async_array`.

        xarray's asynchronous loading (``Dataset.load_async``) reads it.
        """
        return self.async_array

    @property
    def nchunks_initialized(self) -> int:
        """Number of stored chunks; when sharded, stored shards times inner chunks per shard."""
        return self._nchunks_initialized()  # type: ignore[attr-defined, no-any-return]

    @property
    def _nshards_initialized(self) -> int:
        """Number of stored shards (stored chunks when not sharded), as zarr-python."""
        return self._nshards_stored()  # type: ignore[attr-defined, no-any-return]

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray[Any, Any]:
        if copy is False:
            raise ValueError("reading a zarrlite array always copies; copy=False is impossible")
        data = np.asarray(self.getitem(Ellipsis))  # type: ignore[attr-defined]
        return data if dtype is None else data.astype(dtype)


class GroupFacade:
    """Mapping-style access to members: ``g["a"]``, ``g["a"] = data``, ``del g["a"]``, ``in``."""

    metadata: Any

    def __getitem__(self, path: str) -> Any:
        return self.getitem(path)  # type: ignore[attr-defined]

    def __setitem__(self, key: str, value: Any) -> None:
        self.setitem(key, value)  # type: ignore[attr-defined]

    def __delitem__(self, key: str) -> None:
        self.delitem(key)  # type: ignore[attr-defined]

    def __contains__(self, member: str) -> bool:
        return self.contains(member)  # type: ignore[attr-defined, no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return self.nmembers()  # type: ignore[attr-defined, no-any-return]

    def members(
        self, max_depth: int | None = 0, *, use_consolidated_for_children: bool = True
    ) -> tuple[tuple[str, Any], ...]:
        """``(relative path, node)`` for each member, sorted; ``max_depth=None`` recurses fully.

        With consolidated metadata the members are listed from it, without store requests
        (members added by other writers since the last consolidation are not listed);
        ``use_consolidated_for_children=False`` makes member groups list from the store.
        """
        # A tuple, not a generator, as zarr-python's blocking Group.members.
        found = self._members(  # type: ignore[attr-defined]
            max_depth, use_consolidated_for_children=use_consolidated_for_children
        )
        return tuple(found)

    def get(self, path: str, default: Any = None) -> Any:
        """The member at ``path``, or ``default`` (zarr-python's blocking ``Group.get`` names
        the parameter ``path``; ``AsyncGroup.get`` names it ``key``)."""
        node = self._member(path)  # type: ignore[attr-defined]
        return default if node is None else node

    async def update_attributes_async(self, new_attributes: dict[str, Any]) -> Any:
        """zarr-python's awaitable spelling of :meth:`update_attributes` on a blocking group.

        The update is blocking I/O; in async code prefer ``AsyncGroup.update_attributes``.
        """
        return self.update_attributes(new_attributes)  # type: ignore[attr-defined]

    @property
    def attrs(self) -> Attributes:
        """The group's attributes; assignments persist immediately."""
        return Attributes(self)
