# Generated from zarrlite/_async/node.py by codegen. Do not edit.

"""What arrays and groups share: where a node lives."""

from __future__ import annotations

from typing import Any

from zarrlite._sync.store.path import StorePath

__all__ = ["Node"]


class Node:
    """Mixin: the location properties of an array or group, all derived from ``store_path``."""

    store_path: StorePath

    @property
    def path(self) -> str:
        """Key prefix of the node inside its store (``""`` for the root)."""
        return self.store_path.path  # type: ignore[no-any-return]

    @property
    def name(self) -> str:
        """Absolute name within the store, e.g. ``/group/array``; the root is ``/``."""
        return "/" + self.path

    @property
    def basename(self) -> str:
        """The last component of :attr:`name`."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def store(self) -> Any:
        """The store holding the node."""
        return self.store_path.store

    @property
    def read_only(self) -> bool:
        """Whether the store refuses writes."""
        return self.store_path.read_only  # type: ignore[no-any-return]
