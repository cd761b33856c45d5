# Generated from zarrlite/_async/hierarchy.py by codegen. Do not edit.

"""Node metadata on a store: find, read, write and clear the documents of arrays and groups."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

from zarrlite import config as _config
from zarrlite._backend.sync import map_limited, run_io
from zarrlite._sync.store.path import StorePath
from zarrlite._types import BytesLike, ZarrFormat
from zarrlite._write_locks import WRITE_LOCKS
from zarrlite.errors import (
    ContainsArrayError,
    ContainsGroupError,
    MetadataValidationError,
    ZarrUserWarning,
    describe_path,
)
from zarrlite.metadata import (
    ArrayV2Metadata,
    ArrayV3Metadata,
    GroupMetadata,
    parse_node_documents,
)
from zarrlite.metadata._common import loads_document

__all__ = [
    "NodeMetadata",
    "metadata_lock",
    "parent_paths",
    "read_metadata",
    "read_metadata_many",
    "write_metadata",
    "write_missing_parents",
    "warn_not_a_node",
    "write_new_node",
]

NodeMetadata = ArrayV2Metadata | ArrayV3Metadata | GroupMetadata

_DOCUMENTS: dict[ZarrFormat | None, tuple[str, ...]] = {
    3: ("zarr.json",),
    2: (".zarray", ".zgroup", ".zattrs"),
    None: ("zarr.json", ".zarray", ".zgroup", ".zattrs"),
}


# The documents whose presence makes a node (a .zattrs alone does not).
_NODE_DOCUMENTS: dict[ZarrFormat | None, tuple[str, ...]] = {
    3: ("zarr.json",),
    2: (".zarray", ".zgroup"),
    None: ("zarr.json", ".zarray", ".zgroup"),
}
# The same, in the order to look for a parent's: a parent is a group, or creation fails.
_PARENT_DOCUMENTS: dict[ZarrFormat, tuple[str, ...]] = {
    3: ("zarr.json",),
    2: (".zgroup", ".zarray"),
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
    names = _DOCUMENTS.get(zarr_format)
    if names is None:
        raise MetadataValidationError(
            f"Invalid value for 'zarr_format'. Expected 2, 3, or None. Got '{zarr_format}'."
        )
    keys = [_key(store_path, n) for n in names]
    if consolidated_key is not None and zarr_format != 3:
        names = (*names, ".zmetadata")
        keys.append(_key(store_path, consolidated_key))
    found = store_path.store.get_many([(key, None) for key in keys])
    if zarr_format is None:
        _warn_if_both_formats(store_path, names, found)
    return _parse_found(names, found, zarr_format, store_path.path)


def warn_not_a_node(store_path: StorePath) -> None:
    """Warn, as zarr-python does when listing members, that a key in a group's directory is
    neither an array nor a group of the group's format (it is left out of the listing)."""
    warnings.warn(
        f"Object at {describe_path(store_path.path)} in {store_path.store!r} is not recognized "
        "as a component of a Zarr hierarchy (no array or group metadata); it is not a member.",
        ZarrUserWarning,
        stacklevel=3,
    )


def _warn_if_both_formats(
    store_path: StorePath, names: Sequence[str], found: Sequence[BytesLike | None]
) -> None:
    """Warn, as zarr-python does, when a node has documents of both formats: zarr.json is
    used, and the v2 node (left by another writer or a migration) is otherwise invisible."""
    present = {name for name, data in zip(names, found) if data is not None}
    for v2_name in (".zarray", ".zgroup"):
        if "zarr.json" in present and v2_name in present:
            warnings.warn(
                f"Both zarr.json (Zarr format 3) and {v2_name} (Zarr format 2) metadata objects "
                f"exist at {describe_path(store_path.path)} in {store_path.store!r}. Zarr format "
                "3 will be used.",
                ZarrUserWarning,
                stacklevel=2,
            )


def read_metadata_many(
    store_paths: Sequence[StorePath],
    zarr_format: ZarrFormat | Sequence[ZarrFormat | None] | None = None,
) -> list[NodeMetadata | None]:
    """:func:`read_metadata` of several nodes of one store, in one batch of requests (one
    worker-thread trip for a local store, instead of one per node). ``zarr_format`` is one
    format for all, or one per node."""
    formats = (
        list(zarr_format) if isinstance(zarr_format, Sequence) else [zarr_format] * len(store_paths)
    )
    found = _fetch_documents(store_paths, formats, _DOCUMENTS)
    return [
        _parse_found(tuple(documents), [*documents.values()], fmt, store_path.path)
        for documents, fmt, store_path in zip(found, formats, store_paths, strict=True)
    ]


