"""Zarr v3 array metadata (the ``zarr.json`` of an array)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs
import numpy as np

from zarrlite._types import JSON, ChunkCoords
from zarrlite.errors import MetadataValidationError, NodeTypeValidationError
from zarrlite.indexing._edges import AxisEdges, unit_sizes
from zarrlite.metadata._codecs import build_codec_chain, evolve_codecs, parse_codecs
from zarrlite.metadata._common import (
    check_extra_fields,
    dumps_json,
    parse_attributes,
    parse_field,
    parse_shape,
    require,
)
from zarrlite.metadata.chunk_grid import RegularChunkGrid, parse_chunk_grid
from zarrlite.metadata.chunk_key import ChunkKeyEncoding, parse_chunk_key_encoding
from zarrlite.metadata.dtypes import dtype_from_v3, dtype_to_v3, parse_dtype
from zarrlite.metadata.fill_value import (
    default_fill_value,
    fill_value_from_json,
    fill_value_to_json,
    parse_fill_value,
)
from zarrlite.metadata.rectilinear import RectilinearChunkGrid
from zarrlite.metadata.repair import mark_read, repair_v3_document

if TYPE_CHECKING:
    from zarrlite.codecs._base import Codec

__all__ = ["ARRAY_V3_KEYS", "ArrayV3Metadata"]

ARRAY_V3_KEYS: Final = frozenset(
    {
        "zarr_format",
        "node_type",
        "shape",
        "data_type",
        "chunk_grid",
        "chunk_key_encoding",
        "fill_value",
        "codecs",
        "attributes",
        "storage_transformers",
        "dimension_names",
    }
)


def _dtype_v3(value: Any) -> np.dtype[Any]:
    return parse_dtype(value, 3)


def _key_encoding_v3(value: Any) -> ChunkKeyEncoding:
    return parse_chunk_key_encoding(value, 3)


def _dimension_names(value: Any) -> tuple[str | None, ...] | None:
    if value is None:
        return None
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"dimension_names must be a sequence of str or None, got {value!r}")
    names = tuple(value)
    if not all(n is None or isinstance(n, str) for n in names):
        raise TypeError(f"dimension_names must hold only str or None, got {names!r}")
    return names


def _storage_transformers(value: Any) -> tuple[dict[str, JSON], ...]:
    if value is None:
        return ()
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"storage_transformers must be a list of objects, got {value!r}")
    items = tuple(value)
    if not all(isinstance(t, Mapping) for t in items):
        raise TypeError(f"storage_transformers must be a list of objects, got {value!r}")
    return tuple(dict(t) for t in items)


def _extra_fields(value: Any) -> dict[str, JSON]:
    return check_extra_fields(value, ARRAY_V3_KEYS)


@attrs.frozen(eq=False, kw_only=True)
class ArrayV3Metadata:
    """The metadata of a Zarr v3 array. Inputs are validated and normalised on construction.

    ``fill_value=None`` means the data type's default. Codecs are evolved against the array
    (e.g. a blosc ``typesize``) and validated, as zarr-python does. Equality compares the JSON.
    """

    shape: tuple[int, ...] = attrs.field(converter=parse_shape)
    data_type: np.dtype[Any] = attrs.field(converter=_dtype_v3)
    chunk_grid: RegularChunkGrid | RectilinearChunkGrid = attrs.field(converter=parse_chunk_grid)
    chunk_key_encoding: ChunkKeyEncoding = attrs.field(default=None, converter=_key_encoding_v3)
    fill_value: Any = None
    codecs: tuple[Codec, ...] = attrs.field(converter=parse_codecs)
    attributes: dict[str, JSON] = attrs.field(factory=dict, converter=parse_attributes)
    dimension_names: tuple[str | None, ...] | None = attrs.field(
        default=None, converter=_dimension_names
    )
    storage_transformers: tuple[dict[str, JSON], ...] = attrs.field(
        default=(), converter=_storage_transformers
    )
    extra_fields: dict[str, JSON] = attrs.field(factory=dict, converter=_extra_fields)
    rewrite_before_writing: bool = attrs.field(default=False, repr=False)
    """Read from a stored document that older software left invalid, in a way that requires
    storing these metadata before chunks are written (``zarrlite.metadata.repair``)."""
    _codec_chain: Any = attrs.field(init=False, default=None, repr=False)

    def __attrs_post_init__(self) -> None:
        grid = self.chunk_grid
        if grid.ndim != len(self.shape):
            described = (
                f"chunk shape {grid.chunk_shape}"
                if isinstance(grid, RegularChunkGrid)
                else f"rectilinear chunk grid {grid.to_dict()['configuration']}"
            )
            raise ValueError(
                f"{described} has {grid.ndim} dimensions, shape {self.shape} has {len(self.shape)}"
            )
        if isinstance(grid, RectilinearChunkGrid):
            grid.check_covers(self.shape)
        if self.dimension_names is not None and len(self.dimension_names) != len(self.shape):
            raise ValueError(
                f"dimension_names {self.dimension_names} has {len(self.dimension_names)} "
                f"entries, shape {self.shape} has {len(self.shape)} dimensions"
            )
        fill = (
            default_fill_value(self.data_type)
            if self.fill_value is None
            else parse_fill_value(self.fill_value, self.data_type)
        )
        object.__setattr__(self, "fill_value", fill)
        codecs = self.codecs
        for chunk_shape in _shapes_to_check(grid):
            codecs = evolve_codecs(self.codecs, chunk_shape, self.data_type, fill)
        object.__setattr__(self, "codecs", codecs)
        object.__setattr__(self, "_codec_chain", build_codec_chain(codecs))

    # ------------------------------------------------------------ Array-layer view

    @property
    def zarr_format(self) -> Literal[3]:
        return 3

    @property
    def node_type(self) -> Literal["array"]:
        return "array"

    @property
    def dtype(self) -> np.dtype[Any]:
        return self.data_type

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def chunks(self) -> ChunkCoords:
        """The chunk shape: the inner chunk shape when the array is sharded, as zarr-python
        (the chunk grid's shape, the shard shape then, is :attr:`grid_chunk_shape`).

        ``NotImplementedError`` for an unsharded rectilinear grid (no one shape), as in
        zarr-python; :meth:`grid_axes` describes every grid."""
        sharding = self.sharding_codec
        return tuple(sharding.chunk_shape) if sharding is not None else self.grid_chunk_shape

    @property
    def grid_chunk_shape(self) -> ChunkCoords:
        """The shape of the chunk grid's cells: the write unit (the shard when sharded).
        ``NotImplementedError`` for a rectilinear grid whose cells vary (one of bare steps
        only, as other writers may store, has one shape; zarr-python 3.4 raises there too)."""
        grid = self.chunk_grid
        if isinstance(grid, RectilinearChunkGrid):
            steps = [step for step in grid.chunk_shapes if isinstance(step, int)]
            if len(steps) == grid.ndim:
                return tuple(steps)
            raise NotImplementedError(
                "a rectilinear chunk grid has no single chunk shape; use read_chunk_sizes / "
                "write_chunk_sizes for the size of each chunk"
            )
        return grid.chunk_shape

    @property
    def is_rectilinear(self) -> bool:
        """Whether the chunk grid is rectilinear (chunk lengths vary along an axis)."""
        return isinstance(self.chunk_grid, RectilinearChunkGrid)

    def grid_axes(self) -> tuple[int | AxisEdges, ...]:
        """The write-unit grid bound to :attr:`shape`, as indexers take it: per axis the chunk
        length (regular) or the chunk boundaries (:class:`AxisEdges`, rectilinear)."""
        return self.chunk_grid.axes(self.shape)

    @property
    def chunk_grid_shape(self) -> ChunkCoords:
        """Number of write units (chunks, or shards when sharded) along each axis."""
        return self.chunk_grid.grid_shape(self.shape)

    @property
    def write_chunk_sizes(self) -> tuple[tuple[int, ...], ...]:
        """Per axis, the length of each write unit, clipped to the shape."""
        return unit_sizes(self.shape, self.grid_axes())

    @property
    def sharding_codec(self) -> Any:
        """The ``ShardingCodec`` when it is the only codec (zarr-python's rule), else None."""
        if len(self.codecs) == 1 and self._codec_chain.is_sharded:
            return self.codecs[0]
        return None

    @property
    def shards(self) -> ChunkCoords | None:
        """The shard shape, or None when the array is not sharded (see ``sharding_codec``)."""
        return self.grid_chunk_shape if self.sharding_codec is not None else None

    @property
    def inner_codecs(self) -> tuple[Codec, ...]:
        """The codecs of the inner chunks: the sharding codec's, or all of them."""
        sharding = self.sharding_codec
        return tuple(sharding.codecs) if sharding is not None else self.codecs

    @property
    def order(self) -> None:
        """v3 stores no memory order."""
        return None

    @property
    def codec_chain(self) -> Any:
        """``CodecChain.from_codecs(self.codecs)``, built once."""
        return self._codec_chain

    def encode_chunk_key(self, coords: Sequence[int]) -> str:
        return self.chunk_key_encoding.encode_chunk_key(coords)

    def with_shape(self, shape: Sequence[int]) -> ArrayV3Metadata:
        """A copy with ``shape``; explicit rectilinear edges grow to cover it (see
        ``RectilinearChunkGrid.update_shape``)."""
        grid = self.chunk_grid
        if isinstance(grid, RectilinearChunkGrid):
            return attrs.evolve(self, shape=tuple(shape), chunk_grid=grid.update_shape(shape))
        return attrs.evolve(self, shape=tuple(shape))

    def with_attributes(self, attributes: Mapping[str, JSON]) -> ArrayV3Metadata:
        return attrs.evolve(self, attributes=dict(attributes))

    # zarr-python's names for the two above.
    def update_shape(self, shape: Sequence[int]) -> ArrayV3Metadata:
        """A copy with ``shape``."""
        return self.with_shape(shape)

    def update_attributes(self, attributes: Mapping[str, JSON]) -> ArrayV3Metadata:
        """A copy with ``attributes`` (replacing them all)."""
        return self.with_attributes(attributes)

    # ------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, JSON]:
        """The ``zarr.json`` document, keys in zarr-python's order."""
        out: dict[str, JSON] = {
            "shape": list(self.shape),
            "data_type": dtype_to_v3(self.data_type),
            "chunk_grid": self.chunk_grid.to_dict(),
            "chunk_key_encoding": self.chunk_key_encoding.to_dict(),
            "fill_value": fill_value_to_json(self.fill_value, self.data_type, 3),
            "codecs": [codec.to_dict() for codec in self.codecs],
            "attributes": dict(self.attributes),
        }
        if self.dimension_names is not None:
            out["dimension_names"] = list(self.dimension_names)
        out["zarr_format"] = 3
        out["node_type"] = "array"
        out["storage_transformers"] = [dict(t) for t in self.storage_transformers]
        out.update(self.extra_fields)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, JSON], *, source: str = "zarr.json") -> ArrayV3Metadata:
        """Read a ``zarr.json`` array document; errors name ``source`` and the field."""
        if not isinstance(data, Mapping):
            raise MetadataValidationError(f"{source}: expected a JSON object, got {data!r}")
        fmt = require(data, "zarr_format", source)
        if fmt != 3 or isinstance(fmt, bool):
            raise MetadataValidationError(f"{source}: invalid 'zarr_format' {fmt!r}: expected 3")
        node_type = require(data, "node_type", source)
        if node_type != "array":
            raise NodeTypeValidationError(
                f"{source}: invalid 'node_type' {node_type!r}: expected 'array'"
            )
        data, reading = repair_v3_document(data)

        def field(key: str, parser: Any, *, optional: bool = False, default: Any = None) -> Any:
            if optional and key not in data:
                return default
            return parse_field(source, key, require(data, key, source), parser)

        dtype = field("data_type", dtype_from_v3)
        codecs = data.get("codecs")
        # A tuple is taken as a list: zarr-python's from_dict accepts dicts built in Python.
        if not isinstance(codecs, list | tuple):
            field("codecs", _require_list)
        extra = {k: v for k, v in data.items() if k not in ARRAY_V3_KEYS}
        kwargs: dict[str, Any] = {
            "shape": field("shape", _json_shape),
            "data_type": dtype,
            "chunk_grid": field("chunk_grid", _stored_chunk_grid),
            "chunk_key_encoding": field("chunk_key_encoding", _key_encoding_v3),
            "fill_value": field("fill_value", lambda v: fill_value_from_json(v, dtype, 3)),
            "codecs": field("codecs", parse_codecs),
            "attributes": field("attributes", parse_attributes, optional=True, default={}),
            "dimension_names": field("dimension_names", _dimension_names, optional=True),
            "storage_transformers": field(
                "storage_transformers", _storage_transformers, optional=True, default=()
            ),
            "extra_fields": check_extra_fields(extra, ARRAY_V3_KEYS, source),
        }
        try:
            metadata = cls(**kwargs)
        except (ValueError, TypeError) as e:
            if isinstance(e, MetadataValidationError):
                raise
            raise MetadataValidationError(f"{source}: {e}") from e
        return mark_read(metadata, reading, source)  # type: ignore[no-any-return]

    def to_documents(self, indent: int | None = 2) -> dict[str, bytes]:
        """The files to store under the array's path: ``{"zarr.json": ...}``."""
        return {"zarr.json": dumps_json(self.to_dict(), indent)}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ArrayV3Metadata):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_dict(), sort_keys=True, default=repr))


def _stored_chunk_grid(value: Any) -> RegularChunkGrid | RectilinearChunkGrid:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object, got {type(value).__name__}")
    return parse_chunk_grid(value)


def _shapes_to_check(grid: RegularChunkGrid | RectilinearChunkGrid) -> list[tuple[int, ...]]:
    """The chunk shapes codecs are evolved and validated against: the one shape of a regular
    grid; for a rectilinear one, the first chunk's and, per axis, each other distinct edge
    (a sharding codec's inner chunks must divide every edge)."""
    if isinstance(grid, RegularChunkGrid):
        return [grid.chunk_shape]
    first = grid.first_chunk_shape
    shapes = []
    for axis, spec in enumerate(grid.chunk_shapes):
        for edge in sorted(set(spec)) if not isinstance(spec, int) else ():
            if edge != first[axis]:
                shapes.append((*first[:axis], edge, *first[axis + 1 :]))
    return [*shapes, first]


def _require_list(value: Any) -> Any:
    raise TypeError(f"expected a list, got {type(value).__name__}")


def _json_shape(value: Any) -> tuple[int, ...]:
    if not isinstance(value, list | tuple):
        raise TypeError("expected a list of integers")
    return parse_shape(value)
