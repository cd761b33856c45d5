"""Random sequences of resizes, appends and writes on one array, with numpy as the oracle and
zarr-python 3.4 as a second reader of the same store.

Covers both formats, sharded and unsharded arrays, C and F memory orders, a v2 ``fill_value`` of
null, ``write_empty_chunks`` on and off, and shrinking then growing again: the elements cut off
read back as the fill value (zarrlite resets them; zarr-python does not, a documented difference,
so zarr-python only reads zarrlite's store here). A second property, on sequences that only grow,
checks that both libraries then store the same keys with the same bytes."""

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
_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def configurations(draw: st.DrawFn, max_length: int = 9) -> dict[str, Any]:
    ndim = draw(st.integers(1, 3))
    zarr_format = draw(st.sampled_from([2, 3]))
    chunks = tuple(draw(st.integers(1, 4)) for _ in range(ndim))
    config: dict[str, Any] = {
        "shape": tuple(draw(st.integers(0, max_length)) for _ in range(ndim)),
        "chunks": chunks,
        "zarr_format": zarr_format,
        "dtype": draw(st.sampled_from(["int16", "float64", "uint8", "bool"])),
        # None: a v2 null fill value (v3 takes the dtype's default)
        "fill_value": draw(st.sampled_from([0, 1, None])),
        "write_empty_chunks": draw(st.booleans()),
        "order": draw(st.sampled_from(["C", "F"])),
    }
    if zarr_format == 3 and draw(st.booleans()):
        config["shards"] = tuple(c * draw(st.integers(1, 3)) for c in chunks)
    return config


def _create(library: Any, store: Any, config: dict[str, Any]) -> Any:
    runtime = {"write_empty_chunks": config["write_empty_chunks"], "order": config["order"]}
    kwargs: dict[str, Any] = {
        "shape": config["shape"],
        "chunks": config["chunks"],
        "dtype": config["dtype"],
        "fill_value": config["fill_value"],
        "zarr_format": config["zarr_format"],
        "config": runtime,
        "compressors": None,
        "filters": None,
    }
    if "shards" in config:
        kwargs["shards"] = config["shards"]
    return library.create_array(store, **kwargs)


def _read_with_zarr_python(store: Any) -> np.ndarray[Any, Any]:
    """The whole array as zarr-python reads it from a copy of zarrlite's store."""
    from zarr.core.buffer import cpu

    copied = {key: cpu.Buffer.from_bytes(bytes(value)) for key, value in store.items()}
    return np.asarray(zarr.open_array(zarr.storage.MemoryStore(copied), mode="r")[...])


def _random_region(rng: np.random.Generator, shape: tuple[int, ...]) -> tuple[slice, ...]:
    region = []
    for n in shape:
        start = int(rng.integers(0, n + 1))
        region.append(slice(start, int(rng.integers(start, n + 1))))
    return tuple(region)


operations = st.one_of(
    st.tuples(st.just("resize"), st.lists(st.integers(0, 10), min_size=3, max_size=3)),
    st.tuples(st.just("append"), st.integers(-3, 2), st.integers(0, 4)),
    st.tuples(st.sampled_from(["write", "write_fill"]), st.integers(0, 2**32 - 1)),
)


@_SETTINGS
@given(config=configurations(), steps=st.lists(operations, min_size=1, max_size=6))
def test_resize_append_sequences_read_like_numpy(
    config: dict[str, Any], steps: list[tuple[Any, ...]]
) -> None:
    store: dict[str, Any] = {}
    array = _create(zarrlite, store, config)
    # What a missing chunk reads as: the dtype's default for a v2 null fill value.
    fill = 0 if array.fill_value is None else array.fill_value
    expected = np.full(config["shape"], fill, dtype=config["dtype"])
    ndim = expected.ndim
    for step in steps:
        if step[0] == "resize":
            new_shape = tuple(step[1][:ndim])
            array.resize(new_shape)
            grown = np.full(new_shape, fill, dtype=config["dtype"])
            kept = tuple(slice(0, min(a, b)) for a, b in zip(expected.shape, new_shape))
            grown[kept] = expected[kept]
            expected = grown
        elif step[0] == "append":
            axis = max(-ndim, min(step[1], ndim - 1))
            shape = list(expected.shape)
            shape[axis] = step[2]
            values = np.random.default_rng(step[2]).integers(2, 50, size=shape)
            values = values.astype(config["dtype"])
            expected = np.concatenate([expected, values], axis=axis)
            assert array.append(values, axis=axis) == expected.shape
        else:
            rng = np.random.default_rng(step[1])
            region = _random_region(rng, expected.shape)
            value: Any = fill
            if step[0] == "write":
                value = rng.integers(2, 50, size=expected[region].shape).astype(config["dtype"])
            array[region] = value
            expected[region] = value
        assert array.shape == expected.shape
        np.testing.assert_array_equal(array[...], expected)
        np.testing.assert_array_equal(_read_with_zarr_python(store), expected)


def _stored(store: Any) -> dict[str, bytes]:
    items = store._store_dict.items()
    return {k: v if isinstance(v, bytes) else v.to_bytes() for k, v in items}


def _assert_same_stores(ours: Any, theirs: Any, step: Any) -> None:
    ours_stored, theirs_stored = _stored(ours), _stored(theirs)
    assert sorted(ours_stored) == sorted(theirs_stored), step
    for key, raw in theirs_stored.items():
        if key.rsplit("/", 1)[-1] in _METADATA:
            assert json.loads(ours_stored[key]) == json.loads(raw), (step, key)
        else:
            assert ours_stored[key] == raw, (step, key)


grow_steps = st.one_of(
    st.tuples(st.just("append"), st.integers(0, 2), st.integers(0, 4)),
    st.tuples(st.just("grow"), st.lists(st.integers(0, 3), min_size=3, max_size=3)),
    st.tuples(st.sampled_from(["write", "write_fill"]), st.integers(0, 2**32 - 1)),
)


@_SETTINGS
@given(
    config=configurations(max_length=7).filter(lambda c: c["fill_value"] is not None),
    steps=st.lists(grow_steps, min_size=1, max_size=5),
)
def test_growing_sequences_store_what_zarr_python_stores(
    config: dict[str, Any], steps: list[tuple[Any, ...]]
) -> None:
    ours_store, theirs_store = zarrlite.storage.MemoryStore(), zarr.storage.MemoryStore()
    ours, theirs = _create(zarrlite, ours_store, config), _create(zarr, theirs_store, config)
    ndim = len(config["shape"])
    for step in steps:
        if step[0] == "append":
            axis = min(step[1], ndim - 1)
            shape = list(ours.shape)
            shape[axis] = step[2]
            values = np.random.default_rng(step[2]).integers(2, 50, size=shape)
            values = values.astype(config["dtype"])
            assert ours.append(values, axis=axis) == theirs.append(values, axis=axis)
        elif step[0] == "grow":
            new_shape = tuple(n + d for n, d in zip(ours.shape, step[1]))
            ours.resize(new_shape)
            theirs.resize(new_shape)
        else:
            rng = np.random.default_rng(step[1])
            region = _random_region(rng, ours.shape)
            value: Any = config["fill_value"]
            if step[0] == "write":
                value = rng.integers(2, 50, size=ours[region].shape).astype(config["dtype"])
            ours[region] = value
            theirs[region] = value
        _assert_same_stores(ours_store, theirs_store, step)
        np.testing.assert_array_equal(ours[...], theirs[...])
