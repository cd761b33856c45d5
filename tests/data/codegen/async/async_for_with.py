"""``async for`` and ``async with`` statements."""

from __future__ import annotations


async def consume(store: Store, lock: Lock) -> list[str]:
    found = []
    async with lock:
        async for key in store.list():
            found.append(key)
        else:
            found.append("<end>")
    async with store.open("a") as first, store.open("b") as second:
        await first.write(await second.read())
    return found
