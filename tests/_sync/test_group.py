# Generated from tests/_async/test_group.py by codegen. Do not edit.

"""Groups and hierarchy through the async API (asyncio, trio and generated sync)."""

from __future__ import annotations

import numpy as np
import pytest

from zarrlite._sync import api
from zarrlite._sync.array import Array
from zarrlite._sync.group import Group
from zarrlite._sync.store.memory import MemoryStore
from zarrlite.errors import ContainsArrayError, ContainsGroupError, GroupNotFoundError


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_group_members(zarr_format: int) -> None:
    store = MemoryStore()
    root = api.open_group(store, mode="w", zarr_format=zarr_format, attributes={"k": "v"})
    root.create_array("b", shape=(3,), dtype="i1")
    sub = root.create_group("a")
    sub.create_array("c", shape=(2, 2), dtype="f4")
    assert [name for name in root.keys()] == ["a", "b"]
    assert [name for name in root.array_keys()] == ["b"]
    assert [name for name in root.group_keys()] == ["a"]
    deep = [name for name, _ in root.members(max_depth=None)]
    assert deep == ["a", "a/c", "b"]
    assert root.nmembers() == 2
    assert isinstance(root.getitem("a/c"), Array)
    assert isinstance(root.getitem("a"), Group)
    assert root.contains("a/c")
    assert not root.contains("zzz")
    with pytest.raises(KeyError):
        root.getitem("zzz")
    reopened = api.open_group(store, mode="r")
    assert reopened.attrs == {"k": "v"}
    assert reopened.zarr_format == zarr_format


def test_typed_access_and_require() -> None:
    root = api.group(MemoryStore())
    root.create_array("arr", shape=(2,), dtype="i4")
    with pytest.raises(ContainsArrayError):
        root.get_group("arr")
    root.require_group("g")
    with pytest.raises(ContainsGroupError):
        root.get_array("g")
    assert root.get("missing", 5) == 5
    g1 = root.require_group("g")
    g2 = root.require_group("g")
    assert g1 == g2
    arr = root.require_array("arr", shape=(2,), dtype="i4")
    assert arr.shape == (2,)
    with pytest.raises(TypeError):
        root.require_array("arr", shape=(3,))


def test_setitem_delitem() -> None:
    store = MemoryStore()
    root = api.group(store)
    root.setitem("data", np.arange(5))
    np.testing.assert_array_equal(root.getitem("data").getitem(Ellipsis), np.arange(5))
    root.delitem("data")
    assert not root.contains("data")
    assert [k for k in store.list_prefix("data")] == []
    with pytest.raises(KeyError):
        root.delitem("data")


def test_open_modes() -> None:
    store = MemoryStore()
    with pytest.raises(GroupNotFoundError):
        api.open_group(store, mode="r")
    created = api.open_group(store, mode="a")
    assert created.path == ""
    with pytest.raises(ContainsGroupError):
        api.open_group(store, mode="w-")
    node = api.open(store)
    assert isinstance(node, Group)
    arr = api.open(store, path="x", shape=(2,), dtype="u1")
    assert isinstance(arr, Array)
    assert isinstance(api.open(store, path="x", mode="r"), Array)
    with pytest.raises(ContainsArrayError):
        api.open_group(store, path="x")


def test_group_attrs_update() -> None:
    store = MemoryStore()
    root = api.group(store, attributes={"a": 1})
    root.update_attributes({"b": 2})
    assert api.open_group(store).attrs == {"a": 1, "b": 2}


