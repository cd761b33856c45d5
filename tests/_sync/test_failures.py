# Generated from tests/_async/test_failures.py by codegen. Do not edit.

"""Store failures in the middle of hierarchy changes: a failed call leaves a hierarchy that
opens, and the call can be retried (run under asyncio, trio and, generated, sync)."""

from __future__ import annotations

import errno

import numpy as np
import pytest

from zarrlite._sync import api
from zarrlite._sync.group import Group
from zarrlite._sync.store.memory import MemoryStore
from zarrlite._sync.store.wrapper import WrapperStore
from zarrlite._types import BytesLike


class FailingStore(WrapperStore):
    """Raises ``OSError(ENOSPC)`` at the first ``set`` or ``delete`` of the key ``fail_key``.

    ``delete_dir`` deletes key by key in listing order, as a remote store's listing followed
    by deletes does, so that a failure can land in the middle of it.
    """

    fail_key: str | None = None

    def _check(self, key: str) -> None:
        if key == self.fail_key:
            self.fail_key = None
            raise OSError(errno.ENOSPC, "No space left on device", key)

    def set(self, key: str, value: BytesLike) -> None:
        self._check(key)
        self._store.set(key, value)

    def delete(self, key: str) -> None:
        self._check(key)
        self._store.delete(key)

    def delete_dir(self, prefix: str) -> None:
        keys = [key for key in self._store.list_prefix(prefix + "/")]
        for key in keys:
            self.delete(key)


def hierarchy(store: FailingStore, zarr_format: int) -> Group:
    root = api.open_group(store, mode="w", zarr_format=zarr_format)
    g = root.create_group("g", attributes={"y": 2})
    b = g.create_array("b", shape=(6,), chunks=(3,), dtype="f8", attributes={"u": "m"})
    b.setitem(Ellipsis, np.arange(6.0))
    return root


def chunk_key(zarr_format: int, path: str, index: int) -> str:
    return f"{path}/c/{index}" if zarr_format == 3 else f"{path}/{index}"


def data_of(root: Group, path: str) -> list[float]:
    array = root.getitem(path)
    return list(array.getitem(Ellipsis))  # type: ignore[union-attr]


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_move_interrupted_while_copying_can_be_retried(zarr_format: int) -> None:
    store = FailingStore(MemoryStore())
    root = hierarchy(store, zarr_format)
    store.fail_key = chunk_key(zarr_format, "h/i/b", 1)
    with pytest.raises(OSError, match="No space left") as failure:
        root.move("g", "h/i")
    assert failure.value.filename == chunk_key(zarr_format, "h/i/b", 1)
    # Nothing at the destination opens as a node yet (its documents are copied last), and the
    # source is untouched.
    assert not root.contains("h/i")
    assert not root.contains("h/i/b")
    assert data_of(root, "g/b") == list(np.arange(6.0))
    root.move("g", "h/i")  # was ContainsArrayError: the destination's documents existed
    assert not root.contains("g")
    assert data_of(root, "h/i/b") == list(np.arange(6.0))
    moved = root.getitem("h/i")
    assert moved.attrs["y"] == 2


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_delitem_interrupted_can_be_retried(zarr_format: int) -> None:
    memory = MemoryStore()
    store = FailingStore(memory)
    root = hierarchy(store, zarr_format)
    root.create_array("kept", shape=(2,), dtype="i1", fill_value=3)
    store.fail_key = chunk_key(zarr_format, "g/b", 1)
    with pytest.raises(OSError, match="No space left"):
        root.delitem("g")
    # The group went first, so no member is left half-deleted in the hierarchy.
    assert not root.contains("g")
    assert not root.contains("g/b")
    assert data_of(root, "kept") == [3, 3]
    root.delitem("g")  # was KeyError, with keys of "g/b" left behind
    assert [key for key in memory.list_prefix("g/")] == []
    with pytest.raises(KeyError):
        root.delitem("g")
    assert [name for name in root.keys()] == ["kept"]


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_move_interrupted_while_deleting_the_source(zarr_format: int) -> None:
    memory = MemoryStore()
    store = FailingStore(memory)
    root = hierarchy(store, zarr_format)
    store.fail_key = chunk_key(zarr_format, "g/b", 0)
    with pytest.raises(OSError, match="No space left"):
        root.move("g", "h")
    # The copy is complete and the source is gone; its leftover keys are removed by delitem.
    assert not root.contains("g")
    assert data_of(root, "h/b") == list(np.arange(6.0))
    root.delitem("g")
    assert [key for key in memory.list_prefix("g/")] == []
    assert data_of(root, "h/b") == list(np.arange(6.0))
