"""Chunks written by tensorstore (zarr3 driver) decode with zarrlite, and the reverse."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from strategies import assert_same

from zarrlite.codecs import ArraySpec, CodecChain

ts = pytest.importorskip("tensorstore")

SHARD = {"name": "sharding_indexed", "configuration": {"chunk_shape": [2, 3]}}
CASES: list[tuple[str, list[Any]]] = [
    ("bytes-little", [{"name": "bytes", "configuration": {"endian": "little"}}]),
    ("bytes-big", [{"name": "bytes", "configuration": {"endian": "big"}}]),
    (
        "transpose",
        [
            {"name": "transpose", "configuration": {"order": [1, 0]}},
            {"name": "bytes", "configuration": {"endian": "little"}},
        ],
    ),
    ("gzip", [{"name": "bytes"}, {"name": "gzip", "configuration": {"level": 6}}]),
    ("zstd", [{"name": "bytes"}, {"name": "zstd", "configuration": {"level": 3}}]),
    ("blosc", [{"name": "bytes"}, {"name": "blosc", "configuration": {"cname": "lz4"}}]),
    ("crc32c", [{"name": "bytes"}, {"name": "crc32c"}]),
    ("shard-end", [SHARD]),
    (
        "shard-start-zstd",
        [
            {
                "name": "sharding_indexed",
                "configuration": {
                    "chunk_shape": [2, 3],
                    "codecs": [{"name": "bytes"}, {"name": "zstd"}],
                    "index_location": "start",
                },
            }
        ],
    ),
]


def open_ts(path: Path, codecs: list[Any], create: bool) -> Any:
    spec: dict[str, Any] = {
        "driver": "zarr3",
        "kvstore": {"driver": "file", "path": str(path)},
    }
    if create:
        spec["metadata"] = {
            "shape": [4, 6],
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [4, 6]}},
            "data_type": "int16",
            "fill_value": 0,
            "codecs": codecs,
        }
        spec["create"] = True
    return ts.open(spec).result()


def data() -> np.ndarray[Any, Any]:
    array = np.arange(1, 25, dtype="<i2").reshape(4, 6)
    array[2:, 3:] = 0  # one empty inner chunk when sharded
    return array


@pytest.mark.parametrize(("name", "codecs"), CASES, ids=[c[0] for c in CASES])
def test_tensorstore_chunks(tmp_path: Path, name: str, codecs: list[Any]) -> None:
    array = data()
    store = open_ts(tmp_path, codecs, create=True)
    store[...] = array
    written = json.loads((tmp_path / "zarr.json").read_text())
    spec = ArraySpec(shape=(4, 6), dtype=np.dtype("<i2"), fill_value=np.int16(0))
    chain = CodecChain.from_codecs(written["codecs"]).evolve_from_array_spec(spec)
    chain.validate(spec)
    chunk_file = tmp_path / "c" / "0" / "0"
    assert_same(chain.decode(chunk_file.read_bytes(), spec), array)
    # zarrlite's bytes, read by tensorstore
    other = array[::-1].copy()
    encoded = chain.encode(other, spec)
    assert encoded is not None
    chunk_file.write_bytes(bytes(encoded))
    assert_same(np.asarray(open_ts(tmp_path, codecs, create=False).read().result()), other)
