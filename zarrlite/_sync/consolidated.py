# Generated from zarrlite/_async/consolidated.py by codegen. Do not edit.

"""Consolidated metadata on a store: read it with a group, write it, keep a handle's copy current.

Consolidated metadata is a *cache* of the members' metadata stored with a group (v3: inline in
``zarr.json``; v2: the ``.zmetadata`` document). A group handle that has one answers listings from
it, looks up a name missing from it in the store, and updates it (in memory and on the store) when
members are created or deleted through that handle.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from zarrlite._sync.hierarchy import NodeMetadata, read_metadata, write_metadata
from zarrlite._sync.store.path import StorePath
from zarrlite._types import ZarrFormat
from zarrlite.errors import describe_path
from zarrlite.metadata import ConsolidatedMetadata, GroupMetadata

__all__ = [
    "DEFAULT_V2_CONSOLIDATED_KEY",
    "consolidated_key",
    "read_node_metadata",
    "require_consolidated",
    "store_consolidated",
    "with_members",
    "without_members",
]

DEFAULT_V2_CONSOLIDATED_KEY = ".zmetadata"


def consolidated_key(use_consolidated: bool | str | None) -> str | None:
    """The v2 document to read consolidated metadata from (None: do not read any)."""
    if use_consolidated is False:
        return None
    if isinstance(use_consolidated, str):
        if not use_consolidated:
            raise ValueError("use_consolidated must be a non-empty key name, True, False or None")
        return use_consolidated
    if use_consolidated not in (None, True):
        raise TypeError(
            f"use_consolidated must be None, True, False or a key name, got {use_consolidated!r}"
        )
    return DEFAULT_V2_CONSOLIDATED_KEY


def read_node_metadata(
    store_path: StorePath,
    zarr_format: ZarrFormat | None,
    use_consolidated: bool | str | None = None,
) -> NodeMetadata | None:
    """The node's metadata, with a group's consolidated metadata as ``use_consolidated`` says:
    None uses it when present, True requires it (``ValueError`` when absent), False ignores it,
    a string names the v2 document holding it.

    A store whose ``supports_consolidated_metadata`` is False opts out, as in zarr-python: a
    consolidated document there is not used, and requiring one is a ``ValueError``.
    """
    if not store_path.store.supports_consolidated_metadata:
        if use_consolidated is True or isinstance(use_consolidated, str):
            raise ValueError(
                f"use_consolidated={use_consolidated!r}, but {store_path.store!r} does not "
                "support consolidated metadata"
            )
        use_consolidated = False
    key = consolidated_key(use_consolidated)
    metadata = read_metadata(store_path, zarr_format, consolidated_key=key)
    if not isinstance(metadata, GroupMetadata):
        return metadata
    if isinstance(use_consolidated, str) and metadata.zarr_format == 3:
        # As zarr-python: a key name only means something for v2 (.zmetadata and the like).
        raise TypeError(
            f"use_consolidated={use_consolidated!r} names a Zarr v2 document; the group at "
            f"{describe_path(store_path.path)} in {store_path.store!r} is Zarr format 3, for "
            "which use_consolidated must be True, False or None"
        )
    if use_consolidated is False and metadata.consolidated_metadata is not None:
        return attrs.evolve(metadata, consolidated_metadata=None)
    if use_consolidated is True or isinstance(use_consolidated, str):
        require_consolidated(metadata, store_path)
    return metadata


def require_consolidated(metadata: GroupMetadata, store_path: StorePath) -> None:
    """``ValueError`` unless the group has consolidated metadata."""
    if metadata.consolidated_metadata is None:
        where = f"{describe_path(store_path.path)} in {store_path.store!r}"
        raise ValueError(
            f"consolidated metadata was requested (use_consolidated) but the group at {where} "
            "has none; run consolidate_metadata first or pass use_consolidated=None"
        )


def with_members(
    consolidated: ConsolidatedMetadata, members: Iterable[tuple[str, NodeMetadata]]
) -> ConsolidatedMetadata:
    """``consolidated`` with ``members`` (path relative to the group, metadata) added or
    replaced; a replaced node's old descendants are dropped."""
    entries = dict(consolidated.flattened_metadata)
    for path, node in members:
        _drop(entries, path)
        if isinstance(node, GroupMetadata) and node.consolidated_metadata is not None:
            node = attrs.evolve(node, consolidated_metadata=None)
        entries[path] = node
    return ConsolidatedMetadata(entries)


def without_members(
    consolidated: ConsolidatedMetadata, paths: Iterable[str]
) -> ConsolidatedMetadata:
    """``consolidated`` without the members at ``paths`` and everything below them."""
    entries = dict(consolidated.flattened_metadata)
    for path in paths:
        _drop(entries, path)
    return ConsolidatedMetadata(entries)


def _drop(entries: dict[str, NodeMetadata], path: str) -> None:
    prefix = path + "/"
    for key in [k for k in entries if k == path or k.startswith(prefix)]:
        del entries[key]


def store_consolidated(
    store_path: StorePath, metadata: GroupMetadata, members: dict[str, NodeMetadata]
) -> GroupMetadata:
    """Write ``metadata`` with ``members`` as its consolidated metadata; returns what was written."""
    flat = {
        path: attrs.evolve(node, consolidated_metadata=None)
        if isinstance(node, GroupMetadata)
        else node
        for path, node in members.items()
    }
    updated = attrs.evolve(metadata, consolidated_metadata=ConsolidatedMetadata(flat))
    write_metadata(store_path, updated)
    return updated
