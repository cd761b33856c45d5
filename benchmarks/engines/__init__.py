"""Engine adapters: one class per library (and API flavour), all with the same methods.

An engine is only offered when its library imports; ``ENGINE_NAMES`` is the order of tables.
"""

from __future__ import annotations

import importlib.util

from benchmarks.engines._base import Engine, Unsupported

__all__ = ["ENGINE_NAMES", "Engine", "Unsupported", "available", "make_engine"]

ENGINE_NAMES = ("zarrlite", "zarrlite-async", "zarr-python", "zarr+zarrs", "tensorstore")
ZARRLITE_ENGINES = ("zarrlite", "zarrlite-async")

_NEEDS = {
    "zarrlite": ("zarrlite",),
    "zarrlite-async": ("zarrlite",),
    "zarr-python": ("zarr",),
    "zarr+zarrs": ("zarr", "zarrs"),
    "tensorstore": ("tensorstore",),
}


def available(name: str) -> bool:
    """Whether the libraries ``name`` needs are installed (without importing them)."""
    return all(importlib.util.find_spec(module) is not None for module in _NEEDS[name])


def make_engine(name: str) -> Engine:
    """Import and build engine ``name`` (in a worker process: it may set global config)."""
    if name == "zarrlite":
        from benchmarks.engines.zarrlite_ import ZarrliteEngine

        return ZarrliteEngine()
    if name == "zarrlite-async":
        from benchmarks.engines.zarrlite_async import ZarrliteAsyncEngine

        return ZarrliteAsyncEngine()
    if name in ("zarr-python", "zarr+zarrs"):
        from benchmarks.engines.zarr_python import ZarrPythonEngine

        return ZarrPythonEngine(zarrs=name == "zarr+zarrs")
    if name == "tensorstore":
        from benchmarks.engines.tensorstore_ import TensorstoreEngine

        return TensorstoreEngine()
    raise ValueError(f"unknown engine {name!r}; choose from {list(ENGINE_NAMES)}")
