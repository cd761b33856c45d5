"""The module-level functions of ``zarr.api.asynchronous``, with zarr-python 3.4's signatures.

Every function here is also generated as a blocking twin (``zarrlite.api.synchronous``). Unlike
zarr-python, ``store`` may be given positionally in both flavours.
"""

from __future__ import annotations

import warnings
from typing import Any

import attrs
import numpy as np

from zarrlite import config as _config
from zarrlite._async.array import AsyncArray
from zarrlite._async.bulk import create_hierarchy
from zarrlite._async.copying import copy, copy_all, copy_store
from zarrlite._async.creation import create_array_at, data_to_numpy, from_array_at
from zarrlite._async.group import AsyncGroup, node_from_metadata
from zarrlite._async.hierarchy import read_metadata
from zarrlite._async.store.path import AsyncStorePath, make_store_path
from zarrlite._defaults import DEFAULT_FILL_VALUE
from zarrlite._types import ZarrFormat
from zarrlite.config import ArrayConfig, ArrayConfigLike
from zarrlite.errors import (
    ArrayNotFoundError,
    ContainsArrayError,
    ContainsGroupError,
    GroupNotFoundError,
    ZarrRuntimeWarning,
    describe_path,
)
from zarrlite.metadata import GroupMetadata

__all__ = [
    "array",
    "copy",
    "copy_all",
    "copy_store",
    "create_hierarchy",
    "from_array",
    "tree",
    "create",
    "create_array",
    "create_group",
    "empty",
    "empty_like",
    "full",
    "full_like",
    "group",
    "load",
    "ones",
    "ones_like",
    "open",
    "open_array",
    "open_group",
    "open_like",
    "save",
    "save_array",
    "save_group",
    "zeros",
    "zeros_like",
]

_CREATE_MODES = ("a", "w", "w-")
_ALL_MODES = ("r", "r+", "a", "w", "w-")


def _warn_unsupported(**given: Any) -> None:
    for name, value in given.items():
        if value is not None:
            warnings.warn(
                f"the {name!r} argument is accepted for compatibility but has no effect in zarrlite",
                ZarrRuntimeWarning,
                stacklevel=3,
            )


def _check_mode(mode: str) -> None:
    if mode not in _ALL_MODES:
        raise ValueError(f"mode must be one of {_ALL_MODES}, got {mode!r}")


def _where(store_path: AsyncStorePath) -> str:
    return f"{describe_path(store_path.path)} in {store_path.store!r}"


async def _store_path(
    store: Any, path: str | None, mode: str | None, storage_options: dict[str, Any] | None
) -> AsyncStorePath:
    if mode is not None:
        _check_mode(mode)
    return await make_store_path(
        store, path=path or "", mode=mode, storage_options=storage_options
    )


# -- opening ---------------------------------------------------------------------------------


async def open(  # noqa: A001 - zarr-python's name
    store: Any = None,
    *,
    mode: str | None = None,
    zarr_format: ZarrFormat | None = None,
    path: str | None = None,
    storage_options: dict[str, Any] | None = None,
    config: ArrayConfigLike | None = None,
    **kwargs: Any,
) -> AsyncArray | AsyncGroup:
    """Open the array or group at ``store``/``path``, whichever is there.

    With a creating mode and nothing there, a group is created, or an array when ``shape`` is
    among ``kwargs``. The default mode is ``"r"`` for a read-only store, else ``"a"``.
    """
    store_path = await _store_path(store, path, mode, storage_options)
    if mode is None:
        mode = "r" if store_path.read_only else "a"
    if "shape" in kwargs:
        return await open_array(
            store_path, zarr_format=zarr_format, mode=mode, config=config, **kwargs
        )
    if mode not in ("w", "w-"):
        metadata = await read_metadata(store_path, zarr_format)
        if metadata is not None:
            node = node_from_metadata(store_path, metadata)
            if isinstance(node, AsyncArray) and config is not None:
                return node.with_config(config)
            return node
        if mode in ("r", "r+"):
            raise GroupNotFoundError(
                f"no array or group found at {_where(store_path)} (mode {mode!r} needs one)"
            )
    return await open_group(store_path, mode=mode, zarr_format=zarr_format, **kwargs)


