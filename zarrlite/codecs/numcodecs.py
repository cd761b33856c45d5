"""zarr-python's ``zarr.codecs.numcodecs``: the numcodecs codecs inside Zarr v3 arrays.

``from zarrlite.codecs.numcodecs import Zlib`` works as ``from zarr.codecs.numcodecs import
Zlib`` does; the classes are the ones in :mod:`zarrlite.codecs` (JSON names
``numcodecs.<id>``).
"""

from __future__ import annotations

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

__all__ = [
    "BZ2",
    "CRC32",
    "CRC32C",
    "LZ4",
    "LZMA",
    "ZFPY",
    "Adler32",
    "AsType",
    "BitRound",
    "Blosc",
    "Delta",
    "FixedScaleOffset",
    "Fletcher32",
    "GZip",
    "JenkinsLookup3",
    "PCodec",
    "PackBits",
    "Quantize",
    "Shuffle",
    "Zlib",
    "Zstd",
]