def _fetch_documents(
    store_paths: Sequence[StorePath],
    formats: Sequence[ZarrFormat | None],
    names: Mapping[ZarrFormat | None, tuple[str, ...]],
) -> list[dict[str, BytesLike | None]]:
    """The documents ``names[format]`` of each node, as stored (None where missing), in one
    batch of requests (one worker-thread trip for a local store, instead of one per node)."""
    if not store_paths:
        return []
    requests = [
        (_key(path, name), None)
        for path, fmt in zip(store_paths, formats, strict=True)
        for name in names[fmt]
    ]
    found = iter(store_paths[0].store.get_many(requests))
    return [{name: next(found) for name in names[fmt]} for fmt in formats]


def _parse_found(
    names: Sequence[str],
    found: Sequence[BytesLike | None],
    zarr_format: ZarrFormat | None,
    where: str = "",
) -> NodeMetadata | None:
    documents = {name: (None if data is None else bytes(data)) for name, data in zip(names, found)}
    return parse_node_documents(documents, zarr_format, where)  # type: ignore[no-any-return]


def metadata_lock(store_path: StorePath) -> Any:
    """Holds the node's documents for a read-modify-write (``async with`` / ``with``): other
    holders in this process wait, whether threads, tasks or either flavour. Without it,
    attribute updates from several threads lost each other's keys (each merged into the same
    old copy), and members added concurrently dropped out of consolidated metadata."""
    return WRITE_LOCKS.hold((str(store_path.store), store_path.path, "metadata"))


def write_metadata(store_path: StorePath, metadata: NodeMetadata) -> None:
    """Store the metadata documents of a node (all of them, in one batch)."""
    documents: dict[str, bytes] = metadata.to_documents(indent=_config.get("json_indent"))
    _write_documents(store_path, metadata.zarr_format, documents)


def _write_documents(
    store_path: StorePath, zarr_format: ZarrFormat, documents: dict[str, bytes]
) -> None:
    store = store_path.store
    store.set_many([(_key(store_path, name), data) for name, data in documents.items()])
    if zarr_format == 2 and ".zattrs" not in documents:
        # Attributes were removed: a stale .zattrs would bring them back on reopen.
        store.delete(_key(store_path, ".zattrs"))


def write_new_node(store_path: StorePath, metadata: NodeMetadata, *, overwrite: bool) -> None:
    """Store a new node's metadata, and group metadata for every ancestor that has none.

    What is at ``store_path`` is deleted first (``overwrite``), or a node there is refused
    (``ContainsArrayError`` / ``ContainsGroupError``). The node and its ancestors are looked up
    in one batch of requests; on an in-process store (``supports_sync_io``) the lookups and the
    writes share one worker-thread trip.
    """
    zarr_format = metadata.zarr_format
    parents = [StorePath(store_path.store, p) for p in parent_paths(store_path.path)]
    # Encoded first: metadata that cannot be encoded (attributes that are not JSON) fails
    # before an overwrite deletes what is there.
    documents = metadata.to_documents(indent=_config.get("json_indent"))
    if not overwrite and store_path.store.supports_sync_io:
        if run_io(_write_new_node_in_process, store_path, parents, documents, zarr_format):
            return
    if overwrite:
        found = _fetch_documents(parents, [zarr_format] * len(parents), _NODE_DOCUMENTS)
        _refuse_array_parents(store_path, parents, found)
        if store_path.path:
            store_path.delete_dir()
        else:
            store_path.store.clear()
    else:
        existing, *found = _fetch_documents(
            [store_path, *parents], [None, *[zarr_format] * len(parents)], _NODE_DOCUMENTS
        )
        _refuse_array_parents(store_path, parents, found)
        _refuse_existing(store_path, existing)
    # Ancestors first: a node is never stored below a parent that lacks metadata.
    _write_groups(_without_node(parents, found), zarr_format)
    _write_documents(store_path, zarr_format, documents)


