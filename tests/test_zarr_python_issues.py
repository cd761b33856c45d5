"""Reproductions of bugs users reported against zarr-python 3 (zarr-developers/zarr-python).

Each test names its issue. zarrlite is held to the behaviour the reporter and the maintainers
agreed is correct (or to the Zarr spec), not to what zarr-python did at the time.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numcodecs
import numpy as np
import pytest

import zarrlite as zarr
from zarrlite.storage import LocalStore, MemoryStore, ZipStore


def _strict_json(text: str) -> object:
    """Parse JSON refusing the non-standard NaN/Infinity literals Python's json accepts."""

    def refuse(constant: str) -> object:
        raise ValueError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("compressor", [None, numcodecs.Zstd(level=1), numcodecs.Blosc()])
def test_v2_struct_with_datetime_fields_round_trips(compressor: object) -> None:
    """#632: a v2 struct with datetime64/timedelta64 fields could not be compressed
    ("cannot include dtype 'M' in a buffer")."""
    dtype = np.dtype([("date", "M8[D]"), ("num", "i8"), ("inner", [("dt", "m8[ms]")])])
    data = np.zeros(5, dtype=dtype)
    data["date"] = np.arange(5)
    data["num"] = [3, 1, 4, 1, 5]
    data["inner"]["dt"] = [9, 8, 7, 6, 5]
    z = zarr.array(data, chunks=2, zarr_format=2, compressor=compressor)
    np.testing.assert_array_equal(z[:], data)
    z[1:3] = data[3:5]
    np.testing.assert_array_equal(z[1:3], data[3:5])


def test_resize_shrink_then_grow_shows_fill_value() -> None:
    """#1017: shrinking then growing an array brought back the old values of the chunks
    that were only partly cut off."""
    z = zarr.create_array(MemoryStore(), shape=(4, 6), chunks=(2, 3), dtype="i4")
    z[:] = 1
    z.resize((1, 1))
    z.resize((4, 6))
    expected = np.zeros((4, 6), dtype="i4")
    expected[0, 0] = 1
    np.testing.assert_array_equal(z[:], expected)


def test_zip_store_resize_keeps_one_metadata_entry(tmp_path: Path) -> None:
    """#3580: every resize in a ZipStore appended another zarr.json entry to the zip file."""
    path = tmp_path / "a.zip"
    with ZipStore(path, mode="w") as store:
        a = zarr.create_array(store, shape=(4,), dtype="i4", chunks=(2,))
        for n in range(5, 9):
            a.resize((n,))
        a.attrs["x"] = 1
    names = zipfile.ZipFile(path).namelist()
    assert names.count("zarr.json") == 1
    with ZipStore(path, mode="r") as store:
        reopened = zarr.open_array(store, mode="r")
        assert reopened.shape == (8,)
        assert reopened.attrs["x"] == 1


def test_v2_consolidated_metadata_writes_nan_as_string(tmp_path: Path) -> None:
    """#2990 (and #2741 for .zarray): NaN fill values were written as the bare NaN literal,
    which is not JSON."""
    root = zarr.group(str(tmp_path), zarr_format=2)
    root.create_array("time", shape=(12,), dtype="f8", fill_value=np.nan)
    zarr.consolidate_metadata(str(tmp_path))
    meta = _strict_json((tmp_path / ".zmetadata").read_text())
    assert meta["metadata"]["time/.zarray"]["fill_value"] == "NaN"  # type: ignore[index]
    array_meta = _strict_json((tmp_path / "time" / ".zarray").read_text())
    assert array_meta["fill_value"] == "NaN"  # type: ignore[index]


def test_v2_consolidated_metadata_with_structured_dtype(tmp_path: Path) -> None:
    """#2998: consolidating a v2 hierarchy holding a structured array failed."""
    dtype = np.dtype([("inline", "i4"), ("crossline", "i4")])
    root = zarr.open_group(str(tmp_path), mode="w", zarr_format=2)
    a = root.create_array("headers", shape=(3,), dtype=dtype)
    data = np.array([(1, 2), (3, 4), (5, 6)], dtype=dtype)
    a[:] = data
    zarr.consolidate_metadata(str(tmp_path))
    reopened = zarr.open_consolidated(str(tmp_path))
    np.testing.assert_array_equal(reopened["headers"][:], data)


