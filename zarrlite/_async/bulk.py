"""Writing many nodes at once (``create_hierarchy`` and zarr-python's ``create_nodes`` /
``create_rooted_hierarchy``), and reading one node by path (``get_node``)."""

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
from zarrlite._types import ZarrFormat
from zarrlite.errors import (
    ContainsArrayError,
    ContainsGroupError,
    NodeNotFoundError,
    describe_path,
)
from zarrlite.metadata import GroupMetadata

__all__ = [
    "create_hierarchy",
    "create_hierarchy_at",
    "create_nodes",
    "create_rooted_hierarchy",
    "get_node",
    "with_implicit_groups",
]


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
    root: AsyncStorePath,
    nodes: Mapping[str, NodeMetadata],
    *,
    overwrite: bool = False,
    implicit_groups: bool = True,
) -> AsyncIterator[tuple[str, AsyncArray | AsyncGroup]]:
    """Write the metadata of all ``nodes`` (paths relative to ``root``) concurrently.

    Missing parent groups are added (unless ``implicit_groups`` is False). Without
    ``overwrite``, an existing array at any of the paths, or an existing group where an array is
    wanted, is an error and nothing is written. Existing groups where groups are wanted are kept
    as they are (their attributes too).
    """
    if implicit_groups:
        complete = with_implicit_groups(nodes)
    else:
        complete = {normalize_path(path): metadata for path, metadata in nodes.items()}
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


async def create_nodes(
    *, store: Any, nodes: dict[str, NodeMetadata]
) -> AsyncIterator[tuple[str, AsyncArray | AsyncGroup]]:
    """Write exactly ``nodes`` (no implicit parent groups) concurrently; yields ``(path, node)``."""
    root = await make_store_path(store)
    async for item in create_hierarchy_at(root, nodes, implicit_groups=False):
        yield item


def _root_path(paths: list[str]) -> str:
    """The one path that is an ancestor of (or equal to) every other; ValueError otherwise."""
    normalized = [normalize_path(p) for p in paths]
    roots = [
        candidate
        for candidate in normalized
        if all(
            p == candidate or not candidate or p.startswith(candidate + "/") for p in normalized
        )
    ]
    if len(roots) != 1:
        raise ValueError(
            f"nodes {sorted(normalized)} have no single root: give a group that is an ancestor "
            "of every other node, or a single array"
        )
    return roots[0]


async def create_rooted_hierarchy(
    *, store: Any, nodes: dict[str, NodeMetadata], overwrite: bool = False
) -> AsyncArray | AsyncGroup:
    """:func:`create_hierarchy` for nodes with one root; returns the root node."""
    root_path = _root_path(list(nodes))
    created = {
        path: node
        async for path, node in create_hierarchy(store=store, nodes=nodes, overwrite=overwrite)
    }
    return created[root_path]


async def get_node(store: Any, path: str, zarr_format: ZarrFormat) -> AsyncArray | AsyncGroup:
    """The array or group at ``path`` of ``store`` (``NodeNotFoundError`` when there is none)."""
    store_path = await make_store_path(store, path=path)
    metadata = await read_metadata(store_path, zarr_format)
    if metadata is None:
        raise NodeNotFoundError(
            f"no Zarr v{zarr_format} node at {describe_path(store_path.path)} in "
            f"{store_path.store!r}"
        )
    return node_from_metadata(store_path, metadata)
