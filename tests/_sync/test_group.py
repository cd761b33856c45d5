# Generated from tests/_async/test_group.py by codegen. Do not edit.

"""Groups and hierarchy through the async API (asyncio, trio and generated sync)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests import concurrency
from zarrlite._sync import api
from zarrlite._sync.array import Array
from zarrlite._sync.group import Group
from zarrlite._sync.store.local import LocalStore
from zarrlite._sync.store.memory import MemoryStore
from zarrlite.errors import (
    ArrayNotFoundError,
    ContainsArrayError,
    ContainsGroupError,
    GroupNotFoundError,
    NodeTypeValidationError,
)


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


def test_a_group_is_not_array_data() -> None:
    # numpy turns a group into an array of its member names (it iterates over them); as in
    # zarr-python, storing a group as data is refused and nothing is written.
    store = MemoryStore()
    root = api.group(store)
    sub = root.create_group("sub")
    sub.create_group("a")
    with pytest.raises(TypeError, match="group"):
        root.setitem("x", sub)
    with pytest.raises(TypeError, match="group"):
        api.create_array(store, name="y", data=sub)
    with pytest.raises(TypeError, match="group"):
        api.from_array(store, name="z", data=sub)
    assert [k for k in root.keys()] == ["sub"]


def test_get_array_and_get_group_of_a_missing_member() -> None:
    # zarr-python raises ArrayNotFoundError / GroupNotFoundError; zarrlite's classes are those
    # and KeyError (as a missing member in getitem).
    root = api.group(MemoryStore())
    root.create_array("a", shape=(1,), dtype="i1")
    for path in ["nope", "a/below"]:
        with pytest.raises(ArrayNotFoundError):
            root.get_array(path)
        with pytest.raises(GroupNotFoundError):
            root.get_group(path)
        with pytest.raises(KeyError):
            root.get_array(path)
        with pytest.raises(KeyError):
            root.get_group(path)


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_move_onto_an_existing_node_names_its_kind(zarr_format: int) -> None:
    # Was ContainsArrayError whatever was at the destination.
    root = api.group(MemoryStore(), zarr_format=zarr_format)
    root.create_group("a")
    root.create_group("b")
    root.create_array("c", shape=(1,), dtype="i1")
    with pytest.raises(ContainsGroupError, match="group"):
        root.move("a", "b")
    with pytest.raises(ContainsGroupError):
        root.move("c", "b")
    with pytest.raises(ContainsArrayError, match="array"):
        root.move("a", "c")
    assert sorted([k for k in root.keys()]) == ["a", "b", "c"]


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_moving_the_root_group_into_itself_names_the_source(zarr_format: int) -> None:
    # root.move("", "x") failed on an internal key ("invalid store prefix '/'"); a subgroup's
    # move("", ...) already said "into itself".
    root = api.group(MemoryStore(), zarr_format=zarr_format)
    root.create_array("a", shape=(1,), dtype="i1")
    with pytest.raises(ValueError, match=r"cannot move '' into itself \('x'\)"):
        root.move("", "x")
    assert [k for k in root.keys()] == ["a"]


@pytest.mark.parametrize(
    ("zarr_format", "name"), [(3, ".zarray"), (3, ".zattrs"), (2, "zarr.json")]
)
def test_a_member_named_like_the_other_formats_document_is_listed(
    zarr_format: int, name: str
) -> None:
    # Only the group's own format's document names are skipped when listing (zarr-python lists
    # a v3 member called ".zarray"); was left out of members/keys/nmembers.
    root = api.group(MemoryStore(), zarr_format=zarr_format)
    root.create_group(name)
    root.create_array("x", shape=(1,), dtype="i1")
    assert [k for k in root.keys()] == sorted([name, "x"])
    assert root.nmembers() == 2
    assert root.contains(name)


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


def test_require_array_dtype_must_cast_from_the_stored_one() -> None:
    # zarr-python: "If False, require dtype can be cast from array dtype".
    root = api.open_group(MemoryStore(), mode="w")
    root.create_array("x", shape=(4,), dtype="i4")
    assert root.require_array("x", shape=(4,), dtype="f8").dtype == np.dtype("i4")
    assert root.require_array("x", shape=(4,), dtype="i8").dtype == np.dtype("i4")
    with pytest.raises(TypeError, match="int32"):
        root.require_array("x", shape=(4,), dtype="i2")
    with pytest.raises(TypeError, match="int32"):
        root.require_array("x", shape=(4,), dtype="f8", exact=True)
    assert root.require_array("x", shape=(4,), dtype="i4", exact=True).shape == (4,)


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("where", ["memory", "local"])
def test_concurrent_require_calls_all_get_the_node(
    zarr_format: int, where: str, tmp_path: Path
) -> None:
    # Every caller looks the node up, finds nothing and creates it; all but the first creation
    # fail, and those callers must open the node the first one created.
    store = MemoryStore() if where == "memory" else LocalStore(str(tmp_path))
    root = api.open_group(store, mode="w", zarr_format=zarr_format)
    groups: list[Group] = []
    arrays: list[Array] = []

    def require_group() -> None:
        groups.append(root.require_group("shared"))

    def require_array() -> None:
        arrays.append(root.require_array("data", shape=(3,), dtype="i4"))

    with concurrency.create_task_group() as tasks:
        for _ in range(20):
            tasks.start_soon(require_group)
            tasks.start_soon(require_array)
    assert len(groups) == len(arrays) == 20
    assert {g.path for g in groups} == {"shared"}
    assert {(a.path, a.shape, a.dtype) for a in arrays} == {("data", (3,), np.dtype("i4"))}
    assert sorted([name for name in root.keys()]) == ["data", "shared"]
    several = root.require_groups("shared", "other")
    assert [g.path for g in several] == ["shared", "other"]


def test_require_below_an_array_still_refused() -> None:
    # The fallback to opening applies only when the node itself now exists.
    root = api.open_group(MemoryStore(), mode="w")
    root.create_array("arr", shape=(2,), dtype="i4")
    with pytest.raises(ContainsArrayError):
        root.require_group("arr/below")
    with pytest.raises(ContainsArrayError):
        root.require_array("arr/below", shape=(1,), dtype="i1")


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_wrong_node_kind_raises_zarr_pythons_class_too(zarr_format: int) -> None:
    # zarrlite's class, which is also (a subclass of) the class zarr-python 3.4 raises, so
    # `except` clauses written for either keep working.
    store = MemoryStore()
    root = api.open_group(store, mode="w", zarr_format=zarr_format)
    root.create_array("arr", shape=(2,), dtype="i4")
    root.create_group("sub")
    for expected in (ContainsArrayError, TypeError):
        with pytest.raises(expected, match="'arr'"):
            root.require_group("arr")
    for expected in (ContainsGroupError, TypeError):
        with pytest.raises(expected, match="'sub'"):
            root.require_array("sub", shape=(2,), dtype="i4")
    # zarr-python looks for .zgroup/.zarray in v2 (not found) and reads zarr.json in v3.
    theirs_group: type[Exception] = GroupNotFoundError if zarr_format == 2 else ContainsArrayError
    theirs_array: type[Exception] = (
        ArrayNotFoundError if zarr_format == 2 else NodeTypeValidationError
    )
    for mode in ("r", "r+"):
        for expected in (ContainsArrayError, theirs_group):
            with pytest.raises(expected, match="'arr'"):
                api.open_group(store, path="arr", mode=mode)
    for expected in (ContainsArrayError, theirs_group):
        with pytest.raises(expected, match="'arr'"):
            Group.open(root.store_path / "arr")
    for mode in ("r", "r+", "a"):
        for expected in (ContainsGroupError, theirs_array):
            with pytest.raises(expected, match="'sub'"):
                api.open_array(store, path="sub", mode=mode)
    for expected in (ContainsGroupError, theirs_array):
        with pytest.raises(expected, match="'sub'"):
            Array.open(root.store_path / "sub")
    # mode "w-": the existing node is reported before the missing shape.
    for expected in (ContainsGroupError, FileExistsError):
        with pytest.raises(expected, match="'sub'"):
            api.open_array(store, path="sub", mode="w-")
    for expected in (ContainsArrayError, FileExistsError):
        with pytest.raises(expected, match="'arr'"):
            api.open_array(store, path="arr", mode="w-")
    with pytest.raises(TypeError):
        api.open_array(store, path="new", mode="w-")


def test_get_parameter_is_named_as_in_zarr_python() -> None:
    root = api.open_group(MemoryStore(), mode="w")
    root.create_group("a")
    # zarr-python: AsyncGroup.get(key, default), Group.get(path, default).
    assert root.get("nope") is None
    assert root.get("a", 0).path == "a"


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_like_methods_copy_the_codecs(zarr_format: int) -> None:
    # As zarr-python's group methods: v2 order, compressor and filters; v3 codecs.
    import numcodecs

    from zarrlite.codecs import GzipCodec

    group = api.open_group(MemoryStore(), mode="w", zarr_format=zarr_format)
    if zarr_format == 2:
        source = group.create_array(
            "a",
            shape=(8,),
            chunks=(4,),
            dtype="i2",
            fill_value=5,
            order="F",
            compressors=numcodecs.Zlib(3),
            filters=[numcodecs.Delta(dtype="<i2")],
        )
    else:
        source = group.create_array(
            "a",
            shape=(8,),
            chunks=(4,),
            dtype="i2",
            fill_value=5,
            compressors=GzipCodec(level=3),
        )
    for method, fill in (("empty_like", 5), ("zeros_like", 0), ("ones_like", 1)):
        made = getattr(group, method)(name=method, data=source)
        assert made.fill_value == fill and made.chunks == (4,)
        if zarr_format == 2:
            assert made.metadata.compressor == numcodecs.Zlib(3)
            assert made.metadata.filters == (numcodecs.Delta(dtype="<i2"),)
            assert made.metadata.order == "F"
        else:
            assert made.metadata.codecs == source.metadata.codecs
    full = group.full_like(name="full", data=source, fill_value=7, compressors=None)
    assert full.fill_value == 7 and full.compressors == ()


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_group_info_counts_consolidated_members(zarr_format: int) -> None:
    # As zarr-python 3.4: a group holding consolidated metadata shows the (recursive) member
    # counts in info, which costs no I/O there; without it, info has none.
    store = MemoryStore()
    root = api.open_group(store, zarr_format=zarr_format)
    sub = root.create_group("sub")
    sub.create_array("x", shape=(2,), dtype="i1")
    root.create_array("y", shape=(2,), dtype="i1")
    assert "No. members" not in repr(root.info)
    api.consolidate_metadata(store, zarr_format=zarr_format)
    opened = api.open_group(store, mode="r", use_consolidated=True)
    assert repr(opened.info).splitlines()[-3:] == [
        "No. members : 3", "No. arrays  : 2", "No. groups  : 1"
    ]  # fmt: skip
    complete = opened.info_complete()
    assert repr(opened.info).splitlines()[-3:] == repr(complete).splitlines()[-3:]


def test_group_info_names_the_path_as_zarr_python() -> None:
    # zarr-python 3.4's GroupInfo shows the store path: "" for the root, "sub/deep" below
    store = MemoryStore()
    root = api.open_group(store)
    deep = root.create_group("sub/deep")
    deep.create_array("x", shape=(2,), dtype="i1")
    store_type = "MemoryStore"  # zarr-python's name, in both flavours
    assert repr(root.info) == (
        "Name        : \nType        : Group\nZarr format : 3\nRead-only   : False\n"
        f"Store type  : {store_type}"
    )
    assert repr(deep.info).splitlines()[0] == "Name        : sub/deep"
    complete = repr(root.getitem("sub").info_complete())
    assert complete.splitlines()[0] == "Name        : sub"
    assert complete.splitlines()[-3:] == ["No. members : 2", "No. arrays  : 1", "No. groups  : 1"]
