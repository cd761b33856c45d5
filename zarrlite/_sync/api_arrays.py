# Generated from zarrlite/_async/api_arrays.py by codegen. Do not edit.

"""Creating arrays: the ``create_array``/``create`` families of ``zarr.api.asynchronous``."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from zarrlite import config as _config
from zarrlite._defaults import DEFAULT_FILL_VALUE, normalize_shape
from zarrlite._sync.array import Array, array_handle
from zarrlite._sync.creation import (
    create_array_at,
    data_to_numpy,
    from_array_at,
    refuse_v3_compressor,
    refuse_v3_dimension_separator,
    require_dtype,
    with_write_empty_chunks,
)
from zarrlite._sync.store.local import LocalStore
from zarrlite._sync.store.path import StorePath, make_store_path
from zarrlite._types import ZarrFormat
from zarrlite.config import ArrayConfig, ArrayConfigLike
from zarrlite.errors import ZarrRuntimeWarning
from zarrlite.metadata import RectilinearChunkGrid

__all__ = [
    "array",
    "create",
    "create_array",
    "empty",
    "empty_like",
    "from_array",
    "full",
    "full_like",
    "like_arguments",
    "ones",
    "ones_like",
    "open_store_path",
    "store_path_for",
    "warn_unsupported",
    "zeros",
    "zeros_like",
]

_ALL_MODES = ("r", "r+", "a", "w", "w-")


def warn_unsupported(**given: Any) -> None:
    """Warn once per call about compatibility-only arguments that were given."""
    for name, value in given.items():
        if value is not None:
            warnings.warn(
                f"the {name!r} argument is accepted for compatibility but has no effect in zarrlite",
                ZarrRuntimeWarning,
                stacklevel=3,
            )


def store_path_for(
    store: Any, path: str | None, mode: str | None, storage_options: dict[str, Any] | None
) -> StorePath:
    """The store path of an API call's ``store``/``path``, with the mode checked."""
    if mode is not None and mode not in _ALL_MODES:
        raise ValueError(f"mode must be one of {_ALL_MODES}, got {mode!r}")
    return make_store_path(store, path=path or "", mode=mode, storage_options=storage_options)


def open_store_path(
    store: Any, path: str | None, mode: str, storage_options: dict[str, Any] | None
) -> StorePath:
    """The store path of ``store``/``path`` opened with ``mode``, as zarr-python's
    ``make_store_path``: an unknown mode is a ``ValueError``; ``'r'`` gives a read-only view;
    ``'r'``/``'r+'`` need an existing local directory (``FileNotFoundError``); ``'w-'`` needs
    nothing below ``path`` (``FileExistsError``). A store path given as ``store`` is not
    checked against ``mode`` (as in zarr-python)."""
    if mode not in _ALL_MODES:
        raise ValueError(f"Invalid mode: {mode}, expected one of {_ALL_MODES}")
    if isinstance(store, StorePath) or getattr(store, "_is_store_path", False):
        return make_store_path(store, path=path or "", storage_options=storage_options)
    store_path = make_store_path(store, path=path or "", mode=mode, storage_options=storage_options)
    if mode in ("r", "r+") and isinstance(store_path.store, LocalStore):
        # Opening checks that the directory exists, without creating it.
        LocalStore.open(store_path.store.root, read_only=True, mode=mode)
    return store_path  # make_store_path applied the mode ('w-': nothing below the path)


