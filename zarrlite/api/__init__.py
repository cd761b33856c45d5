"""``zarrlite.api.synchronous`` and ``zarrlite.api.asynchronous``, at zarr-python's module paths.

Both are attributes after a plain ``import zarrlite``, as in zarr-python; ``asynchronous`` is
imported on first use (PEP 562), so blocking-only programs do not pay for it.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

from zarrlite.api import synchronous

if TYPE_CHECKING:
    from zarrlite.api import asynchronous

__all__ = ["asynchronous", "synchronous"]


def __getattr__(name: str) -> ModuleType:
    if name == "asynchronous":
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
