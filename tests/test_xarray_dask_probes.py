"""API differences from zarr-python 3.4.2 that xarray and dask ran into, in plain zarrlite terms.

xarray and dask were run on zarrlite by aliasing ``zarr`` to ``zarrlite`` (README, "Using
zarrlite under xarray and dask"). Each test names the xarray or dask call that exposed the
difference; none imports xarray or dask.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import anyio
import numpy as np
import pytest

import zarrlite as zarr
from zarrlite.storage import MemoryStore, WrapperStore


def _document(store_dict: dict[str, bytes], key: str) -> dict[str, object]:
    return dict(json.loads(store_dict[key]))  # the blocking MemoryStore writes bytes


def test_v2_array_metadata_has_no_dimension_names() -> None:
    """``xr.open_zarr`` of any Zarr v2 store: xarray tells v3 from v2 arrays by whether
    ``array.metadata`` has a ``dimension_names`` attribute (v2 dimensions live in the
    ``_ARRAY_DIMENSIONS`` attribute). zarr-python's ``ArrayV2Metadata`` has none; zarrlite's had
    one returning None, so every v2 variable failed with "missing the `dimension_names`
    metadata"."""
    v2 = zarr.create_array(MemoryStore(), shape=(3,), dtype="i4", zarr_format=2)
    v3 = zarr.create_array(MemoryStore(), shape=(3,), dtype="i4", dimension_names=["x"])
    assert not hasattr(v2.metadata, "dimension_names")
    assert v3.metadata.dimension_names == ("x",)


def test_sync_array_has_private_async_array_twin() -> None:
    """``Dataset.load_async`` / ``DataArray.load_async`` on a dataset opened with
    ``xr.open_zarr``: xarray reads ``array._async_array`` (zarr-python's dataclass field) and
    awaits its ``getitem``, ``oindex.getitem`` and ``vindex.getitem``."""
    z = zarr.create_array(MemoryStore(), shape=(4, 5), chunks=(2, 2), dtype="i8")
    z[:] = np.arange(20).reshape(4, 5)
    twin = z._async_array
    assert isinstance(twin, zarr.AsyncArray)

    async def read() -> tuple[object, object, object]:
        basic = await twin.getitem((slice(1, 3), 2))
        orthogonal = await twin.oindex.getitem(([0, 3], [1, 4]))
        vectorized = await twin.vindex.getitem(([0, 3], [1, 4]))
        return basic, orthogonal, vectorized

    basic, orthogonal, vectorized = anyio.run(read)
    np.testing.assert_array_equal(basic, [7, 12])
    np.testing.assert_array_equal(orthogonal, [[1, 4], [16, 19]])
    np.testing.assert_array_equal(vectorized, [1, 19])


@pytest.mark.parametrize("names", [[], ()])
def test_empty_dimension_names_are_not_written(names: list[str] | tuple[str, ...]) -> None:
    """``Dataset.to_zarr`` of a scalar (0-d) variable: xarray passes ``dimension_names=()``.
    zarr-python treats an empty sequence as no names (the field is left out of ``zarr.json``);
    zarrlite wrote ``"dimension_names": []``."""
    stored: dict[str, bytes] = {}
    a = zarr.create_array(MemoryStore(stored), shape=(), dtype="f8", dimension_names=names)
    assert a.metadata.dimension_names is None
    assert "dimension_names" not in _document(stored, "zarr.json")

    group = zarr.open_group(MemoryStore(), mode="w")
    member = group.create_array("s", shape=(), dtype="f8", dimension_names=names)
    assert member.metadata.dimension_names is None
    # As zarr-python: an empty sequence is "no names" whatever the shape, not a length error.
    vector = zarr.create_array({}, shape=(3,), dtype="i1", dimension_names=names)
    assert vector.metadata.dimension_names is None


def test_core_dtype_module_path() -> None:
    """xarray's test helpers and user code written for zarr-python >= 3.1: ``zarr.core.dtype``
    is where the data type classes live (``hasattr(zarr.core, "dtype")`` is xarray's test for
    a zarr with ``ZDType``s); zarrlite only had ``zarrlite.dtype``."""
    import zarrlite.core
    from zarrlite.core.dtype import VariableLengthUTF8

    assert zarrlite.core.dtype.Int16 is zarr.dtype.Int16
    assert VariableLengthUTF8 is zarr.dtype.VariableLengthUTF8
    assert set(zarrlite.core.dtype.__all__) == set(zarr.dtype.__all__)
    a = zarr.create_array({}, shape=(2,), dtype=zarrlite.core.dtype.Int16())
    assert a.dtype == np.dtype("i2")


def test_config_has_donfig_config_attribute() -> None:
    """xarray's zarr tests and code written for zarr-python read the donfig attribute
    ``zarr.config.config`` (the nested settings dict), e.g.
    ``zarr.config.config["default_zarr_format"]``; zarrlite's config module had no such name."""
    assert zarr.config.config["default_zarr_format"] == 3
    assert zarr.config.config["array"]["order"] == "C"
    with zarr.config.set({"default_zarr_format": 2, "array.order": "F"}):
        assert zarr.config.config["default_zarr_format"] == 2
        assert zarr.config.config["array"]["order"] == "F"
    assert zarr.config.config == zarr.config.to_dict()
    with pytest.raises(AttributeError, match="no attribute 'configuration'"):
        zarr.config.configuration  # noqa: B018


