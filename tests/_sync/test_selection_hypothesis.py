# Generated from tests/_async/test_selection_hypothesis.py by codegen. Do not edit.

"""Every selection kind, read and write, on real arrays, with numpy as the oracle.

Random shapes (0-3 dims, zero-length axes included), chunkings (sometimes sharded), formats,
memory orders and data; selections from the pure indexing tests' strategies. Each example
builds a fresh array in memory, so the property holds for the whole stack: indexers, the chunk
pipeline, codecs and the store. Writes use values taken from a second random array at the same
positions, so duplicate coordinates give one unambiguous expected result.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.lib.recfunctions import repack_fields

from tests.indexing.strategies import (
    basic_selections,
    block_selections,
    coordinate_selections,
    orthogonal_selections,
)
from zarrlite._sync import api
from zarrlite._sync.array import Array
from zarrlite._sync.store.memory import MemoryStore
from zarrlite.errors import BoundsCheckError, NegativeStepError, VindexInvalidSelectionError

# Modest counts: each example creates and fills an array; the module runs 4 times (2 flavours,
# 2 backends for async).
EXAMPLES = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FILL = 0  # data is never FILL, so a chunk missing by mistake shows up


@st.composite
def layouts(draw: st.DrawFn, min_dims: int = 0, max_dims: int = 3) -> dict[str, Any]:
    """Creation arguments of a small array and the seed of its contents."""
    ndim = draw(st.integers(min_dims, max_dims))
    shape = tuple(draw(st.lists(st.integers(0, 6), min_size=ndim, max_size=ndim)))
    chunks = tuple(draw(st.integers(1, n + 1)) for n in shape)
    zarr_format = draw(st.sampled_from([2, 3]))
    layout: dict[str, Any] = {
        "shape": shape,
        "chunks": chunks,
        "zarr_format": zarr_format,
        "order": draw(st.sampled_from(["C", "F"])),
        "seed": draw(st.integers(0, 2**32 - 1)),
    }
    if zarr_format == 3 and ndim and draw(st.booleans()):
        layout["shards"] = tuple(c * draw(st.integers(1, 2)) for c in chunks)
    return layout


def write_blocks(layout: dict[str, Any]) -> tuple[int, ...]:
    """The block grid of block selections: shards when sharded (as zarr-python), else chunks."""
    return layout.get("shards") or layout["chunks"]  # type: ignore[no-any-return]


# Everything random is drawn in strategies, before the test coroutine starts: a draw that
# overruns hypothesis' buffer inside the coroutine would escape through the event loop.
def cases(selections: Any, vias: list[str], min_dims: int = 0) -> st.SearchStrategy[Any]:
    """(layout, selection, via): an array, a selection on it and the API that applies it."""
    return layouts(min_dims=min_dims).flatmap(
        lambda layout: st.tuples(st.just(layout), selections(layout), st.sampled_from(vias))
    )


def creation_arguments(layout: dict[str, Any]) -> dict[str, Any]:
    """``layout`` as create_array arguments. v3 stores no memory order: it is the runtime
    config there (an order= argument would only warn, as in zarr-python)."""
    kwargs = {k: v for k, v in layout.items() if k not in ("seed", "order")}
    if layout["zarr_format"] == 2:
        kwargs["order"] = layout["order"]
    else:
        kwargs["config"] = {"order": layout["order"]}
    return kwargs


def make_array(layout: dict[str, Any]) -> tuple[Array, np.ndarray[Any, Any]]:
    """A new in-memory array filled with random non-fill data, and that data."""
    kwargs = creation_arguments(layout)
    arr = api.create_array(MemoryStore(), dtype="i4", fill_value=FILL, **kwargs)
    rng = np.random.default_rng(layout["seed"])
    data = rng.integers(1, 1000, size=layout["shape"], dtype="i4")
    arr.setitem(Ellipsis, data)
    return arr, data


def new_values(layout: dict[str, Any]) -> np.ndarray[Any, Any]:
    """The values a write takes from; FILL among them deletes chunks that become empty."""
    rng = np.random.default_rng(layout["seed"] + 1)
    return rng.integers(-3, 3, size=layout["shape"], dtype="i4")


def basic_result(expected: Any) -> Any:
    """What a basic selection returns: a numpy scalar for a 0-d result (numpy's rule, applied to
    ``z[...]`` of a 0-d array too, as zarr-python does)."""
    if isinstance(expected, np.ndarray) and expected.ndim == 0:
        return expected[()]
    return expected


def assert_same(actual: Any, expected: Any) -> None:
    if isinstance(expected, np.generic):  # a scalar of the same numpy type
        assert type(actual) is type(expected), (type(actual), type(expected))
        np.testing.assert_array_equal(actual, expected)
        return
    assert isinstance(actual, np.ndarray)
    assert actual.shape == expected.shape
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)


def check_read_write(
    arr: Array,
    data: np.ndarray[Any, Any],
    layout: dict[str, Any],
    numpy_selection: Any,
    read: Any,
    write: Any,
    basic: bool = False,
) -> None:
    """``read()`` equals ``data[numpy_selection]``; after ``write(v)`` the array equals numpy's.

    ``basic``: the read is a basic selection, so a 0-d result is a numpy scalar.
    """
    expected = data[numpy_selection]
    if basic:
        expected = basic_result(expected)
    else:  # numpy's scalar for an all-integer index; the other selection kinds give arrays
        expected = np.asarray(expected)
    assert_same(read(), expected)
    value = new_values(layout)[numpy_selection]
    write(value)
    updated = data.copy()
    updated[numpy_selection] = value
    assert_same(arr.getitem(Ellipsis), basic_result(updated))


def orthogonal_oracle(data: np.ndarray[Any, Any], selection: tuple[Any, ...]) -> Any:
    """``data`` selected orthogonally, as an (index tuple, result) pair usable for writes too."""
    items = list(selection) + [slice(None)] * (data.ndim - len(selection))
    per_axis = []
    drop = []
    for axis, (item, n) in enumerate(zip(items, data.shape, strict=True)):
        if isinstance(item, slice):
            index = np.arange(n)[item]
        elif isinstance(item, int | np.integer):
            index = np.array([int(item)])
            drop.append(axis)
        else:
            index = np.asarray(item)
            index = np.flatnonzero(index) if index.dtype == bool else index.astype(np.intp)
        per_axis.append(index)
    grid = np.ix_(*per_axis) if per_axis else ()
    return grid, tuple(drop)


def coordinate_oracle(selection: tuple[Any, ...]) -> tuple[Any, ...]:
    """numpy's spelling; a Python int is a 1-element array (zarr-python's vindex rule)."""
    return tuple(
        np.array([item]) if isinstance(item, int) else np.asarray(item, dtype=np.intp)
        for item in selection
    )


def block_oracle(shape: tuple[int, ...], blocks: tuple[int, ...], selection: Any) -> Any:
    """The element slices a block selection covers (ints keep their axis)."""
    items = list(selection)
    if items and items[-1] is Ellipsis:
        items.pop()
    items += [slice(None)] * (len(shape) - len(items))
    region = []
    for item, n, c in zip(items, shape, blocks, strict=True):
        nb = -(-n // c)
        if isinstance(item, slice):
            start, stop, _ = item.indices(nb)
            stop = max(start, stop)
        else:
            start = item + nb if item < 0 else item
            stop = start + 1
        region.append(slice(start * c, min(stop * c, n)))
    return tuple(region)


# -- basic ------------------------------------------------------------------------------------


@EXAMPLES
@given(case=cases(lambda lay: basic_selections(lay["shape"]), ["getitem", "method"]))
def test_basic_selection(case: Any) -> None:
    layout, selection, via = case
    arr, values = make_array(layout)
    use_getitem = via == "getitem"

    def read() -> Any:
        if use_getitem:
            return arr.getitem(selection)
        return arr.get_basic_selection(selection)

    def write(value: Any) -> None:
        if use_getitem:
            arr.setitem(selection, value)
        else:
            arr.set_basic_selection(selection, value)

    check_read_write(arr, values, layout, selection, read, write, basic=True)


# -- orthogonal -------------------------------------------------------------------------------


@EXAMPLES
@given(case=cases(lambda lay: orthogonal_selections(lay["shape"]), ["method", "oindex"]))
def test_orthogonal_selection(case: Any) -> None:
    layout, selection, via = case
    arr, values = make_array(layout)
    grid, drop = orthogonal_oracle(values, selection)
    expected = np.asarray(values[grid]).reshape(
        tuple(n for axis, n in enumerate(values[grid].shape) if axis not in drop)
    )
    if via == "method":
        result = arr.get_orthogonal_selection(selection)
    else:
        result = arr.oindex[selection]
    assert_same(result, expected)

    value = new_values(layout)[grid].reshape(expected.shape)
    if via == "method":
        arr.set_orthogonal_selection(selection, value)
    else:
        arr.oindex.setitem(selection, value)
    updated = values.copy()
    updated[grid] = value.reshape(values[grid].shape)
    assert_same(arr.getitem(Ellipsis), basic_result(updated))


# -- coordinate -------------------------------------------------------------------------------


@EXAMPLES
@given(
    case=cases(lambda lay: coordinate_selections(lay["shape"]), ["method", "vindex"], min_dims=1)
)
def test_coordinate_selection(case: Any) -> None:
    layout, selection, via = case
    arr, values = make_array(layout)

    def read() -> Any:
        if via == "method":
            return arr.get_coordinate_selection(selection)
        return arr.vindex[selection]

    def write(value: Any) -> None:
        if via == "method":
            arr.set_coordinate_selection(selection, value)
        else:
            arr.vindex.setitem(selection, value)

    numpy_selection = coordinate_oracle(selection)
    check_read_write(arr, values, layout, numpy_selection, read, write)


# -- mask -------------------------------------------------------------------------------------


def masks(layout: dict[str, Any]) -> st.SearchStrategy[Any]:
    shape = layout["shape"]
    size = math.prod(shape)
    flat = st.lists(st.booleans(), min_size=size, max_size=size)
    return flat.map(lambda bits: np.array(bits, dtype=bool).reshape(shape))


# 0-d masks: zarr-python refuses them (see tests/indexing/test_dispatch.py).
@EXAMPLES
@given(case=cases(masks, ["method", "vindex", "getitem"], min_dims=1))
def test_mask_selection(case: Any) -> None:
    layout, mask, via = case
    arr, values = make_array(layout)

    def read() -> Any:
        if via == "method":
            return arr.get_mask_selection(mask)
        if via == "vindex":
            return arr.vindex[mask]
        return arr.getitem(mask)

    def write(value: Any) -> None:
        if via == "method":
            arr.set_mask_selection(mask, value)
        elif via == "vindex":
            arr.vindex.setitem(mask, value)
        else:
            arr.setitem(mask, value)

    check_read_write(arr, values, layout, mask, read, write)


# -- block ------------------------------------------------------------------------------------


@EXAMPLES
@given(
    case=cases(lambda lay: block_selections(lay["shape"], write_blocks(lay)), ["method", "blocks"])
)
def test_block_selection(case: Any) -> None:
    layout, selection, via = case
    arr, values = make_array(layout)
    blocks = write_blocks(layout)
    assert blocks == (arr.shards or arr.chunks)
    region = block_oracle(layout["shape"], blocks, selection)

    def read() -> Any:
        if via == "method":
            return arr.get_block_selection(selection)
        return arr.blocks[selection]

    def write(value: Any) -> None:
        if via == "method":
            arr.set_block_selection(selection, value)
        else:
            arr.blocks.setitem(selection, value)

    check_read_write(arr, values, layout, region, read, write)


# -- out= -------------------------------------------------------------------------------------


def any_selection(layout: dict[str, Any]) -> st.SearchStrategy[Any]:
    """(kind, selection) of any kind that reads with ``out=``."""
    shape = layout["shape"]
    options = [
        st.tuples(st.just("basic"), basic_selections(shape)),
        st.tuples(st.just("orthogonal"), orthogonal_selections(shape)),
        st.tuples(st.just("block"), block_selections(shape, write_blocks(layout))),
    ]
    if shape:
        options.append(st.tuples(st.just("coordinate"), coordinate_selections(shape)))
        options.append(st.tuples(st.just("mask"), masks(layout)))
    return st.one_of(options)


@EXAMPLES
@given(case=cases(any_selection, ["C", "F"]))
def test_read_into_out(case: Any) -> None:
    layout, (kind, selection), out_order = case
    arr, values = make_array(layout)
    shape = layout["shape"]
    if kind == "basic":
        expected = values[selection]
        method = arr.get_basic_selection
    elif kind == "orthogonal":
        grid, drop = orthogonal_oracle(values, selection)
        picked = values[grid]
        expected = picked.reshape(tuple(n for a, n in enumerate(picked.shape) if a not in drop))
        method = arr.get_orthogonal_selection
    elif kind == "coordinate":
        expected = values[coordinate_oracle(selection)]
        method = arr.get_coordinate_selection
    elif kind == "mask":
        expected = values[selection]
        method = arr.get_mask_selection
    else:
        expected = values[block_oracle(shape, write_blocks(layout), selection)]
        method = arr.get_block_selection
    out = np.full(expected.shape, -99, dtype="i4", order=out_order)
    result = method(selection, out=out)
    assert result is out
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("out_shape", [(3,), (2, 3), ()])
def test_out_of_the_wrong_shape_is_refused(out_shape: tuple[int, ...]) -> None:
    arr = api.create_array(MemoryStore(), shape=(4, 4), chunks=(2, 2), dtype="i4")
    out = np.zeros(out_shape, dtype="i4")
    with pytest.raises(ValueError, match="shape"):
        arr.get_basic_selection((slice(0, 2), slice(0, 2)), out=out)
    np.testing.assert_array_equal(out, 0)


# -- broadcasting of written values -----------------------------------------------------------


@st.composite
def value_shapes(draw: st.DrawFn) -> dict[str, Any]:
    """How a written value's shape departs from the selection's (applied in the test)."""
    return {
        "reduce": draw(st.lists(st.booleans(), min_size=4, max_size=4)),  # axes made length 1
        "drop": draw(st.integers(0, 4)),  # leading length-1 axes left out
        "lead": draw(st.integers(0, 3)),  # extra leading length-1 axes
        "bad": draw(st.sampled_from([None, None, "lead", "axis"])),  # often refused by numpy
        "axis": draw(st.integers(0, 3)),
        "as_list": draw(st.booleans()),
    }


def shaped_value(base: np.ndarray[Any, Any], plan: dict[str, Any], reduce: bool) -> Any:
    """``base`` (the selection's shape) reshaped as ``plan`` says; numpy judges the result."""
    value = base
    if reduce:
        for axis in range(value.ndim):
            if plan["reduce"][axis]:
                value = value[(slice(None),) * axis + (slice(0, 1),)]
    drop = 0
    while drop < min(plan["drop"], value.ndim) and value.shape[drop] == 1:
        drop += 1
    value = value.reshape(value.shape[drop:])
    value = value.reshape((1,) * plan["lead"] + value.shape)
    if plan["bad"] == "lead":
        value = np.stack([value, value])
    elif plan["bad"] == "axis" and value.ndim:
        axis = plan["axis"] % value.ndim
        value = np.concatenate([value, value[(slice(None),) * axis + (slice(0, 1),)]], axis=axis)
    if plan["as_list"] and value.size:
        return value.tolist()
    return value


def any_kind(layout: dict[str, Any]) -> st.SearchStrategy[Any]:
    """(kind, selection, value plan) of every selection kind that writes."""
    return st.tuples(any_selection(layout), value_shapes())


@EXAMPLES
@given(case=cases(any_kind, ["-"]))
def test_written_values_broadcast_like_numpy(case: Any) -> None:
    """numpy's assignment rule for every kind: leading length-1 axes of the value beyond the
    selection's are dropped, then it broadcasts; a value numpy refuses is a ValueError naming
    both shapes, and nothing is written."""
    layout, ((kind, selection), plan), _ = case
    arr, values = make_array(layout)
    shape = layout["shape"]
    # The positions written, as a numpy index of ``values`` and the selection's shape.
    if kind == "orthogonal":
        grid, drop = orthogonal_oracle(values, selection)
        numpy_index: Any = grid
        target_shape = tuple(n for a, n in enumerate(np.shape(values[grid])) if a not in drop)
        write = arr.set_orthogonal_selection
    else:
        if kind == "basic":
            numpy_index = selection
            write = arr.set_basic_selection
        elif kind == "coordinate":
            numpy_index = coordinate_oracle(selection)
            write = arr.set_coordinate_selection
        elif kind == "mask":
            numpy_index = selection
            write = arr.set_mask_selection
        else:
            numpy_index = block_oracle(shape, write_blocks(layout), selection)
            write = arr.set_block_selection
        target_shape = np.shape(values[numpy_index])
    base = np.asarray(new_values(layout)[numpy_index]).reshape(target_shape)
    # Coordinates may repeat a point; only values equal along every axis keep them unambiguous.
    value = shaped_value(base, plan, reduce=kind != "coordinate")
    target = np.empty(target_shape, dtype="i4")
    try:
        # numpy's assignment to a view, the oracle (a list goes through np.asarray first:
        # numpy limits a list to the target's dimensions, but not in fancy assignments).
        target[...] = np.asarray(value)
    except ValueError:
        if kind in ("coordinate", "mask") and 0 < np.size(value) == target.size:
            # zarr-python's rule for point writes: a value of one element per point is
            # flattened (C order), whatever its shape.
            write(selection, value)
            updated = values.copy()
            updated[numpy_index] = np.asarray(value).reshape(np.shape(values[numpy_index]))
            assert_same(arr.getitem(Ellipsis), basic_result(updated))
            return
        with pytest.raises(ValueError) as caught:
            write(selection, value)
        assert str(np.shape(value)) in str(caught.value)
        assert str(tuple(target_shape)) in str(caught.value)
        assert_same(arr.getitem(Ellipsis), basic_result(values))
        return
    write(selection, value)
    updated = values.copy()
    updated[numpy_index] = target.reshape(np.shape(values[numpy_index]))
    assert_same(arr.getitem(Ellipsis), basic_result(updated))


def test_leading_length_one_axes_are_dropped() -> None:
    """The shapes of the bug report, through item syntax, oindex and vindex."""
    arr = api.create_array(MemoryStore(), shape=(4, 6), chunks=(3, 4), dtype="i4")
    expected = np.zeros((4, 6), dtype="i4")
    arr.setitem((slice(1, 3), slice(2, 4)), np.ones((1, 2, 2)))
    expected[1:3, 2:4] = np.ones((1, 2, 2))
    arr.oindex.setitem(([0, 2], [1, 3]), np.full((1, 1, 2, 2), 2))
    expected[np.ix_([0, 2], [1, 3])] = np.full((1, 1, 2, 2), 2)
    arr.vindex.setitem(([0, 2], [1, 3]), [[5, 6]])
    expected[[0, 2], [1, 3]] = [[5, 6]]
    arr.setitem((3, 5), [[7]])  # into one element
    expected[3, 5, ...] = np.array([[7]])  # (numpy's a[3, 5] = x is int(x), refused here)
    arr.blocks.setitem((1, 1), np.full((1, 1, 2), 8))
    expected[3:, 4:] = np.full((1, 1, 2), 8)
    np.testing.assert_array_equal(arr.getitem(Ellipsis), expected)
    with pytest.raises(ValueError, match=r"shape \(2, 2, 2\).*shape \(2, 2\)"):
        arr.setitem((slice(1, 3), slice(2, 4)), np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"shape \(3,\).*shape \(2,\)"):
        arr.vindex.setitem(([0, 2], [1, 3]), [1, 2, 3])
    np.testing.assert_array_equal(arr.getitem(Ellipsis), expected)


# -- fields= ----------------------------------------------------------------------------------

STRUCT = np.dtype([("a", "<i4"), ("b", "<f8"), ("c", "S3")])


@st.composite
def struct_layouts(draw: st.DrawFn) -> dict[str, Any]:
    layout = draw(layouts(max_dims=2))
    layout.pop("shards", None)  # structured dtypes are Zarr v2 only
    layout["zarr_format"] = 2
    return layout


def make_struct_array(layout: dict[str, Any]) -> tuple[Array, np.ndarray[Any, Any]]:
    kwargs = creation_arguments(layout)
    arr = api.create_array(MemoryStore(), dtype=STRUCT, **kwargs)
    rng = np.random.default_rng(layout["seed"])
    values = np.zeros(layout["shape"], dtype=STRUCT)
    values["a"] = rng.integers(1, 100, size=layout["shape"])
    values["b"] = rng.random(size=layout["shape"])
    values["c"] = rng.choice(np.array([b"x", b"yz", b"abc"]), size=layout["shape"])
    arr.setitem(Ellipsis, values)
    return arr, values


FIELD_NAMES = st.sampled_from(["a", "b", "c"])


@EXAMPLES
@given(
    case=struct_layouts().flatmap(
        lambda lay: st.tuples(
            st.just(lay),
            basic_selections(lay["shape"]),
            FIELD_NAMES | st.lists(FIELD_NAMES, min_size=1, max_size=3, unique=True),
        )
    )
)
def test_fields(case: Any) -> None:
    layout, selection, fields = case
    arr, values = make_struct_array(layout)
    shape = layout["shape"]
    # Like zarr-python, several fields come back packed (numpy's view keeps the offsets).
    picked = repack_fields(values[fields])
    # numpy gives a scalar for a 0-d result (of the value's own length for bytes).
    expected = basic_result(np.asarray(picked[selection], dtype=picked.dtype))
    assert_same(arr.get_basic_selection(selection, fields=fields), expected)
    # The same through item syntax: field names mixed into the selection (as zarr-python).
    item = (fields, *selection) if isinstance(selection, tuple) else (fields, selection)
    assert_same(arr.getitem(item), expected)
    if shape:
        mask = values["a"] % 2 == 0
        assert_same(arr.get_mask_selection(mask, fields=fields), picked[mask])
        assert_same(arr.get_orthogonal_selection((), fields=fields), picked)

    # Writing one field leaves the others untouched.
    name = fields if isinstance(fields, str) else fields[0]
    replacement = np.zeros(shape, dtype=STRUCT)[name][selection]
    arr.set_basic_selection(selection, replacement, fields=name)
    updated = values.copy()
    updated[name][selection] = replacement
    assert_same(arr.getitem(Ellipsis), basic_result(updated))


def test_fields_errors() -> None:
    store = MemoryStore()
    arr = api.create_array(store, shape=(3,), dtype=STRUCT, zarr_format=2)
    with pytest.raises(IndexError, match="'nope'"):
        arr.get_basic_selection(Ellipsis, fields="nope")
    with pytest.raises(KeyError):  # also a KeyError, like dtype.fields lookups
        arr.getitem("nope")
    plain = api.create_array(store, name="plain", shape=(3,), dtype="i4")
    with pytest.raises(IndexError, match="no fields"):
        plain.get_basic_selection(Ellipsis, fields="a")


def test_empty_and_tuple_fields() -> None:
    # As zarr-python: no field names (an empty list, tuple or str) select whole records; a tuple
    # of names is a list of names. Both once failed or, for writes, silently wrote nothing.
    store = MemoryStore()
    arr = api.create_array(store, shape=(4,), chunks=(3,), dtype=STRUCT)
    values = np.zeros(4, dtype=STRUCT)
    values["a"] = [1, 2, 3, 4]
    values["b"] = [0.5, 1.5, 2.5, 3.5]
    arr.setitem(Ellipsis, values)
    for empty in ([], (), ""):
        assert_same(arr.get_basic_selection(slice(1, 3), fields=empty), values[1:3])
        assert_same(arr.get_orthogonal_selection([0, 3], fields=empty), values[[0, 3]])
        assert_same(arr.get_basic_selection(2, fields=empty), values[2])
    arr.set_basic_selection(slice(0, 2), values[2:], fields=[])
    assert_same(arr.getitem(Ellipsis), values[[2, 3, 2, 3]])
    assert_same(
        arr.get_basic_selection(Ellipsis, fields=("b", "a")),
        repack_fields(values[["b", "a"]][[2, 3, 2, 3]]),
    )
    arr.set_coordinate_selection([1, 2], [7, 8], fields=("a",))
    assert arr.getitem("a").tolist() == [3, 7, 8, 4]
    plain = api.create_array(MemoryStore(), shape=(3,), dtype="i4", fill_value=5)
    assert_same(plain.get_basic_selection(0, fields=[]), np.int32(5))


# -- 0-d arrays -------------------------------------------------------------------------------


def test_zero_dim_selections() -> None:
    arr = api.create_array(MemoryStore(), shape=(), dtype="f8", fill_value=1.5)
    # Basic selections give a numpy scalar (hashable, as zarr-python's); the others arrays.
    for selection in [(), Ellipsis]:
        assert_same(arr.getitem(selection), np.float64(1.5))
        assert_same(arr.get_basic_selection(selection), np.float64(1.5))
    assert_same(arr.get_basic_selection(), np.float64(1.5))
    assert {arr.getitem(()): "key"} == {1.5: "key"}
    assert_same(arr.get_orthogonal_selection(()), np.array(1.5))
    assert_same(arr.oindex.getitem(()), np.array(1.5))
    assert_same(arr.get_block_selection(()), np.array(1.5))
    assert_same(arr.blocks.getitem(()), np.array(1.5))
    arr.set_basic_selection((), 2.5)
    assert_same(arr.getitem(()), np.float64(2.5))
    arr.set_block_selection(Ellipsis, 3.5)
    out = np.zeros((), dtype="f8")
    assert arr.get_basic_selection(Ellipsis, out=out) is out
    assert out == 3.5
    for bad in [0, slice(None), (0,)]:
        with pytest.raises(IndexError, match="too many indices"):
            arr.getitem(bad)


def test_single_elements_are_numpy_scalars() -> None:
    store = MemoryStore()
    arr = api.create_array(store, shape=(5, 4), chunks=(2, 3), dtype="f4")
    data = np.arange(20, dtype="f4").reshape(5, 4)
    arr.setitem(Ellipsis, data)
    # A scalar for every basic selection with a 0-d result: numpy's rule for integers, and
    # zarr-python's get_basic_selection's with an Ellipsis too (numpy gives a 0-d array there).
    # zarr-python's a[1, 2] gives a 0-d array by a quirk of its dispatch; numpy a scalar.
    for selection in [(1, 2), (np.int64(1), -2), (Ellipsis, 1, 2), (1, Ellipsis, 2)]:
        expected = np.float32(data[selection])
        assert_same(arr.getitem(selection), expected)
        assert_same(arr.get_basic_selection(selection), expected)
        assert_same(arr[selection], expected)
    assert isinstance(data[1, 2], np.float32)
    # Other kinds keep returning arrays, as zarr-python does.
    assert_same(arr.get_orthogonal_selection((1, 2)), np.array(data[1, 2]))
    assert_same(arr.oindex.getitem((1, 2)), np.array(data[1, 2]))
    assert_same(arr.vindex.getitem((1, 2)), data[[1], [2]])  # ints as 1-element arrays
    assert_same(arr.get_coordinate_selection(([1], [2])), data[[1], [2]])
    assert_same(arr.get_block_selection((0, 0)), data[:2, :3])
    # out= is returned as given.
    out = np.zeros((), dtype="f4")
    assert arr.get_basic_selection((1, 2), out=out) is out and out == data[1, 2]

    one = api.create_array(MemoryStore(), shape=(5,), chunks=(2,), dtype="f8")
    one.setitem(Ellipsis, np.arange(5.0))
    for index in [3, np.int64(3), np.int32(-2)]:
        assert_same(one.getitem(index), np.float64(3.0))
        assert_same(one.get_basic_selection(index), np.float64(3.0))
    # a 0-d integer array is an integer, as in numpy (zarr-python: shape (1,))
    assert_same(one.getitem(np.array(3)), np.float64(3.0))
    assert_same(one.get_basic_selection(np.array(3)), np.float64(3.0))
    assert {one.getitem(np.int64(3)): 1} == {3.0: 1}
    assert_same(one.getitem(slice(3, 4)), np.array([3.0]))


# -- bad selections ---------------------------------------------------------------------------


@st.composite
def bad_positions(draw: st.DrawFn, layout: dict[str, Any]) -> tuple[int, int, int]:
    """(axis, an out-of-bounds index on it, an out-of-bounds block index on it)."""
    axis = draw(st.integers(0, len(layout["shape"]) - 1))
    n = layout["shape"][axis]
    nb = -(-n // write_blocks(layout)[axis])
    bad = draw(st.integers(n, n + 5) | st.integers(-n - 5, -n - 1))
    block_bad = draw(st.integers(nb, nb + 3) | st.integers(-nb - 3, -nb - 1))
    return axis, bad, block_bad


@EXAMPLES
@given(case=cases(bad_positions, ["-"], min_dims=1))
def test_out_of_bounds_raises(case: Any) -> None:
    layout, (axis, bad, block_bad), _ = case
    arr, values = make_array(layout)
    shape = layout["shape"]
    n = shape[axis]
    items: list[Any] = [slice(None)] * len(shape)
    items[axis] = bad
    basic = tuple(items)
    items[axis] = [0, bad] if n else [bad]
    fancy = tuple(items)
    coords = tuple(
        np.array([bad]) if a == axis else np.zeros(1, dtype=np.intp) for a in range(len(shape))
    )
    blocks = tuple(block_bad if a == axis else slice(None) for a in range(len(shape)))
    calls = [
        lambda: arr.getitem(basic),
        lambda: arr.setitem(basic, 1),
        lambda: arr.get_orthogonal_selection(fancy),
        lambda: arr.oindex.setitem(fancy, 1),
        lambda: arr.get_block_selection(blocks),
        lambda: arr.set_block_selection(blocks, 1),
    ]
    if all(shape):  # the other coordinates must be valid
        calls += [lambda: arr.vindex.getitem(coords), lambda: arr.vindex.setitem(coords, 1)]
    for call in calls:
        with pytest.raises(BoundsCheckError):
            call()
    assert_same(arr.getitem(Ellipsis), values)  # nothing was written


def negative_steps(layout: dict[str, Any]) -> st.SearchStrategy[Any]:
    ndim = len(layout["shape"])
    return st.tuples(st.integers(0, ndim - 1), st.integers(-4, -1)).map(
        lambda ax_step: tuple(
            slice(None, None, ax_step[1]) if a == ax_step[0] else slice(None) for a in range(ndim)
        )
    )


@EXAMPLES
@given(case=cases(negative_steps, ["-"], min_dims=1))
def test_negative_steps_raise(case: Any) -> None:
    layout, selection, _ = case
    arr, values = make_array(layout)
    with pytest.raises(NegativeStepError):
        arr.getitem(selection)
    with pytest.raises(NegativeStepError):
        arr.setitem(selection, 1)
    with pytest.raises(NegativeStepError):
        arr.oindex.getitem(selection)
    assert_same(arr.getitem(Ellipsis), values)


BAD_SELECTIONS: list[tuple[str, Any, type[Exception], str]] = [
    # (how, selection, zarr-python 3.4.2's exception class or its builtin base, message part)
    ("getitem", (slice(None), None), IndexError, "newaxis"),
    ("getitem", None, IndexError, "newaxis"),
    ("getitem", (0, 0, 0), IndexError, "too many indices"),
    ("getitem", (Ellipsis, Ellipsis), IndexError, "Ellipsis"),
    ("getitem", 1.5, IndexError, "1.5"),
    ("getitem", (slice(None, None, 0),), ValueError, "step"),
    ("basic", [0, 1], IndexError, "basic"),
    ("oindex", ([True, False], slice(None)), IndexError, "length 2"),
    ("oindex", (np.array([[0]]), slice(None)), IndexError, "1-dimensional"),
    ("oindex", ([0], [0], [0]), IndexError, "too many indices"),
    ("vindex", (slice(0, 2), [0, 1]), VindexInvalidSelectionError, "slice"),
    ("vindex", ([0, 1],), VindexInvalidSelectionError, "one integer array per axis"),
    ("vindex", np.ones((6, 4), dtype=bool), VindexInvalidSelectionError, "shape"),
    ("mask", np.ones((6, 5), dtype=int), IndexError, "boolean"),
    ("blocks", (slice(None, None, 2), 0), IndexError, "step"),
    ("blocks", (0, 0, 0), IndexError, "too many indices"),
]


@pytest.mark.parametrize(("how", "selection", "error", "match"), BAD_SELECTIONS)
def test_bad_selections(how: str, selection: Any, error: type[Exception], match: str) -> None:
    arr = api.create_array(MemoryStore(), shape=(6, 5), chunks=(4, 2), dtype="i4")
    reads = {
        "getitem": arr.getitem,
        "basic": arr.get_basic_selection,
        "oindex": arr.get_orthogonal_selection,
        "vindex": arr.vindex.getitem,
        "mask": arr.get_mask_selection,
        "blocks": arr.get_block_selection,
    }
    writes = {
        "getitem": arr.setitem,
        "basic": arr.set_basic_selection,
        "oindex": arr.oindex.setitem,
        "vindex": arr.vindex.setitem,
        "mask": arr.set_mask_selection,
        "blocks": arr.blocks.setitem,
    }
    with pytest.raises(error, match=match):
        reads[how](selection)
    with pytest.raises(error, match=match):
        writes[how](selection, 1)
    assert [key for key in arr.store.list() if "/c" in key or key[:1].isdigit()] == []


def test_point_writes_take_one_value_per_point() -> None:
    # As zarr-python: a vindex write takes a value with one element per point, in C order,
    # when it does not broadcast to the selection's shape (numpy's rule comes first).
    data = np.arange(30, dtype="i4").reshape(6, 5)
    rows, cols = np.array([[0], [1]]), np.array([0, 1, 2])
    for value in [np.arange(100, 106), np.arange(100, 106).reshape(3, 2)]:
        arr = api.create_array(MemoryStore(), shape=(6, 5), chunks=(4, 2), dtype="i4")
        arr.setitem(Ellipsis, data)
        arr.vindex.setitem((rows, cols), value)
        assert arr.getitem((slice(0, 2), slice(0, 3))).tolist() == [
            [100, 101, 102],
            [103, 104, 105],
        ]
    arr.vindex.setitem((rows, cols), np.arange(3))  # broadcasts, as numpy
    assert arr.getitem((slice(0, 2), slice(0, 3))).tolist() == [[0, 1, 2], [0, 1, 2]]
    mask = np.zeros((6, 5), dtype=bool)
    mask[[1, 2, 4], [1, 3, 0]] = True
    arr.set_mask_selection(mask, np.array([[7], [8], [9]]))
    assert arr.get_mask_selection(mask).tolist() == [7, 8, 9]
    with pytest.raises(ValueError, match="shape"):  # neither broadcasts nor has 6 elements
        arr.vindex.setitem((rows, cols), np.arange(5))
    with pytest.raises(ValueError, match="shape"):  # orthogonal writes keep numpy's rule
        arr.oindex.setitem(([0, 1], [0, 1, 2]), np.arange(6))


def test_coordinates_that_do_not_broadcast() -> None:
    arr = api.create_array(MemoryStore(), shape=(6, 5), chunks=(4, 2), dtype="i4")
    # zarr-python raises ValueError (numpy's broadcast error); ours is also an IndexError.
    with pytest.raises(ValueError, match="broadcast"):
        arr.vindex[[0, 1, 2], [0, 1]]
    with pytest.raises(IndexError, match="broadcast"):
        arr.vindex.setitem(([0, 1, 2], [0, 1]), 1)
