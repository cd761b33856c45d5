# Generated from zarrlite/_async/migration.py by codegen. Do not edit.

"""Migrate a Zarr v2 hierarchy's metadata to Zarr v3 in place, and remove one format's metadata.

zarr-python 3.4.2's ``zarr.metadata.migrate_v3`` (public face: ``zarrlite.metadata.migrate_v3``;
the conversion itself is the pure ``zarrlite.metadata._migrate``). One deliberate difference:
every node is converted and every target checked before the first ``zarr.json`` is written
(and every key checked before the first delete), so a refused node leaves the store as it was
rather than half migrated.
"""

from __future__ import annotations

import logging

from zarrlite._backend.sync import map_limited
from zarrlite._sync.api import open as open_node
from zarrlite._sync.array import Array
from zarrlite._sync.group import Group
from zarrlite._sync.store._base import Store
from zarrlite._sync.store.path import StoreLike, StorePath, make_store, make_store_path
from zarrlite._types import ZarrFormat
from zarrlite.metadata import ArrayV2Metadata, ArrayV3Metadata, GroupMetadata
from zarrlite.metadata._migrate import convert_array_metadata, convert_group_metadata

__all__ = ["migrate_to_v3", "migrate_v2_to_v3", "remove_metadata"]

# The public module's name, so both flavours log where zarr-python's module does.
_logger = logging.getLogger("zarrlite.metadata.migrate_v3")

_METADATA_FILES: dict[int, tuple[str, ...]] = {
    2: (".zarray", ".zattrs", ".zgroup", ".zmetadata"),
    3: ("zarr.json",),
}
# The documents that make a node of each format exist (a .zattrs alone does not).
_NODE_FILES: dict[int, tuple[str, ...]] = {2: (".zarray", ".zgroup"), 3: ("zarr.json",)}
_IO_LIMIT = 64


def _not_v2(node: Array | Group) -> TypeError:
    return TypeError(
        "Only arrays / groups with zarr v2 metadata can be converted: the "
        f"{node.metadata.node_type} at {node.store_path} has zarr_format "
        f"{node.metadata.zarr_format}"
    )


def migrate_v2_to_v3(
    *,
    input_store: StoreLike,
    output_store: StoreLike | None = None,
    dry_run: bool = False,
) -> None:
    """Write Zarr v3 metadata (a ``zarr.json``) for every group and array of a v2 hierarchy.

    The v2 documents (``.zarray``, ``.zattrs``...) and the chunks are left as they are.

    Parameters
    ----------
    input_store : Store
        The v2 hierarchy, opened with mode ``'r+'``.
    output_store : Store, optional
        Where to write the v3 metadata (no chunk is copied); it must be empty
        (``FileExistsError``). By default the metadata goes into ``input_store``.
    dry_run : bool, optional
        Only log (logger ``zarrlite.metadata.migrate_v3``, level INFO) the files that would
        be written.
    """
    node = open_node(store=input_store, mode="r+")
    if output_store is not None:
        output_path = make_store_path(output_store, mode="w-")  # never overwrite
    else:
        output_path = node.store_path
    migrate_to_v3(node, output_path, dry_run=dry_run)


