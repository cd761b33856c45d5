"""Moving chunks between a store and an in-memory selection.

Reads and writes work on *groups* of chunks, not one task per chunk: a group's encoded chunks are
fetched together (concurrently where the store is remote) and decoded in one trip to a worker
thread. In the generated blocking flavour, groups run on the CPU worker pool and everything
inside a group runs in that thread, with no event loop anywhere.

Sharded arrays (a codec chain of one ``sharding_indexed`` codec) are indexed on the inner chunk
grid (:attr:`AsyncChunkPipeline.grid_shape`): reads fetch the shard index and only the inner
chunks they need (``shard_reader``), writes are grouped by shard (``shard_writer``). Block
selections still count in shards, as zarr-python's do (:meth:`AsyncChunkPipeline.block_indexer`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from zarrlite._async.shard_reader import AsyncShardReader
from zarrlite._async.shard_writer import AsyncShardWriter
from zarrlite._async.store.path import AsyncStorePath
from zarrlite._backend.async_ import (
    MIN_PARALLEL_READ_BYTES,
    KeyLocks,
    get_max_workers,
    map_in_threads,
    map_limited,
    read_workers,
    run_cpu,
    workers_after_probe,
    write_workers,
)
from zarrlite._store_values import put_sync
from zarrlite._types import BytesLike
from zarrlite._write_locks import WRITE_LOCKS
from zarrlite.codecs import ArraySpec, CodecChain, ShardingCodec
from zarrlite.codecs._scratch import input_scratch
from zarrlite.codecs._util import is_fill_chunk
from zarrlite.config import ArrayConfig
from zarrlite.errors import ChunkNotFoundError
from zarrlite.indexing import BasicIndexer, BlockIndexer, ChunkProjection, Indexer
from zarrlite.indexing._common import (
    check_int,
    chunk_size,
    chunk_start,
    expand_selection,
    is_int_like,
    nchunks,
)
from zarrlite.indexing._dims import normalize_slice
from zarrlite.indexing._edges import AxisEdges, ChunkLen
from zarrlite.metadata import ArrayV2Metadata, ArrayV3Metadata, default_fill_value

__all__ = ["AsyncChunkPipeline", "ChunkCodecs", "block_region", "chunk_groups"]

ArrayMetadata = ArrayV2Metadata | ArrayV3Metadata

# One process-wide lock table (shared with the blocking flavour): two array handles over the
# same store key must exclude each other.
_write_locks: KeyLocks = WRITE_LOCKS

_MAX_GROUP = 64
# A group's chunks are all fetched before any is decoded: bounding the group's decoded size
# bounds the memory held at once, and keeps allocations small enough for malloc to reuse them
# (fresh pages for 32 MiB of encoded data per group cost more page faults than the decoding).
_GROUP_BYTES = 4 << 20
# A read of at most this many chunks, into an output below MIN_PARALLEL_READ_BYTES (an element,
# a region straddling a chunk corner), is one group: a trip to a worker thread (~100 us here)
# costs as much as decoding the few blocks such a selection needs, so splitting it only adds
# trips (async region reads of 100x100 over 512x512 chunks: ~550 -> ~430 us).
_SMALL_READ_CHUNKS = 4


class ChunkCodecs(NamedTuple):
    """What encodes and decodes chunks of one shape."""

    spec: ArraySpec
    chain: CodecChain


Decoders = dict[tuple[int, ...], Callable[[BytesLike, np.ndarray[Any, Any]], None]]
"""One group's ``CodecChain.decoder_into`` per chunk shape, made in the group's thread."""


def chunk_groups(items: Sequence[Any], workers: int, item_nbytes: int = 0) -> list[Sequence[Any]]:
    """Split work into a few groups per worker so that threads stay busy without a hop per chunk."""
    n = len(items)
    if n <= 1:
        return [items] if n else []
    cap = _MAX_GROUP if item_nbytes <= 0 else max(1, min(_MAX_GROUP, _GROUP_BYTES // item_nbytes))
    size = max(1, min(cap, -(-n // (workers * 4))))
    return [items[i : i + size] for i in range(0, n, size)]


def block_region(
    selection: Any, shape: tuple[int, ...], block_shape: tuple[ChunkLen, ...]
) -> tuple[slice, ...]:
    """The element region a (validated) block selection covers, clipped to the array."""
    region = []
    for axis, (item, n, size) in enumerate(
        zip(expand_selection(selection, len(shape)), shape, block_shape, strict=True)
    ):
        nblocks = nchunks(n, size)
        if is_int_like(item):
            start = check_int(item, nblocks, axis, what="block index")
            stop = start + 1
        else:
            start, stop, _ = normalize_slice(item, nblocks, axis)
        first = chunk_start(size, start)
        region.append(slice(first, max(first, min(chunk_start(size, stop), n))))
    return tuple(region)


class AsyncChunkPipeline:
    """Reads and writes selections of one array, chunk by chunk through its codec chain."""

    def __init__(
        self, store_path: AsyncStorePath, metadata: ArrayMetadata, config: ArrayConfig
    ) -> None:
        self.store_path = store_path
        self.metadata = metadata
        self.config = config
        fill = metadata.fill_value
        self.fill_value = default_fill_value(metadata.dtype) if fill is None else fill
        # Per axis, the chunk length, or the chunk edges of a rectilinear axis.
        self._grid: tuple[ChunkLen, ...] = metadata.grid_axes()
        # Chunks that differ in shape (a rectilinear axis) each have their shape's spec and codecs.
        self._varying = any(isinstance(axis, AxisEdges) for axis in self._grid)
        self._codecs_by_shape: dict[tuple[int, ...], ChunkCodecs] = {}
        self._regular = self._build_codecs(tuple(chunk_size(axis, 0) for axis in self._grid))
        self.spec = self._regular.spec
        """The spec of a chunk (of the first chunk, on a rectilinear grid)."""
        self.chain: CodecChain = self._regular.chain
        self._prefix = f"{store_path.path}/" if store_path.path else ""
        self.shard_reader: AsyncShardReader | None = None
        self._shard_writer: AsyncShardWriter | None = None
        codec = self.chain.array_bytes_codec
        # With codecs around the sharding codec a shard is one opaque value: read it whole.
        if isinstance(codec, ShardingCodec) and len(self.chain.codecs) == 1:
            shape = tuple(metadata.shape)
            geometry = (store_path, codec, self.spec, shape, config, self.chunk_key, self._lock_key)
            self.shard_reader = AsyncShardReader(*geometry, self._grid)
            self._shard_writer = AsyncShardWriter(*geometry, self._grid, locks=_write_locks)
        # Stores whose I/O is a plain call in this process (local files, memory): a group's
        # I/O runs inside its codec work, in one worker-thread trip. In the async flavour that
        # removes a trip per group (each ~100-200 us, plus the event loop's share of the GIL)
        # and one per chunk written; in the blocking one it is the same work, fewer calls.
        self._in_process = store_path.store.supports_sync_io
        self.grid_shape: tuple[ChunkLen, ...] = (
            self.shard_reader.chunk_shape if self.shard_reader else self._grid
        )
        """The chunk grid selections are indexed on: the inner chunks of a sharded array;
        per axis a chunk length, or a rectilinear axis' :class:`AxisEdges`."""

    def _build_codecs(self, shape: tuple[int, ...]) -> ChunkCodecs:
        metadata, config = self.metadata, self.config
        spec = ArraySpec(shape, metadata.dtype, fill_value=self.fill_value, order=config.order)
        chain: CodecChain = self.metadata.codec_chain.evolve_from_array_spec(spec)
        return ChunkCodecs(spec, chain)

    def codecs_for(self, chunk_coords: tuple[int, ...]) -> ChunkCodecs:
        """The spec and codecs of the chunk at ``chunk_coords``: the array's, unless the grid
        is rectilinear (one per chunk shape, built on first use)."""
        if not self._varying:
            return self._regular
        shape = tuple(map(chunk_size, self._grid, chunk_coords))
        found = self._codecs_by_shape.get(shape)
        if found is None:
            found = self._codecs_by_shape.setdefault(shape, self._build_codecs(shape))
        return found

    def chunk_key(self, chunk_coords: tuple[int, ...]) -> str:
        """The store key of a chunk (of a shard, when sharded)."""
        return self._prefix + self.metadata.encode_chunk_key(chunk_coords)

    def block_indexer(self, selection: Any, shape: tuple[int, ...]) -> Indexer:
        """An indexer for a block selection: blocks are stored chunks (shards), as in
        zarr-python, and the region they cover is read on :attr:`grid_shape`."""
        write_grid = self._grid
        indexer = BlockIndexer(selection, shape, write_grid)  # validates the selection
        if self.grid_shape is write_grid:
            return indexer
        return BasicIndexer(block_region(selection, shape, write_grid), shape, self.grid_shape)

    # -- reading ---------------------------------------------------------------------------

    async def read(self, indexer: Indexer, out: np.ndarray[Any, Any], fields: Any = None) -> None:
        """Fill ``out`` (of ``indexer.shape``) with the selected elements."""
        if self.shard_reader is not None:
            await self.shard_reader.read(indexer, out, fields)
            return
        projections = list(indexer)
        workers = read_workers(self.store_path.store, self.spec.nbytes)
        small = len(projections) <= _SMALL_READ_CHUNKS and out.nbytes < MIN_PARALLEL_READ_BYTES
        if small:
            groups: list[Sequence[ChunkProjection]] = [projections]
        else:
            groups = chunk_groups(projections, workers, self.spec.nbytes)

        if self._in_process:
            # Each worker thread fetches and decodes group after group (see __init__).
            def fetch_and_decode(group: Sequence[ChunkProjection]) -> float:
                return self._fetch_and_decode(group, out, fields)

            await self._in_threads(fetch_and_decode, groups, workers)
            return

        async def read_group(group: Sequence[ChunkProjection]) -> None:
            keys = [self.chunk_key(p.chunk_coords) for p in group]
            encoded = await self.store_path.store.get_many([(key, None) for key in keys])
            if small and len(group) == 1:
                # Decoding the few blocks a small read of one chunk needs costs about as much
                # as a hop to a worker thread and back (more chunks would block the loop longer).
                self._decode_group(group, keys, encoded, out, fields)
            else:
                await run_cpu(self._decode_group, group, keys, encoded, out, fields)

        await map_limited(read_group, groups, self._group_limit(groups, workers))

    async def _in_threads(
        self,
        transfer: Callable[[Sequence[ChunkProjection]], float | None],
        groups: Sequence[Sequence[ChunkProjection]],
        workers: int,
    ) -> list[tuple[Sequence[ChunkProjection], float | None]]:
        """``transfer`` (which returns the seconds it spent in store calls, or None when it did
        not run) over ``groups`` in ``workers`` threads; each group with its result.

        One worker means small chunks, where a second thread mostly fights the first for the
        GIL. Unless the store calls take most of the time (``IO_BOUND_SHARE``): the first
        group of a large transfer then runs alone, timed, and decides the workers for the rest.
        """
        done: list[tuple[Sequence[ChunkProjection], float | None]] = []
        todo = list(groups)
        count = sum(len(group) for group in todo)
        if workers == 1 and len(todo) > 1 and count >= _MAX_GROUP and get_max_workers() > 1:
            first = todo.pop(0)
            start = time.perf_counter()
            io_seconds = await run_cpu(transfer, first)
            done.append((first, io_seconds))
            if io_seconds is not None:
                workers = workers_after_probe(io_seconds, time.perf_counter() - start)
            if workers > 1:
                rest = [projection for group in todo for projection in group]
                todo = chunk_groups(rest, workers, self.spec.nbytes)
        results = await map_in_threads(transfer, todo, workers)
        return done + list(zip(todo, results, strict=True))

    def _group_limit(self, groups: Sequence[Sequence[Any]], workers: int) -> int:
        """Groups in flight: enough to keep the store's request slots and the workers busy, not
        every group at once (each holds its chunks' bytes)."""
        if not groups:
            return 1
        if workers == 1:
            return 1
        requests = self.store_path.store.limiter.total // max(1, len(groups[0]))
        return max(1, min(len(groups), max(2 * workers, requests)))

    def _fetch_and_decode(
        self, group: Sequence[ChunkProjection], out: np.ndarray[Any, Any], fields: Any
    ) -> float:
        """Read (blocking, in-process store) and decode one group, chunk by chunk, in a worker
        thread: each chunk's bytes go into the thread's input buffer and are decoded while
        they are still in the CPU cache. Returns the seconds spent reading."""
        store: Any = self.store_path.store
        read = store.sync_reader_into(input_scratch)
        limiter = store.limiter
        decoders: Decoders = {}
        io_seconds = 0.0
        for projection in group:
            key = self.chunk_key(projection.chunk_coords)
            # The store's slot is taken here, after the CPU slot, as by every in-process trip:
            # a task never holds a slot of such a store while it waits for a CPU slot.
            with limiter:
                start = time.perf_counter()
                data = read(key)
                io_seconds += time.perf_counter() - start
            self._decode_chunk(projection, key, data, out, fields, decoders)
        return io_seconds

    def _decode_group(
        self,
        group: Sequence[ChunkProjection],
        keys: Sequence[str],
        encoded: Sequence[BytesLike | None],
        out: np.ndarray[Any, Any],
        fields: Any,
    ) -> None:
        decoders: Decoders = {}
        for projection, key, data in zip(group, keys, encoded, strict=True):
            self._decode_chunk(projection, key, data, out, fields, decoders)

    def _decode_chunk(
        self,
        projection: ChunkProjection,
        key: str,
        data: BytesLike | None,
        out: np.ndarray[Any, Any],
        fields: Any,
        decoders: Decoders,
    ) -> None:
        if data is None:
            if not self.config.read_missing_chunks:
                raise ChunkNotFoundError(
                    f"chunk {key!r} of array at {self.store_path} is missing "
                    "and array.read_missing_chunks is False"
                )
            fill = self.fill_value if fields is None else self.fill_value[fields]
            out[projection.out_selection] = fill
        elif projection.is_complete_chunk and fields is None:
            spec, chain = self.codecs_for(projection.chunk_coords)
            decode = decoders.get(spec.shape)
            if decode is None:
                decode = decoders[spec.shape] = chain.decoder_into(spec)
            decode(data, out[projection.out_selection])
        else:
            spec, chain = self.codecs_for(projection.chunk_coords)
            # A small selection of a large compressed chunk decodes only its blocks.
            part = None
            if fields is None:
                part = chain.decode_selection(data, spec, projection.chunk_selection)
            if part is None:
                chunk = chain.decode(data, spec)
                if fields is not None:
                    chunk = chunk[fields]
                part = chunk[projection.chunk_selection]
            out[projection.out_selection] = part

    # -- writing ---------------------------------------------------------------------------

    async def write(
        self, indexer: Indexer, value: np.ndarray[Any, Any], fields: Any = None
    ) -> None:
        """Write ``value`` (0-d, or of ``indexer.shape``) into the selected elements."""
        if self._shard_writer is not None:
            await self._shard_writer.write(indexer, value, fields)
            return
        projections = list(indexer)
        workers = write_workers(self.store_path.store, self.spec.nbytes)
        if self._in_process and fields is None:
            projections = await self._write_complete_in_threads(projections, value, workers)
        groups = chunk_groups(projections, workers, self.spec.nbytes)

        async def write_group(group: Sequence[ChunkProjection]) -> None:
            complete = [p for p in group if p.is_complete_chunk and fields is None]
            partial = [p for p in group if not (p.is_complete_chunk and fields is None)]
            if complete and self._in_process:
                keys = [self.chunk_key(p.chunk_coords) for p in complete]
                # The locks order these writes against a concurrent read-modify-write.
                async with _write_locks.hold_many([self._lock_key(key) for key in keys]):
                    await run_cpu(self._encode_and_store, complete, keys, value)
            elif complete:
                encoded = await run_cpu(self._encode_complete, complete, value)
                for projection, data in zip(complete, encoded, strict=True):
                    key = self.chunk_key(projection.chunk_coords)
                    # The lock orders this write against a concurrent read-modify-write.
                    async with _write_locks.hold(self._lock_key(key)):
                        await self._store(key, data)
            for projection in partial:
                await self._read_modify_write(projection, value, fields)

        await map_limited(write_group, groups, self._group_limit(groups, workers))

    async def _write_complete_in_threads(
        self, projections: list[ChunkProjection], value: np.ndarray[Any, Any], workers: int
    ) -> list[ChunkProjection]:
        """Encode and store the whole chunks among ``projections`` in worker threads that each
        take group after group (one trip per worker, as reads do); returns what is left: the
        partial chunks, and the groups whose locks were busy (a read-modify-write of one of
        their chunks in progress), for the caller's path that waits for locks."""
        complete = [p for p in projections if p.is_complete_chunk]
        if not complete:
            return projections
        left = [p for p in projections if not p.is_complete_chunk]
        groups = chunk_groups(complete, workers, self.spec.nbytes)

        def store_group(group: Sequence[ChunkProjection]) -> float | None:
            keys = [self.chunk_key(p.chunk_coords) for p in group]
            # A worker thread holds a CPU slot, so it must not wait for a key whose holder may
            # be waiting for that slot: it takes the locks only if they are all free now.
            held = _write_locks.try_hold_many([self._lock_key(key) for key in keys])
            if held is None:
                return None
            with held:
                return self._encode_and_store(group, keys, value)

        for group, io_seconds in await self._in_threads(store_group, groups, workers):
            if io_seconds is None:
                left.extend(group)
        return left

    def _lock_key(self, key: str) -> tuple[str, str]:
        # str() names the data, not the handle: wrappers and read-only copies of one store
        # (and two LocalStores on one directory) share a lock.
        return (str(self.store_path.store), key)

    async def _read_modify_write(
        self, projection: ChunkProjection, value: np.ndarray[Any, Any], fields: Any
    ) -> None:
        key = self.chunk_key(projection.chunk_coords)
        async with _write_locks.hold(self._lock_key(key)):
            existing = await self.store_path.store.get(key)
            data = await run_cpu(self._merge_and_encode, projection, existing, value, fields)
            await self._store(key, data)

    async def _store(self, key: str, data: BytesLike | None) -> None:
        if data is None:
            await self.store_path.store.delete(key)
        else:
            await self.store_path.store.set(key, data)

    def _encode_and_store(
        self, group: Sequence[ChunkProjection], keys: Sequence[str], value: np.ndarray[Any, Any]
    ) -> float:
        """Encode and store whole chunks; returns the seconds spent in store calls."""
        store: Any = self.store_path.store
        io_seconds = 0.0
        if value.ndim and store.set_sync_copies_value:
            # Chunk by chunk, each written while its bytes are still in this thread's reused
            # buffers (Codec.encode_transient), as reads decode each chunk as it arrives.
            for projection, key in zip(group, keys, strict=True):
                codecs = self.codecs_for(projection.chunk_coords)
                data = self._encode(value[projection.out_selection], codecs, transient=True)
                with store.limiter:  # after the CPU slot (see _fetch_and_decode)
                    start = time.perf_counter()
                    put_sync(store, key, data)
                    io_seconds += time.perf_counter() - start
            return io_seconds
        encoded = self._encode_complete(group, value)
        with store.limiter:  # after the CPU slot (see _fetch_and_decode)
            start = time.perf_counter()
            for key, data in zip(keys, encoded, strict=True):
                put_sync(store, key, data)
            return time.perf_counter() - start

    def _encode_complete(
        self, group: Sequence[ChunkProjection], value: np.ndarray[Any, Any]
    ) -> list[BytesLike | None]:
        if value.ndim == 0:
            # Every chunk of a shape gets the same content: encode it once.
            encoded: dict[tuple[int, ...], BytesLike | None] = {}
            for projection in group:
                codecs = self.codecs_for(projection.chunk_coords)
                spec = codecs.spec
                if spec.shape not in encoded:
                    chunk = np.full(spec.shape, value, dtype=spec.dtype, order=spec.order)
                    encoded[spec.shape] = self._encode(chunk, codecs)
            return [encoded[self.codecs_for(p.chunk_coords).spec.shape] for p in group]
        return [
            self._encode(value[p.out_selection], self.codecs_for(p.chunk_coords)) for p in group
        ]

    def _merge_and_encode(
        self,
        projection: ChunkProjection,
        existing: BytesLike | None,
        value: np.ndarray[Any, Any],
        fields: Any,
    ) -> BytesLike | None:
        codecs = self.codecs_for(projection.chunk_coords)
        spec = codecs.spec
        if existing is None:
            chunk = np.full(spec.shape, self.fill_value, dtype=spec.dtype, order=spec.order)
        else:
            chunk = codecs.chain.decode(existing, spec)
            if not chunk.flags.writeable:
                chunk = chunk.copy(order="K")
        target = chunk if fields is None else chunk[fields]
        target[projection.chunk_selection] = (
            value if value.ndim == 0 else value[projection.out_selection]
        )
        return self._encode(chunk, codecs)

    def _encode(
        self, chunk: np.ndarray[Any, Any], codecs: ChunkCodecs, transient: bool = False
    ) -> BytesLike | None:
        write_empty = self.config.write_empty_chunks
        if not write_empty and is_fill_chunk(chunk, self.fill_value):
            return None
        return codecs.chain.encode(
            chunk, codecs.spec, write_empty_chunks=write_empty, transient=transient
        )

