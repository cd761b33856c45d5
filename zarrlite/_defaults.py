"""From ``create_array``'s arguments to validated array metadata (pure, no I/O).

This is the one place where defaults are chosen (codecs, chunks, fill value, key encoding), so
every creation entry point of both flavours behaves the same.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any, Final

import numcodecs
import numpy as np

from zarrlite import config as _config
from zarrlite._types import ZarrFormat
from zarrlite.codecs import (
    ArrayArrayCodec,
    ArrayBytesCodec,
    BytesBytesCodec,
    BytesCodec,
    Codec,
    ShardingCodec,
    VLenBytesCodec,
    VLenUTF8Codec,
    ZstdCodec,
    codec_from_dict,
    codec_from_numcodecs,
)
from zarrlite.errors import RectilinearChunksDisabledError
from zarrlite.metadata import (
    ArrayV2Metadata,
    ArrayV3Metadata,
    RegularChunkGrid,
    default_fill_value,
    normalize_chunks,
    parse_chunk_key_encoding,
    parse_dtype,
    parse_fill_value,
)
from zarrlite.metadata.rectilinear import RectilinearChunkGrid, rectilinear_from_chunks

__all__ = [
    "DEFAULT_FILL_VALUE",
    "build_array_metadata",
    "default_compressors",
    "default_serializer",
    "normalize_shape",
]


class _DefaultFillValue:
    """Marker for "no fill_value given": use the data type's default."""

    def __repr__(self) -> str:
        return "DEFAULT_FILL_VALUE"

    def __reduce__(self) -> str:
        return "DEFAULT_FILL_VALUE"


DEFAULT_FILL_VALUE: Final = _DefaultFillValue()


def normalize_shape(shape: Any) -> tuple[int, ...]:
    """``5`` -> ``(5,)``; a sequence of non-negative ints -> tuple.

    Anything else that is not an int (a float such as ``2.5`` or ``2.0``, a string) is a
    ``TypeError``, as in zarr-python, never truncated; a negative length is a ``ValueError``.
    """
    if isinstance(shape, int | np.integer):
        shape = (shape,)
    if isinstance(shape, str | bytes) or not hasattr(shape, "__iter__"):
        raise TypeError(f"shape must be an int or a sequence of ints, got {shape!r}")
    sizes = tuple(shape)
    if not all(isinstance(s, int | np.integer) for s in sizes):
        raise TypeError(f"shape must be an int or a sequence of ints, got {shape!r}")
    result = tuple(int(s) for s in sizes)
    if any(s < 0 for s in result):
        raise ValueError(f"shape {result} has a negative length")
    return result


def _is_variable_string(dtype: np.dtype[Any]) -> bool:
    return dtype.kind == "T" or (dtype.kind == "O")


def default_serializer(dtype: np.dtype[Any]) -> ArrayBytesCodec:
    """``bytes`` for fixed-size types, ``vlen-utf8`` for strings, ``vlen-bytes`` for bytes."""
    if dtype.kind == "T":
        return VLenUTF8Codec()
    if dtype.kind == "O":
        return VLenBytesCodec()
    has_order = (dtype.itemsize > 1 and dtype.kind not in "SUV") or dtype.kind == "U"
    return BytesCodec(endian="little" if has_order or dtype.fields else None)


def default_compressors(zarr_format: ZarrFormat) -> tuple[Any, ...]:
    """zarr-python's defaults: zstd level 0 (v3 codec, or numcodecs for v2)."""
    if zarr_format == 2:
        return (numcodecs.Zstd(level=0),)
    return (ZstdCodec(level=0, checksum=False),)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, Mapping | str | Codec) or hasattr(value, "get_config"):
        return [value]
    if isinstance(value, Iterable):
        return list(value)
    return [value]


