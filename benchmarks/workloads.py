"""The steps of each workload, run by an engine's worker process.

``setup`` prepares what every repetition shares (the data, workload 5's array), ``rep`` runs one
timed repetition and returns ``{figure: {"value", "peak_mib"}}`` in the figure's unit, plus
``"verified"`` (the data read back equals what was written) when asked to check.

Every repetition writes a new store, and none is deleted before the run ends (the runner removes
its whole directory then). Deleting them between repetitions made every engine's file creation
slower than a user's would be: on a journal-less ext4 (the benchmark VM's) a new inode skips, one
by one, the inodes deleted in the last 60-300 s, and does so holding the directory's lock. After
a few repetitions of deletions, 256 chunk writes spent 40% of their time there (perf), and every
engine wrote at about half speed.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.config import WORKLOADS, ArraySpec, data_file, workload_params
from benchmarks.engines import Engine, Unsupported
from benchmarks.measure import Measured, measure

__all__ = ["WorkloadRun"]

_MB = 1e6
_RNG_SEED = 7


def _figure(measured: Measured, value: float | None) -> dict[str, Any]:
    return {"value": value, "peak_mib": measured.peak_mib, "kernel": measured.kernel}


def _prime_memory(nbytes: int) -> None:
    """Touch and free ``nbytes`` of fresh memory on every CPU just before a timed step (untimed).

    On the benchmark VM the kernel hands freed memory back to the host within seconds (free page
    reporting), and the first touch of such a page costs a host-side fault: a 256 MiB
    ``np.empty`` + fill took 0.03 s or 0.8 s depending on which pages it got, and every engine's
    large reads and writes (output array, page cache) varied 5x with it. Priming leaves recently
    touched pages on the free lists for the step to reuse, so the figures measure the libraries.

    Once per CPU, from a thread pinned to it: freed pages go first to the freeing CPU's own
    lists, and a step whose worker threads touch its output on another CPU got cold pages.
    Primed from the main thread only, zarrlite's async API (whose worker thread fills the
    output) read workload 2 at 88-210 MB/s in some repetitions and ~650 in others (four of
    five runs), with ~0.5 s of system time in the slow ones and the same page-fault count, while
    its blocking API (filling the output from the main thread) stayed at ~660; primed on every
    CPU, 581-678 in every repetition (two runs).
    """
    cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_setaffinity") else []
    if len(cpus) < 2:
        _touch_and_free(nbytes)
        return

    def prime_on(cpu: int) -> None:
        os.sched_setaffinity(0, {cpu})  # this thread only
        _touch_and_free(nbytes)

    threads = [threading.Thread(target=prime_on, args=(cpu,)) for cpu in cpus]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _touch_and_free(nbytes: int) -> None:
    block = np.ones(nbytes, dtype=np.uint8)
    del block


def _evict_from_page_cache(directory: Path) -> None:
    """Drop ``directory``'s files from the page cache, keeping the files (untimed).

    Each repetition writes a new store of up to 256 MiB, and with five engines the page cache of
    the earlier ones filled the VM's memory part way through a run: from then on every write had
    to reclaim pages first (direct reclaim, ``allocstall`` in ``/proc/vmstat``), and which
    engine's repetitions fell after that point decided its figure. Evicting a repetition's files
    once it is done returns their (clean, after ``os.sync``) pages to the free lists, so every
    write gets free memory. Deleting the files instead would slow every later file creation
    (module docstring).
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    os.sync()  # only clean pages can be dropped
    for parent, _, names in os.walk(directory):
        for name in names:
            fd = os.open(os.path.join(parent, name), os.O_RDONLY)
            try:
                advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def _bytes_read() -> int | None:
    """Bytes this process has read through read()/pread() so far (any file, page cache or
    not; /proc/self/io ``rchar``), or None where the kernel does not say."""
    try:
        with open("/proc/self/io", "rb") as file:
            for line in file:
                if line.startswith(b"rchar:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def _stored_inner_size(where: str, spec: ArraySpec, row: int, col: int) -> int:
    """The stored (compressed) size of the inner chunk at element ``(row, col)``, from its
    shard's index (the v3 default: little-endian uint64 (offset, nbytes) pairs at the end,
    then a crc32c checksum)."""
    assert spec.shards is not None
    inner, shard = spec.chunks[0], spec.shards[0]
    per = shard // inner
    path = Path(where) / "c" / str(row // shard) / str(col // shard)
    with open(path, "rb") as file:
        file.seek(-(per * per * 16 + 4), os.SEEK_END)
        index = np.frombuffer(file.read(per * per * 16), dtype="<u8").reshape(per, per, 2)
    return int(index[(row % shard) // inner, (col % shard) // inner, 1])


def _bytes_per_inner_read(
    engine: Engine, array: Any, spec: ArraySpec, where: str, starts: np.ndarray[Any, Any]
) -> float | None:
    """Median over ``starts`` of (bytes read to fetch one inner chunk) / (its stored size)."""
    ratios = []
    for row, col in starts:
        before = _bytes_read()
        engine.read_regions(array, starts=np.array([[row, col]]), side=spec.chunks[0])
        after = _bytes_read()
        if before is None or after is None:
            return None
        ratios.append((after - before) / _stored_inner_size(where, spec, int(row), int(col)))
    return float(np.median(ratios)) if ratios else None


class WorkloadRun:
    """One workload in one engine: shared state across its repetitions."""

    def __init__(self, engine: Engine, number: int, size: str, root: Path) -> None:
        self.engine = engine
        self.number = number
        self.params = workload_params(number, size)
        self.root = root / engine.name.replace("+", "-") / f"w{number}"
        self.data: np.ndarray[Any, Any] | None = None
        self.array: Any = None
        spec: ArraySpec | None = self.params.get("array")
        if spec is not None:
            self.data = np.load(data_file(root, spec))
        if number == 5:
            assert spec is not None and self.data is not None
            rng = np.random.default_rng(_RNG_SEED)
            rows, cols = spec.shape
            side = self.params["region"]
            self.points = np.stack(
                [
                    rng.integers(0, rows, self.params["points"]),
                    rng.integers(0, cols, self.params["points"]),
                ],
                axis=1,
            )
            self.starts = np.stack(
                [
                    rng.integers(0, rows - side, self.params["regions"]),
                    rng.integers(0, cols - side, self.params["regions"]),
                ],
                axis=1,
            )
            self.array = engine.create(spec, str(self.root / "array"))
            engine.write(self.array, self.data)

    def teardown(self) -> None:
        # The stores stay until the run ends (module docstring).
        self.array = None
        self.data = None

    def rep(self, index: int, verify: bool) -> dict[str, Any]:
        if self.number == 5:
            return self._random_reads(verify)
        if self.number == 6:
            return self._groups(index, verify)
        return self._write_read(index, verify)

    def _write_read(self, index: int, verify: bool) -> dict[str, Any]:
        spec: ArraySpec = self.params["array"]
        data = self.data
        assert data is not None
        where = None if self.number == 3 else str(self.root / f"rep{index}")
        array = self.engine.create(spec, where)
        if where is not None:
            os.sync()  # untimed: no writeback of earlier steps' files competes with the write
        _prime_memory(2 * spec.nbytes)
        written = measure(lambda: self.engine.write(array, data))
        if where is not None:
            # Untimed: flush the dirty pages so that the read (still from the page cache) does
            # not compete with the kernel writing them back, which made reads vary 5x.
            os.sync()
        _prime_memory(2 * spec.nbytes)
        read = measure(lambda: self.engine.read(array))
        out: dict[str, Any] = {
            "write": _figure(written, spec.nbytes / _MB / written.seconds),
            "read": _figure(read, spec.nbytes / _MB / read.seconds),
        }
        ok = True
        if verify:
            ok = bool(np.array_equal(np.asarray(read.result), data))
        del read
        if self.number == 4:
            inner = spec.chunks[0]
            rng = np.random.default_rng(_RNG_SEED + index)
            grid = spec.shape[0] // inner
            starts = rng.integers(0, grid, (self.params["inner_reads"], 2)) * inner
            regions = measure(lambda: self.engine.read_regions(array, starts, inner))
            out["inner chunk read"] = _figure(regions, regions.seconds / len(starts) * 1e6)
            if where is not None:
                counted = measure(
                    lambda: _bytes_per_inner_read(self.engine, array, spec, where, starts[:10])
                )
                out["inner chunk read bytes / stored"] = _figure(counted, counted.result)
            if verify:
                ok = ok and all(
                    np.array_equal(np.asarray(got), data[r : r + inner, c : c + inner])
                    for got, (r, c) in zip(regions.result, starts)
                )
        array = None
        if where is not None:
            _evict_from_page_cache(Path(where))
        if verify:
            out["verified"] = ok
        return out

    def _random_reads(self, verify: bool) -> dict[str, Any]:
        data = self.data
        assert data is not None
        side = self.params["region"]
        points = measure(lambda: self.engine.read_points(self.array, self.points))
        regions = measure(lambda: self.engine.read_regions(self.array, self.starts, side))
        out: dict[str, Any] = {
            "element read": _figure(points, points.seconds / len(self.points) * 1e6),
            "region read": _figure(regions, regions.seconds / len(self.starts) * 1e6),
        }
        if verify:
            expected = data[self.points[:, 0], self.points[:, 1]]
            ok = bool(
                np.array_equal(np.array([np.asarray(v)[()] for v in points.result]), expected)
            )
            ok = ok and all(
                np.array_equal(np.asarray(got), data[r : r + side, c : c + side])
                for got, (r, c) in zip(regions.result, self.starts)
            )
            out["verified"] = ok
        return out

    def _groups(self, index: int, verify: bool) -> dict[str, Any]:
        member: ArraySpec = self.params["member"]
        names = [f"a{i:04d}" for i in range(self.params["members"])]
        out: dict[str, Any] = {}
        ok = True
        for figure in WORKLOADS[6].figures[::2]:
            variant = figure.name.removeprefix("create ")
            zarr_format = 2 if variant.startswith("v2") else 3
            consolidated = variant.endswith("consolidated")
            spec = ArraySpec(
                member.shape, member.chunks, compressed=member.compressed, zarr_format=zarr_format
            )
            where = str(self.root / f"{variant.replace(' ', '-')}-rep{index}")
            try:
                created = measure(
                    lambda: self.engine.create_group(where, names, spec, consolidated)  # noqa: B023
                )
                opened = measure(
                    lambda: self.engine.open_group(where, zarr_format, consolidated)  # noqa: B023
                )
            except Unsupported as why:
                out[f"create {variant}"] = out[f"open {variant}"] = {
                    "value": None,
                    "peak_mib": None,
                    "unsupported": str(why),
                }
                continue
            out[f"create {variant}"] = _figure(created, created.seconds * 1e3)
            out[f"open {variant}"] = _figure(opened, opened.seconds * 1e3)
            ok = ok and opened.result == names
        if verify:
            out["verified"] = ok
        return out