def test_core_indexing_module_path() -> None:
    """xarray's asynchronous indexing tests (``Dataset.isel(...).load_async()``) patch
    ``zarr.core.indexing.AsyncOIndex.getitem`` / ``AsyncVIndex.getitem``, zarr-python's module
    path of the indexer objects; zarrlite had no ``zarrlite.core.indexing``."""
    import zarrlite.core
    from zarrlite.core.indexing import AsyncOIndex, AsyncVIndex, BlockIndex, OIndex, VIndex

    assert zarrlite.core.indexing.BoundsCheckError is zarr.errors.BoundsCheckError
    z = zarr.create_array(MemoryStore(), shape=(4,), chunks=(2,), dtype="i2")
    assert isinstance(z.oindex, OIndex) and isinstance(z.vindex, VIndex)
    assert isinstance(z.blocks, BlockIndex)
    assert isinstance(z._async_array.oindex, AsyncOIndex)
    assert isinstance(z._async_array.vindex, AsyncVIndex)


RECIPE_CHECK = """
import importlib.util
import zarr
import zarr.api.asynchronous
import zarr.core.buffer
import zarr.storage
from zarr.storage import MemoryStore

import zarrlite
import zarrlite.storage

assert zarr.storage is zarrlite.storage and zarr.Array is zarrlite.Array
assert zarr.api.asynchronous is zarrlite.api.asynchronous
assert zarrlite.storage.__spec__.name == "zarrlite.storage"  # zarrlite's modules stay intact
assert importlib.util.find_spec("zarr").name == "zarr"
assert importlib.util.find_spec("zarr.no_such_module") is None
assert zarr.__version__ == "3.4.2" and zarrlite.__version__ != "3.4.2"
a = zarr.create_array(MemoryStore(), shape=(3,), dtype="i4")
a[:] = [1, 2, 3]
assert a[:].tolist() == [1, 2, 3]
print("recipe ok")
"""


def test_readme_zarr_alias_recipe() -> None:
    """The README's recipe that runs xarray and dask on zarrlite: ``import zarr`` and its
    submodules give zarrlite's modules (checked in a fresh interpreter, as it installs an import
    hook)."""
    import subprocess
    import sys

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    recipe = re.search(r"## xarray and dask\n.*?```py\n(.*?)```", readme, flags=re.DOTALL)
    assert recipe is not None
    done = subprocess.run(
        [sys.executable, "-c", recipe.group(1) + RECIPE_CHECK],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "recipe ok"


def test_missing_local_directory_is_named(tmp_path: Path) -> None:
    """``xr.open_zarr("mistyped/path")``: zarr-python reports a missing directory as
    "... does not exist" (xarray's tests match that); zarrlite said only "no group found"."""
    missing = tmp_path / "mistyped.zarr"
    expected = f"the directory '{missing}' does not exist"
    with pytest.raises(zarr.errors.GroupNotFoundError, match=re.escape(expected)):
        zarr.open_group(missing, mode="r")
    with pytest.raises(FileNotFoundError, match=re.escape(expected)):
        zarr.open_array(str(missing), mode="r")
    with pytest.raises(FileNotFoundError, match=re.escape(expected)):
        zarr.open_consolidated(missing, mode="r")

    async def open_async() -> None:
        await zarr.api.asynchronous.open_group(missing, mode="r")

    with pytest.raises(zarr.errors.GroupNotFoundError, match=re.escape(expected)):
        anyio.run(open_async)
    # An existing directory without a group: no such hint.
    with pytest.raises(zarr.errors.GroupNotFoundError) as info:
        zarr.open_group(tmp_path, mode="r")
    assert "does not exist" not in str(info.value)
    assert not missing.exists()


class _CountingStore(WrapperStore):
    """A user's blocking store subclass (as xarray's ``NoConsolidatedMetadataSupportStore``)."""

    def __init__(self, store: MemoryStore) -> None:
        super().__init__(store)
        self.gets: list[str] = []

    def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
        self.gets.append(key)
        return super().get(key, prototype, byte_range)


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_async_array_over_a_user_store_subclass(backend: str) -> None:
    """``Dataset.load_async`` on a dataset in a user's ``WrapperStore`` subclass: a blocking
    store with no async twin had no ``Array._async_array`` (``TypeError``); now the subclass's
    own methods run in worker threads."""
    pytest.importorskip(backend)
    store = _CountingStore(MemoryStore())
    z = zarr.create_array(store, shape=(6,), chunks=(2,), dtype="i4", fill_value=-1)
    z[:4] = [0, 1, 2, 3]
    twin = z._async_array
    assert isinstance(twin, zarr.AsyncArray)
    assert twin.store == z._async_array.store and "_CountingStore" in repr(twin.store)
    store.gets.clear()

    async def use() -> tuple[object, object, list[str]]:
        read = await twin.getitem(slice(None))
        picked = await twin.vindex.getitem(([1, 5],))
        await twin.setitem(slice(4, 6), np.array([8, 9], dtype="i4"))
        keys = [key async for key in twin.store.list_prefix("c")]
        return read, picked, sorted(keys)

    read, picked, keys = anyio.run(use, backend=backend)
    np.testing.assert_array_equal(read, [0, 1, 2, 3, -1, -1])
    np.testing.assert_array_equal(picked, [1, -1])
    assert keys == ["c/0", "c/1", "c/2"]
    assert "c/0" in store.gets  # the subclass's get ran
    np.testing.assert_array_equal(z[:], [0, 1, 2, 3, 8, 9])

    reader = zarr.open_array(store.with_read_only(True), mode="r")._async_array

    async def write_read_only() -> None:
        await reader.setitem(0, 5)

    with pytest.raises(ValueError, match="read-only"):
        anyio.run(write_read_only, backend=backend)
    assert z[0] == 0
