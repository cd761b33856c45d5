"""Groups and hierarchy through the async API (asyncio, trio and generated sync)."""

from __future__ import annotations

from pathlib import Path

import anyio
import numpy as np
import pytest

from zarrlite._async import api
from zarrlite._async.array import AsyncArray
from zarrlite._async.group import AsyncGroup
from zarrlite._async.store.local import AsyncLocalStore
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite.errors import (
    ArrayNotFoundError,
    ContainsArrayError,
    ContainsGroupError,
    GroupNotFoundError,
    NodeTypeValidationError,
)


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_group_members(zarr_format: int) -> None:
    store = AsyncMemoryStore()
    root = await api.open_group(store, mode="w", zarr_format=zarr_format, attributes={"k": "v"})
    await root.create_array("b", shape=(3,), dtype="i1")
    sub = await root.create_group("a")
    await sub.create_array("c", shape=(2, 2), dtype="f4")
    assert [name async for name in root.keys()] == ["a", "b"]
    assert [name async for name in root.array_keys()] == ["b"]
    assert [name async for name in root.group_keys()] == ["a"]
    deep = [name async for name, _ in root.members(max_depth=None)]
    assert deep == ["a", "a/c", "b"]
    assert await root.nmembers() == 2
    assert isinstance(await root.getitem("a/c"), AsyncArray)
    assert isinstance(await root.getitem("a"), AsyncGroup)
    assert await root.contains("a/c")
    assert not await root.contains("zzz")
    with pytest.raises(KeyError):
        await root.getitem("zzz")
    reopened = await api.open_group(store, mode="r")
    assert reopened.attrs == {"k": "v"}
    assert reopened.zarr_format == zarr_format


@pytest.mark.anyio
async def test_typed_access_and_require() -> None:
    root = await api.group(AsyncMemoryStore())
    await root.create_array("arr", shape=(2,), dtype="i4")
    with pytest.raises(ContainsArrayError):
        await root.get_group("arr")
    await root.require_group("g")
    with pytest.raises(ContainsGroupError):
        await root.get_array("g")
    assert await root.get("missing", 5) == 5
    g1 = await root.require_group("g")
    g2 = await root.require_group("g")
    assert g1 == g2
    arr = await root.require_array("arr", shape=(2,), dtype="i4")
    assert arr.shape == (2,)
    with pytest.raises(TypeError):
        await root.require_array("arr", shape=(3,))


@pytest.mark.anyio
async def test_setitem_delitem() -> None:
    store = AsyncMemoryStore()
    root = await api.group(store)
    await root.setitem("data", np.arange(5))
    np.testing.assert_array_equal(await (await root.getitem("data")).getitem(Ellipsis), np.arange(5))
    await root.delitem("data")
    assert not await root.contains("data")
    assert [k async for k in store.list_prefix("data")] == []
    with pytest.raises(KeyError):
        await root.delitem("data")


@pytest.mark.anyio
async def test_a_group_is_not_array_data() -> None:
    # numpy turns a group into an array of its member names (it iterates over them); as in
    # zarr-python, storing a group as data is refused and nothing is written.
    store = AsyncMemoryStore()
    root = await api.group(store)
    sub = await root.create_group("sub")
    await sub.create_group("a")
    with pytest.raises(TypeError, match="group"):
        await root.setitem("x", sub)
    with pytest.raises(TypeError, match="group"):
        await api.create_array(store, name="y", data=sub)
    with pytest.raises(TypeError, match="group"):
        await api.from_array(store, name="z", data=sub)
    assert [k async for k in root.keys()] == ["sub"]


