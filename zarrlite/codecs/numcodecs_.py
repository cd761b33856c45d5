"""numcodecs codecs inside Zarr v3 arrays, under the names ``numcodecs.<id>``.

These are extension codec names (not in the core v3 spec), as zarr-python writes them:
https://github.com/zarr-developers/zarr-extensions/tree/main/codecs

JSON: the numcodecs config without its ``id``, exactly as given (no defaults filled in,
except array-dependent ones set by ``evolve_from_array_spec``, as zarr-python does)::

    {"name": "numcodecs.zlib", "configuration": {"level": 1}}
    {"name": "numcodecs.delta", "configuration": {"dtype": "<i4"}}

Compressors and checksums are bytes -> bytes; ``delta``, ``fixedscaleoffset``, ``quantize``,
``bitround``, ``packbits`` and ``astype`` are array -> array. Construct with the numcodecs
keyword arguments: ``Zlib(level=1)``.
"""

from __future__ import annotations

import math
from typing import Any, ClassVar, Self

import numcodecs
import numpy as np

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import ArrayArrayCodec, ArraySpec, BytesBytesCodec, Codec
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import DecodesInto, as_bytes, as_uint8, parse_configuration

__all__ = [
    "BZ2",
    "CRC32",
    "CRC32C",
    "LZ4",
    "LZMA",
    "Adler32",
    "AsType",
    "BitRound",
    "Blosc",
    "Delta",
    "FixedScaleOffset",
    "Fletcher32",
    "GZip",
    "JenkinsLookup3",
    "PackBits",
    "Quantize",
    "Shuffle",
    "Zlib",
    "Zstd",
]


class _ConfigurationTypeError(ValueError, TypeError):
    """A configuration numcodecs refuses with TypeError (an unknown or missing argument, a
    dtype numpy does not understand): zarr-python lets that TypeError through; zarrlite's
    error is a ValueError as for other invalid configurations, and that TypeError as well."""


