"""Creating an array at a store path from ``create_array``-style arguments."""

from __future__ import annotations

import copy
import warnings
from typing import Any

import attrs
import numpy as np

from zarrlite import config as _config
from zarrlite._async.array import AsyncArray, array_handle
from zarrlite._async.store.path import AsyncStorePath
from zarrlite._defaults import DEFAULT_FILL_VALUE, build_array_metadata
from zarrlite._types import ZarrFormat
from zarrlite.config import ArrayConfig, ArrayConfigLike
from zarrlite.errors import (
    DataTypeValidationError,
    ZarrRuntimeWarning,
    ZarrUserWarning,
    describe_path,
)
from zarrlite.indexing._edges import unit_regions
from zarrlite.metadata import GroupMetadata

__all__ = [
    "create_array_at",
    "data_to_numpy",
    "refuse_group",
    "refuse_object",
    "refuse_v3_compressor",
    "refuse_v3_dimension_separator",
    "with_write_empty_chunks",
    "require_dtype",
]


async def data_to_numpy(data: Any) -> np.ndarray[Any, Any]:
    """Materialise array-like ``data`` (a zarrlite array is read first).

    Numpy-like data of object dtype is refused (``ValueError``), before anything is written:
    as in zarr-python, its values could be strings or bytes (a zarrlite array knows which).
    """
    source = array_handle(data)
    if source is not None:
        return np.asarray(await source.getitem(Ellipsis))
    return refuse_object(np.asarray(refuse_group(data)))


def require_dtype(data: Any, dtype: Any) -> None:
    """``create_array`` (module function or group method) takes the dtype from ``data`` or
    ``dtype``: without either it is a ``ValueError``, as in zarr-python (only the
    zarr-python-2-style ``create``, ``zeros``... default to float64)."""
    if data is None and dtype is None:
        raise ValueError(
            "create_array needs a dtype: give dtype=..., or data to take the dtype from"
        )


def refuse_v3_compressor(compressor: Any, zarr_format: ZarrFormat) -> None:
    """The zarr-python-2-style creators (``create``, ``zeros``..., a group's ``zeros``...) take
    ``compressor`` for v2 arrays only: for v3, any value but ``"auto"`` (``None`` too) is a
    ``ValueError``, as in zarr-python 3.4. ``create_array`` takes ``compressors`` for both."""
    if zarr_format == 3 and not (isinstance(compressor, str) and compressor == "auto"):
        raise ValueError(
            f"compressor={compressor!r} is for Zarr format 2 arrays only; for format 3 give "
            "codecs=[...] here, or use create_array(compressors=...)"
        )


def refuse_v3_dimension_separator(separator: Any, zarr_format: ZarrFormat) -> None:
    """``dimension_separator`` (the zarr-python-2-style creators) is for v2 arrays only: for
    v3 it is a ``ValueError``, as in zarr-python 3.4."""
    if zarr_format == 3 and separator is not None:
        raise ValueError(
            f"dimension_separator={separator!r} is for Zarr format 2 arrays only; for format 3 "
            "give chunk_key_encoding={'name': 'default', 'separator': ...}"
        )


def with_write_empty_chunks(
    config: ArrayConfigLike | None, write_empty_chunks: bool, stacklevel: int
) -> ArrayConfig:
    """``config`` with the deprecated ``write_empty_chunks=`` argument applied, warning
    ``ZarrRuntimeWarning`` as zarr-python 3.4 does."""
    warnings.warn(
        "the write_empty_chunks argument is deprecated: give "
        f"config={{'write_empty_chunks': {write_empty_chunks!r}}} or set the "
        "'array.write_empty_chunks' configuration instead",
        ZarrRuntimeWarning,
        stacklevel=stacklevel + 1,
    )
    return attrs.evolve(ArrayConfig.from_config(config), write_empty_chunks=write_empty_chunks)


def refuse_group(data: Any) -> Any:
    """``data``, unless it is a group: numpy would make an array of its member names (a group
    iterates over them), where zarr-python refuses it."""
    if isinstance(getattr(data, "metadata", None), GroupMetadata):  # a group of either flavour
        raise TypeError(f"a group is not array-like data: {data!r}")
    return data