def create_array(
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
) -> Array:
    """Create an array (v3 by default) from a shape and dtype, or from ``data``.

    ``chunks`` is the chunk shape (the inner chunk shape when ``shards`` is given), ``filters``
    / ``serializer`` / ``compressors`` the codecs ("auto" picks zarr-python's defaults).
    """
    require_dtype(data, dtype)
    store_path = store_path_for(store, name, None, storage_options)
    return create_array_at(
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


def create(
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
) -> Array:
    """Create an array, zarr-python 2 style (``compressor``, ``dimension_separator``...).

    ``data``, when given, is written after creation. ``mode`` (default ``"a"``) opens the store
    as in zarr-python: ``"a"``/``"r+"`` fail on an existing node unless ``overwrite``, ``"w"``
    replaces it, ``"w-"`` needs an empty location (``FileExistsError``), and ``"r"`` always
    fails (``"r"``/``"r+"`` on a missing local directory: ``FileNotFoundError``).
    """
    warn_unsupported(
        synchronizer=synchronizer,
        chunk_store=chunk_store,
        cache_metadata=cache_metadata,
        cache_attrs=cache_attrs,
        read_only=read_only,
        object_codec=object_codec,
        meta_array=meta_array,
    )
    zarr_format = zarr_format or _config.get("default_zarr_format")
    refuse_v3_compressor(compressor, zarr_format)
    refuse_v3_dimension_separator(dimension_separator, zarr_format)
    if write_empty_chunks is not None:
        config = with_write_empty_chunks(config, write_empty_chunks, stacklevel=2)
    mode = mode or "a"
    overwrite = overwrite or mode == "w"
    store_path = open_store_path(store, path, mode, storage_options)
    if zarr_format == 2 and order is None and config is not None:
        order = ArrayConfig.from_config(config).order  # v2 stores the order; v3 leaves it to config
    if chunk_shape is not None:
        # Two chunk shapes (the v3 alias and the v2 name): refuse rather than pick one.
        if chunks is not None:
            raise ValueError(
                f"give one of chunk_shape={chunk_shape!r} and chunks={chunks!r}, not both"
            )
        chunks = chunk_shape
    if zarr_format == 2 and not _v2_chunks_given(chunks):
        chunks = None
    if chunk_key_encoding is None and dimension_separator is not None:
        chunk_key_encoding = {"name": "v2", "separator": dimension_separator}
    if zarr_format == 2 and codecs is not None:
        raise ValueError(
            "codecs= describes a Zarr v3 codec pipeline; use compressor/filters for v2"
        )
    array = create_array_at(
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
        array.set_basic_selection(Ellipsis, data)
    return array


def _v2_chunks_given(chunks: Any) -> bool:
    """zarr-python's rule for ``create``'s Zarr v2 ``chunks``: a falsy value (0, ``[]``,
    ``False``, a numpy array of one zero or of none) means "not given", so they are guessed.
    """
    if isinstance(chunks, np.ndarray):
        return chunks.size > 1 or bool(chunks.any())
    return bool(chunks)


def array(data: Any, **kwargs: Any) -> Array:
    """Create an array holding ``data``; ``kwargs`` go to :func:`create`.

    A zarrlite array as ``data`` goes to :func:`from_array` instead (``kwargs`` are its
    arguments, ``store`` included), which keeps its format, codecs, attributes and key encoding.
    """
    if array_handle(data) is not None:
        return from_array(data=data, **kwargs)
    values = data_to_numpy(data)
    chunks = getattr(data, "chunks", None)
    if isinstance(chunks, tuple) and len(chunks) == values.ndim:
        kwargs.setdefault("chunks", chunks)
    kwargs.setdefault("dtype", values.dtype)
    # The shape is the data's; a ``shape=`` argument (which zarr-python ignores) must agree.
    shape = kwargs.pop("shape", values.shape)
    if normalize_shape(shape) != values.shape:
        raise ValueError(f"shape {shape!r} does not match the shape {values.shape} of the data")
    created = create(values.shape, **kwargs)
    created.set_basic_selection(Ellipsis, values)
    return created


def empty(shape: Any, **kwargs: Any) -> Array:
    """Create an array without writing anything; reads return the fill value."""
    return create(shape, **kwargs)


def zeros(shape: Any, **kwargs: Any) -> Array:
    """Create an array of zeros (nothing is written: zero is the fill value)."""
    return create(shape, fill_value=0, **kwargs)


def ones(shape: Any, **kwargs: Any) -> Array:
    """Create an array of ones (nothing is written: one is the fill value)."""
    return create(shape, fill_value=1, **kwargs)


def full(shape: Any, fill_value: Any, **kwargs: Any) -> Array:
    """Create an array filled with ``fill_value``."""
    return create(shape, fill_value=fill_value, **kwargs)


def like_arguments(a: Any, zarr_format: ZarrFormat | None = None) -> dict[str, Any]:
    """The :func:`create` arguments of an array like ``a`` in ``zarr_format`` (zarr-python's
    ``_like_args``): shape, chunks and dtype of any array-like; for a zarrlite array also its
    fill value and format (unless ``zarr_format`` is another) and, in the same format, its
    storage settings: order, compressor and filters (v2) or the codecs, sharding included (v3).
    """
    found: dict[str, Any] = {}
    shape = getattr(a, "shape", None)
    source = array_handle(a)
    if isinstance(shape, tuple):
        found["shape"] = shape
        # A zarrlite array's chunks may be a rectilinear grid, which has no `chunks` tuple.
        chunks = source._creation_chunks if source is not None else getattr(a, "chunks", None)
        if isinstance(chunks, RectilinearChunkGrid) or (
            isinstance(chunks, tuple) and len(chunks) == len(shape)
        ):
            found["chunks"] = chunks
    if hasattr(a, "dtype"):
        found["dtype"] = a.dtype
    if source is not None:
        found["fill_value"] = source.metadata.fill_value
        if zarr_format is None:
            zarr_format = source.zarr_format
        if zarr_format == source.zarr_format:
            if source.zarr_format == 2:
                found["order"] = source.order
                found["compressor"] = source.metadata.compressor
                found["filters"] = source.metadata.filters
            else:
                found["codecs"] = source.metadata.codecs
    if zarr_format is not None:
        found["zarr_format"] = zarr_format
    return found


def empty_like(a: Any, *, zarr_format: ZarrFormat | None = None, **kwargs: Any) -> Array:
    """An empty array like ``a`` (see :func:`like_arguments` for what is copied)."""
    return create(**(like_arguments(a, zarr_format) | kwargs))


def refuse_like_fill_value(function: str, a: Any, kwargs: dict[str, Any]) -> None:
    """``zeros_like``/``ones_like`` fill with their own value, and ``full_like`` needs one when
    ``a`` is not a zarr array (which has a fill value to copy): a ``TypeError``, as zarr-python
    (whose ``zeros``/``ones``/``full`` get the value twice or not at all)."""
    if function == "full_like":
        if "fill_value" not in kwargs and array_handle(a) is None:
            raise TypeError(
                "full_like() missing the fill_value argument: the data given "
                f"({type(a).__name__}) is not a zarr array, so it has no fill value to copy"
            )
    elif function in ("zeros_like", "ones_like") and "fill_value" in kwargs:
        value = 0 if function == "zeros_like" else 1
        raise TypeError(
            f"{function}() got multiple values for keyword argument 'fill_value' "
            f"(it fills with {value}; use full_like for fill_value={kwargs['fill_value']!r})"
        )


def zeros_like(a: Any, *, zarr_format: ZarrFormat | None = None, **kwargs: Any) -> Array:
    """An array of zeros like ``a`` (see :func:`like_arguments` for what is copied)."""
    refuse_like_fill_value("zeros_like", a, kwargs)
    arguments = like_arguments(a, zarr_format)
    arguments.pop("fill_value", None)
    return create(**({"fill_value": 0} | arguments | kwargs))


def ones_like(a: Any, *, zarr_format: ZarrFormat | None = None, **kwargs: Any) -> Array:
    """An array of ones like ``a`` (see :func:`like_arguments` for what is copied)."""
    refuse_like_fill_value("ones_like", a, kwargs)
    arguments = like_arguments(a, zarr_format)
    arguments.pop("fill_value", None)
    return create(**({"fill_value": 1} | arguments | kwargs))


def full_like(a: Any, *, zarr_format: ZarrFormat | None = None, **kwargs: Any) -> Array:
    """An array like ``a`` filled with ``fill_value`` (default: ``a``'s fill value when ``a`` is
    a zarr array; otherwise ``fill_value`` is required, as in zarr-python)."""
    refuse_like_fill_value("full_like", a, kwargs)
    return create(**(like_arguments(a, zarr_format) | kwargs))


def from_array(
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
) -> Array:
    """Create an array like ``data`` (a zarrlite array or array-like) and copy its values.

    Each of ``chunks``/``shards``/``filters``/``compressors``/``serializer`` may be "keep"
    (the source's), "auto" or an explicit value.
    """
    store_path = store_path_for(store, name, None, storage_options)
    return from_array_at(
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
