# Generated from tests/data/codegen/async/class_renames.py by codegen. Do not edit.

"""``Array``: renamed in code, forward references and docstrings; other prose is kept.

An ``Array`` is awaited (``await array.getitem(...)``) in the async flavour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zarrlite._sync.group import Group

__all__ = ["Array", "ArrayView", "open_array"]


class Array:
    """One array; see ``zarrlite._sync.array.Array`` and :class:`Group`."""

    parent: "Group | None"
    children: "list[Array]"
    view: "dict[str, 'ArrayView']"

    def copy(self) -> "Array":
        """Return a new Array (await its ``getitem`` to read)."""
        return Array()


class ArrayView(Array):
    pass


def open_array() -> Array:
    # A comment about AsyncArray and await stays as written.
    name = "AsyncArray: not a type expression, left alone"
    kind = "Array"
    raw = b"AsyncArray"
    others = [MyAsyncThing, is_async, Async, Asyncio, ASYNC_LIMIT]
    return Array() if name and kind and raw and others else ArrayView()
