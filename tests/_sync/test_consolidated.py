# Generated from tests/_async/test_consolidated.py by codegen. Do not edit.

"""Consolidated metadata: writing it, opening with it, and using it as a cache."""

from __future__ import annotations

import json

import numpy as np
import pytest

from zarrlite._sync import api
from zarrlite._sync.array import Array
from zarrlite._sync.group import Group
from zarrlite._sync.store.logging import LoggingStore
from zarrlite._sync.store.memory import MemoryStore
from zarrlite.errors import ContainsArrayError, GroupNotFoundError


def _hierarchy(store: MemoryStore, zarr_format: int) -> Group:
    root = api.open_group(store, mode="w", zarr_format=zarr_format, attributes={"r": 1})
    root.create_array("x", shape=(4,), chunks=(2,), dtype="i2", attributes={"a": 1})
    sub = root.create_group("g", attributes={"s": 2})
    sub.create_array("y", shape=(2, 3), dtype="f8")
    sub.create_group("h")
    return root


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_consolidate_then_list_without_metadata_requests(zarr_format: int) -> None:
    inner = MemoryStore()
    _hierarchy(inner, zarr_format)
    group = api.consolidate_metadata(inner)
    assert group.metadata.consolidated_metadata is not None
    assert sorted(group.metadata.consolidated_metadata.flattened_metadata) == [
        "g",
        "g/h",
        "g/y",
        "x",
    ]

    store = LoggingStore(inner)
    opened = api.open_consolidated(store)
    store.reset()
    members = {path: node for path, node in opened.members(max_depth=None)}
    assert sorted(members) == ["g", "g/h", "g/y", "x"]
    assert isinstance(members["x"], Array) and members["x"].attrs == {"a": 1}
    assert isinstance(members["g"], Group) and members["g"].attrs == {"s": 2}
    assert opened.getitem("g/y").shape == (2, 3)
    assert sum(store.counter.values()) == 0, store.requests


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_consolidated_documents_are_where_the_format_puts_them(zarr_format: int) -> None:
    store = MemoryStore()
    _hierarchy(store, zarr_format)
    api.consolidate_metadata(store, zarr_format=zarr_format)
    if zarr_format == 3:
        doc = json.loads(bytes(store.get("zarr.json")))  # type: ignore[arg-type]
        assert doc["consolidated_metadata"]["kind"] == "inline"
        assert "g/y" in doc["consolidated_metadata"]["metadata"]
    else:
        doc = json.loads(bytes(store.get(".zmetadata")))  # type: ignore[arg-type]
        assert doc["zarr_consolidated_format"] == 1
        assert "g/y/.zarray" in doc["metadata"]


def test_use_consolidated_true_requires_it_false_ignores_it() -> None:
    store = MemoryStore()
    _hierarchy(store, 3)
    with pytest.raises(ValueError, match="consolidate_metadata"):
        api.open_group(store, mode="r", use_consolidated=True)
    with pytest.raises(ValueError, match="consolidate_metadata"):
        api.open_consolidated(store, mode="r")
    with pytest.raises(TypeError, match="use_consolidated"):
        api.open_consolidated(store, use_consolidated=False)  # type: ignore[arg-type]
    api.consolidate_metadata(store)
    plain = api.open_group(store, mode="r", use_consolidated=False)
    assert plain.metadata.consolidated_metadata is None
    assert [k for k in plain.keys()] == ["g", "x"]


def test_v2_consolidated_key_name() -> None:
    store = MemoryStore()
    _hierarchy(store, 2)
    api.consolidate_metadata(store)
    data = store.get(".zmetadata")
    assert data is not None
    store.set("custom", data)
    store.delete(".zmetadata")
    with pytest.raises(ValueError, match="consolidate"):
        api.open_group(store, mode="r", use_consolidated=True)
    opened = api.open_group(store, mode="r", use_consolidated="custom")
    assert opened.metadata.consolidated_metadata is not None


def test_a_consolidated_key_name_is_refused_for_a_v3_group() -> None:
    # zarr-python: TypeError; zarrlite ignored the name and used zarr.json's consolidated copy.
    store = MemoryStore()
    _hierarchy(store, 3)
    api.consolidate_metadata(store)
    for call in (
        lambda: api.open_group(store, mode="r", use_consolidated="custom"),
        lambda: api.open(store, mode="r", use_consolidated=".zmetadata"),
        lambda: api.open_group(store, mode="r", use_consolidated="custom", zarr_format=3),
    ):
        with pytest.raises(TypeError, match="format 3"):
            call()


def test_cache_misses_go_to_the_store() -> None:
    store = MemoryStore()
    _hierarchy(store, 3)
    api.consolidate_metadata(store)
    writer = api.open_group(store, use_consolidated=False)
    writer.create_array("late", shape=(1,), dtype="u1")
    reader = api.open_consolidated(store, mode="r")
    assert "late" not in [k for k in reader.keys()]  # listing comes from the cache
    assert isinstance(reader.getitem("late"), Array)  # lookup falls back to the store
    assert reader.contains("late")
    with pytest.raises(KeyError):
        reader.getitem("absent")


