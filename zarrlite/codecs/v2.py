"""``V2Codec`` (array -> bytes): Zarr v2 chunk encoding with numcodecs filters and compressor.

Spec: https://zarr-specs.readthedocs.io/en/latest/v2/v2.0.html#chunks

A v2 chunk is the array's elements in the metadata ``order`` ("C" or "F"), passed through each
filter in turn, then through the compressor. Zarr v2 arrays run through the same
:class:`~zarrlite.codecs.CodecChain` as v3 ones, as a chain of this one codec.

It has no v3 JSON of its own and is not registered under a name; ``to_dict`` returns the v2
metadata pieces (``.zarray`` fields)::

    {"filters": [{"id": "vlen-utf8"}], "compressor": {"id": "zstd", "level": 0, ...},
     "order": "C"}

Decoding data that needs the ``pickle`` codec raises ``PickleCodecDisabledError`` unless the
config key ``array.allow_unsafe_pickle_decode`` is True (checked at decode time, as in
zarr-python; numcodecs has its own opt-in as well).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Literal, Self

import attrs
import numpy as np
from numcodecs.compat import ensure_contiguous_ndarray, ensure_ndarray

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import ArrayBytesCodec, ArraySpec
from zarrlite.codecs._registry import codec_from_numcodecs
from zarrlite.codecs._util import as_bytes, flat_uint8_view
from zarrlite.errors import PickleCodecDisabledError

__all__ = ["V2Codec"]

#: numcodecs compressors whose ``decode(buf, out=...)`` decompresses straight into ``out``
_DECODES_INTO = frozenset({"blosc", "zstd", "lz4"})


def _parse_filters(value: Any) -> tuple[Any, ...] | None:
    if value is None:
        return None
    if not isinstance(value, Iterable) or isinstance(value, str | dict):
        value = [value]
    filters = tuple(codec_from_numcodecs(f) for f in value)
    return filters or None


def _parse_compressor(value: Any) -> Any:
    return None if value is None else codec_from_numcodecs(value)


def _parse_order(value: Any) -> Literal["C", "F"]:
    if value not in ("C", "F"):
        raise ValueError(f"codec 'v2': order must be 'C' or 'F', got {value!r}")
    return value  # type: ignore[no-any-return]


def _has_time_field(dtype: np.dtype[Any]) -> bool:
    """Whether a structured dtype has a datetime64 or timedelta64 field, at any depth."""
    if dtype.fields is None:
        return False
    return any(
        field.base.kind in "mM" or _has_time_field(field.base)
        for field, *_ in dtype.fields.values()
    )


def _is_variable(dtype: np.dtype[Any]) -> bool:
    return dtype.hasobject or dtype.kind == "T"


@attrs.frozen
class V2Codec(ArrayBytesCodec):
    """Zarr v2 ``filters`` + ``compressor`` (numcodecs objects), chunk layout ``order``."""

    name: ClassVar[str] = "v2"
    releases_gil: ClassVar[bool] = True  # a CodecChain checks ``compressor`` more precisely

    filters: tuple[Any, ...] | None = attrs.field(default=None, converter=_parse_filters)
    compressor: Any = attrs.field(default=None, converter=_parse_compressor)
    order: Literal["C", "F"] = attrs.field(default="C", converter=_parse_order)
    _needs_pickle: bool = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        ids = [getattr(c, "codec_id", None) for c in (*(self.filters or ()), self.compressor)]
        object.__setattr__(self, "_needs_pickle", "pickle" in ids)

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        """From ``{"filters": ..., "compressor": ..., "order": ...}`` (v2 metadata fields)."""
        return cls(
            filters=data.get("filters"),
            compressor=data.get("compressor"),
            order=data.get("order", "C"),
        )

    def to_dict(self) -> dict[str, JSON]:
        """The v2 metadata fields this codec stands for (not a v3 codec JSON object)."""
        return {
            "filters": None if self.filters is None else [f.get_config() for f in self.filters],
            "compressor": None if self.compressor is None else self.compressor.get_config(),
            "order": self.order,
        }

    def _check_pickle(self) -> None:
        if not self._needs_pickle:
            return
        from zarrlite import config

        if config.get("array.allow_unsafe_pickle_decode", False) is not True:
            raise PickleCodecDisabledError(
                "refusing to decode data with the 'pickle' codec: unpickling data from an "
                "untrusted source can execute arbitrary code. If you trust this data, set "
                "zarrlite.config.set({'array.allow_unsafe_pickle_decode': True}) (numcodecs "
                "needs numcodecs.pickles.ALLOW_UNSAFE_PICKLE_DECODE = True as well)"
            )

    def encode(self, array: np.ndarray[Any, Any], spec: ArraySpec) -> BytesLike | None:
        chunk: Any = np.asarray(array)
        if chunk.dtype != spec.dtype:
            chunk = chunk.astype(spec.dtype, order=self.order)
        # numcodecs takes contiguous buffers only: a strided or broadcast 1-d view (a[:] =
        # data[::2], a[:] = np.array([3])) is copied too.
        if not chunk.flags[f"{self.order}_CONTIGUOUS"]:
            chunk = np.array(chunk, order=self.order)
        if chunk.dtype.hasobject and not chunk.flags.writeable:
            chunk = chunk.copy()  # numcodecs' object codecs take only writable buffers
        for codec in self.filters or ():
            chunk = codec.encode(chunk)
        if isinstance(chunk, np.ndarray) and chunk.dtype.hasobject:
            raise ValueError(
                f"codec 'v2': cannot store data type {spec.dtype} without an object codec "
                "(e.g. filters=[numcodecs.VLenUTF8()])"
            )
        if self.compressor is not None:
            if isinstance(chunk, np.ndarray) and _has_time_field(chunk.dtype):
                # numpy refuses to export a struct with datetime64/timedelta64 fields
                # through the buffer protocol numcodecs uses (zarr-python #632): the
                # compressor gets the same bytes as a uint8 view.
                chunk = chunk.reshape(-1, order="A").view(np.uint8)
            chunk = self.compressor.encode(chunk)
        return as_bytes(chunk)

    def decode(self, data: BytesLike, spec: ArraySpec) -> np.ndarray[Any, Any]:
        self._check_pickle()
        chunk: Any = data if self.compressor is None else self.compressor.decode(data)
        for codec in reversed(self.filters or ()):
            chunk = codec.decode(chunk)
        if _is_variable(spec.dtype):
            chunk = ensure_ndarray(chunk)
            if not chunk.dtype.hasobject:
                raise ValueError(
                    f"codec 'v2': cannot read data type {spec.dtype} without an object codec"
                )
            array = chunk.reshape(spec.shape, order=self.order)
            return array.astype(spec.dtype) if spec.dtype.kind == "T" else array  # type: ignore[no-any-return]
        if isinstance(chunk, np.ndarray) and chunk.dtype.hasobject:
            # An object codec in front of a fixed-size dtype: zarr-python 3.0.0-3.0.8 stored
            # Zarr v2 "<U n" arrays with filters [vlen-utf8] (zarr-python #3100, #3132).
            # Read the items as that version read them back, cast to the dtype.
            items = chunk.astype(spec.dtype)
            return items.reshape(spec.shape, order=self.order)  # type: ignore[no-any-return]
        flat = ensure_contiguous_ndarray(chunk)
        try:
            flat = flat.view(spec.dtype)
        except (TypeError, ValueError):
            flat = np.asarray(flat).astype(spec.dtype)
        expected = int(np.prod(spec.shape, dtype=np.int64))
        if flat.size != expected:
            raise ValueError(
                f"codec 'v2': the chunk decodes to {flat.size} items of {spec.dtype}, "
                f"expected {expected} for shape {spec.shape}"
            )
        return flat.reshape(spec.shape, order=self.order)  # type: ignore[no-any-return]

    def decode_into(self, data: BytesLike, spec: ArraySpec, out: np.ndarray[Any, Any]) -> None:
        """Decode into ``out``; the compressor writes straight into it when it can."""
        compressor = self.compressor
        if (
            not self.filters
            and compressor is not None
            and getattr(compressor, "codec_id", None) in _DECODES_INTO
            and out.dtype == spec.dtype
            and out.shape == spec.shape
        ):
            target = flat_uint8_view(out, self.order)
            if target is not None and target.size == spec.nbytes:
                compressor.decode(data, out=target)
                return
        out[...] = self.decode(data, spec)
