"""An async web-style handler that awaits zarrlite reads under asyncio.

Many requests are served concurrently on one event loop: each handler awaits its read, and
chunk decoding runs on worker threads, so the loop stays responsive.
"""

from __future__ import annotations

import asyncio
import tempfile

import numpy as np

import zarrlite.api.asynchronous as azarr


async def handle_request(array: azarr.AsyncArray, row: int) -> dict[str, float]:
    """What a request handler would do: read a row, summarise it."""
    values = await array.getitem((row, slice(None)))
    return {"row": row, "mean": float(values.mean()), "max": float(values.max())}


async def main() -> list[dict[str, float]]:
    path = tempfile.mkdtemp() + "/service.zarr"
    array = await azarr.create_array(path, shape=(64, 256), chunks=(8, 64), dtype="float64")
    await array.setitem(Ellipsis, np.arange(64 * 256, dtype="float64").reshape(64, 256))
    # Serve 32 "requests" concurrently on one loop.
    results = await asyncio.gather(*(handle_request(array, row) for row in range(0, 64, 2)))
    return list(results)


if __name__ == "__main__":
    for response in asyncio.run(main())[:3]:
        print(response)