def migrate_to_v3(zarr_v2: Array | Group, output_path: StorePath, dry_run: bool = False) -> None:
    """Write Zarr v3 metadata for the v2 array or group ``zarr_v2`` (a group's members too).

    Each node's ``zarr.json`` goes to its place below ``output_path``; v2 documents are left.

    Parameters
    ----------
    zarr_v2 : Array | Group
        An array or group with ``zarr_format=2`` (else ``TypeError``).
    output_path : StorePath
        Where to write the v3 metadata of ``zarr_v2``.
    dry_run : bool, optional
        Only log the files that would be written.

    Raises ``ValueError`` if a ``zarr.json`` exists already at a target, or for a codec with
    no v3 equivalent; ``NotImplementedError`` for a group opened with consolidated metadata.
    Nothing is written unless every node converts.
    """
    if zarr_v2.metadata.zarr_format != 2:
        raise _not_v2(zarr_v2)
    output_path = make_store_path(output_path)
    plan: list[tuple[StorePath, ArrayV3Metadata | GroupMetadata]] = []
    _plan(zarr_v2, output_path, plan)

    def refuse_existing(item: tuple[StorePath, object]) -> None:
        target = item[0] / "zarr.json"
        if target.exists():
            raise ValueError(f"zarr.json already exists at {target}")

    map_limited(refuse_existing, plan, _IO_LIMIT)
    for path, _ in plan:
        _logger.info("Saving metadata to %s", path / "zarr.json")  # in order: members first

    def save(item: tuple[StorePath, ArrayV3Metadata | GroupMetadata]) -> None:
        path, metadata = item
        (path / "zarr.json").set_if_not_exists(metadata.to_documents()["zarr.json"])

    if not dry_run:  # concurrently: a remote store's round trips overlap
        map_limited(save, plan, _IO_LIMIT)


def _plan(
    node: Array | Group,
    output_path: StorePath,
    plan: list[tuple[StorePath, ArrayV3Metadata | GroupMetadata]],
) -> None:
    """Append ``(path, v3 metadata)`` for ``node`` and its members, members first."""
    if isinstance(node, Group):
        if node.metadata.zarr_format != 2:
            raise _not_v2(node)
        group_metadata = convert_group_metadata(node.metadata)  # refuses consolidated first
        # Listed in full before recursing: a refusal must not leave the listing half-iterated.
        members = [item for item in node._members()]
        for name, member in members:
            _plan(member, output_path / name, plan)
        plan.append((output_path, group_metadata))
        return
    if not isinstance(node.metadata, ArrayV2Metadata):
        raise _not_v2(node)
    plan.append((output_path, convert_array_metadata(node.metadata)))


def remove_metadata(
    store: StoreLike,
    zarr_format: ZarrFormat,
    force: bool = False,
    dry_run: bool = False,
) -> None:
    """Delete every v2 (``.zarray``, ``.zattrs``, ``.zgroup``, ``.zmetadata``) or v3
    (``zarr.json``) metadata document of the hierarchy in ``store``, at every level.

    Parameters
    ----------
    store : Store
        The hierarchy; it must support deletes (else ``ValueError``).
    zarr_format : {2, 3}
        Which format's documents to delete.
    force : bool, optional
        Without it, a document is deleted only where the other format's metadata exists
        (a ``zarr.json`` beside v2 documents, a ``.zarray`` or ``.zgroup`` beside a
        ``zarr.json``); otherwise ``ValueError`` and nothing is deleted.
    dry_run : bool, optional
        Only log the files that would be deleted.
    """
    if zarr_format not in (2, 3) or isinstance(zarr_format, bool):
        raise ValueError(f"zarr_format must be 2 or 3, got {zarr_format!r}")
    resolved: Store = make_store(store)
    if not resolved.supports_deletes:
        raise ValueError("Store must support deletes to remove metadata")
    root = StorePath.open(resolved, path="", mode="r+")
    other = 3 if zarr_format == 2 else 2
    keys = [key for key in root.store.list()]  # listed in full before any refusal
    doomed = [key for key in keys if key.rpartition("/")[2] in _METADATA_FILES[zarr_format]]
    if not force:

        def has_other(key: str) -> bool:
            return _node_exists(root / key.rpartition("/")[0], other)

        for key, ok in zip(doomed, map_limited(has_other, doomed, _IO_LIMIT), strict=True):
            if not ok:
                raise ValueError(
                    f"Cannot remove v{zarr_format} metadata at {root / key} - no v{other} "
                    "metadata exists. To delete anyway, use the 'force' option."
                )
    for key in doomed:
        _logger.info("Deleting metadata at %s", root / key)
    if not dry_run:
        map_limited(_delete, [root / key for key in doomed], _IO_LIMIT)


def _node_exists(path: StorePath, zarr_format: int) -> bool:
    for name in _NODE_FILES[zarr_format]:
        if (path / name).exists():
            return True
    return False


def _delete(path: StorePath) -> None:
    path.delete()