def test_sharded_orthogonal_setitem_with_repeated_index() -> None:
    """#2834: oindex assignment into a sharded array with a repeated integer index raised a
    shape mismatch (the inner selection was taken as a coordinate selection)."""
    a = zarr.create_array(
        MemoryStore(), shape=(1, 2, 1), chunks=(1, 2, 1), shards=(1, 2, 1), dtype="i4"
    )
    selection = (np.array([0]), np.array([0, 0]), np.array([0]))
    a.oindex[selection] = np.full(a.oindex[selection].shape, 1)
    assert a[:].ravel().tolist() == [1, 0]


def test_sharded_outer_indexing() -> None:
    """#2816: an integer list next to an integer, in a sharded array, raised."""
    a = zarr.create_array(MemoryStore(), shape=(10, 10), chunks=(2, 2), shards=(4, 4), dtype="i4")
    data = np.arange(100, dtype="i4").reshape(10, 10)
    a[:] = data
    np.testing.assert_array_equal(a[5, [0, 1]], data[5, [0, 1]])
    np.testing.assert_array_equal(a.oindex[[1, 7], 3:9:2], data[[1, 7]][:, 3:9:2])


def test_group_opened_read_only_refuses_delete() -> None:
    """#3147: del group[name] deleted a member of a group opened with mode='r'."""
    store = MemoryStore()
    root = zarr.create_group(store=store)
    root.create_group("foo")
    root.create_group("bar")
    read_only = zarr.open_group(store, mode="r")
    with pytest.raises(ValueError):
        del read_only["foo"]
    assert sorted(zarr.open_group(store, mode="r").group_keys()) == ["bar", "foo"]


def test_vindex_setitem_shape_mismatch_raises_and_writes_nothing() -> None:
    """#2469: assigning a (2, 2) value to a 2-point coordinate selection was accepted and
    wrote part of it."""
    arr = zarr.create_array(MemoryStore(), shape=(4, 4), chunks=(2, 2), dtype="i2", fill_value=7)
    with pytest.raises(ValueError):
        arr[np.array([1, 2]), np.array([1, 2])] = np.array([[-1, -2], [-3, -4]])
    np.testing.assert_array_equal(arr[:], np.full((4, 4), 7, dtype="i2"))


@pytest.mark.parametrize("kind", ["memory", "local"])
def test_list_dir_lists_immediate_children_once(kind: str, tmp_path: Path) -> None:
    """#2116: MemoryStore.list_dir listed a child once per nested key below it."""
    store = MemoryStore() if kind == "memory" else LocalStore(str(tmp_path))
    for key in (
        "root/a0/zarr.json",
        "root/g0/zarr.json",
        "root/g0/a1/zarr.json",
        "root/g0/g1/a2/zarr.json",
    ):
        store.set(key, b"{}")
    assert sorted(store.list_dir("root")) == ["a0", "g0"]


def test_members_lists_groups_created_separately_at_depth() -> None:
    """#2830: groups created by separate open_group calls at nested paths were missing from
    members(max_depth=...)."""
    store = MemoryStore()
    zarr.open_group(store, mode="w").create_array("a", shape=(3,), dtype="i8")
    zarr.open_group(store, path="Group1", mode="a").create_array("a", shape=(), dtype="i8")
    zarr.open_group(store, path="Group1/subgroup1", mode="a").create_array(
        "b", shape=(), dtype="i8"
    )
    paths = sorted(path for path, _ in zarr.open_group(store, mode="r").members(max_depth=None))
    assert paths == ["Group1", "Group1/a", "Group1/subgroup1", "Group1/subgroup1/b", "a"]


def test_write_empty_chunks_config_applies_when_reopening(tmp_path: Path) -> None:
    """#3378: config={'write_empty_chunks': True} was ignored when opening an existing array."""
    zarr.create_array(str(tmp_path), shape=(20,), chunks=(10,), dtype="f8", fill_value=0.0)
    arr = zarr.open_array(str(tmp_path), mode="r+", config={"write_empty_chunks": True})
    arr[0:10] = np.zeros(10)
    assert (tmp_path / "c" / "0").exists()
    assert not (tmp_path / "c" / "1").exists()


