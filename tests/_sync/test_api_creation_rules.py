# Generated from tests/_async/test_api_creation_rules.py by codegen. Do not edit.

"""zarr-python 3.4's rules for the creating functions of the API: which modes and existing
nodes ``save``/``save_array``/``create``/``open_array``/``create_hierarchy`` accept, what
``open_like`` and the ``*_like`` functions copy, and that a failed creation writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from zarrlite._sync import api
from zarrlite._sync.store.memory import MemoryStore
from zarrlite.errors import (
    ArrayNotFoundError,
    ContainsArrayError,
    ContainsGroupError,
    ZarrRuntimeWarning,
    ZarrUserWarning,
)
from zarrlite.metadata import GroupMetadata

# -- save / save_array -----------------------------------------------------------------------


def test_save_array_refuses_an_existing_node_unless_told() -> None:
    store = MemoryStore()
    api.save_array(store, np.arange(3))
    with pytest.raises(ContainsArrayError):
        api.save_array(store, np.arange(5))
    with pytest.raises(ContainsArrayError):
        api.save(store, np.arange(5))
    np.testing.assert_array_equal(api.load(store), np.arange(3))
    api.save_array(store, np.arange(5), overwrite=True)
    np.testing.assert_array_equal(api.load(store), np.arange(5))
    api.save_array(store, np.arange(2), mode="w")
    np.testing.assert_array_equal(api.load(store), np.arange(2))
    with pytest.raises(FileExistsError, match="w-"):
        api.save_array(store, np.arange(2), mode="w-")


def test_save_array_over_a_group() -> None:
    store = MemoryStore()
    api.create_group(store, path="p")
    with pytest.raises(ContainsGroupError):
        api.save_array(store, np.arange(3), path="p")
    with pytest.raises(ContainsGroupError):
        api.save(store, np.arange(3), path="p")
    with pytest.raises(ContainsGroupError):  # the implicit root group
        api.save(store, np.arange(3))
    api.save_array(store, np.arange(3), path="p", overwrite=True)
    np.testing.assert_array_equal(api.load(store, path="p"), np.arange(3))


def test_save_group_replaces_what_is_there() -> None:
    store = MemoryStore()
    api.save_array(store, np.arange(3))
    api.save(store, np.arange(2), b=np.ones(2))
    assert sorted(api.load(store)) == ["arr_0", "b"]


# -- create's mode ---------------------------------------------------------------------------


def test_create_modes(tmp_path: Path) -> None:
    missing = tmp_path / "missing.zarr"
    for mode in ("r", "r+"):
        with pytest.raises(FileNotFoundError):
            api.create((2,), store=missing, mode=mode)
        assert not missing.exists()
    with pytest.raises(ValueError, match="Invalid mode"):
        api.create((2,), store=MemoryStore(), mode="x")
    store = MemoryStore()
    with pytest.raises(ValueError):  # "r" never creates
        api.create((2,), store=store, mode="r")
    assert [key for key in store.list()] == []
    api.create((2,), store=store, mode="a")
    with pytest.raises(ContainsArrayError):
        api.create((2,), store=store, mode="r+")
    with pytest.raises(FileExistsError, match="w-"):
        api.create((2,), store=store, mode="w-", overwrite=True)
    replaced = api.create((3,), store=store, mode="w")
    assert replaced.shape == (3,)
    store.set("p/junk", b"x")
    with pytest.raises(FileExistsError):  # any key below the path, not only a node
        api.create((2,), store=store, path="p", mode="w-")


# -- open_array ------------------------------------------------------------------------------


def test_open_array_creates_only_with_an_explicit_mode(tmp_path: Path) -> None:
    with pytest.raises(ArrayNotFoundError):
        api.open_array(tmp_path / "x.zarr", shape=(3,), dtype="u1")
    assert not (tmp_path / "x.zarr" / "zarr.json").exists()
    made = api.open_array(tmp_path / "x.zarr", shape=(3,), dtype="u1", mode="a")
    assert made.shape == (3,)
    assert api.open_array(tmp_path / "x.zarr").shape == (3,)


# -- create_hierarchy ------------------------------------------------------------------------


def _hierarchy(store: MemoryStore, nodes: dict[str, Any], **kwargs: Any) -> list[str]:
    return [path for path, _ in api.create_hierarchy(store=store, nodes=nodes, **kwargs)]


def test_create_hierarchy_refuses_existing_groups() -> None:
    store = MemoryStore()
    api.create_group(store, attributes={"old": 1})
    api.create_group(store, path="a", attributes={"old": 2})
    for path in ("", "a"):
        with pytest.raises(ContainsGroupError):
            _hierarchy(store, {path: GroupMetadata(attributes={"new": 1})})
    with pytest.raises(ContainsGroupError):
        _hierarchy(store, {"a": api.create_array(None, shape=(1,), dtype="i1").metadata})
    assert api.open_group(store, mode="r").attrs == {"old": 1}
    assert api.open_group(store, path="a", mode="r").attrs == {"old": 2}
    # implied parents that exist are kept, attributes included, even with overwrite=True
    _hierarchy(store, {"a/b": GroupMetadata(attributes={"b": 1})}, overwrite=True)
    assert api.open_group(store, path="a", mode="r").attrs == {"old": 2}
    _hierarchy(store, {"a": GroupMetadata(attributes={"new": 1})}, overwrite=True)
    replaced = api.open_group(store, path="a", mode="r")
    assert replaced.attrs == {"new": 1} and [name for name in replaced.keys()] == []


def test_create_hierarchy_refuses_mixed_formats() -> None:
    store = MemoryStore()
    with pytest.raises(ValueError, match="both Zarr v2 and Zarr v3"):
        _hierarchy(store, {"": GroupMetadata(zarr_format=3), "x": GroupMetadata(zarr_format=2)})
    assert [key for key in store.list()] == []


def test_create_hierarchy_yields_only_the_nodes_written() -> None:
    # zarr-python 3.4: existing parent groups are kept and not yielded, by the module function
    # and by Group.create_hierarchy (whose own group is never yielded)
    store = MemoryStore()
    root = api.create_group(store)
    sub = root.create_group("sub")
    sub.create_group("ex")
    made = [p for p, _ in sub.create_hierarchy({"q/r": GroupMetadata(), "ex/t": GroupMetadata()})]
    assert sorted(made) == ["ex/t", "q", "q/r"]
    assert sorted(_hierarchy(store, {"sub/ex/u": GroupMetadata()})) == ["sub/ex/u"]
    assert sorted(_hierarchy(MemoryStore(), {"a/b": GroupMetadata()})) == ["", "a", "a/b"]
    assert [p for p, _ in root.create_hierarchy({"sub/new": GroupMetadata()})] == ["sub/new"]


def test_group_create_hierarchy_refuses_its_root_and_other_formats() -> None:
    store = MemoryStore()
    group = api.create_group(store, attributes={"old": 1})
    for key in ("", "/"):
        with pytest.raises(ValueError, match="root"):
            for _ in group.create_hierarchy({key: GroupMetadata()}, overwrite=True):
                pass
    with pytest.raises(ValueError, match="zarr_format"):
        for _ in group.create_hierarchy({"x": GroupMetadata(zarr_format=2)}):
            pass
    assert sorted([key for key in store.list()]) == ["zarr.json"]
    assert api.open_group(store, mode="r").attrs == {"old": 1}


# -- open_like, the *_like functions, array(), from_array ------------------------------------


def test_open_like_path_is_inside_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = api.create_array(None, shape=(4,), dtype="i2", zarr_format=2)
    made = api.open_like(source, "foo")
    assert isinstance(made.store, MemoryStore) and made.path == "foo"
    assert made.zarr_format == 3 and made.shape == (4,)  # the default format, not a's
    assert list(tmp_path.iterdir()) == []
    store = MemoryStore()
    inside = api.open_like(source, "sub", store=store)
    assert inside.store is store and inside.path == "sub"
    assert api.open_like(source, "sub", store=store).zarr_format == 3  # opened


def test_like_functions_copy_codecs_and_sharding() -> None:
    import numcodecs

    v2 = api.create_array(
        None,
        shape=(4,),
        dtype="i2",
        zarr_format=2,
        compressors=numcodecs.Zlib(level=3),
        filters=[numcodecs.Delta(dtype="<i2")],
        fill_value=5,
        order="F",
    )
    for like in (api.zeros_like, api.ones_like, api.empty_like, api.full_like):
        made = like(v2)
        assert made.metadata.compressor == numcodecs.Zlib(level=3)
        assert made.metadata.filters == (numcodecs.Delta(dtype="<i2"),)
        assert made.order == "F" and made.zarr_format == 2
    assert api.zeros_like(v2).fill_value == 0
    assert api.full_like(v2).fill_value == 5
    assert api.full_like(v2, zarr_format=3).compressors != (numcodecs.Zlib(level=3),)
    sharded = api.create_array(
        None, shape=(8,), chunks=(2,), shards=(4,), dtype="i2", compressors=None
    )
    copy = api.zeros_like(sharded)
    assert copy.metadata.codecs == sharded.metadata.codecs  # as zarr-python: codecs, not shards
    opened = api.open_like(sharded, "x")
    assert opened.metadata.codecs == sharded.metadata.codecs


def test_array_of_an_array_is_from_array() -> None:
    source = api.create_array(
        None,
        shape=(4,),
        dtype="i2",
        zarr_format=2,
        attributes={"a": 1},
        chunk_key_encoding={"name": "v2", "separator": "/"},
    )
    source.setitem(Ellipsis, np.arange(4, dtype="i2"))
    made = api.array(source, store=MemoryStore())
    assert made.zarr_format == 2 and made.attrs == {"a": 1}
    assert made.metadata.dimension_separator == "/"
    np.testing.assert_array_equal(made.getitem(Ellipsis), np.arange(4))
    with pytest.raises(TypeError, match="store"):
        api.array(source)


def test_from_array_keeps_the_chunk_key_encoding() -> None:
    v3 = api.create_array(
        None,
        shape=(4,),
        chunks=(2,),
        dtype="i2",
        chunk_key_encoding={"name": "default", "separator": "."},
    )
    assert api.from_array(None, data=v3).metadata.chunk_key_encoding.separator == "."
    other = api.from_array(None, data=v3, zarr_format=2)
    assert other.metadata.dimension_separator == "."  # v2's default, not carried over


def test_create_v2_takes_the_order_from_config() -> None:
    made = api.create((2, 3), zarr_format=2, config={"order": "F"}, store=None)
    assert made.metadata.order == "F"
    assert api.create((2, 3), zarr_format=2, order="C", config={"order": "F"}).metadata.order == "C"


# -- object data -----------------------------------------------------------------------------


def test_object_data_is_refused_before_anything_is_written() -> None:
    values = np.array(["a", "bb"], dtype=object)
    store = MemoryStore()
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
            attempt()
        assert [key for key in store.list()] == []
    api.save(store, np.arange(2))
    with pytest.raises(ValueError, match="object"):
        api.save(store, np.arange(2), b=values)  # the existing array is kept
    np.testing.assert_array_equal(api.load(store), np.arange(2))


# -- errors ----------------------------------------------------------------------------------


def test_invalid_zarr_format_and_v2_serializer() -> None:
    from zarrlite.errors import MetadataValidationError

    with pytest.raises(MetadataValidationError, match="'4'"):
        api.open_group(MemoryStore(), zarr_format=4)  # type: ignore[arg-type]
    with pytest.raises(MetadataValidationError, match="'4'"):
        api.group(MemoryStore(), zarr_format=4)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="serializer"):
        api.create_array(
            MemoryStore(),
            shape=(2,),
            dtype="i4",
            zarr_format=2,
            serializer={"name": "bytes", "configuration": {"endian": "big"}},
        )


# -- order= of a v3 array ---------------------------------------------------------------------


def test_order_argument_of_a_v3_array_warns_that_it_has_no_effect() -> None:
    # zarr-python 3.4 warns (ZarrRuntimeWarning) whenever order= is given for a v3 array, and
    # ignores it: the memory order of a v3 array is the runtime config. v2 stores it.
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        arr = api.create_array(MemoryStore(), shape=(2, 3), dtype="i1", order="F")
    assert arr.order == "C"
    root = api.group(MemoryStore())
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        root.create_array("a", shape=(2,), dtype="i1", order="C")
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        root.zeros(name="b", shape=(2,), order="F")
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        api.create(shape=(2,), order="F", store=MemoryStore())
    with pytest.warns(ZarrRuntimeWarning, match="order"):
        api.from_array(MemoryStore(), data=np.arange(3), order="F")
    # No order given: no ZarrRuntimeWarning. Copying an F-ordered v2 array to v3 drops its
    # order: a ZarrUserWarning, as zarr-python 3.4 (the *_like functions do not warn there).
    fortran_v2 = api.create_array(MemoryStore(), shape=(2, 3), dtype="i1", order="F", zarr_format=2)
    assert fortran_v2.order == "F"
    with pytest.warns(ZarrUserWarning, match="order='F'"):
        copied = api.from_array(MemoryStore(), data=fortran_v2, zarr_format=3)
    assert copied.order == "C"
    api.zeros_like(fortran_v2, zarr_format=3)
    root.create_array("c", shape=(2,), dtype="i1", config={"order": "F"})


# -- argument checks (differential testing against zarr-python 3.4's async API) ---------------


def test_create_array_needs_a_dtype_or_data() -> None:
    # zarr-python: ValueError; only create/zeros/... (zarr-python 2 style) default to float64.
    store = MemoryStore()
    with pytest.raises(ValueError, match="dtype"):
        api.create_array(store, shape=(3,))
    root = api.group(store)
    for call in (
        lambda: root.create_array("a", shape=(3,)),
        lambda: root.create("a", shape=(3,)),
        lambda: root.require_array("a", shape=(3,)),
    ):
        with pytest.raises(ValueError, match="dtype"):
            call()
    assert [key for key in store.list()] == ["zarr.json"]  # nothing but the group
    assert root.zeros(name="z", shape=(3,)).dtype == np.float64
    assert api.create((3,), store=MemoryStore()).dtype == np.float64


@pytest.mark.parametrize("shape", [(2.5,), (2.0,), 2.5, "3", (3, "4")])
def test_a_shape_that_is_not_integers_is_a_type_error(shape: Any) -> None:
    # zarrlite truncated (2.5,) to (2,) and read "3" as (3,); zarr-python refuses them.
    store = MemoryStore()
    with pytest.raises(TypeError, match="shape"):
        api.create_array(store, shape=shape, dtype="i4")
    with pytest.raises(TypeError, match="shape"):
        api.zeros(shape, store=store)
    assert [key for key in store.list()] == []
    assert api.create_array(store, shape=(np.int64(3),), dtype="i4").shape == (3,)


def test_an_invalid_config_writes_nothing() -> None:
    store = MemoryStore()
    for create in (
        lambda: api.create_array(store, shape=(3,), dtype="i4", config={"nope": 1}),
        lambda: api.create((3,), store=store, config={"nope": 1}),
        lambda: api.open_array(store, mode="w", shape=(3,), config={"nope": 1}),
    ):
        with pytest.raises(TypeError, match="nope"):
            create()
        assert [key for key in store.list()] == []


def test_array_takes_a_shape_argument_that_agrees_with_the_data() -> None:
    # zarr-python ignores shape= in array(); zarrlite raised "got multiple values for 'shape'".
    arr = api.array(np.arange(4), store=MemoryStore(), shape=(4,))
    assert arr.shape == (4,)
    np.testing.assert_array_equal(arr.getitem(Ellipsis), np.arange(4))
    with pytest.raises(ValueError, match="shape"):
        api.array(np.arange(4), store=MemoryStore(), shape=(2, 2))


@pytest.mark.parametrize("compressor", [None, "zstd3"])
def test_compressor_is_for_v2_arrays_in_the_create_family(compressor: Any) -> None:
    # zarr-python 3.4: create/zeros/open_array/array and a v3 group's zeros... refuse any
    # compressor= (None too) for a v3 array; zarrlite took it as compressors=.
    import numcodecs

    if compressor == "zstd3":
        compressor = numcodecs.Zstd(level=3)
    store = MemoryStore()
    root = api.group(store)
    for call in (
        lambda: api.create((3,), store=store, compressor=compressor),
        lambda: api.zeros((3,), store=store, compressor=compressor),
        lambda: api.open_array(store, mode="w", shape=(3,), compressor=compressor),
        lambda: api.array(np.arange(3), store=store, compressor=compressor),
        lambda: root.zeros(name="z", shape=(3,), compressor=compressor),
        lambda: root.zeros_like(name="z", data=np.arange(3), compressor=compressor),
    ):
        with pytest.raises(ValueError, match="compressor"):
            call()
    assert [key for key in store.list()] == ["zarr.json"]  # nothing but the group
    v2 = api.zeros((3,), store=MemoryStore(), compressor=compressor, zarr_format=2)
    assert v2.compressors == (() if compressor is None else (compressor,))
    v2_root = api.group(MemoryStore(), zarr_format=2)
    member = v2_root.zeros(name="z", shape=(3,), compressor=compressor)
    assert member.compressors == v2.compressors
    with pytest.warns(UserWarning, match="compressor"):  # create_array: deprecated, not refused
        member = root.create_array("c", shape=(3,), dtype="i4", compressor=compressor)
    assert len(member.compressors) == (compressor is not None)


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize(("dtype", "fill_value"), [("u1", 300), ("u1", -1), ("i8", 2**63)])
def test_an_integer_fill_value_out_of_range_is_an_overflow_error(
    zarr_format: int, dtype: str, fill_value: int
) -> None:
    # zarr-python raises numpy's OverflowError; zarrlite a ValueError, now both at once.
    store = MemoryStore()
    with pytest.raises(OverflowError, match="fill_value"):
        api.create_array(
            store, shape=(2,), dtype=dtype, fill_value=fill_value, zarr_format=zarr_format
        )
    with pytest.raises(ValueError, match="out of range"):
        api.full((2,), fill_value, dtype=dtype, store=store, zarr_format=zarr_format)
    assert [key for key in store.list()] == []


def test_open_array_in_mode_a_without_a_shape_is_also_a_type_error(tmp_path: Path) -> None:
    # zarr-python: TypeError (create() is called without its shape); zarrlite's class was only
    # ArrayNotFoundError. Without a create mode it stays a plain ArrayNotFoundError, as there.
    from zarrlite.errors import ArrayNotFoundTypeError

    with pytest.raises(ArrayNotFoundTypeError, match="no shape") as info:
        api.open_array(tmp_path / "x.zarr", mode="a")
    assert isinstance(info.value, TypeError) and isinstance(info.value, ArrayNotFoundError)
    for mode in (None, "r+"):
        with pytest.raises(ArrayNotFoundError) as found:
            api.open_array(tmp_path / "x.zarr", mode=mode)
        assert not isinstance(found.value, TypeError)
    assert not (tmp_path / "x.zarr" / "zarr.json").exists()


@pytest.mark.parametrize("separator", ["/", "."])
def test_dimension_separator_is_for_v2_arrays(separator: str) -> None:
    # zarr-python 3.4 refuses it for v3 (use chunk_key_encoding); zarrlite made it the
    # separator of the default encoding.
    store = MemoryStore()
    for call in (
        lambda: api.create((3,), store=store, dimension_separator=separator),
        lambda: api.zeros((3,), store=store, dimension_separator=separator, zarr_format=3),
        lambda: api.open_array(store, mode="w", shape=(3,), dimension_separator=separator),
    ):
        with pytest.raises(ValueError, match="dimension_separator"):
            call()
    assert [key for key in store.list()] == []
    v2 = api.create((3,), store=store, dimension_separator=separator, zarr_format=2)
    assert v2.metadata.dimension_separator == separator


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_group_shorthands_take_the_create_vocabulary(zarr_format: int) -> None:
    # zarr-python's Group.zeros/ones/full/empty/*_like call zarr.create, so they take its
    # arguments; zarrlite raised "create_array_at() got an unexpected keyword argument".
    root = api.group(MemoryStore(), zarr_format=zarr_format)
    made = root.zeros(name="a", shape=(4,), chunk_shape=(2,))
    assert made.chunks == (2,)
    with pytest.warns(ZarrRuntimeWarning, match="write_empty_chunks"):
        made = root.full(name="b", shape=(4,), fill_value=1, write_empty_chunks=True)
    assert made.config.write_empty_chunks is True
    with pytest.warns(ZarrRuntimeWarning, match="synchronizer"):
        root.empty(name="c", shape=(4,), synchronizer=object())
    like = root.ones_like(name="d", data=np.zeros(4), chunk_shape=(1,))
    assert like.chunks == (1,)
    big_endian = [{"name": "bytes", "configuration": {"endian": "big"}}]
    if zarr_format == 2:
        made = root.zeros(name="e", shape=(4,), dimension_separator="/")
        assert made.metadata.dimension_separator == "/"
        with pytest.raises(ValueError, match="codecs"):
            root.zeros(name="f", shape=(4,), codecs=big_endian)
    else:
        with pytest.raises(ValueError, match="dimension_separator"):
            root.zeros(name="e", shape=(4,), dimension_separator="/")
        made = root.zeros(name="f", shape=(4,), dtype="i4", codecs=big_endian)
        assert made.serializer.endian == "big"
    assert sorted([key for key in root.keys()]) == (
        ["a", "b", "c", "d", "e"] if zarr_format == 2 else ["a", "b", "c", "d", "f"]
    )


@pytest.mark.parametrize(
    ("dtype", "fill_value"),
    [("f8", "a"), ("i2", b"a"), ("c8", b"a"), ("u1", 2.5), ("bool", 3), ("M8[s]", "x")],
)
def test_an_invalid_fill_value_is_a_value_error_and_a_type_error(
    dtype: str, fill_value: Any
) -> None:
    # zarr-python raises TypeError for some ("a" for float64) and ValueError for others
    # (b"a" for int16); zarrlite's one class is both, so either except clause catches it.
    from zarrlite.metadata.fill_value import InvalidFillValueError

    store = MemoryStore()
    for error in (ValueError, TypeError, InvalidFillValueError):
        with pytest.raises(error, match="fill_value"):
            api.create_array(store, shape=(2,), dtype=dtype, fill_value=fill_value)
    assert [key for key in store.list()] == []


# -- chunk inputs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "chunks", [False, 0, (), [], np.int64(0), np.False_, np.array(0), np.array([0]), None]
)
def test_create_v2_reads_a_falsy_chunks_as_not_given(chunks: Any) -> None:
    # zarr-python's rule for the legacy Zarr v2 path of create: the chunks are guessed.
    arr = api.create(
        shape=(4096, 4096), chunks=chunks, dtype="int32", zarr_format=2, store=MemoryStore()
    )
    assert arr.chunks == (512, 512)


def test_chunk_inputs_zarr_python_takes_as_integers() -> None:
    def chunks_of(chunks: Any, **kwargs: Any) -> Any:
        arr = api.create_array(MemoryStore(), shape=(20, 20), chunks=chunks, dtype="i1", **kwargs)
        return arr.chunks

    assert chunks_of(np.array(7)) == (7, 7)  # a 0-d integer array
    assert chunks_of((True, 5)) == (1, 5)  # a Python bool inside is its integer
    assert (
        api.create(shape=(20, 20), chunks=np.array(7), zarr_format=2, store=MemoryStore())
    ).chunks == (7, 7)

    class SequenceLike:  # only __getitem__ and __len__, as zarr-python accepts
        def __getitem__(self, index: int) -> int:
            return (4, 10)[index]

        def __len__(self) -> int:
            return 2

    assert chunks_of(SequenceLike()) == (4, 10)
    with pytest.raises(TypeError, match="must hold integers"):
        chunks_of((np.True_, 5))  # numpy booleans are not integers
    with pytest.raises(ValueError, match="size <= 0"):
        chunks_of((False, 5))
