"""Errors (each names the codec and the problem), the registry and CodecChain properties."""

from __future__ import annotations

from typing import Any, ClassVar

import numcodecs
import numpy as np
import pytest

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs import (
    ArraySpec,
    BloscCodec,
    BytesBytesCodec,
    BytesCodec,
    CodecChain,
    Crc32cCodec,
    GzipCodec,
    ShardingCodec,
    TransposeCodec,
    V2Codec,
    VLenUTF8Codec,
    ZstdCodec,
    codec_from_dict,
    codec_from_numcodecs,
    get_codec_class,
    register_codec,
)
from zarrlite.codecs._util import is_fill_chunk
from zarrlite.errors import UnknownCodecError


def spec(shape: tuple[int, ...], dtype: Any, fill: Any = 0) -> ArraySpec:
    dtype = np.dtype(dtype)
    return ArraySpec(shape=shape, dtype=dtype, fill_value=fill)


@pytest.mark.parametrize(
    ("codecs", "message"),
    [
        ([GzipCodec(), BytesCodec()], r"'gzip' \(bytes -> bytes\) at position 0 must come after"),
        (
            [BytesCodec(), TransposeCodec(order=(0,))],
            r"'transpose' \(array -> array\) at position 1 must come before .*'bytes'",
        ),
        ([BytesCodec(), VLenUTF8Codec()], r"'vlen-utf8' .* second array -> bytes codec"),
        ([TransposeCodec(order=(0,)), ZstdCodec()], r"'zstd' .* must come after"),
        ([], r"exactly one array -> bytes codec .* got none in \[\]"),
        ([TransposeCodec(order=(0,))], r"got none in \['transpose'\]"),
    ],
)
def test_bad_chain_order(codecs: list[Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        CodecChain.from_codecs(codecs)


def test_unknown_codec_names() -> None:
    with pytest.raises(
        UnknownCodecError, match=r"unknown codec 'nope'; known codecs: .*blosc.*zstd"
    ):
        codec_from_dict({"name": "nope", "configuration": {}})
    with pytest.raises(ValueError, match=r"'nope'"):
        CodecChain.from_codecs(["bytes", "nope"])
    with pytest.raises(
        UnknownCodecError, match=r"unknown numcodecs codec id 'nope'; known ids: .*zlib"
    ):
        codec_from_numcodecs({"id": "nope"})
    with pytest.raises(ValueError, match=r"needs a string 'name'"):
        codec_from_dict({"configuration": {}})
    with pytest.raises(TypeError):
        codec_from_dict(42)  # type: ignore[arg-type]


def test_codec_from_numcodecs_forms() -> None:
    zstd = numcodecs.Zstd(level=2)
    assert codec_from_numcodecs(zstd) is zstd
    assert codec_from_numcodecs({"id": "zstd", "level": 2}) == zstd
    assert codec_from_numcodecs("zlib") == numcodecs.Zlib()
    with pytest.raises(ValueError, match=r"numcodecs codec 'zlib': invalid config"):
        codec_from_numcodecs({"id": "zlib", "bogus": 1})


def test_unknown_configuration_key_names_the_codec() -> None:
    with pytest.raises(ValueError, match=r"codec 'gzip': unknown configuration keys \['lvl'\]"):
        codec_from_dict({"name": "gzip", "configuration": {"lvl": 1}})
    with pytest.raises(ValueError, match=r"codec 'crc32c': unknown configuration keys"):
        codec_from_dict({"name": "crc32c", "configuration": {"x": 1}})
    with pytest.raises(ValueError, match=r"codec 'transpose': configuration needs 'order'"):
        codec_from_dict({"name": "transpose", "configuration": {}})
    with pytest.raises(ValueError, match=r"sharding_indexed.*needs 'chunk_shape'"):
        codec_from_dict({"name": "sharding_indexed", "configuration": {}})
    with pytest.raises(ValueError, match=r"codec 'bytes': cannot read a codec named 'gzip'"):
        BytesCodec.from_dict({"name": "gzip"})


def test_crc32c_mismatch_names_both_checksums() -> None:
    codec = Crc32cCodec()
    data = bytearray(codec.encode(b"some bytes"))
    assert bytes(codec.decode(bytes(data))) == b"some bytes"
    data[0] ^= 0xFF
    with pytest.raises(
        ValueError, match=r"crc32c.*mismatch: stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}"
    ):
        codec.decode(bytes(data))
    with pytest.raises(ValueError, match=r"crc32c.*too few"):
        codec.decode(b"abc")


def test_transpose_errors() -> None:
    with pytest.raises(ValueError, match=r"transpose.*not a permutation"):
        TransposeCodec(order=(0, 0, 1))
    with pytest.raises(ValueError, match=r"transpose.*sequence of ints"):
        TransposeCodec(order="CF")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"transpose.*has 2 entries but the chunk has 3"):
        TransposeCodec(order=(1, 0)).validate(spec((2, 2, 2), "u1"))


def test_bytes_errors() -> None:
    with pytest.raises(ValueError, match=r"'bytes': endian must be 'little' or 'big' .*uint16"):
        BytesCodec(endian=None).validate(spec((2,), "<u2"))
    BytesCodec(endian=None).validate(spec((2,), "u1"))
    with pytest.raises(ValueError, match=r"'bytes' cannot serialise the variable-length"):
        BytesCodec().validate(spec((2,), object, None))
    with pytest.raises(ValueError, match=r"'bytes': endian must be"):
        BytesCodec(endian="middle")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"'bytes': expected 8 bytes .* got 7"):
        BytesCodec().decode(b"\x00" * 7, spec((2,), "<u4"))
    with pytest.raises(ValueError, match=r"endian"):
        CodecChain.from_codecs([BytesCodec(endian=None)]).validate(spec((2,), "<f8"))


