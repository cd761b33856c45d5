# Generated from tests/data/codegen/async/async_for_with.py by codegen. Do not edit.

"""``async for`` and ``async with`` statements."""

from __future__ import annotations


def consume(store: Store, lock: Lock) -> list[str]:
    found = []
    with lock:
        for key in store.list():
            found.append(key)
        else:
            found.append("<end>")
    with store.open("a") as first, store.open("b") as second:
        first.write(second.read())
    return found