@pytest.mark.anyio
async def test_get_array_and_get_group_of_a_missing_member() -> None:
    # zarr-python raises ArrayNotFoundError / GroupNotFoundError; zarrlite's classes are those
    # and KeyError (as a missing member in getitem).
    root = await api.group(AsyncMemoryStore())
    await root.create_array("a", shape=(1,), dtype="i1")
    for path in ["nope", "a/below"]:
        with pytest.raises(ArrayNotFoundError):
            await root.get_array(path)
        with pytest.raises(GroupNotFoundError):
            await root.get_group(path)
        with pytest.raises(KeyError):
            await root.get_array(path)
        with pytest.raises(KeyError):
            await root.get_group(path)


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_move_onto_an_existing_node_names_its_kind(zarr_format: int) -> None:
    # Was ContainsArrayError whatever was at the destination.
    root = await api.group(AsyncMemoryStore(), zarr_format=zarr_format)
    await root.create_group("a")
    await root.create_group("b")
    await root.create_array("c", shape=(1,), dtype="i1")
    with pytest.raises(ContainsGroupError, match="group"):
        await root.move("a", "b")
    with pytest.raises(ContainsGroupError):
        await root.move("c", "b")
    with pytest.raises(ContainsArrayError, match="array"):
        await root.move("a", "c")
    assert sorted([k async for k in root.keys()]) == ["a", "b", "c"]


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_moving_the_root_group_into_itself_names_the_source(zarr_format: int) -> None:
    # root.move("", "x") failed on an internal key ("invalid store prefix '/'"); a subgroup's
    # move("", ...) already said "into itself".
    root = await api.group(AsyncMemoryStore(), zarr_format=zarr_format)
    await root.create_array("a", shape=(1,), dtype="i1")
    with pytest.raises(ValueError, match=r"cannot move '' into itself \('x'\)"):
        await root.move("", "x")
    assert [k async for k in root.keys()] == ["a"]


@pytest.mark.anyio
@pytest.mark.parametrize(("zarr_format", "name"), [(3, ".zarray"), (3, ".zattrs"), (2, "zarr.json")])
async def test_a_member_named_like_the_other_formats_document_is_listed(
    zarr_format: int, name: str
) -> None:
    # Only the group's own format's document names are skipped when listing (zarr-python lists
    # a v3 member called ".zarray"); was left out of members/keys/nmembers.
    root = await api.group(AsyncMemoryStore(), zarr_format=zarr_format)
    await root.create_group(name)
    await root.create_array("x", shape=(1,), dtype="i1")
    assert [k async for k in root.keys()] == sorted([name, "x"])
    assert await root.nmembers() == 2
    assert await root.contains(name)


@pytest.mark.anyio
async def test_open_modes() -> None:
    store = AsyncMemoryStore()
    with pytest.raises(GroupNotFoundError):
        await api.open_group(store, mode="r")
    created = await api.open_group(store, mode="a")
    assert created.path == ""
    with pytest.raises(ContainsGroupError):
        await api.open_group(store, mode="w-")
    node = await api.open(store)
    assert isinstance(node, AsyncGroup)
    arr = await api.open(store, path="x", shape=(2,), dtype="u1")
    assert isinstance(arr, AsyncArray)
    assert isinstance(await api.open(store, path="x", mode="r"), AsyncArray)
    with pytest.raises(ContainsArrayError):
        await api.open_group(store, path="x")


@pytest.mark.anyio
async def test_group_attrs_update() -> None:
    store = AsyncMemoryStore()
    root = await api.group(store, attributes={"a": 1})
    await root.update_attributes({"b": 2})
    assert (await api.open_group(store)).attrs == {"a": 1, "b": 2}