class _NumcodecsCodec(Codec):
    """A numcodecs codec with a v3 name; immutable, compared by name and configuration."""

    codec_id: ClassVar[str]

    configuration: dict[str, JSON]
    _codec: Any

    def __init__(self, **configuration: JSON) -> None:
        given_id = configuration.pop("id", self.codec_id)
        if given_id != self.codec_id:
            # as zarr-python: a config naming another codec is a mistake, not to be ignored
            raise ValueError(
                f"codec {self.name!r}: configuration id {given_id!r} is not {self.codec_id!r}"
            )
        object.__setattr__(self, "configuration", dict(configuration))
        object.__setattr__(self, "_codec", self._build(configuration, required=False))

    def _build(self, configuration: dict[str, JSON], required: bool = True) -> Any:
        """The numcodecs codec; when a required, array-dependent argument (e.g. ``dtype``) is
        missing and ``required`` is False, None: it is built after ``evolve_from_array_spec``."""
        try:
            return numcodecs.get_codec({"id": self.codec_id, **configuration})
        except TypeError as error:
            if not required and "missing" in str(error):
                return None
            raise _ConfigurationTypeError(
                f"codec {self.name!r}: invalid configuration: {error}"
            ) from None
        except ValueError as error:
            raise ValueError(f"codec {self.name!r}: invalid configuration: {error}") from None

    def _runtime_codec(self, spec: ArraySpec | None) -> Any:
        if self._codec is not None:
            return self._codec
        if spec is not None:
            evolved = self.evolve_from_array_spec(spec)
            if evolved._codec is not None:
                return evolved._codec
        return self._build(self.configuration)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"codec {self.name!r} is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _NumcodecsCodec):
            return NotImplemented
        return self.name == other.name and self.configuration == other.configuration

    def __hash__(self) -> int:
        return hash((self.name, repr(sorted(self.configuration.items()))))

    def __repr__(self) -> str:
        # zarr-python's form, which Array.info prints: the configuration without its id
        return (
            f"{type(self).__name__}(codec_name={self.name!r}, "
            f"codec_config={dict(self.configuration)!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.configuration))

    @property
    def numcodecs_codec(self) -> Any:
        """The numcodecs codec object doing the work (``ValueError`` while an array-dependent
        argument is still missing)."""
        return self._runtime_codec(None)

    @property
    def codec_name(self) -> str:
        """The v3 name, ``numcodecs.<id>`` (zarr-python's wrapper attribute)."""
        return self.name

    @property
    def codec_config(self) -> dict[str, JSON]:
        """The numcodecs config, ``id`` first, then the configuration as given (zarr-python's
        wrapper attribute); a copy."""
        return {"id": self.codec_id, **self.configuration}

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        data = dict(data)
        config = data.get("configuration") or {}
        if isinstance(config, dict):
            allowed = set(config)  # numcodecs checks its own keys
            return cls(**parse_configuration(data, (cls.name,), allowed))
        raise ValueError(f"codec {cls.name!r}: configuration must be an object, got {config!r}")

    def to_dict(self) -> dict[str, JSON]:
        return {"name": self.name, "configuration": dict(self.configuration)}

    def _with_defaults(self, **defaults: JSON) -> Self:
        missing = {k: v for k, v in defaults.items() if k not in self.configuration}
        return type(self)(**self.configuration, **missing) if missing else self


def _rebuild(cls: type[_NumcodecsCodec], configuration: dict[str, JSON]) -> _NumcodecsCodec:
    return cls(**configuration)


class _BytesBytes(_NumcodecsCodec, BytesBytesCodec):
    releases_gil: ClassVar[bool] = True
    _size_overhead: ClassVar[int | None] = None

    def encode(self, data: BytesLike) -> BytesLike:
        return as_bytes(self._runtime_codec(None).encode(as_uint8(data)))

    def decode(self, data: BytesLike) -> BytesLike:
        return as_bytes(self._runtime_codec(None).decode(as_uint8(data)))

    def encoded_size(self, input_size: int) -> int | None:
        return None if self._size_overhead is None else input_size + self._size_overhead


class _DecodesInto(_BytesBytes, DecodesInto):
    def decode_into(self, data: BytesLike, out: np.ndarray[Any, Any]) -> None:
        self._runtime_codec(None).decode(as_uint8(data), out=out)


class _Checksum(_BytesBytes):
    releases_gil: ClassVar[bool] = False
    _size_overhead: ClassVar[int | None] = 4


class _ArrayArray(_NumcodecsCodec, ArrayArrayCodec):
    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]:
        codec = self._runtime_codec(spec)
        out = np.asarray(codec.encode(np.ascontiguousarray(array)))
        target = self.resolve_spec(spec)
        if out.dtype != target.dtype:
            # e.g. bitround returns the rounded floats' bits as ints: keep the bits
            same_size = out.dtype.itemsize == target.dtype.itemsize
            out = out.view(target.dtype) if same_size else out.astype(target.dtype)
        return out.reshape(target.shape)

    def decode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> np.ndarray[Any, Any]:
        codec = self._runtime_codec(spec)
        out = np.asarray(codec.decode(np.ascontiguousarray(array)))
        if out.dtype != spec.dtype:
            out = out.astype(spec.dtype)
        return out.reshape(spec.shape)

    def _encoded_dtype(self, key: str, spec: ArraySpec) -> ArraySpec:
        import attrs

        value = self.configuration.get(key)
        return spec if value is None else attrs.evolve(spec, dtype=np.dtype(value))


class Blosc(_DecodesInto):
    name: ClassVar[str] = "numcodecs.blosc"
    codec_id: ClassVar[str] = "blosc"


class Zstd(_DecodesInto):
    name: ClassVar[str] = "numcodecs.zstd"
    codec_id: ClassVar[str] = "zstd"


class LZ4(_DecodesInto):
    name: ClassVar[str] = "numcodecs.lz4"
    codec_id: ClassVar[str] = "lz4"


class GZip(_BytesBytes):
    name: ClassVar[str] = "numcodecs.gzip"
    codec_id: ClassVar[str] = "gzip"


class Zlib(_BytesBytes):
    name: ClassVar[str] = "numcodecs.zlib"
    codec_id: ClassVar[str] = "zlib"


class BZ2(_BytesBytes):
    name: ClassVar[str] = "numcodecs.bz2"
    codec_id: ClassVar[str] = "bz2"


class LZMA(_BytesBytes):
    name: ClassVar[str] = "numcodecs.lzma"
    codec_id: ClassVar[str] = "lzma"


