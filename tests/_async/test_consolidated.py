"""Consolidated metadata: writing it, opening with it, and using it as a cache."""

from __future__ import annotations

import json

import numpy as np
import pytest

from zarrlite._async import api
from zarrlite._async.array import AsyncArray
from zarrlite._async.group import AsyncGroup
from zarrlite._async.store.logging import AsyncLoggingStore
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite.errors import ContainsArrayError, GroupNotFoundError

pytestmark = pytest.mark.anyio


async def _hierarchy(store: AsyncMemoryStore, zarr_format: int) -> AsyncGroup:
    root = await api.open_group(store, mode="w", zarr_format=zarr_format, attributes={"r": 1})
    await root.create_array("x", shape=(4,), chunks=(2,), dtype="i2", attributes={"a": 1})
    sub = await root.create_group("g", attributes={"s": 2})
    await sub.create_array("y", shape=(2, 3), dtype="f8")
    await sub.create_group("h")
    return root


@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_consolidate_then_list_without_metadata_requests(zarr_format: int) -> None:
    inner = AsyncMemoryStore()
    await _hierarchy(inner, zarr_format)
    group = await api.consolidate_metadata(inner)
    assert group.metadata.consolidated_metadata is not None
    assert sorted(group.metadata.consolidated_metadata.flattened_metadata) == ["g", "g/h", "g/y", "x"]

    store = AsyncLoggingStore(inner)
    opened = await api.open_consolidated(store)
    store.reset()
    members = {path: node async for path, node in opened.members(max_depth=None)}
    assert sorted(members) == ["g", "g/h", "g/y", "x"]
    assert isinstance(members["x"], AsyncArray) and members["x"].attrs == {"a": 1}
    assert isinstance(members["g"], AsyncGroup) and members["g"].attrs == {"s": 2}
    assert (await opened.getitem("g/y")).shape == (2, 3)
    assert sum(store.counter.values()) == 0, store.requests


@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_consolidated_documents_are_where_the_format_puts_them(zarr_format: int) -> None:
    store = AsyncMemoryStore()
    await _hierarchy(store, zarr_format)
    await api.consolidate_metadata(store, zarr_format=zarr_format)
    if zarr_format == 3:
        doc = json.loads(bytes(await store.get("zarr.json")))  # type: ignore[arg-type]
        assert doc["consolidated_metadata"]["kind"] == "inline"
        assert "g/y" in doc["consolidated_metadata"]["metadata"]
    else:
        doc = json.loads(bytes(await store.get(".zmetadata")))  # type: ignore[arg-type]
        assert doc["zarr_consolidated_format"] == 1
        assert "g/y/.zarray" in doc["metadata"]


async def test_use_consolidated_true_requires_it_false_ignores_it() -> None:
    store = AsyncMemoryStore()
    await _hierarchy(store, 3)
    with pytest.raises(ValueError, match="consolidate_metadata"):
        await api.open_group(store, mode="r", use_consolidated=True)
    with pytest.raises(ValueError, match="consolidate_metadata"):
        await api.open_consolidated(store, mode="r")
    with pytest.raises(TypeError, match="use_consolidated"):
        await api.open_consolidated(store, use_consolidated=False)  # type: ignore[arg-type]
    await api.consolidate_metadata(store)
    plain = await api.open_group(store, mode="r", use_consolidated=False)
    assert plain.metadata.consolidated_metadata is None
    assert [k async for k in plain.keys()] == ["g", "x"]


async def test_v2_consolidated_key_name() -> None:
    store = AsyncMemoryStore()
    await _hierarchy(store, 2)
    await api.consolidate_metadata(store)
    data = await store.get(".zmetadata")
    assert data is not None
    await store.set("custom", data)
    await store.delete(".zmetadata")
    with pytest.raises(ValueError, match="consolidate"):
        await api.open_group(store, mode="r", use_consolidated=True)
    opened = await api.open_group(store, mode="r", use_consolidated="custom")
    assert opened.metadata.consolidated_metadata is not None


async def test_a_consolidated_key_name_is_refused_for_a_v3_group() -> None:
    # zarr-python: TypeError; zarrlite ignored the name and used zarr.json's consolidated copy.
    store = AsyncMemoryStore()
    await _hierarchy(store, 3)
    await api.consolidate_metadata(store)
    for call in (
        lambda: api.open_group(store, mode="r", use_consolidated="custom"),
        lambda: api.open(store, mode="r", use_consolidated=".zmetadata"),
        lambda: api.open_group(store, mode="r", use_consolidated="custom", zarr_format=3),
    ):
        with pytest.raises(TypeError, match="format 3"):
            await call()


async def test_cache_misses_go_to_the_store() -> None:
    store = AsyncMemoryStore()
    await _hierarchy(store, 3)
    await api.consolidate_metadata(store)
    writer = await api.open_group(store, use_consolidated=False)
    await writer.create_array("late", shape=(1,), dtype="u1")
    reader = await api.open_consolidated(store, mode="r")
    assert "late" not in [k async for k in reader.keys()]  # listing comes from the cache
    assert isinstance(await reader.getitem("late"), AsyncArray)  # lookup falls back to the store
    assert await reader.contains("late")
    with pytest.raises(KeyError):
        await reader.getitem("absent")


