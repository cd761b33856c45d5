# Generated from zarrlite/_async/relocation.py by codegen. Do not edit.

"""Copying and deleting a node's keys in an order that an interruption cannot turn into a
half-present node (``Group.move`` and ``del group[name]``)."""

from __future__ import annotations

from zarrlite._backend.sync import map_limited
from zarrlite._sync.hierarchy import NodeMetadata
from zarrlite._sync.store.path import StorePath
from zarrlite.metadata import GroupMetadata

__all__ = ["METADATA_NAMES", "copy_node_keys", "delete_node_documents"]

METADATA_NAMES = frozenset({"zarr.json", ".zarray", ".zattrs", ".zgroup", ".zmetadata"})
# The documents whose presence makes a node, as key suffixes.
_NODE_DOCUMENTS = ("/zarr.json", "/.zarray", "/.zgroup")


def copy_node_keys(origin: StorePath, target: StorePath) -> None:
    """Copy every key below ``origin`` to the same place below ``target`` (one store): data
    first, then metadata documents deepest first, each node's own document last. A node thus
    appears at ``target`` only once everything below it is there, and an interrupted copy
    leaves nothing there that opens as a node."""
    store = origin.store
    keys = [key for key in store.list_prefix(origin.path + "/")]

    def copy(key: str) -> None:
        data = store.get(key)
        if data is not None:
            store.set(target.path + key[len(origin.path) :], data)

    documents = [key for key in keys if key.rsplit("/", 1)[-1] in METADATA_NAMES]
    documents.sort(key=lambda key: (-key.count("/"), key.endswith(_NODE_DOCUMENTS)))
    data = set(keys).difference(documents)
    map_limited(copy, [key for key in keys if key in data], 64)
    for key in documents:
        copy(key)


def delete_node_documents(store_path: StorePath, metadata: NodeMetadata) -> None:
    """Delete the document that makes ``store_path`` a node (``zarr.json``, ``.zarray`` or
    ``.zgroup``), before the rest of its keys: an interrupted delete then leaves either the
    whole node or no node, never a node with part of its members or chunks missing."""
    if metadata.zarr_format == 3:
        name = "zarr.json"
    else:
        name = ".zgroup" if isinstance(metadata, GroupMetadata) else ".zarray"
    store_path.store.delete(f"{store_path.path}/{name}" if store_path.path else name)
