"""The ``sharding_indexed`` codec (array -> bytes): many inner chunks in one stored object.

Spec: https://zarr-specs.readthedocs.io/en/latest/v3/codecs/sharding-indexed/index.html

JSON::

    {"name": "sharding_indexed",
     "configuration": {"chunk_shape": [32, 32],
                       "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
                       "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}},
                                        {"name": "crc32c"}],
                       "index_location": "end"}}

This module holds the pure parts: encode a whole shard, decode a whole shard, decode its index
and single inner chunks (byte-range reads are the pipeline's job). Encoding omits inner chunks
that are entirely the fill value and returns None when all are, unless called with
``write_empty_chunks=True`` (then every inner chunk is stored, as zarr-python does with that
config); inner chunks are written in
``subchunk_write_order`` (default Morton order, as zarr-python, so shards are byte-identical);
``"unordered"`` writes lexicographic order. ``subchunk_write_order`` and ``shard_shape`` (set by
``evolve_from_array_spec``) are not part of the JSON form nor of equality.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Literal, Self

import attrs
import numpy as np

from zarrlite._types import JSON, BytesLike, ChunkCoords
from zarrlite.codecs._base import ArrayBytesCodec, ArraySpec, Codec
from zarrlite.codecs._deprecated import ShardingCodecIndexLocation, coerce_enum
from zarrlite.codecs._registry import codec_from_dict, register_codec
from zarrlite.codecs._rows import copy_row, fits_rows, shard_rows
from zarrlite.codecs._shard_index import (
    WRITE_ORDERS,
    ShardIndex,
    WriteOrder,
    index_spec,
    subchunk_order,
)
from zarrlite.codecs._util import DecodesInto, is_fill_chunk, parse_configuration
from zarrlite.codecs.bytes import BytesCodec
from zarrlite.codecs.chain import CodecChain
from zarrlite.codecs.crc32c import Crc32cCodec

__all__ = ["ShardIndex", "ShardingCodec", "ShardingCodecIndexLocation"]

IndexLocation = Literal["start", "end"]


def _parse_chunk_shape(value: Any) -> ChunkCoords:
    if isinstance(value, int):
        value = (value,)
    try:
        shape = tuple(value)
    except TypeError:
        raise ValueError(f"codec 'sharding_indexed': bad chunk_shape {value!r}") from None
    if not all(
        isinstance(s, int | np.integer) and not isinstance(s, bool) and s > 0 for s in shape
    ):
        raise ValueError(
            f"codec 'sharding_indexed': chunk_shape must be positive ints, got {value!r}"
        )
    return tuple(int(s) for s in shape)


def _parse_codecs(value: Any) -> tuple[Codec, ...]:
    if isinstance(value, Mapping | str | Codec):
        value = [value]
    return tuple(codec_from_dict(c) for c in value)


def _parse_location(value: Any) -> IndexLocation:
    value = coerce_enum(value, "index_location", "ShardingCodec")
    if value not in ("start", "end"):
        raise ValueError(
            f"codec 'sharding_indexed': index_location must be 'start' or 'end', got {value!r}"
        )
    return value  # type: ignore[no-any-return]


def _parse_write_order(value: Any) -> WriteOrder:
    if value not in WRITE_ORDERS:
        raise ValueError(
            f"codec 'sharding_indexed': subchunk_write_order must be one of "
            f"{list(WRITE_ORDERS)}, got {value!r}"
        )
    return value  # type: ignore[no-any-return]


def _nbytes(data: BytesLike) -> int:
    return data.nbytes if isinstance(data, memoryview) else len(data)


@attrs.frozen
class ShardingCodec(ArrayBytesCodec):
    """Split a shard into ``chunk_shape`` inner chunks, each through ``codecs``, plus an index."""

    name: ClassVar[str] = "sharding_indexed"
    releases_gil: ClassVar[bool] = True

    chunk_shape: ChunkCoords = attrs.field(converter=_parse_chunk_shape)
    codecs: tuple[Codec, ...] = attrs.field(default=(BytesCodec(),), converter=_parse_codecs)
    index_codecs: tuple[Codec, ...] = attrs.field(
        default=(BytesCodec(), Crc32cCodec()), converter=_parse_codecs
    )
    index_location: IndexLocation = attrs.field(default="end", converter=_parse_location)
    subchunk_write_order: WriteOrder = attrs.field(
        default="morton", converter=_parse_write_order, eq=False, kw_only=True
    )
    shard_shape: ChunkCoords | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    _inner_chain: CodecChain = attrs.field(init=False, eq=False, repr=False)
    _index_chain: CodecChain = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_inner_chain", CodecChain.from_codecs(self.codecs))
        object.__setattr__(self, "_index_chain", CodecChain.from_codecs(self.index_codecs))
        # The spec requires a fixed-size index (a reader finds it by its size): refuse a
        # compressor there now, not when an array is created with this codec.
        sample = index_spec((1,) * len(self.chunk_shape))
        if self._index_chain.encoded_size(sample) is None:
            raise ValueError(
                "codec 'sharding_indexed': the index codecs must have a fixed size (no"
                f" compression): {[getattr(c, 'name', type(c).__name__) for c in self.index_codecs]}"
            )

    # -- JSON ------------------------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        keys = ("chunk_shape", "codecs", "index_codecs", "index_location")
        config = parse_configuration(data, (cls.name,), keys)
        if "chunk_shape" not in config:
            raise ValueError("codec 'sharding_indexed': configuration needs 'chunk_shape'")
        return cls(**config)

    def to_dict(self) -> dict[str, JSON]:
        return {
            "name": self.name,
            "configuration": {
                "chunk_shape": list(self.chunk_shape),
                "codecs": [c.to_dict() for c in self.codecs],
                "index_codecs": [c.to_dict() for c in self.index_codecs],
                "index_location": self.index_location,
            },
        }

    # -- specs -----------------------------------------------------------------------------

    @property
    def inner_chain(self) -> CodecChain:
        """The chain that encodes each inner chunk."""
        return self._inner_chain

    @property
    def index_chain(self) -> CodecChain:
        """The chain that encodes the index."""
        return self._index_chain

    def _shard_shape(self, shard_shape: ChunkCoords | None) -> ChunkCoords:
        shape = self.shard_shape if shard_shape is None else tuple(shard_shape)
        if shape is None:
            raise ValueError(
                "codec 'sharding_indexed': the shard shape is unknown; pass it or use the "
                "codec returned by evolve_from_array_spec"
            )
        return shape

    def inner_chunks_per_shard(self, shard_shape: ChunkCoords | None = None) -> ChunkCoords:
        """Number of inner chunks along each axis of a shard."""
        shape = self._shard_shape(shard_shape)
        return tuple(s // c for s, c in zip(shape, self.chunk_shape, strict=True))

    def inner_chunk_spec(self, shard_spec: ArraySpec) -> ArraySpec:
        """The spec of one inner chunk of a shard of ``shard_spec``."""
        return attrs.evolve(shard_spec, shape=self.chunk_shape)

    def index_size(self, shard_shape: ChunkCoords | None = None) -> int:
        """Byte size of the encoded index of a shard."""
        cps = self.inner_chunks_per_shard(shard_shape)
        size = self._index_chain.encoded_size(index_spec(cps))
        if size is None:
            raise ValueError("codec 'sharding_indexed': the index codecs must have a fixed size")
        return size

    def evolve_from_array_spec(self, spec: ArraySpec) -> Self:
        inner = self._inner_chain.evolve_from_array_spec(self.inner_chunk_spec(spec))
        cps = tuple(s // c for s, c in zip(spec.shape, self.chunk_shape, strict=False))
        index = self._index_chain.evolve_from_array_spec(index_spec(cps))
        return attrs.evolve(
            self, codecs=inner.codecs, index_codecs=index.codecs, shard_shape=tuple(spec.shape)
        )

    def validate(self, spec: ArraySpec) -> None:
        if len(self.chunk_shape) != spec.ndim:
            raise ValueError(
                f"codec 'sharding_indexed': chunk_shape {self.chunk_shape} has "
                f"{len(self.chunk_shape)} dimensions, the shard {spec.shape} has {spec.ndim}"
            )
        if any(s % c for s, c in zip(spec.shape, self.chunk_shape, strict=True)):
            raise ValueError(
                f"codec 'sharding_indexed': the shard shape {spec.shape} is not divisible by "
                f"the inner chunk shape {self.chunk_shape}"
            )
        self._inner_chain.validate(self.inner_chunk_spec(spec))
        cps = self.inner_chunks_per_shard(spec.shape)
        self._index_chain.validate(index_spec(cps))
        if self._index_chain.encoded_size(index_spec(cps)) is None:
            raise ValueError("codec 'sharding_indexed': the index codecs must have a fixed size")

    # -- index and inner chunks ------------------------------------------------------------

    def decode_index(self, data: BytesLike, shard_shape: ChunkCoords | None = None) -> ShardIndex:
        """Decode the index from its encoded bytes (only the index, not the whole shard)."""
        return ShardIndex.from_bytes(
            data, self.inner_chunks_per_shard(shard_shape), self._index_chain
        )

    def encode_index(self, index: ShardIndex) -> BytesLike:
        """Encode an index with the index codecs."""
        return index.to_bytes(self._index_chain)

    def decode_inner_chunk(self, data: BytesLike, inner_spec: ArraySpec) -> np.ndarray[Any, Any]:
        """Decode one inner chunk (its stored bytes) with the inner codecs."""
        return self._inner_chain.decode(data, inner_spec)

    def _inner_slices(self, coords: ChunkCoords) -> tuple[slice, ...]:
        return tuple(slice(i * c, (i + 1) * c) for i, c in zip(coords, self.chunk_shape))

    # -- whole shards ----------------------------------------------------------------------

    def encode(
        self, array: np.ndarray[Any, Any], spec: ArraySpec, *, write_empty_chunks: bool = False
    ) -> BytesLike | None:
        """Encode a whole shard. Inner chunks that are all fill value are left out (and None
        returned when all are), unless ``write_empty_chunks`` (as zarr-python's config)."""
        inner_spec = self.inner_chunk_spec(spec)
        compressor = self._inner_chain.direct_compressor(inner_spec)
        if compressor is not None and fits_rows(inner_spec) and array.dtype == inner_spec.dtype:
            parts = self._encode_rows(array, spec, compressor, write_empty_chunks)
            return self.assemble_shard(parts, spec.shape)
        cps = self.inner_chunks_per_shard(spec.shape)
        parts = {}
        for coords in np.ndindex(*cps):
            chunk = array[self._inner_slices(coords)]
            if not write_empty_chunks and is_fill_chunk(chunk, spec.fill_value):
                continue
            data = self._inner_chain.encode(
                chunk, inner_spec, write_empty_chunks=write_empty_chunks
            )
            if data is not None:
                parts[coords] = data
        return self.assemble_shard(parts, spec.shape)

    def _encode_rows(
        self,
        array: np.ndarray[Any, Any],
        spec: ArraySpec,
        compressor: DecodesInto,
        write_empty_chunks: bool,
    ) -> dict[ChunkCoords, BytesLike]:
        """The encoded inner chunks of a shard of small inner chunks and the common chain: the
        inner chunks of a row along the last axis are gathered into one buffer by one copy
        (``codecs._rows``), then compressed one by one from there."""
        inner_spec = self.inner_chunk_spec(spec)
        nbytes = inner_spec.nbytes
        parts: dict[ChunkCoords, BytesLike] = {}
        for row in shard_rows(self.inner_chunks_per_shard(spec.shape), inner_spec):
            copy_row(row.values, array[row.selection], into_row=True)
            *lead, first = row.coords
            for k in range(row.size):
                slot = row.buffer[k * nbytes : (k + 1) * nbytes]
                if not write_empty_chunks and is_fill_chunk(
                    slot.view(inner_spec.dtype), spec.fill_value
                ):
                    continue
                data = compressor.encode(memoryview(slot))
                # The buffer is refilled next row: keep no view of it.
                parts[(*lead, first + k)] = data if isinstance(data, bytes) else bytes(data)
        return parts

    def assemble_shard(
        self, parts: Mapping[ChunkCoords, BytesLike], shard_shape: ChunkCoords | None = None
    ) -> BytesLike | None:
        """A shard made of encoded inner chunks (absent coordinates are missing), laid out in
        ``subchunk_write_order`` with its index; None when ``parts`` is empty."""
        if not parts:
            return None
        shape = self._shard_shape(shard_shape)
        index = ShardIndex.create_empty(self.inner_chunks_per_shard(shape))
        table = index.offsets_and_lengths
        ordered: list[BytesLike] = []
        offset = self.index_size(shape) if self.index_location == "start" else 0
        for coords in self.inner_chunk_coords(shape):
            data = parts.get(coords)
            if data is None:
                continue
            length = _nbytes(data)
            table[coords] = (offset, length)
            ordered.append(data)
            offset += length
        if self.index_location == "start":
            return b"".join([self.encode_index(index), *ordered])
        ordered.append(self.encode_index(index))
        return b"".join(ordered)

    def split_shard(
        self, data: BytesLike, shard_shape: ChunkCoords | None = None
    ) -> dict[ChunkCoords, memoryview]:
        """The stored bytes of every present inner chunk of an encoded shard (views, no copy)."""
        shape = self._shard_shape(shard_shape)
        view, index = self._split(data, shape)
        table = index.offsets_and_lengths
        parts: dict[ChunkCoords, memoryview] = {}
        for flat in np.flatnonzero(index.present()):
            coords = tuple(int(i) for i in np.unravel_index(flat, index.chunks_per_shard))
            start, length = int(table[coords][0]), int(table[coords][1])
            if start + length > view.nbytes:
                raise ValueError(
                    f"codec 'sharding_indexed': inner chunk {coords} spans bytes "
                    f"[{start}, {start + length}) beyond the {view.nbytes}-byte shard"
                )
            parts[coords] = view[start : start + length]
        return parts

    def _split(self, data: BytesLike, shard_shape: ChunkCoords) -> tuple[memoryview, ShardIndex]:
        view = memoryview(data).cast("B")
        size = self.index_size(shard_shape)
        if view.nbytes < size:
            raise ValueError(
                f"codec 'sharding_indexed': a shard of {view.nbytes} bytes cannot hold its "
                f"{size}-byte index"
            )
        raw = view[:size] if self.index_location == "start" else view[view.nbytes - size :]
        return view, self.decode_index(raw, shard_shape)

    def decode(self, data: BytesLike, spec: ArraySpec) -> np.ndarray[Any, Any]:
        out = np.empty(spec.shape, dtype=spec.dtype, order=spec.order)
        self.decode_into(data, spec, out)
        return out

    def decode_into(
        self,
        data: BytesLike,
        spec: ArraySpec,
        out: np.ndarray[Any, Any],
        *,
        index: ShardIndex | None = None,
    ) -> None:
        """Decode a whole shard into ``out`` (missing inner chunks become the fill value);
        ``index``: the shard's index, when the caller has decoded it already."""
        if index is None:
            view, index = self._split(data, spec.shape)
        else:
            view = memoryview(data).cast("B")
        inner_spec = self.inner_chunk_spec(spec)
        compressor = self._inner_chain.direct_compressor(inner_spec)
        if compressor is not None and fits_rows(inner_spec):
            self._decode_rows(view, index, spec, compressor, out)
            return
        decode_into = self._inner_chain.decoder_into(inner_spec)
        entries = index.offsets_and_lengths.reshape(-1, 2).tolist()
        present = index.present().reshape(-1).tolist()
        axes = [
            [slice(i * c, (i + 1) * c) for i in range(n)]
            for n, c in zip(index.chunks_per_shard, self.chunk_shape, strict=True)
        ]
        # itertools.product runs in C order, as the flat index table does.
        for flat, selection in enumerate(itertools.product(*axes)):
            if not present[flat]:
                out[selection] = spec.fill_value
                continue
            start, length = self._checked_entry(entries, flat, view.nbytes, index)
            # The trailing Ellipsis keeps a view for a 0-d shard, where out[()] would be
            # a scalar copy (zarr-python #3751).
            key: tuple[Any, ...] = (*selection, Ellipsis)
            decode_into(view[start : start + length], out[key])

    def _decode_rows(
        self,
        view: memoryview,
        index: ShardIndex,
        spec: ArraySpec,
        compressor: DecodesInto,
        out: np.ndarray[Any, Any],
    ) -> None:
        """:meth:`decode_into` for small inner chunks of the common chain: the inner chunks of
        a row along the last axis are decompressed into one buffer by one call and copied into
        ``out`` by one more (``codecs._rows``)."""
        inner_spec = self.inner_chunk_spec(spec)
        nbytes = inner_spec.nbytes
        entries = index.offsets_and_lengths.reshape(-1, 2).tolist()
        present = index.present().reshape(-1).tolist()
        total = view.nbytes
        for row in shard_rows(index.chunks_per_shard, inner_spec):
            spans = entries[row.first : row.first + row.size]
            if all(offset + length <= total for offset, length in spans):
                compressor.decode_spans_into(view, spans, row.buffer)
            else:  # missing inner chunks (their entries are all ones), or a bad index
                for k in range(row.size):
                    slot = row.buffer[k * nbytes : (k + 1) * nbytes]
                    if present[row.first + k]:
                        span = self._checked_entry(entries, row.first + k, total, index)
                        compressor.decode_spans_into(view, [span], slot)
                    else:
                        slot.view(inner_spec.dtype)[...] = spec.fill_value
            copy_row(row.values, out[row.selection])

    def _checked_entry(
        self, entries: list[list[int]], flat: int, total: int, index: ShardIndex
    ) -> tuple[int, int]:
        start, length = entries[flat]
        if start + length > total:
            coords = tuple(int(i) for i in np.unravel_index(flat, index.chunks_per_shard))
            raise ValueError(
                f"codec 'sharding_indexed': inner chunk {coords} spans bytes "
                f"[{start}, {start + length}) beyond the {total}-byte shard"
            )
        return start, length

    def inner_chunk_coords(self, shard_shape: ChunkCoords | None = None) -> Iterable[ChunkCoords]:
        """Inner-chunk coordinates in write order."""
        return subchunk_order(self.inner_chunks_per_shard(shard_shape), self.subchunk_write_order)


register_codec("sharding_indexed", ShardingCodec)
