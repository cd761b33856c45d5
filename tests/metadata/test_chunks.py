"""Chunk grid, chunk normalisation (checked against zarr-python's guess) and chunk keys."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from zarrlite.metadata import (
    DefaultChunkKeyEncoding,
    RectilinearChunkGrid,
    RegularChunkGrid,
    V2ChunkKeyEncoding,
    guess_chunks,
    normalize_chunks,
    parse_chunk_grid,
    parse_chunk_key_encoding,
)

from .oracle import quietly, zarr


def test_regular_grid() -> None:
    grid = RegularChunkGrid((2, 3))
    assert grid.to_dict() == {"name": "regular", "configuration": {"chunk_shape": [2, 3]}}
    assert RegularChunkGrid.from_dict(grid.to_dict()) == grid
    assert grid.grid_shape((5, 6)) == (3, 2)
    assert grid.grid_shape((0, 7)) == (0, 3)
    assert list(grid.all_chunk_coords((3, 4))) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert list(grid.all_chunk_coords((0, 4))) == []
    assert list(RegularChunkGrid(()).all_chunk_coords(())) == [()]
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        grid.grid_shape((5,))
    # A grid given in code is strict; stored documents are read by metadata.repair first
    # (tests/metadata/test_repair.py).
    with pytest.raises(ValueError, match=r"\(0, 4\) has a size < 1"):
        RegularChunkGrid.from_dict({"name": "regular", "configuration": {"chunk_shape": [0, 4]}})


@pytest.mark.parametrize(
    "data",
    [
        {"name": "rectilinear", "configuration": {"chunk_shapes": [[1, 2]]}},
        {"name": "regular"},
        {"name": "regular", "configuration": {"chunk_shape": "ab"}},
        {"name": "regular", "configuration": {"chunk_shape": [-1]}},
        {"name": "regular", "configuration": {"chunk_shape": [1.5]}},
    ],
)
def test_bad_grids(data: Any) -> None:
    with pytest.raises((ValueError, TypeError)):
        RegularChunkGrid.from_dict(data)


SHAPES = [
    ((10000, 10000), 8),
    ((100,), 8),
    ((1000, 1000, 1000), 1),
    ((0,), 4),
    ((0, 100), 8),
    ((2**20,), 1),
    ((3, 5000000), 4),
    ((), 8),
    ((1,), 10**9),
    ((7, 11, 13, 17, 19), 2),
    ((123456,), 16),
]


@pytest.mark.parametrize(("shape", "itemsize"), SHAPES)
def test_guess_matches_zarr(shape: tuple[int, ...], itemsize: int) -> None:
    from zarr.core.chunk_grids import guess_chunks as zarr_guess

    assert guess_chunks(shape, itemsize) == zarr_guess(shape, itemsize).chunk_shape


@pytest.mark.parametrize(
    ("chunks", "shape", "expected"),
    [
        ((-1, 5), (10, 20), (10, 5)),
        ((None, 5), (10, 20), (10, 5)),
        (5, (10, 20), (5, 5)),
        (np.int64(3), (10,), (3,)),
        ([3], (10,), (3,)),
        ((30,), (10,), (30,)),
        ((-1, 5), (0, 20), (1, 5)),
        (False, (10, 0), (10, 1)),
        ((), (), ()),
        ("auto", (), ()),
        ("auto", (10, 20), (10, 20)),
        (True, (10, 20), (10, 20)),
        (None, (100000, 1000), guess_chunks((100000, 1000), 8)),
    ],
)
def test_normalize_chunks(chunks: Any, shape: tuple[int, ...], expected: tuple[int, ...]) -> None:
    assert normalize_chunks(chunks, shape, 8) == expected


def test_normalize_chunks_like_zarr_create_array() -> None:
    for dtype in ("f8", "u1", str, "U7"):
        shape = (300, 400, 50)
        array = quietly(zarr.create_array, zarr.storage.MemoryStore(), shape=shape, dtype=dtype)
        from zarrlite.metadata import parse_dtype

        assert normalize_chunks("auto", shape, parse_dtype(dtype)) == array.chunks


@pytest.mark.parametrize(
    ("chunks", "shape", "error", "match"),
    [
        ((5,), (10, 20), ValueError, r"\(5,\)"),
        ((0, 5), (10, 20), ValueError, r"\(0, 5\)"),
        ((-2,), (10,), ValueError, r"\(-2,\)"),
        ((2.0, 5), (10, 20), TypeError, "2.0"),
        ((np.True_,), (10,), TypeError, "True"),  # numpy booleans are not integers
        ((False,), (10,), ValueError, r"\(False,\)"),  # a Python bool is: False is 0
        ("big", (10,), TypeError, "big"),
    ],
)
def test_normalize_chunks_errors(
    chunks: Any, shape: tuple[int, ...], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        normalize_chunks(chunks, shape, 8)


def test_chunk_keys() -> None:
    default = DefaultChunkKeyEncoding()
    assert default.encode_chunk_key((0, 1)) == "c/0/1"
    assert default.encode_chunk_key(()) == "c"
    assert default.decode_chunk_key("c/0/1") == (0, 1)
    assert default.decode_chunk_key("c") == ()
    dotted = DefaultChunkKeyEncoding(".")
    assert dotted.encode_chunk_key((2, 3)) == "c.2.3"
    assert dotted.decode_chunk_key("c.2.3") == (2, 3)
    v2 = V2ChunkKeyEncoding()
    assert v2.encode_chunk_key((0, 1)) == "0.1"
    assert v2.encode_chunk_key(()) == "0"
    assert v2.decode_chunk_key("0.1") == (0, 1)
    assert v2.decode_chunk_key("0", ndim=0) == ()
    assert V2ChunkKeyEncoding("/").encode_chunk_key((4, 5)) == "4/5"
    for bad in ("d/0", "c/x", "c/-1", "c.0"):
        with pytest.raises(ValueError, match="chunk key"):
            default.decode_chunk_key(bad)
    with pytest.raises(ValueError, match="separator"):
        DefaultChunkKeyEncoding("-")  # type: ignore[arg-type]


def test_chunk_key_encoding_json_matches_zarr() -> None:
    from zarr.core.chunk_key_encodings import parse_chunk_key_encoding as zarr_parse

    for value in (
        {"name": "default", "configuration": {"separator": "/"}},
        {"name": "default", "configuration": {"separator": "."}},
        {"name": "v2", "configuration": {"separator": "."}},
        {"name": "v2", "separator": "/"},
        {"name": "default"},
    ):
        ours = parse_chunk_key_encoding(value)
        theirs = zarr_parse(value)  # type: ignore[arg-type]
        assert ours.to_dict() == theirs.to_dict()
        for coords in [(), (0,), (3, 14, 1)]:
            assert ours.encode_chunk_key(coords) == theirs.encode_chunk_key(coords)


def test_parse_chunk_key_encoding() -> None:
    assert parse_chunk_key_encoding(None) == DefaultChunkKeyEncoding("/")
    assert parse_chunk_key_encoding(None, 2) == V2ChunkKeyEncoding(".")
    assert parse_chunk_key_encoding(("default", ".")) == DefaultChunkKeyEncoding(".")
    assert parse_chunk_key_encoding("v2") == V2ChunkKeyEncoding(".")
    enc = V2ChunkKeyEncoding("/")
    assert parse_chunk_key_encoding(enc, 2) is enc
    with pytest.raises(ValueError, match="v2"):
        parse_chunk_key_encoding(DefaultChunkKeyEncoding(), 2)
    with pytest.raises(ValueError, match="unknown chunk key encoding 'foo'"):
        parse_chunk_key_encoding({"name": "foo"})
    with pytest.raises(ValueError, match="separator"):
        parse_chunk_key_encoding({"name": "default", "configuration": {"separator": ":"}})
    with pytest.raises(TypeError):
        parse_chunk_key_encoding(3)


def test_rectilinear_grid() -> None:
    stored = {
        "name": "rectilinear",
        "configuration": {"kind": "inline", "chunk_shapes": [[[2, 3], 4], 5, [1]]},
    }
    grid = parse_chunk_grid(stored)
    assert isinstance(grid, RectilinearChunkGrid)
    assert grid.chunk_shapes == ((2, 2, 2, 4), 5, (1,))
    assert grid.to_dict() == stored
    assert grid.grid_shape((9, 11, 1)) == (4, 3, 1)
    assert grid.grid_shape((6, 0, 1)) == (3, 0, 1)  # edges past the end hold no data
    assert grid.first_chunk_shape == (2, 5, 1)
    assert list(grid.all_chunk_coords((2, 5, 1))) == [(0, 0, 0)]
    # Explicit edges grow by one chunk covering the growth; steps and covered axes stay.
    assert grid.update_shape((12, 30, 1)).chunk_shapes == ((2, 2, 2, 4, 2), 5, (1,))
    assert grid.update_shape((3, 30, 1)) == grid
    with pytest.raises(ValueError, match="sum to 1, less than the array's length 2 on that axis"):
        grid.check_covers((10, 1, 2))


@pytest.mark.parametrize(
    ("configuration", "message"),
    [
        ({"chunk_shapes": [[1, 2]]}, "kind None is not supported"),
        ({"kind": "external", "chunk_shapes": [[1, 2]]}, "kind 'external'"),
        ({"kind": "inline"}, "needs configuration"),
        ({"kind": "inline", "chunk_shapes": [[1, 2]], "extra": 1}, "unknown keys"),
        ({"kind": "inline", "chunk_shapes": [[]]}, "axis 0 of a rectilinear chunk grid has no"),
        ({"kind": "inline", "chunk_shapes": [[1, [2]]]}, r"run-length entry \[2\] on axis 0"),
        ({"kind": "inline", "chunk_shapes": [[1, [2, 0]]]}, "count on axis 0 must be"),
        ({"kind": "inline", "chunk_shapes": [1, [0]]}, "on axis 1 must be >= 1"),
        ({"kind": "inline", "chunk_shapes": [[1.5]]}, "on axis 0 must be an integer"),
        ({"kind": "inline", "chunk_shapes": "12"}, "one entry per axis"),
    ],
)
def test_bad_rectilinear_grids(configuration: Any, message: str) -> None:
    with pytest.raises((ValueError, TypeError), match=message):
        parse_chunk_grid({"name": "rectilinear", "configuration": configuration})


def test_unknown_grid_names_are_refused_by_name() -> None:
    with pytest.raises(ValueError, match="chunk grid 'hexagonal' is not supported"):
        parse_chunk_grid({"name": "hexagonal", "configuration": {}})
