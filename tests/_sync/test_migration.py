# Generated from tests/_async/test_migration.py by codegen. Do not edit.

"""v2 -> v3 metadata migration on memory stores, in both flavours (zarrlite._sync.migration;
the comparison with zarr-python is in tests/test_migrate_v3.py)."""

from __future__ import annotations

import numpy as np
import pytest

from zarrlite._sync import api
from zarrlite._sync.migration import migrate_to_v3, migrate_v2_to_v3, remove_metadata
from zarrlite._sync.store.memory import MemoryStore
from zarrlite._sync.store.path import StorePath


def _v2_hierarchy(store: MemoryStore) -> None:
    root = api.open_group(store, mode="w", zarr_format=2, attributes={"r": 1})
    x = root.create_array("x", shape=(4,), chunks=(2,), dtype="i2", order="F")
    x.setitem(slice(None), np.arange(4, dtype="i2"))
    sub = root.create_group("g", attributes={"s": 2})
    sub.create_array("y", shape=(2, 3), dtype="f8", fill_value=float("nan"))


def test_migrate_then_remove_v2() -> None:
    store = MemoryStore()
    _v2_hierarchy(store)
    v2_keys = sorted([key for key in store.list()])
    migrate_v2_to_v3(input_store=store, dry_run=True)
    assert sorted([key for key in store.list()]) == v2_keys
    migrate_v2_to_v3(input_store=store)
    remove_metadata(store, 2)
    keys = sorted([key for key in store.list()])
    assert keys == ["g/y/zarr.json", "g/zarr.json", "x/0", "x/1", "x/zarr.json", "zarr.json"]
    root = api.open_group(store, mode="r", zarr_format=3)
    assert root.attrs == {"r": 1}
    x = root.getitem("x")
    np.testing.assert_array_equal(x.getitem(slice(None)), np.arange(4))
    y = root.getitem("g/y")
    assert np.isnan(y.getitem((0, 0)))


def test_migrate_into_another_store_and_refusals() -> None:
    source, target = MemoryStore(), MemoryStore()
    _v2_hierarchy(source)
    migrate_v2_to_v3(input_store=source, output_store=target)
    assert sorted([key for key in target.list()]) == [
        "g/y/zarr.json",
        "g/zarr.json",
        "x/zarr.json",
        "zarr.json",
    ]
    with pytest.raises(FileExistsError):
        migrate_v2_to_v3(input_store=source, output_store=target)
    # A zarr.json below the target of migrate_to_v3 refuses the whole migration.
    group = api.open_group(source, mode="r+")
    with pytest.raises(ValueError, match="already exists"):
        migrate_to_v3(group, StorePath(target))
    with pytest.raises(ValueError, match="no v2 metadata exists"):
        remove_metadata(target, 3)
    remove_metadata(target, 3, force=True)
    assert [key for key in target.list()] == []