@pytest.mark.parametrize("index_location", ["start", "end"])
def test_zero_dimensional_sharded_array_round_trips(index_location: str) -> None:
    """#3751: a 0-d array with shards=() could not be used (zarrlite wrote it but reading
    the shard back failed: 'numpy.float32' object does not support item assignment)."""
    arr = zarr.create_array(
        MemoryStore(),
        shape=(),
        dtype="f4",
        chunks=(),
        shards={"shape": (), "index_location": index_location},
    )
    assert arr[()] == 0.0
    arr[()] = 42.0
    assert arr[()] == 42.0
    assert arr[...] == 42.0
    assert zarr.open_array(arr.store, mode="r")[()] == 42.0


def test_reconsolidating_ignores_stale_child_consolidated_metadata() -> None:
    """#2921: after consolidating a subgroup, nodes created below it later were missing from a
    new consolidation of the root."""
    store = MemoryStore()
    root = zarr.group(store=store, zarr_format=3)
    root.create_group("foo")
    zarr.consolidate_metadata(store, path="foo")
    root.create_group("foo/bar/spam")
    zarr.consolidate_metadata(store)
    reopened = zarr.open_consolidated(store, zarr_format=3)
    assert sorted(path for path, _ in reopened.members(max_depth=None)) == [
        "foo",
        "foo/bar",
        "foo/bar/spam",
    ]


def test_nested_array_name_writes_explicit_parent_groups(tmp_path: Path) -> None:
    """#2794 (and #2187 for the root): creating 'foo/bar/baz' left foo and foo/bar as implicit
    groups, which Zarr v3 no longer has."""
    root = zarr.open_group(str(tmp_path), mode="w")
    root.create_array(name="foo/bar/baz", shape=(4,), chunks=(2,), dtype="i4")
    keys = sorted(LocalStore(str(tmp_path)).list_prefix(""))
    assert keys == ["foo/bar/baz/zarr.json", "foo/bar/zarr.json", "foo/zarr.json", "zarr.json"]
    path = tmp_path / "other"
    zarr.create(shape=(3, 1), path="foo", store=str(path), mode="w")
    assert zarr.open_group(str(path), mode="r")["foo"].shape == (3, 1)


def test_zip_store_with_directory_entries(tmp_path: Path) -> None:
    """#2757: a zip holding explicit directory entries ('bar/') listed wrong group members."""
    path = tmp_path / "dirs.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(".zgroup", json.dumps({"zarr_format": 2}))
        zf.writestr("bar/", "")
        zf.writestr("bar/.zgroup", json.dumps({"zarr_format": 2}))
        zf.writestr("bar/faz/", "")
        zf.writestr("bar/faz/.zgroup", json.dumps({"zarr_format": 2}))
    with ZipStore(path, mode="r") as store:
        group = zarr.open_group(store, mode="r")
        assert list(group.keys()) == ["bar"]
        assert list(group["bar"].keys()) == ["faz"]


def test_open_group_with_v2_format_does_not_write_beside_v3_group(tmp_path: Path) -> None:
    """Reported in ScrollPrize/villa#1700 against zarr-python 3.2/3.3: open_group(mode='a')
    with zarr_format=2 (or default_zarr_format=2) on an existing v3 group wrote a .zgroup
    next to zarr.json. zarrlite opens the v3 group when the format is not given, and refuses
    an explicit zarr_format=2 instead of mixing formats."""
    zarr.open_group(str(tmp_path), mode="w", zarr_format=3).create_array(
        "existing", shape=(2,), dtype="i1"
    )
    with zarr.config.set({"default_zarr_format": 2}):
        group = zarr.open_group(str(tmp_path), mode="a")
    assert group.metadata.zarr_format == 3
    with pytest.raises(ValueError):
        zarr.open_group(str(tmp_path), mode="a", zarr_format=2)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existing", "zarr.json"]
