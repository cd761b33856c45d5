"""Zarr v2 array metadata (the ``.zarray`` document, with attributes from ``.zattrs``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import numpy as np

from zarrlite._types import JSON, ChunkCoords, MemoryOrder
from zarrlite.errors import MetadataValidationError
from zarrlite.indexing._edges import unit_sizes
from zarrlite.metadata._codecs import parse_numcodec, v2_chain
from zarrlite.metadata._common import (
    dumps_json,
    parse_attributes,
    parse_field,
    parse_shape,
    require,
)
from zarrlite.metadata.chunk_grid import RegularChunkGrid
from zarrlite.metadata.chunk_key import V2ChunkKeyEncoding
from zarrlite.metadata.dtypes import OBJECT_CODEC_IDS, dtype_from_v2, dtype_to_v2, parse_dtype
from zarrlite.metadata.fill_value import fill_value_from_json, fill_value_to_json, parse_fill_value
from zarrlite.metadata.repair import mark_read, repair_v2_document

__all__ = ["ArrayV2Metadata"]


def _dtype_v2(value: Any) -> np.dtype[Any]:
    return parse_dtype(value, 2)


def _chunks(value: Any) -> tuple[int, ...]:
    return RegularChunkGrid(value).chunk_shape


def _order(value: Any) -> MemoryOrder:
    if value not in ("C", "F"):
        raise ValueError(f"order must be 'C' or 'F', got {value!r}")
    return "C" if value == "C" else "F"


def _separator(value: Any) -> Literal[".", "/"]:
    return V2ChunkKeyEncoding(value).separator


def _filters(value: Any) -> tuple[Any, ...] | None:
    if value is None:
        return None
    if isinstance(value, Mapping) or hasattr(value, "get_config"):
        value = [value]
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"filters must be a list of codecs or None, got {value!r}")
    return tuple(parse_numcodec(f) for f in value) or None  # v2: no filters is null, never []


def _codec_id(codec: Any) -> Any:
    return codec.get("id") if isinstance(codec, Mapping) else getattr(codec, "codec_id", None)


@attrs.frozen(eq=False, kw_only=True)
class ArrayV2Metadata:
    """The metadata of a Zarr v2 array. ``fill_value=None`` is kept (stored as ``null``).

    Filters and compressor are numcodecs objects (dicts are converted). Variable-length
    strings/bytes need a ``vlen-utf8``/``vlen-bytes`` object codec among them.
    """

    shape: tuple[int, ...] = attrs.field(converter=parse_shape)
    dtype: np.dtype[Any] = attrs.field(converter=_dtype_v2)
    chunks: tuple[int, ...] = attrs.field(converter=_chunks)
    fill_value: Any = None
    order: MemoryOrder = attrs.field(default="C", converter=_order)
    dimension_separator: Literal[".", "/"] = attrs.field(default=".", converter=_separator)
    compressor: Any = attrs.field(default=None, converter=parse_numcodec)
    filters: tuple[Any, ...] | None = attrs.field(default=None, converter=_filters)
    attributes: dict[str, JSON] = attrs.field(factory=dict, converter=parse_attributes)
    rewrite_before_writing: bool = attrs.field(default=False, repr=False)
    """Read from a stored document that older software left invalid, in a way that requires
    storing these metadata before chunks are written (``zarrlite.metadata.repair``)."""
    _codec_chain: Any = attrs.field(init=False, default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        if len(self.chunks) != len(self.shape):
            raise ValueError(
                f"chunks {self.chunks} has {len(self.chunks)} dimensions, "
                f"shape {self.shape} has {len(self.shape)}"
            )
        if self.fill_value is not None:
            object.__setattr__(self, "fill_value", parse_fill_value(self.fill_value, self.dtype))
        _, needed = dtype_to_v2(self.dtype)
        codec_ids = [_codec_id(c) for c in (*(self.filters or ()), self.compressor)]
        if needed is not None and needed not in codec_ids:
            raise ValueError(
                f"data type {self.dtype} needs the {needed!r} object codec in filters "
                f"(e.g. filters=[numcodecs.{'VLenUTF8' if needed == 'vlen-utf8' else 'VLenBytes'}()])"
            )

    # ------------------------------------------------------------ Array-layer view

    @property
    def zarr_format(self) -> Literal[2]:
        return 2

    @property
    def node_type(self) -> Literal["array"]:
        return "array"

    @property
    def data_type(self) -> np.dtype[Any]:
        return self.dtype

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def chunk_key_encoding(self) -> V2ChunkKeyEncoding:
        return V2ChunkKeyEncoding(self.dimension_separator)

    @property
    def codec_chain(self) -> Any:
        """``CodecChain.from_codecs([V2Codec(filters, compressor, order)])``, built once."""
        if self._codec_chain is None:
            object.__setattr__(
                self, "_codec_chain", v2_chain(self.filters, self.compressor, self.order)
            )
        return self._codec_chain

    def encode_chunk_key(self, coords: Sequence[int]) -> str:
        return self.chunk_key_encoding.encode_chunk_key(coords)

    def with_shape(self, shape: Sequence[int]) -> ArrayV2Metadata:
        return attrs.evolve(self, shape=tuple(shape))

    def with_attributes(self, attributes: Mapping[str, JSON]) -> ArrayV2Metadata:
        return attrs.evolve(self, attributes=dict(attributes))

    # zarr-python's names for the two above.
    def update_shape(self, shape: Sequence[int]) -> ArrayV2Metadata:
        """A copy with ``shape``."""
        return self.with_shape(shape)

    def update_attributes(self, attributes: Mapping[str, JSON]) -> ArrayV2Metadata:
        """A copy with ``attributes`` (replacing them all)."""
        return self.with_attributes(attributes)

    @property
    def grid_chunk_shape(self) -> ChunkCoords:
        """The chunk shape (v2 has no sharding: the write unit too)."""
        return self.chunks

    @property
    def is_rectilinear(self) -> bool:
        """v2 grids are always regular."""
        return False

    def grid_axes(self) -> tuple[int, ...]:
        """The chunk shape, as indexers take it (see ``ArrayV3Metadata.grid_axes``)."""
        return self.chunks

    @property
    def chunk_grid_shape(self) -> ChunkCoords:
        """Number of chunks along each axis."""
        return tuple(-(-s // c) for s, c in zip(self.shape, self.chunks, strict=True))

    @property
    def write_chunk_sizes(self) -> tuple[tuple[int, ...], ...]:
        """Per axis, the length of each chunk, clipped to the shape."""
        return unit_sizes(self.shape, self.chunks)

    @property
    def shards(self) -> None:
        """v2 arrays are never sharded."""
        return None

    # ------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, JSON]:
        """The ``.zarray`` document with an ``"attributes"`` key (the ``.zattrs`` document)
        before ``"zarr_format"``, as zarr-python gives it; :meth:`from_dict` reads it back."""
        out = self.zarray_dict()
        zarr_format = out.pop("zarr_format")
        out["attributes"] = dict(self.attributes)
        out["zarr_format"] = zarr_format
        return out

    def zarray_dict(self) -> dict[str, JSON]:
        """The ``.zarray`` document alone (keys in zarr-python's order)."""
        compressor: JSON = None
        if self.compressor is not None:
            compressor = dict(self.compressor.get_config())
            if compressor.get("id") == "zstd" and not compressor.get("checksum", False):
                compressor.pop("checksum", None)  # as zarr-python writes it
        filters: JSON = None
        if self.filters is not None:
            filters = [dict(f.get_config()) for f in self.filters]
        out: dict[str, JSON] = {
            "shape": list(self.shape),
            "chunks": list(self.chunks),
            "dtype": dtype_to_v2(self.dtype)[0],
            "fill_value": fill_value_to_json(self.fill_value, self.dtype, 2),
            "order": self.order,
            "filters": filters,
            "dimension_separator": self.dimension_separator,
            "compressor": compressor,
            "zarr_format": 2,
        }
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, JSON], *, source: str = ".zarray") -> ArrayV2Metadata:
        """Read a ``.zarray`` document, optionally with an ``"attributes"`` key (``.zattrs``).

        Lenient as zarr-python: unknown keys are ignored; missing ``order``, ``filters``,
        ``compressor``, ``fill_value`` and ``dimension_separator`` take their defaults; a
        stored chunk size of 0 is read as 1 (``zarrlite.metadata.repair``).
        """
        if not isinstance(data, Mapping):
            raise MetadataValidationError(f"{source}: expected a JSON object, got {data!r}")
        fmt = require(data, "zarr_format", source)
        if fmt != 2 or isinstance(fmt, bool):
            raise MetadataValidationError(f"{source}: invalid 'zarr_format' {fmt!r}: expected 2")
        data, reading = repair_v2_document(data)

        def field(key: str, parser: Any, default: Any = None, *, optional: bool = True) -> Any:
            if optional and key not in data:
                return default
            return parse_field(source, key, require(data, key, source), parser)

        filters_json = data.get("filters")
        codecs_json = [*(filters_json if isinstance(filters_json, list) else [])]
        codecs_json.append(data.get("compressor"))
        object_codec = next(
            (_codec_id(c) for c in codecs_json if _codec_id(c) in OBJECT_CODEC_IDS), None
        )
        dtype = field("dtype", lambda v: dtype_from_v2(v, object_codec), optional=False)
        chunks = field("chunks", _json_chunks, optional=False)
        kwargs: dict[str, Any] = {
            "shape": field("shape", _json_list_shape, optional=False),
            "dtype": dtype,
            "chunks": chunks,
            "fill_value": field("fill_value", lambda v: fill_value_from_json(v, dtype, 2)),
            "order": field("order", _order, "C"),
            "dimension_separator": field("dimension_separator", _separator, "."),
            "compressor": field("compressor", parse_numcodec),
            "filters": field("filters", _filters),
            "attributes": field("attributes", parse_attributes, {}),
        }
        try:
            metadata = cls(**kwargs)
        except (ValueError, TypeError) as e:
            if isinstance(e, MetadataValidationError):
                raise
            raise MetadataValidationError(f"{source}: {e}") from e
        return mark_read(metadata, reading, source)  # type: ignore[no-any-return]

    def to_documents(self, indent: int | None = 2) -> dict[str, bytes]:
        """``{".zarray": ..., ".zattrs": ...}`` (zarr-python always writes ``.zattrs``)."""
        return {
            ".zarray": dumps_json(self.zarray_dict(), indent),
            ".zattrs": dumps_json(self.attributes, indent),
        }

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArrayV2Metadata):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_dict(), sort_keys=True, default=repr))


# A tuple is taken as a list: zarr-python's from_dict accepts dicts built in Python.
def _json_list_shape(value: Any) -> ChunkCoords:
    if not isinstance(value, list | tuple):
        raise TypeError("expected a list of integers")
    return parse_shape(value)


def _json_chunks(value: Any) -> ChunkCoords:
    if not isinstance(value, list | tuple):
        raise TypeError("expected a list of integers")
    return RegularChunkGrid(value).chunk_shape
