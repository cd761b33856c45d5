"""zarrlite through its async API, run under asyncio (one event loop kept for the worker)."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from importlib.metadata import version
from typing import Any, TypeVar

import numpy as np

import zarrlite.api.asynchronous as azarr
from benchmarks.config import ArraySpec
from benchmarks.engines._base import Engine, Unsupported
from benchmarks.engines.zarrlite_ import create_kwargs
from zarrlite.storage import AsyncMemoryStore

__all__ = ["ZarrliteAsyncEngine"]

T = TypeVar("T")


class ZarrliteAsyncEngine(Engine):
    """Each step is one coroutine run on a long-lived asyncio loop (no loop start per step)."""

    name = "zarrlite-async"
    version = version("zarrlite")

    def __init__(self) -> None:
        self._runner = asyncio.Runner()

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self._runner.run(coroutine)

    def close(self) -> None:
        self._runner.close()

    def create(self, spec: ArraySpec, where: str | None) -> Any:
        store: Any = AsyncMemoryStore() if where is None else where
        return self._run(azarr.create_array(store=store, overwrite=True, **create_kwargs(spec)))

    def write(self, array: Any, data: np.ndarray[Any, Any]) -> None:
        self._run(array.setitem(Ellipsis, data))

    def read(self, array: Any) -> np.ndarray[Any, Any]:
        return self._run(array.getitem(Ellipsis))  # type: ignore[no-any-return]

    def read_points(self, array: Any, points: np.ndarray[Any, Any]) -> list[Any]:
        async def run() -> list[Any]:
            return [await array.getitem((int(row), int(col))) for row, col in points]

        return self._run(run())

    def read_regions(
        self, array: Any, starts: np.ndarray[Any, Any], side: int
    ) -> list[np.ndarray[Any, Any]]:
        async def run() -> list[np.ndarray[Any, Any]]:
            return [
                await array.getitem((slice(row, row + side), slice(col, col + side)))
                for row, col in starts
            ]

        return self._run(run())

    def create_group(
        self, where: str, names: Sequence[str], member: ArraySpec, consolidated: bool
    ) -> None:
        kwargs = create_kwargs(member)
        del kwargs["zarr_format"]

        async def run() -> None:
            group = await azarr.open_group(where, mode="w", zarr_format=member.zarr_format)
            for name in names:
                await group.create_array(name, **kwargs)
            if consolidated:
                consolidate = getattr(azarr, "consolidate_metadata", None)
                if consolidate is None:
                    raise Unsupported("consolidate_metadata does not exist yet")
                await consolidate(where, zarr_format=member.zarr_format)

        self._run(run())

    def open_group(self, where: str, zarr_format: int, consolidated: bool) -> list[str]:
        async def run() -> list[str]:
            group = await azarr.open_group(
                where, mode="r", zarr_format=zarr_format, use_consolidated=consolidated
            )
            return sorted([name async for name, _ in group.arrays()])

        return self._run(run())
