# Generated from tests/_async/test_api_creation_rules.py by codegen. Do not edit.

"""zarr-python 3.4's rules for the creating functions of the API: which modes and existing
nodes ``save``/``save_array``/``create``/``open_array``/``create_hierarchy`` accept, what
``open_like`` and the ``*_like`` functions copy, and that a failed creation writes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zarrlite._sync import api
from zarrlite._sync.store.memory import MemoryStore
from zarrlite.errors import ArrayNotFoundError, ContainsArrayError, ContainsGroupError
from zarrlite.metadata import GroupMetadata

# -- save / save_array -----------------------------------------------------------------------


def test_save_array_refuses_an_existing_node_unless_told() -> None:
    store = MemoryStore()
    api.save_array(store, np.arange(3))
    with pytest.raises(ContainsArrayError):
        api.save_array(store, np.arange(5))
    with pytest.raises(ContainsArrayError):
        api.save(store, np.arange(5))
    np.testing.assert_array_equal(api.load(store), np.arange(3))
    api.save_array(store, np.arange(5), overwrite=True)
    np.testing.assert_array_equal(api.load(store), np.arange(5))
    api.save_array(store, np.arange(2), mode="w")
    np.testing.assert_array_equal(api.load(store), np.arange(2))
    with pytest.raises(FileExistsError, match="w-"):
        api.save_array(store, np.arange(2), mode="w-")


def test_save_array_over_a_group() -> None:
    store = MemoryStore()
    api.create_group(store, path="p")
    with pytest.raises(ContainsGroupError):
        api.save_array(store, np.arange(3), path="p")
    with pytest.raises(ContainsGroupError):
        api.save(store, np.arange(3), path="p")
    with pytest.raises(ContainsGroupError):  # the implicit root group
        api.save(store, np.arange(3))
    api.save_array(store, np.arange(3), path="p", overwrite=True)
    np.testing.assert_array_equal(api.load(store, path="p"), np.arange(3))


def test_save_group_replaces_what_is_there() -> None:
    store = MemoryStore()
    api.save_array(store, np.arange(3))
    api.save(store, np.arange(2), b=np.ones(2))
    assert sorted(api.load(store)) == ["arr_0", "b"]


# -- create's mode ---------------------------------------------------------------------------


def test_create_modes(tmp_path: Path) -> None:
    missing = tmp_path / "missing.zarr"
    for mode in ("r", "r+"):
        with pytest.raises(FileNotFoundError):
            api.create((2,), store=missing, mode=mode)
        assert not missing.exists()
    with pytest.raises(ValueError, match="Invalid mode"):
        api.create((2,), store=MemoryStore(), mode="x")
    store = MemoryStore()
    with pytest.raises(ValueError):  # "r" never creates
        api.create((2,), store=store, mode="r")
    assert [key for key in store.list()] == []
    api.create((2,), store=store, mode="a")
    with pytest.raises(ContainsArrayError):
        api.create((2,), store=store, mode="r+")
    with pytest.raises(FileExistsError, match="w-"):
        api.create((2,), store=store, mode="w-", overwrite=True)
    replaced = api.create((3,), store=store, mode="w")
    assert replaced.shape == (3,)
    store.set("p/junk", b"x")
    with pytest.raises(FileExistsError):  # any key below the path, not only a node
        api.create((2,), store=store, path="p", mode="w-")


# -- open_array ------------------------------------------------------------------------------


def test_open_array_creates_only_with_an_explicit_mode(tmp_path: Path) -> None:
    with pytest.raises(ArrayNotFoundError):
        api.open_array(tmp_path / "x.zarr", shape=(3,), dtype="u1")
    assert not (tmp_path / "x.zarr" / "zarr.json").exists()
    made = api.open_array(tmp_path / "x.zarr", shape=(3,), dtype="u1", mode="a")
    assert made.shape == (3,)
    assert api.open_array(tmp_path / "x.zarr").shape == (3,)


# -- create_hierarchy ------------------------------------------------------------------------


def _hierarchy(store: MemoryStore, nodes: dict[str, Any], **kwargs: Any) -> list[str]:
    return [path for path, _ in api.create_hierarchy(store=store, nodes=nodes, **kwargs)]


def test_create_hierarchy_refuses_existing_groups() -> None:
    store = MemoryStore()
    api.create_group(store, attributes={"old": 1})
    api.create_group(store, path="a", attributes={"old": 2})
    for path in ("", "a"):
        with pytest.raises(ContainsGroupError):
            _hierarchy(store, {path: GroupMetadata(attributes={"new": 1})})
    with pytest.raises(ContainsGroupError):
        _hierarchy(store, {"a": api.create_array(None, shape=(1,), dtype="i1").metadata})
    assert api.open_group(store, mode="r").attrs == {"old": 1}
    assert api.open_group(store, path="a", mode="r").attrs == {"old": 2}
    # implied parents that exist are kept, attributes included, even with overwrite=True
    _hierarchy(store, {"a/b": GroupMetadata(attributes={"b": 1})}, overwrite=True)
    assert api.open_group(store, path="a", mode="r").attrs == {"old": 2}
    _hierarchy(store, {"a": GroupMetadata(attributes={"new": 1})}, overwrite=True)
    replaced = api.open_group(store, path="a", mode="r")
    assert replaced.attrs == {"new": 1} and [name for name in replaced.keys()] == []


def test_create_hierarchy_refuses_mixed_formats() -> None:
    store = MemoryStore()
    with pytest.raises(ValueError, match="both Zarr v2 and Zarr v3"):
        _hierarchy(store, {"": GroupMetadata(zarr_format=3), "x": GroupMetadata(zarr_format=2)})
    assert [key for key in store.list()] == []
