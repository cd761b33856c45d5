"""Writes to sharded arrays, grouped by shard: the shard is the write unit.

The write grid is the inner chunk grid (one projection per inner chunk), gathered per shard.
For each shard one ``setitem`` does at most one read, one encode and one write:

* a shard whose every inner chunk (inside the array) is wholly written is encoded from the value
  alone, with no read (a shard a basic selection covers completely is found on the shard grid,
  without a projection per inner chunk, and encoded a row of inner chunks at a time);
* any other shard is read once, whole, under a per-shard lock (:class:`KeyLocks`, keyed by store
  and key, so threads and tasks of this process writing different inner chunks of one shard
  never lose each other's updates); inner chunks the write does not touch keep their encoded
  bytes (no decode, no re-encode), wholly written ones are encoded from the value, and only
  partly written ones are decoded and merged;
* a shard left with no inner chunk (all fill value, ``write_empty_chunks`` false) is deleted.

The new shard lists its inner chunks in the codec's write order, as a whole-shard encode would.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import numpy as np

from zarrlite._async.shard_reader import AsyncShardAccess, ShardWork, shard_groups
from zarrlite._async.store.path import AsyncStorePath
from zarrlite._backend.async_ import (
    KeyLocks,
    map_in_threads,
    map_limited,
    run_cpu,
    write_workers,
)
from zarrlite._store_values import put_sync
from zarrlite._types import BytesLike, ChunkCoords
from zarrlite._write_locks import WRITE_GENERATIONS
from zarrlite.codecs import ArraySpec, ShardingCodec
from zarrlite.codecs._util import is_fill_chunk
from zarrlite.config import ArrayConfig
from zarrlite.indexing import ChunkProjection, Indexer
from zarrlite.indexing._edges import ChunkLen

__all__ = ["AsyncShardWriter"]


class AsyncShardWriter(AsyncShardAccess):
    """Writes selections of a sharded array shard by shard (see the module docstring)."""

    def __init__(
        self,
        store_path: AsyncStorePath,
        codec: ShardingCodec,
        shard_spec: ArraySpec,
        array_shape: tuple[int, ...],
        config: ArrayConfig,
        chunk_key: Callable[[ChunkCoords], str],
        lock_key: Callable[[str], Hashable],
        shard_grid: tuple[ChunkLen, ...] | None = None,
        *,
        locks: KeyLocks,
    ) -> None:
        super().__init__(
            store_path, codec, shard_spec, array_shape, config, chunk_key, lock_key, shard_grid
        )
        self.locks = locks

    async def write(self, indexer: Indexer, value: np.ndarray[Any, Any], fields: Any) -> None:
        """Write ``value`` into the selection of ``indexer`` (an indexer on the inner grid)."""
        # A scalar is encoded once per group (see _encode_inner): no whole-shard encodes.
        complete, rest = ([], indexer) if value.ndim == 0 else self.complete_shards(indexer, fields)
        work = complete + self.group_by_shard(rest)
        shard_nbytes = self.inner_spec.nbytes * math.prod(self.chunks_per_shard)
        workers = write_workers(self.store_path.store, shard_nbytes)
        groups = shard_groups(work, workers)
        if self.store_path.store.supports_sync_io:
            groups = await self._write_covered_in_threads(groups, value, fields, workers)

        async def write_group(group: list[ShardWork]) -> None:
            covered, partial = self._split_covered(group, fields)
            if covered:
                encoded = await run_cpu(self._encode_covered, covered, value, fields)
                for item, data in zip(covered, encoded, strict=True):
                    # The lock orders this write against a concurrent read-modify-write.
                    async with self.locks.hold(self.lock_key(item.key)):
                        await self._store(item.key, data)
            for item in partial:
                async with self.locks.hold(self.lock_key(item.key)):
                    existing = await self.store_path.store.get(item.key)
                    data = await run_cpu(self._merge, item, existing, value, fields)
                    await self._store(item.key, data)

        await map_limited(write_group, groups, len(groups))

    async def _write_covered_in_threads(
        self,
        groups: list[list[ShardWork]],
        value: np.ndarray[Any, Any],
        fields: Any,
        workers: int,
    ) -> list[list[ShardWork]]:
        """For a store whose I/O is a plain call here (memory, local files): encode and store
        the shards the write covers whole in worker threads that each take group after group
        (one trip per worker, as the chunk pipeline's writes), not a trip back to the event
        loop per group. Returns the groups of what is left: shards written in part, and groups
        whose locks were busy, for the path that waits for locks."""

        def store_group(group: list[ShardWork]) -> list[ShardWork]:
            covered, partial = self._split_covered(group, fields)
            if not covered:
                return group
            # A worker thread holds a CPU slot, so it must not wait for a shard whose holder
            # may be waiting for that slot: it takes the locks only if they are all free now.
            held = self.locks.try_hold_many([self.lock_key(w.key) for w in covered])
            if held is None:
                return group
            with held:
                encoded = self._encode_covered(covered, value, fields)
                store: Any = self.store_path.store
                with store.limiter:  # after the CPU slot (see AsyncChunkPipeline)
                    for item, data in zip(covered, encoded, strict=True):
                        with WRITE_GENERATIONS.writing(self.lock_key(item.key)):
                            put_sync(store, item.key, data)
            return partial

        left = await map_in_threads(store_group, groups, workers)
        return [group for group in left if group]

    async def _store(self, key: str, data: BytesLike | None) -> None:
        # Readers of this process that raced with this write re-read the shard whole.
        with WRITE_GENERATIONS.writing(self.lock_key(key)):
            if data is None:
                await self.store_path.store.delete(key)
            else:
                await self.store_path.store.set(key, data)

    # -- coverage --------------------------------------------------------------------------

    def _covers_inner(self, projection: ChunkProjection, fields: Any) -> bool:
        """Whether a projection overwrites every element of its inner chunk that lies inside
        the array (elements past the array's edge are never read, so they need no old value)."""
        if fields is not None:
            return False
        if projection.is_complete_chunk:
            return True
        for sel, index, size, n in zip(
            projection.chunk_selection,
            projection.chunk_coords,
            self.chunk_shape,
            self._array_shape,
            strict=True,
        ):
            if not isinstance(sel, slice) or sel.step not in (None, 1):
                return False
            if sel.start not in (None, 0) or sel.stop < min(size, n - index * size):
                return False
        return True

    def _split_covered(
        self, group: list[ShardWork], fields: Any
    ) -> tuple[list[ShardWork], list[ShardWork]]:
        """The shards of ``group`` that the write covers whole, and those it covers in part."""
        covered: list[ShardWork] = []
        partial: list[ShardWork] = []
        for item in group:
            (covered if self._covers_shard(item, fields) else partial).append(item)
        return covered, partial

    def _covers_shard(self, item: ShardWork, fields: Any) -> bool:
        if item.out_selection is not None:  # from complete_shards
            return True
        return len(item.inner) >= self.inner_in_array(item) and all(
            any(self._covers_inner(p, fields) for p in ps) for ps in item.inner.values()
        )

    # -- encoding (worker threads) ---------------------------------------------------------

    def _encode_covered(
        self, items: Sequence[ShardWork], value: np.ndarray[Any, Any], fields: Any
    ) -> list[BytesLike | None]:
        cache: dict[str, BytesLike | None] = {}  # a scalar value: one encode per group
        results = []
        for item in items:
            if item.out_selection is not None:
                results.append(
                    self.codec.encode(
                        value[item.out_selection],
                        self.spec_of(item.shape),
                        write_empty_chunks=self.config.write_empty_chunks,
                    )
                )
                continue
            parts: dict[ChunkCoords, BytesLike] = {}
            for local, ps in item.inner.items():
                data = self._encode_inner(ps, None, value, fields, cache)
                if data is not None:
                    parts[local] = data
            results.append(self.codec.assemble_shard(parts, item.shape))
        return results

    def _merge(
        self,
        item: ShardWork,
        existing: BytesLike | None,
        value: np.ndarray[Any, Any],
        fields: Any,
    ) -> BytesLike | None:
        parts: dict[ChunkCoords, BytesLike] = {}
        if existing is not None:
            try:
                parts.update(self.codec.split_shard(existing, item.shape))
            except ValueError as error:
                raise ValueError(
                    f"shard {item.key!r} of array at {self.store_path}: cannot update it: {error}"
                ) from error
        cache: dict[str, BytesLike | None] = {}
        for local, ps in item.inner.items():
            old = None if any(self._covers_inner(p, fields) for p in ps) else parts.get(local)
            data = self._encode_inner(ps, old, value, fields, cache)
            if data is None:
                parts.pop(local, None)
            else:
                parts[local] = data
        return self.codec.assemble_shard(parts, item.shape)

    def _encode_inner(
        self,
        projections: list[ChunkProjection],
        old: BytesLike | None,
        value: np.ndarray[Any, Any],
        fields: Any,
        cache: dict[str, BytesLike | None],
    ) -> BytesLike | None:
        """The new encoded bytes of one inner chunk (None: all fill and not to be written)."""
        spec = self.inner_spec
        scalar = value.ndim == 0
        whole = len(projections) == 1 and projections[0].is_complete_chunk and fields is None
        if whole and scalar and "scalar" in cache:
            return cache["scalar"]
        if whole and not scalar:
            chunk = value[projections[0].out_selection]
        elif whole:
            chunk = np.full(spec.shape, value, dtype=spec.dtype, order=spec.order)
        else:
            if old is None:
                chunk = np.full(spec.shape, self.fill_value, dtype=spec.dtype, order=spec.order)
            else:
                chunk = self.codec.inner_chain.decode(old, spec)
                if not chunk.flags.writeable:
                    chunk = chunk.copy(order="K")
            target = chunk if fields is None else chunk[fields]
            for p in projections:
                target[p.chunk_selection] = value if scalar else value[p.out_selection]
        write_empty = self.config.write_empty_chunks
        if not write_empty and is_fill_chunk(chunk, self.fill_value):
            data = None
        else:
            data = self.codec.inner_chain.encode(chunk, spec, write_empty_chunks=write_empty)
        if whole and scalar:
            cache["scalar"] = data
        return data

