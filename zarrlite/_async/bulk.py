"""Writing many nodes at once: ``create_hierarchy``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any

from zarrlite._async.array import AsyncArray
from zarrlite._async.group import AsyncGroup, node_from_metadata
from zarrlite._async.hierarchy import (
    NodeMetadata,
    parent_paths,
    read_metadata,
    write_metadata,
)
from zarrlite._async.store.path import AsyncStorePath, make_store_path, normalize_path
from zarrlite._backend.async_ import map_limited
from zarrlite.errors import ContainsArrayError, ContainsGroupError, describe_path
from zarrlite.metadata import GroupMetadata

__all__ = ["create_hierarchy_at", "with_implicit_groups"]


def with_implicit_groups(nodes: Mapping[str, NodeMetadata]) -> dict[str, NodeMetadata]:
    """``nodes`` plus group metadata for every ancestor path that is not given."""
    complete = {normalize_path(path): metadata for path, metadata in nodes.items()}
    for path, metadata in list(complete.items()):
        for parent in parent_paths(path):
            if parent not in complete:
                complete[parent] = GroupMetadata(zarr_format=metadata.zarr_format)
            elif not isinstance(complete[parent], GroupMetadata):
                raise ContainsArrayError(
                    f"node {path!r} cannot be created: its parent {describe_path(parent)} is an array"
                )
    return complete


async def create_hierarchy_at(
    root: AsyncStorePath, nodes: Mapping[str, NodeMetadata], *, overwrite: bool = False
) -> AsyncIterator[tuple[str, AsyncArray | AsyncGroup]]:
    """Write the metadata of all ``nodes`` (paths relative to ``root``) concurrently.

    Missing parent groups are added. Without ``overwrite``, an existing array at any of the
    paths, or an existing group where an array is wanted, is an error and nothing is written.
    Existing groups where groups are wanted are kept as they are (their attributes too).
    """
    complete = with_implicit_groups(nodes)
    paths = sorted(complete)
    targets = {path: root / path if path else root for path in paths}

    async def existing(path: str) -> tuple[str, Any]:
        return path, await read_metadata(targets[path])

    found = dict(await map_limited(existing, paths, 64))
    to_write = []
    for path in paths:
        old, new = found[path], complete[path]
        if old is None or overwrite:
            to_write.append(path)
        elif not isinstance(old, GroupMetadata):
            raise ContainsArrayError(f"an array already exists at {describe_path(targets[path].path)}")
        elif not isinstance(new, GroupMetadata):
            raise ContainsGroupError(f"a group already exists at {describe_path(targets[path].path)}")
        elif path in nodes and new != old:
            to_write.append(path)

    async def write(path: str) -> None:
        if overwrite and found[path] is not None and not isinstance(found[path], GroupMetadata):
            await targets[path].delete_dir()
        await write_metadata(targets[path], complete[path])

    await map_limited(write, to_write, 64)
    for path in paths:
        metadata = complete[path] if path in to_write else found[path]
        yield path, node_from_metadata(targets[path], metadata)


async def create_hierarchy(
    *,
    store: Any,
    nodes: dict[str, NodeMetadata],
    overwrite: bool = False,
    storage_options: dict[str, Any] | None = None,
) -> AsyncIterator[tuple[str, AsyncArray | AsyncGroup]]:
    """Create many arrays and groups at once; yields ``(path, node)`` for each, parents first."""
    root = await make_store_path(store, storage_options=storage_options)
    async for item in create_hierarchy_at(root, nodes, overwrite=overwrite):
        yield item
