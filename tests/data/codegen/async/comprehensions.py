"""``await`` and ``async for`` inside comprehensions and generator expressions."""

from __future__ import annotations


async def collect(store: Store, keys: list[str]) -> None:
    values = [await store.get(key) for key in keys]
    sizes = {key: await store.size(key) async for key in store.list()}
    present = [key async for key in store.list() if await store.exists(key)]
    nested = [[await store.get(k) for k in group] for group in [keys]]
    lazy = (key async for key in store.list())
    await store.report(values, sizes, present, nested, [key async for key in lazy])
