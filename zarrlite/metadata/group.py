"""Group metadata of both formats (v3 ``zarr.json``; v2 ``.zgroup`` + ``.zattrs``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final, Literal

import attrs

from zarrlite._types import JSON, ZarrFormat
from zarrlite.errors import MetadataValidationError, NodeTypeValidationError
from zarrlite.metadata._common import (
    check_extra_fields,
    dumps_json,
    parse_attributes,
    parse_field,
)
from zarrlite.metadata.consolidated import ConsolidatedMetadata

__all__ = ["GROUP_KEYS", "GroupMetadata"]

GROUP_KEYS: Final = frozenset({"zarr_format", "node_type", "attributes", "consolidated_metadata"})


def _zarr_format(value: Any) -> ZarrFormat:
    if value not in (2, 3) or isinstance(value, bool):
        raise ValueError(f"zarr_format must be 2 or 3, got {value!r}")
    return 2 if value == 2 else 3


def _extra(value: Any) -> dict[str, JSON]:
    return check_extra_fields(value, GROUP_KEYS)


@attrs.frozen(eq=False)
class GroupMetadata:
    """The metadata of a group; ``consolidated_metadata`` holds its members' metadata."""

    attributes: dict[str, JSON] = attrs.field(factory=dict, converter=parse_attributes)
    zarr_format: ZarrFormat = attrs.field(default=3, converter=_zarr_format)
    consolidated_metadata: ConsolidatedMetadata | None = None
    extra_fields: dict[str, JSON] = attrs.field(factory=dict, converter=_extra)

    def __attrs_post_init__(self) -> None:
        if self.zarr_format == 2 and self.extra_fields:
            raise ValueError("Zarr v2 group metadata has no extra fields")
        cm = self.consolidated_metadata
        if cm is not None and not isinstance(cm, ConsolidatedMetadata):
            raise TypeError(f"consolidated_metadata must be ConsolidatedMetadata, got {cm!r}")

    @property
    def node_type(self) -> Literal["group"]:
        return "group"

    def with_attributes(self, attributes: Mapping[str, JSON]) -> GroupMetadata:
        return attrs.evolve(self, attributes=dict(attributes))

    def to_dict(self) -> dict[str, JSON]:
        """The group as zarr-python gives it: for v3 the ``zarr.json`` document; for v2 the
        same keys (``attributes``, ``zarr_format``, ``consolidated_metadata`` when there is
        one, ``node_type``), which :meth:`from_dict` reads back. The v2 ``.zgroup`` document
        holds only ``zarr_format`` (see :meth:`to_documents`)."""
        out: dict[str, JSON] = {
            "attributes": dict(self.attributes),
            "zarr_format": self.zarr_format,
        }
        if self.consolidated_metadata is not None:
            out["consolidated_metadata"] = self.consolidated_metadata.to_dict()
        out["node_type"] = "group"
        out.update(self.extra_fields)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, JSON], *, source: str = "zarr.json") -> GroupMetadata:
        """Read a group document (v3 ``zarr.json``, or v2 ``.zgroup`` plus ``"attributes"``)."""
        if not isinstance(data, Mapping):
            raise MetadataValidationError(f"{source}: expected a JSON object, got {data!r}")
        if "zarr_format" not in data:
            raise MetadataValidationError(f"{source}: missing required field 'zarr_format'")
        fmt = parse_field(source, "zarr_format", data["zarr_format"], _zarr_format)
        node_type = data.get("node_type", "group" if fmt == 2 else None)
        if node_type != "group" and not (fmt == 2 and node_type is None):
            raise NodeTypeValidationError(
                f"{source}: invalid 'node_type' {node_type!r}: expected 'group'"
            )
        attributes = parse_field(source, "attributes", data.get("attributes"), parse_attributes)
        cm_json = data.get("consolidated_metadata")
        consolidated = None
        if cm_json is not None and not isinstance(cm_json, Mapping):
            raise MetadataValidationError(
                f"{source}: invalid 'consolidated_metadata' {cm_json!r}: expected an object"
            )
        # v2 members of a .zmetadata carry an empty one (a zarr-python quirk): nothing to read
        if cm_json is not None and (fmt == 3 or cm_json.get("metadata")):
            consolidated = ConsolidatedMetadata.from_dict(
                cm_json, source=f"{source} consolidated_metadata"
            )
        extra: dict[str, JSON] = {}
        if fmt == 3:  # v2 allowed arbitrary keys; they are dropped
            unknown = {k: v for k, v in data.items() if k not in GROUP_KEYS}
            extra = check_extra_fields(unknown, GROUP_KEYS, source)
        return cls(attributes, fmt, consolidated_metadata=consolidated, extra_fields=extra)

    def to_documents(self, indent: int | None = 2) -> dict[str, bytes]:
        """v3 ``{"zarr.json"}``; v2 ``{".zgroup", ".zattrs"}`` plus the compact ``.zmetadata``
        when there is consolidated metadata (as zarr-python writes them)."""
        if self.zarr_format == 3:
            return {"zarr.json": dumps_json(self.to_dict(), indent)}
        docs = {
            ".zgroup": dumps_json({"zarr_format": 2}, indent),
            ".zattrs": dumps_json(self.attributes, indent),
        }
        if self.consolidated_metadata is not None:
            zmetadata = self.consolidated_metadata.to_dict(2, root_attributes=self.attributes)
            docs[".zmetadata"] = dumps_json(zmetadata, None)
        return docs

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GroupMetadata):
            return NotImplemented
        return (
            self.zarr_format,
            self.consolidated_metadata,
            self.to_dict(),
        ) == (
            other.zarr_format,
            other.consolidated_metadata,
            other.to_dict(),
        )

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_dict(), sort_keys=True, default=repr))