def _v3_codec(value: Any) -> Codec:
    if hasattr(value, "get_config") and not isinstance(value, Codec):
        # A numcodecs object inside a v3 array: use its registered "numcodecs.<id>" wrapper.
        config = dict(value.get_config())
        codec_id = config.pop("id")
        return codec_from_dict({"name": f"numcodecs.{codec_id}", "configuration": config})
    return codec_from_dict(value)


def _auto_shards(chunks: tuple[int, ...], shape: tuple[int, ...], itemsize: int) -> tuple[int, ...]:
    """zarr-python 3.4's rule: without ``array.target_shard_size_bytes``, 2 chunks per axis on
    axes more than 8 chunks long; with it, the most chunks per axis (the same on every axis)
    that keep the shard within that many bytes and within the array."""
    target = _config.get("array.target_shard_size_bytes")
    if target is None:
        return tuple(c * 2 if s // c > 8 else c for c, s in zip(chunks, shape, strict=True))
    chunk_bytes = math.prod(chunks) * itemsize
    per_axis = 1
    if chunks and chunk_bytes and chunk_bytes <= target:
        while chunk_bytes * (per_axis + 1) ** len(chunks) <= target and all(
            c * (per_axis + 1) <= s for c, s in zip(chunks, shape, strict=True)
        ):
            per_axis += 1
    return tuple(c * per_axis for c in chunks)


def _is_minus_one(value: Any) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool) and value == -1


