"""Creating an array at a store path from ``create_array``-style arguments."""

from __future__ import annotations

from typing import Any

import numpy as np

from zarrlite import config as _config
from zarrlite._async.array import AsyncArray
from zarrlite._async.store.path import AsyncStorePath
from zarrlite._defaults import DEFAULT_FILL_VALUE, build_array_metadata
from zarrlite._types import ZarrFormat
from zarrlite.config import ArrayConfigLike

__all__ = ["create_array_at", "data_to_numpy"]


async def data_to_numpy(data: Any) -> np.ndarray[Any, Any]:
    """Materialise array-like ``data`` (a zarrlite array is read first)."""
    if isinstance(data, AsyncArray):
        return np.asarray(await data.getitem(Ellipsis))
    return np.asarray(data)


async def create_array_at(
    store_path: AsyncStorePath,
    *,
    shape: Any = None,
    dtype: Any = None,
    data: Any = None,
    chunks: Any = "auto",
    shards: Any = None,
    filters: Any = "auto",
    compressors: Any = "auto",
    serializer: Any = "auto",
    fill_value: Any = DEFAULT_FILL_VALUE,
    order: Any = None,
    zarr_format: ZarrFormat | None = 3,
    attributes: dict[str, Any] | None = None,
    chunk_key_encoding: Any = None,
    dimension_names: Any = None,
    overwrite: bool = False,
    config: ArrayConfigLike | None = None,
    write_data: bool = True,
    codecs: Any = None,
) -> AsyncArray:
    """Validate everything, then make room, write metadata and (optionally) the data."""
    values = None
    if data is not None:
        if shape is not None or dtype is not None:
            raise ValueError("give either data, or shape and dtype, not both")
        values = await data_to_numpy(data)
        shape, dtype = values.shape, values.dtype
    elif shape is None:
        raise ValueError("create_array needs a shape (or data to take the shape from)")
    metadata = build_array_metadata(
        shape=shape,
        dtype=dtype,
        chunks=chunks,
        shards=shards,
        filters=filters,
        compressors=compressors,
        serializer=serializer,
        fill_value=fill_value,
        order=order,
        zarr_format=zarr_format or _config.get("default_zarr_format"),
        attributes=attributes,
        chunk_key_encoding=chunk_key_encoding,
        dimension_names=dimension_names,
        codecs=codecs,
    )
    array = await AsyncArray.create_from_metadata(
        store_path, metadata, overwrite=overwrite, config=config
    )
    if values is not None and write_data:
        await array.set_basic_selection(Ellipsis, values)
    return array
