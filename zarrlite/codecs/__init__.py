"""Zarr codecs as pure synchronous objects, and the chain that runs them.

v3 codecs (``bytes``, ``transpose``, ``blosc``, ``gzip``, ``zstd``, ``crc32c``, ``vlen-utf8``,
``vlen-bytes``, ``sharding_indexed``, and the extensions ``scale_offset`` and ``cast_value``),
numcodecs codecs under ``numcodecs.<id>`` names, ``V2Codec`` for Zarr v2 chunks,
:class:`CodecChain` and the name registry. ``BloscCname``, ``BloscShuffle``, ``Endian`` and
``ShardingCodecIndexLocation`` are deprecated shims returning plain strings.
"""

from __future__ import annotations

# zarr-python's ``zarr.codecs.numcodecs`` module (an attribute after ``import zarrlite``, too).
from zarrlite.codecs import numcodecs as numcodecs
from zarrlite.codecs._base import (
    ArrayArrayCodec,
    ArrayBytesCodec,
    ArraySpec,
    BytesBytesCodec,
    Codec,
)
from zarrlite.codecs._deprecated import (
    BloscCname,
    BloscShuffle,
    Endian,
    ShardingCodecIndexLocation,
)
from zarrlite.codecs._registry import (
    codec_from_dict,
    codec_from_numcodecs,
    get_codec_class,
    register_codec,
)
from zarrlite.codecs._shard_index import WriteOrder as SubchunkWriteOrder
from zarrlite.codecs.blosc import BloscCodec
from zarrlite.codecs.bytes import BytesCodec
from zarrlite.codecs.cast_value import CastValue
from zarrlite.codecs.chain import CodecChain
from zarrlite.codecs.crc32c import Crc32cCodec
from zarrlite.codecs.gzip import GzipCodec
from zarrlite.codecs.numcodecs_ import (
    BZ2,
    CRC32,
    CRC32C,
    LZ4,
    LZMA,
    Adler32,
    AsType,
    BitRound,
    Blosc,
    Delta,
    FixedScaleOffset,
    Fletcher32,
    GZip,
    JenkinsLookup3,
    PackBits,
    Quantize,
    Shuffle,
    Zlib,
    Zstd,
)
from zarrlite.codecs.numcodecs_extra import ZFPY, PCodec
from zarrlite.codecs.scale_offset import ScaleOffset
from zarrlite.codecs.sharding import ShardIndex, ShardingCodec
from zarrlite.codecs.transpose import TransposeCodec
from zarrlite.codecs.v2 import V2Codec
from zarrlite.codecs.vlen import VLenBytesCodec, VLenUTF8Codec
from zarrlite.codecs.zstd import ZstdCodec

__all__ = [
    "BZ2",
    "CRC32",
    "CRC32C",
    "LZ4",
    "LZMA",
    "ZFPY",
    "Adler32",
    "ArrayArrayCodec",
    "ArrayBytesCodec",
    "ArraySpec",
    "AsType",
    "BitRound",
    "Blosc",
    "BloscCname",
    "BloscCodec",
    "BloscShuffle",
    "BytesBytesCodec",
    "BytesCodec",
    "CastValue",
    "Codec",
    "CodecChain",
    "Crc32cCodec",
    "Delta",
    "Endian",
    "FixedScaleOffset",
    "Fletcher32",
    "GZip",
    "GzipCodec",
    "JenkinsLookup3",
    "PCodec",
    "PackBits",
    "Quantize",
    "ScaleOffset",
    "ShardIndex",
    "ShardingCodec",
    "ShardingCodecIndexLocation",
    "Shuffle",
    "SubchunkWriteOrder",
    "TransposeCodec",
    "V2Codec",
    "VLenBytesCodec",
    "VLenUTF8Codec",
    "Zlib",
    "Zstd",
    "ZstdCodec",
    "codec_from_dict",
    "codec_from_numcodecs",
    "get_codec_class",
    "register_codec",
]
