"""Node metadata on a store: find, read, write and clear the documents of arrays and groups."""

from __future__ import annotations

from typing import Any

from zarrlite import config as _config
from zarrlite._async.store.path import AsyncStorePath
from zarrlite._backend.async_ import map_limited
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


def _key(store_path: AsyncStorePath, name: str) -> str:
    return f"{store_path.path}/{name}" if store_path.path else name


async def read_metadata(
    store_path: AsyncStorePath,
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
    found = await store_path.store.get_many([(key, None) for key in keys])
    documents = {name: (None if data is None else bytes(data)) for name, data in zip(names, found)}
    return parse_node_documents(documents, zarr_format)  # type: ignore[no-any-return]


async def write_metadata(store_path: AsyncStorePath, metadata: NodeMetadata) -> None:
    """Store the metadata documents of a node (all of them, concurrently)."""
    documents: dict[str, bytes] = metadata.to_documents(indent=_config.get("json_indent"))
    store = store_path.store

    async def put(item: tuple[str, bytes]) -> None:
        await store.set(_key(store_path, item[0]), item[1])

    await map_limited(put, list(documents.items()), len(documents))
    if metadata.zarr_format == 2 and ".zattrs" not in documents:
        # Attributes were removed: a stale .zattrs would bring them back on reopen.
        await store.delete(_key(store_path, ".zattrs"))


async def ensure_creatable(store_path: AsyncStorePath, *, overwrite: bool) -> None:
    """Make room for a new node: delete what is there (overwrite) or refuse if a node exists."""
    if overwrite:
        if store_path.path:
            await store_path.delete_dir()
        else:
            await store_path.store.clear()
        return
    existing = await read_metadata(store_path)
    where = f"{describe_path(store_path.path)} in {store_path.store!r}"
    if isinstance(existing, GroupMetadata):
        raise ContainsGroupError(f"a group already exists at {where}; pass overwrite=True to replace it")
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


async def write_missing_parents(store_path: AsyncStorePath, zarr_format: ZarrFormat) -> None:
    """Create group metadata for every ancestor of ``store_path`` that has no node yet."""
    parents = [
        AsyncStorePath(store_path.store, p) for p in parent_paths(store_path.path)
    ]
    if not parents:
        return

    async def ensure(parent: AsyncStorePath) -> Any:
        if await read_metadata(parent, zarr_format) is None:
            await write_metadata(parent, GroupMetadata(zarr_format=zarr_format))

    await map_limited(ensure, parents, len(parents))
