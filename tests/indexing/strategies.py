"""Hypothesis strategies: small arrays (0-4 dims, size-0 axes allowed), chunkings, selections."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st

MAX_SIDE = 7


@st.composite
def shapes_and_chunks(draw: st.DrawFn, min_dims: int = 0, max_dims: int = 4) -> Any:
    """An array shape and a chunk shape (chunks may be larger than the array)."""
    ndim = draw(st.integers(min_dims, max_dims))
    side = MAX_SIDE if ndim <= 2 else 5
    shape = tuple(draw(st.lists(st.integers(0, side), min_size=ndim, max_size=ndim)))
    chunks = tuple(draw(st.integers(1, max(1, n + 1))) for n in shape)
    return shape, chunks


def _bound(n: int) -> st.SearchStrategy[int | None]:
    return st.none() | st.integers(-n - 2, n + 2)


def slices(n: int) -> st.SearchStrategy[slice]:
    return st.builds(slice, _bound(n), _bound(n), st.none() | st.integers(1, 4))


def ints(n: int) -> st.SearchStrategy[Any]:
    """A valid index: Python or numpy integer, possibly negative."""
    values = st.integers(-n, n - 1)
    return values | values.map(np.int64) | st.integers(0, n - 1).map(np.uint16)


@st.composite
def basic_selections(draw: st.DrawFn, shape: tuple[int, ...]) -> Any:
    """ints and slices per axis; maybe Ellipsis, maybe fewer items, maybe not a tuple."""
    items: list[Any] = []
    for n in shape:
        items.append(draw(slices(n) | ints(n)) if n else draw(slices(n)))
    if draw(st.booleans()):
        # An Ellipsis standing for the axes between a and b (possibly none).
        a = draw(st.integers(0, len(items)))
        b = draw(st.integers(a, len(items)))
        return (*items[:a], Ellipsis, *items[b:])
    items = items[: draw(st.integers(0, len(items)))]
    if len(items) == 1 and draw(st.booleans()):
        return items[0]
    return tuple(items)


def int_arrays(n: int, max_len: int = 6) -> st.SearchStrategy[Any]:
    """1-D integer indices in any order with duplicates and negatives, as list or array."""
    if n == 0:
        return st.just(np.array([], dtype=np.intp)) | st.just([])
    values = st.lists(st.integers(-n, n - 1), max_size=max_len)
    dtypes = st.sampled_from([np.intp, np.int32, np.int16] + ([np.uint8] if n < 128 else []))
    return values | st.builds(
        lambda v, dt: np.array([i % n if np.dtype(dt).kind == "u" else i for i in v], dtype=dt),
        values,
        dtypes,
    )


def bool_arrays(n: int) -> st.SearchStrategy[Any]:
    return st.lists(st.booleans(), min_size=n, max_size=n).map(lambda v: np.array(v, dtype=bool))


@st.composite
def orthogonal_selections(draw: st.DrawFn, shape: tuple[int, ...]) -> tuple[Any, ...]:
    items: list[Any] = []
    for n in shape:
        options = slices(n) | int_arrays(n) | bool_arrays(n)
        if n:
            options = options | ints(n)
        items.append(draw(options))
    return tuple(items[: draw(st.integers(0, len(items)))]) if draw(st.booleans()) else tuple(items)


@st.composite
def coordinate_selections(draw: st.DrawFn, shape: tuple[int, ...]) -> tuple[Any, ...]:
    """One integer array per axis, broadcastable together; Python ints allowed."""
    bdims = draw(st.integers(0, 2))
    bshape = tuple(draw(st.lists(st.integers(0, 4), min_size=bdims, max_size=bdims)))
    items: list[Any] = []
    for n in shape:
        if n == 0 and 0 not in bshape:
            bshape = (*bshape[:-1], 0) if bshape else (0,)
    for n in shape:
        # An empty axis has no valid index: its array must be empty (take the full shape).
        kind = draw(st.sampled_from(["full", "ones", "int"])) if n else "full"
        if kind == "int":
            items.append(draw(st.integers(-n, n - 1)))
            continue
        ashape = (
            bshape if kind == "full" else tuple(1 if draw(st.booleans()) else s for s in bshape)
        )
        ashape = ashape[draw(st.integers(0, len(ashape))) :] if kind == "ones" else ashape
        size = int(np.prod(ashape))
        if n == 0:
            assert size == 0 or 0 in bshape
            values = np.zeros(ashape, dtype=np.intp)
        else:
            flat = draw(st.lists(st.integers(-n, n - 1), min_size=size, max_size=size))
            values = np.array(flat, dtype=np.intp).reshape(ashape)
        items.append(values.tolist() if values.ndim == 1 and draw(st.booleans()) else values)
    return tuple(items)


@st.composite
def block_selections(draw: st.DrawFn, shape: tuple[int, ...], chunks: tuple[int, ...]) -> Any:
    items: list[Any] = []
    for n, c in zip(shape, chunks, strict=True):
        nb = -(-n // c)
        sl = st.builds(slice, _bound(nb), _bound(nb), st.sampled_from([None, 1]))
        items.append(draw(sl | st.integers(-nb, nb - 1)) if nb else draw(sl))
    cut = draw(st.integers(0, len(items)))
    if draw(st.booleans()) and cut < len(items):
        return (*items[:cut], Ellipsis)
    return tuple(items[:cut])