def _write_new_node_in_process(
    store_path: StorePath,
    parents: Sequence[StorePath],
    documents: dict[str, bytes],
    zarr_format: ZarrFormat,
) -> bool:
    """:func:`write_new_node` without ``overwrite``, as plain calls on a store with
    ``supports_sync_io`` (memory, local files): one worker-thread trip in the async flavour
    where the general path takes two (lookups, then writes), each a thread hop that costs more
    than the lookups and writes themselves. Returns False, having written no document, when an
    ancestor has no node documents: the general path then writes its group metadata.

    A node whose prefix the store can claim as new (a local store's ``mkdir``) needs no lookups
    of its own documents: on this VM a missing-file lookup costs ~7 us and a v2 node has three.
    """
    store: Any = store_path.store  # supports_sync_io: get_sync, set_sync
    with store.limiter:
        for parent in parents:
            found: dict[str, BytesLike | None] = {}
            for name in _PARENT_DOCUMENTS[zarr_format]:
                found[name] = store.get_sync(_key(parent, name))
                if found[name] is not None:
                    break
            else:
                return False
            _refuse_array_parents(store_path, [parent], [found])
        if not store.claim_new_prefix_sync(store_path.path):
            existing = {
                name: store.get_sync(_key(store_path, name)) for name in _NODE_DOCUMENTS[None]
            }
            _refuse_existing(store_path, existing)
        for name, data in documents.items():
            store.set_sync(_key(store_path, name), data)
    return True


def _refuse_existing(store_path: StorePath, documents: Mapping[str, BytesLike | None]) -> None:
    """Raise if ``documents`` (the node documents found at ``store_path``) make a node."""
    if all(data is None for data in documents.values()):
        return
    existing = _parse_found(tuple(documents), [*documents.values()], None)
    where = f"{describe_path(store_path.path)} in {store_path.store!r}"
    if isinstance(existing, GroupMetadata):
        raise ContainsGroupError(
            f"a group already exists at {where}; pass overwrite=True to replace it"
        )
    if existing is not None:
        raise ContainsArrayError(
            f"an array already exists at {where}; pass overwrite=True to replace it"
        )


def _refuse_array_parents(
    store_path: StorePath,
    parents: Sequence[StorePath],
    found: Sequence[Mapping[str, BytesLike | None]],
) -> None:
    """``ContainsArrayError`` if the documents ``found`` of any of ``parents`` (ancestors of
    ``store_path``) make an array: only groups have members, and a node stored below an array
    would sit among (v2: could replace) its chunks."""
    for parent, documents in zip(parents, found, strict=True):
        if documents.get(".zarray") is not None or _is_v3_array(documents.get("zarr.json")):
            raise ContainsArrayError(
                f"cannot create a node at {describe_path(store_path.path)} in "
                f"{store_path.store!r}: its parent {describe_path(parent.path)} is an array, "
                "and only groups can have members"
            )


def _is_v3_array(zarr_json: BytesLike | None) -> bool:
    if zarr_json is None:
        return False
    raw = bytes(zarr_json)
    if b"array" not in raw and b"\\u" not in raw:
        return False  # "array" can be spelled no other way in JSON (skips a parse per creation)
    return loads_document("zarr.json", raw).get("node_type") == "array"


def _without_node(
    paths: Sequence[StorePath], found: Sequence[dict[str, BytesLike | None]]
) -> list[StorePath]:
    return [
        path
        for path, documents in zip(paths, found, strict=True)
        if all(data is None for data in documents.values())
    ]


def _write_groups(paths: Sequence[StorePath], zarr_format: ZarrFormat) -> None:
    """Group metadata at each of ``paths``, where no node is. Each document is written only if
    it does not exist (as zarr-python does): a concurrent creator's group, or a v2 ``.zattrs``
    stored before its ``.zgroup``, is kept."""
    documents = GroupMetadata(zarr_format=zarr_format).to_documents(
        indent=_config.get("json_indent")
    )

    def write_group(path: StorePath) -> None:
        for name, data in documents.items():
            path.store.set_if_not_exists(_key(path, name), data)

    map_limited(write_group, paths, len(paths))


def parent_paths(path: str) -> list[str]:
    """The ancestors of a node path, root first: ``"a/b/c"`` -> ``["", "a", "a/b"]``."""
    if not path:
        return []
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts))]


def write_missing_parents(store_path: StorePath, zarr_format: ZarrFormat) -> None:
    """Create group metadata for every ancestor of ``store_path`` that has no node yet."""
    parents = [StorePath(store_path.store, p) for p in parent_paths(store_path.path)]
    found = _fetch_documents(parents, [zarr_format] * len(parents), _NODE_DOCUMENTS)
    _refuse_array_parents(store_path, parents, found)
    _write_groups(_without_node(parents, found), zarr_format)
