"""Escape hatches: statements and blocks with no blocking twin."""

from __future__ import annotations

import anyio  # codegen: async-only


async def run(store: Store) -> None:
    await anyio.sleep(0)  # codegen: async-only
    await store.set(
        "key",
        b"value",
    )  # codegen: async-only
    # codegen: async-only-start
    async with anyio.create_task_group() as tg:
        tg.start_soon(store.flush)
    # codegen: async-only-end
    await store.close()
