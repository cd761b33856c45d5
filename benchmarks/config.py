"""What is measured: the seven workloads of issue #7, their sizes, and the data written.

Sizes: ``full`` is the issue's (256 MiB arrays), ``small`` is 1/16 of the data with the same
chunk shapes where they fit, ``tiny`` is for the smoke test.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import attrs
import numpy as np

__all__ = [
    "SIZES",
    "WORKLOADS",
    "ArraySpec",
    "Figure",
    "Workload",
    "make_data",
    "workload_params",
]

SizeName = Literal["tiny", "small", "full"]
SIZES: tuple[SizeName, ...] = ("tiny", "small", "full")
SEED = 20261125


@attrs.frozen
class ArraySpec:
    """The array a workload writes or reads (identical for every engine)."""

    shape: tuple[int, ...]
    chunks: tuple[int, ...]
    shards: tuple[int, ...] | None = None
    compressed: bool = True  # blosc lz4 + byte shuffle, clevel 5; False: no compressor
    zarr_format: int = 3
    dtype: str = "float32"

    @property
    def nbytes(self) -> int:
        return int(np.prod(self.shape)) * np.dtype(self.dtype).itemsize


@attrs.frozen
class Figure:
    """One number of a workload's table."""

    name: str
    unit: Literal["MB/s", "us/op", "ms", "x"]

    @property
    def higher_is_better(self) -> bool:
        return self.unit == "MB/s"


@attrs.frozen
class Workload:
    number: int
    title: str
    figures: tuple[Figure, ...]


_GROUP_VARIANTS = ("v3", "v3 consolidated", "v2", "v2 consolidated")

WORKLOADS: dict[int, Workload] = {
    1: Workload(
        1,
        "float32, large chunks, blosc lz4+shuffle, v3, local directory",
        (Figure("write", "MB/s"), Figure("read", "MB/s")),
    ),
    2: Workload(
        2,
        "float32, small chunks (many files), blosc lz4+shuffle, v3, local directory",
        (Figure("write", "MB/s"), Figure("read", "MB/s")),
    ),
    3: Workload(
        3, "workload 1 in a memory store", (Figure("write", "MB/s"), Figure("read", "MB/s"))
    ),
    4: Workload(
        4,
        "workload 1 sharded (inner chunks in shards) + one inner-chunk read",
        (
            Figure("write", "MB/s"),
            Figure("read", "MB/s"),
            Figure("inner chunk read", "us/op"),
            # Issue #4: bytes a single inner-chunk read takes from the store, over that inner
            # chunk's stored (compressed) size; the target is < 2.
            Figure("inner chunk read bytes / stored", "x"),
        ),
    ),
    5: Workload(
        5,
        "random reads on workload 1: single elements; square regions",
        (Figure("element read", "us/op"), Figure("region read", "us/op")),
    ),
    6: Workload(
        6,
        "group of small arrays: create; open + list + open every array",
        tuple(
            Figure(f"{verb} {variant}", "ms")
            for variant in _GROUP_VARIANTS
            for verb in ("create", "open")
        ),
    ),
    7: Workload(7, "workload 1 uncompressed", (Figure("write", "MB/s"), Figure("read", "MB/s"))),
}

# Per size: (side of the large array, its chunk side, side of workload 2's array, its chunk
# side, shard side, inner chunk side, element reads, region reads, region side, group arrays).
_SCALES: dict[str, tuple[int, ...]] = {
    "full": (8192, 512, 4096, 64, 2048, 128, 2000, 200, 100, 500),
    "small": (2048, 512, 1024, 64, 1024, 128, 500, 100, 100, 100),
    "tiny": (256, 64, 128, 16, 128, 32, 20, 10, 10, 10),
}


def workload_params(number: int, size: str) -> dict[str, Any]:
    """The parameters of workload ``number`` at ``size`` (JSON-friendly apart from specs)."""
    big, chunk, side2, chunk2, shard, inner, points, regions, region, members = _SCALES[size]
    large = ArraySpec((big, big), (chunk, chunk))
    if number in (1, 3):
        return {"array": large}
    if number == 2:
        return {"array": ArraySpec((side2, side2), (chunk2, chunk2))}
    if number == 4:
        return {
            "array": ArraySpec((big, big), (inner, inner), shards=(shard, shard)),
            "inner_reads": max(10, points // 20),
        }
    if number == 5:
        return {"array": large, "points": points, "regions": regions, "region": region}
    if number == 6:
        return {"members": members, "member": ArraySpec((64, 64), (32, 32), compressed=False)}
    if number == 7:
        return {"array": ArraySpec((big, big), (chunk, chunk), compressed=False)}
    raise ValueError(f"no workload {number}; there are {sorted(WORKLOADS)}")


def make_data(spec: ArraySpec, seed: int = SEED) -> np.ndarray[Any, Any]:
    """A smooth field plus noise (fixed seed): compresses ~1.5x with blosc lz4 + shuffle."""
    rows, cols = spec.shape
    rng = np.random.default_rng(seed)
    y = np.linspace(0.0, 6 * np.pi, rows, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 4 * np.pi, cols, dtype=np.float32)[None, :]
    out = np.empty(spec.shape, dtype=np.float32)
    step = max(1, (1 << 22) // cols)  # a few MiB of temporaries at a time
    for start in range(0, rows, step):
        part = out[start : start + step]
        np.multiply(np.sin(y[start : start + step]), np.cos(x), out=part)
        part *= 20.0
        part += 280.0
        noise = rng.standard_normal(part.shape, dtype=np.float32)
        noise *= 1.5  # tuned: blosc lz4 + shuffle compresses 512² chunks ~1.5x
        part += noise
    return out


def data_file(directory: Path, spec: ArraySpec) -> Path:
    """Where the parent saves the data of ``spec`` for the workers (``.npy``)."""
    return directory / f"data-{'x'.join(map(str, spec.shape))}.npy"