async def open_array(
    store: Any = None,
    *,
    zarr_format: ZarrFormat | None = None,
    path: str = "",
    storage_options: dict[str, Any] | None = None,
    config: ArrayConfigLike | None = None,
    **kwargs: Any,
) -> AsyncArray:
    """Open the array at ``store``/``path``; with mode ``a``/``w``/``w-`` create it if needed.

    ``kwargs`` takes ``mode`` (default ``"a"``) and, for creation, :func:`create`'s arguments.
    """
    mode = kwargs.pop("mode", None) or "a"
    store_path = await _store_path(store, path, mode, storage_options)
    if mode in ("w", "w-"):
        return await create(
            store=store_path, zarr_format=zarr_format, overwrite=(mode == "w"), config=config,
            **kwargs,
        )
    metadata = await read_metadata(store_path, zarr_format)
    if isinstance(metadata, GroupMetadata):
        raise ContainsGroupError(f"expected an array at {_where(store_path)} but found a group")
    if metadata is not None:
        return AsyncArray(metadata, store_path, config)
    if mode in _CREATE_MODES and "shape" in kwargs:
        return await create(store=store_path, zarr_format=zarr_format, config=config, **kwargs)
    raise ArrayNotFoundError(f"no array found at {_where(store_path)} (mode {mode!r})")


async def open_group(
    store: Any = None,
    *,
    mode: str = "a",
    cache_attrs: bool | None = None,
    synchronizer: Any = None,
    path: str | None = None,
    chunk_store: Any = None,
    storage_options: dict[str, Any] | None = None,
    zarr_format: ZarrFormat | None = None,
    meta_array: Any = None,
    attributes: dict[str, Any] | None = None,
    use_consolidated: bool | str | None = None,
) -> AsyncGroup:
    """Open the group at ``store``/``path``; mode ``a`` (default) creates it when missing."""
    _warn_unsupported(
        cache_attrs=cache_attrs, synchronizer=synchronizer, chunk_store=chunk_store,
        meta_array=meta_array,
    )
    store_path = await _store_path(store, path, mode, storage_options)
    if mode in ("w", "w-"):
        return await AsyncGroup.create_at(
            store_path,
            attributes=attributes,
            zarr_format=zarr_format or _config.get("default_zarr_format"),
            overwrite=(mode == "w"),
        )
    metadata = await read_metadata(store_path, zarr_format)
    if metadata is not None and not isinstance(metadata, GroupMetadata):
        raise ContainsArrayError(f"expected a group at {_where(store_path)} but found an array")
    if metadata is not None:
        return AsyncGroup(metadata, store_path)
    if mode == "a":
        return await AsyncGroup.create_at(
            store_path,
            attributes=attributes,
            zarr_format=zarr_format or _config.get("default_zarr_format"),
        )
    raise GroupNotFoundError(f"no group found at {_where(store_path)} (mode {mode!r})")


async def group(
    store: Any = None,
    *,
    overwrite: bool = False,
    chunk_store: Any = None,
    cache_attrs: bool | None = None,
    synchronizer: Any = None,
    path: str | None = None,
    zarr_format: ZarrFormat | None = None,
    meta_array: Any = None,
    attributes: dict[str, Any] | None = None,
    storage_options: dict[str, Any] | None = None,
) -> AsyncGroup:
    """Open the group at ``store``/``path``, creating it if missing (replacing it if ``overwrite``)."""
    return await open_group(
        store,
        mode="w" if overwrite else "a",
        chunk_store=chunk_store,
        cache_attrs=cache_attrs,
        synchronizer=synchronizer,
        path=path,
        zarr_format=zarr_format,
        meta_array=meta_array,
        attributes=attributes,
        storage_options=storage_options,
    )


async def create_group(
    store: Any,
    *,
    path: str | None = None,
    zarr_format: ZarrFormat | None = None,
    overwrite: bool = False,
    attributes: dict[str, Any] | None = None,
    storage_options: dict[str, Any] | None = None,
) -> AsyncGroup:
    """Create a new group; ``ContainsGroupError``/``ContainsArrayError`` if a node exists."""
    store_path = await _store_path(store, path, None, storage_options)
    return await AsyncGroup.create_at(
        store_path,
        attributes=attributes,
        zarr_format=zarr_format or _config.get("default_zarr_format"),
        overwrite=overwrite,
    )


# -- creating arrays -------------------------------------------------------------------------


async def create_array(
    store: Any,
    *,
    name: str | None = None,
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
    storage_options: dict[str, Any] | None = None,
    overwrite: bool = False,
    config: ArrayConfigLike | None = None,
    write_data: bool = True,
) -> AsyncArray:
    """Create an array (v3 by default) from a shape and dtype, or from ``data``.

    ``chunks`` is the chunk shape (the inner chunk shape when ``shards`` is given), ``filters``
    / ``serializer`` / ``compressors`` the codecs ("auto" picks zarr-python's defaults).
    """
    store_path = await _store_path(store, name, None, storage_options)
    return await create_array_at(
        store_path,
        shape=shape,
        dtype=dtype,
        data=data,
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
        write_data=write_data,
    )


