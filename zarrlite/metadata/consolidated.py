"""Consolidated metadata: the metadata of every node below a group, stored with the group.

In memory the members are kept flat, by path relative to the group (``"a"``, ``"a/b"``), and
member groups carry no consolidated metadata of their own. Two stored forms:

* v3 "inline", inside the group's ``zarr.json`` under ``"consolidated_metadata"``:
  ``{"kind": "inline", "must_understand": false, "metadata": {"a": {...}, "a/b": {...}}}``;
* v2 ``.zmetadata``: ``{"metadata": {".zgroup": ..., ".zattrs": ..., "a/.zattrs": ...,
  "a/.zarray": ...}, "zarr_consolidated_format": 1}``.

Members are written sorted by depth, then by case-folded path, as zarr-python 3.4 does.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from zarrlite._types import JSON, ZarrFormat
from zarrlite.errors import MetadataValidationError
from zarrlite.metadata.v2 import ArrayV2Metadata
from zarrlite.metadata.v3 import ArrayV3Metadata

if TYPE_CHECKING:
    from zarrlite.metadata.group import GroupMetadata

    NodeMetadata: TypeAlias = ArrayV2Metadata | ArrayV3Metadata | GroupMetadata

__all__ = ["ConsolidatedMetadata"]

_EMPTY_V2_MEMBER_CM: dict[str, JSON] = {"metadata": {}, "must_understand": False, "kind": "inline"}


def _flatten(metadata: Mapping[str, Any]) -> dict[str, NodeMetadata]:
    """Flat members; a member group's own consolidated metadata is merged in under its path."""
    if not isinstance(metadata, Mapping):
        raise TypeError(
            f"consolidated metadata must be a dict of path -> metadata, got {metadata!r}"
        )
    out: dict[str, NodeMetadata] = {}
    for key, node in metadata.items():
        path = str(key).strip("/")
        if not path:
            raise ValueError("consolidated metadata cannot hold the group itself (empty path)")
        nested = getattr(node, "consolidated_metadata", None)
        if nested is not None:
            node = attrs.evolve(node, consolidated_metadata=None)
        out[path] = node
        if nested is not None:
            out.update({f"{path}/{sub}": child for sub, child in nested.flattened_metadata.items()})
    return out


def _sort_key(path: str) -> tuple[int, str]:
    return path.count("/"), unicodedata.normalize("NFKC", path).casefold()


@attrs.frozen
class ConsolidatedMetadata:
    """Metadata of the nodes below a group.

    Built from ``metadata`` in either form: flat (``{"a": ..., "a/b": ...}``) or nested (direct
    members, each member group carrying its own consolidated metadata). ``flattened_metadata``
    is the flat form, by path relative to the group; ``metadata`` is zarr-python's nested view:
    the direct members, each member group with the consolidated metadata of its own members.
    """

    flattened_metadata: dict[str, NodeMetadata] = attrs.field(
        converter=_flatten, alias="metadata"
    )
    kind: Literal["inline"] = "inline"
    must_understand: Literal[False] = False

    @property
    def metadata(self) -> dict[str, NodeMetadata]:
        """The direct members by name; a member group carries its members' metadata."""
        from zarrlite.metadata.group import GroupMetadata

        return {
            name: attrs.evolve(node, consolidated_metadata=self.subtree(name))
            if isinstance(node, GroupMetadata)
            else node
            for name, node in self.children().items()
        }

    def __attrs_post_init__(self) -> None:
        if self.kind != "inline":
            raise ValueError(f"consolidated metadata kind {self.kind!r} is not supported")
        if self.must_understand is not False:
            raise ValueError("consolidated metadata must have must_understand=False")

    # ------------------------------------------------------------ lookups

    def get(self, path: str) -> NodeMetadata | None:
        """The metadata of the member at relative ``path``, or None."""
        return self.flattened_metadata.get(path.strip("/"))

    def children(self, path: str = "") -> dict[str, NodeMetadata]:
        """The immediate members of the group at relative ``path`` (``""``: this group), by name."""
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        return {
            key[len(prefix) :]: node
            for key, node in self.flattened_metadata.items()
            if key.startswith(prefix) and "/" not in key[len(prefix) :]
        }

    def subtree(self, path: str) -> ConsolidatedMetadata:
        """The consolidated metadata of the member group at relative ``path``."""
        prefix = f"{path.strip('/')}/"
        return ConsolidatedMetadata(
            {
                k[len(prefix) :]: v
                for k, v in self.flattened_metadata.items()
                if k.startswith(prefix)
            }
        )

    # ------------------------------------------------------------ JSON

    def to_dict(
        self, zarr_format: ZarrFormat = 3, *, root_attributes: Mapping[str, JSON] | None = None
    ) -> dict[str, JSON]:
        """v3: the inline object. v2: the ``.zmetadata`` document, whose root ``.zgroup`` and
        ``.zattrs`` entries come from ``root_attributes``."""
        members = sorted(self.flattened_metadata.items(), key=lambda item: _sort_key(item[0]))
        if zarr_format == 3:
            return {
                "kind": self.kind,
                "must_understand": self.must_understand,
                "metadata": {path: _member_v3(node) for path, node in members},
            }
        docs: dict[str, JSON] = {
            ".zgroup": {"zarr_format": 2},
            ".zattrs": dict(root_attributes or {}),
        }
        for path, node in members:
            if node.zarr_format != 2:
                raise ValueError(f"member {path!r} is Zarr v3; a .zmetadata holds only v2 nodes")
            docs[f"{path}/.zattrs"] = dict(node.attributes)
            if isinstance(node, ArrayV2Metadata):
                docs[f"{path}/.zarray"] = node.zarray_dict()
            else:  # zarr-python writes this for every member group
                docs[f"{path}/.zgroup"] = {
                    "zarr_format": 2,
                    "consolidated_metadata": dict(_EMPTY_V2_MEMBER_CM),
                }
        return {"metadata": docs, "zarr_consolidated_format": 1}

    @classmethod
    def from_dict(
        cls, data: Mapping[str, JSON], *, source: str = "consolidated_metadata"
    ) -> ConsolidatedMetadata:
        """Read either form (a v2 ``.zmetadata`` has ``"zarr_consolidated_format"``)."""
        if not isinstance(data, Mapping):
            raise MetadataValidationError(f"{source}: expected a JSON object, got {data!r}")
        members = data.get("metadata")
        if not isinstance(members, Mapping):
            raise MetadataValidationError(
                f"{source}: invalid 'metadata' {members!r}: expected an object"
            )
        if "zarr_consolidated_format" in data:
            version = data["zarr_consolidated_format"]
            if version != 1:
                raise MetadataValidationError(
                    f"{source}: invalid 'zarr_consolidated_format' {version!r}: expected 1"
                )
            return cls(_read_v2(members, source))
        if data.get("kind") != "inline":
            raise MetadataValidationError(
                f"{source}: invalid 'kind' {data.get('kind')!r}: expected 'inline'"
            )
        return cls({path: _read_member(path, doc, source) for path, doc in members.items()})


