"""Hypothesis strategies for codec tests: data types, chunk shapes, orders, arrays."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

SCALAR_DTYPES = [
    "bool",
    "i1",
    "u1",
    "i2",
    "u2",
    "i4",
    "u4",
    "i8",
    "u8",
    "f2",
    "f4",
    "f8",
    "c8",
    "c16",
]


@st.composite
def dtypes(draw: st.DrawFn, kinds: str = "", with_byteorder: bool = True) -> np.dtype[Any]:
    """A numeric or bool numpy dtype, in either byte order when it has one."""
    names = [n for n in SCALAR_DTYPES if not kinds or np.dtype(n).kind in kinds]
    dtype = np.dtype(draw(st.sampled_from(names)))
    if with_byteorder and dtype.itemsize > 1:
        dtype = dtype.newbyteorder(draw(st.sampled_from("<>")))
    return dtype


def shapes(
    min_dims: int = 1, max_dims: int = 3, max_side: int = 5
) -> st.SearchStrategy[tuple[int, ...]]:
    return hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, min_side=1, max_side=max_side)


orders = st.sampled_from("CF")


@st.composite
def arrays(
    draw: st.DrawFn,
    dtype: np.dtype[Any] | None = None,
    shape: tuple[int, ...] | None = None,
    kinds: str = "",
) -> np.ndarray[Any, Any]:
    """An array (C or F layout) of any values, NaNs and infinities included."""
    dtype = draw(dtypes(kinds)) if dtype is None else dtype
    shape = draw(shapes()) if shape is None else shape
    array = draw(hnp.arrays(dtype, shape))
    return np.asfortranarray(array) if draw(st.booleans()) else array


def filled(shape: tuple[int, ...], dtype: Any, fill: Any) -> np.ndarray[Any, Any]:
    return np.full(shape, fill, dtype=dtype)


def assert_same(actual: np.ndarray[Any, Any], expected: np.ndarray[Any, Any]) -> None:
    """Equal shape, dtype and bytes (NaN payloads and -0.0 included)."""
    assert actual.shape == expected.shape
    assert actual.dtype == expected.dtype, (actual.dtype, expected.dtype)
    if expected.dtype.hasobject or expected.dtype.kind == "T":
        assert actual.tolist() == expected.tolist()
        return
    assert np.ascontiguousarray(actual).tobytes() == np.ascontiguousarray(expected).tobytes()