class Shuffle(_BytesBytes):
    name: ClassVar[str] = "numcodecs.shuffle"
    codec_id: ClassVar[str] = "shuffle"
    releases_gil: ClassVar[bool] = False
    _size_overhead: ClassVar[int | None] = 0

    def evolve_from_array_spec(self, spec: ArraySpec) -> Self:
        return self._with_defaults(elementsize=spec.dtype.itemsize)


class CRC32(_Checksum):
    name: ClassVar[str] = "numcodecs.crc32"
    codec_id: ClassVar[str] = "crc32"


class CRC32C(_Checksum):
    name: ClassVar[str] = "numcodecs.crc32c"
    codec_id: ClassVar[str] = "crc32c"


class Adler32(_Checksum):
    name: ClassVar[str] = "numcodecs.adler32"
    codec_id: ClassVar[str] = "adler32"


class Fletcher32(_Checksum):
    name: ClassVar[str] = "numcodecs.fletcher32"
    codec_id: ClassVar[str] = "fletcher32"


class JenkinsLookup3(_Checksum):
    name: ClassVar[str] = "numcodecs.jenkins_lookup3"
    codec_id: ClassVar[str] = "jenkins_lookup3"


class Delta(_ArrayArray):
    """numcodecs requires ``dtype``; evolve fills it from the array (zarr-python leaves it out
    and then fails to encode), so the evolved JSON carries it."""

    name: ClassVar[str] = "numcodecs.delta"
    codec_id: ClassVar[str] = "delta"

    def evolve_from_array_spec(self, spec: ArraySpec) -> Self:
        return self._with_defaults(dtype=spec.dtype.str)

    def resolve_spec(self, spec: ArraySpec) -> ArraySpec:
        return self._encoded_dtype("astype", spec)


class FixedScaleOffset(_ArrayArray):
    name: ClassVar[str] = "numcodecs.fixedscaleoffset"
    codec_id: ClassVar[str] = "fixedscaleoffset"

    def evolve_from_array_spec(self, spec: ArraySpec) -> Self:
        return self._with_defaults(dtype=str(spec.dtype))

    def resolve_spec(self, spec: ArraySpec) -> ArraySpec:
        return self._encoded_dtype("astype", spec)


class Quantize(_ArrayArray):
    name: ClassVar[str] = "numcodecs.quantize"
    codec_id: ClassVar[str] = "quantize"

    def evolve_from_array_spec(self, spec: ArraySpec) -> Self:
        return self._with_defaults(dtype=str(spec.dtype))

    def resolve_spec(self, spec: ArraySpec) -> ArraySpec:
        return self._encoded_dtype("astype", spec)


class BitRound(_ArrayArray):
    name: ClassVar[str] = "numcodecs.bitround"
    codec_id: ClassVar[str] = "bitround"


class AsType(_ArrayArray):
    name: ClassVar[str] = "numcodecs.astype"
    codec_id: ClassVar[str] = "astype"

    def evolve_from_array_spec(self, spec: ArraySpec) -> Self:
        return self._with_defaults(decode_dtype=str(spec.dtype))

    def resolve_spec(self, spec: ArraySpec) -> ArraySpec:
        return self._encoded_dtype("encode_dtype", spec)


class PackBits(_ArrayArray):
    name: ClassVar[str] = "numcodecs.packbits"
    codec_id: ClassVar[str] = "packbits"

    def validate(self, spec: ArraySpec) -> None:
        if spec.dtype != np.dtype(bool):
            raise ValueError(f"codec 'numcodecs.packbits' needs a bool array, got {spec.dtype}")

    def resolve_spec(self, spec: ArraySpec) -> ArraySpec:
        import attrs

        size = math.prod(spec.shape)
        return attrs.evolve(spec, shape=(1 + math.ceil(size / 8),), dtype=np.dtype(np.uint8))


for _cls in (
    Blosc, Zstd, LZ4, GZip, Zlib, BZ2, LZMA, Shuffle, CRC32, CRC32C, Adler32, Fletcher32,
    JenkinsLookup3, Delta, FixedScaleOffset, Quantize, BitRound, AsType, PackBits,
):  # fmt: skip
    register_codec(_cls.name, _cls)
