# Generated from zarrlite/_async/array.py by codegen. Do not edit.

"""``Array``: one Zarr array in a store. Orchestration only; the work is in the layers below."""

from __future__ import annotations

import itertools
import math
import operator
import warnings
from collections.abc import Callable, Iterable, Iterator
from types import GenericAlias
from typing import Any

import attrs
import numpy as np

from zarrlite._backend.sync import map_limited
from zarrlite._facade.sync import ArrayFacade
from zarrlite._info import ArrayInfo, storage_ratio
from zarrlite._sync.hierarchy import (
    metadata_lock,
    read_metadata,
    write_metadata,
    write_new_node,
)
from zarrlite._sync.node import Node, unwrap_node
from zarrlite._sync.pipeline import ChunkPipeline
from zarrlite._sync.selection import Selectable
from zarrlite._sync.store.path import StorePath, make_store_path
from zarrlite._types import ZarrFormat
from zarrlite.codecs import ShardingCodec
from zarrlite.config import ArrayConfig, ArrayConfigLike
from zarrlite.errors import (
    ArrayNotFoundError,
    ReadOnlyError,
    ZarrDeprecationWarning,
    ZarrUserWarning,
    describe_path,
    group_instead_of_array,
)
from zarrlite.indexing._common import chunk_size, chunk_start, nchunks
from zarrlite.indexing._edges import unit_sizes
from zarrlite.metadata import ArrayV2Metadata, ArrayV3Metadata, GroupMetadata, V2ChunkKeyEncoding

__all__ = ["Array", "array_handle"]

ArrayMetadata = ArrayV2Metadata | ArrayV3Metadata
_METADATA_NAMES = frozenset({"zarr.json", ".zarray", ".zattrs", ".zgroup"})


def warn_opaque_shards(metadata: Any, path: str) -> None:
    """A v3 array whose codecs put others around a ``sharding_indexed`` codec stores each shard
    as one opaque value, read and written whole: a ``ZarrUserWarning`` when a handle is made
    from its metadata (created or opened), as zarr-python 3.4 warns when it builds the codec
    pipeline. ``create_array(shards=..., compressors=...)`` puts the compressors inside the
    sharding codec, so it does not warn."""
    codecs = getattr(metadata, "codecs", ()) if isinstance(metadata, ArrayV3Metadata) else ()
    if len(codecs) > 1 and any(isinstance(codec, ShardingCodec) for codec in codecs):
        names = ", ".join(type(codec).__name__ for codec in codecs)
        warnings.warn(
            # zarr-python's sentence first: warning filters match the start of the message.
            "Combining a `sharding_indexed` codec disables partial reads and writes, which may"
            f" lead to inefficient performance (the array at {describe_path(path)} has the"
            f" codecs [{names}]; put the others inside the sharding codec, e.g."
            " create_array(shards=..., compressors=...))",
            ZarrUserWarning,
            stacklevel=3,
        )


