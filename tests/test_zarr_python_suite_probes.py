"""Gaps found by running zarr-python 3.4.2's own test suite against zarrlite.

Each test names the zarr-python test (``tests/<file>::<name>``) that exposed the gap and checks
the public behaviour in plain zarrlite terms.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite as zarr
from zarrlite.storage import ZipStore


def test_zip_store_mode_r_with_read_only_false_reads(tmp_path: Path) -> None:
    """tests/test_api.py::test_load_zip[False-*]: ``ZipStore(path, mode="r", read_only=False)``
    opens (as in zarr-python) and loads; it used to raise ValueError at construction."""
    file = tmp_path / "t.zip"
    data = np.arange(100).reshape(10, 10)
    with ZipStore(file, mode="w") as zs:
        zarr.save(zs, data, path="data")
    with ZipStore(file, mode="r", read_only=False) as zs:
        assert zs.read_only is False
        np.testing.assert_array_equal(zarr.load(store=zs, path="data"), data)


def test_zip_store_mode_r_with_read_only_false_refuses_writes(tmp_path: Path) -> None:
    """Writes and deletes through such a store raise ValueError naming the key and leave the
    archive readable and unchanged (zarr-python: zipfile's ValueError)."""
    file = tmp_path / "t.zip"
    with ZipStore(file, mode="w") as zs:
        zarr.save(zs, np.arange(4))
    before = file.read_bytes()
    with ZipStore(file, mode="r", read_only=False) as zs:
        with pytest.raises(ValueError, match=r"'c/0'.*mode 'r'"):
            zs.set("c/0", b"\x00" * 32)
        with pytest.raises(ValueError, match=r"'zarr\.json'.*mode 'r'"):
            zs.delete("zarr.json")
        # the refused rewrite did not hide the stored entry
        assert zs.get("c/0") is not None
        np.testing.assert_array_equal(zarr.load(store=zs), np.arange(4))
    assert file.read_bytes() == before
    with zipfile.ZipFile(file) as zf:
        assert "zarr.json" in zf.namelist()


def test_zdtype_is_subscriptable_like_zarr_pythons_generic() -> None:
    """tests/test_array.py (collection): annotations such as ``zdtype: ZDType[Any, Any]`` are
    evaluated at import; zarrlite's ``ZDType`` was not subscriptable (TypeError)."""
    from typing import Any, get_origin

    from zarrlite.dtype import Int32, ZDType

    alias = ZDType[Any, Any]
    assert get_origin(alias) is ZDType
    assert get_origin(Int32[Any, Any]) is Int32
    assert isinstance(Int32(), ZDType)


@pytest.mark.parametrize("method", ["zeros", "ones", "empty", "full", "zeros_like", "full_like"])
@pytest.mark.parametrize("zarr_format", [2, 3])
def test_group_shorthands_accept_the_groups_zarr_format(method: str, zarr_format: int) -> None:
    """tests/test_group.py::test_group_array_shorthands_use_group_format (pass_zarr_format=True):
    ``group.zeros(name=..., shape=..., zarr_format=<the group's>)`` raised TypeError (zarr_format
    given twice). The group's own format is accepted; another one is a ValueError."""
    group = zarr.group(store={}, zarr_format=zarr_format)  # type: ignore[arg-type]
    kwargs: dict[str, object] = {"fill_value": 3} if method.startswith("full") else {}
    if method.endswith("_like"):
        kwargs["data"] = zarr.zeros(store={}, shape=(4,), dtype="int32")
    else:
        kwargs["shape"] = (4,)
    arr = getattr(group, method)(name="a", zarr_format=zarr_format, **kwargs)
    assert arr.metadata.zarr_format == zarr_format
    assert list(group.array_keys()) == ["a"]
    with pytest.raises(ValueError, match="zarr_format"):
        getattr(group, method)(name="b", zarr_format=5 - zarr_format, **kwargs)
    assert list(group.array_keys()) == ["a"]


_NOT_ARRAYS: list[object] = [
    "not an array",
    [1, 2, 3],
    5,
    np.int64(3),
    None,
    zarr.zeros(store={}, shape=(3,), dtype="int32"),
]


@pytest.mark.parametrize("value", _NOT_ARRAYS, ids=lambda v: type(v).__name__)
def test_save_refuses_what_is_not_ndarray_like_before_writing(value: object) -> None:
    """tests/test_api.py::test_save_errors: zarr-python's ``save``/``save_array``/``save_group``
    take numpy-like arrays only (``TypeError`` for a list, a scalar, a string, a zarr array);
    zarrlite saved ``"not an array"`` as a 0-d array. The error names the argument, and the
    node already stored is left as it was."""
    store: dict[str, object] = {}
    zarr.save(store, np.arange(2), kept=np.ones(3))
    before = {key: bytes(v) for key, v in store.items()}  # type: ignore[call-overload]
    with pytest.raises(TypeError, match=r"Keyword argument 'bad'.*NDArrayLike"):
        zarr.save_group(store, np.arange(4), bad=value)
    with pytest.raises(TypeError, match=r"Positional argument 1 \(arr_1\)"):
        zarr.save_group(store, np.arange(4), value)
    with pytest.raises(TypeError, match=r"Keyword argument 'bad'"):
        zarr.save(store, bad=value)
    with pytest.raises(TypeError, match=r"save_array: arr"):
        zarr.save(store, value, path="one")
    with pytest.raises(TypeError, match=r"save_array: arr"):
        zarr.save_array(store, value, path="one")
    assert {key: bytes(v) for key, v in store.items()} == before  # type: ignore[call-overload]


def test_save_refusal_matches_zarr_python_and_async_api() -> None:
    """The same values are refused by zarr-python 3.4.2, and by zarrlite's async API; numpy
    arrays (0-d, masked, record) are still saved."""
    import asyncio
    import warnings

    import zarr as zarr_python

    from zarrlite.api import asynchronous as async_api

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for value in ["x", [1, 2], 5, np.int64(3), None]:
            with pytest.raises(TypeError):
                zarr_python.save_group({}, a=np.arange(2), b=value)
            with pytest.raises(TypeError):
                zarr_python.save_array({}, value)
            with pytest.raises(TypeError, match="'b'"):
                asyncio.run(async_api.save_group({}, a=np.arange(2), b=value))
            with pytest.raises(TypeError, match="arr"):
                asyncio.run(async_api.save({}, value))
    for ok in [np.array(5), np.ma.array([1, 2]), np.rec.array([(1, 2)], dtype="i4,i4")]:
        store: dict[str, object] = {}
        zarr.save(store, ok, b=ok)
        np.testing.assert_array_equal(zarr.load(store)["b"], np.asarray(ok))


def test_copying_a_fortran_v2_array_to_v3_warns_that_the_order_is_dropped() -> None:
    """tests/test_array.py::test_from_array (v2 order="F" source, v3 target): zarr-python warns
    ZarrUserWarning that the order is dropped, with or without ``order=``; zarrlite warned only
    when ``order=`` was given. Same situations as zarr-python 3.4.2: ``from_array``, ``array``,
    ``create_array(data=...)`` (module and group), not the ``*_like`` functions nor a v2 copy
    nor a C-ordered source."""
    import warnings

    import zarr as zarr_python

    from zarrlite.errors import ZarrRuntimeWarning, ZarrUserWarning

    def dropped_order_warnings(module: Any, source: Any, call: str) -> int:
        calls = {
            "from_array": lambda: module.from_array({}, data=source, zarr_format=3),
            "from_array_v2": lambda: module.from_array({}, data=source, zarr_format=2),
            "from_array_keep": lambda: module.from_array({}, data=source),
            "array": lambda: module.array(source, store={}, zarr_format=3),
            "create_array": lambda: module.create_array({}, data=source),
            "group_create_array": lambda: module.group({}).create_array("a", data=source),
            "zeros_like": lambda: module.zeros_like(source, zarr_format=3, store={}),
        }
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            calls[call]()
        return sum("'order'" in str(w.message) and w.category.__name__ == "ZarrUserWarning"
                   for w in caught)

    for module in (zarr, zarr_python):
        fortran = module.create_array({}, shape=(2, 3), dtype="i1", order="F", zarr_format=2)
        fortran[:] = np.arange(6).reshape(2, 3)
        c_order = module.create_array({}, shape=(2, 3), dtype="i1", zarr_format=2)
        for call, expected in [
            ("from_array", 1), ("array", 1), ("create_array", 1), ("group_create_array", 1),
            ("from_array_v2", 0), ("from_array_keep", 0), ("zeros_like", 0),
        ]:
            assert dropped_order_warnings(module, fortran, call) == expected, (module, call)
            assert dropped_order_warnings(module, c_order, call) == 0, (module, call)

    fortran = zarr.create_array({}, shape=(2, 3), dtype="i1", order="F", zarr_format=2)
    fortran[:] = np.arange(6).reshape(2, 3)
    store: dict[str, object] = {}
    with pytest.warns(ZarrUserWarning, match=r"order='F' of the source .* ignored \(the array at '' \(root\)"):
        copied = zarr.from_array(store, data=fortran, zarr_format=3)
    assert copied.order == "C"
    np.testing.assert_array_equal(copied[:], np.arange(6).reshape(2, 3))
    # order= given as well: both warnings, as zarr-python
    with pytest.warns(ZarrUserWarning, match="order='F'"):
        with pytest.warns(ZarrRuntimeWarning, match="order"):
            zarr.from_array({}, data=fortran, zarr_format=3, order="F")


def _partial_read_warnings(call: Any, *args: Any, **kwargs: Any) -> int:
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call(*args, **kwargs)
    return sum(
        "disables partial reads and writes" in str(w.message)
        and w.category.__name__ == "ZarrUserWarning"
        for w in caught
    )


def test_codecs_outside_a_sharding_codec_warn_on_create_and_open() -> None:
    """tests/test_codecs/test_codecs.py::test_invalid_metadata_create_array and
    ::test_sharding_warning_fires_once_per_open: zarr-python 3.4.2 warns ZarrUserWarning when an
    array's codecs hold a ``sharding_indexed`` codec and any other codec (bytes-to-bytes after
    it, or array-to-array before it: each shard is then read and written whole), once per
    handle made (create, open, a group's member); zarrlite did not warn. Compared case by case
    with zarr-python."""
    import zarr as zarr_python

    for module in (zarr, zarr_python):
        codecs = module.codecs
        cases: dict[str, tuple[dict[str, Any], int]] = {
            "compressors after": (
                {"serializer": codecs.ShardingCodec(chunk_shape=(4, 4)),
                 "compressors": [codecs.GzipCodec()]}, 1),
            "default compressor after": (
                {"serializer": codecs.ShardingCodec(chunk_shape=(4, 4))}, 1),
            "filter before": (
                {"serializer": codecs.ShardingCodec(chunk_shape=(4, 4)), "compressors": None,
                 "filters": [codecs.TransposeCodec(order=(1, 0))]}, 1),
            "sharding alone": (
                {"serializer": codecs.ShardingCodec(chunk_shape=(4, 4)), "compressors": None}, 0),
            "shards= with compressors": (
                {"shards": (8, 8), "chunks": (4, 4), "compressors": [codecs.GzipCodec()]}, 0),
            "inner compressor": (
                {"serializer": codecs.ShardingCodec(
                    chunk_shape=(4, 4), codecs=[codecs.BytesCodec(), codecs.GzipCodec()]),
                 "compressors": None}, 0),
        }
        for name, (kwargs, expected) in cases.items():
            store: dict[str, Any] = {}
            kwargs.setdefault("chunks", (8, 8))

            made = _partial_read_warnings(
                module.create_array, store, name="a", shape=(8, 8), dtype="u1", **kwargs
            )
            opened = _partial_read_warnings(module.open_array, store, path="a", mode="r")
            assert (made, opened) == (expected, expected), (module.__name__, name)
            member = _partial_read_warnings(module.open_group(store, mode="r").__getitem__, "a")
            assert member == expected, (module.__name__, name)

    # create(codecs=[...]) too, and the message names the array; the data still round-trip
    store: dict[str, Any] = {}
    with pytest.warns(zarr.errors.ZarrUserWarning, match=r"array at 'x'.*GzipCodec"):
        arr = zarr.create(
            shape=(8, 8), chunks=(8, 8), dtype="u1", store=store, path="x", zarr_format=3,
            codecs=[zarr.codecs.ShardingCodec(chunk_shape=(4, 4)), zarr.codecs.GzipCodec()],
        )
    arr[:] = np.arange(64, dtype="u1").reshape(8, 8)
    with pytest.warns(zarr.errors.ZarrUserWarning, match="disables partial reads"):
        np.testing.assert_array_equal(
            zarr.open_array(store, path="x")[:], np.arange(64).reshape(8, 8)
        )
    # A filter written for zarr-python's message (its test suite has such) silences it.
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.filterwarnings(
            "ignore", "Combining a `sharding_indexed` codec", zarr.errors.ZarrUserWarning
        )
        zarr.open_array(store, path="x")


def test_codecs_outside_a_sharding_codec_are_reported_and_copied() -> None:
    """Found with the warning above: for an array whose codecs are ``[ShardingCodec, Gzip]``
    zarrlite's handle reported the inner view (chunks = the inner chunks, shards = the grid,
    serializer ``BytesCodec``, no compressors) while its metadata (and zarr-python) say it is
    not sharded: chunks = the grid, no shards, serializer = the sharding codec, compressors =
    (gzip,). ``from_array`` copied that view and silently dropped the gzip codec."""
    import warnings

    import zarr as zarr_python

    seen = []
    for module in (zarr, zarr_python):
        codecs = module.codecs
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the partial-reads warning, tested above
            arr = module.create_array(
                {}, shape=(20, 18), chunks=(8, 6), dtype="i4",
                serializer=codecs.ShardingCodec(chunk_shape=(4, 3)),
                compressors=[codecs.GzipCodec()],
            )
            arr[:] = np.arange(360).reshape(20, 18)
            copy = module.from_array({}, data=arr)
        seen.append((
            arr.chunks, arr.shards, arr.cdata_shape, arr.nchunks, arr.nchunks_initialized,
            type(arr.serializer).__name__, [type(c).__name__ for c in arr.compressors],
            [c["name"] for c in copy.metadata.to_dict()["codecs"]],
        ))
        np.testing.assert_array_equal(copy[:], np.arange(360).reshape(20, 18))
    assert seen[0] == seen[1]
    assert seen[0] == (
        (8, 6), None, (3, 3), 9, 9, "ShardingCodec", ["GzipCodec"], ["sharding_indexed", "gzip"]
    )



def _counting_store_class(base: type[Any]) -> type[Any]:
    """zarr-python's ``CountingDict`` (tests/test_indexing.py): its async store with the async
    ``get``/``set`` overridden to count the keys read and written."""

    class Counting(base):  # type: ignore[misc, valid-type]
        counter: Counter[tuple[str, str]]

        async def get(self, key: str, prototype: Any = None, byte_range: Any = None) -> Any:
            self.counter["get", key] += 1
            return await super().get(key, prototype, byte_range)

        async def set(self, key: str, value: Any) -> None:
            self.counter["set", key] += 1
            await super().set(key, value)

    return Counting


def _chunk_accesses(lib: Any, store_class: type[Any]) -> list[dict[tuple[str, str], int]]:
    """The chunk keys a read of ``[6:11]`` and then a write of ``[3:7]`` get and set, through
    ``lib``'s blocking API over a counting subclass of ``store_class``."""
    store = _counting_store_class(store_class)()
    store.counter = Counter()
    z = lib.create_array(store, shape=(20,), chunks=(5,), dtype="i4", fill_value=0)
    z[:] = np.arange(20, dtype="i4")
    seen = []
    for op in ("read", "write"):
        before = store.counter.copy()
        if op == "read":
            assert z[6:11].tolist() == [6, 7, 8, 9, 10]
        else:
            z[3:7] = -1
        delta = store.counter - before
        seen.append({access: n for access, n in delta.items() if access[1].startswith("c/")})
    return seen


def test_a_user_async_store_under_the_blocking_api_sees_each_chunk_once() -> None:
    """tests/test_indexing.py::test_accessed_chunks (and test_group.py::
    test_group_members_performance): a subclass of the async memory store with counting
    ``get``/``set`` under a blocking ``Array``. zarrlite's blocking API refused a user's
    ``AsyncStore`` subclass (``TypeError``, no blocking twin); it now wraps it
    (``BlockingOverAsyncStore``), and reads and writes go through the overrides, one access
    per chunk as in zarr-python."""
    import zarr as zp

    from zarrlite.storage import AsyncMemoryStore, BlockingOverAsyncStore

    ours = _chunk_accesses(zarr, AsyncMemoryStore)
    assert ours == [
        {("get", "c/1"): 1, ("get", "c/2"): 1},
        {("get", "c/0"): 1, ("get", "c/1"): 1, ("set", "c/0"): 1, ("set", "c/1"): 1},
    ]
    assert ours == _chunk_accesses(zp, zp.storage.MemoryStore)
    store = _counting_store_class(AsyncMemoryStore)()
    store.counter = Counter()
    z = zarr.create_array(store, shape=(1,), dtype="u1")
    assert isinstance(z.store, BlockingOverAsyncStore) and z.store.store is store
