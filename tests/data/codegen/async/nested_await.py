"""Awaits nested in call arguments, subscripts, attributes and operators."""

from __future__ import annotations


async def nested(store: Store) -> int:
    await store.set(await store.key(), value=await store.get(await store.key()))
    chunk = (await (await store.open("a")).read())[await store.offset() :]
    count = (await store.count()) * 2 + (await store.extra())
    return len(chunk) + count + (await store.meta())["n"]


async def parentheses(store: Store) -> list[object]:
    kept = (await store.get("a"),), (await store.get(k) for k in "ab"), print(await store.x)
    multi_line = (
        await store.get("a")
    )
    return [(await (await store.open("a")).read()), -(await store.n()) ** 2, kept, multi_line]
