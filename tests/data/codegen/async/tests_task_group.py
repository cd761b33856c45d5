"""Concurrency tests: anyio task groups become the thread-based tests/concurrency.py."""

from __future__ import annotations

import anyio
import pytest  # codegen: async-only

from zarrlite._async.store.memory import AsyncMemoryStore


@pytest.mark.anyio
async def test_concurrent_writes() -> None:
    store = AsyncMemoryStore()

    async def write(key: str) -> None:
        await anyio.sleep(0)
        await store.set(key, b"x")

    async with anyio.create_task_group() as tg:
        for key in "abc":
            tg.start_soon(write, key)
    assert sorted([k async for k in store.list()]) == ["a", "b", "c"]
