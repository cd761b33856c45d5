# Generated from tests/_async/test_store_zip.py by codegen. Do not edit.

"""What only the zip store promises: modes, rewrites without duplicate entries, closing."""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest

from zarrlite._sync.api import open_array
from zarrlite._sync.api_arrays import create_array
from zarrlite._sync.store import RangeByteRequest, ZipStore, make_store_path
from zarrlite.errors import ReadOnlyError


def entries(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def test_rewrite_and_delete_leave_no_duplicate_entry(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with ZipStore(path, mode="w") as store:
        store.set("a/b", b"first")
        store.set("a/b", b"second")  # rewritten: the old entry is hidden at once
        store.set("c", b"gone")
        store.delete("c")
        assert store.get("a/b") == b"second"
        assert store.get("c") is None
        assert [key for key in store.list()] == ["a/b"]
    assert entries(path) == ["a/b"]  # close compacted the archive
    with zipfile.ZipFile(path) as archive:
        assert archive.read("a/b") == b"second"
        assert archive.testzip() is None


def test_modes(tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    with ZipStore(path, mode="x") as store:
        store.set("k", b"1")
    with pytest.raises(FileExistsError):
        ZipStore(path, mode="x").get("k")
    with ZipStore(path, mode="a") as store:  # appends, keeps what is there
        store.set("j", b"2")
        assert store.get("k") == b"1"
    reader = ZipStore(path)  # mode "r" by default: read-only
    assert reader.read_only
    assert sorted([key for key in reader.list()]) == ["j", "k"]
    assert reader.get("k", RangeByteRequest(0, 1)) == b"1"
    with pytest.raises(ReadOnlyError, match="'z'"):
        reader.set("z", b"3")
    with pytest.raises(ValueError, match="mode 'r'"):
        reader.with_read_only(False)
    reader.close()
    # as zarr-python: mode "r" with read_only=False opens; reads work, writes raise ValueError
    loose = ZipStore(path, mode="r", read_only=False)
    assert not loose.read_only
    assert loose.get("k") == b"1"
    with pytest.raises(ValueError, match=r"'z'.*mode 'r'"):
        loose.set("z", b"3")
    loose.close()
    with ZipStore(path, mode="w") as store:  # truncates
        assert [key for key in store.list()] == []
    with pytest.raises(ValueError, match="mode must be one of"):
        ZipStore(path, mode="r+")
    with pytest.raises(FileNotFoundError):
        ZipStore(tmp_path / "missing.zip").get("k")


def test_closed_store_reopens_for_appending(tmp_path: Path) -> None:
    path = tmp_path / "r.zip"
    store = ZipStore(path, mode="w")
    store.set("a", b"1")
    store.close()
    store.set("b", b"2")  # reopened in mode "a": nothing lost
    store.close()
    store.close()  # closing twice is fine
    assert sorted(entries(path)) == ["a", "b"]
    assert store.mode == "a"


def test_compressed_entries_and_byte_ranges(tmp_path: Path) -> None:
    path = tmp_path / "c.zip"
    with ZipStore(path, mode="w", compression=zipfile.ZIP_DEFLATED) as store:
        # zarr-python's attributes, kept by copies (and by the pickled store below).
        assert store.compression == zipfile.ZIP_DEFLATED and store.allowZip64 is True
        assert store.with_read_only(True).compression == zipfile.ZIP_DEFLATED
        assert not ZipStore(tmp_path / "n.zip", mode="w", allowZip64=False).allowZip64
        assert ZipStore(tmp_path / "n.zip", mode="w").compression == zipfile.ZIP_STORED
        store.set("k", bytes(range(200)))
        assert pickle.loads(pickle.dumps(store)).compression == zipfile.ZIP_DEFLATED
        assert store.get("k", RangeByteRequest(100, 103)) == bytes([100, 101, 102])
        assert store.getsize("k") == 200
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("k").compress_type == zipfile.ZIP_DEFLATED


def test_pickled_store_sees_written_values(tmp_path: Path) -> None:
    store = ZipStore(tmp_path / "p.zip", mode="w")
    store.set("k", b"v")
    clone = pickle.loads(pickle.dumps(store))
    assert clone.get("k") == b"v"
    store.set("k2", b"v2")  # the original goes on (reopened for appending)
    store.close()
    clone.close()
    assert sorted(entries(tmp_path / "p.zip")) == ["k", "k2"]


def test_array_round_trip_and_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "arr.zip"
    with ZipStore(path, mode="w") as store:
        array = create_array(store, shape=(6, 4), chunks=(3, 2), dtype="i4", fill_value=0)
        array.setitem(slice(None), np.arange(24, dtype="i4").reshape(6, 4))
        array.setitem((0, 0), 100)  # rewrites chunk 0/0
    names = entries(path)
    assert len(names) == len(set(names))  # no duplicate entry
    with ZipStore(path) as store:
        array = open_array(store, mode="r")
        expected = np.arange(24, dtype="i4").reshape(6, 4)
        expected[0, 0] = 100
        np.testing.assert_array_equal(array.getitem(slice(None)), expected)


def test_make_store_path_accepts_a_zip_store(tmp_path: Path) -> None:
    with ZipStore(tmp_path / "s.zip", mode="w") as store:
        store_path = make_store_path(store, path="g", mode="r")
        assert store_path.store.read_only and store_path.store == store.with_read_only(True)


def test_move_finishes_and_relocates_the_archive(tmp_path: Path) -> None:
    store = ZipStore(tmp_path / "a.zip", mode="w")
    store.set("k", b"1")
    store.set("k", b"2")  # a hidden entry: the move compacts it away
    store.move(tmp_path / "sub" / "b.zip")
    assert not (tmp_path / "a.zip").exists()
    assert store.path == tmp_path / "sub" / "b.zip"
    assert entries(tmp_path / "sub" / "b.zip") == ["k"]
    assert store.get("k") == b"2"  # reopens at the new path
    store.set("j", b"3")
    store.close()
    assert sorted(entries(tmp_path / "sub" / "b.zip")) == ["j", "k"]
    fresh = ZipStore(tmp_path / "x.zip", mode="x")
    fresh.move(tmp_path / "y.zip")  # never used: the file is made, then moved
    assert entries(tmp_path / "y.zip") == []
    with ZipStore(tmp_path / "y.zip") as read_only:
        with pytest.raises(ReadOnlyError, match="cannot move"):
            read_only.move(tmp_path / "z.zip")


def test_a_store_dropped_without_close_keeps_deletes_and_rewrites(tmp_path: Path) -> None:
    # zipfile closes an archive it collects, writing every entry ever written to its directory:
    # a key deleted (a chunk set to the fill value) came back, and a rewritten one was listed
    # twice, when the store was dropped (or the program ended) without close().
    import gc

    path = tmp_path / "a.zip"
    with ZipStore(path, mode="w") as store:
        array = create_array(store, shape=(4,), chunks=(2,), dtype="i2", fill_value=0)
        array.setitem(slice(None), np.arange(1, 5, dtype="i2"))
        store.set("k", b"1")
    store = ZipStore(path, mode="a")
    array = open_array(store)
    array.setitem(slice(0, 2), np.zeros(2, dtype="i2"))  # chunk 0 deleted
    store.set("k", b"2")
    del store, array
    gc.collect()
    names = entries(path)
    assert "c/0" not in names and sorted(names) == sorted(set(names))
    with ZipStore(path) as again:
        assert again.get("k") == b"2"
        np.testing.assert_array_equal(
            open_array(again, mode="r").getitem(slice(None)), [0, 0, 3, 4]
        )
