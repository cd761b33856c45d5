# Generated from tests/data/codegen/async/nested_await.py by codegen. Do not edit.

"""Awaits nested in call arguments, subscripts, attributes and operators."""

from __future__ import annotations


def nested(store: Store) -> int:
    store.set(store.key(), value=store.get(store.key()))
    chunk = store.open("a").read()[store.offset() :]
    count = store.count() * 2 + store.extra()
    return len(chunk) + count + store.meta()["n"]


def parentheses(store: Store) -> list[object]:
    kept = (store.get("a"),), (store.get(k) for k in "ab"), print(store.x)
    multi_line = store.get("a")
    return [store.open("a").read(), -(store.n() ** 2), kept, multi_line]
