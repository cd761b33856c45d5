"""``AsyncArray``: renamed in code, forward references and docstrings; other prose is kept.

An ``AsyncArray`` is awaited (``await array.getitem(...)``) in the async flavour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zarrlite._async.group import AsyncGroup

__all__ = ["AsyncArray", "AsyncArrayView", "open_array"]


class AsyncArray:
    """One array; see ``zarrlite._async.array.AsyncArray`` and :class:`AsyncGroup`."""

    parent: "AsyncGroup | None"
    children: "list[AsyncArray]"
    view: "dict[str, 'AsyncArrayView']"

    def copy(self) -> "AsyncArray":
        """Return a new AsyncArray (await its ``getitem`` to read)."""
        return AsyncArray()


class AsyncArrayView(AsyncArray):
    pass


def open_array() -> AsyncArray:
    # A comment about AsyncArray and await stays as written.
    name = "AsyncArray: not a type expression, left alone"
    kind = "AsyncArray"
    raw = b"AsyncArray"
    others = [MyAsyncThing, is_async, Async, Asyncio, ASYNC_LIMIT]
    return AsyncArray() if name and kind and raw and others else AsyncArrayView()