def test_evolve_bytes_endian() -> None:
    assert BytesCodec(endian="big").evolve_from_array_spec(spec((2,), "u1")).endian is None
    assert BytesCodec(endian="big").evolve_from_array_spec(spec((2,), "S4")).endian is None
    assert BytesCodec().evolve_from_array_spec(spec((2,), "<U2")).endian == "little"
    structured = np.dtype([("a", "u1"), ("b", "<i4")])
    with pytest.warns(UserWarning, match=r"endian"):
        evolved = BytesCodec(endian=None).evolve_from_array_spec(spec((2,), structured, None))
    assert evolved.endian == "little"


def test_compressor_parameter_errors() -> None:
    with pytest.raises(ValueError, match=r"'blosc': cname must be one of"):
        BloscCodec(cname="nope")
    with pytest.raises(ValueError, match=r"'blosc': clevel must be in \[0, 9\]"):
        BloscCodec(clevel=10)
    with pytest.raises(ValueError, match=r"'blosc': shuffle must be one of"):
        BloscCodec(shuffle="sideways")  # type: ignore[arg-type]
    assert BloscCodec(shuffle=2).shuffle == "bitshuffle"  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"'gzip': level must be in \[0, 9\]"):
        GzipCodec(level=11)
    with pytest.raises(TypeError, match=r"'zstd': checksum must be a bool"):
        ZstdCodec(checksum="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"'gzip': (truncated|invalid)"):
        GzipCodec().decode(bytes(GzipCodec().encode(b"abc" * 100))[:-6])
    with pytest.raises(ValueError, match=r"'vlen-utf8' cannot serialise data type int32"):
        VLenUTF8Codec().validate(spec((2,), "<i4"))


def test_register_a_custom_codec() -> None:
    import attrs

    @attrs.frozen
    class Xor(BytesBytesCodec):
        name: ClassVar[str] = "test.xor"

        @classmethod
        def from_dict(cls, data: dict[str, JSON]) -> Xor:
            return cls()

        def to_dict(self) -> dict[str, JSON]:
            return {"name": self.name}

        def encode(self, data: BytesLike) -> BytesLike:
            return bytes(b ^ 0x55 for b in bytes(data))

        def decode(self, data: BytesLike) -> BytesLike:
            return self.encode(data)

    register_codec("test.xor", Xor)
    assert get_codec_class("test.xor") is Xor
    chain = CodecChain.from_codecs([{"name": "bytes"}, {"name": "test.xor"}])
    s = spec((3,), "u1")
    array = np.array([1, 2, 3], dtype="u1")
    assert bytes(chain.encode(array, s)) == bytes([0x54, 0x57, 0x56])  # type: ignore[arg-type]
    assert chain.decode(bytes([0x54, 0x57, 0x56]), s).tolist() == [1, 2, 3]
    with pytest.raises(TypeError, match=r"not a Codec subclass"):
        register_codec("bad", int)  # type: ignore[arg-type]


def test_chain_properties() -> None:
    plain = CodecChain.from_codecs([BytesCodec()])
    assert not plain.releases_gil and not plain.is_sharded
    assert plain.encoded_size(spec((2, 3), "<u4")) == 24
    chain = CodecChain.from_codecs(
        [TransposeCodec(order=(1, 0)), BytesCodec(), ZstdCodec(), Crc32cCodec()]
    )
    assert chain.codecs == (
        *chain.array_array_codecs,
        chain.array_bytes_codec,
        *chain.bytes_bytes_codecs,
    )
    assert chain.releases_gil
    assert chain.encoded_size(spec((2, 3), "<u4")) is None
    assert [c["name"] for c in chain.to_dicts()] == ["transpose", "bytes", "zstd", "crc32c"]
    assert CodecChain.from_codecs([BytesCodec(), Crc32cCodec()]).encoded_size(spec((2,), "u2")) == 8
    sharded = CodecChain.from_codecs([ShardingCodec(chunk_shape=(2,))])
    assert sharded.is_sharded and sharded.releases_gil
    assert not CodecChain.from_codecs([V2Codec(filters=None, compressor=None)]).releases_gil
    assert CodecChain.from_codecs([V2Codec(compressor=numcodecs.Zstd())]).releases_gil


def test_is_fill_chunk_matches_zarr_rules() -> None:
    assert is_fill_chunk(np.zeros(3), 0.0)
    assert not is_fill_chunk(np.array([0.0, -0.0]), 0.0)  # -0.0 is not the fill value 0.0
    assert is_fill_chunk(np.array([np.nan, np.nan]), np.nan)
    assert not is_fill_chunk(np.array([np.nan, 1.0]), np.nan)
    assert is_fill_chunk(np.array([1 + 1j]), 1 + 1j)
    assert is_fill_chunk(np.array(["", ""], dtype=np.dtypes.StringDType()), "")
    assert not is_fill_chunk(np.array([1]), None)
    assert is_fill_chunk(
        np.zeros(2, dtype=[("a", "u1"), ("b", "<f4")]),
        np.zeros((), [("a", "u1"), ("b", "<f4")])[()],
    )