async def create(
    shape: Any,
    *,
    chunks: Any = None,
    dtype: Any = None,
    compressor: Any = "auto",
    fill_value: Any = DEFAULT_FILL_VALUE,
    order: Any = None,
    store: Any = None,
    synchronizer: Any = None,
    overwrite: bool = False,
    path: str | None = None,
    chunk_store: Any = None,
    filters: Any = None,
    cache_metadata: bool | None = None,
    cache_attrs: bool | None = None,
    read_only: bool | None = None,
    object_codec: Any = None,
    dimension_separator: str | None = None,
    write_empty_chunks: bool | None = None,
    zarr_format: ZarrFormat | None = None,
    meta_array: Any = None,
    attributes: dict[str, Any] | None = None,
    chunk_shape: Any = None,
    chunk_key_encoding: Any = None,
    codecs: Any = None,
    dimension_names: Any = None,
    storage_options: dict[str, Any] | None = None,
    config: ArrayConfigLike | None = None,
    mode: str | None = None,
    data: Any = None,
) -> AsyncArray:
    """Create an array, zarr-python 2 style (``compressor``, ``dimension_separator``...).

    ``data``, when given, is written after creation. ``mode="w"`` replaces an existing node.
    """
    _warn_unsupported(
        synchronizer=synchronizer, chunk_store=chunk_store, cache_metadata=cache_metadata,
        cache_attrs=cache_attrs, read_only=read_only, object_codec=object_codec,
        meta_array=meta_array,
    )
    zarr_format = zarr_format or _config.get("default_zarr_format")
    if write_empty_chunks is not None:
        config = attrs.evolve(
            ArrayConfig.from_config(config), write_empty_chunks=write_empty_chunks
        )
    overwrite = overwrite or mode == "w"
    store_path = await _store_path(store, path, None, storage_options)
    if chunk_shape is not None:
        chunks = chunk_shape
    if chunk_key_encoding is None and dimension_separator is not None:
        chunk_key_encoding = (
            {"name": "v2", "separator": dimension_separator}
            if zarr_format == 2
            else {"name": "default", "separator": dimension_separator}
        )
    if zarr_format == 2 and codecs is not None:
        raise ValueError("codecs= describes a Zarr v3 codec pipeline; use compressor/filters for v2")
    array = await create_array_at(
        store_path,
        shape=shape,
        dtype=dtype,
        chunks="auto" if chunks is None or chunks is True else chunks,
        filters="auto" if filters is None and zarr_format == 2 else (filters or ()),
        compressors=compressor,
        fill_value=fill_value,
        order=order,
        zarr_format=zarr_format,
        attributes=attributes,
        chunk_key_encoding=chunk_key_encoding,
        dimension_names=dimension_names,
        overwrite=overwrite,
        config=config,
        codecs=codecs,
    )
    if data is not None:
        await array.set_basic_selection(Ellipsis, data)
    return array


async def array(data: Any, **kwargs: Any) -> AsyncArray:
    """Create an array holding ``data`` (chunked like ``data`` when it is a zarr array)."""
    values = await data_to_numpy(data)
    if isinstance(data, AsyncArray):
        kwargs.setdefault("chunks", data.chunks)
        kwargs.setdefault("fill_value", data.fill_value)
    kwargs.setdefault("dtype", values.dtype)
    created = await create(values.shape, **kwargs)
    await created.set_basic_selection(Ellipsis, values)
    return created


async def empty(shape: Any, **kwargs: Any) -> AsyncArray:
    """Create an array without writing anything; reads return the fill value."""
    return await create(shape, **kwargs)


async def zeros(shape: Any, **kwargs: Any) -> AsyncArray:
    """Create an array of zeros (nothing is written: zero is the fill value)."""
    return await create(shape, fill_value=0, **kwargs)


async def ones(shape: Any, **kwargs: Any) -> AsyncArray:
    """Create an array of ones (nothing is written: one is the fill value)."""
    return await create(shape, fill_value=1, **kwargs)


async def full(shape: Any, fill_value: Any, **kwargs: Any) -> AsyncArray:
    """Create an array filled with ``fill_value``."""
    return await create(shape, fill_value=fill_value, **kwargs)


def _like_arguments(a: Any) -> dict[str, Any]:
    """The creation arguments ``*_like`` copy from ``a``: shape, dtype, chunks, order, fill."""
    found: dict[str, Any] = {"shape": np.shape(a) if not hasattr(a, "shape") else tuple(a.shape)}
    if hasattr(a, "dtype"):
        found["dtype"] = a.dtype
    if isinstance(a, AsyncArray):
        found["chunks"] = a.chunks
        found["order"] = a.order
        found["fill_value"] = a.fill_value
        found["zarr_format"] = a.zarr_format
    elif hasattr(a, "chunks") and isinstance(a.chunks, tuple) and all(
        isinstance(c, int) for c in a.chunks
    ):
        found["chunks"] = a.chunks
    return found


