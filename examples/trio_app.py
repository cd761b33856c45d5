"""zarrlite's async API inside a trio application.

Structured concurrency: a nursery of writer tasks fills one frame each, a reader task with a
deadline (``trio.move_on_after``) shows that a cancelled read simply stops, and a blocking
(synchronous) zarrlite call is moved off the event loop with ``trio.to_thread.run_sync``, which
is how a trio program should call any blocking code.

Run it with ``python examples/trio_app.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import trio

import zarrlite as zarr
import zarrlite.api.asynchronous as azarr

FRAMES, SIZE = 16, 128


def frame_sums_blocking(path: Path) -> list[int]:
    """Plain blocking code, as a library or a script would have it."""
    frames = zarr.open_group(path, mode="r")["frames"]
    return [int(frames[i].sum()) for i in range(FRAMES)]


async def main(path: Path) -> dict[str, object]:
    root = await azarr.open_group(path, mode="w")
    frames = await root.create_array(
        "frames", shape=(FRAMES, SIZE, SIZE), chunks=(1, 64, 64), dtype="u2"
    )

    async def write_frame(i: int) -> None:
        await frames.setitem(i, np.full((SIZE, SIZE), i, dtype="u2"))

    async with trio.open_nursery() as nursery:  # all writers run concurrently
        for i in range(FRAMES):
            nursery.start_soon(write_frame, i)

    with trio.move_on_after(0) as scope:  # a deadline that has already passed
        await frames.getitem(Ellipsis)
    assert scope.cancelled_caught

    total = float((await frames.getitem(Ellipsis)).sum())
    sums = await trio.to_thread.run_sync(frame_sums_blocking, path)
    assert sums == [i * SIZE * SIZE for i in range(FRAMES)]
    return {"total": total, "read cancelled by deadline": scope.cancelled_caught}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        result = trio.run(main, Path(tmp) / "trio.zarr")
    print("sum of all frames:", result["total"])
    print("read cancelled by deadline:", result["read cancelled by deadline"])
