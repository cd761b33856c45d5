"""Partial reads of sharded arrays: a shard's index, then only the inner chunks a selection needs.

The read grid of a sharded array is its *inner* chunk grid: the indexer yields one projection
per inner chunk, and this module turns them into store requests, per group of shards:

1. one batched request for the index of every shard in the group (a prefix or suffix byte range
   of ``index_size`` bytes), or for the whole shard when the selection needs all of it (or the
   store cannot read ranges natively);
2. one batched request for the byte ranges of the needed inner chunks, neighbours coalesced
   when the gap between them is at most ``sharding_coalesce_max_gap_bytes`` and the merged
   range at most ``sharding_coalesce_max_bytes`` (the :class:`~zarrlite.config.ArrayConfig`
   keys, as zarr-python's);
3. decoding in batches in worker threads (``run_cpu``), straight into the output where an inner
   chunk is wholly selected; inner chunks missing from a shard's index read as the fill value.

A shard that a basic selection covers completely skips the inner grid: the selection is first
projected on the shard grid (:meth:`AsyncShardAccess.complete_shards`), the shard is fetched
whole and the sharding codec decodes it a row of inner chunks at a time (``codecs._rows``), with
no projection object per inner chunk. Writes do the same (``shard_writer``).

A writer of this process that replaces a shard between steps 1 and 2 would leave the index
and the ranges out of step; the reader notices (``zarrlite._write_locks.WRITE_GENERATIONS``) and
reads that shard again, whole. (Writers in other processes are not seen: align their regions to
shards.)

Nested sharding needs nothing special: an inner chunk that is itself a shard is fetched as one
range and decoded whole by the inner codec chain. Only arrays whose codec chain is exactly one
``sharding_indexed`` codec read this way; with other codecs around it the shard is one opaque
value and the pipeline reads it whole.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Hashable, Iterable, Sequence
from typing import Any

import attrs
import numpy as np

from zarrlite._async.store.path import AsyncStorePath
from zarrlite._backend.async_ import map_in_threads, map_limited, read_workers, run_cpu
from zarrlite._byte_request import ByteRequest, RangeByteRequest, SuffixByteRequest
from zarrlite._coalesce import coalesce_ranges
from zarrlite._types import BytesLike, ChunkCoords
from zarrlite._write_locks import WRITE_GENERATIONS
from zarrlite.codecs import ArraySpec, ShardingCodec
from zarrlite.codecs._shard_index import ShardIndex
from zarrlite.config import ArrayConfig
from zarrlite.errors import ChunkNotFoundError
from zarrlite.indexing import BasicIndexer, ChunkProjection, Indexer
from zarrlite.indexing._common import chunk_size
from zarrlite.indexing._edges import AxisEdges, ChunkLen

__all__ = [
    "AsyncShardAccess",
    "AsyncShardReader",
    "ShardWork",
    "coalesce_ranges",
    "shard_groups",
]

# Inner chunks per group of shards: enough to amortise a store round trip and a thread hop.
_GROUP_INNER_CHUNKS = 256
# Above this many index bytes per group, decoding the indexes (crc32c and all) leaves the loop.
_INLINE_INDEX_BYTES = 256 << 10


@attrs.define
class ShardWork:
    """The inner chunks one read needs from one shard."""

    coords: ChunkCoords
    key: str
    # Inner-chunk coordinates within the shard -> the projections that read from it.
    inner: dict[ChunkCoords, list[ChunkProjection]]
    whole: bool = False  # fetch the whole shard in one request
    # A shard the selection covers completely: where it goes in the output (``inner`` is then
    # empty, and the shard is decoded as a whole), and how many inner chunks it has.
    out_selection: Any = None
    complete_count: int = 0
    # The shard's shape (shards vary in shape on a rectilinear grid).
    shape: ChunkCoords = ()

    @property
    def inner_count(self) -> int:
        """Inner chunks this work reads."""
        return len(self.inner) if self.out_selection is None else self.complete_count


def shard_groups(work: Sequence[ShardWork], workers: int) -> list[list[ShardWork]]:
    """Shards in groups of about ``_GROUP_INNER_CHUNKS`` inner chunks, and at least two groups
    per worker when there are enough shards, so that threads stay busy without a hop per chunk."""
    total = sum(w.inner_count for w in work)
    target = max(1, min(_GROUP_INNER_CHUNKS, -(-total // (workers * 2))))
    groups: list[list[ShardWork]] = []
    current: list[ShardWork] = []
    size = 0
    for item in work:
        current.append(item)
        size += item.inner_count
        if size >= target:
            groups.append(current)
            current, size = [], 0
    if current:
        groups.append(current)
    return groups


@attrs.frozen
class _PlanRanges:
    """A step of :meth:`AsyncShardReader._fetch_steps`: decode the indexes of ``group``'s
    shards (from ``found``) and plan the byte ranges to read, in a worker thread when async."""

    group: list[ShardWork]
    found: Sequence[bytes | None]


_FetchStep = list[tuple[str, ByteRequest | None]] | _PlanRanges


@attrs.define
class _Job:
    """One inner chunk to decode: its bytes (None: missing) and where its values go."""

    data: BytesLike | None
    projections: list[ChunkProjection]
    shard: str  # the key of the shard it comes from
    # A whole shard (``data`` is then the shard) for ``out[shard_out]``; ``projections`` is empty.
    shard_out: Any = None
    shard_shape: ChunkCoords = ()  # that shard's shape


# Jobs ready at once, the byte ranges still to read, and per range the inner chunks in it.
_RangePlan = tuple[
    list[_Job], list[tuple[str, ByteRequest | None]], list[list[tuple[int, int, Any]]]
]


class AsyncShardAccess:
    """What the shard reader and writer share: the store, the codec and the shard geometry."""

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
    ) -> None:
        self.store_path = store_path
        self.codec = codec
        self.config = config
        self.chunk_key = chunk_key
        self.lock_key = lock_key
        self.chunk_shape: ChunkCoords = tuple(codec.chunk_shape)
        self.shard_shape: ChunkCoords = tuple(shard_spec.shape)
        self.shard_spec = shard_spec
        self.chunks_per_shard = codec.inner_chunks_per_shard(self.shard_shape)
        self.inner_spec = codec.inner_chunk_spec(shard_spec)
        self.fill_value = shard_spec.fill_value
        self._array_shape = tuple(array_shape)
        self.index_size = codec.index_size(self.shard_shape)
        self.index_request = self._index_request(self.index_size)
        # The shard grid: ``shard_shape`` per axis, or on a rectilinear grid the shards' edges,
        # each a multiple of the inner chunk. There, ``_inner_starts`` gives per axis where each
        # shard starts on the inner grid (an array), or on a regular axis the inner chunks per
        # shard (an int).
        self.shard_grid: tuple[ChunkLen, ...] = shard_grid or self.shard_shape
        self._inner_starts: tuple[Any, ...] | None = None
        if any(isinstance(axis, AxisEdges) for axis in self.shard_grid):
            self._inner_starts = tuple(
                axis.offsets // c if isinstance(axis, AxisEdges) else axis // c
                for axis, c in zip(self.shard_grid, self.chunk_shape, strict=True)
            )
        self._specs: dict[ChunkCoords, ArraySpec] = {self.shard_shape: shard_spec}

    def _index_request(self, size: int) -> ByteRequest:
        if self.codec.index_location == "start":
            return RangeByteRequest(0, size)
        return SuffixByteRequest(size)

    # -- the geometry of each shard ------------------------------------------------------------

    def shape_of(self, shard: ChunkCoords) -> ChunkCoords:
        """The shape of shard ``shard`` (``shard_shape`` unless the grid is rectilinear)."""
        if self._inner_starts is None:
            return self.shard_shape
        return tuple(map(chunk_size, self.shard_grid, shard))

    def spec_of(self, shape: ChunkCoords) -> ArraySpec:
        found = self._specs.get(shape)
        if found is None:
            found = self._specs.setdefault(shape, attrs.evolve(self.shard_spec, shape=shape))
        return found

    def index_request_of(self, shape: ChunkCoords) -> ByteRequest:
        if shape == self.shard_shape:
            return self.index_request
        return self._index_request(self.codec.index_size(shape))

    def _first_inner(self, shard: ChunkCoords) -> ChunkCoords:
        """The inner-grid coordinates of the first inner chunk of ``shard``."""
        if self._inner_starts is None:
            return tuple(s * p for s, p in zip(shard, self.chunks_per_shard, strict=True))
        return tuple(
            s * starts if isinstance(starts, int) else int(starts[s])
            for s, starts in zip(shard, self._inner_starts, strict=True)
        )

    def _locate(self, coords: ChunkCoords) -> ChunkCoords:
        """The shard holding inner chunk ``coords`` (rectilinear grids; see group_by_shard)."""
        assert self._inner_starts is not None
        return tuple(
            c // starts
            if isinstance(starts, int)
            else int(np.searchsorted(starts, c, side="right")) - 1
            for c, starts in zip(coords, self._inner_starts, strict=True)
        )

    def group_by_shard(self, projections: Iterable[ChunkProjection]) -> list[ShardWork]:
        """Projections on the inner-chunk grid, gathered per shard and inner chunk."""
        work: dict[ChunkCoords, ShardWork] = {}
        per = self.chunks_per_shard
        regular = self._inner_starts is None
        for projection in projections:
            coords = projection.chunk_coords
            if regular:
                shard = tuple(c // p for c, p in zip(coords, per, strict=True))
                local = tuple(c - s * p for c, s, p in zip(coords, shard, per, strict=True))
            else:
                shard = self._locate(coords)
                first = self._first_inner(shard)
                local = tuple(c - f for c, f in zip(coords, first, strict=True))
            item = work.get(shard)
            if item is None:
                item = work[shard] = ShardWork(
                    shard, self.chunk_key(shard), {}, shape=self.shape_of(shard)
                )
            item.inner.setdefault(local, []).append(projection)
        return list(work.values())

    def inner_in_array(self, item: ShardWork) -> int:
        """How many inner chunks of a shard overlap the array (edge shards have fewer)."""
        count = 1
        per = self.codec.inner_chunks_per_shard(item.shape)
        for first, p, c, n in zip(
            self._first_inner(item.coords), per, self.chunk_shape, self._array_shape, strict=True
        ):
            count *= max(0, min(p, -(-n // c) - first))
        return count

    def complete_shards(
        self, indexer: Indexer, fields: Any
    ) -> tuple[list[ShardWork], Iterable[ChunkProjection]]:
        """The shards a basic selection covers completely, as whole-shard work (found by
        projecting the selection on the shard grid: no projection per inner chunk), and the
        inner-chunk projections of the rest of the selection."""
        if fields is not None or not isinstance(indexer, BasicIndexer):
            return [], indexer
        shards = list(indexer.regrid(self.shard_grid))
        complete = {p.chunk_coords: p for p in shards if p.is_complete_chunk}
        if not complete:
            return [], indexer
        work = []
        for coords, p in complete.items():
            shape = self.shape_of(coords)
            count = math.prod(self.codec.inner_chunks_per_shard(shape))
            key = self.chunk_key(coords)
            work.append(
                ShardWork(
                    coords, key, {}, True, p.out_selection, complete_count=count, shape=shape
                )
            )
        if len(complete) == len(shards):
            return work, ()
        if self._inner_starts is not None:
            return work, (p for p in indexer if self._locate(p.chunk_coords) not in complete)
        per = self.chunks_per_shard
        rest = (
            p
            for p in indexer
            if tuple(c // n for c, n in zip(p.chunk_coords, per, strict=True)) not in complete
        )
        return work, rest


class AsyncShardReader(AsyncShardAccess):
    """Reads selections of a sharded array by byte ranges (see the module docstring)."""

    @property
    def _in_process(self) -> bool:
        # A store whose I/O is a plain call here (memory, local files): worker threads fetch
        # (``_fetch_sync``) and decode group after group, instead of a trip per request batch
        # plus one for decoding.
        return self.store_path.store.supports_sync_io

    def _decode_index(
        self, key: str, data: BytesLike, whole: bool, shape: ChunkCoords
    ) -> ShardIndex:
        """The index of shard ``key`` (of ``shape``) from its index bytes, or the whole shard."""
        raw = memoryview(data)
        try:
            if whole:
                size = self.codec.index_size(shape)
                if len(raw) < size:
                    raise ValueError(f"{len(raw)} bytes cannot hold a {size}-byte index")
                at_start = self.codec.index_location == "start"
                raw = raw[:size] if at_start else raw[len(raw) - size :]
            return self.codec.decode_index(raw, shape)
        except ValueError as error:
            raise ValueError(
                f"shard {key!r} of array at {self.store_path}: cannot read its index: {error}"
            ) from error

    def _plan_read(self, indexer: Indexer, fields: Any) -> list[ShardWork]:
        """The shards a read needs: those it covers completely are decoded whole."""
        complete, rest = self.complete_shards(indexer, fields)
        return complete + self._plan_shards(rest)

    def _plan_shards(self, projections: Iterable[ChunkProjection]) -> list[ShardWork]:
        work = self.group_by_shard(projections)
        ranged = self.store_path.store.supports_partial_reads
        for item in work:
            item.whole = not ranged or len(item.inner) >= self.inner_in_array(item)
        return work

    # -- reading ---------------------------------------------------------------------------

    async def read(self, indexer: Indexer, out: np.ndarray[Any, Any], fields: Any) -> None:
        """Fill ``out`` from the selection of ``indexer``, an indexer on the inner-chunk grid."""
        work = self._plan_read(indexer, fields)
        # A whole shard is decoded a row of inner chunks per call (``codecs._rows``): work
        # units large enough for a second thread, unlike its inner chunks one by one.
        whole = any(w.out_selection is not None for w in work)
        unit = self.shard_spec.nbytes if whole else self.inner_spec.nbytes
        workers = read_workers(self.store_path.store, unit)
        groups = shard_groups(work, workers)

        if self._in_process:
            # Each worker thread fetches and decodes group after group, as in the pipeline.
            def fetch_and_decode(group: list[ShardWork]) -> None:
                self._decode_batch(self._fetch_sync(group), out, fields)

            await map_in_threads(fetch_and_decode, groups, workers)
            return

        async def read_group(group: list[ShardWork]) -> None:
            jobs = await self._fetch(group)
            await self._decode_jobs(jobs, out, fields, len(groups), workers)

        await map_limited(read_group, groups, len(groups) if workers > 1 else 1)

    def _check_found(self, group: Sequence[ShardWork], found: Sequence[bytes | None]) -> None:
        for item, data in zip(group, found, strict=True):
            if data is None and not self.config.read_missing_chunks:
                raise ChunkNotFoundError(
                    f"shard {item.key!r} of array at {self.store_path} is missing "
                    "and array.read_missing_chunks is False"
                )

    async def _fetch(self, group: list[ShardWork]) -> list[_Job]:
        """Run :meth:`_fetch_steps` against the store: batched requests, index decoding of many
        shards in a worker thread."""
        store = self.store_path.store
        steps = self._fetch_steps(group)
        reply: Any = None
        while True:
            try:
                step = steps.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if isinstance(step, _PlanRanges):
                reply = await run_cpu(self._plan_ranges, step.group, step.found)
            else:
                reply = await store.get_many(step)

    def _fetch_sync(self, group: list[ShardWork]) -> list[_Job]:
        """:meth:`_fetch` as plain calls, for a store with blocking I/O in this process."""
        store: Any = self.store_path.store
        steps = self._fetch_steps(group)
        reply: Any = None
        while True:
            try:
                step = steps.send(reply)
            except StopIteration as done:
                return done.value  # type: ignore[no-any-return]
            if isinstance(step, _PlanRanges):
                reply = self._plan_ranges(step.group, step.found)
            else:
                # The store's slot after the CPU slot (see AsyncChunkPipeline._fetch_and_decode).
                with store.limiter:
                    reply = [store.get_sync(key, byte_range=request) for key, request in step]

    def _fetch_steps(self, group: list[ShardWork]) -> Generator[_FetchStep, Any, list[_Job]]:
        """The requests a group needs, as a generator (sans I/O): it yields a batch of
        ``(key, byte range)`` requests and is sent their values, or yields a :class:`_PlanRanges`
        and is sent its result; it returns the decoding jobs. One plan, driven by
        :meth:`_fetch` (async, batched requests) and :meth:`_fetch_sync` (one worker trip)."""
        # Shards read in two steps could be replaced in between: note their write generation.
        slots = {w.key: WRITE_GENERATIONS.slot(self.lock_key(w.key)) for w in group if not w.whole}
        before = {key: WRITE_GENERATIONS.snapshot(slot) for key, slot in slots.items()}
        found = yield [(w.key, None if w.whole else self.index_request_of(w.shape)) for w in group]
        self._check_found(group, found)
        index_bytes = sum(len(d) for w, d in zip(group, found, strict=True) if d and not w.whole)
        plan: _RangePlan = (
            (yield _PlanRanges(group, found))
            if index_bytes > _INLINE_INDEX_BYTES
            else self._plan_ranges(group, found)
        )
        jobs, ranges, pending = plan
        fetched = (yield ranges) if ranges else []
        stale = {
            key
            for key, slot in slots.items()
            if before[key] is None or WRITE_GENERATIONS.snapshot(slot) != before[key]
        }
        if stale:
            # A writer of this process replaced these shards meanwhile: their index and ranges
            # may not match. One whole-value read is self-consistent.
            jobs = [job for job in jobs if job.shard not in stale]
            keep = [i for i, (key, _) in enumerate(ranges) if key not in stale]
            ranges = [ranges[i] for i in keep]
            fetched = [fetched[i] for i in keep]
            pending = [pending[i] for i in keep]
            again = [w for w in group if w.key in stale]
            whole = yield [(w.key, None) for w in again]
            self._check_found(again, whole)
            for item, data in zip(again, whole, strict=True):
                if data is None:
                    jobs.extend(_Job(None, ps, item.key) for ps in item.inner.values())
                else:
                    jobs.extend(self._jobs_from_shard(item, data))
        jobs.extend(self._split_ranges(ranges, fetched, pending))
        return jobs

    def _plan_ranges(self, group: list[ShardWork], found: Sequence[bytes | None]) -> _RangePlan:
        """Jobs ready now (whole shards, missing chunks) and the byte ranges still to fetch.

        ``pending[i]`` lists, for range ``i``, each inner chunk in it as ``(offset in the
        range, length, (projections, inner coordinates))``.
        """
        jobs: list[_Job] = []
        ranges: list[tuple[str, ByteRequest | None]] = []
        pending: list[list[tuple[int, int, Any]]] = []
        gap = self.config.sharding_coalesce_max_gap_bytes
        limit = self.config.sharding_coalesce_max_bytes
        for item, data in zip(group, found, strict=True):
            if item.out_selection is not None:
                jobs.append(_Job(data, [], item.key, item.out_selection, item.shape))
                continue
            if data is None:  # no shard: every inner chunk is missing
                jobs.extend(_Job(None, ps, item.key) for ps in item.inner.values())
                continue
            if item.whole:
                jobs.extend(self._jobs_from_shard(item, data))
                continue
            index = self._decode_index(item.key, data, False, item.shape)
            wanted: list[tuple[int, int]] = []
            members: list[tuple[ChunkCoords, list[ChunkProjection]]] = []
            for local, ps in item.inner.items():
                entry = index.get_chunk_slice(local)
                if entry is None:
                    jobs.append(_Job(None, ps, item.key))
                else:
                    wanted.append(entry)
                    members.append((local, ps))
            for start, end, indices in coalesce_ranges(wanted, gap, limit):
                ranges.append((item.key, RangeByteRequest(start, end)))
                pending.append(
                    [
                        (
                            wanted[i][0] - start,
                            wanted[i][1],
                            (members[i][1], members[i][0]),
                        )
                        for i in indices
                    ]
                )
        return jobs, ranges, pending

    def _jobs_from_shard(self, item: ShardWork, data: bytes) -> list[_Job]:
        view = memoryview(data)
        index = self._decode_index(item.key, view, True, item.shape)
        jobs = []
        for local, ps in item.inner.items():
            entry = index.get_chunk_slice(local)
            if entry is None:
                jobs.append(_Job(None, ps, item.key))
                continue
            offset, length = entry
            if offset + length > len(view):
                raise ValueError(
                    f"shard {item.key!r}: inner chunk {local} spans bytes "
                    f"[{offset}, {offset + length}) beyond the {len(view)}-byte shard"
                )
            jobs.append(_Job(view[offset : offset + length], ps, item.key))
        return jobs

    @staticmethod
    def _split_ranges(
        ranges: Sequence[tuple[str, ByteRequest | None]],
        fetched: Sequence[bytes | None],
        pending: Sequence[list[tuple[int, int, Any]]],
    ) -> list[_Job]:
        jobs: list[_Job] = []
        for (key, request), data, members in zip(ranges, fetched, pending, strict=True):
            if data is None:
                # The shard vanished between the index read and this one (a concurrent delete).
                raise ChunkNotFoundError(f"shard {key!r} disappeared while it was being read")
            view = memoryview(data)
            for offset, length, (projections, local) in members:
                if offset + length > len(view):
                    raise ValueError(
                        f"shard {key!r}: inner chunk {local} lies beyond the end of the shard "
                        f"(asked for {request}, got {len(view)} bytes)"
                    )
                jobs.append(_Job(view[offset : offset + length], projections, key))
        return jobs

    async def _decode_jobs(
        self, jobs: list[_Job], out: np.ndarray[Any, Any], fields: Any, ngroups: int, workers: int
    ) -> None:
        if not jobs:
            return
        if ngroups >= workers or len(jobs) < 2:
            # Enough groups run at once to keep the workers busy: one hop for this group.
            await run_cpu(self._decode_batch, jobs, out, fields)
            return
        size = -(-len(jobs) // min(len(jobs), -(-workers // ngroups)))
        batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]

        async def decode(batch: list[_Job]) -> None:
            await run_cpu(self._decode_batch, batch, out, fields)

        await map_limited(decode, batches, len(batches))

    def _decode_batch(self, jobs: Sequence[_Job], out: np.ndarray[Any, Any], fields: Any) -> None:
        chain, spec = self.codec.inner_chain, self.inner_spec
        decode_into = chain.decoder_into(spec)  # in this thread (its scratch buffer)
        for job in jobs:
            if job.shard_out is not None:
                self._decode_shard(job, out[job.shard_out])
                continue
            if job.data is None:
                fill = self.fill_value if fields is None else self.fill_value[fields]
                for p in job.projections:
                    out[p.out_selection] = fill
                continue
            direct = [p for p in job.projections if p.is_complete_chunk and fields is None]
            rest = [p for p in job.projections if not (p.is_complete_chunk and fields is None)]
            for p in direct:
                decode_into(job.data, out[p.out_selection])
            if rest:
                chunk = chain.decode(job.data, spec)
                if fields is not None:
                    chunk = chunk[fields]
                for p in rest:
                    out[p.out_selection] = chunk[p.chunk_selection]

    def _decode_shard(self, job: _Job, target: np.ndarray[Any, Any]) -> None:
        """A whole shard into ``target`` (its place in the output)."""
        if job.data is None:
            target[...] = self.fill_value
            return
        index = self._decode_index(job.shard, job.data, True, job.shard_shape)
        try:
            self.codec.decode_into(job.data, self.spec_of(job.shard_shape), target, index=index)
        except ValueError as error:
            raise ValueError(
                f"shard {job.shard!r} of array at {self.store_path}: {error}"
            ) from error
