"""An array read from a stored document that older software left invalid stores the document
as read before its first chunk write, as zarr-python 3.4 does, and not before (run under
asyncio, trio and, generated, sync)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from zarrlite._async import api
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite.errors import ReadOnlyError, ZarrUserWarning

pytestmark = pytest.mark.anyio

# What zarr-python 3.2 stored for create_array(shape=(6, 20), chunks=(2, (5, 10, 5))).
LEGACY = {
    "zarr_format": 3,
    "node_type": "array",
    "shape": [6, 20],
    "data_type": "int32",
    "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2, [5, 10, 5]]}},
    "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
    "fill_value": 0,
    "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
    "attributes": {},
}


async def legacy_store() -> AsyncMemoryStore:
    store = AsyncMemoryStore()
    await store.set("a/zarr.json", json.dumps(LEGACY).encode())
    # Chunk (1, 1): rows 2-3, columns 5-14.
    await store.set("a/c/1/1", np.arange(20, dtype="<i4").tobytes())
    return store


async def stored_grid(store: AsyncMemoryStore) -> Any:
    raw = await store.get("a/zarr.json")
    assert raw is not None
    return json.loads(bytes(raw))["chunk_grid"]


async def test_reading_leaves_the_document_and_writing_stores_it_first() -> None:
    store = await legacy_store()
    with pytest.warns(ZarrUserWarning, match=r"a/zarr\.json: the 'regular' chunk grid lists"):
        arr = await api.open_array(store, path="a")
    assert arr.read_chunk_sizes == ((2, 2, 2), (5, 10, 5))
    expected = np.zeros((6, 20), dtype="i4")
    expected[2:4, 5:15] = np.arange(20).reshape(2, 10)
    assert np.array_equal(await arr.getitem(Ellipsis), expected)
    assert (await stored_grid(store))["name"] == "regular"  # reading changes nothing

    await arr.setitem((0, 0), 7)
    expected[0, 0] = 7
    assert await stored_grid(store) == {
        "name": "rectilinear",
        "configuration": {"kind": "inline", "chunk_shapes": [2, [5, 10, 5]]},
    }
    assert not arr.metadata.rewrite_before_writing
    reopened = await api.open_array(store, path="a")  # no warning: the document is valid now
    assert np.array_equal(await reopened.getitem(Ellipsis), expected)


async def test_a_read_only_array_stores_nothing() -> None:
    store = await legacy_store()
    with pytest.warns(ZarrUserWarning):
        arr = await api.open_array(store, path="a", mode="r")
    with pytest.raises(ReadOnlyError, match="read-only"):
        await arr.setitem((0, 0), 7)
    assert (await stored_grid(store))["name"] == "regular"