@pytest.mark.anyio
async def test_creation_functions() -> None:
    store = AsyncMemoryStore()
    z = await api.zeros((3, 3), store=store, path="z", chunks=(2, 2))
    np.testing.assert_array_equal(await z.getitem(Ellipsis), np.zeros((3, 3)))
    o = await api.ones_like(z, store=store, path="o")
    np.testing.assert_array_equal(await o.getitem(Ellipsis), np.ones((3, 3)))
    assert o.chunks == (2, 2)
    f = await api.full((2,), 7, store=store, path="f", dtype="i4")
    np.testing.assert_array_equal(await f.getitem(Ellipsis), [7, 7])
    a = await api.array(np.arange(6).reshape(2, 3), store=store, path="arr")
    np.testing.assert_array_equal(await a.getitem(Ellipsis), np.arange(6).reshape(2, 3))
    e = await api.empty_like(a, store=store, path="e")
    assert e.shape == (2, 3)
    await api.save(store, np.arange(4), path="saved")
    np.testing.assert_array_equal(await api.load(store, path="saved"), np.arange(4))
    await api.save(store, np.arange(2), extra=np.ones(3), path="grp")
    loaded = await api.load(store, path="grp")
    assert sorted(loaded) == ["arr_0", "extra"]


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_like_methods_and_create_alias(zarr_format: int) -> None:
    root = await api.open_group(AsyncMemoryStore(), mode="w", zarr_format=zarr_format)
    source = await root.create_array("src", shape=(6, 4), chunks=(3, 2), dtype="i2", fill_value=7)
    made = {
        "e": await root.empty_like(name="e", data=source),
        "z": await root.zeros_like(name="z", data=source),
        "o": await root.ones_like(name="o", data=source),
        "f": await root.full_like(name="f", data=source),
        "n": await root.full_like(name="n", data=np.arange(5.0), fill_value=2.5),
        "c": await root.create("c", shape=(2,), dtype="u1"),
    }
    for key in "ezof":
        assert made[key].shape == (6, 4) and made[key].chunks == (3, 2)
        assert made[key].dtype == np.dtype("i2") and made[key].zarr_format == zarr_format
    assert (await made["z"].getitem(Ellipsis) == 0).all()
    assert (await made["o"].getitem(Ellipsis) == 1).all()
    assert (await made["f"].getitem(Ellipsis) == 7).all()
    np.testing.assert_array_equal(await made["n"].getitem(Ellipsis), np.full(5, 2.5))
    assert made["c"].shape == (2,)
    assert sorted([k async for k in root.array_keys()]) == ["c", "e", "f", "n", "o", "src", "z"]


@pytest.mark.anyio
async def test_group_lookup_errors_name_the_member() -> None:
    root = await api.open_group(AsyncMemoryStore(), mode="w")
    await root.create_array("arr", shape=(1,), dtype="i1")
    await root.create_group("grp")
    with pytest.raises(ContainsArrayError, match="'arr'"):
        await root.get_group("arr")
    with pytest.raises(ContainsGroupError, match="'grp'"):
        await root.get_array("grp")
    with pytest.raises(KeyError, match="nope"):
        await root.getitem("nope")
    assert await root.get("nope", 5) == 5
    assert await root.contains("grp") and not await root.contains("nope")
    with pytest.raises(GroupNotFoundError, match="missing"):
        await api.open_group(root.store, path="missing", mode="r")


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_metadata_requests_are_batched(zarr_format: int) -> None:
    # Listing members reads every member's metadata in one batch; creating a node looks up
    # the node and its parents in one batch and writes its documents in one. Missing parents'
    # documents are written one by one, each only if it does not exist.
    from zarrlite._async.store.logging import AsyncLoggingStore

    store = AsyncLoggingStore(AsyncMemoryStore())
    group = await api.open_group(store=store, mode="w", zarr_format=zarr_format)
    store.counter.clear()
    await group.create_array("a/b/c", shape=(4,), dtype="i4")
    assert store.counter["get_many"] == 1, store.counter
    assert store.counter["set_many"] == 1, store.counter  # the node's documents
    # parents "a" and "a/b": zarr.json (v3), or .zgroup and .zattrs (v2)
    assert store.counter["set_if_not_exists"] == 2 * (4 - zarr_format), store.counter
    for i in range(20):
        await group.create_array(f"m{i}", shape=(4,), dtype="i4")
    reopened = await api.open_group(store=store, mode="r", use_consolidated=False)
    store.counter.clear()
    names = sorted([name async for name, _ in reopened.arrays()])
    assert names == sorted(f"m{i}" for i in range(20))
    assert store.counter["get_many"] == 1, store.counter
    assert store.counter["get"] == 0, store.counter


