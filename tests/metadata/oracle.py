"""zarr-python 3.4.2 as a reference: create nodes in a MemoryStore and read the stored bytes."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import pytest

zarr = pytest.importorskip("zarr")
from zarr.core.dtype import get_data_type_from_json  # noqa: E402
from zarr.storage import MemoryStore  # noqa: E402


def stored(store: Any) -> dict[str, bytes]:
    """Every key of a zarr MemoryStore and its bytes."""
    return {key: buf.to_bytes() for key, buf in store._store_dict.items()}


def quietly(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call zarr without its warnings (unstable v3 data types, consolidated metadata…)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def zarr_array_documents(**kwargs: Any) -> dict[str, bytes]:
    """The documents zarr writes for ``zarr.create_array(MemoryStore(), **kwargs)``."""
    store = MemoryStore()
    quietly(zarr.create_array, store, **kwargs)
    return stored(store)


def zarr_open_array(documents: dict[str, bytes]) -> Any:
    """Open (with zarr) an array made of ``documents``."""
    store = MemoryStore()
    from zarr.core.buffer import cpu

    for key, value in documents.items():
        store._store_dict[key] = cpu.Buffer.from_bytes(value)
    return quietly(zarr.open_array, store, mode="r")


__all__ = [
    "MemoryStore",
    "get_data_type_from_json",
    "quietly",
    "stored",
    "zarr",
    "zarr_array_documents",
    "zarr_open_array",
]
