"""Reading a node's metadata from the raw documents found under its path."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeAlias

from zarrlite._types import ZarrFormat
from zarrlite.errors import (
    ContainsArrayAndGroupError,
    MetadataValidationError,
    NodeTypeValidationError,
)
from zarrlite.metadata._common import loads_document
from zarrlite.metadata.consolidated import ConsolidatedMetadata
from zarrlite.metadata.group import GroupMetadata
from zarrlite.metadata.v2 import ArrayV2Metadata
from zarrlite.metadata.v3 import ArrayV3Metadata

__all__ = ["METADATA_DOCUMENTS", "NodeMetadata", "parse_node_documents"]

NodeMetadata: TypeAlias = ArrayV2Metadata | ArrayV3Metadata | GroupMetadata

#: the metadata documents a node may have, by format (``None``: look for both)
METADATA_DOCUMENTS: dict[ZarrFormat | None, tuple[str, ...]] = {
    3: ("zarr.json",),
    2: (".zarray", ".zgroup", ".zattrs"),
    None: ("zarr.json", ".zarray", ".zgroup", ".zattrs"),
}


def parse_node_documents(
    docs: Mapping[str, bytes | None], zarr_format: ZarrFormat | None = None
) -> NodeMetadata | None:
    """The metadata of a node, from the bytes of ``zarr.json``, ``.zarray``, ``.zgroup`` and
    ``.zattrs`` (None or absent when missing). None when there is no node.

    ``zarr_format=None`` looks for both formats; v3 wins. A v2 group also reads
    ``docs[".zmetadata"]`` (consolidated metadata) when given. Raises
    ``ContainsArrayAndGroupError`` when both ``.zarray`` and ``.zgroup`` exist,
    ``NodeTypeValidationError`` for a bad ``node_type`` and ``MetadataValidationError`` (naming
    the document and field) for anything else that is invalid.
    """
    if zarr_format not in (2, 3, None):
        raise ValueError(f"zarr_format must be 2, 3 or None, got {zarr_format!r}")
    if zarr_format != 2:
        raw = docs.get("zarr.json")
        if raw is not None:
            return _parse_zarr_json(loads_document("zarr.json", raw))
        if zarr_format == 3:
            return None
    zarray, zgroup = docs.get(".zarray"), docs.get(".zgroup")
    if zarray is not None and zgroup is not None:
        raise ContainsArrayAndGroupError("both .zarray and .zgroup exist: array or group?")
    if zarray is None and zgroup is None:
        return None
    raw_attrs = docs.get(".zattrs")
    attributes = {} if raw_attrs is None else loads_document(".zattrs", raw_attrs)
    if zarray is not None:
        data = {**loads_document(".zarray", zarray), "attributes": attributes}
        return ArrayV2Metadata.from_dict(data, source=".zarray")
    assert zgroup is not None
    group = GroupMetadata.from_dict(
        {**loads_document(".zgroup", zgroup), "attributes": attributes}, source=".zgroup"
    )
    if group.zarr_format != 2:
        raise MetadataValidationError(f".zgroup: invalid 'zarr_format' {group.zarr_format!r}")
    raw_consolidated = docs.get(".zmetadata")
    if raw_consolidated is not None:
        consolidated = ConsolidatedMetadata.from_dict(
            loads_document(".zmetadata", raw_consolidated), source=".zmetadata"
        )
        group = GroupMetadata(group.attributes, 2, consolidated_metadata=consolidated)
    return group


def _parse_zarr_json(data: dict[str, object]) -> NodeMetadata:
    fmt = data.get("zarr_format")
    if fmt != 3 or isinstance(fmt, bool):
        raise MetadataValidationError(f"zarr.json: invalid 'zarr_format' {fmt!r}: expected 3")
    node_type = data.get("node_type")
    if node_type == "array":
        return ArrayV3Metadata.from_dict(data)
    if node_type == "group":
        return GroupMetadata.from_dict(data)
    raise NodeTypeValidationError(
        f"zarr.json: invalid 'node_type' {node_type!r}: expected 'array' or 'group'"
    )
