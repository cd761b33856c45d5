# Generated from tests/data/codegen/async/tests_task_group.py by codegen. Do not edit.

"""Concurrency tests: anyio task groups become the thread-based tests/concurrency.py."""

from __future__ import annotations

from tests import concurrency
from zarrlite._sync.store.memory import MemoryStore


def test_concurrent_writes() -> None:
    store = MemoryStore()

    def write(key: str) -> None:
        concurrency.sleep(0)
        store.set(key, b"x")

    with concurrency.create_task_group() as tg:
        for key in "abc":
            tg.start_soon(write, key)
    assert sorted([k for k in store.list()]) == ["a", "b", "c"]