async def empty_like(a: Any, *, zarr_format: ZarrFormat | None = None, **kwargs: Any) -> AsyncArray:
    """An empty array with the shape, dtype and chunks of ``a``."""
    arguments = {**_like_arguments(a), **kwargs}
    if zarr_format is not None:
        arguments["zarr_format"] = zarr_format
    return await create(**arguments)


async def zeros_like(a: Any, *, zarr_format: ZarrFormat | None = None, **kwargs: Any) -> AsyncArray:
    """An array of zeros shaped like ``a``."""
    return await empty_like(a, zarr_format=zarr_format, **{**kwargs, "fill_value": 0})


async def ones_like(a: Any, *, zarr_format: ZarrFormat | None = None, **kwargs: Any) -> AsyncArray:
    """An array of ones shaped like ``a``."""
    return await empty_like(a, zarr_format=zarr_format, **{**kwargs, "fill_value": 1})


async def full_like(a: Any, *, zarr_format: ZarrFormat | None = None, **kwargs: Any) -> AsyncArray:
    """An array shaped like ``a`` filled with ``fill_value`` (default: ``a``'s fill value)."""
    return await empty_like(a, zarr_format=zarr_format, **kwargs)


async def open_like(
    a: Any, path: str, *, zarr_format: ZarrFormat | None = None, **kwargs: Any
) -> AsyncArray:
    """``open_array(path)`` with ``a``'s shape, dtype and chunks for creation."""
    arguments = {**_like_arguments(a), **kwargs}
    if zarr_format is not None:
        arguments["zarr_format"] = zarr_format
    fmt = arguments.pop("zarr_format", None)
    return await open_array(path, zarr_format=fmt, **arguments)


# -- saving and loading ----------------------------------------------------------------------


async def save_array(
    store: Any,
    arr: Any,
    *,
    zarr_format: ZarrFormat | None = None,
    path: str | None = None,
    storage_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """Write the numpy-like ``arr`` as an array at ``store``/``path`` (replacing what is there)."""
    values = await data_to_numpy(arr)
    await create(
        values.shape,
        dtype=values.dtype,
        store=store,
        path=path,
        zarr_format=zarr_format,
        storage_options=storage_options,
        overwrite=True,
        data=values,
        **kwargs,
    )


async def save_group(
    store: Any,
    *args: Any,
    zarr_format: ZarrFormat | None = None,
    path: str | None = None,
    storage_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """Write several arrays into a new group: positional ones as ``arr_0``, ``arr_1``..."""
    if not args and not kwargs:
        raise ValueError("save_group needs at least one array to save")
    named = {f"arr_{i}": value for i, value in enumerate(args)} | kwargs
    root = await group(
        store, overwrite=True, path=path, zarr_format=zarr_format, storage_options=storage_options
    )
    for name, value in named.items():
        await root.create_array(name, data=await data_to_numpy(value), overwrite=True)


async def save(
    store: Any,
    *args: Any,
    zarr_format: ZarrFormat | None = None,
    path: str | None = None,
    storage_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """One positional array and no keywords: :func:`save_array`; otherwise :func:`save_group`."""
    if len(args) == 1 and not kwargs:
        await save_array(
            store, args[0], zarr_format=zarr_format, path=path, storage_options=storage_options
        )
    else:
        await save_group(
            store, *args, zarr_format=zarr_format, path=path, storage_options=storage_options,
            **kwargs,
        )


async def load(
    store: Any, path: str | None = None, zarr_format: ZarrFormat | None = None
) -> Any:
    """An array's data as numpy; for a group, a dict of its arrays' data by name."""
    node = await open(store, path=path, zarr_format=zarr_format, mode="r")
    if isinstance(node, AsyncArray):
        return await node.getitem(Ellipsis)
    return {name: await child.getitem(Ellipsis) async for name, child in node.arrays()}


async def from_array(
    store: Any,
    *,
    data: Any,
    write_data: bool = True,
    name: str | None = None,
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
    storage_options: dict[str, Any] | None = None,
    overwrite: bool = False,
    config: ArrayConfigLike | None = None,
) -> AsyncArray:
    """Create an array like ``data`` (a zarrlite array or array-like) and copy its values.

    Each of ``chunks``/``shards``/``filters``/``compressors``/``serializer`` may be "keep"
    (the source's), "auto" or an explicit value.
    """
    store_path = await _store_path(store, name, None, storage_options)
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


async def tree(grp: AsyncGroup, expand: bool | None = None, level: int | None = None) -> Any:
    """The hierarchy below ``grp`` as text; same as ``grp.tree(expand, level)``."""
    return await grp.tree(expand=expand, level=level)
