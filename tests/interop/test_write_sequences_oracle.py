"""Random sequences of writes, applied to a zarrlite array and to a zarr-python 3.4 array with
the same configuration: after every write both stores hold the same keys with the same bytes
(chunk files included: the codecs are deterministic), and both read back numpy's answer.

This covers partial chunk and shard rewrites, empty chunks (dropped or kept), fill values,
both formats, both key separators and both v2 memory orders."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zarrlite

zarr = pytest.importorskip("zarr", minversion="3.4")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")

_METADATA = (".zarray", ".zattrs", ".zgroup", "zarr.json")


@st.composite
def configurations(draw: st.DrawFn) -> dict[str, Any]:
    ndim = draw(st.integers(1, 2))
    shape = tuple(draw(st.integers(1, 13)) for _ in range(ndim))
    zarr_format = draw(st.sampled_from([2, 3]))
    sharded = zarr_format == 3 and draw(st.booleans())
    chunks = tuple(draw(st.integers(1, 5)) for _ in range(ndim))
    config: dict[str, Any] = {
        "shape": shape,
        "chunks": chunks,
        "dtype": draw(st.sampled_from(["int16", "float32", "uint8", "float64", "complex64"])),
        "fill_value": draw(st.sampled_from([0, 3])),
        "zarr_format": zarr_format,
        "write_empty_chunks": draw(st.booleans()),
        "compressor": draw(st.sampled_from([None, "zstd", "blosc"])),
        "separator": draw(st.sampled_from(["/", "."])),
        "order": draw(st.sampled_from(["C", "F"])) if zarr_format == 2 else "C",
    }
    if sharded:
        config["shards"] = tuple(c * draw(st.integers(1, 3)) for c in chunks)
    return config


@st.composite
def writes(draw: st.DrawFn, shape: tuple[int, ...]) -> list[tuple[Any, Any]]:
    """(selection, value) pairs: basic slices (some stepped), integers and orthogonal lists;
    values are a scalar (often the fill value, to make chunks empty) or an array."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        selection: list[Any] = []
        for n in shape:
            kind = draw(st.sampled_from(["slice", "int", "list", "all"]))
            if kind == "all":
                selection.append(slice(None))
            elif kind == "int":
                selection.append(draw(st.integers(-n, n - 1)))
            elif kind == "list":
                selection.append(
                    sorted(draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n)))
                )
            else:
                start = draw(st.integers(0, n - 1))
                stop = draw(st.integers(start + 1, n))
                selection.append(slice(start, stop, draw(st.sampled_from([1, 1, 2]))))
        value = draw(st.sampled_from(["fill", "scalar", "array"]))
        out.append((tuple(selection), value))
    return out


def _create(library: Any, store: Any, config: dict[str, Any]) -> Any:
    kwargs: dict[str, Any] = {
        "shape": config["shape"],
        "chunks": config["chunks"],
        "dtype": config["dtype"],
        "fill_value": config["fill_value"],
        "zarr_format": config["zarr_format"],
        "config": {"write_empty_chunks": config["write_empty_chunks"]},
        "filters": None,
    }
    compressor = config["compressor"]
    if config["zarr_format"] == 2:
        import numcodecs

        kwargs["compressors"] = {
            None: None,
            "zstd": numcodecs.Zstd(level=1),
            "blosc": numcodecs.Blosc(cname="lz4", clevel=5, shuffle=1, blocksize=0),
        }[compressor]
        kwargs["chunk_key_encoding"] = {"name": "v2", "separator": config["separator"]}
        kwargs["order"] = config["order"]
    else:
        codecs = library.codecs
        kwargs["compressors"] = {
            None: None,
            "zstd": codecs.ZstdCodec(level=1),
            "blosc": codecs.BloscCodec(cname="lz4", clevel=5, shuffle="shuffle", typesize=2),
        }[compressor]
        kwargs["chunk_key_encoding"] = {"name": "default", "separator": config["separator"]}
        if "shards" in config:
            kwargs["shards"] = config["shards"]
    return library.create_array(store, **kwargs)


def _stored(store: dict[str, Any]) -> dict[str, bytes]:
    return {
        key: value if isinstance(value, bytes) else value.to_bytes()
        for key, value in store.items()
    }


def _documents(stored: dict[str, bytes]) -> dict[str, Any]:
    return {k: json.loads(v) for k, v in stored.items() if k.rsplit("/", 1)[-1] in _METADATA}


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(config=configurations(), data=st.data())
def test_write_sequences_store_what_zarr_python_stores(
    config: dict[str, Any], data: st.DataObject
) -> None:
    ours_store: dict[str, Any] = {}
    theirs_store: dict[str, Any] = {}
    ours = _create(zarrlite, ours_store, config)
    theirs = _create(zarr, theirs_store, config)
    expected = np.full(config["shape"], config["fill_value"], dtype=config["dtype"])
    assert _documents(_stored(ours_store)) == _documents(_stored(theirs_store))
    rng = np.random.default_rng(0)
    for selection, kind in data.draw(writes(config["shape"])):
        target = expected[np.ix_(*[_axis(s, n) for s, n in zip(selection, expected.shape)])]
        shape = np.squeeze(target, axis=tuple(
            i for i, s in enumerate(selection) if isinstance(s, int)
        )).shape
        if kind == "fill":
            value: Any = config["fill_value"]
        elif kind == "scalar":
            value = 7
        else:
            value = rng.integers(0, 100, size=shape).astype(config["dtype"])
        orthogonal = any(isinstance(s, list) for s in selection)
        for array in (ours, theirs):
            if orthogonal:
                array.oindex[selection] = value
            else:
                array[selection] = value
        numpy_selection = np.ix_(*[_axis(s, n) for s, n in zip(selection, expected.shape)])
        expected[numpy_selection] = np.reshape(value, target.shape) if kind == "array" else value
        ours_stored, theirs_stored = _stored(ours_store), _stored(theirs_store)
        assert sorted(ours_stored) == sorted(theirs_stored), (selection, kind)
        for key, raw in theirs_stored.items():
            if key.rsplit("/", 1)[-1] not in _METADATA:
                assert ours_stored[key] == raw, key
        np.testing.assert_array_equal(ours[...], expected)
        np.testing.assert_array_equal(theirs[...], expected)


def _axis(selection: Any, n: int) -> np.ndarray[Any, Any]:
    """The indices one axis' selection picks, for ``np.ix_``."""
    if isinstance(selection, int):
        return np.array([selection % n])
    if isinstance(selection, slice):
        return np.arange(n)[selection]
    return np.asarray(selection)
