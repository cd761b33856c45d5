# Generated from tests/data/codegen/async/tests_task_group_from_import.py by codegen. Do not edit.

"""The ``from anyio import ...`` form of the task group shim."""

from __future__ import annotations

import pytest

from tests.concurrency import create_task_group, sleep
from zarrlite._sync.store.memory import MemoryStore


def test_concurrent_reads() -> None:
    store = MemoryStore()
    results: list[bytes | None] = []

    def read(key: str) -> None:
        sleep(0)
        results.append(store.get(key))

    with create_task_group() as tg:
        tg.start_soon(read, "a")
        tg.start_soon(read, "b")
    assert results == [None, None]
