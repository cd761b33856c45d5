"""``zarrlite.abc.store``: zarr-python's ``zarr.abc.store`` import location (custom stores and
byte requests are imported from there in zarr-python code)."""

from __future__ import annotations

import pytest

import zarrlite


def test_abc_store_has_zarr_pythons_names() -> None:
    import zarrlite.storage as storage
    from zarrlite.abc import store as abc_store

    assert zarrlite.abc.store is abc_store  # an attribute after a plain ``import zarrlite``
    assert abc_store.Store is storage.Store
    assert isinstance(storage.MemoryStore(), abc_store.Store)
    for name in ("RangeByteRequest", "OffsetByteRequest", "SuffixByteRequest", "ByteRequest"):
        assert getattr(abc_store, name) is getattr(storage, name)
    assert abc_store.RangeByteRequest(0, 4) == storage.RangeByteRequest(0, 4)
    reference = pytest.importorskip("zarr.abc.store")
    assert set(reference.__all__) <= set(abc_store.__all__)


def test_sync_byte_getter_and_setter_protocols() -> None:
    from zarrlite.abc.store import SyncByteGetter, SyncByteSetter
    from zarrlite.storage import MemoryStore, StorePath

    path = StorePath(MemoryStore(), "k")
    assert isinstance(path, SyncByteGetter) and isinstance(path, SyncByteSetter)
    assert not isinstance(object(), SyncByteGetter)
