"""Reading a node's metadata from the raw documents found under its path."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeAlias, TypeVar

import attrs

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
    docs: Mapping[str, bytes | None], zarr_format: ZarrFormat | None = None, where: str = ""
) -> NodeMetadata | None:
    """The metadata of a node, from the bytes of ``zarr.json``, ``.zarray``, ``.zgroup`` and
    ``.zattrs`` (None or absent when missing). None when there is no node.

    ``zarr_format=None`` looks for both formats; v3 wins. A v2 group also reads
    ``docs[".zmetadata"]`` (consolidated metadata) when given. Raises
    ``ContainsArrayAndGroupError`` when both ``.zarray`` and ``.zgroup`` exist,
    ``NodeTypeValidationError`` for a bad ``node_type`` and ``MetadataValidationError`` (naming
    the document and field, and the node's path ``where`` when given) for anything else that
    is invalid.
    """
    if zarr_format not in (2, 3, None):
        raise ValueError(f"zarr_format must be 2, 3 or None, got {zarr_format!r}")
    if zarr_format != 2:
        raw = docs.get("zarr.json")
        if raw is not None:
            data = loads_document("zarr.json", raw)
            if data.get("node_type") == "array" and data.get("zarr_format") == 3:
                return _parse_array(
                    raw,
                    lambda: data,
                    lambda doc: ArrayV3Metadata.from_dict(doc, source=_named("zarr.json", where)),
                )
            return _parse_zarr_json(data)
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
        return _parse_array(
            zarray,
            lambda: {**loads_document(".zarray", zarray), "attributes": attributes},
            lambda data: ArrayV2Metadata.from_dict(data, source=_named(".zarray", where)),
            attributes,
        )
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


def _named(document: str, where: str) -> str:
    """How errors and warnings name a node's document: with the node's path when known."""
    return f"{where}/{document}" if where else document


_Array = TypeVar("_Array", ArrayV2Metadata, ArrayV3Metadata)

# Parsed array documents by their bytes. Groups often hold many arrays with the same metadata
# document (one per variable, same shape and codecs): parsing and validating one costs ~40 us,
# and opening a group of 500 such arrays spent half its time there.
_PARSED_ARRAYS: dict[bytes, Any] = {}
_PARSED_ARRAYS_MAX = 256
_CACHED_DOCUMENT_BYTES = 16 << 10


def _parse_array(
    raw: bytes,
    load: Callable[[], Mapping[str, Any]],
    parse: Callable[[Mapping[str, Any]], _Array],
    attributes: Mapping[str, Any] | None = None,
) -> _Array:
    """``parse(load())``, or a copy of the metadata parsed from the same bytes before. A copy
    shares only immutable parts: its attributes (and v3 extra fields and storage transformers)
    come from this call's own decoding of the document (``load()``), or are ``attributes``
    when given (a v2 ``.zarray`` holds none, so a cached one is not even decoded). Documents
    that needed a repair (``metadata.repair``) are not kept."""
    if not isinstance(raw, bytes) or len(raw) > _CACHED_DOCUMENT_BYTES:
        return parse(load())
    cached = _PARSED_ARRAYS.get(raw)
    if cached is None:
        cached = parse(load())
        if cached.rewrite_before_writing:
            # Read from a document older software left invalid: each reading warns again.
            return cached
        cached.codec_chain  # noqa: B018 -- built once, shared by the copies
        if len(_PARSED_ARRAYS) >= _PARSED_ARRAYS_MAX:
            _PARSED_ARRAYS.clear()
        _PARSED_ARRAYS[raw] = cached
    metadata: _Array = _clone(cached)
    if attributes is not None and not isinstance(metadata, ArrayV3Metadata):
        object.__setattr__(metadata, "attributes", dict(attributes))
        return metadata
    data = load()
    fresh: dict[str, Any] = {"attributes": dict(data.get("attributes") or {})}
    if isinstance(metadata, ArrayV3Metadata):
        fresh["extra_fields"] = {k: v for k, v in data.items() if k in metadata.extra_fields}
        fresh["storage_transformers"] = tuple(
            dict(t) for t in data.get("storage_transformers") or ()
        )
    for name, value in fresh.items():
        object.__setattr__(metadata, name, value)
    return metadata


def _clone(metadata: _Array) -> _Array:
    """A shallow copy of a frozen attrs instance (``copy.copy`` takes ~3x as long)."""
    cls = type(metadata)
    twin = object.__new__(cls)
    names = _V3_FIELDS if cls is ArrayV3Metadata else _V2_FIELDS
    for name in names:
        object.__setattr__(twin, name, getattr(metadata, name))
    return twin


_V3_FIELDS = tuple(a.name for a in attrs.fields(ArrayV3Metadata))
_V2_FIELDS = tuple(a.name for a in attrs.fields(ArrayV2Metadata))


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
