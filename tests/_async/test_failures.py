"""Store failures in the middle of hierarchy changes: a failed call leaves a hierarchy that
opens, and the call can be retried (run under asyncio, trio and, generated, sync)."""

from __future__ import annotations

import errno

import numpy as np
import pytest

from zarrlite._async import api
from zarrlite._async.group import AsyncGroup
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite._async.store.wrapper import AsyncWrapperStore
from zarrlite._types import BytesLike


class FailingStore(AsyncWrapperStore):
    """Raises ``OSError(ENOSPC)`` at the first ``set`` or ``delete`` of the key ``fail_key``.

    ``delete_dir`` deletes key by key in listing order, as a remote store's listing followed
    by deletes does, so that a failure can land in the middle of it.
    """

    fail_key: str | None = None

    def _check(self, key: str) -> None:
        if key == self.fail_key:
            self.fail_key = None
            raise OSError(errno.ENOSPC, "No space left on device", key)

    async def set(self, key: str, value: BytesLike) -> None:
        self._check(key)
        await self._store.set(key, value)

    async def delete(self, key: str) -> None:
        self._check(key)
        await self._store.delete(key)

    async def delete_dir(self, prefix: str) -> None:
        keys = [key async for key in self._store.list_prefix(prefix + "/")]
        for key in keys:
            await self.delete(key)


async def hierarchy(store: FailingStore, zarr_format: int) -> AsyncGroup:
    root = await api.open_group(store, mode="w", zarr_format=zarr_format)
    g = await root.create_group("g", attributes={"y": 2})
    b = await g.create_array("b", shape=(6,), chunks=(3,), dtype="f8", attributes={"u": "m"})
    await b.setitem(Ellipsis, np.arange(6.0))
    return root


def chunk_key(zarr_format: int, path: str, index: int) -> str:
    return f"{path}/c/{index}" if zarr_format == 3 else f"{path}/{index}"


async def data_of(root: AsyncGroup, path: str) -> list[float]:
    array = await root.getitem(path)
    return list(await array.getitem(Ellipsis))  # type: ignore[union-attr]


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_move_interrupted_while_copying_can_be_retried(zarr_format: int) -> None:
    store = FailingStore(AsyncMemoryStore())
    root = await hierarchy(store, zarr_format)
    store.fail_key = chunk_key(zarr_format, "h/i/b", 1)
    with pytest.raises(OSError, match="No space left") as failure:
        await root.move("g", "h/i")
    assert failure.value.filename == chunk_key(zarr_format, "h/i/b", 1)
    # Nothing at the destination opens as a node yet (its documents are copied last), and the
    # source is untouched.
    assert not await root.contains("h/i")
    assert not await root.contains("h/i/b")
    assert await data_of(root, "g/b") == list(np.arange(6.0))
    await root.move("g", "h/i")  # was ContainsArrayError: the destination's documents existed
    assert not await root.contains("g")
    assert await data_of(root, "h/i/b") == list(np.arange(6.0))
    moved = await root.getitem("h/i")
    assert moved.attrs["y"] == 2


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_delitem_interrupted_can_be_retried(zarr_format: int) -> None:
    memory = AsyncMemoryStore()
    store = FailingStore(memory)
    root = await hierarchy(store, zarr_format)
    await root.create_array("kept", shape=(2,), dtype="i1", fill_value=3)
    store.fail_key = chunk_key(zarr_format, "g/b", 1)
    with pytest.raises(OSError, match="No space left"):
        await root.delitem("g")
    # The group went first, so no member is left half-deleted in the hierarchy.
    assert not await root.contains("g")
    assert not await root.contains("g/b")
    assert await data_of(root, "kept") == [3, 3]
    await root.delitem("g")  # was KeyError, with keys of "g/b" left behind
    assert [key async for key in memory.list_prefix("g/")] == []
    with pytest.raises(KeyError):
        await root.delitem("g")
    assert [name async for name in root.keys()] == ["kept"]


@pytest.mark.anyio
@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_move_interrupted_while_deleting_the_source(zarr_format: int) -> None:
    memory = AsyncMemoryStore()
    store = FailingStore(memory)
    root = await hierarchy(store, zarr_format)
    store.fail_key = chunk_key(zarr_format, "g/b", 0)
    with pytest.raises(OSError, match="No space left"):
        await root.move("g", "h")
    # The copy is complete and the source is gone; its leftover keys are removed by delitem.
    assert not await root.contains("g")
    assert await data_of(root, "h/b") == list(np.arange(6.0))
    await root.delitem("g")
    assert [key async for key in memory.list_prefix("g/")] == []
    assert await data_of(root, "h/b") == list(np.arange(6.0))