def _parse_shards(
    shards: Any, chunks: tuple[int, ...], shape: tuple[int, ...], itemsize: int = 1
) -> tuple[tuple[int, ...] | RectilinearChunkGrid, str]:
    """The shard grid (a shape, or a rectilinear grid) and the index location of ``shards``."""
    location = "end"
    if isinstance(shards, Mapping) and "shape" in shards:
        location = shards.get("index_location", "end")
        shards = shards["shape"]
    rectilinear = rectilinear_from_chunks(shards, shape, unit=chunks)
    if rectilinear is not None:
        # Each shard edge must be a multiple of the inner chunk: the metadata checks it.
        check_rectilinear_enabled()
        return rectilinear, location
    if isinstance(shards, np.ndarray):
        # A 1-d numpy array of lengths, as zarr-python accepts (comparing it with "auto" raised).
        shards = shards.tolist()
    if isinstance(shards, str) and shards == "auto":
        shards = _auto_shards(chunks, shape, itemsize)
    if shards is False:
        shards = -1  # one shard, as zarr-python
    if isinstance(shards, int | np.integer):
        shards = (int(shards),) * len(shape)
    if isinstance(shards, tuple | list) and len(shards) != len(shape):
        raise ValueError(
            f"shards {tuple(shards)} has {len(shards)} dimensions but the array shape {shape} "
            f"has {len(shape)}"
        )
    if isinstance(shards, tuple | list) and len(chunks) == len(shape):
        # -1 is one shard along the axis: the smallest multiple of the inner chunk that covers
        # it (at least one chunk), as zarr-python's full_span_chunk_size.
        shards = tuple(
            c * max(1, -(-n // c)) if _is_minus_one(s) else s
            for s, c, n in zip(shards, chunks, shape, strict=True)
        )
    try:
        shard_shape = normalize_shape(shards)
    except (TypeError, ValueError) as e:
        raise type(e)(f"shards {shards!r}: {e}") from None
    if len(shard_shape) != len(chunks):
        raise ValueError(f"shard shape {shard_shape} must have {len(chunks)} dimensions like chunks")
    if any(s == 0 or s % c for s, c in zip(shard_shape, chunks, strict=True)):
        raise ValueError(
            f"shard shape {shard_shape} must be a positive multiple of the chunk shape {chunks}"
        )
    return shard_shape, location


def build_array_metadata(
    *,
    shape: Any,
    dtype: Any,
    chunks: Any = "auto",
    shards: Any = None,
    filters: Any = "auto",
    compressors: Any = "auto",
    serializer: Any = "auto",
    fill_value: Any = DEFAULT_FILL_VALUE,
    order: Any = None,
    zarr_format: ZarrFormat = 3,
    attributes: dict[str, Any] | None = None,
    chunk_key_encoding: Any = None,
    dimension_names: Any = None,
    codecs: Any = None,
) -> ArrayV2Metadata | ArrayV3Metadata:
    """Validated metadata for a new array; every error names the offending argument."""
    if zarr_format not in (2, 3):
        raise ValueError(f"zarr_format must be 2 or 3, got {zarr_format!r}")
    array_shape = normalize_shape(shape)
    if dtype is None:
        dtype = "float64"
    np_dtype = parse_dtype(dtype, zarr_format)
    rectilinear = rectilinear_from_chunks(chunks, array_shape)
    if rectilinear is not None:
        _check_rectilinear_chunks(zarr_format, shards)
        chunk_shape = rectilinear.first_chunk_shape
    else:
        # The dtype, not its itemsize: variable-length strings count as 1 byte, as zarr-python.
        chunk_shape = normalize_chunks(chunks, array_shape, np_dtype, sharded=shards is not None)
    if fill_value is DEFAULT_FILL_VALUE:
        fill = default_fill_value(np_dtype)
    elif fill_value is None:
        fill = None if zarr_format == 2 else default_fill_value(np_dtype)
    else:
        fill = parse_fill_value(fill_value, np_dtype)
    order = order or _config.get("array.order")
    if order not in ("C", "F"):
        raise ValueError(f"order must be 'C' or 'F', got {order!r}")
    if zarr_format == 2:
        if serializer != "auto":
            raise ValueError("Zarr format 2 arrays do not support `serializer`.")
        return _build_v2(
            array_shape, np_dtype, chunk_shape, shards, filters, compressors, fill, order,
            attributes, chunk_key_encoding, dimension_names,
        )
    key_encoding = parse_chunk_key_encoding(chunk_key_encoding, zarr_format=3)
    if codecs is not None:
        codec_list = [_v3_codec(c) for c in _as_list(codecs)]
    else:
        codec_list = _v3_codecs(np_dtype, filters, serializer, compressors)
    grid_shape = chunk_shape
    if shards is not None:
        # Variable-length types count as 1 byte per element, as in zarr-python.
        itemsize = 1 if np_dtype.kind in "TO" else np_dtype.itemsize
        shard_grid, location = _parse_shards(shards, chunk_shape, array_shape, itemsize)
        if isinstance(shard_grid, RectilinearChunkGrid):
            rectilinear = shard_grid
        else:
            grid_shape = shard_grid
        codec_list = [ShardingCodec(chunk_shape=chunk_shape, codecs=tuple(codec_list), index_location=location)]
    # An empty sequence means no names (zarr-python omits the field; xarray passes () for
    # 0-d variables).
    names = None if dimension_names is None else tuple(dimension_names) or None
    if names is not None and len(names) != len(array_shape):
        raise ValueError(
            f"dimension_names {names} has {len(names)} entries, the shape has {len(array_shape)}"
        )
    metadata = ArrayV3Metadata(
        shape=array_shape,
        data_type=np_dtype,
        chunk_grid=rectilinear or RegularChunkGrid(chunk_shape=grid_shape),
        chunk_key_encoding=key_encoding,
        fill_value=fill,
        codecs=tuple(codec_list),
        attributes=dict(attributes or {}),
        dimension_names=names,
    )
    # ArrayV3Metadata has evolved and validated every codec against the chunk (its
    # __attrs_post_init__); the memory order plays no part in that.
    return metadata


def _check_rectilinear_chunks(zarr_format: ZarrFormat, shards: Any) -> None:
    if zarr_format == 2:
        raise ValueError("chunks: Zarr format 2 does not support rectilinear chunk grids")
    if shards is not None:
        raise ValueError(
            "chunks: Rectilinear chunks with sharding is not supported; give regular chunks and "
            "rectilinear shards instead: chunks=(inner_size, ...), shards=[[shard_sizes], ...]"
        )
    check_rectilinear_enabled()


def check_rectilinear_enabled() -> None:
    """``RectilinearChunksDisabledError`` unless config ``array.rectilinear_chunks`` is set:
    creating a rectilinear grid is opt-in, as in zarr-python (reading one is not)."""
    if not _config.get("array.rectilinear_chunks"):
        raise RectilinearChunksDisabledError(
            "rectilinear chunk grids are experimental and disabled by default; enable them with "
            "zarrlite.config.set({'array.rectilinear_chunks': True}) or the environment "
            "variable ZARR_ARRAY__RECTILINEAR_CHUNKS=True"
        )


def _v3_codecs(dtype: np.dtype[Any], filters: Any, serializer: Any, compressors: Any) -> list[Codec]:
    array_array = [] if filters in ("auto", None) else [_v3_codec(f) for f in _as_list(filters)]
    array_bytes = default_serializer(dtype) if serializer == "auto" else _v3_codec(serializer)
    if compressors == "auto":
        bytes_bytes: list[Codec] = list(default_compressors(3))
    else:
        bytes_bytes = [_v3_codec(c) for c in _as_list(compressors)]
    for codec, kind, what in (
        *((c, ArrayArrayCodec, "filters") for c in array_array),
        (array_bytes, ArrayBytesCodec, "serializer"),
        *((c, BytesBytesCodec, "compressors") for c in bytes_bytes),
    ):
        if not isinstance(codec, kind):
            raise TypeError(f"{what} expects {kind.__name__} codecs, got {codec!r}")
    return [*array_array, array_bytes, *bytes_bytes]


class _CompressorCountError(TypeError, ValueError):
    """More than one compressor for a v2 array: zarr-python raises TypeError from
    ``compressors=[a, b]`` and ValueError from ``create(compressor=[a, b])``; this is both."""


def _build_v2(
    shape: tuple[int, ...],
    dtype: np.dtype[Any],
    chunks: tuple[int, ...],
    shards: Any,
    filters: Any,
    compressors: Any,
    fill: Any,
    order: Any,
    attributes: dict[str, Any] | None,
    chunk_key_encoding: Any,
    dimension_names: Any,
) -> ArrayV2Metadata:
    if shards is not None:
        raise ValueError("shards are a Zarr v3 feature; zarr_format=2 arrays cannot be sharded")
    if dimension_names is not None:
        raise ValueError("dimension_names are a Zarr v3 feature; not allowed with zarr_format=2")
    if filters in ("auto", None):
        filter_list = []
        if _is_variable_string(dtype):
            filter_list = [numcodecs.VLenUTF8() if dtype.kind == "T" else numcodecs.VLenBytes()]
    else:
        filter_list = [codec_from_numcodecs(f) for f in _as_list(filters)]
    if compressors == "auto":
        compressor = default_compressors(2)[0]
    else:
        given = _as_list(compressors)
        if len(given) > 1:
            raise _CompressorCountError(
                f"Zarr v2 arrays take at most one compressor, got {len(given)}: {given}"
            )
        try:
            found = [codec_from_numcodecs(c) for c in given]
        except TypeError as error:
            # ValueError, as zarr-python raises for a v2 compressor that is no numcodecs codec
            raise ValueError(f"invalid Zarr v2 compressor: {error}") from None
        compressor = found[0] if found else None
    encoding = parse_chunk_key_encoding(chunk_key_encoding, zarr_format=2)
    return ArrayV2Metadata(
        shape=shape,
        dtype=dtype,
        chunks=chunks,
        fill_value=fill,
        order=order,
        dimension_separator=encoding.separator,
        compressor=compressor,
        filters=tuple(filter_list) or None,
        attributes=dict(attributes or {}),
    )
