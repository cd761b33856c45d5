"""Hypothesis: from_dict(to_dict(m)) == m and documents survive a round trip, for any dtype,
shape and fill value."""

from __future__ import annotations

from typing import Any

import numcodecs
import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from zarrlite.metadata import (
    ArrayV2Metadata,
    ArrayV3Metadata,
    GroupMetadata,
    dtype_from_v2,
    dtype_from_v3,
    dtype_to_v2,
    dtype_to_v3,
    fill_value_from_json,
    fill_value_to_json,
    parse_node_documents,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

simple_dtypes = st.one_of(
    hnp.boolean_dtypes(),
    hnp.integer_dtypes(),
    hnp.unsigned_integer_dtypes(),
    hnp.floating_dtypes(sizes=(16, 32, 64)),
    hnp.complex_number_dtypes(sizes=(64, 128)),
    hnp.unicode_string_dtypes(min_len=1, max_len=6),
    hnp.byte_string_dtypes(min_len=1, max_len=6),
    st.integers(1, 6).map(lambda n: np.dtype(f"V{n}")),
    hnp.datetime64_dtypes(),
    hnp.timedelta64_dtypes(),
)
field_names = st.text("abcdefghij", min_size=1, max_size=4)
struct_dtypes = st.lists(
    st.tuples(field_names, simple_dtypes), min_size=1, max_size=4, unique_by=lambda f: f[0]
).map(np.dtype)
dtypes = st.one_of(simple_dtypes, struct_dtypes)
shapes = st.lists(st.integers(0, 50), max_size=4).map(tuple)


def _fill(draw: Any, dtype: np.dtype[Any]) -> Any:
    """Any value of ``dtype`` (NaN, infinities and NaT included)."""
    if dtype.names is not None and dtype.fields is not None:
        return tuple(_fill(draw, dtype.fields[name][0]) for name in dtype.names)
    if dtype.kind == "V":
        return draw(st.binary(min_size=dtype.itemsize, max_size=dtype.itemsize))
    if dtype.kind in "Mm":
        count = draw(st.integers(-(2**63), 2**63 - 1))
        return np.array(count, dtype=np.int64).view(dtype.newbyteorder("="))[()]
    return draw(hnp.from_dtype(dtype))


@st.composite
def v3_metadata(draw: Any) -> ArrayV3Metadata:
    dtype = draw(dtypes)
    shape = draw(shapes)
    chunks = tuple(draw(st.integers(1, 20)) for _ in shape)
    return ArrayV3Metadata(
        shape=shape,
        data_type=dtype,
        chunk_grid=chunks,
        chunk_key_encoding=draw(st.sampled_from([None, ("default", "."), ("v2", "/")])),
        fill_value=_fill(draw, dtype),
        codecs=[{"name": "bytes", "configuration": {"endian": "little"}}],
        attributes=draw(st.dictionaries(field_names, st.integers() | st.text(max_size=3))),
        dimension_names=draw(
            st.none() | st.just(tuple(draw(st.none() | field_names) for _ in shape))
        ),
    )


@st.composite
def v2_metadata(draw: Any) -> ArrayV2Metadata:
    dtype = draw(dtypes)
    shape = draw(shapes)
    return ArrayV2Metadata(
        shape=shape,
        dtype=dtype,
        chunks=tuple(draw(st.integers(1, 20)) for _ in shape),
        fill_value=draw(st.none() | st.just(_fill(draw, dtype))),
        order=draw(st.sampled_from("CF")),
        dimension_separator=draw(st.sampled_from("./")),
        compressor=draw(st.sampled_from([None, numcodecs.Zstd(level=3), numcodecs.GZip(5)])),
        attributes=draw(st.dictionaries(field_names, st.booleans())),
    )


@SETTINGS
@given(v3_metadata())
def test_v3_round_trip(m: ArrayV3Metadata) -> None:
    assert ArrayV3Metadata.from_dict(m.to_dict()) == m
    assert parse_node_documents(m.to_documents(), 3) == m
    again = parse_node_documents(m.to_documents(), None)
    assert again is not None and again.to_documents() == m.to_documents()


@SETTINGS
@given(v2_metadata())
def test_v2_round_trip(m: ArrayV2Metadata) -> None:
    assert ArrayV2Metadata.from_dict(m.to_dict()) == m
    again = parse_node_documents(m.to_documents(), 2)
    assert again == m
    assert again is not None and again.to_documents() == m.to_documents()
    assert again.dtype == m.dtype  # v2 keeps endianness


@SETTINGS
@given(dtypes)
def test_dtype_round_trips(dtype: np.dtype[Any]) -> None:
    assert dtype_from_v2(*dtype_to_v2(dtype)) == dtype
    back = dtype_from_v3(dtype_to_v3(dtype))
    assert dtype_to_v3(back) == dtype_to_v3(dtype)
    assert back.itemsize == dtype.itemsize


@SETTINGS
@given(st.data(), dtypes, st.sampled_from([2, 3]))
def test_fill_value_round_trips(data: Any, dtype: np.dtype[Any], fmt: int) -> None:
    value = _fill(data.draw, dtype)
    encoded = fill_value_to_json(value, dtype, fmt)  # type: ignore[arg-type]
    decoded = fill_value_from_json(encoded, dtype, fmt)  # type: ignore[arg-type]
    assert fill_value_to_json(decoded, dtype, fmt) == encoded  # type: ignore[arg-type]
    if not _has_floats(dtype):  # NaN payloads are not kept (as in zarr-python)
        assert np.array(decoded, dtype=dtype).tobytes() == np.array(value, dtype=dtype).tobytes()


def _has_floats(dtype: np.dtype[Any]) -> bool:
    if dtype.fields is not None:
        return any(_has_floats(field[0]) for field in dtype.fields.values())
    return dtype.kind in "fc"


@SETTINGS
@given(st.dictionaries(field_names, st.integers() | st.text(max_size=3)), st.sampled_from([2, 3]))
def test_group_round_trip(attributes: dict[str, Any], fmt: int) -> None:
    g = GroupMetadata(attributes, fmt)  # type: ignore[arg-type]
    assert parse_node_documents(g.to_documents(), fmt) == g  # type: ignore[arg-type]
    assert GroupMetadata.from_dict(g.to_dict()) == g
