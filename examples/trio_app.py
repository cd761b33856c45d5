"""zarrlite's async API inside a trio application (structured concurrency with a nursery)."""

from __future__ import annotations

import tempfile

import numpy as np
import trio

import zarrlite.api.asynchronous as azarr


async def main() -> float:
    path = tempfile.mkdtemp() + "/trio.zarr"
    root = await azarr.open_group(path, mode="w")
    frames = await root.create_array("frames", shape=(16, 128, 128), chunks=(1, 64, 64), dtype="u2")

    async def write_frame(i: int) -> None:
        await frames.setitem(i, np.full((128, 128), i, dtype="u2"))

    async with trio.open_nursery() as nursery:
        for i in range(16):
            nursery.start_soon(write_frame, i)
    total = await frames.getitem(Ellipsis)
    return float(total.sum())


if __name__ == "__main__":
    print("sum of all frames:", trio.run(main))
