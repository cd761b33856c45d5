"""zarr-python 3.4.2 as the reference: write an array with given codecs, read raw chunk bytes,
and read back chunk bytes that zarrlite encoded. Tests skip when zarr is not installed."""

from __future__ import annotations

import json
import warnings
from typing import Any

import numpy as np
import pytest

from zarrlite.codecs import ArraySpec, CodecChain

zarr = pytest.importorskip("zarr")
from zarr.core.buffer import default_buffer_prototype  # noqa: E402
from zarr.storage import MemoryStore  # noqa: E402


def to_json(value: Any) -> Any:
    """Normalise a dict as written to disk (tuples -> lists)."""
    return json.loads(json.dumps(value))


class Written:
    """An array written by zarr-python into a MemoryStore."""

    def __init__(self, array: Any, store: Any) -> None:
        self.array = array
        self.store = store

    @property
    def metadata(self) -> dict[str, Any]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return to_json(self.array.metadata.to_dict())  # type: ignore[no-any-return]

    def chunk_key(self, coords: tuple[int, ...]) -> str:
        return self.array.metadata.encode_chunk_key(coords)  # type: ignore[no-any-return]

    def raw(self, coords: tuple[int, ...] | None = None) -> bytes | None:
        """Stored bytes of a chunk (the first one by default), None when not stored."""
        coords = coords if coords is not None else (0,) * self.array.ndim
        buffer = self.store._store_dict.get(self.chunk_key(coords))
        return None if buffer is None else bytes(buffer.to_bytes())

    def put(self, data: bytes, coords: tuple[int, ...] | None = None) -> None:
        """Replace a chunk's stored bytes (e.g. with bytes zarrlite encoded)."""
        coords = coords if coords is not None else (0,) * self.array.ndim
        buffer = default_buffer_prototype().buffer.from_bytes(bytes(data))
        self.store._store_dict[self.chunk_key(coords)] = buffer

    def read(self) -> np.ndarray[Any, Any]:
        return np.asarray(self.array[...])

    def v3_chain(self) -> CodecChain:
        """zarrlite's chain built from the codec JSON zarr-python wrote."""
        return CodecChain.from_codecs(self.metadata["codecs"])


def write(data: np.ndarray[Any, Any], *, chunks: Any = None, **kwargs: Any) -> Written:
    """``zarr.create_array`` with ``data``'s shape/dtype (one chunk by default), then write it."""
    store = MemoryStore()
    kwargs.setdefault("fill_value", 0 if data.dtype.kind not in "OTUSV" else None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        array = zarr.create_array(
            store=store,
            shape=data.shape,
            dtype=kwargs.pop("dtype", data.dtype),
            chunks=chunks if chunks is not None else data.shape,
            **kwargs,
        )
        array[...] = data
    return Written(array, store)


def spec_of(written: Written, order: str = "C") -> ArraySpec:
    """The chunk (or shard) spec of a written array, with zarrlite's types."""
    meta = written.array.metadata
    if meta.zarr_format == 2:
        shape = tuple(meta.chunks)
    else:
        shape = tuple(meta.chunk_grid.chunk_shape)
    dtype = written.array.dtype
    if not isinstance(dtype, np.dtype):
        dtype = np.dtype(dtype)
    fill = written.array.fill_value
    return ArraySpec(shape=shape, dtype=dtype, fill_value=fill, order=order)  # type: ignore[arg-type]
