"""zarrlite through its blocking API (``import zarrlite as zarr``)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import numpy as np

import zarrlite
from benchmarks.config import ArraySpec
from benchmarks.engines._base import Engine, Unsupported
from zarrlite.codecs import BloscCodec
from zarrlite.storage import MemoryStore

__all__ = ["ZarrliteEngine", "create_kwargs"]


def create_kwargs(spec: ArraySpec) -> dict[str, Any]:
    """``create_array`` keywords of ``spec`` (zarrlite spells them as zarr-python)."""
    compressors: Any = None
    if spec.compressed:
        compressors = (
            BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")
            if spec.zarr_format == 3
            else __import__("numcodecs").Blosc(cname="lz4", clevel=5, shuffle=1)
        )
    return {
        "shape": spec.shape,
        "chunks": spec.chunks,
        "shards": spec.shards,
        "dtype": spec.dtype,
        "compressors": compressors,
        "fill_value": 0,
        "zarr_format": spec.zarr_format,
    }


class ZarrliteEngine(Engine):
    name = "zarrlite"
    version = version("zarrlite")

    def create(self, spec: ArraySpec, where: str | None) -> Any:
        store: Any = MemoryStore() if where is None else where
        return zarrlite.create_array(store=store, overwrite=True, **create_kwargs(spec))

    def write(self, array: Any, data: np.ndarray[Any, Any]) -> None:
        array[...] = data

    def read(self, array: Any) -> np.ndarray[Any, Any]:
        return array[...]  # type: ignore[no-any-return]

    def read_points(self, array: Any, points: np.ndarray[Any, Any]) -> list[Any]:
        return [array[int(row), int(col)] for row, col in points]

    def read_regions(
        self, array: Any, starts: np.ndarray[Any, Any], side: int
    ) -> list[np.ndarray[Any, Any]]:
        return [array[row : row + side, col : col + side] for row, col in starts]

    def create_group(
        self, where: str, names: Sequence[str], member: ArraySpec, consolidated: bool
    ) -> None:
        group = zarrlite.open_group(where, mode="w", zarr_format=member.zarr_format)
        kwargs = create_kwargs(member)
        del kwargs["zarr_format"]
        for name in names:
            group.create_array(name, **kwargs)
        if consolidated:
            consolidate = getattr(zarrlite, "consolidate_metadata", None)
            if consolidate is None:
                raise Unsupported("zarrlite.consolidate_metadata does not exist yet")
            consolidate(where, zarr_format=member.zarr_format)

    def open_group(self, where: str, zarr_format: int, consolidated: bool) -> list[str]:
        group = zarrlite.open_group(
            where, mode="r", zarr_format=zarr_format, use_consolidated=consolidated
        )
        return sorted(name for name, _ in group.arrays())
