# Generated from tests/data/codegen/async/tests_anyio_marker.py by codegen. Do not edit.

"""Test modules: the anyio marker is removed, whichever form it takes."""

from __future__ import annotations

import pytest

from zarrlite._sync.store.memory import MemoryStore


def test_get() -> None:
    store = MemoryStore()
    assert store.get("missing") is None


@pytest.mark.parametrize("key", ["a", "b"])
def test_set(key: str) -> None:
    store = MemoryStore()
    store.set(key, b"x")


class TestStore:
    def test_list(self) -> None:
        assert [k for k in MemoryStore().list()] == []