def test_creation_functions() -> None:
    store = MemoryStore()
    z = api.zeros((3, 3), store=store, path="z", chunks=(2, 2))
    np.testing.assert_array_equal(z.getitem(Ellipsis), np.zeros((3, 3)))
    o = api.ones_like(z, store=store, path="o")
    np.testing.assert_array_equal(o.getitem(Ellipsis), np.ones((3, 3)))
    assert o.chunks == (2, 2)
    f = api.full((2,), 7, store=store, path="f", dtype="i4")
    np.testing.assert_array_equal(f.getitem(Ellipsis), [7, 7])
    a = api.array(np.arange(6).reshape(2, 3), store=store, path="arr")
    np.testing.assert_array_equal(a.getitem(Ellipsis), np.arange(6).reshape(2, 3))
    e = api.empty_like(a, store=store, path="e")
    assert e.shape == (2, 3)
    api.save(store, np.arange(4), path="saved")
    np.testing.assert_array_equal(api.load(store, path="saved"), np.arange(4))
    api.save(store, np.arange(2), extra=np.ones(3), path="grp")
    loaded = api.load(store, path="grp")
    assert sorted(loaded) == ["arr_0", "extra"]


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_like_methods_and_create_alias(zarr_format: int) -> None:
    root = api.open_group(MemoryStore(), mode="w", zarr_format=zarr_format)
    source = root.create_array("src", shape=(6, 4), chunks=(3, 2), dtype="i2", fill_value=7)
    made = {
        "e": root.empty_like(name="e", data=source),
        "z": root.zeros_like(name="z", data=source),
        "o": root.ones_like(name="o", data=source),
        "f": root.full_like(name="f", data=source),
        "n": root.full_like(name="n", data=np.arange(5.0), fill_value=2.5),
        "c": root.create("c", shape=(2,), dtype="u1"),
    }
    for key in "ezof":
        assert made[key].shape == (6, 4) and made[key].chunks == (3, 2)
        assert made[key].dtype == np.dtype("i2") and made[key].zarr_format == zarr_format
    assert (made["z"].getitem(Ellipsis) == 0).all()
    assert (made["o"].getitem(Ellipsis) == 1).all()
    assert (made["f"].getitem(Ellipsis) == 7).all()
    np.testing.assert_array_equal(made["n"].getitem(Ellipsis), np.full(5, 2.5))
    assert made["c"].shape == (2,)
    assert sorted([k for k in root.array_keys()]) == ["c", "e", "f", "n", "o", "src", "z"]


def test_group_lookup_errors_name_the_member() -> None:
    root = api.open_group(MemoryStore(), mode="w")
    root.create_array("arr", shape=(1,), dtype="i1")
    root.create_group("grp")
    with pytest.raises(ContainsArrayError, match="'arr'"):
        root.get_group("arr")
    with pytest.raises(ContainsGroupError, match="'grp'"):
        root.get_array("grp")
    with pytest.raises(KeyError, match="nope"):
        root.getitem("nope")
    assert root.get("nope", 5) == 5
    assert root.contains("grp") and not root.contains("nope")
    with pytest.raises(GroupNotFoundError, match="missing"):
        api.open_group(root.store, path="missing", mode="r")


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_metadata_requests_are_batched(zarr_format: int) -> None:
    # Listing members reads every member's metadata in one batch; creating a node looks up
    # the node and its parents in one batch and writes its documents in one. Missing parents'
    # documents are written one by one, each only if it does not exist.
    from zarrlite._sync.store.logging import LoggingStore

    store = LoggingStore(MemoryStore())
    group = api.open_group(store=store, mode="w", zarr_format=zarr_format)
    store.counter.clear()
    group.create_array("a/b/c", shape=(4,), dtype="i4")
    assert store.counter["get_many"] == 1, store.counter
    assert store.counter["set_many"] == 1, store.counter  # the node's documents
    # parents "a" and "a/b": zarr.json (v3), or .zgroup and .zattrs (v2)
    assert store.counter["set_if_not_exists"] == 2 * (4 - zarr_format), store.counter
    for i in range(20):
        group.create_array(f"m{i}", shape=(4,), dtype="i4")
    reopened = api.open_group(store=store, mode="r", use_consolidated=False)
    store.counter.clear()
    names = sorted([name for name, _ in reopened.arrays()])
    assert names == sorted(f"m{i}" for i in range(20))
    assert store.counter["get_many"] == 1, store.counter
    assert store.counter["get"] == 0, store.counter
