"""zarrlite in one page: create, write, read, attributes, a group, reopen from disk.

Run it with ``python examples/quickstart.py``; it works in a temporary directory.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

import zarrlite as zarr


def main() -> None:
    root = Path(tempfile.mkdtemp()) / "example.zarr"

    # A group with one array in it (Zarr v3, zstd-compressed 100x100 chunks by default).
    group = zarr.open_group(root, mode="w")
    temperature = group.create_array(
        "temperature", shape=(1000, 1000), chunks=(100, 100), dtype="float32", fill_value=np.nan
    )
    temperature[:500, :] = np.random.default_rng(0).normal(15.0, 5.0, size=(500, 1000))
    temperature.attrs["units"] = "degC"
    group.attrs["title"] = "quickstart"

    # Reopen from disk, read a region, look at the metadata.
    again = zarr.open_group(root, mode="r")
    reread = again["temperature"]
    window = reread[490:510, :3]
    print(reread)
    print("units:", reread.attrs["units"], "| title:", again.attrs["title"])
    print("rows 490..509, first 3 columns (rows >= 500 were never written):")
    print(window)
    assert np.isnan(window[10:]).all() and not np.isnan(window[:10]).any()

    # Zarr v2 works the same way.
    legacy = zarr.create_array(root.parent / "legacy.zarr", shape=(4, 4), dtype="int16", zarr_format=2)
    legacy[...] = np.arange(16, dtype="int16").reshape(4, 4)
    print(zarr.open_array(root.parent / "legacy.zarr")[1])
    print(sorted(p.name for p in (root.parent / "legacy.zarr").iterdir()))


if __name__ == "__main__":
    main()