def refuse_object(values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``values``, unless their dtype is numpy's ambiguous ``object``."""
    if values.dtype.kind == "O":
        raise DataTypeValidationError(
            "Zarr data type resolution from object failed: the object dtype of the data is "
            "ambiguous (its values could be strings or bytes); convert the data to a str or "
            "bytes dtype, or give dtype=str / dtype='variable_length_bytes'"
        )
    return values


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
    zarr_format = zarr_format or _config.get("default_zarr_format")
    if data is not None:
        if shape is not None or dtype is not None:
            raise ValueError("give either data, or shape and dtype, not both")
        if codecs is None and array_handle(data) is not None:
            # A zarr array as data: zarr-python's create_array hands it to from_array, so what
            # is not given (fill value, attributes, dimension names, chunk key encoding; the
            # order of a v2 copy) is the source's.
            return await from_array_at(
                store_path,
                data=data,
                write_data=write_data,
                chunks=chunks,
                shards=shards,
                filters=filters,
                compressors=compressors,
                serializer=serializer,
                fill_value=fill_value,
                order=order,
                zarr_format=zarr_format,
                attributes=attributes,
                chunk_key_encoding=chunk_key_encoding,
                dimension_names=dimension_names,
                overwrite=overwrite,
                config=config,
            )
        values = await data_to_numpy(data)
        shape, dtype = values.shape, values.dtype
    elif shape is None:
        raise ValueError("create_array needs a shape (or data to take the shape from)")
    if zarr_format == 3 and order is not None:
        warnings.warn(
            "The `order` keyword argument has no effect for Zarr format 3 arrays (the memory "
            "order is not stored); give config={'order': ...} or set the 'array.order' "
            "configuration instead",
            ZarrRuntimeWarning,
            stacklevel=3,
        )
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
        zarr_format=zarr_format,
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


def warn_dropped_order(source: AsyncArray, zarr_format: ZarrFormat, *, stacklevel: int) -> None:
    """Copying an ``order="F"`` v2 array into a v3 one loses the order (v3 does not store it):
    a ``ZarrUserWarning``, as zarr-python 3.4's ``from_array``/``create_array(data=...)`` give,
    whether or not ``order=`` is passed (the ``*_like`` functions do not warn)."""
    if zarr_format == 3 and source.zarr_format == 2 and source.order == "F":
        warnings.warn(
            "The 'order' attribute of a Zarr format 2 array does not have a direct analogue in"
            " Zarr format 3. The existing order='F' of the source Zarr format 2 array will be"
            f" ignored (the array at {describe_path(source.store_path.path)}; the copy's memory"
            " order is the 'array.order' configuration, or config={'order': ...})",
            ZarrUserWarning,
            stacklevel=stacklevel,
        )


def _key_encoding(source: AsyncArray) -> Any:
    """The chunk key encoding of ``source``, as a ``chunk_key_encoding`` argument."""
    metadata = source.metadata
    if source.zarr_format == 2:
        return {"name": "v2", "separator": metadata.dimension_separator}
    return metadata.chunk_key_encoding


def _is_keep(value: Any) -> bool:
    """Whether a from_array argument is ``"keep"`` (chunks may be a numpy array: no ``==``)."""
    return isinstance(value, str) and value == "keep"


def _kept(value: Any, source_value: Any, same_format: bool) -> Any:
    """Resolve a from_array "keep": the source's setting, or "auto" when it cannot carry over."""
    if not _is_keep(value):
        return value
    return source_value if same_format else "auto"


def _refuse_overlap(source: AsyncArray, store_path: AsyncStorePath) -> None:
    """Overwriting a destination that holds the source (or lies inside it) would delete the
    source before it is copied: a ``ValueError`` instead, as zarr-python. A read-only view of
    the same store counts as the same store."""
    src_store, dest_store = source.store_path.store, store_path.store
    try:
        src_store = src_store.with_read_only(dest_store.read_only)
    except NotImplementedError:
        pass
    if src_store != dest_store:
        return
    src = f"{source.store_path.path}/" if source.store_path.path else ""
    dest = f"{store_path.path}/" if store_path.path else ""
    if src.startswith(dest) or dest.startswith(src):
        raise ValueError(
            f"cannot overwrite {store_path.path!r} with the array at {source.store_path.path!r}"
            " of the same store: the paths overlap, so the source would be deleted before it"
            " is copied. Write to another path or store."
        )


async def from_array_at(
    store_path: AsyncStorePath,
    *,
    data: Any,
    write_data: bool = True,
    chunks: Any = "keep",
    shards: Any = "keep",
    filters: Any = "keep",
    compressors: Any = "keep",
    serializer: Any = "keep",
    fill_value: Any = DEFAULT_FILL_VALUE,
    order: Any = None,
    zarr_format: ZarrFormat | None = None,
    attributes: dict[str, Any] | None = None,
    chunk_key_encoding: Any = None,
    dimension_names: Any = None,
    overwrite: bool = False,
    config: ArrayConfigLike | None = None,
) -> AsyncArray:
    """A new array like ``data`` (a zarrlite array or any array-like), filled with its values.

    "keep" takes the source array's setting (for numpy-like data, or across formats, "auto").
    A zarrlite source is copied one source chunk at a time, so memory stays bounded.
    """
    source = array_handle(data)
    if source is None:
        values = refuse_object(np.asarray(refuse_group(data)))
        keep_chunks = getattr(data, "chunks", None)
        if not (isinstance(keep_chunks, tuple) and all(isinstance(c, int) for c in keep_chunks)):
            keep_chunks = "auto"
        return await create_array_at(
            store_path,
            data=values if write_data else None,
            shape=None if write_data else values.shape,
            dtype=None if write_data else values.dtype,
            chunks=keep_chunks if _is_keep(chunks) else chunks,
            shards=None if _is_keep(shards) else shards,
            filters="auto" if _is_keep(filters) else filters,
            compressors="auto" if _is_keep(compressors) else compressors,
            serializer="auto" if _is_keep(serializer) else serializer,
            fill_value=fill_value,
            order=order,
            # Format 3 unless asked, whatever config["default_zarr_format"] says: zarr-python's
            # from_array does so for data that is not a zarr array.
            zarr_format=zarr_format or 3,
            attributes=attributes,
            chunk_key_encoding=chunk_key_encoding,
            dimension_names=dimension_names,
            overwrite=overwrite,
            config=config,
        )
    if write_data and overwrite:
        _refuse_overlap(source, store_path)
    fmt = zarr_format or source.zarr_format
    same = fmt == source.zarr_format
    warn_dropped_order(source, fmt, stacklevel=4)
    target = await create_array_at(
        store_path,
        shape=source.shape,
        dtype=source.dtype,
        chunks=source._creation_chunks if _is_keep(chunks) else chunks,
        shards=(source._creation_shards if same else None) if _is_keep(shards) else shards,
        filters=_kept(filters, source.filters, same),
        compressors=_kept(compressors, source.compressors, same),
        serializer=_kept(serializer, source.serializer, same) if fmt == 3 else "auto",
        fill_value=source.fill_value if fill_value is DEFAULT_FILL_VALUE else fill_value,
        # v3 stores no order: only one given here is passed on (zarr-python warns about it).
        order=order or source.order if fmt == 2 else order,
        zarr_format=fmt,
        # A deep copy: the new array's attributes must not share nested lists or dicts with
        # the source's (editing one would change the other in memory).
        attributes=copy.deepcopy(dict(source.metadata.attributes))
        if attributes is None
        else attributes,
        chunk_key_encoding=(
            _key_encoding(source) if chunk_key_encoding is None and same else chunk_key_encoding
        ),
        dimension_names=(
            getattr(source.metadata, "dimension_names", None)
            if dimension_names is None and fmt == 3
            else dimension_names
        ),
        overwrite=overwrite,
        config=config,
    )
    if write_data:
        for region in unit_regions(source.shape, source.metadata.grid_axes()):  # write units
            await target.set_basic_selection(region, await source.get_basic_selection(region))
    return target