def test_changes_through_a_consolidated_handle_keep_it_consistent() -> None:
    store = MemoryStore()
    _hierarchy(store, 3)
    root = api.consolidate_metadata(store)
    root.create_array("new/deep", shape=(3,), dtype="i4")
    root.delitem("g")
    for handle in (root, api.open_consolidated(store)):
        names = [p for p, _ in handle.members(max_depth=None)]
        assert names == ["new", "new/deep", "x"]
        with pytest.raises(KeyError):
            handle.getitem("g/y")
    root.move("x", "moved/x")
    again = api.open_consolidated(store)
    assert [p for p, _ in again.members(max_depth=None)] == ["moved", "moved/x", "new", "new/deep"]
    np.testing.assert_array_equal(again.getitem("moved/x").getitem(Ellipsis), 0)


def test_member_group_from_cache_does_not_write_a_cache_of_its_own() -> None:
    store = MemoryStore()
    _hierarchy(store, 3)
    root = api.consolidate_metadata(store)
    sub = root.getitem("g")
    assert isinstance(sub, Group)
    assert sorted([k for k in sub.keys()]) == ["h", "y"]
    sub.update_attributes({"t": 3})
    doc = json.loads(bytes(store.get("g/zarr.json")))  # type: ignore[arg-type]
    assert doc["attributes"] == {"s": 2, "t": 3}
    assert "consolidated_metadata" not in doc


def test_consolidate_errors_name_the_path() -> None:
    store = MemoryStore()
    with pytest.raises(GroupNotFoundError, match="missing"):
        api.consolidate_metadata(store, path="missing")
    api.create_array(store, name="arr", shape=(2,), dtype="i1")
    with pytest.raises(ContainsArrayError, match="arr"):
        api.consolidate_metadata(store, path="arr")
    with pytest.raises(FileNotFoundError, match="arr"):  # zarr-python's class
        api.consolidate_metadata(store, path="arr")


def test_load_of_a_group_is_lazy() -> None:
    inner = MemoryStore()
    api.save_group(inner, np.arange(3), second=np.ones(2))
    store = LoggingStore(inner)
    loaded = api.load(store)
    assert sorted(loaded) == ["arr_0", "second"]
    store.reset()
    np.testing.assert_array_equal(loaded["second"], np.ones(2))
    assert all("arr_0" not in (key or "") for _, key, *_ in store.requests)


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_adding_a_member_keeps_what_other_handles_stored(zarr_format: int) -> None:
    # The stored document is read, changed and written back: attributes set through another
    # handle since this one was opened are kept, and so are members that handle added.
    store = MemoryStore()
    api.open_group(store, mode="w", zarr_format=zarr_format, attributes={"v": 1})
    api.consolidate_metadata(store)
    first = api.open_group(store, mode="a")
    second = api.open_group(store, mode="a")
    second.update_attributes({"v": 2})
    second.create_group("by_second")
    first.create_group("by_first")
    plain = api.open_group(store, mode="r", use_consolidated=False)
    assert plain.attrs == {"v": 2}
    opened = api.open_group(store, mode="r")
    assert opened.attrs == {"v": 2}
    assert opened.metadata.consolidated_metadata is not None
    assert sorted(opened.metadata.consolidated_metadata.flattened_metadata) == [
        "by_first",
        "by_second",
    ]
    # An attribute update through the first handle keeps both members listed, too. (It
    # merges into that handle's attributes, as zarr-python's does.)
    first.update_attributes({"w": 3})
    opened = api.open_group(store, mode="r")
    assert opened.attrs["w"] == 3
    assert sorted(opened.metadata.consolidated_metadata.flattened_metadata) == [
        "by_first",
        "by_second",
    ]


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_members_added_concurrently_are_all_consolidated(zarr_format: int) -> None:
    from tests import concurrency

    store = MemoryStore()
    api.open_group(store, mode="w", zarr_format=zarr_format)
    group = api.consolidate_metadata(store)
    names = [f"a{i}" for i in range(16)]
    with concurrency.create_task_group() as tasks:
        for name in names:
            tasks.start_soon(lambda n: group.create_array(n, shape=(2,), dtype="i1"), name)
    opened = api.open_group(store, mode="r")
    assert opened.metadata.consolidated_metadata is not None
    assert sorted(opened.metadata.consolidated_metadata.flattened_metadata) == sorted(names)
    assert sorted(group.metadata.consolidated_metadata.flattened_metadata) == sorted(names)


def test_a_group_no_longer_consolidated_stays_so() -> None:
    # Another writer stored the group without consolidated metadata: adding a member through
    # an old handle must not bring back its stale copy.
    store = MemoryStore()
    api.open_group(store, mode="w", attributes={"v": 1})
    handle = api.consolidate_metadata(store)
    store.set("zarr.json", b'{"zarr_format": 3, "node_type": "group", "attributes": {"v": 9}}')
    handle.create_group("child")
    assert json.loads(store.get("zarr.json")) == {
        "zarr_format": 3,
        "node_type": "group",
        "attributes": {"v": 9},
    }
    assert "child" in [name for name in handle.group_keys()]


def test_an_attribute_update_without_consolidated_metadata_keeps_it_stored() -> None:
    store = MemoryStore()
    root = api.open_group(store, mode="w")
    root.create_group("child")
    api.consolidate_metadata(store)
    plain = api.open_group(store, mode="r+", use_consolidated=False)
    plain.update_attributes({"k": 1})
    again = api.open_group(store, mode="r", use_consolidated=True)
    assert again.attrs == {"k": 1}
    assert sorted(again.metadata.consolidated_metadata.flattened_metadata) == ["child"]
