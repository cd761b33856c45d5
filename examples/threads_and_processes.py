"""The blocking API from many threads and from child processes (fork, spawn, forkserver).

The blocking API is plain blocking code with no event-loop thread, so one ``Array`` can be
shared by threads (writes of different chunks never interfere), and an ``Array`` pickles
(metadata plus store path) into worker processes, whichever way they are started: a
``multiprocessing.Pool`` or a ``concurrent.futures.ProcessPoolExecutor``. A local store pickles
its path, so children read and write the same files.

Run it with ``python examples/threads_and_processes.py``.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np

import zarrlite as zarr

ROWS = 8  # rows per chunk: each writer owns whole chunks


def fill_rows(array: zarr.Array, start: int) -> None:
    array[start : start + ROWS] = np.full((ROWS, array.shape[1]), start, dtype=array.dtype)


def row_sum(array: zarr.Array, row: int) -> int:
    return int(array[row].sum())


def main(directory: Path) -> None:
    array = zarr.create_array(
        directory / "shared.zarr", shape=(64, 100), chunks=(ROWS, 100), dtype="i4"
    )
    starts = range(0, 64, ROWS)
    with ThreadPoolExecutor(8) as threads:  # 8 threads write disjoint chunks of one Array
        list(threads.map(lambda s: fill_rows(array, s), starts))
    expected = [s * 100 for s in starts]
    print("threads wrote:", int(array[...].sum()))

    # Each start method with one kind of process pool (both kinds work with all three).
    for method, kind in (("fork", "Pool"), ("spawn", "Executor"), ("forkserver", "Pool")):
        if method not in multiprocessing.get_all_start_methods():
            continue
        context = multiprocessing.get_context(method)
        array[...] = 0
        if kind == "Pool":
            with context.Pool(2) as pool:
                # Children write their own chunks, then read rows the others wrote.
                pool.starmap_async(fill_rows, [(array, s) for s in starts]).get(timeout=120)
                sums = pool.starmap_async(row_sum, [(array, s) for s in starts]).get(timeout=120)
        else:
            with ProcessPoolExecutor(2, mp_context=context) as executor:
                for future in [executor.submit(fill_rows, array, s) for s in starts]:
                    future.result(timeout=120)
                sums = list(executor.map(row_sum, [array] * len(starts), starts, timeout=120))
        assert sums == expected, (method, sums)
        print(f"{method} ({kind}): row sums {sums}")
    assert [row_sum(array, s) for s in starts] == expected


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        main(Path(tmp))