@pytest.mark.anyio
async def test_require_array_dtype_must_cast_from_the_stored_one() -> None:
    # zarr-python: "If False, require dtype can be cast from array dtype".
    root = await api.open_group(AsyncMemoryStore(), mode="w")
    await root.create_array("x", shape=(4,), dtype="i4")
    assert (await root.require_array("x", shape=(4,), dtype="f8")).dtype == np.dtype("i4")
    assert (await root.require_array("x", shape=(4,), dtype="i8")).dtype == np.dtype("i4")
    with pytest.raises(TypeError, match="int32"):
        await root.require_array("x", shape=(4,), dtype="i2")
    with pytest.raises(TypeError, match="int32"):
        await root.require_array("x", shape=(4,), dtype="f8", exact=True)
    assert (await root.require_array("x", shape=(4,), dtype="i4", exact=True)).shape == (4,)


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("where", ["memory", "local"])
async def test_concurrent_require_calls_all_get_the_node(
    zarr_format: int, where: str, tmp_path: Path
) -> None:
    # Every caller looks the node up, finds nothing and creates it; all but the first creation
    # fail, and those callers must open the node the first one created.
    store = AsyncMemoryStore() if where == "memory" else AsyncLocalStore(str(tmp_path))
    root = await api.open_group(store, mode="w", zarr_format=zarr_format)
    groups: list[AsyncGroup] = []
    arrays: list[AsyncArray] = []

    async def require_group() -> None:
        groups.append(await root.require_group("shared"))

    async def require_array() -> None:
        arrays.append(await root.require_array("data", shape=(3,), dtype="i4"))

    async with anyio.create_task_group() as tasks:
        for _ in range(20):
            tasks.start_soon(require_group)
            tasks.start_soon(require_array)
    assert len(groups) == len(arrays) == 20
    assert {g.path for g in groups} == {"shared"}
    assert {(a.path, a.shape, a.dtype) for a in arrays} == {("data", (3,), np.dtype("i4"))}
    assert sorted([name async for name in root.keys()]) == ["data", "shared"]
    several = await root.require_groups("shared", "other")
    assert [g.path for g in several] == ["shared", "other"]


@pytest.mark.anyio
async def test_require_below_an_array_still_refused() -> None:
    # The fallback to opening applies only when the node itself now exists.
    root = await api.open_group(AsyncMemoryStore(), mode="w")
    await root.create_array("arr", shape=(2,), dtype="i4")
    with pytest.raises(ContainsArrayError):
        await root.require_group("arr/below")
    with pytest.raises(ContainsArrayError):
        await root.require_array("arr/below", shape=(1,), dtype="i1")


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_wrong_node_kind_raises_zarr_pythons_class_too(zarr_format: int) -> None:
    # zarrlite's class, which is also (a subclass of) the class zarr-python 3.4 raises, so
    # `except` clauses written for either keep working.
    store = AsyncMemoryStore()
    root = await api.open_group(store, mode="w", zarr_format=zarr_format)
    await root.create_array("arr", shape=(2,), dtype="i4")
    await root.create_group("sub")
    for expected in (ContainsArrayError, TypeError):
        with pytest.raises(expected, match="'arr'"):
            await root.require_group("arr")
    for expected in (ContainsGroupError, TypeError):
        with pytest.raises(expected, match="'sub'"):
            await root.require_array("sub", shape=(2,), dtype="i4")
    # zarr-python looks for .zgroup/.zarray in v2 (not found) and reads zarr.json in v3.
    theirs_group: type[Exception] = GroupNotFoundError if zarr_format == 2 else ContainsArrayError
    theirs_array: type[Exception] = ArrayNotFoundError if zarr_format == 2 else NodeTypeValidationError
    for mode in ("r", "r+"):
        for expected in (ContainsArrayError, theirs_group):
            with pytest.raises(expected, match="'arr'"):
                await api.open_group(store, path="arr", mode=mode)
    for expected in (ContainsArrayError, theirs_group):
        with pytest.raises(expected, match="'arr'"):
            await AsyncGroup.open(root.store_path / "arr")
    for mode in ("r", "r+", "a"):
        for expected in (ContainsGroupError, theirs_array):
            with pytest.raises(expected, match="'sub'"):
                await api.open_array(store, path="sub", mode=mode)
    for expected in (ContainsGroupError, theirs_array):
        with pytest.raises(expected, match="'sub'"):
            await AsyncArray.open(root.store_path / "sub")
    # mode "w-": the existing node is reported before the missing shape.
    for expected in (ContainsGroupError, FileExistsError):
        with pytest.raises(expected, match="'sub'"):
            await api.open_array(store, path="sub", mode="w-")
    for expected in (ContainsArrayError, FileExistsError):
        with pytest.raises(expected, match="'arr'"):
            await api.open_array(store, path="arr", mode="w-")
    with pytest.raises(TypeError):
        await api.open_array(store, path="new", mode="w-")


