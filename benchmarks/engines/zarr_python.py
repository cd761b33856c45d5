"""zarr-python 3.4 with its default codec pipeline, or with the ``zarrs`` (Rust) pipeline."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import numcodecs
import numpy as np
import zarr
from zarr.codecs import BloscCodec
from zarr.storage import MemoryStore

from benchmarks.config import ArraySpec
from benchmarks.engines._base import Engine

__all__ = ["ZarrPythonEngine"]


def _create_kwargs(spec: ArraySpec) -> dict[str, Any]:
    compressors: Any = None
    if spec.compressed:
        compressors = (
            BloscCodec(cname="lz4", clevel=5, shuffle="shuffle")
            if spec.zarr_format == 3
            else numcodecs.Blosc(cname="lz4", clevel=5, shuffle=1)
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


class ZarrPythonEngine(Engine):
    def __init__(self, *, zarrs: bool) -> None:
        self.name = "zarr+zarrs" if zarrs else "zarr-python"
        self.version = version("zarr") + (f", zarrs {version('zarrs')}" if zarrs else "")
        if zarrs:
            zarr.config.set({"codec_pipeline.path": "zarrs.ZarrsCodecPipeline"})
        # v3 consolidated metadata warns that it is not in the spec yet: not our concern here.
        warnings.simplefilter("ignore")

    def create(self, spec: ArraySpec, where: str | None) -> Any:
        store: Any = MemoryStore() if where is None else where
        return zarr.create_array(store=store, overwrite=True, **_create_kwargs(spec))

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
        group = zarr.open_group(where, mode="w", zarr_format=member.zarr_format)
        kwargs = _create_kwargs(member)
        del kwargs["zarr_format"]
        for name in names:
            group.create_array(name, **kwargs)
        if consolidated:
            zarr.consolidate_metadata(where, zarr_format=member.zarr_format)

    def open_group(self, where: str, zarr_format: int, consolidated: bool) -> list[str]:
        group = zarr.open_group(
            where, mode="r", zarr_format=zarr_format, use_consolidated=consolidated
        )
        return sorted(name for name, _ in group.arrays())
