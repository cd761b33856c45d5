"""What arrays and groups share: where a node lives."""

from __future__ import annotations

from typing import Any

from zarrlite._async.store.path import AsyncStorePath, as_store_path

__all__ = ["AsyncNode", "unwrap_node"]


def unwrap_node(
    node: Any, metadata_types: tuple[type[Any], ...], kind: str
) -> tuple[Any, AsyncStorePath]:
    """The metadata and this flavour's store path of ``node``, a handle of either flavour.

    For zarr-python's ``Array(async_array)`` and ``Group(async_group)``: the wrapped handle's
    store becomes its twin here, sharing the data. Anything else is a ``TypeError`` naming it.
    """
    metadata = getattr(node, "metadata", None)
    store_path = getattr(node, "store_path", None)
    if not isinstance(metadata, metadata_types) or store_path is None:
        raise TypeError(
            f"expected {kind} metadata and a store path, or only the {kind} to wrap (either "
            f"flavour); got {node!r}"
        )
    return metadata, as_store_path(store_path)


class AsyncNode:
    """Mixin: the location properties of an array or group, all derived from ``store_path``."""

    store_path: AsyncStorePath

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
