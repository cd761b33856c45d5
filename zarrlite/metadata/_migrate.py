"""Zarr v2 metadata rewritten as Zarr v3 metadata over the same chunks (pure, no I/O).

The v3 document describes the v2 chunks exactly, so no chunk is rewritten: the v2 key layout
becomes a ``v2`` chunk key encoding, ``order="F"`` a transpose codec, filters numcodecs
array -> array codecs, then a ``bytes`` codec, and the compressor a bytes -> bytes codec
(``blosc``, ``zstd`` and ``gzip`` by their core v3 names, others as ``numcodecs.<id>``). The
conversions and refusals are zarr-python 3.4.2's (``zarr.metadata.migrate_v3``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from zarrlite.codecs import ArrayArrayCodec, BytesBytesCodec, Codec, codec_from_dict
from zarrlite.errors import UnknownCodecError
from zarrlite.metadata.group import GroupMetadata
from zarrlite.metadata.v2 import ArrayV2Metadata
from zarrlite.metadata.v3 import ArrayV3Metadata

__all__ = ["convert_array_metadata", "convert_group_metadata"]

# numcodecs' Blosc shuffle integers and the v3 blosc codec's names for them. AUTOSHUFFLE (-1)
# has no v3 name: zarr-python refuses it, so does this.
_BLOSC_SHUFFLE = {0: "noshuffle", 1: "shuffle", 2: "bitshuffle"}


def convert_array_metadata(metadata: ArrayV2Metadata) -> ArrayV3Metadata:
    """The v3 metadata of the v2 array ``metadata``, reading its chunks where they are.

    Raises ``ValueError`` for a filter or compressor with no v3 codec (e.g. ``vlen-utf8``, so
    variable-length string arrays cannot be migrated) or a blosc ``shuffle`` of -1, and
    ``TypeError`` for one of the wrong kind (a compressor as a filter, say).
    """
    codecs: list[Codec] = []
    if metadata.order == "F":
        # F order is C order of the reversed axes: encoded axis i is decoded axis n-1-i.
        codecs.append(codec_from_dict(_transpose(len(metadata.shape))))
    for numcodec in metadata.filters or ():
        codec = _numcodecs_v3(numcodec)
        if not isinstance(codec, ArrayArrayCodec):
            raise TypeError(
                f"Filter {type(codec)} is not an ArrayArrayCodec: filter "
                f"{numcodec.codec_id!r} cannot run before the bytes codec in Zarr v3"
            )
        codecs.append(codec)
    codecs.append(codec_from_dict(_bytes_codec(metadata.dtype)))
    if metadata.compressor is not None:
        codecs.append(_compressor(metadata.compressor, metadata.dtype))
    return ArrayV3Metadata(
        shape=metadata.shape,
        data_type=metadata.dtype,
        chunk_grid={"name": "regular", "configuration": {"chunk_shape": list(metadata.chunks)}},
        chunk_key_encoding={
            "name": "v2",
            "configuration": {"separator": metadata.dimension_separator},
        },
        fill_value=metadata.fill_value,  # None (v2 ``null``): the data type's default
        codecs=codecs,
        attributes=metadata.attributes,
    )


def convert_group_metadata(metadata: GroupMetadata) -> GroupMetadata:
    """The v3 metadata of the v2 group ``metadata`` (its attributes).

    Raises ``NotImplementedError`` for a group read with consolidated metadata, as
    zarr-python does: the ``.zmetadata`` document is not migrated.
    """
    if metadata.consolidated_metadata is not None:
        raise NotImplementedError("Migration of consolidated metadata isn't supported.")
    return GroupMetadata(attributes=metadata.attributes, zarr_format=3)


def _transpose(ndim: int) -> dict[str, Any]:
    return {"name": "transpose", "configuration": {"order": list(range(ndim - 1, -1, -1))}}


def _bytes_codec(dtype: np.dtype[Any]) -> dict[str, Any]:
    # Data types without a byte order (1-byte ones, fixed-length bytes) get no endian.
    if dtype.byteorder == "|":
        return {"name": "bytes"}
    big = dtype.byteorder == ">" or (dtype.byteorder == "=" and not np.little_endian)
    return {"name": "bytes", "configuration": {"endian": "big" if big else "little"}}


def _compressor(compressor: Any, dtype: np.dtype[Any]) -> Codec:
    config = compressor.get_config()
    codec_id = compressor.codec_id
    if codec_id == "blosc":
        shuffle = config.get("shuffle", 1)
        if shuffle not in _BLOSC_SHUFFLE:
            raise ValueError(
                f"blosc compressor: shuffle must be between 0 and 2. Got {shuffle} "
                "(AUTOSHUFFLE has no Zarr v3 equivalent)."
            )
        blosc = {
            "typesize": dtype.itemsize,
            "cname": config["cname"],
            "clevel": config["clevel"],
            "shuffle": _BLOSC_SHUFFLE[shuffle],
            "blocksize": config.get("blocksize", 0),
        }
        return codec_from_dict({"name": "blosc", "configuration": blosc})
    if codec_id == "zstd":
        zstd = {"level": config.get("level", 0), "checksum": config.get("checksum", False)}
        return codec_from_dict({"name": "zstd", "configuration": zstd})
    if codec_id == "gzip":
        return codec_from_dict({"name": "gzip", "configuration": {"level": config["level"]}})
    codec = _numcodecs_v3(compressor)
    if not isinstance(codec, BytesBytesCodec):
        raise TypeError(
            f"Compressor {type(codec)} is not a BytesBytesCodec: compressor "
            f"{codec_id!r} cannot run after the bytes codec in Zarr v3"
        )
    return codec


def _numcodecs_v3(numcodec: Any) -> Codec:
    """The ``numcodecs.<id>`` v3 codec with ``numcodec``'s configuration."""
    name = f"numcodecs.{numcodec.codec_id}"
    config = {k: v for k, v in numcodec.get_config().items() if k != "id"}
    try:
        return codec_from_dict({"name": name, "configuration": config})
    except UnknownCodecError as e:
        raise ValueError(
            f"Couldn't find corresponding zarr.codecs.numcodecs codec for {numcodec.codec_id}"
        ) from e
