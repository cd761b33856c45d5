"""The blocking API from many threads and from child processes (fork, spawn, forkserver).

The sync API is plain blocking code with no event-loop thread, so one Array can be shared by
threads, and arrays pickle (store included) into worker processes.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from concurrent.futures import ThreadPoolExecutor

import numpy as np

import zarrlite as zarr


def fill_rows(array: zarr.Array, start: int) -> None:
    array[start : start + 8] = np.full((8, 100), start, dtype="i4")


def row_sum(array: zarr.Array, row: int) -> int:
    return int(array[row].sum())


def main() -> None:
    path = tempfile.mkdtemp() + "/shared.zarr"
    array = zarr.create_array(path, shape=(64, 100), chunks=(8, 100), dtype="i4")
    with ThreadPoolExecutor(8) as pool:  # 8 threads write disjoint chunks of one Array
        list(pool.map(lambda s: fill_rows(array, s), range(0, 64, 8)))
    print("threads wrote:", int(array[...].sum()))
    for method in ("fork", "spawn", "forkserver"):
        if method not in multiprocessing.get_all_start_methods():
            continue
        with multiprocessing.get_context(method).Pool(2) as processes:
            sums = processes.starmap(row_sum, [(array, row) for row in range(0, 64, 8)])
        print(f"{method}: row sums", sums)


if __name__ == "__main__":
    main()
