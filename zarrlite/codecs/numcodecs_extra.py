"""numcodecs array -> bytes codecs backed by optional packages: ``numcodecs.zfpy`` and
``numcodecs.pcodec``.

Extension names, as zarr-python 3.4 writes them
(https://github.com/zarr-developers/zarr-extensions/tree/main/codecs)::

    {"name": "numcodecs.zfpy", "configuration": {"mode": 4, "tolerance": -1, "rate": -1,
                                                 "precision": -1}}
    {"name": "numcodecs.pcodec", "configuration": {"level": 8}}

They replace the ``bytes`` codec of a v3 array (they serialise the chunk themselves). Both are
always registered, so metadata naming them always parses; encoding, decoding or validating
against an array without the package (``zfpy``, ``pcodec``) raises ``ImportError`` naming it.
"""

from __future__ import annotations

import importlib.util
from typing import Any, ClassVar

import numcodecs
import numpy as np

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import ArrayBytesCodec, ArraySpec
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._util import as_bytes
from zarrlite.codecs.numcodecs_ import _NumcodecsCodec

__all__ = ["ZFPY", "PCodec", "package_available"]


def package_available(package: str) -> bool:
    """Whether the optional package ``package`` can be imported (and numcodecs found it)."""
    return importlib.util.find_spec(package) is not None


class _OptionalArrayBytes(_NumcodecsCodec, ArrayBytesCodec):
    """A numcodecs codec that turns a whole chunk into bytes, needing package ``package``."""

    package: ClassVar[str]
    releases_gil: ClassVar[bool] = True

    def _missing(self) -> ImportError:
        return ImportError(
            f"codec {self.name!r} needs the {self.package!r} package, which is not installed "
            f"(pip install {self.package})"
        )

    def _build(self, configuration: dict[str, JSON], required: bool = True) -> Any:
        available = package_available(self.package)
        if available and self.codec_id not in numcodecs.registry.codec_registry:
            available = False  # installed, but numcodecs could not use it (version clash)
        if not available:
            if required:
                raise self._missing()
            return None  # parsing metadata works without the package
        return super()._build(configuration, required)

    def validate(self, spec: ArraySpec) -> None:
        self._runtime_codec(spec)  # ImportError now rather than at the first write

    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> BytesLike | None:
        # numcodecs flattens in memory order: hand it C order, as zarr-python does
        return as_bytes(self._runtime_codec(spec).encode(np.ascontiguousarray(array)))

    def decode(self, data: BytesLike, spec: ArraySpec) -> np.ndarray[Any, Any]:
        out = np.asarray(self._runtime_codec(spec).decode(bytes(data)))
        if out.dtype != spec.dtype:
            out = out.view(spec.dtype) if out.dtype.itemsize == spec.dtype.itemsize else out
        out = out.reshape(spec.shape)
        return np.asarray(out, order=spec.order)


class ZFPY(_OptionalArrayBytes):
    """zfp lossy/lossless float compression (``pip install zfpy``); 1-4 dimensional chunks
    of float32/64 or int32/64."""

    name: ClassVar[str] = "numcodecs.zfpy"
    codec_id: ClassVar[str] = "zfpy"
    package: ClassVar[str] = "zfpy"

    def validate(self, spec: ArraySpec) -> None:
        super().validate(spec)
        if spec.dtype.newbyteorder("=") not in (np.dtype(t) for t in ("f4", "f8", "i4", "i8")):
            raise ValueError(
                f"codec 'numcodecs.zfpy' supports float32/64 and int32/64, got {spec.dtype}"
            )
        if not 1 <= spec.ndim <= 4:
            raise ValueError(f"codec 'numcodecs.zfpy' supports 1 to 4 dimensions, got {spec.ndim}")


class PCodec(_OptionalArrayBytes):
    """pcodec numerical compression (``pip install pcodec``) of int, uint and float data."""

    name: ClassVar[str] = "numcodecs.pcodec"
    codec_id: ClassVar[str] = "pcodec"
    package: ClassVar[str] = "pcodec"

    def validate(self, spec: ArraySpec) -> None:
        super().validate(spec)
        if spec.dtype.kind not in "iuf" or spec.dtype.itemsize < 2:
            raise ValueError(
                f"codec 'numcodecs.pcodec' supports 16-64 bit ints, uints and floats, got "
                f"{spec.dtype}"
            )


for _cls in (ZFPY, PCodec):
    register_codec(_cls.name, _cls)