class Array(Node, Selectable, ArrayFacade):
    """A Zarr array (v2 or v3) in a store.

    Create one with :func:`create_array` / :func:`open_array` rather than directly.
    """

    # zarr-python's arrays are generic over their metadata (``Array[ArrayV3Metadata]``) and
    # code annotates with that at runtime; subscripting gives an alias of this class.
    def __class_getitem__(cls, params: Any) -> GenericAlias:
        return GenericAlias(cls, params)

    def __init__(
        self,
        metadata: ArrayMetadata | Any,
        store_path: StorePath | None = None,
        config: ArrayConfigLike | None = None,
    ) -> None:
        """From metadata and a store path, or (``Array(async_array)``, as zarr-python) another
        array handle of either flavour, alone: same store, path and, unless given, config."""
        if store_path is None:
            node: Any = metadata
            metadata, store_path = unwrap_node(node, (ArrayV2Metadata, ArrayV3Metadata), "array")
            config = node.config if config is None else config
        else:
            warn_opaque_shards(metadata, store_path.path)
        self.store_path = store_path
        self.config = ArrayConfig.from_config(config)
        self._set_metadata(metadata)

    def _set_metadata(self, metadata: ArrayMetadata) -> None:
        self.metadata = metadata
        self._built_pipeline: ChunkPipeline | None = None

    @property
    def _pipeline(self) -> ChunkPipeline:
        # Built on first use: listing or opening many arrays (a group's members) reads no data,
        # and building one costs ~3 us, a tenth of opening an array.
        pipeline = self._built_pipeline
        if pipeline is None:
            metadata, config = self.metadata, self.config
            if isinstance(metadata, ArrayV2Metadata) and config.order != metadata.order:
                # v2 records the memory order; it is also the order reads return.
                config = attrs.evolve(config, order=metadata.order)
            pipeline = ChunkPipeline(self.store_path, metadata, config)
            self._built_pipeline = pipeline
        return pipeline

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        store: Any,
        zarr_format: ZarrFormat | None = None,
        *,
        config: ArrayConfigLike | None = None,
    ) -> Array:
        """Open the array at ``store`` (any StoreLike); ``zarr_format=None`` detects it."""
        store_path = make_store_path(store)
        metadata = read_metadata(store_path, zarr_format)
        where = f"{describe_path(store_path.path)} in {store_path.store!r}"
        if metadata is None:
            raise ArrayNotFoundError(f"no array found at {where}")
        if isinstance(metadata, GroupMetadata):
            raise group_instead_of_array(
                metadata.zarr_format, f"expected an array at {where} but found a group"
            )
        return cls(metadata, store_path, config)

    @classmethod
    def create_from_metadata(
        cls,
        store_path: StorePath,
        metadata: ArrayMetadata,
        *,
        overwrite: bool = False,
        config: ArrayConfigLike | None = None,
    ) -> Array:
        """Write ``metadata`` as a new array at ``store_path`` (with any missing parent groups)."""
        if store_path.read_only:
            raise ReadOnlyError(f"cannot create an array in read-only store {store_path.store!r}")
        array = cls(metadata, store_path, config)  # an invalid config fails before any write
        write_new_node(store_path, metadata, overwrite=overwrite)
        return array

    @classmethod
    def from_dict(cls, store_path: StorePath, data: dict[str, Any]) -> Array:
        """An array object from a metadata dict (nothing is written)."""
        metadata: ArrayMetadata
        if data.get("zarr_format") == 2:
            metadata = ArrayV2Metadata.from_dict(data)
        else:
            metadata = ArrayV3Metadata.from_dict(data)
        return cls(metadata, store_path)

    def with_config(self, config: ArrayConfigLike) -> Array:
        """A copy of this array handle with different runtime settings."""
        given = attrs.asdict(config) if isinstance(config, ArrayConfig) else dict(config)
        return type(self)(self.metadata, self.store_path, attrs.evolve(self.config, **given))

    # -- properties ------------------------------------------------------------------------

    @property
    def zarr_format(self) -> ZarrFormat:
        return self.metadata.zarr_format  # type: ignore[no-any-return]

    @property
    def dtype(self) -> np.dtype[Any]:
        """The numpy data type of the elements."""
        return self.metadata.dtype  # type: ignore[no-any-return]

    @property
    def ndim(self) -> int:
        return len(self.metadata.shape)

    @property
    def size(self) -> int:
        return math.prod(self.metadata.shape)

    @property
    def nbytes(self) -> int:
        """Size of the whole array, uncompressed, in bytes."""
        return self.size * self.dtype.itemsize

    @property
    def _sharding(self) -> ShardingCodec | None:
        # Sharded only when the sharding codec is the only codec (zarr-python's rule, and the
        # metadata's): with codecs outside it a shard is one opaque value, the array's chunk.
        chain = self._pipeline.chain
        codec = chain.array_bytes_codec
        return codec if isinstance(codec, ShardingCodec) and len(chain.codecs) == 1 else None

    @property
    def chunks(self) -> tuple[int, ...]:
        """The chunk shape (the inner chunk shape when the array is sharded).

        ``NotImplementedError`` for an unsharded array on a rectilinear chunk grid (its chunks
        differ in shape), as in zarr-python: :attr:`read_chunk_sizes` gives every chunk's size.
        """
        sharding = self._sharding
        return tuple(sharding.chunk_shape) if sharding else tuple(self.metadata.grid_chunk_shape)

    @property
    def shards(self) -> tuple[int, ...] | None:
        """The shard shape, or None when the array is not sharded.

        ``NotImplementedError`` when the shards are on a rectilinear grid, as in zarr-python:
        :attr:`write_chunk_sizes` gives every shard's size."""
        return tuple(self.metadata.grid_chunk_shape) if self._sharding else None

    @property
    def _creation_chunks(self) -> Any:
        """``chunks`` that create an array on this one's chunk grid: :attr:`chunks`, or the
        rectilinear grid itself."""
        if self._sharding is None and self.metadata.is_rectilinear:
            return self.metadata.chunk_grid
        return self.chunks

    @property
    def _creation_shards(self) -> Any:
        """``shards`` that create an array on this one's shard grid (see above)."""
        if self._sharding is not None and self.metadata.is_rectilinear:
            return self.metadata.chunk_grid
        return self.shards

    @property
    def cdata_shape(self) -> tuple[int, ...]:
        """Number of chunks along each axis (inner chunks when sharded)."""
        sharding = self._sharding
        if sharding is None:
            return tuple(self.metadata.chunk_grid_shape)
        inner = tuple(sharding.chunk_shape)
        return tuple(-(-s // c) for s, c in zip(self.metadata.shape, inner, strict=True))

    @property
    def nchunks(self) -> int:
        """Number of chunks in the grid (inner chunks when sharded)."""
        return math.prod(self.cdata_shape)

    @property
    def read_chunk_sizes(self) -> tuple[tuple[int, ...], ...]:
        """Per axis, the length of each chunk read (inner chunks when sharded), clipped to the shape."""
        sharding = self._sharding
        if sharding is None:
            return self.write_chunk_sizes
        return unit_sizes(tuple(self.metadata.shape), tuple(sharding.chunk_shape))

    @property
    def write_chunk_sizes(self) -> tuple[tuple[int, ...], ...]:
        """Per axis, the length of each write unit (the shard when sharded), clipped to the shape."""
        return tuple(self.metadata.write_chunk_sizes)

    @property
    def fill_value(self) -> Any:
        return self.metadata.fill_value

    @property
    def order(self) -> str:
        """Memory order of data returned by reads ('C' or 'F')."""
        return self._pipeline.config.order

    @property
    def _codec_owner(self) -> Any:
        sharding = self._sharding
        return sharding.inner_chain if sharding else self._pipeline.chain

    @property
    def filters(self) -> tuple[Any, ...]:
        """Array-to-array codecs (v3) or numcodecs filters (v2)."""
        if isinstance(self.metadata, ArrayV2Metadata):
            return tuple(self.metadata.filters or ())
        return tuple(self._codec_owner.array_array_codecs)

    @property
    def serializer(self) -> Any:
        """The array-to-bytes codec (v3), or None for v2."""
        if isinstance(self.metadata, ArrayV2Metadata):
            return None
        return self._codec_owner.array_bytes_codec

    @property
    def compressors(self) -> tuple[Any, ...]:
        """Bytes-to-bytes codecs (v3) or the numcodecs compressor (v2)."""
        if isinstance(self.metadata, ArrayV2Metadata):
            return () if self.metadata.compressor is None else (self.metadata.compressor,)
        return tuple(self._codec_owner.bytes_bytes_codecs)

    @property
    def compressor(self) -> Any:
        """Deprecated: the single compressor. Use ``compressors``."""
        warnings.warn(
            "Array.compressor is deprecated; use Array.compressors",
            ZarrDeprecationWarning,
            stacklevel=2,
        )
        found = self.compressors
        return found[0] if found else None

    @property
    def info(self) -> ArrayInfo:
        """A summary of the array built from its metadata (no I/O)."""
        return ArrayInfo.from_array(self)

    # -- methods ---------------------------------------------------------------------------

    def info_complete(self) -> ArrayInfo:
        """:attr:`info` plus stored bytes, storage ratio and initialized chunk count.

        As zarr-python, the count is of stored objects: shards when sharded ("Shards
        Initialized"), chunks otherwise.
        """
        stored = self.nbytes_stored()
        initialized = self._nshards_stored()
        return attrs.evolve(
            self.info,
            count_bytes_stored=stored,
            storage_ratio=storage_ratio(self.nbytes, stored),
            count_chunks_initialized=initialized,
        )

    def _chunk_prefix(self) -> str:
        return f"{self.path}/" if self.path else ""

    def _stored_chunks(self) -> list[tuple[int, ...]]:
        """Grid coordinates of the stored chunks (shards when sharded) of the current grid.

        As zarr-python, only keys of the grid count: not metadata documents, stray files, or
        chunks a ``resize(..., delete_outside_chunks=False)`` left outside the shape.
        """
        prefix = self._chunk_prefix()
        metadata = self.metadata
        grid = tuple(metadata.chunk_grid_shape)
        encoding = metadata.chunk_key_encoding
        v2_keys = isinstance(encoding, V2ChunkKeyEncoding)
        found: list[tuple[int, ...]] = []
        for key in self.store.list_prefix(prefix):
            name = key[len(prefix) :]
            if name in _METADATA_NAMES:
                continue
            try:
                coords = (
                    encoding.decode_chunk_key(name, len(grid))
                    if v2_keys
                    else encoding.decode_chunk_key(name)
                )
            except ValueError:
                continue
            if len(coords) == len(grid) and all(c < n for c, n in zip(coords, grid, strict=True)):
                found.append(tuple(coords))
        return found

    def _nchunks_initialized(self) -> int:
        """Stored chunks; for a sharded array, stored shards times inner chunks per shard.

        zarr-python's definition: no shard index is read, and a stored shard counts in full
        (inner chunks absent from its index, or outside the array at its edge, included), so
        the count can exceed :attr:`nchunks`.
        """
        stored = self._stored_chunks()
        sharding = self._sharding
        if sharding is None:
            return len(stored)
        if not self.metadata.is_rectilinear:
            shard_shape = tuple(self.metadata.grid_chunk_shape)
            return len(stored) * math.prod(sharding.inner_chunks_per_shard(shard_shape))
        grid = self.metadata.grid_axes()
        return sum(
            math.prod(sharding.inner_chunks_per_shard(tuple(map(chunk_size, grid, coords))))
            for coords in stored
        )

    def _nshards_stored(self) -> int:
        """Stored shards (stored chunks when the array is not sharded); zarr-python's
        ``_nshards_initialized`` (a coroutine method on Array, a property on Array)."""
        return len(self._stored_chunks())

    def nbytes_stored(self) -> int:
        """Bytes stored under the array's prefix, metadata included."""
        return self.store.getsize_prefix(self.path)  # type: ignore[no-any-return]

    def update_attributes(self, new_attributes: dict[str, Any]) -> Array:
        """Merge ``new_attributes`` into the attributes and persist them.

        As ``dict.update`` (and zarr-python), ``new_attributes`` may also be ``(key, value)``
        pairs.
        """
        new = dict(new_attributes)
        return self._write_attributes(lambda old: {**old, **new})

    def replace_attributes(self, attributes: dict[str, Any]) -> Array:
        """Replace all attributes and persist them."""
        return self._write_attributes(lambda old: dict(attributes))

    def _write_attributes(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Array:
        self._check_writable()
        # Under the node's lock: concurrent updates through this handle (threads) each merge
        # into the previous one's result.
        with metadata_lock(self.store_path):
            metadata = attrs.evolve(
                self.metadata,
                attributes=change(self.metadata.attributes),
                rewrite_before_writing=False,
            )
            write_metadata(self.store_path, metadata)
            self._set_metadata(metadata)
        return self

    def _before_chunk_writes(self) -> None:
        # Metadata read from a document that older software left invalid, in a way that moves
        # chunks or that other readers refuse (zarrlite.metadata.repair), is stored before
        # chunks are written under it, as zarr-python does: every reader then finds them.
        if not self.metadata.rewrite_before_writing:
            return
        with metadata_lock(self.store_path):
            metadata = attrs.evolve(self.metadata, rewrite_before_writing=False)
            write_metadata(self.store_path, metadata)
            self._set_metadata(metadata)

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"array {describe_path(self.path)} in {self.store!r} is read-only")

    def resize(self, new_shape: Any, delete_outside_chunks: bool = True) -> None:
        """Change the shape; chunks wholly outside the new shape are deleted.

        Elements of edge chunks that fall outside a smaller shape are reset to the fill value,
        so growing the array again never brings old values back.
        """
        self._check_writable()
        # operator.index: a float (2.5, even 2.0) is a TypeError, never truncated.
        if isinstance(new_shape, Iterable):
            shape = tuple(operator.index(s) for s in new_shape)
        else:
            shape = (operator.index(new_shape),)
        if len(shape) != self.ndim:
            raise ValueError(
                f"new shape {shape} has {len(shape)} dimensions, the array has {self.ndim}"
            )
        if any(s < 0 for s in shape):
            raise ValueError(f"new shape {shape} has a negative length")
        old_metadata = self.metadata
        # with_shape: explicit rectilinear edges grow to cover a larger shape.
        metadata = attrs.evolve(old_metadata.with_shape(shape), rewrite_before_writing=False)
        if delete_outside_chunks:
            self._clear_outside(metadata, old_metadata)
        write_metadata(self.store_path, metadata)
        self._set_metadata(metadata)

    def _clear_outside(self, new: ArrayMetadata, old: ArrayMetadata) -> None:
        # Chunk boundaries never move on a resize (rectilinear edges are only appended), so the
        # new grid locates the old chunks too.
        grid = new.grid_axes()
        for axis, (length, old_length, chunk) in enumerate(
            zip(new.shape, old.shape, grid, strict=True)
        ):
            edge_end = min(old_length, chunk_start(chunk, nchunks(length, chunk)))
            if length < edge_end:
                region = [slice(None)] * self.ndim
                region[axis] = slice(length, edge_end)
                # The pipeline's fill value: a v2 array's null fill_value reads as the dtype's
                # default, and that is what the cleared elements must read as.
                self.set_basic_selection(tuple(region), self._pipeline.fill_value)
        outside = _chunks_outside(tuple(old.chunk_grid_shape), tuple(new.chunk_grid_shape))

        def delete(coords: tuple[int, ...]) -> None:
            self.store.delete(self._pipeline.chunk_key(coords))

        # In batches: the chunks to delete are never all held at once.
        while batch := list(itertools.islice(outside, _DELETE_BATCH)):
            map_limited(delete, batch, 64)

    def append(self, data: Any, axis: int = 0) -> tuple[int, ...]:
        """Grow the array along ``axis`` and write ``data`` at its end; returns the new shape."""
        values = np.asarray(data)
        shape = tuple(self.metadata.shape)
        axis = axis + self.ndim if axis < 0 else axis
        if not 0 <= axis < self.ndim:
            raise ValueError(f"axis {axis} is out of range for an array of {self.ndim} dimensions")
        if values.ndim != self.ndim or any(
            a != b for i, (a, b) in enumerate(zip(values.shape, shape, strict=True)) if i != axis
        ):
            raise ValueError(
                f"cannot append data of shape {values.shape} to an array of shape {shape} "
                f"along axis {axis}"
            )
        new_shape = tuple(s + values.shape[axis] if i == axis else s for i, s in enumerate(shape))
        self.resize(new_shape)
        region = tuple(
            slice(shape[axis], new_shape[axis]) if i == axis else slice(None)
            for i in range(self.ndim)
        )
        self.set_basic_selection(region, values)
        return new_shape

    # -- dunders ---------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.store_path} shape={self.shape} dtype={self.dtype}>"

    def __bool__(self) -> bool:
        # Always true, as in zarr-python 3 (no __len__ there): truth never depends on data.
        return True

    def __len__(self) -> int:
        # As numpy (and zarr 2): the length of the first axis; a 0-d array has none.
        if not self.metadata.shape:
            raise TypeError("len() of unsized object: the array is 0-dimensional")
        return int(self.metadata.shape[0])

    def __iter__(self) -> Iterator[Any]:
        """Iterate over the first axis, reading one chunk row at a time (as zarr 2 did)."""
        if not self.metadata.shape:
            raise TypeError("iteration over a 0-d array")
        return self._iter_rows()

    def _iter_rows(self) -> Iterator[Any]:
        start = 0
        # Whole write units: a shard is read once.
        for size in self.metadata.write_chunk_sizes[0]:
            block = self.get_basic_selection(slice(start, start + size))
            start += size
            yield from block

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Array):
            return NotImplemented
        return (self.store_path, self.metadata, self.config) == (
            other.store_path,
            other.metadata,
            other.config,
        )

    def __hash__(self) -> int:
        # The location only: stable across resize and attribute updates, and equal arrays
        # share it.
        return hash(self.store_path)

    def __getstate__(self) -> dict[str, Any]:
        return {"metadata": self.metadata, "store_path": self.store_path, "config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["metadata"], state["store_path"], state["config"])  # type: ignore[misc]


_DELETE_BATCH = 4096


def _chunks_outside(
    old_grid: tuple[int, ...], new_grid: tuple[int, ...]
) -> Iterator[tuple[int, ...]]:
    """The coordinates of the chunks of ``old_grid`` (chunks per axis) that are not in
    ``new_grid``, each once, lazily: only the difference is visited, never the whole grid
    (shrinking one row of a grid of 2**41 chunks visits two)."""
    for axis, (old, new) in enumerate(zip(old_grid, new_grid, strict=True)):
        if new >= old:
            continue
        # First axis outside the new grid is ``axis``: the ones before are inside it.
        ranges = [
            *(range(min(o, n)) for o, n in zip(old_grid[:axis], new_grid[:axis], strict=True)),
            range(new, old),
            *(range(o) for o in old_grid[axis + 1 :]),
        ]
        yield from itertools.product(*ranges)


def array_handle(data: Any) -> Array | None:
    """``data`` as this flavour's array when it is a zarrlite array of either flavour (another
    flavour's shares its data through the store's twin), else ``None``: the API functions take
    an array of either flavour wherever they take one (zarr-python's take its ``Array`` in both).
    """
    if isinstance(data, Array):
        return data
    metadata = getattr(data, "metadata", None)
    if isinstance(metadata, (ArrayV2Metadata, ArrayV3Metadata)) and hasattr(data, "store_path"):
        return Array(data)
    return None
