"""Test modules: the anyio marker is removed, whichever form it takes."""

from __future__ import annotations

import pytest

from zarrlite._async.store.memory import AsyncMemoryStore

pytestmark = pytest.mark.anyio


@pytest.mark.anyio
async def test_get() -> None:
    store = AsyncMemoryStore()
    assert await store.get("missing") is None


@pytest.mark.anyio
@pytest.mark.parametrize("key", ["a", "b"])
async def test_set(key: str) -> None:
    store = AsyncMemoryStore()
    await store.set(key, b"x")


class TestStore:
    @pytest.mark.anyio
    async def test_list(self) -> None:
        assert [k async for k in AsyncMemoryStore().list()] == []
