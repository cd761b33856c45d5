"""zarr-python 3.4's rules for the creating functions of the API: which modes and existing
nodes ``save``/``save_array``/``create``/``open_array``/``create_hierarchy`` accept, what
``open_like`` and the ``*_like`` functions copy, and that a failed creation writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zarrlite._async import api
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite.errors import (
    ArrayNotFoundError,
    ContainsArrayError,
    ContainsGroupError,
    ZarrRuntimeWarning,
    ZarrUserWarning,
)
from zarrlite.metadata import GroupMetadata

pytestmark = pytest.mark.anyio


# -- save / save_array -----------------------------------------------------------------------


async def test_save_array_refuses_an_existing_node_unless_told() -> None:
    store = AsyncMemoryStore()
    await api.save_array(store, np.arange(3))
    with pytest.raises(ContainsArrayError):
        await api.save_array(store, np.arange(5))
    with pytest.raises(ContainsArrayError):
        await api.save(store, np.arange(5))
    np.testing.assert_array_equal(await api.load(store), np.arange(3))
    await api.save_array(store, np.arange(5), overwrite=True)
    np.testing.assert_array_equal(await api.load(store), np.arange(5))
    await api.save_array(store, np.arange(2), mode="w")
    np.testing.assert_array_equal(await api.load(store), np.arange(2))
    with pytest.raises(FileExistsError, match="w-"):
        await api.save_array(store, np.arange(2), mode="w-")


async def test_save_array_over_a_group() -> None:
    store = AsyncMemoryStore()
    await api.create_group(store, path="p")
    with pytest.raises(ContainsGroupError):
        await api.save_array(store, np.arange(3), path="p")
    with pytest.raises(ContainsGroupError):
        await api.save(store, np.arange(3), path="p")
    with pytest.raises(ContainsGroupError):  # the implicit root group
        await api.save(store, np.arange(3))
    await api.save_array(store, np.arange(3), path="p", overwrite=True)
    np.testing.assert_array_equal(await api.load(store, path="p"), np.arange(3))


async def test_save_group_replaces_what_is_there() -> None:
    store = AsyncMemoryStore()
    await api.save_array(store, np.arange(3))
    await api.save(store, np.arange(2), b=np.ones(2))
    assert sorted(await api.load(store)) == ["arr_0", "b"]


# -- create's mode ---------------------------------------------------------------------------


async def test_create_modes(tmp_path: Path) -> None:
    missing = tmp_path / "missing.zarr"
    for mode in ("r", "r+"):
        with pytest.raises(FileNotFoundError):
            await api.create((2,), store=missing, mode=mode)
        assert not missing.exists()
    with pytest.raises(ValueError, match="Invalid mode"):
        await api.create((2,), store=AsyncMemoryStore(), mode="x")
    store = AsyncMemoryStore()
    with pytest.raises(ValueError):  # "r" never creates
        await api.create((2,), store=store, mode="r")
    assert [key async for key in store.list()] == []
    await api.create((2,), store=store, mode="a")
    with pytest.raises(ContainsArrayError):
        await api.create((2,), store=store, mode="r+")
    with pytest.raises(FileExistsError, match="w-"):
        await api.create((2,), store=store, mode="w-", overwrite=True)
    replaced = await api.create((3,), store=store, mode="w")
    assert replaced.shape == (3,)
    await store.set("p/junk", b"x")
    with pytest.raises(FileExistsError):  # any key below the path, not only a node
        await api.create((2,), store=store, path="p", mode="w-")


# -- open_array ------------------------------------------------------------------------------


async def test_open_array_creates_only_with_an_explicit_mode(tmp_path: Path) -> None:
    with pytest.raises(ArrayNotFoundError):
        await api.open_array(tmp_path / "x.zarr", shape=(3,), dtype="u1")
    assert not (tmp_path / "x.zarr" / "zarr.json").exists()
    made = await api.open_array(tmp_path / "x.zarr", shape=(3,), dtype="u1", mode="a")
    assert made.shape == (3,)
    assert (await api.open_array(tmp_path / "x.zarr")).shape == (3,)


# -- create_hierarchy ------------------------------------------------------------------------


async def _hierarchy(store: AsyncMemoryStore, nodes: dict[str, Any], **kwargs: Any) -> list[str]:
    return [path async for path, _ in api.create_hierarchy(store=store, nodes=nodes, **kwargs)]


async def test_create_hierarchy_refuses_existing_groups() -> None:
    store = AsyncMemoryStore()
    await api.create_group(store, attributes={"old": 1})
    await api.create_group(store, path="a", attributes={"old": 2})
    for path in ("", "a"):
        with pytest.raises(ContainsGroupError):
            await _hierarchy(store, {path: GroupMetadata(attributes={"new": 1})})
    with pytest.raises(ContainsGroupError):
        await _hierarchy(store, {"a": (await api.create_array(None, shape=(1,), dtype="i1")).metadata})
    assert (await api.open_group(store, mode="r")).attrs == {"old": 1}
    assert (await api.open_group(store, path="a", mode="r")).attrs == {"old": 2}
    # implied parents that exist are kept, attributes included, even with overwrite=True
    await _hierarchy(store, {"a/b": GroupMetadata(attributes={"b": 1})}, overwrite=True)
    assert (await api.open_group(store, path="a", mode="r")).attrs == {"old": 2}
    await _hierarchy(store, {"a": GroupMetadata(attributes={"new": 1})}, overwrite=True)
    replaced = await api.open_group(store, path="a", mode="r")
    assert replaced.attrs == {"new": 1} and [name async for name in replaced.keys()] == []


async def test_create_hierarchy_refuses_mixed_formats() -> None:
    store = AsyncMemoryStore()
    with pytest.raises(ValueError, match="both Zarr v2 and Zarr v3"):
        await _hierarchy(
            store, {"": GroupMetadata(zarr_format=3), "x": GroupMetadata(zarr_format=2)}
        )
    assert [key async for key in store.list()] == []


async def test_create_hierarchy_yields_only_the_nodes_written() -> None:
    # zarr-python 3.4: existing parent groups are kept and not yielded, by the module function
    # and by Group.create_hierarchy (whose own group is never yielded)
    store = AsyncMemoryStore()
    root = await api.create_group(store)
    sub = await root.create_group("sub")
    await sub.create_group("ex")
    made = [p async for p, _ in sub.create_hierarchy({"q/r": GroupMetadata(), "ex/t": GroupMetadata()})]
    assert sorted(made) == ["ex/t", "q", "q/r"]
    assert sorted(await _hierarchy(store, {"sub/ex/u": GroupMetadata()})) == ["sub/ex/u"]
    assert sorted(await _hierarchy(AsyncMemoryStore(), {"a/b": GroupMetadata()})) == ["", "a", "a/b"]
    assert [p async for p, _ in root.create_hierarchy({"sub/new": GroupMetadata()})] == ["sub/new"]


async def test_group_create_hierarchy_refuses_its_root_and_other_formats() -> None:
    store = AsyncMemoryStore()
    group = await api.create_group(store, attributes={"old": 1})
    for key in ("", "/"):
        with pytest.raises(ValueError, match="root"):
            async for _ in group.create_hierarchy({key: GroupMetadata()}, overwrite=True):
                pass
    with pytest.raises(ValueError, match="zarr_format"):
        async for _ in group.create_hierarchy({"x": GroupMetadata(zarr_format=2)}):
            pass
    assert sorted([key async for key in store.list()]) == ["zarr.json"]
    assert (await api.open_group(store, mode="r")).attrs == {"old": 1}


# -- open_like, the *_like functions, array(), from_array ------------------------------------


async def test_open_like_path_is_inside_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = await api.create_array(None, shape=(4,), dtype="i2", zarr_format=2)
    made = await api.open_like(source, "foo")
    assert isinstance(made.store, AsyncMemoryStore) and made.path == "foo"
    assert made.zarr_format == 3 and made.shape == (4,)  # the default format, not a's
    assert list(tmp_path.iterdir()) == []
    store = AsyncMemoryStore()
    inside = await api.open_like(source, "sub", store=store)
    assert inside.store is store and inside.path == "sub"
    assert (await api.open_like(source, "sub", store=store)).zarr_format == 3  # opened


async def test_like_functions_copy_codecs_and_sharding() -> None:
    import numcodecs

    v2 = await api.create_array(
        None, shape=(4,), dtype="i2", zarr_format=2, compressors=numcodecs.Zlib(level=3),
        filters=[numcodecs.Delta(dtype="<i2")], fill_value=5, order="F",
    )
    for like in (api.zeros_like, api.ones_like, api.empty_like, api.full_like):
        made = await like(v2)
        assert made.metadata.compressor == numcodecs.Zlib(level=3)
        assert made.metadata.filters == (numcodecs.Delta(dtype="<i2"),)
        assert made.order == "F" and made.zarr_format == 2
    assert (await api.zeros_like(v2)).fill_value == 0
    assert (await api.full_like(v2)).fill_value == 5
    assert (await api.full_like(v2, zarr_format=3)).compressors != (numcodecs.Zlib(level=3),)
    sharded = await api.create_array(
        None, shape=(8,), chunks=(2,), shards=(4,), dtype="i2", compressors=None
    )
    copy = await api.zeros_like(sharded)
    assert copy.metadata.codecs == sharded.metadata.codecs  # as zarr-python: codecs, not shards
    opened = await api.open_like(sharded, "x")
    assert opened.metadata.codecs == sharded.metadata.codecs


async def test_array_of_an_array_is_from_array() -> None:
    source = await api.create_array(
        None, shape=(4,), dtype="i2", zarr_format=2, attributes={"a": 1},
        chunk_key_encoding={"name": "v2", "separator": "/"},
    )
    await source.setitem(Ellipsis, np.arange(4, dtype="i2"))
    made = await api.array(source, store=AsyncMemoryStore())
    assert made.zarr_format == 2 and made.attrs == {"a": 1}
    assert made.metadata.dimension_separator == "/"
    np.testing.assert_array_equal(await made.getitem(Ellipsis), np.arange(4))
    with pytest.raises(TypeError, match="store"):
        await api.array(source)


async def test_from_array_keeps_the_chunk_key_encoding() -> None:
    v3 = await api.create_array(
        None, shape=(4,), chunks=(2,), dtype="i2",
        chunk_key_encoding={"name": "default", "separator": "."},
    )
    assert (await api.from_array(None, data=v3)).metadata.chunk_key_encoding.separator == "."
    other = await api.from_array(None, data=v3, zarr_format=2)
    assert other.metadata.dimension_separator == "."  # v2's default, not carried over


async def test_create_v2_takes_the_order_from_config() -> None:
    made = await api.create((2, 3), zarr_format=2, config={"order": "F"}, store=None)
    assert made.metadata.order == "F"
    assert (await api.create((2, 3), zarr_format=2, order="C", config={"order": "F"})).metadata.order == "C"


# -- object data -----------------------------------------------------------------------------


async def test_object_data_is_refused_before_anything_is_written() -> None:
    values = np.array(["a", "bb"], dtype=object)
    store = AsyncMemoryStore()
    attempts: list[Callable[[], Any]] = [
        lambda: api.create_array(store, data=values),
        lambda: api.array(values, store=store),
        lambda: api.save(store, values),
        lambda: api.save_array(store, values),
        lambda: api.from_array(store, data=values),
        lambda: api.save(store, values, b=values),
    ]
    for attempt in attempts:
        with pytest.raises(ValueError, match="object"):
            await attempt()
        assert [key async for key in store.list()] == []
    await api.save(store, np.arange(2))
    with pytest.raises(ValueError, match="object"):
        await api.save(store, np.arange(2), b=values)  # the existing array is kept
    np.testing.assert_array_equal(await api.load(store), np.arange(2))


# -- errors ----------------------------------------------------------------------------------


async def test_invalid_zarr_format_and_v2_serializer() -> None:
    from zarrlite.errors import MetadataValidationError

    with pytest.raises(MetadataValidationError, match="'4'"):
        await api.open_group(AsyncMemoryStore(), zarr_format=4)  # type: ignore[arg-type]
    with pytest.raises(MetadataValidationError, match="'4'"):
        await api.group(AsyncMemoryStore(), zarr_format=4)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="serializer"):
        await api.create_array(
            AsyncMemoryStore(), shape=(2,), dtype="i4", zarr_format=2,
            serializer={"name": "bytes", "configuration": {"endian": "big"}},
        )


# -- order= of a v3 array ---------------------------------------------------------------------


async def test_order_argument_of_a_v3_array_warns_that_it_has_no_effect() -> None:
    # zarr-python 3.4 warns (ZarrRuntimeWarning) whenever order= is given for a v3 array, and
    # ignores it: the memory order of a v3 array is the runtime config. v2 stores it.
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        arr = await api.create_array(AsyncMemoryStore(), shape=(2, 3), dtype="i1", order="F")
    assert arr.order == "C"
    root = await api.group(AsyncMemoryStore())
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        await root.create_array("a", shape=(2,), dtype="i1", order="C")
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        await root.zeros(name="b", shape=(2,), order="F")
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        await api.create(shape=(2,), order="F", store=AsyncMemoryStore())
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        await api.from_array(AsyncMemoryStore(), data=np.arange(3), order="F")
    # No order given: no ZarrRuntimeWarning. Copying an F-ordered v2 array to v3 drops its
    # order: a ZarrUserWarning, as zarr-python 3.4 (the *_like functions do not warn there).
    fortran_v2 = await api.create_array(
        AsyncMemoryStore(), shape=(2, 3), dtype="i1", order="F", zarr_format=2
    )
    assert fortran_v2.order == "F"
    with pytest.warns(ZarrUserWarning, match="order='F'"):
        copied = await api.from_array(AsyncMemoryStore(), data=fortran_v2, zarr_format=3)
    assert copied.order == "C"
    await api.zeros_like(fortran_v2, zarr_format=3)
    await root.create_array("c", shape=(2,), dtype="i1", config={"order": "F"})


# -- argument checks (differential testing against zarr-python 3.4's async API) ---------------


async def test_create_array_needs_a_dtype_or_data() -> None:
    # zarr-python: ValueError; only create/zeros/... (zarr-python 2 style) default to float64.
    store = AsyncMemoryStore()
    with pytest.raises(ValueError, match="dtype"):
        await api.create_array(store, shape=(3,))
    root = await api.group(store)
    for call in (
        lambda: root.create_array("a", shape=(3,)),
        lambda: root.create("a", shape=(3,)),
        lambda: root.require_array("a", shape=(3,)),
    ):
        with pytest.raises(ValueError, match="dtype"):
            await call()
    assert [key async for key in store.list()] == ["zarr.json"]  # nothing but the group
    assert (await root.zeros(name="z", shape=(3,))).dtype == np.float64
    assert (await api.create((3,), store=AsyncMemoryStore())).dtype == np.float64


@pytest.mark.parametrize("shape", [(2.5,), (2.0,), 2.5, "3", (3, "4")])
async def test_a_shape_that_is_not_integers_is_a_type_error(shape: Any) -> None:
    # zarrlite truncated (2.5,) to (2,) and read "3" as (3,); zarr-python refuses them.
    store = AsyncMemoryStore()
    with pytest.raises(TypeError, match="shape"):
        await api.create_array(store, shape=shape, dtype="i4")
    with pytest.raises(TypeError, match="shape"):
        await api.zeros(shape, store=store)
    assert [key async for key in store.list()] == []
    assert (await api.create_array(store, shape=(np.int64(3),), dtype="i4")).shape == (3,)


async def test_an_invalid_config_writes_nothing() -> None:
    store = AsyncMemoryStore()
    for create in (
        lambda: api.create_array(store, shape=(3,), dtype="i4", config={"nope": 1}),
        lambda: api.create((3,), store=store, config={"nope": 1}),
        lambda: api.open_array(store, mode="w", shape=(3,), config={"nope": 1}),
    ):
        with pytest.raises(TypeError, match="nope"):
            await create()
        assert [key async for key in store.list()] == []


async def test_array_takes_a_shape_argument_that_agrees_with_the_data() -> None:
    # zarr-python ignores shape= in array(); zarrlite raised "got multiple values for 'shape'".
    arr = await api.array(np.arange(4), store=AsyncMemoryStore(), shape=(4,))
    assert arr.shape == (4,)
    np.testing.assert_array_equal(await arr.getitem(Ellipsis), np.arange(4))
    with pytest.raises(ValueError, match="shape"):
        await api.array(np.arange(4), store=AsyncMemoryStore(), shape=(2, 2))


@pytest.mark.parametrize("compressor", [None, "zstd3"])
async def test_compressor_is_for_v2_arrays_in_the_create_family(compressor: Any) -> None:
    # zarr-python 3.4: create/zeros/open_array/array and a v3 group's zeros... refuse any
    # compressor= (None too) for a v3 array; zarrlite took it as compressors=.
    import numcodecs

    if compressor == "zstd3":
        compressor = numcodecs.Zstd(level=3)
    store = AsyncMemoryStore()
    root = await api.group(store)
    for call in (
        lambda: api.create((3,), store=store, compressor=compressor),
        lambda: api.zeros((3,), store=store, compressor=compressor),
        lambda: api.open_array(store, mode="w", shape=(3,), compressor=compressor),
        lambda: api.array(np.arange(3), store=store, compressor=compressor),
        lambda: root.zeros(name="z", shape=(3,), compressor=compressor),
        lambda: root.zeros_like(name="z", data=np.arange(3), compressor=compressor),
    ):
        with pytest.raises(ValueError, match="compressor"):
            await call()
    assert [key async for key in store.list()] == ["zarr.json"]  # nothing but the group
    v2 = await api.zeros((3,), store=AsyncMemoryStore(), compressor=compressor, zarr_format=2)
    assert v2.compressors == (() if compressor is None else (compressor,))
    v2_root = await api.group(AsyncMemoryStore(), zarr_format=2)
    member = await v2_root.zeros(name="z", shape=(3,), compressor=compressor)
    assert member.compressors == v2.compressors
    with pytest.warns(UserWarning, match="compressor"):  # create_array: deprecated, not refused
        member = await root.create_array("c", shape=(3,), dtype="i4", compressor=compressor)
    assert len(member.compressors) == (compressor is not None)


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize(("dtype", "fill_value"), [("u1", 300), ("u1", -1), ("i8", 2**63)])
async def test_an_integer_fill_value_out_of_range_is_an_overflow_error(
    zarr_format: int, dtype: str, fill_value: int
) -> None:
    # zarr-python raises numpy's OverflowError; zarrlite a ValueError, now both at once.
    store = AsyncMemoryStore()
    with pytest.raises(OverflowError, match="fill_value"):
        await api.create_array(
            store, shape=(2,), dtype=dtype, fill_value=fill_value, zarr_format=zarr_format
        )
    with pytest.raises(ValueError, match="out of range"):
        await api.full((2,), fill_value, dtype=dtype, store=store, zarr_format=zarr_format)
    assert [key async for key in store.list()] == []


async def test_open_array_in_mode_a_without_a_shape_is_also_a_type_error(tmp_path: Path) -> None:
    # zarr-python: TypeError (create() is called without its shape); zarrlite's class was only
    # ArrayNotFoundError. Without a create mode it stays a plain ArrayNotFoundError, as there.
    from zarrlite.errors import ArrayNotFoundTypeError

    with pytest.raises(ArrayNotFoundTypeError, match="no shape") as info:
        await api.open_array(tmp_path / "x.zarr", mode="a")
    assert isinstance(info.value, TypeError) and isinstance(info.value, ArrayNotFoundError)
    for mode in (None, "r+"):
        with pytest.raises(ArrayNotFoundError) as found:
            await api.open_array(tmp_path / "x.zarr", mode=mode)
        assert not isinstance(found.value, TypeError)
    assert not (tmp_path / "x.zarr" / "zarr.json").exists()


@pytest.mark.parametrize("separator", ["/", "."])
async def test_dimension_separator_is_for_v2_arrays(separator: str) -> None:
    # zarr-python 3.4 refuses it for v3 (use chunk_key_encoding); zarrlite made it the
    # separator of the default encoding.
    store = AsyncMemoryStore()
    for call in (
        lambda: api.create((3,), store=store, dimension_separator=separator),
        lambda: api.zeros((3,), store=store, dimension_separator=separator, zarr_format=3),
        lambda: api.open_array(store, mode="w", shape=(3,), dimension_separator=separator),
    ):
        with pytest.raises(ValueError, match="dimension_separator"):
            await call()
    assert [key async for key in store.list()] == []
    v2 = await api.create((3,), store=store, dimension_separator=separator, zarr_format=2)
    assert v2.metadata.dimension_separator == separator


@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_group_shorthands_take_the_create_vocabulary(zarr_format: int) -> None:
    # zarr-python's Group.zeros/ones/full/empty/*_like call zarr.create, so they take its
    # arguments; zarrlite raised "create_array_at() got an unexpected keyword argument".
    root = await api.group(AsyncMemoryStore(), zarr_format=zarr_format)
    made = await root.zeros(name="a", shape=(4,), chunk_shape=(2,))
    assert made.chunks == (2,)
    with pytest.warns(ZarrRuntimeWarning, match="write_empty_chunks"):
        made = await root.full(name="b", shape=(4,), fill_value=1, write_empty_chunks=True)
    assert made.config.write_empty_chunks is True
    with pytest.warns(ZarrRuntimeWarning, match="synchronizer"):
        await root.empty(name="c", shape=(4,), synchronizer=object())
    like = await root.ones_like(name="d", data=np.zeros(4), chunk_shape=(1,))
    assert like.chunks == (1,)
    big_endian = [{"name": "bytes", "configuration": {"endian": "big"}}]
    if zarr_format == 2:
        made = await root.zeros(name="e", shape=(4,), dimension_separator="/")
        assert made.metadata.dimension_separator == "/"
        with pytest.raises(ValueError, match="codecs"):
            await root.zeros(name="f", shape=(4,), codecs=big_endian)
    else:
        with pytest.raises(ValueError, match="dimension_separator"):
            await root.zeros(name="e", shape=(4,), dimension_separator="/")
        made = await root.zeros(name="f", shape=(4,), dtype="i4", codecs=big_endian)
        assert made.serializer.endian == "big"
    assert sorted([key async for key in root.keys()]) == (
        ["a", "b", "c", "d", "e"] if zarr_format == 2 else ["a", "b", "c", "d", "f"]
    )


@pytest.mark.parametrize(
    ("dtype", "fill_value"),
    [("f8", "a"), ("i2", b"a"), ("c8", b"a"), ("u1", 2.5), ("bool", 3), ("M8[s]", "x")],
)
async def test_an_invalid_fill_value_is_a_value_error_and_a_type_error(
    dtype: str, fill_value: Any
) -> None:
    # zarr-python raises TypeError for some ("a" for float64) and ValueError for others
    # (b"a" for int16); zarrlite's one class is both, so either except clause catches it.
    from zarrlite.metadata.fill_value import InvalidFillValueError

    store = AsyncMemoryStore()
    for error in (ValueError, TypeError, InvalidFillValueError):
        with pytest.raises(error, match="fill_value"):
            await api.create_array(store, shape=(2,), dtype=dtype, fill_value=fill_value)
    assert [key async for key in store.list()] == []


# -- chunk inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chunks", [False, 0, (), [], np.int64(0), np.False_, np.array(0), np.array([0]), None]
)
async def test_create_v2_reads_a_falsy_chunks_as_not_given(chunks: Any) -> None:
    # zarr-python's rule for the legacy Zarr v2 path of create: the chunks are guessed.
    arr = await api.create(
        shape=(4096, 4096), chunks=chunks, dtype="int32", zarr_format=2, store=AsyncMemoryStore()
    )
    assert arr.chunks == (512, 512)


async def test_chunk_inputs_zarr_python_takes_as_integers() -> None:
    async def chunks_of(chunks: Any, **kwargs: Any) -> Any:
        arr = await api.create_array(
            AsyncMemoryStore(), shape=(20, 20), chunks=chunks, dtype="i1", **kwargs
        )
        return arr.chunks

    assert await chunks_of(np.array(7)) == (7, 7)  # a 0-d integer array
    assert await chunks_of((True, 5)) == (1, 5)  # a Python bool inside is its integer
    assert (
        await api.create(shape=(20, 20), chunks=np.array(7), zarr_format=2, store=AsyncMemoryStore())
    ).chunks == (7, 7)

    class SequenceLike:  # only __getitem__ and __len__, as zarr-python accepts
        def __getitem__(self, index: int) -> int:
            return (4, 10)[index]

        def __len__(self) -> int:
            return 2

    assert await chunks_of(SequenceLike()) == (4, 10)
    with pytest.raises(TypeError, match="must hold integers"):
        await chunks_of((np.True_, 5))  # numpy booleans are not integers
    with pytest.raises(ValueError, match="size <= 0"):
        await chunks_of((False, 5))
