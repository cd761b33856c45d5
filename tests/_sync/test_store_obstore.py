# Generated from tests/_async/test_store_obstore.py by codegen. Do not edit.

"""What only the obstore-backed store promises (the conformance suite runs it on S3: test_s3.py)."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from zarrlite._sync.api import open_array
from zarrlite._sync.api_arrays import create_array
from zarrlite._sync.store import ObjectStore, RangeByteRequest, SuffixByteRequest

obstore_store = pytest.importorskip("obstore.store")


def test_array_round_trip_over_an_obstore_memory_store() -> None:
    store = ObjectStore(obstore_store.MemoryStore())
    data = np.arange(20, dtype="i8").reshape(4, 5)
    array = create_array(store, shape=(4, 5), chunks=(2, 2), shards=(4, 4), dtype="i8")
    array.setitem(slice(None), data)
    again = open_array(store.with_read_only(True), mode="r")
    np.testing.assert_array_equal(again.getitem(slice(None)), data)
    np.testing.assert_array_equal(again.getitem((1, slice(1, 4))), data[1, 1:4])


def test_ranges_equality_and_type_checks() -> None:
    inner = obstore_store.MemoryStore()
    store = ObjectStore(inner)
    store.set("k", b"0123456789")
    assert store.get("k", RangeByteRequest(8, 50)) == b"89"
    assert store.get("k", RangeByteRequest(10, 20)) == b""
    assert store.get("k", SuffixByteRequest(0)) == b""
    assert store.get("nope", RangeByteRequest(10, 20)) is None
    assert store == ObjectStore(inner)
    assert store != ObjectStore(obstore_store.MemoryStore())  # another memory store
    assert store != ObjectStore(inner, read_only=True)
    with pytest.raises(TypeError, match="obstore store"):
        ObjectStore({"not": "a store"})


def test_stores_over_equal_obstore_stores_are_equal(tmp_path: Path) -> None:
    # As zarr-python's (which compares the obstore stores): a LocalStore or HTTPStore has no
    # ``config``, so two of them over one root were unequal, and a pickled copy unequal too.
    local = ObjectStore(obstore_store.LocalStore(str(tmp_path)))
    same = ObjectStore(obstore_store.LocalStore(str(tmp_path)))
    assert local == same and hash(local) == hash(same)
    assert pickle.loads(pickle.dumps(local)) == local
    (tmp_path / "other").mkdir()
    assert local != ObjectStore(obstore_store.LocalStore(str(tmp_path / "other")))
    assert local != same.with_read_only(True)
    http = ObjectStore(obstore_store.HTTPStore.from_url("http://127.0.0.1:1/data.zarr"))
    assert http == ObjectStore(obstore_store.HTTPStore.from_url("http://127.0.0.1:1/data.zarr"))
    assert http != ObjectStore(obstore_store.HTTPStore.from_url("http://127.0.0.1:1/x.zarr"))
