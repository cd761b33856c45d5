"""``LazyArrays``: what :func:`load` returns for a group — arrays read only when looked up."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zarrlite._async.array import AsyncArray

__all__ = ["LazyArrays"]


class LazyArrays(Mapping[str, Any]):
    """A read-only mapping of array name to its data; each lookup reads the whole array.

    In the async API a lookup returns a coroutine (``await loaded["x"]``); in the blocking API
    it returns the numpy array.
    """

    def __init__(self, arrays: dict[str, AsyncArray]) -> None:
        self._arrays = arrays

    def __getitem__(self, name: str) -> Any:
        return self._arrays[name].getitem(Ellipsis)

    def __iter__(self) -> Iterator[str]:
        return iter(self._arrays)

    def __len__(self) -> int:
        return len(self._arrays)

    def __contains__(self, name: object) -> bool:
        return name in self._arrays

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {sorted(self._arrays)}>"
