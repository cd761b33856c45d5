"""zarr-python 3.4's rules for the creating functions of the API: which modes and existing
nodes ``save``/``save_array``/``create``/``open_array``/``create_hierarchy`` accept, what
``open_like`` and the ``*_like`` functions copy, and that a failed creation writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zarrlite._async import api
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite.errors import ArrayNotFoundError, ContainsArrayError, ContainsGroupError
from zarrlite.metadata import GroupMetadata

pytestmark = pytest.mark.anyio


# -- save / save_array -----------------------------------------------------------------------


async def test_save_array_refuses_an_existing_node_unless_told() -> None:
    store = AsyncMemoryStore()
    await api.save_array(store, np.arange(3))
    with pytest.raises(ContainsArrayError):
        await api.save_array(store, np.arange(5))
    with pytest.raises(ContainsArrayError):
        await api.save(store, np.arange(5))
    np.testing.assert_array_equal(await api.load(store), np.arange(3))
    await api.save_array(store, np.arange(5), overwrite=True)
    np.testing.assert_array_equal(await api.load(store), np.arange(5))
    await api.save_array(store, np.arange(2), mode="w")
    np.testing.assert_array_equal(await api.load(store), np.arange(2))
    with pytest.raises(FileExistsError, match="w-"):
        await api.save_array(store, np.arange(2), mode="w-")


async def test_save_array_over_a_group() -> None:
    store = AsyncMemoryStore()
    await api.create_group(store, path="p")
    with pytest.raises(ContainsGroupError):
        await api.save_array(store, np.arange(3), path="p")
    with pytest.raises(ContainsGroupError):
        await api.save(store, np.arange(3), path="p")
    with pytest.raises(ContainsGroupError):  # the implicit root group
        await api.save(store, np.arange(3))
    await api.save_array(store, np.arange(3), path="p", overwrite=True)
    np.testing.assert_array_equal(await api.load(store, path="p"), np.arange(3))


async def test_save_group_replaces_what_is_there() -> None:
    store = AsyncMemoryStore()
    await api.save_array(store, np.arange(3))
    await api.save(store, np.arange(2), b=np.ones(2))
    assert sorted(await api.load(store)) == ["arr_0", "b"]


# -- create's mode ---------------------------------------------------------------------------


async def test_create_modes(tmp_path: Path) -> None:
    missing = tmp_path / "missing.zarr"
    for mode in ("r", "r+"):
        with pytest.raises(FileNotFoundError):
            await api.create((2,), store=missing, mode=mode)
        assert not missing.exists()
    with pytest.raises(ValueError, match="Invalid mode"):
        await api.create((2,), store=AsyncMemoryStore(), mode="x")
    store = AsyncMemoryStore()
    with pytest.raises(ValueError):  # "r" never creates
        await api.create((2,), store=store, mode="r")
    assert [key async for key in store.list()] == []
    await api.create((2,), store=store, mode="a")
    with pytest.raises(ContainsArrayError):
        await api.create((2,), store=store, mode="r+")
    with pytest.raises(FileExistsError, match="w-"):
        await api.create((2,), store=store, mode="w-", overwrite=True)
    replaced = await api.create((3,), store=store, mode="w")
    assert replaced.shape == (3,)
    await store.set("p/junk", b"x")
    with pytest.raises(FileExistsError):  # any key below the path, not only a node
        await api.create((2,), store=store, path="p", mode="w-")


# -- open_array ------------------------------------------------------------------------------


async def test_open_array_creates_only_with_an_explicit_mode(tmp_path: Path) -> None:
    with pytest.raises(ArrayNotFoundError):
        await api.open_array(tmp_path / "x.zarr", shape=(3,), dtype="u1")
    assert not (tmp_path / "x.zarr" / "zarr.json").exists()
    made = await api.open_array(tmp_path / "x.zarr", shape=(3,), dtype="u1", mode="a")
    assert made.shape == (3,)
    assert (await api.open_array(tmp_path / "x.zarr")).shape == (3,)


# -- create_hierarchy ------------------------------------------------------------------------


async def _hierarchy(store: AsyncMemoryStore, nodes: dict[str, Any], **kwargs: Any) -> list[str]:
    return [path async for path, _ in api.create_hierarchy(store=store, nodes=nodes, **kwargs)]


async def test_create_hierarchy_refuses_existing_groups() -> None:
    store = AsyncMemoryStore()
    await api.create_group(store, attributes={"old": 1})
    await api.create_group(store, path="a", attributes={"old": 2})
    for path in ("", "a"):
        with pytest.raises(ContainsGroupError):
            await _hierarchy(store, {path: GroupMetadata(attributes={"new": 1})})
    with pytest.raises(ContainsGroupError):
        await _hierarchy(store, {"a": (await api.create_array(None, shape=(1,), dtype="i1")).metadata})
    assert (await api.open_group(store, mode="r")).attrs == {"old": 1}
    assert (await api.open_group(store, path="a", mode="r")).attrs == {"old": 2}
    # implied parents that exist are kept, attributes included, even with overwrite=True
    await _hierarchy(store, {"a/b": GroupMetadata(attributes={"b": 1})}, overwrite=True)
    assert (await api.open_group(store, path="a", mode="r")).attrs == {"old": 2}
    await _hierarchy(store, {"a": GroupMetadata(attributes={"new": 1})}, overwrite=True)
    replaced = await api.open_group(store, path="a", mode="r")
    assert replaced.attrs == {"new": 1} and [name async for name in replaced.keys()] == []


async def test_create_hierarchy_refuses_mixed_formats() -> None:
    store = AsyncMemoryStore()
    with pytest.raises(ValueError, match="both Zarr v2 and Zarr v3"):
        await _hierarchy(
            store, {"": GroupMetadata(zarr_format=3), "x": GroupMetadata(zarr_format=2)}
        )
    assert [key async for key in store.list()] == []
