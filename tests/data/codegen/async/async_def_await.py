"""Coroutine functions and the forms ``await`` takes."""

from __future__ import annotations


async def fetch(key: str) -> bytes:
    return await read(key)


async def total(store: Store, keys: list[str]) -> int:
    size = 0
    for key in keys:
        size += len(await store.get(key))
    size += await (store.size())
    size += 1 + await store.extra.count()
    if not await store.exists("x"):
        size -= 1
    label = f"size={await store.size()}"
    await store.close()
    return size if label else -1


class Reader:
    async def read(self) -> bytes:
        return await self._read()

    @staticmethod
    async def make() -> Reader:
        return Reader()
