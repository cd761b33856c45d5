"""v2 -> v3 metadata migration on memory stores, in both flavours (zarrlite._async.migration;
the comparison with zarr-python is in tests/test_migrate_v3.py)."""

from __future__ import annotations

import numpy as np
import pytest

from zarrlite._async import api
from zarrlite._async.migration import migrate_to_v3, migrate_v2_to_v3, remove_metadata
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite._async.store.path import AsyncStorePath

pytestmark = pytest.mark.anyio


async def _v2_hierarchy(store: AsyncMemoryStore) -> None:
    root = await api.open_group(store, mode="w", zarr_format=2, attributes={"r": 1})
    x = await root.create_array("x", shape=(4,), chunks=(2,), dtype="i2", order="F")
    await x.setitem(slice(None), np.arange(4, dtype="i2"))
    sub = await root.create_group("g", attributes={"s": 2})
    await sub.create_array("y", shape=(2, 3), dtype="f8", fill_value=float("nan"))


async def test_migrate_then_remove_v2() -> None:
    store = AsyncMemoryStore()
    await _v2_hierarchy(store)
    v2_keys = sorted([key async for key in store.list()])
    await migrate_v2_to_v3(input_store=store, dry_run=True)
    assert sorted([key async for key in store.list()]) == v2_keys
    await migrate_v2_to_v3(input_store=store)
    await remove_metadata(store, 2)
    keys = sorted([key async for key in store.list()])
    assert keys == ["g/y/zarr.json", "g/zarr.json", "x/0", "x/1", "x/zarr.json", "zarr.json"]
    root = await api.open_group(store, mode="r", zarr_format=3)
    assert root.attrs == {"r": 1}
    x = await root.getitem("x")
    np.testing.assert_array_equal(await x.getitem(slice(None)), np.arange(4))
    y = await root.getitem("g/y")
    assert np.isnan(await y.getitem((0, 0)))


async def test_migrate_into_another_store_and_refusals() -> None:
    source, target = AsyncMemoryStore(), AsyncMemoryStore()
    await _v2_hierarchy(source)
    await migrate_v2_to_v3(input_store=source, output_store=target)
    assert sorted([key async for key in target.list()]) == [
        "g/y/zarr.json",
        "g/zarr.json",
        "x/zarr.json",
        "zarr.json",
    ]
    with pytest.raises(FileExistsError):
        await migrate_v2_to_v3(input_store=source, output_store=target)
    # A zarr.json below the target of migrate_to_v3 refuses the whole migration.
    group = await api.open_group(source, mode="r+")
    with pytest.raises(ValueError, match="already exists"):
        await migrate_to_v3(group, AsyncStorePath(target))
    with pytest.raises(ValueError, match="no v2 metadata exists"):
        await remove_metadata(target, 3)
    await remove_metadata(target, 3, force=True)
    assert [key async for key in target.list()] == []
