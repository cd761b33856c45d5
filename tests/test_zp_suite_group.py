"""Regressions found by running zarr-python 3.4.2's tests/test_group.py on zarrlite (plain
zarrlite here: no harness, no zarr-python internals)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import zarrlite as zarr
from zarrlite.config import ArrayConfig


@pytest.mark.parametrize(
    "shards", [np.array([4, 4]), {"shape": np.array([4, 4])}, (np.int64(4), np.int64(4))]
)
def test_shards_as_a_numpy_array(shards: Any) -> None:
    # Was ValueError "truth value of an array is ambiguous" (compared with "auto").
    group = zarr.group()
    array = group.create_array("a", shape=(10, 10), dtype="uint8", chunks=(2, 2), shards=shards)
    assert array.shards == (4, 4)
    assert array.chunks == (2, 2)
    array[:] = np.arange(100, dtype="uint8").reshape(10, 10)
    np.testing.assert_array_equal(array[:], np.arange(100, dtype="uint8").reshape(10, 10))


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize(
    ("created", "asked"),
    [
        ("int32", zarr.dtype.Int32()),
        ("int32", np.dtype("int32")),
        ("uint8", zarr.dtype.UInt8()),
        (str, str),
        (str, "string"),
    ],
)
def test_require_array_takes_every_dtype_spelling(
    zarr_format: int, created: Any, asked: Any
) -> None:
    # Was TypeError: the wanted dtype went through np.dtype(), which knows no ZDType or "string".
    group = zarr.group(zarr_format=zarr_format)  # type: ignore[arg-type]
    made = group.create_array("foo", shape=(10,), dtype=created)
    for exact in (True, False):
        found = group.require_array("foo", shape=(10,), dtype=asked, exact=exact)
        assert found.dtype == made.dtype


def test_require_array_still_refuses_another_dtype() -> None:
    group = zarr.group()
    group.create_array("foo", shape=(10,), dtype="int64")
    with pytest.raises(TypeError):
        group.require_array("foo", shape=(10,), dtype=zarr.dtype.Float32(), exact=True)
    with pytest.raises(TypeError):
        group.require_array("foo", shape=(10,), dtype="int8")  # int64 does not cast safely


@pytest.mark.parametrize("key", ["write_empty_chunks", "read_missing_chunks"])
@pytest.mark.parametrize("value", ["yes", "no", 1, None])
def test_array_config_bools_are_checked(key: str, value: Any) -> None:
    # A string was taken as is ("no" then acted as True); zarr-python raises ValueError.
    with pytest.raises(ValueError, match=key):
        ArrayConfig.from_dict({key: value})


@pytest.mark.parametrize("exists", [True, False])
def test_require_array_bad_config_value_is_a_value_error(exists: bool) -> None:
    group = zarr.group()
    if exists:
        group.create_array("a", shape=(4,), dtype="uint8")
    with pytest.raises(ValueError, match="read_missing_chunks"):
        group.require_array("a", shape=(4,), dtype="uint8", config={"read_missing_chunks": "yes"})
    assert list(group.keys()) == (["a"] if exists else [])  # nothing created on refusal
    with pytest.raises(TypeError, match="nope"):
        group.require_array("a", shape=(4,), dtype="uint8", config={"nope": 1})


def test_require_array_config_is_applied() -> None:
    group = zarr.group()
    group.create_array("a", shape=(4,), dtype="uint8")
    found = group.require_array("a", shape=(4,), dtype="uint8", config={"order": "F"})
    assert found.config.order == "F"
    assert found.config.read_missing_chunks is True


def test_types_module_has_zarr_pythons_names() -> None:
    import zarrlite.types as types

    zarr_types = pytest.importorskip("zarr.types")
    assert sorted(types.__all__) == sorted(zarr_types.__all__)
    for name in types.__all__:
        assert getattr(types, name) is not None


def test_types_aliases_mean_zarrlites_classes() -> None:
    from zarrlite.types import (
        AnyArray,
        AnyAsyncArray,
        ArrayV2,
        ArrayV3,
        AsyncArrayV2,
        AsyncArrayV3,
        DTypeConfig_V2,
        ZarrFormat,
    )

    for zarr_format in (2, 3):
        array = zarr.zeros((2,), zarr_format=zarr_format)  # type: ignore[arg-type]
        assert isinstance(array, AnyArray)
        assert isinstance(array, ArrayV2 if zarr_format == 2 else ArrayV3)
        assert isinstance(array.async_array, AnyAsyncArray)
        assert isinstance(array.async_array, AsyncArrayV2 if zarr_format == 2 else AsyncArrayV3)
    assert AnyArray is zarr.Array and AnyAsyncArray is zarr.AsyncArray
    assert ZarrFormat.__args__ == (2, 3)  # type: ignore[attr-defined]
    # the v2 form of a data type is a DTypeConfig_V2 dict
    v2: DTypeConfig_V2[str, None] = zarr.dtype.Int16().to_json(zarr_format=2)  # type: ignore[assignment]
    assert set(v2) == set(DTypeConfig_V2.__annotations__) == {"name", "object_codec_id"}


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_member_group_from_consolidated_metadata_shares_changes(zarr_format: int) -> None:
    # A group read out of its parent's consolidated metadata: a member deleted through it was
    # still listed by the parent handle (and by the stored consolidated metadata on reopening).
    store = zarr.storage.MemoryStore()
    root = zarr.create_group(store, zarr_format=zarr_format)  # type: ignore[arg-type]
    root.create_group("sub").create_group("deeper").create_array("b", shape=(4,), dtype="i4")
    zarr.consolidate_metadata(store)

    group = zarr.open_group(store, mode="r+", use_consolidated=True)
    sub = group["sub"]
    deeper = sub["deeper"]
    assert isinstance(sub, zarr.Group) and isinstance(deeper, zarr.Group)
    del deeper["b"]
    assert "b" not in deeper
    assert "b" not in group["sub/deeper"] and "b" not in sub["deeper"]
    with pytest.raises(KeyError):
        group["sub/deeper/b"]
    assert "sub/deeper/b" not in dict(group.members(max_depth=None))

    deeper.create_array("c", shape=(2,), dtype="u1")
    assert "c" in group["sub/deeper"]
    assert "sub/deeper/c" in dict(group.members(max_depth=None))

    reopened = zarr.open_consolidated(store)
    assert sorted(dict(reopened.members(max_depth=None))) == ["sub", "sub/deeper", "sub/deeper/c"]


@pytest.mark.parametrize(
    ("v3_doc", "v2_name", "v2_doc", "open_"),
    [
        ({"zarr_format": 3, "node_type": "group"}, ".zgroup", {"zarr_format": 2}, zarr.open_group),
        (
            zarr.create_array({}, shape=(2,), dtype="i1").metadata.to_dict(),
            ".zarray",
            zarr.create_array({}, shape=(2,), dtype="i1", zarr_format=2).metadata.to_dict(),
            zarr.open_array,
        ),
    ],
)
def test_documents_of_both_formats_warn_on_open(
    v3_doc: dict[str, Any], v2_name: str, v2_doc: dict[str, Any], open_: Any
) -> None:
    # zarr-python warns (ZarrUserWarning) and uses zarr.json; zarrlite used it silently.
    import json

    from zarrlite.core.buffer import default_buffer_prototype

    store = zarr.storage.MemoryStore()
    buffer = default_buffer_prototype().buffer
    store.set("zarr.json", buffer.from_bytes(json.dumps(v3_doc).encode()))
    store.set(v2_name, buffer.from_bytes(json.dumps(v2_doc).encode()))
    with pytest.warns(zarr.errors.ZarrUserWarning, match=f"zarr.json .* and {v2_name}"):
        node = open_(store, zarr_format=None)
    assert node.metadata.zarr_format == 3
    with pytest.warns(zarr.errors.ZarrUserWarning, match=v2_name):
        assert zarr.open(store).metadata.zarr_format == 3
    # asking for a format reads only its documents: no warning
    assert open_(store, zarr_format=2).metadata.zarr_format == 2


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_members_warn_about_objects_that_are_not_nodes(zarr_format: int) -> None:
    # zarr-python warns (ZarrUserWarning) for each key of a group's directory that is neither
    # an array nor a group; zarrlite skipped them silently.
    from zarrlite.core.buffer import default_buffer_prototype

    store = zarr.storage.MemoryStore()
    group = zarr.create_group(store, zarr_format=zarr_format)  # type: ignore[arg-type]
    group.create_group("sub")
    group.create_array("arr", shape=(2,), dtype="i1")
    store.set("extra", default_buffer_prototype().buffer.from_bytes(b"0"))
    store.set("folder/extra", default_buffer_prototype().buffer.from_bytes(b"0"))
    with pytest.warns(zarr.errors.ZarrUserWarning, match="not recognized") as record:
        assert sorted(dict(group.members())) == ["arr", "sub"]
    assert sorted(str(w.message).split("'")[1] for w in record) == ["extra", "folder"]
    with pytest.warns(zarr.errors.ZarrUserWarning, match="not recognized") as record:
        assert sorted(group.keys()) == ["arr", "sub"]
    assert len(record) == 2
    # the group's own metadata documents are not members and do not warn
    store.delete("extra")
    store.delete("folder/extra")
    assert sorted(dict(group.members(max_depth=None))) == ["arr", "sub"]


def test_metadata_from_dict_takes_tuples_for_lists() -> None:
    # zarr-python's from_dict accepts dicts built in Python, with tuples where JSON has lists
    # (its test_group_child_iterators builds ConsolidatedMetadata so); zarrlite refused them.
    from zarrlite.metadata import ArrayV2Metadata, ArrayV3Metadata, ConsolidatedMetadata

    v3 = zarr.create_array({}, shape=(3,), chunks=(2,), dtype="i1").metadata.to_dict()
    v3_tuples = {
        **v3,
        "shape": (3,),
        "codecs": tuple(v3["codecs"]),
        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": (2,)}},
    }
    assert ArrayV3Metadata.from_dict(v3_tuples) == ArrayV3Metadata.from_dict(v3)
    v2 = zarr.create_array({}, shape=(3,), chunks=(2,), dtype="i1", zarr_format=2).metadata
    v2_tuples = {**v2.to_dict(), "shape": (3,), "chunks": (2,)}
    assert ArrayV2Metadata.from_dict(v2_tuples) == v2
    consolidated = ConsolidatedMetadata.from_dict(
        {"kind": "inline", "must_understand": False, "metadata": {"a": v3_tuples}}
    )
    assert consolidated.to_dict()["metadata"]["a"]["shape"] == [3]
    # a scalar where JSON has a list is still refused
    with pytest.raises(ValueError, match="shape"):
        ArrayV3Metadata.from_dict({**v3, "shape": 3})


def test_create_hierarchy_overwrite_clears_given_paths_without_a_node() -> None:
    # With overwrite=True, keys below each given path were deleted only when a node was there:
    # nodes below a path with no document of its own (create_nodes writes no parents) stayed
    # in the new hierarchy. zarr-python clears them, as a single node's overwrite does.
    from zarrlite.core.sync_group import create_hierarchy, create_nodes
    from zarrlite.metadata import GroupMetadata

    store = zarr.storage.MemoryStore()
    pre_existing = {"": GroupMetadata(), "group/extra": GroupMetadata(), "keep/me": GroupMetadata()}
    dict(create_nodes(store=store, nodes=pre_existing))
    array = zarr.create_array({}, shape=(3,), dtype="i1").metadata
    spec: dict[str, Any] = {"group": GroupMetadata(), "group/sub/a": array}
    created = dict(create_hierarchy(store=store, nodes=spec, overwrite=True))
    assert sorted(created) == ["group", "group/sub", "group/sub/a"]
    assert not store.exists("group/extra/zarr.json")
    assert store.exists("keep/me/zarr.json")  # "keep" is neither given nor implied
    # without overwrite the stray node stays (the given "group" has no document: no conflict)
    store = zarr.storage.MemoryStore()
    dict(create_nodes(store=store, nodes=pre_existing))
    dict(create_hierarchy(store=store, nodes=spec))
    assert store.exists("group/extra/zarr.json")