@pytest.mark.anyio
async def test_get_parameter_is_named_as_in_zarr_python() -> None:
    root = await api.open_group(AsyncMemoryStore(), mode="w")
    await root.create_group("a")
    # zarr-python: AsyncGroup.get(key, default), Group.get(path, default).
    assert (await root.get(key="a")).path == "a"  # codegen: async-only
    assert await root.get(key="nope", default=3) == 3  # codegen: async-only
    assert await root.get("nope") is None
    assert (await root.get("a", 0)).path == "a"


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_like_methods_copy_the_codecs(zarr_format: int) -> None:
    # As zarr-python's group methods: v2 order, compressor and filters; v3 codecs.
    import numcodecs

    from zarrlite.codecs import GzipCodec

    group = await api.open_group(AsyncMemoryStore(), mode="w", zarr_format=zarr_format)
    if zarr_format == 2:
        source = await group.create_array(
            "a", shape=(8,), chunks=(4,), dtype="i2", fill_value=5, order="F",
            compressors=numcodecs.Zlib(3), filters=[numcodecs.Delta(dtype="<i2")],
        )
    else:
        source = await group.create_array(
            "a", shape=(8,), chunks=(4,), dtype="i2", fill_value=5,
            compressors=GzipCodec(level=3),
        )
    for method, fill in (("empty_like", 5), ("zeros_like", 0), ("ones_like", 1)):
        made = await getattr(group, method)(name=method, data=source)
        assert made.fill_value == fill and made.chunks == (4,)
        if zarr_format == 2:
            assert made.metadata.compressor == numcodecs.Zlib(3)
            assert made.metadata.filters == (numcodecs.Delta(dtype="<i2"),)
            assert made.metadata.order == "F"
        else:
            assert made.metadata.codecs == source.metadata.codecs
    full = await group.full_like(name="full", data=source, fill_value=7, compressors=None)
    assert full.fill_value == 7 and full.compressors == ()


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_group_info_counts_consolidated_members(zarr_format: int) -> None:
    # As zarr-python 3.4: a group holding consolidated metadata shows the (recursive) member
    # counts in info, which costs no I/O there; without it, info has none.
    store = AsyncMemoryStore()
    root = await api.open_group(store, zarr_format=zarr_format)
    sub = await root.create_group("sub")
    await sub.create_array("x", shape=(2,), dtype="i1")
    await root.create_array("y", shape=(2,), dtype="i1")
    assert "No. members" not in repr(root.info)
    await api.consolidate_metadata(store, zarr_format=zarr_format)
    opened = await api.open_group(store, mode="r", use_consolidated=True)
    assert repr(opened.info).splitlines()[-3:] == [
        "No. members : 3", "No. arrays  : 2", "No. groups  : 1"
    ]  # fmt: skip
    complete = await opened.info_complete()
    assert repr(opened.info).splitlines()[-3:] == repr(complete).splitlines()[-3:]


@pytest.mark.anyio
async def test_group_info_names_the_path_as_zarr_python() -> None:
    # zarr-python 3.4's GroupInfo shows the store path: "" for the root, "sub/deep" below
    store = AsyncMemoryStore()
    root = await api.open_group(store)
    deep = await root.create_group("sub/deep")
    await deep.create_array("x", shape=(2,), dtype="i1")
    store_type = "MemoryStore"  # zarr-python's name, in both flavours
    assert repr(root.info) == (
        "Name        : \nType        : Group\nZarr format : 3\nRead-only   : False\n"
        f"Store type  : {store_type}"
    )
    assert repr(deep.info).splitlines()[0] == "Name        : sub/deep"
    complete = repr(await (await root.getitem("sub")).info_complete())
    assert complete.splitlines()[0] == "Name        : sub"
    assert complete.splitlines()[-3:] == [
        "No. members : 2", "No. arrays  : 1", "No. groups  : 1"
    ]
