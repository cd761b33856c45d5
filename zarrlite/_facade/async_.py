"""Async flavour of the facade mixins: awaitable item access, no assignment syntax."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any

__all__ = ["ArrayFacade", "GroupFacade", "IndexFacade"]

_HINT = "use `await {obj}.setitem(selection, value)`; assignment syntax cannot be awaited"


class IndexFacade:
    """``await x.oindex[sel]`` reads; assignment is refused with the awaitable alternative."""

    def __getitem__(self, selection: Any) -> Awaitable[Any]:
        return self.getitem(selection)  # type: ignore[attr-defined, no-any-return]

    def __setitem__(self, selection: Any, value: Any) -> None:
        raise TypeError(_HINT.format(obj=type(self).__name__.lower()))

    def __iter__(self) -> Iterator[Any]:
        # Without this, iter() would fall back on __getitem__ and never stop.
        raise TypeError(f"{type(self).__name__} is not iterable; use `async for`")


class ArrayFacade(IndexFacade):
    """``await array[sel]`` reads; ``attrs`` is a plain dict (update it with update_attributes)."""

    metadata: Any

    @property
    def attrs(self) -> dict[str, Any]:
        """The array's attributes (a copy; persist changes with ``await update_attributes``)."""
        return dict(self.metadata.attributes)

    @property
    def shape(self) -> tuple[int, ...]:
        """The array's shape (change it with ``await resize``)."""
        return tuple(self.metadata.shape)

    @property
    def async_array(self) -> Any:
        """The asynchronous array over the same store and path (this array, for AsyncArray)."""
        return self

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Any:
        # numpy would otherwise build an object array of un-awaited coroutines.
        raise TypeError("an AsyncArray cannot be converted to numpy; use `await a.getitem(...)`")

    def nchunks_initialized(self) -> Awaitable[int]:
        """Number of stored chunks; when sharded, stored shards times inner chunks per shard."""
        return self._nchunks_initialized()  # type: ignore[attr-defined, no-any-return]

    def _nshards_initialized(self) -> Awaitable[int]:
        """Number of stored shards (stored chunks when not sharded), as zarr-python."""
        return self._nshards_stored()  # type: ignore[attr-defined, no-any-return]


class GroupFacade:
    """``await group[name]`` reads a member; ``attrs`` is a plain dict."""

    metadata: Any

    def __getitem__(self, key: str) -> Awaitable[Any]:
        return self.getitem(key)  # type: ignore[attr-defined, no-any-return]

    async def members(
        self, max_depth: int | None = 0, *, use_consolidated_for_children: bool = True
    ) -> AsyncIterator[tuple[str, Any]]:
        """``(relative path, node)`` for each member, sorted; ``max_depth=None`` recurses fully.

        With consolidated metadata the members are listed from it, without store requests
        (members added by other writers since the last consolidation are not listed);
        ``use_consolidated_for_children=False`` makes member groups list from the store.
        """
        found = self._members(  # type: ignore[attr-defined]
            max_depth, use_consolidated_for_children=use_consolidated_for_children
        )
        async for item in found:
            yield item

    @property
    def attrs(self) -> dict[str, Any]:
        """The group's attributes (a copy; persist changes with ``await update_attributes``)."""
        return dict(self.metadata.attributes)
