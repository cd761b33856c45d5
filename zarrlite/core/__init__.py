"""Module paths of zarr-python's ``zarr.core`` that user code imports from.

``buffer``, ``dtype``, ``group``, ``indexing`` and ``sync_group`` are attributes after a plain
``import zarrlite``, as in zarr-python; they are imported on first use (PEP 562).
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zarrlite.core import buffer, dtype, group, indexing, sync_group

__all__ = ["buffer", "dtype", "group", "indexing", "sync_group"]


def __getattr__(name: str) -> ModuleType:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
