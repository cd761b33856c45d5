"""What only the obstore-backed store promises (the conformance suite runs it on S3: test_s3.py)."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest

from zarrlite._async.api import open_array
from zarrlite._async.api_arrays import create_array
from zarrlite._async.store import AsyncObjectStore, RangeByteRequest, SuffixByteRequest

obstore_store = pytest.importorskip("obstore.store")
pytestmark = pytest.mark.anyio


async def test_array_round_trip_over_an_obstore_memory_store() -> None:
    store = AsyncObjectStore(obstore_store.MemoryStore())
    data = np.arange(20, dtype="i8").reshape(4, 5)
    array = await create_array(store, shape=(4, 5), chunks=(2, 2), shards=(4, 4), dtype="i8")
    await array.setitem(slice(None), data)
    again = await open_array(store.with_read_only(True), mode="r")
    np.testing.assert_array_equal(await again.getitem(slice(None)), data)
    np.testing.assert_array_equal(await again.getitem((1, slice(1, 4))), data[1, 1:4])


async def test_ranges_equality_and_type_checks() -> None:
    inner = obstore_store.MemoryStore()
    store = AsyncObjectStore(inner)
    await store.set("k", b"0123456789")
    assert await store.get("k", RangeByteRequest(8, 50)) == b"89"
    assert await store.get("k", RangeByteRequest(10, 20)) == b""
    assert await store.get("k", SuffixByteRequest(0)) == b""
    assert await store.get("nope", RangeByteRequest(10, 20)) is None
    assert store == AsyncObjectStore(inner)
    assert store != AsyncObjectStore(obstore_store.MemoryStore())  # another memory store
    assert store != AsyncObjectStore(inner, read_only=True)
    with pytest.raises(TypeError, match="obstore store"):
        AsyncObjectStore({"not": "a store"})


async def test_stores_over_equal_obstore_stores_are_equal(tmp_path: Path) -> None:
    # As zarr-python's (which compares the obstore stores): a LocalStore or HTTPStore has no
    # ``config``, so two of them over one root were unequal, and a pickled copy unequal too.
    local = AsyncObjectStore(obstore_store.LocalStore(str(tmp_path)))
    same = AsyncObjectStore(obstore_store.LocalStore(str(tmp_path)))
    assert local == same and hash(local) == hash(same)
    assert pickle.loads(pickle.dumps(local)) == local
    (tmp_path / "other").mkdir()
    assert local != AsyncObjectStore(obstore_store.LocalStore(str(tmp_path / "other")))
    assert local != same.with_read_only(True)
    http = AsyncObjectStore(obstore_store.HTTPStore.from_url("http://127.0.0.1:1/data.zarr"))
    assert http == AsyncObjectStore(obstore_store.HTTPStore.from_url("http://127.0.0.1:1/data.zarr"))
    assert http != AsyncObjectStore(obstore_store.HTTPStore.from_url("http://127.0.0.1:1/x.zarr"))
