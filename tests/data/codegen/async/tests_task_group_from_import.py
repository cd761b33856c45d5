"""The ``from anyio import ...`` form of the task group shim."""

from __future__ import annotations

import pytest
from anyio import create_task_group, sleep

from zarrlite._async.store.memory import AsyncMemoryStore


@pytest.mark.anyio
async def test_concurrent_reads() -> None:
    store = AsyncMemoryStore()
    results: list[bytes | None] = []

    async def read(key: str) -> None:
        await sleep(0)
        results.append(await store.get(key))

    async with create_task_group() as tg:
        tg.start_soon(read, "a")
        tg.start_soon(read, "b")
    assert results == [None, None]
