"""What only the zip store promises: modes, rewrites without duplicate entries, closing."""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings  # codegen: async-only
from hypothesis import strategies as st  # codegen: async-only

from zarrlite._async.api import open_array
from zarrlite._async.api_arrays import create_array
from zarrlite._async.store import AsyncZipStore, RangeByteRequest, make_store_path
from zarrlite._async.store._zip_archive import ZipArchive  # codegen: async-only
from zarrlite.errors import ReadOnlyError

pytestmark = pytest.mark.anyio


def entries(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


async def test_rewrite_and_delete_leave_no_duplicate_entry(tmp_path: Path) -> None:
    path = tmp_path / "a.zip"
    with AsyncZipStore(path, mode="w") as store:
        await store.set("a/b", b"first")
        await store.set("a/b", b"second")  # rewritten: the old entry is hidden at once
        await store.set("c", b"gone")
        await store.delete("c")
        assert await store.get("a/b") == b"second"
        assert await store.get("c") is None
        assert [key async for key in store.list()] == ["a/b"]
    assert entries(path) == ["a/b"]  # close compacted the archive
    with zipfile.ZipFile(path) as archive:
        assert archive.read("a/b") == b"second"
        assert archive.testzip() is None


async def test_modes(tmp_path: Path) -> None:
    path = tmp_path / "m.zip"
    with AsyncZipStore(path, mode="x") as store:
        await store.set("k", b"1")
    with pytest.raises(FileExistsError):
        await AsyncZipStore(path, mode="x").get("k")
    with AsyncZipStore(path, mode="a") as store:  # appends, keeps what is there
        await store.set("j", b"2")
        assert await store.get("k") == b"1"
    reader = AsyncZipStore(path)  # mode "r" by default: read-only
    assert reader.read_only
    assert sorted([key async for key in reader.list()]) == ["j", "k"]
    assert await reader.get("k", RangeByteRequest(0, 1)) == b"1"
    with pytest.raises(ReadOnlyError, match="'z'"):
        await reader.set("z", b"3")
    with pytest.raises(ValueError, match="mode 'r'"):
        reader.with_read_only(False)
    reader.close()
    # as zarr-python: mode "r" with read_only=False opens; reads work, writes raise ValueError
    loose = AsyncZipStore(path, mode="r", read_only=False)
    assert not loose.read_only
    assert await loose.get("k") == b"1"
    with pytest.raises(ValueError, match=r"'z'.*mode 'r'"):
        await loose.set("z", b"3")
    loose.close()
    with AsyncZipStore(path, mode="w") as store:  # truncates
        assert [key async for key in store.list()] == []
    with pytest.raises(ValueError, match="mode must be one of"):
        AsyncZipStore(path, mode="r+")
    with pytest.raises(FileNotFoundError):
        await AsyncZipStore(tmp_path / "missing.zip").get("k")


async def test_closed_store_reopens_for_appending(tmp_path: Path) -> None:
    path = tmp_path / "r.zip"
    store = AsyncZipStore(path, mode="w")
    await store.set("a", b"1")
    store.close()
    await store.set("b", b"2")  # reopened in mode "a": nothing lost
    store.close()
    store.close()  # closing twice is fine
    assert sorted(entries(path)) == ["a", "b"]
    assert store.mode == "a"


async def test_compressed_entries_and_byte_ranges(tmp_path: Path) -> None:
    path = tmp_path / "c.zip"
    with AsyncZipStore(path, mode="w", compression=zipfile.ZIP_DEFLATED) as store:
        # zarr-python's attributes, kept by copies (and by the pickled store below).
        assert store.compression == zipfile.ZIP_DEFLATED and store.allowZip64 is True
        assert store.with_read_only(True).compression == zipfile.ZIP_DEFLATED
        assert not AsyncZipStore(tmp_path / "n.zip", mode="w", allowZip64=False).allowZip64
        assert AsyncZipStore(tmp_path / "n.zip", mode="w").compression == zipfile.ZIP_STORED
        await store.set("k", bytes(range(200)))
        assert pickle.loads(pickle.dumps(store)).compression == zipfile.ZIP_DEFLATED
        assert await store.get("k", RangeByteRequest(100, 103)) == bytes([100, 101, 102])
        assert await store.getsize("k") == 200
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("k").compress_type == zipfile.ZIP_DEFLATED


async def test_pickled_store_sees_written_values(tmp_path: Path) -> None:
    store = AsyncZipStore(tmp_path / "p.zip", mode="w")
    await store.set("k", b"v")
    clone = pickle.loads(pickle.dumps(store))
    assert await clone.get("k") == b"v"
    await store.set("k2", b"v2")  # the original goes on (reopened for appending)
    store.close()
    clone.close()
    assert sorted(entries(tmp_path / "p.zip")) == ["k", "k2"]


async def test_array_round_trip_and_rewrites(tmp_path: Path) -> None:
    path = tmp_path / "arr.zip"
    with AsyncZipStore(path, mode="w") as store:
        array = await create_array(store, shape=(6, 4), chunks=(3, 2), dtype="i4", fill_value=0)
        await array.setitem(slice(None), np.arange(24, dtype="i4").reshape(6, 4))
        await array.setitem((0, 0), 100)  # rewrites chunk 0/0
    names = entries(path)
    assert len(names) == len(set(names))  # no duplicate entry
    with AsyncZipStore(path) as store:
        array = await open_array(store, mode="r")
        expected = np.arange(24, dtype="i4").reshape(6, 4)
        expected[0, 0] = 100
        np.testing.assert_array_equal(await array.getitem(slice(None)), expected)


async def test_make_store_path_accepts_a_zip_store(tmp_path: Path) -> None:
    with AsyncZipStore(tmp_path / "s.zip", mode="w") as store:
        store_path = await make_store_path(store, path="g", mode="r")
        assert store_path.store.read_only and store_path.store == store.with_read_only(True)


async def test_move_finishes_and_relocates_the_archive(tmp_path: Path) -> None:
    store = AsyncZipStore(tmp_path / "a.zip", mode="w")
    await store.set("k", b"1")
    await store.set("k", b"2")  # a hidden entry: the move compacts it away
    await store.move(tmp_path / "sub" / "b.zip")
    assert not (tmp_path / "a.zip").exists()
    assert store.path == tmp_path / "sub" / "b.zip"
    assert entries(tmp_path / "sub" / "b.zip") == ["k"]
    assert await store.get("k") == b"2"  # reopens at the new path
    await store.set("j", b"3")
    store.close()
    assert sorted(entries(tmp_path / "sub" / "b.zip")) == ["j", "k"]
    fresh = AsyncZipStore(tmp_path / "x.zip", mode="x")
    await fresh.move(tmp_path / "y.zip")  # never used: the file is made, then moved
    assert entries(tmp_path / "y.zip") == []
    with AsyncZipStore(tmp_path / "y.zip") as read_only:
        with pytest.raises(ReadOnlyError, match="cannot move"):
            await read_only.move(tmp_path / "z.zip")


# codegen: async-only-start
# The archive is blocking code shared by both flavours: one hypothesis test, not one per flavour.
_OPS = st.lists(
    st.tuples(st.sampled_from(["a", "b/c", "b/d", "é"]), st.none() | st.binary(max_size=8)),
    max_size=12,
)


@settings(max_examples=40, deadline=None)
@given(ops=_OPS, reopen_at=st.integers(0, 12))
def test_archive_matches_a_dict_after_any_writes_and_deletes(
    ops: list[tuple[str, bytes | None]], reopen_at: int
) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "h.zip"
        archive = ZipArchive(path, "w", zipfile.ZIP_STORED, True)
        model: dict[str, bytes] = {}
        for i, (key, value) in enumerate(ops):
            if i == reopen_at:
                archive.close()  # later operations append to the finished archive
            if value is None:
                archive.remove(key)
                model.pop(key, None)
            else:
                archive.write(key, value)
                model[key] = value
            assert {k: archive.read(k, None) for k in archive.names()} == model
        archive.close()
        if not path.exists():  # nothing was ever opened
            assert not ops
            return
        with zipfile.ZipFile(path) as finished:
            names = finished.namelist()
            assert len(names) == len(set(names))  # never a duplicate entry
            assert {name: finished.read(name) for name in names} == model


# codegen: async-only-end


async def test_a_store_dropped_without_close_keeps_deletes_and_rewrites(tmp_path: Path) -> None:
    # zipfile closes an archive it collects, writing every entry ever written to its directory:
    # a key deleted (a chunk set to the fill value) came back, and a rewritten one was listed
    # twice, when the store was dropped (or the program ended) without close().
    import gc

    path = tmp_path / "a.zip"
    with AsyncZipStore(path, mode="w") as store:
        array = await create_array(store, shape=(4,), chunks=(2,), dtype="i2", fill_value=0)
        await array.setitem(slice(None), np.arange(1, 5, dtype="i2"))
        await store.set("k", b"1")
    store = AsyncZipStore(path, mode="a")
    array = await open_array(store)
    await array.setitem(slice(0, 2), np.zeros(2, dtype="i2"))  # chunk 0 deleted
    await store.set("k", b"2")
    del store, array
    gc.collect()
    names = entries(path)
    assert "c/0" not in names and sorted(names) == sorted(set(names))
    with AsyncZipStore(path) as again:
        assert await again.get("k") == b"2"
        np.testing.assert_array_equal(
            await (await open_array(again, mode="r")).getitem(slice(None)), [0, 0, 3, 4]
        )
