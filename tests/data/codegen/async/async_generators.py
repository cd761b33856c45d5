"""Async generators and iterators: annotations and protocol names."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterable, AsyncIterator


async def keys(store: Store) -> AsyncIterator[str]:
    async for key in store.list():
        yield key


async def numbered(items: AsyncIterable[str]) -> AsyncGenerator[tuple[int, str], None]:
    index = 0
    async for item in items:
        yield index, item
        index += 1


async def trailing(items: list[int]) -> AsyncGenerator[int, None,]:
    for item in items:
        yield item


class Countdown:
    def __init__(self, start: int) -> None:
        self.current = start

    def __aiter__(self) -> AsyncIterator[int]:
        return self

    async def __anext__(self) -> int:
        if self.current == 0:
            raise StopAsyncIteration
        self.current -= 1
        return self.current


async def first_two(countdown: Countdown, gen: AsyncGenerator[int, None]) -> tuple[int, int]:
    iterator = aiter(countdown)
    first = await anext(iterator)
    second = await anext(gen)
    await gen.aclose()
    return first, second
