"""Rectilinear chunk grids against zarr-python 3.4, both ways: the same ``zarr.json``, the
same chunk keys and bytes, and each library reads what the other wrote (chunks and shards)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite
from tests._async.test_repaired_metadata import LEGACY
from zarrlite.errors import RectilinearChunksDisabledError

zarr = pytest.importorskip("zarr", minversion="3.4", reason="zarr-python is the oracle")

LAYOUTS: list[dict[str, Any]] = [
    {"shape": (10, 9), "chunks": [[3, 1, 4, 2], 4]},
    {"shape": (26,), "chunks": [[5, 5, 5, 10, 1]]},
    {"shape": (6, 7), "chunks": [[2, 2, 2], [1, 6]]},
    {"shape": (12, 10), "chunks": (2, 5), "shards": [[4, 8], 10]},
    {"shape": (12, 10), "chunks": (2, 5), "shards": [[4, 4, 4], [5, 5]]},
    {
        "shape": (12, 10),
        "chunks": (2, 5),
        "shards": {"shape": [[2, 10], 10], "index_location": "start"},
    },
]


@pytest.fixture(autouse=True)
def rectilinear_enabled() -> Any:
    with zarrlite.config.set({"array.rectilinear_chunks": True}), zarr.config.set(
        {"array.rectilinear_chunks": True}
    ):
        yield


def values_for(shape: tuple[int, ...]) -> np.ndarray[Any, Any]:
    return (np.arange(int(np.prod(shape)), dtype="<f8").reshape(shape) * 1.5) - 7


def stored_files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != "zarr.json"
    }


@pytest.mark.parametrize("layout", LAYOUTS)
def test_both_libraries_write_the_same_document_and_chunks(layout: dict[str, Any], tmp_path: Path) -> None:
    values = values_for(layout["shape"])
    kwargs = {"dtype": "<f8", "compressors": None, **layout}
    ours = zarrlite.create_array(tmp_path / "ours", **kwargs)
    theirs = zarr.create_array(tmp_path / "theirs", **kwargs)
    ours[...] = values
    theirs[...] = values
    ours_doc = json.loads((tmp_path / "ours" / "zarr.json").read_text())
    theirs_doc = json.loads((tmp_path / "theirs" / "zarr.json").read_text())
    assert ours_doc["chunk_grid"] == theirs_doc["chunk_grid"]
    assert ours_doc == theirs_doc
    assert stored_files(tmp_path / "ours") == stored_files(tmp_path / "theirs")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_zarr_python_reads_what_zarrlite_wrote(layout: dict[str, Any], tmp_path: Path) -> None:
    values = values_for(layout["shape"])
    ours = zarrlite.create_array(tmp_path / "a", dtype="<f8", **layout)
    ours[...] = values
    theirs = zarr.open_array(tmp_path / "a", mode="r")
    np.testing.assert_array_equal(theirs[...], values)
    assert theirs.write_chunk_sizes == ours.write_chunk_sizes
    assert theirs.read_chunk_sizes == ours.read_chunk_sizes
    assert theirs.cdata_shape == ours.cdata_shape
    assert theirs.nchunks_initialized == ours.nchunks_initialized


@pytest.mark.parametrize("layout", LAYOUTS)
def test_zarrlite_reads_and_updates_what_zarr_python_wrote(
    layout: dict[str, Any], tmp_path: Path
) -> None:
    values = values_for(layout["shape"])
    theirs = zarr.create_array(tmp_path / "a", dtype="<f8", **layout)
    theirs[...] = values
    with zarrlite.config.set({"array.rectilinear_chunks": False}):  # reading needs no flag
        ours = zarrlite.open_array(tmp_path / "a")
        np.testing.assert_array_equal(ours[...], values)
        region = tuple(slice(1, n - 1) for n in layout["shape"])
        ours[region] = 0.25
    values[region] = 0.25
    np.testing.assert_array_equal(zarr.open_array(tmp_path / "a", mode="r")[...], values)


def test_resized_grids_agree(tmp_path: Path) -> None:
    ours = zarrlite.create_array(tmp_path / "ours", shape=(10,), chunks=[[3, 7]], dtype="i2")
    theirs = zarr.create_array(tmp_path / "theirs", shape=(10,), chunks=[[3, 7]], dtype="i2")
    for array in (ours, theirs):
        array[...] = np.arange(10)
        array.resize((14,))
        array.resize((5,))
    assert ours.metadata.to_dict()["chunk_grid"] == json.loads(
        (tmp_path / "theirs" / "zarr.json").read_text()
    )["chunk_grid"]
    np.testing.assert_array_equal(zarr.open_array(tmp_path / "ours")[...], np.arange(5))
    np.testing.assert_array_equal(zarrlite.open_array(tmp_path / "theirs")[...], np.arange(5))


@pytest.mark.parametrize(
    "grid",
    [
        {"kind": "inline", "chunk_shapes": [[[2, 3], 4], 5]},
        {"kind": "inline", "chunk_shapes": [3, [1, 1, [2, 2], 5]]},
        {"kind": "inline", "chunk_shapes": [[[10, 1]], [[3, 4]]]},
    ],
)
def test_stored_grids_are_read_as_zarr_python_reads_them(grid: dict[str, Any], tmp_path: Path) -> None:
    """Hand-written documents (run-length entries, bare steps) decode to the same grid."""
    document = {
        "zarr_format": 3,
        "node_type": "array",
        "shape": [10, 11],
        "data_type": "uint8",
        "chunk_grid": {"name": "rectilinear", "configuration": grid},
        "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
        "fill_value": 3,
        "codecs": [{"name": "bytes"}],
    }
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "zarr.json").write_text(json.dumps(document))
    ours = zarrlite.open_array(tmp_path / "a")
    theirs = zarr.open_array(tmp_path / "a")
    assert ours.read_chunk_sizes == theirs.read_chunk_sizes
    assert ours.metadata.to_dict()["chunk_grid"] == json.loads(
        json.dumps(theirs.metadata.to_dict()["chunk_grid"])
    )
    ours[...] = np.arange(110, dtype="u1").reshape(10, 11)
    np.testing.assert_array_equal(theirs[...], np.arange(110, dtype="u1").reshape(10, 11))


def test_the_flag_gates_creation_in_both(tmp_path: Path) -> None:
    with zarrlite.config.set({"array.rectilinear_chunks": False}):
        with pytest.raises(RectilinearChunksDisabledError):
            zarrlite.create_array(tmp_path / "a", shape=(4,), chunks=[[1, 3]], dtype="u1")
    with zarr.config.set({"array.rectilinear_chunks": False}):
        with pytest.raises(ValueError):  # zarr-python's error is a ValueError too
            zarr.create_array(tmp_path / "b", shape=(4,), chunks=[[1, 3]], dtype="u1")


def test_legacy_edge_lists_in_a_regular_grid(tmp_path: Path) -> None:
    """zarr-python 3.2 stored chunks=(2, (5, 10, 5)) as a 'regular' grid holding edge lists.
    Both libraries read it as rectilinear, with the same data; once zarrlite writes a chunk,
    the stored grid is the rectilinear one, which zarr-python reads without a warning."""
    (tmp_path / "zarr.json").write_text(json.dumps(LEGACY))
    (tmp_path / "c" / "1").mkdir(parents=True)
    (tmp_path / "c" / "1" / "1").write_bytes(np.arange(20, dtype="<i4").tobytes())
    with pytest.warns(UserWarning):
        theirs = zarr.open_array(tmp_path, mode="r")[...]
    with pytest.warns(zarrlite.errors.ZarrUserWarning):
        arr = zarrlite.open_array(tmp_path)
    assert np.array_equal(arr[...], theirs)
    arr[5, 19] = 9
    theirs[5, 19] = 9
    assert json.loads((tmp_path / "zarr.json").read_text())["chunk_grid"]["name"] == "rectilinear"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        reread = zarr.open_array(tmp_path, mode="r")
        assert reread.read_chunk_sizes == ((2, 2, 2), (5, 10, 5))
        assert np.array_equal(reread[...], theirs)
