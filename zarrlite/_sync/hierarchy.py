# Generated from zarrlite/_async/hierarchy.py by codegen. Do not edit.

"""Node metadata on a store: find, read, write and clear the documents of arrays and groups."""

from __future__ import annotations

from typing import Any

from zarrlite import config as _config
from zarrlite._backend.sync import map_limited
from zarrlite._sync.store.path import StorePath
from zarrlite._types import ZarrFormat
from zarrlite.errors import ContainsArrayError, ContainsGroupError, describe_path
from zarrlite.metadata import (
    ArrayV2Metadata,
    ArrayV3Metadata,
    GroupMetadata,
    parse_node_documents,
)

__all__ = [
    "NodeMetadata",
    "ensure_creatable",
    "parent_paths",
    "read_metadata",
    "write_metadata",
    "write_missing_parents",
]

NodeMetadata = ArrayV2Metadata | ArrayV3Metadata | GroupMetadata

_DOCUMENTS: dict[int | None, tuple[str, ...]] = {
    3: ("zarr.json",),
    2: (".zarray", ".zgroup", ".zattrs"),
    None: ("zarr.json", ".zarray", ".zgroup", ".zattrs"),
}


def _key(store_path: StorePath, name: str) -> str:
    return f"{store_path.path}/{name}" if store_path.path else name


def read_metadata(
    store_path: StorePath,
    zarr_format: ZarrFormat | None = None,
    *,
    consolidated_key: str | None = None,
) -> NodeMetadata | None:
    """The metadata of the node at ``store_path``, or None when there is none.

    With ``zarr_format=None`` both formats are looked for (in one batch of requests); v3 wins.
    ``consolidated_key`` names the v2 document of consolidated metadata to read with a group
    (v3 keeps it inside ``zarr.json``).
    """
    names = _DOCUMENTS[zarr_format]
    keys = [_key(store_path, n) for n in names]
    if consolidated_key is not None and zarr_format != 3:
        names = (*names, ".zmetadata")
        keys.append(_key(store_path, consolidated_key))
    found = store_path.store.get_many([(key, None) for key in keys])
    documents = {name: (None if data is None else bytes(data)) for name, data in zip(names, found)}
    return parse_node_documents(documents, zarr_format)  # type: ignore[no-any-return]


def write_metadata(store_path: StorePath, metadata: NodeMetadata) -> None:
    """Store the metadata documents of a node (all of them, concurrently)."""
    documents: dict[str, bytes] = metadata.to_documents(indent=_config.get("json_indent"))
    store = store_path.store

    def put(item: tuple[str, bytes]) -> None:
        store.set(_key(store_path, item[0]), item[1])

    map_limited(put, list(documents.items()), len(documents))
    if metadata.zarr_format == 2 and ".zattrs" not in documents:
        # Attributes were removed: a stale .zattrs would bring them back on reopen.
        store.delete(_key(store_path, ".zattrs"))


def ensure_creatable(store_path: StorePath, *, overwrite: bool) -> None:
    """Make room for a new node: delete what is there (overwrite) or refuse if a node exists."""
    if overwrite:
        if store_path.path:
            store_path.delete_dir()
        else:
            store_path.store.clear()
        return
    existing = read_metadata(store_path)
    where = f"{describe_path(store_path.path)} in {store_path.store!r}"
    if isinstance(existing, GroupMetadata):
        raise ContainsGroupError(
            f"a group already exists at {where}; pass overwrite=True to replace it"
        )
    if existing is not None:
        raise ContainsArrayError(
            f"an array already exists at {where}; pass overwrite=True to replace it"
        )


def parent_paths(path: str) -> list[str]:
    """The ancestors of a node path, root first: ``"a/b/c"`` -> ``["", "a", "a/b"]``."""
    if not path:
        return []
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts))]


def write_missing_parents(store_path: StorePath, zarr_format: ZarrFormat) -> None:
    """Create group metadata for every ancestor of ``store_path`` that has no node yet."""
    parents = [StorePath(store_path.store, p) for p in parent_paths(store_path.path)]
    if not parents:
        return

    def ensure(parent: StorePath) -> Any:
        if read_metadata(parent, zarr_format) is None:
            write_metadata(parent, GroupMetadata(zarr_format=zarr_format))

    map_limited(ensure, parents, len(parents))
