"""The index of a shard (``sharding_indexed``) and the order inner chunks are written in.

Spec: https://zarr-specs.readthedocs.io/en/latest/v3/codecs/sharding-indexed/index.html

The index is a uint64 array of shape ``chunks_per_shard + (2,)``: for each inner chunk (C order
of the inner-chunk grid) its byte offset in the shard and its byte length; ``2**64 - 1`` in both
marks a missing (empty) chunk. It is encoded with the codec's ``index_codecs`` (by default
``bytes`` little-endian + ``crc32c``), so its encoded size is fixed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, Literal

import attrs
import numpy as np

from zarrlite._types import BytesLike, ChunkCoords
from zarrlite.codecs._base import ArraySpec, Codec
from zarrlite.codecs.chain import CodecChain

__all__ = ["MAX_UINT64", "ShardIndex", "WriteOrder", "index_spec", "subchunk_order"]

MAX_UINT64 = np.uint64(2**64 - 1)
WriteOrder = Literal["morton", "unordered", "lexicographic", "colexicographic"]
WRITE_ORDERS: tuple[WriteOrder, ...] = ("morton", "unordered", "lexicographic", "colexicographic")


def index_spec(chunks_per_shard: ChunkCoords) -> ArraySpec:
    """The spec of a shard index array (what the index codecs encode)."""
    return ArraySpec(
        shape=(*chunks_per_shard, 2),
        dtype=np.dtype(np.uint64),
        fill_value=MAX_UINT64,
        order="C",
    )


def _as_chain(index_codecs: CodecChain | Iterable[Codec]) -> CodecChain:
    return (
        index_codecs
        if isinstance(index_codecs, CodecChain)
        else CodecChain.from_codecs(index_codecs)
    )


@attrs.define(eq=False)
class ShardIndex:
    """Offsets and lengths of the inner chunks of one shard."""

    offsets_and_lengths: np.ndarray[Any, np.dtype[np.uint64]]

    @classmethod
    def create_empty(cls, chunks_per_shard: ChunkCoords) -> ShardIndex:
        """An index in which every inner chunk is missing."""
        return cls(np.full((*chunks_per_shard, 2), MAX_UINT64, dtype=np.uint64))

    @classmethod
    def from_bytes(
        cls,
        data: BytesLike,
        chunks_per_shard: ChunkCoords,
        index_codecs: CodecChain | Iterable[Codec],
    ) -> ShardIndex:
        """Decode an encoded index (exactly the index bytes, not the whole shard)."""
        spec = index_spec(chunks_per_shard)
        array = _as_chain(index_codecs).decode(data, spec)
        return cls(array)

    def to_bytes(self, index_codecs: CodecChain | Iterable[Codec]) -> BytesLike:
        """Encode with the index codecs."""
        spec = index_spec(self.chunks_per_shard)
        data = _as_chain(index_codecs).encode(self.offsets_and_lengths, spec)
        if data is None:  # pragma: no cover - index codecs never drop data
            raise ValueError("the shard index codecs produced no data")
        return data

    @property
    def chunks_per_shard(self) -> ChunkCoords:
        return tuple(self.offsets_and_lengths.shape[:-1])

    def present(self) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Boolean array (``chunks_per_shard``): which inner chunks are stored."""
        table = self.offsets_and_lengths
        missing: np.ndarray[Any, np.dtype[np.bool_]] = (table[..., 0] == MAX_UINT64) & (
            table[..., 1] == MAX_UINT64
        )
        return ~missing

    def is_all_empty(self) -> bool:
        """Whether no inner chunk is stored."""
        return not bool(self.present().any())

    def get_chunk_slice(self, inner_coords: ChunkCoords) -> tuple[int, int] | None:
        """``(offset, length)`` of an inner chunk in the shard, or None when it is missing."""
        offset, length = self.offsets_and_lengths[tuple(inner_coords)]
        if offset == MAX_UINT64 and length == MAX_UINT64:
            return None
        return int(offset), int(length)

    def set_chunk_slice(
        self, inner_coords: ChunkCoords, chunk_slice: tuple[int, int] | None
    ) -> None:
        """Record ``(offset, length)`` for an inner chunk (None: missing)."""
        if not self.offsets_and_lengths.flags.writeable:
            self.offsets_and_lengths = self.offsets_and_lengths.copy()
        entry = (MAX_UINT64, MAX_UINT64) if chunk_slice is None else chunk_slice
        self.offsets_and_lengths[tuple(inner_coords)] = entry

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ShardIndex):
            return NotImplemented
        return np.array_equal(self.offsets_and_lengths, other.offsets_and_lengths)

    __hash__ = None  # type: ignore[assignment]


def _morton_codes(coords: np.ndarray[Any, Any], shape: ChunkCoords) -> np.ndarray[Any, Any]:
    """Compressed Morton (Z-order) codes, as in Neuroglancer's precomputed format: bit ``b``
    of every dimension that still has a bit ``b`` (``(size - 1).bit_length()`` bits) in turn."""
    bits = [(size - 1).bit_length() for size in shape]
    codes = np.zeros(len(coords), dtype=np.uint64)
    out_bit = 0
    for bit in range(max(bits, default=0)):
        for dim, dim_bits in enumerate(bits):
            if bit < dim_bits:
                plane = (coords[:, dim].astype(np.uint64) >> np.uint64(bit)) & np.uint64(1)
                codes |= plane << np.uint64(out_bit)
                out_bit += 1
    return codes


@lru_cache(maxsize=64)
def subchunk_order(shape: ChunkCoords, order: WriteOrder = "morton") -> tuple[ChunkCoords, ...]:
    """The inner-chunk coordinates of a ``shape`` grid in the order they are written."""
    ndim = len(shape)
    if ndim == 0:
        return ((),)
    grid = np.indices(shape).reshape(ndim, -1).T  # C (lexicographic) order
    if order == "morton":
        grid = grid[np.argsort(_morton_codes(grid, shape), kind="stable")]
    elif order == "colexicographic":
        grid = np.indices(shape).reshape(ndim, -1, order="F").T
    return tuple(tuple(int(i) for i in row) for row in grid)
