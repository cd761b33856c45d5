"""tensorstore (C++), driven through its futures; it has no group API, so groups are built from
its key-value store (group metadata document written, keys listed) plus one ``ts.open`` per array.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib.metadata import version
from typing import Any

import numpy as np
import tensorstore as ts

from benchmarks.config import ArraySpec
from benchmarks.engines._base import Engine, Unsupported

__all__ = ["TensorstoreEngine"]

_BYTES = {"name": "bytes", "configuration": {"endian": "little"}}
_BLOSC = {
    "name": "blosc",
    "configuration": {
        "cname": "lz4",
        "clevel": 5,
        "shuffle": "shuffle",
        "typesize": 4,
        "blocksize": 0,
    },
}


def _metadata(spec: ArraySpec) -> dict[str, Any]:
    if spec.zarr_format == 2:
        compressor = (
            {"id": "blosc", "cname": "lz4", "clevel": 5, "shuffle": 1, "blocksize": 0}
            if spec.compressed
            else None
        )
        return {
            "shape": list(spec.shape),
            "chunks": list(spec.chunks),
            "dtype": "<f4",
            "compressor": compressor,
            "fill_value": 0,
            "order": "C",
            "filters": None,
        }
    inner = [_BYTES, _BLOSC] if spec.compressed else [_BYTES]
    grid = spec.shards or spec.chunks
    codecs: list[Any] = inner
    if spec.shards is not None:
        codecs = [
            {
                "name": "sharding_indexed",
                "configuration": {
                    "chunk_shape": list(spec.chunks),
                    "codecs": inner,
                    "index_codecs": [_BYTES, {"name": "crc32c"}],
                    "index_location": "end",
                },
            }
        ]
    return {
        "shape": list(spec.shape),
        "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": list(grid)}},
        "chunk_key_encoding": {"name": "default"},
        "data_type": spec.dtype,
        "fill_value": 0,
        "codecs": codecs,
    }


def _driver(zarr_format: int) -> str:
    return "zarr3" if zarr_format == 3 else "zarr"


class TensorstoreEngine(Engine):
    name = "tensorstore"
    version = version("tensorstore")

    def __init__(self) -> None:
        self._context = ts.Context()

    def _kvstore(self, where: str | None) -> dict[str, Any]:
        return {"driver": "memory"} if where is None else {"driver": "file", "path": where}

    def create(self, spec: ArraySpec, where: str | None) -> Any:
        if where is None:
            self._context = ts.Context()  # a fresh memory kvstore
        return ts.open(
            {
                "driver": _driver(spec.zarr_format),
                "kvstore": self._kvstore(where),
                "metadata": _metadata(spec),
            },
            create=True,
            delete_existing=True,
            context=self._context,
        ).result()

    def write(self, array: Any, data: np.ndarray[Any, Any]) -> None:
        array.write(data).result()

    def read(self, array: Any) -> np.ndarray[Any, Any]:
        return array.read().result()  # type: ignore[no-any-return]

    def read_points(self, array: Any, points: np.ndarray[Any, Any]) -> list[Any]:
        return [array[int(row), int(col)].read().result() for row, col in points]

    def read_regions(
        self, array: Any, starts: np.ndarray[Any, Any], side: int
    ) -> list[np.ndarray[Any, Any]]:
        return [array[row : row + side, col : col + side].read().result() for row, col in starts]

    def create_group(
        self, where: str, names: Sequence[str], member: ArraySpec, consolidated: bool
    ) -> None:
        if consolidated:
            raise Unsupported("tensorstore has no consolidated metadata")
        store = ts.KvStore.open({"driver": "file", "path": where.rstrip("/") + "/"}).result()
        if member.zarr_format == 3:
            document = {"zarr_format": 3, "node_type": "group", "attributes": {}}
            store.write("zarr.json", json.dumps(document).encode()).result()
        else:
            store.write(".zgroup", json.dumps({"zarr_format": 2}).encode()).result()
        metadata = _metadata(member)
        futures = [
            ts.open(
                {
                    "driver": _driver(member.zarr_format),
                    "kvstore": {"driver": "file", "path": f"{where}/{name}/"},
                    "metadata": metadata,
                },
                create=True,
                context=self._context,
            )
            for name in names
        ]
        for future in futures:
            future.result()

    def open_group(self, where: str, zarr_format: int, consolidated: bool) -> list[str]:
        if consolidated:
            raise Unsupported("tensorstore has no consolidated metadata")
        store = ts.KvStore.open({"driver": "file", "path": where.rstrip("/") + "/"}).result()
        group_doc = "zarr.json" if zarr_format == 3 else ".zgroup"
        if store.read(group_doc).result().state != "value":
            raise FileNotFoundError(f"no group at {where}")
        array_doc = "/zarr.json" if zarr_format == 3 else "/.zarray"
        names = sorted(
            key.decode()[: -len(array_doc)]
            for key in store.list().result()
            if key.decode().endswith(array_doc) and key.decode().count("/") == 1
        )
        futures = [
            ts.open(
                {
                    "driver": _driver(zarr_format),
                    "kvstore": {"driver": "file", "path": f"{where}/{name}/"},
                },
                open=True,
                context=self._context,
            )
            for name in names
        ]
        for future in futures:
            future.result()
        return names
