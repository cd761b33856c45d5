"""JSON forms: zarrlite's ``to_dict``/``from_dict`` against zarr-python 3.4.2's ``to_dict``."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from codec_oracle import to_json, write

from zarrlite.codecs import (
    ArraySpec,
    BloscCodec,
    BytesCodec,
    Crc32cCodec,
    GzipCodec,
    ShardingCodec,
    TransposeCodec,
    VLenBytesCodec,
    VLenUTF8Codec,
    ZstdCodec,
    codec_from_dict,
)
from zarrlite.codecs import numcodecs_ as ours_nc

zarr_codecs = pytest.importorskip("zarr.codecs")
zarr_nc = pytest.importorskip("zarr.codecs.numcodecs")

PAIRS: list[tuple[Any, Any]] = [
    (BytesCodec(), zarr_codecs.BytesCodec()),
    (BytesCodec(endian="big"), zarr_codecs.BytesCodec(endian="big")),
    (BytesCodec(endian=None), zarr_codecs.BytesCodec(endian=None)),
    (TransposeCodec(order=(1, 0, 2)), zarr_codecs.TransposeCodec(order=(1, 0, 2))),
    (BloscCodec(), zarr_codecs.BloscCodec()),
    (BloscCodec(typesize=4), zarr_codecs.BloscCodec(typesize=4)),
    (
        BloscCodec(typesize=2, cname="lz4", clevel=9, shuffle="noshuffle", blocksize=256),
        zarr_codecs.BloscCodec(
            typesize=2, cname="lz4", clevel=9, shuffle="noshuffle", blocksize=256
        ),
    ),
    (GzipCodec(), zarr_codecs.GzipCodec()),
    (GzipCodec(level=1), zarr_codecs.GzipCodec(level=1)),
    (ZstdCodec(), zarr_codecs.ZstdCodec()),
    (ZstdCodec(level=3, checksum=True), zarr_codecs.ZstdCodec(level=3, checksum=True)),
    (Crc32cCodec(), zarr_codecs.Crc32cCodec()),
    (VLenUTF8Codec(), zarr_codecs.VLenUTF8Codec()),
    (VLenBytesCodec(), zarr_codecs.VLenBytesCodec()),
    (ShardingCodec(chunk_shape=(2, 2)), zarr_codecs.ShardingCodec(chunk_shape=(2, 2))),
    (
        ShardingCodec(
            chunk_shape=(4,),
            codecs=[TransposeCodec(order=(0,)), BytesCodec(endian="big"), GzipCodec()],
            index_codecs=[BytesCodec(), Crc32cCodec()],
            index_location="start",
        ),
        zarr_codecs.ShardingCodec(
            chunk_shape=(4,),
            codecs=[
                zarr_codecs.TransposeCodec(order=(0,)),
                zarr_codecs.BytesCodec(endian="big"),
                zarr_codecs.GzipCodec(),
            ],
            index_codecs=[zarr_codecs.BytesCodec(), zarr_codecs.Crc32cCodec()],
            index_location="start",
        ),
    ),
    (
        ShardingCodec(chunk_shape=(4,), codecs=[ShardingCodec(chunk_shape=(2,))]),
        zarr_codecs.ShardingCodec(
            chunk_shape=(4,), codecs=[zarr_codecs.ShardingCodec(chunk_shape=(2,))]
        ),
    ),
]

NUMCODECS_CONFIGS: list[tuple[str, dict[str, Any]]] = [
    ("Blosc", {}),
    ("Blosc", {"cname": "lz4", "clevel": 3, "shuffle": 2, "blocksize": 0}),
    ("Zstd", {"level": 3}),
    ("GZip", {"level": 1}),
    ("Zlib", {}),
    ("Zlib", {"level": 1}),
    ("BZ2", {"level": 9}),
    ("LZMA", {}),
    ("LZ4", {"acceleration": 2}),
    ("CRC32", {}),
    ("CRC32C", {}),
    ("Adler32", {}),
    ("Fletcher32", {}),
    ("JenkinsLookup3", {}),
    ("Shuffle", {"elementsize": 4}),
    ("Delta", {"dtype": "<i4"}),
    ("FixedScaleOffset", {"offset": 1, "scale": 10, "dtype": "<f8", "astype": "<i4"}),
    ("Quantize", {"digits": 3, "dtype": "<f8"}),
    ("BitRound", {"keepbits": 5}),
    ("PackBits", {}),
    ("AsType", {"encode_dtype": "<f4", "decode_dtype": "<f8"}),
]


@pytest.mark.parametrize(("ours", "theirs"), PAIRS, ids=lambda c: type(c).__name__)
def test_to_dict_matches_zarr(ours: Any, theirs: Any) -> None:
    expected = to_json(theirs.to_dict())
    assert ours.to_dict() == expected
    assert to_json(ours.to_dict()) == ours.to_dict()  # already plain JSON (lists, not tuples)
    parsed = codec_from_dict(expected)
    assert type(parsed) is type(ours)
    assert parsed.to_dict() == expected
    if not (isinstance(ours, BloscCodec) and None in (ours.typesize, ours.shuffle)):
        assert parsed == ours  # an unresolved blosc reads back resolved (typesize 1)


@pytest.mark.parametrize(("class_name", "config"), NUMCODECS_CONFIGS, ids=lambda v: str(v))
def test_numcodecs_wrapper_json_matches_zarr(class_name: str, config: dict[str, Any]) -> None:
    theirs = getattr(zarr_nc, class_name)(**config)
    ours = getattr(ours_nc, class_name)(**config)
    expected = to_json(theirs.to_dict())
    assert ours.to_dict() == expected
    assert codec_from_dict(expected) == ours
    assert hash(codec_from_dict(expected)) == hash(ours)


def test_endian_alias_and_bare_names() -> None:
    assert codec_from_dict({"name": "endian", "configuration": {"endian": "big"}}) == BytesCodec(
        endian="big"
    )
    assert codec_from_dict("bytes") == BytesCodec(endian=None)
    assert codec_from_dict("crc32c") == Crc32cCodec()
    assert codec_from_dict({"name": "vlen-utf8"}) == VLenUTF8Codec()
    assert codec_from_dict(GzipCodec()) == GzipCodec()
    assert codec_from_dict({"name": "gzip", "configuration": {}}) == GzipCodec(level=5)


def _evolved_json(codecs: list[Any], shape: tuple[int, ...], dtype: Any) -> list[Any]:
    spec = ArraySpec(shape=shape, dtype=np.dtype(dtype), fill_value=np.zeros((), dtype)[()])
    out = []
    for codec in codecs:
        codec = codec.evolve_from_array_spec(spec)
        codec.validate(spec)
        out.append(codec.to_dict())
        spec = codec.resolve_spec(spec)
    return out


@pytest.mark.parametrize(
    "dtype", ["u1", "i1", "bool", "<u2", ">i4", "<f8", ">c16", "S3", "<U2", "M8[s]", "V4"]
)
def test_evolved_bytes_and_blosc_json_match_zarr(dtype: str) -> None:
    data = np.zeros((4,), dtype=dtype)
    written = write(
        data, chunks=(2,), serializer=zarr_codecs.BytesCodec(), compressors=zarr_codecs.BloscCodec()
    )
    ours = _evolved_json([BytesCodec(), BloscCodec()], (2,), dtype)
    assert ours == written.metadata["codecs"]


def test_evolved_vlen_blosc_json_matches_zarr() -> None:
    data = np.array(["a", "bb", "", "d"], dtype=np.dtypes.StringDType())
    written = write(data, chunks=(2,), compressors=zarr_codecs.BloscCodec())
    ours = _evolved_json([VLenUTF8Codec(), BloscCodec()], (2,), np.dtypes.StringDType())
    assert ours == written.metadata["codecs"]


def test_evolved_sharding_json_matches_zarr() -> None:
    data = np.zeros((8, 8), dtype="u1")
    written = write(data, chunks=(2, 2), shards=(4, 8), compressors=zarr_codecs.BloscCodec())
    codec = ShardingCodec(chunk_shape=(2, 2), codecs=[BytesCodec(), BloscCodec()])
    assert _evolved_json([codec], (4, 8), "u1") == written.metadata["codecs"]


@pytest.mark.parametrize(
    ("filters", "dtype"),
    [
        ([("Shuffle", {})], "<f8"),
        ([("Delta", {"dtype": "f8"})], "<f8"),
        ([("AsType", {"encode_dtype": "f4"})], "<f8"),
        ([("Quantize", {"digits": 3})], "<f8"),
        ([("FixedScaleOffset", {"offset": 0, "scale": 10})], "<f8"),
        ([("PackBits", {})], "bool"),
        ([("BitRound", {"keepbits": 3})], "<f4"),
    ],
    ids=lambda v: str(v),
)
def test_evolved_numcodecs_json_matches_zarr(filters: list[Any], dtype: str) -> None:
    ((name, config),) = filters
    theirs = getattr(zarr_nc, name)(**config)
    ours = getattr(ours_nc, name)(**config)
    data = np.zeros((8,), dtype=dtype)
    if name == "Shuffle":
        written = write(data, chunks=(4,), compressors=[theirs])
        expected = written.metadata["codecs"]
        assert _evolved_json([BytesCodec(), ours], (4,), dtype) == expected
    else:
        written = write(data, chunks=(4,), filters=[theirs], compressors=None)
        expected = written.metadata["codecs"]
        assert _evolved_json([ours, BytesCodec()], (4,), dtype) == expected
