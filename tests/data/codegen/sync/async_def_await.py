# Generated from tests/data/codegen/async/async_def_await.py by codegen. Do not edit.

"""Coroutine functions and the forms ``await`` takes."""

from __future__ import annotations


def fetch(key: str) -> bytes:
    return read(key)


def total(store: Store, keys: list[str]) -> int:
    size = 0
    for key in keys:
        size += len(store.get(key))
    size += store.size()
    size += 1 + store.extra.count()
    if not store.exists("x"):
        size -= 1
    label = f"size={store.size()}"
    store.close()
    return size if label else -1


class Reader:
    def read(self) -> bytes:
        return self._read()

    @staticmethod
    def make() -> Reader:
        return Reader()
