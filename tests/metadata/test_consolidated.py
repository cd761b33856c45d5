"""Consolidated metadata: read what zarr-python 3.4.2 consolidates and write it back identically."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from zarrlite.metadata import (
    ArrayV2Metadata,
    ArrayV3Metadata,
    ConsolidatedMetadata,
    GroupMetadata,
    parse_node_documents,
)

from .oracle import MemoryStore, quietly, stored, zarr


def _hierarchy(fmt: int) -> dict[str, bytes]:
    store = MemoryStore()
    root = quietly(zarr.create_group, store, zarr_format=fmt, attributes={"root": True})
    a = quietly(root.create_group, "a", attributes={"x": 1})
    quietly(a.create_group, "b")
    quietly(a.create_array, "arr", shape=(4,), dtype="i2", chunks=(2,), fill_value=3)
    quietly(root.create_array, "Z", shape=(2, 2), dtype="f8", fill_value=math.nan)
    quietly(root.create_array, "c", shape=(2,), dtype=str, attributes={"u": "é"})
    quietly(root.create_array, "a/b/deep", shape=(3,), dtype="M8[s]")
    quietly(zarr.consolidate_metadata, store)
    return stored(store)


ROOT_DOCS = {3: ("zarr.json",), 2: (".zgroup", ".zattrs", ".zmetadata")}


@pytest.mark.parametrize("fmt", [2, 3])
def test_consolidated_round_trip_matches_zarr(fmt: int) -> None:
    everything = _hierarchy(fmt)
    documents = {name: everything[name] for name in ROOT_DOCS[fmt]}
    group = parse_node_documents(documents, fmt)  # type: ignore[arg-type]
    assert isinstance(group, GroupMetadata)
    cm = group.consolidated_metadata
    assert cm is not None
    assert sorted(cm.flattened_metadata) == ["Z", "a", "a/arr", "a/b", "a/b/deep", "c"]
    assert group.to_documents() == documents
    # each consolidated member equals the node's own documents
    for path, member in cm.flattened_metadata.items():
        names = ("zarr.json",) if fmt == 3 else (".zarray", ".zgroup", ".zattrs")
        own = {n: everything[f"{path}/{n}"] for n in names if f"{path}/{n}" in everything}
        assert parse_node_documents(own, fmt) == member  # type: ignore[arg-type]
    assert isinstance(cm.get("a/arr"), ArrayV3Metadata if fmt == 3 else ArrayV2Metadata)
    assert sorted(cm.children()) == ["Z", "a", "c"]
    assert sorted(cm.children("a")) == ["arr", "b"]
    assert sorted(cm.subtree("a").flattened_metadata) == ["arr", "b", "b/deep"]


@pytest.mark.parametrize("fmt", [2, 3])
def test_nested_view_matches_zarr(fmt: int) -> None:
    """``metadata`` holds the direct members, each member group with its own members'
    consolidated metadata, and ``flattened_metadata`` every node by path, as zarr-python's."""
    everything = _hierarchy(fmt)
    ours = parse_node_documents({name: everything[name] for name in ROOT_DOCS[fmt]}, fmt)  # type: ignore[arg-type]
    assert isinstance(ours, GroupMetadata) and ours.consolidated_metadata is not None
    theirs = quietly(zarr.open_consolidated, MemoryStore(_as_buffers(everything)), mode="r")
    their_cm = theirs.metadata.consolidated_metadata

    def shape_of(cm: Any) -> dict[str, Any]:
        return {
            name: None if getattr(node, "consolidated_metadata", None) is None
            else shape_of(node.consolidated_metadata)
            for name, node in cm.metadata.items()
        }

    assert shape_of(ours.consolidated_metadata) == shape_of(their_cm)
    assert sorted(ours.consolidated_metadata.flattened_metadata) == sorted(
        their_cm.flattened_metadata
    )


@pytest.mark.parametrize("fmt", [2, 3])
def test_to_dict_matches_zarr(fmt: int) -> None:
    """``to_dict()`` of a consolidated group and of each member is zarr-python's (v2 too: with
    ``attributes`` and ``node_type``), and ``from_dict`` reads it back."""
    everything = _hierarchy(fmt)
    group = parse_node_documents(
        {name: everything[name] for name in ROOT_DOCS[fmt]},
        fmt,  # type: ignore[arg-type]
    )
    assert isinstance(group, GroupMetadata)
    theirs = quietly(zarr.open_consolidated, MemoryStore(_as_buffers(everything)), mode="r")
    normalised = json.loads(json.dumps(quietly(theirs.metadata.to_dict), allow_nan=False))
    assert group.to_dict() == normalised
    assert GroupMetadata.from_dict(group.to_dict()) == group
    for path in ("a", "a/arr", "c"):
        own = {
            n: everything[k]
            for n in (".zarray", ".zgroup", ".zattrs", "zarr.json")
            if (k := f"{path}/{n}") in everything
        }
        member = parse_node_documents(own, fmt)  # type: ignore[arg-type]
        assert member is not None
        node = quietly(zarr.open, MemoryStore(_as_buffers(everything)), path=path, mode="r")
        assert member.to_dict() == json.loads(json.dumps(quietly(node.metadata.to_dict)))
        assert type(member).from_dict(member.to_dict()) == member


def _as_buffers(documents: dict[str, bytes]) -> dict[str, Any]:
    from zarr.core.buffer import cpu

    return {key: cpu.Buffer.from_bytes(value) for key, value in documents.items()}


@pytest.mark.parametrize("fmt", [2, 3])
def test_consolidated_dict_forms(fmt: int) -> None:
    everything = _hierarchy(fmt)
    if fmt == 3:
        data = json.loads(everything["zarr.json"])["consolidated_metadata"]
        cm = ConsolidatedMetadata.from_dict(data)
        assert cm.to_dict() == data
    else:
        data = json.loads(everything[".zmetadata"])
        cm = ConsolidatedMetadata.from_dict(data)
        assert cm.to_dict(2, root_attributes={"root": True}) == data
    assert ConsolidatedMetadata.from_dict(cm.to_dict(fmt)) == cm  # type: ignore[arg-type]


def test_nested_form_is_flattened() -> None:
    leaf = GroupMetadata({"k": 1})
    inner = GroupMetadata(consolidated_metadata=ConsolidatedMetadata({"leaf": leaf}))
    cm = ConsolidatedMetadata({"/inner/": inner})
    assert set(cm.flattened_metadata) == {"inner", "inner/leaf"}
    assert cm.get("inner") == GroupMetadata()
    assert cm.flattened_metadata["inner/leaf"] == leaf
    assert cm.metadata == {"inner": inner}  # the nested view gives the nested form back


def test_consolidated_errors() -> None:
    from zarrlite.errors import MetadataValidationError

    with pytest.raises(MetadataValidationError, match="kind"):
        ConsolidatedMetadata.from_dict({"kind": "other", "metadata": {}})
    with pytest.raises(MetadataValidationError, match="'metadata'"):
        ConsolidatedMetadata.from_dict({"kind": "inline", "metadata": []})
    with pytest.raises(MetadataValidationError, match=r"member 'x'.*zarr_format"):
        ConsolidatedMetadata.from_dict({"kind": "inline", "metadata": {"x": {"zarr_format": 9}}})
    with pytest.raises(MetadataValidationError, match="zarr_consolidated_format"):
        ConsolidatedMetadata.from_dict({"zarr_consolidated_format": 2, "metadata": {}})
    v3_member: Any = GroupMetadata()
    with pytest.raises(ValueError, match="v3"):
        ConsolidatedMetadata({"g": v3_member}).to_dict(2)
