# Generated from tests/data/codegen/async/async_generators.py by codegen. Do not edit.

"""Async generators and iterators: annotations and protocol names."""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator


def keys(store: Store) -> Iterator[str]:
    yield from store.list()


def numbered(items: Iterable[str]) -> Generator[tuple[int, str], None, None]:
    index = 0
    for item in items:
        yield index, item
        index += 1


def trailing(items: list[int]) -> Generator[int, None, None]:
    yield from items


class Countdown:
    def __init__(self, start: int) -> None:
        self.current = start

    def __iter__(self) -> Iterator[int]:
        return self

    def __next__(self) -> int:
        if self.current == 0:
            raise StopIteration
        self.current -= 1
        return self.current


def first_two(countdown: Countdown, gen: Generator[int, None, None]) -> tuple[int, int]:
    iterator = iter(countdown)
    first = next(iterator)
    second = next(gen)
    gen.close()
    return first, second
