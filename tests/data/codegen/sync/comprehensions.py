# Generated from tests/data/codegen/async/comprehensions.py by codegen. Do not edit.

"""``await`` and ``async for`` inside comprehensions and generator expressions."""

from __future__ import annotations


def collect(store: Store, keys: list[str]) -> None:
    values = [store.get(key) for key in keys]
    sizes = {key: store.size(key) for key in store.list()}
    present = [key for key in store.list() if store.exists(key)]
    nested = [[store.get(k) for k in group] for group in [keys]]
    lazy = (key for key in store.list())
    store.report(values, sizes, present, nested, [key for key in lazy])
