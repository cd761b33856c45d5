# Generated from zarrlite/_async/bulk.py by codegen. Do not edit.

"""Writing many nodes at once (``create_hierarchy`` and zarr-python's ``create_nodes`` /
``create_rooted_hierarchy``), and reading one node by path (``get_node``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from zarrlite._backend.sync import map_limited
from zarrlite._sync.array import Array
from zarrlite._sync.group import Group, node_from_metadata
from zarrlite._sync.hierarchy import (
    NodeMetadata,
    parent_paths,
    read_metadata,
    write_metadata,
)
from zarrlite._sync.store.path import StorePath, make_store_path, normalize_path
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


def _where(target: StorePath) -> str:
    return f"{describe_path(target.path)} in {target.store!r}"


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


def create_hierarchy_at(
    root: StorePath,
    nodes: Mapping[str, NodeMetadata],
    *,
    overwrite: bool = False,
    implicit_groups: bool = True,
) -> Iterator[tuple[str, Array | Group]]:
    """Write the metadata of all ``nodes`` (paths relative to ``root``) concurrently.

    Missing parent groups are added (unless ``implicit_groups`` is False); all nodes must have
    one Zarr format (``ValueError``). As in zarr-python, without ``overwrite`` any existing node
    at a given path is an error (``ContainsArrayError``/``ContainsGroupError``) and nothing is
    written; with it, what is stored below each given path is deleted first.
    Existing groups where only a parent group is implied are kept as they are (attributes too)
    and, as in zarr-python, are not yielded: only the nodes written are.
    """
    given = {normalize_path(path): metadata for path, metadata in nodes.items()}
    if implicit_groups:
        formats: dict[int, list[str]] = {}
        for path, metadata in given.items():
            formats.setdefault(metadata.zarr_format, []).append(path)
        if len(formats) > 1:
            raise ValueError(
                "Got data with both Zarr v2 and Zarr v3 nodes, which is invalid. The following "
                f"keys map to Zarr v2 nodes: {formats[2]}. The following keys map to Zarr v3 "
                f"nodes: {formats[3]}. Ensure that all nodes have the same Zarr format."
            )
        complete = with_implicit_groups(given)
    else:
        complete = given
    paths = sorted(complete)
    targets = {path: root / path if path else root for path in paths}

    def existing(path: str) -> tuple[str, Any]:
        return path, read_metadata(targets[path])

    found = dict(map_limited(existing, paths, 64))
    to_write: dict[str, NodeMetadata] = {}
    to_delete = []
    kept = []
    for path in paths:
        old = found[path]
        if old is None:
            to_write[path] = complete[path]
            if overwrite and path in given:
                # Keys below a given path go even without a node there (left by a partial
                # write, or nodes below a missing parent), as for a single node's overwrite.
                to_delete.append(path)
        elif path not in given and isinstance(old, GroupMetadata):
            kept.append(path)  # an implied parent group that exists: keep it
        elif overwrite:
            to_write[path] = complete[path]
            to_delete.append(path)
        elif not isinstance(old, GroupMetadata):
            raise ContainsArrayError(f"an array already exists at {_where(targets[path])}")
        else:
            raise ContainsGroupError(f"a group already exists at {_where(targets[path])}")
    for path in kept:  # a kept group below a replaced node is deleted with it: write it again
        if any(not d or path.startswith(d + "/") for d in to_delete):
            to_write[path] = found[path]

    def delete(path: str) -> None:
        targets[path].delete_dir()

    def write(path: str) -> None:
        write_metadata(targets[path], to_write[path])

    map_limited(delete, to_delete, 64)
    map_limited(write, list(to_write), 64)
    for path in paths:  # existing parent groups that were kept are not yielded (zarr-python)
        if path in to_write:
            yield path, node_from_metadata(targets[path], to_write[path])


def create_hierarchy(
    *,
    store: Any,
    nodes: dict[str, NodeMetadata],
    overwrite: bool = False,
    storage_options: dict[str, Any] | None = None,
) -> Iterator[tuple[str, Array | Group]]:
    """Create many arrays and groups at once; yields ``(path, node)`` for each, parents first."""
    root = make_store_path(store, storage_options=storage_options)
    yield from create_hierarchy_at(root, nodes, overwrite=overwrite)


def create_nodes(
    *, store: Any, nodes: dict[str, NodeMetadata]
) -> Iterator[tuple[str, Array | Group]]:
    """Write exactly ``nodes`` (no implicit parent groups) concurrently; yields ``(path, node)``."""
    root = make_store_path(store)
    yield from create_hierarchy_at(root, nodes, implicit_groups=False)


def _root_path(paths: list[str]) -> str:
    """The one path that is an ancestor of (or equal to) every other; ValueError otherwise."""
    normalized = [normalize_path(p) for p in paths]
    roots = [
        candidate
        for candidate in normalized
        if all(p == candidate or not candidate or p.startswith(candidate + "/") for p in normalized)
    ]
    if len(roots) != 1:
        raise ValueError(
            f"nodes {sorted(normalized)} have no single root: give a group that is an ancestor "
            "of every other node, or a single array"
        )
    return roots[0]


def create_rooted_hierarchy(
    *, store: Any, nodes: dict[str, NodeMetadata], overwrite: bool = False
) -> Array | Group:
    """:func:`create_hierarchy` for nodes with one root; returns the root node."""
    root_path = _root_path(list(nodes))
    created = {
        path: node for path, node in create_hierarchy(store=store, nodes=nodes, overwrite=overwrite)
    }
    return created[root_path]


def get_node(store: Any, path: str, zarr_format: ZarrFormat) -> Array | Group:
    """The array or group at ``path`` of ``store`` (``NodeNotFoundError`` when there is none)."""
    store_path = make_store_path(store, path=path)
    metadata = read_metadata(store_path, zarr_format)
    if metadata is None:
        raise NodeNotFoundError(
            f"no Zarr v{zarr_format} node at {describe_path(store_path.path)} in "
            f"{store_path.store!r}"
        )
    return node_from_metadata(store_path, metadata)