def _member_v3(node: NodeMetadata) -> dict[str, JSON]:
    from zarrlite.metadata.group import GroupMetadata

    if isinstance(node, GroupMetadata):  # zarr-python gives each member group an empty one
        return attrs.evolve(node, consolidated_metadata=ConsolidatedMetadata({})).to_dict()
    return node.to_dict()


def _read_member(path: str, doc: JSON, source: str) -> NodeMetadata:
    from zarrlite.metadata.group import GroupMetadata

    where = f"{source} member {path!r}"
    if not isinstance(doc, Mapping):
        raise MetadataValidationError(f"{where}: expected a JSON object, got {doc!r}")
    fmt = doc.get("zarr_format")
    if fmt == 3:
        if doc.get("node_type") == "array":
            return ArrayV3Metadata.from_dict(doc, source=where)
        return GroupMetadata.from_dict(doc, source=where)
    if fmt == 2:
        if "shape" in doc:
            return ArrayV2Metadata.from_dict(doc, source=where)
        return GroupMetadata.from_dict(doc, source=where)
    raise MetadataValidationError(f"{where}: invalid 'zarr_format' {fmt!r}: expected 2 or 3")


def _read_v2(members: Mapping[str, JSON], source: str) -> dict[str, NodeMetadata]:
    from zarrlite.metadata.group import GroupMetadata

    by_path: dict[str, dict[str, Any]] = {}
    for key, doc in members.items():
        path, _, name = key.rpartition("/")
        if not path:  # the group's own .zgroup / .zattrs
            continue
        if name not in (".zarray", ".zgroup", ".zattrs"):
            raise MetadataValidationError(f"{source}: unexpected key {key!r}")
        if not isinstance(doc, Mapping):
            raise MetadataValidationError(f"{source}: {key!r} is not a JSON object")
        by_path.setdefault(path, {})[name] = doc
    out: dict[str, NodeMetadata] = {}
    for path, docs in by_path.items():
        attributes = docs.get(".zattrs", {})
        if ".zarray" in docs:
            where = f"{source} {path}/.zarray"
            out[path] = ArrayV2Metadata.from_dict(
                {**docs[".zarray"], "attributes": attributes}, source=where
            )
        elif ".zgroup" in docs:
            where = f"{source} {path}/.zgroup"
            out[path] = GroupMetadata.from_dict(
                {**docs[".zgroup"], "attributes": attributes}, source=where
            )
    return out