async def test_changes_through_a_consolidated_handle_keep_it_consistent() -> None:
    store = AsyncMemoryStore()
    await _hierarchy(store, 3)
    root = await api.consolidate_metadata(store)
    await root.create_array("new/deep", shape=(3,), dtype="i4")
    await root.delitem("g")
    for handle in (root, await api.open_consolidated(store)):
        names = [p async for p, _ in handle.members(max_depth=None)]
        assert names == ["new", "new/deep", "x"]
        with pytest.raises(KeyError):
            await handle.getitem("g/y")
    await root.move("x", "moved/x")
    again = await api.open_consolidated(store)
    assert [p async for p, _ in again.members(max_depth=None)] == [
        "moved", "moved/x", "new", "new/deep"
    ]
    np.testing.assert_array_equal(await (await again.getitem("moved/x")).getitem(Ellipsis), 0)


async def test_member_group_from_cache_does_not_write_a_cache_of_its_own() -> None:
    store = AsyncMemoryStore()
    await _hierarchy(store, 3)
    root = await api.consolidate_metadata(store)
    sub = await root.getitem("g")
    assert isinstance(sub, AsyncGroup)
    assert sorted([k async for k in sub.keys()]) == ["h", "y"]
    await sub.update_attributes({"t": 3})
    doc = json.loads(bytes(await store.get("g/zarr.json")))  # type: ignore[arg-type]
    assert doc["attributes"] == {"s": 2, "t": 3}
    assert "consolidated_metadata" not in doc


async def test_consolidate_errors_name_the_path() -> None:
    store = AsyncMemoryStore()
    with pytest.raises(GroupNotFoundError, match="missing"):
        await api.consolidate_metadata(store, path="missing")
    await api.create_array(store, name="arr", shape=(2,), dtype="i1")
    with pytest.raises(ContainsArrayError, match="arr"):
        await api.consolidate_metadata(store, path="arr")
    with pytest.raises(FileNotFoundError, match="arr"):  # zarr-python's class
        await api.consolidate_metadata(store, path="arr")


async def test_load_of_a_group_is_lazy() -> None:
    inner = AsyncMemoryStore()
    await api.save_group(inner, np.arange(3), second=np.ones(2))
    store = AsyncLoggingStore(inner)
    loaded = await api.load(store)
    assert sorted(loaded) == ["arr_0", "second"]
    store.reset()
    np.testing.assert_array_equal(await loaded["second"], np.ones(2))
    assert all("arr_0" not in (key or "") for _, key, *_ in store.requests)


@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_adding_a_member_keeps_what_other_handles_stored(zarr_format: int) -> None:
    # The stored document is read, changed and written back: attributes set through another
    # handle since this one was opened are kept, and so are members that handle added.
    store = AsyncMemoryStore()
    await api.open_group(store, mode="w", zarr_format=zarr_format, attributes={"v": 1})
    await api.consolidate_metadata(store)
    first = await api.open_group(store, mode="a")
    second = await api.open_group(store, mode="a")
    await second.update_attributes({"v": 2})
    await second.create_group("by_second")
    await first.create_group("by_first")
    plain = await api.open_group(store, mode="r", use_consolidated=False)
    assert plain.attrs == {"v": 2}
    opened = await api.open_group(store, mode="r")
    assert opened.attrs == {"v": 2}
    assert opened.metadata.consolidated_metadata is not None
    assert sorted(opened.metadata.consolidated_metadata.flattened_metadata) == ["by_first", "by_second"]
    # An attribute update through the first handle keeps both members listed, too. (It
    # merges into that handle's attributes, as zarr-python's does.)
    await first.update_attributes({"w": 3})
    opened = await api.open_group(store, mode="r")
    assert opened.attrs["w"] == 3
    assert sorted(opened.metadata.consolidated_metadata.flattened_metadata) == ["by_first", "by_second"]


@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_members_added_concurrently_are_all_consolidated(zarr_format: int) -> None:
    import anyio

    store = AsyncMemoryStore()
    await api.open_group(store, mode="w", zarr_format=zarr_format)
    group = await api.consolidate_metadata(store)
    names = [f"a{i}" for i in range(16)]
    async with anyio.create_task_group() as tasks:
        for name in names:
            tasks.start_soon(lambda n: group.create_array(n, shape=(2,), dtype="i1"), name)
    opened = await api.open_group(store, mode="r")
    assert opened.metadata.consolidated_metadata is not None
    assert sorted(opened.metadata.consolidated_metadata.flattened_metadata) == sorted(names)
    assert sorted(group.metadata.consolidated_metadata.flattened_metadata) == sorted(names)


async def test_a_group_no_longer_consolidated_stays_so() -> None:
    # Another writer stored the group without consolidated metadata: adding a member through
    # an old handle must not bring back its stale copy.
    store = AsyncMemoryStore()
    await api.open_group(store, mode="w", attributes={"v": 1})
    handle = await api.consolidate_metadata(store)
    await store.set(
        "zarr.json", b'{"zarr_format": 3, "node_type": "group", "attributes": {"v": 9}}'
    )
    await handle.create_group("child")
    assert json.loads(await store.get("zarr.json")) == {
        "zarr_format": 3, "node_type": "group", "attributes": {"v": 9}
    }
    assert "child" in [name async for name in handle.group_keys()]


async def test_an_attribute_update_without_consolidated_metadata_keeps_it_stored() -> None:
    store = AsyncMemoryStore()
    root = await api.open_group(store, mode="w")
    await root.create_group("child")
    await api.consolidate_metadata(store)
    plain = await api.open_group(store, mode="r+", use_consolidated=False)
    await plain.update_attributes({"k": 1})
    again = await api.open_group(store, mode="r", use_consolidated=True)
    assert again.attrs == {"k": 1}
    assert sorted(again.metadata.consolidated_metadata.flattened_metadata) == ["child"]
