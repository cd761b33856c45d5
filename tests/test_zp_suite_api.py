"""Gaps found by running zarr-python 3.4.2's tests/test_api.py, test_indexing.py,
test_attributes.py (and test_metadata/test_consolidated.py) against zarrlite.

Each test names the zarr-python test that exposed the gap and checks the public behaviour in
plain zarrlite terms (no zarr-python internals).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import anyio
import numpy as np
import pytest

import zarrlite as zarr
import zarrlite.api.asynchronous as zasync
from zarrlite import Array, AsyncArray, AsyncGroup, Group

T = TypeVar("T")


def _run(func: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
    """``await func(*args, **kwargs)`` on a fresh event loop."""

    async def main() -> T:
        return await func(*args, **kwargs)

    return anyio.run(main)


# -- Array(async_array) / Group(async_group) ---------------------------------------------------


def test_array_wraps_async_array() -> None:
    """tests/test_api.py (``Array(sync(zarr.api.asynchronous.create(...)))``, ~180 tests):
    ``Array(async_array)`` wraps an AsyncArray, sharing its store, path and config, as
    zarr-python's ``Array`` dataclass does; it used to be a TypeError (missing store_path)."""
    store: dict[str, bytes] = {}
    created = _run(zasync.create_array, store, name="a", shape=(4,), dtype="i4", chunks=(2,))
    wrapped = Array(created)
    assert isinstance(wrapped, Array)
    assert (wrapped.path, wrapped.shape, wrapped.chunks) == ("a", (4,), (2,))
    assert wrapped.config == created.config
    wrapped[:] = np.arange(4)
    np.testing.assert_array_equal(_run(created.getitem, slice(None)), np.arange(4))
    # and back: the async wrapper of a blocking array sees the same data
    np.testing.assert_array_equal(_run(AsyncArray(wrapped).getitem, slice(None)), np.arange(4))


def test_array_wraps_array_with_config() -> None:
    """A config given next to the wrapped array replaces the wrapped array's."""
    a = zarr.zeros((2,), store={})
    assert Array(a, config={"write_empty_chunks": True}).config.write_empty_chunks is True
    assert Array(a).config == a.config


def test_group_wraps_async_group() -> None:
    """``Group(async_group)``, as zarr-python's ``Group`` dataclass."""
    ag = _run(zasync.open_group, store={}, attributes={"x": 1})
    g = Group(ag)
    assert isinstance(g, Group)
    assert g.attrs["x"] == 1
    g.create_array("b", shape=(1,), dtype="u1")
    assert _run(ag.contains, "b")
    assert isinstance(AsyncGroup(g), AsyncGroup)


def test_array_wrap_refuses_non_arrays() -> None:
    """Anything but an array handle alone is a TypeError naming it."""
    with pytest.raises(TypeError, match="Group"):
        Array(zarr.group())
    with pytest.raises(TypeError, match="42"):
        Array(42)
    with pytest.raises(TypeError, match=r"the group to wrap.*Array"):
        Group(zarr.zeros((1,), store={}))


# -- the async API takes blocking arrays (and the other way round) ----------------------------


@pytest.mark.parametrize("func", ["empty_like", "full_like", "open_like"])
def test_async_like_functions_copy_a_blocking_array(func: str) -> None:
    """tests/test_api.py::test_array_like_creation (48 cases): the async ``*_like`` functions
    given a blocking ``Array`` copied only its shape and dtype (fill value 0, default chunks):
    they take its fill value, chunks and codecs, as for an AsyncArray and as zarr-python."""
    ref = zarr.create_array(store={}, shape=(5,), dtype="uint8", chunks=(2,), fill_value=100)
    kwargs = {"mode": "w"} if func == "open_like" else {}
    new = _run(getattr(zasync, func), ref, path="foo", **kwargs)
    assert new.chunks == (2,)
    assert new.metadata.fill_value == 100
    np.testing.assert_array_equal(Array(new)[:], np.full(5, 100, dtype="uint8"))


def test_blocking_like_functions_copy_an_async_array() -> None:
    """The blocking ``zeros_like`` given an AsyncArray takes its chunks and codecs too."""
    ref = _run(
        zasync.create_array, {}, shape=(6,), dtype="i2", chunks=(3,), fill_value=7, zarr_format=2
    )
    new = zarr.empty_like(ref)
    assert (new.chunks, new.fill_value, new.metadata.zarr_format) == ((3,), 7, 2)


def test_async_from_array_keeps_blocking_source_settings() -> None:
    """``zarr.api.asynchronous.from_array(data=Array)`` keeps the source's chunks, fill value
    and attributes (it used to read it as plain numpy data), and so does async ``array``."""
    ref = zarr.create_array(
        store={}, shape=(4,), dtype="f4", chunks=(2,), fill_value=1.5, attributes={"k": "v"}
    )
    ref[:] = np.arange(4)
    for new in (_run(zasync.from_array, {}, data=ref), _run(zasync.array, ref, store={})):
        assert (new.chunks, new.metadata.fill_value, new.attrs) == ((2,), 1.5, {"k": "v"})
        np.testing.assert_array_equal(_run(new.getitem, slice(None)), np.arange(4))


def test_groups_of_either_flavour_are_not_data() -> None:
    """A group of the other flavour is refused as data too (numpy would list its names)."""
    with pytest.raises(TypeError, match="group"):
        _run(zasync.array, zarr.group())


# -- bad input leaves the existing node alone ---------------------------------------------------


_OVERWRITING_CALLS = {
    "open-array": lambda store, **kw: zarr.open(store=store, mode="w", shape=(2,), **kw),
    "open-group": lambda store, **kw: zarr.open(store=store, mode="w", **kw),
    "open_array": lambda store, **kw: zarr.open_array(store=store, mode="w", shape=(2,), **kw),
    "open_group": lambda store, **kw: zarr.open_group(store=store, mode="w", **kw),
    "create_array": lambda store, **kw: zarr.create_array(
        store, overwrite=True, shape=(2,), dtype="int32", **kw
    ),
    "group": lambda store, **kw: zarr.group(store=store, overwrite=True, **kw),
    "create_group": lambda store, **kw: zarr.create_group(store, overwrite=True, **kw),
}


def _seeded_store() -> tuple[zarr.storage.MemoryStore, dict[str, bytes]]:
    store = zarr.storage.MemoryStore()
    zarr.create_array(store, shape=(4,), dtype="int32", zarr_format=3)[:] = 1
    return store, {key: store.get(key) for key in store.list()}


@pytest.mark.parametrize("call", _OVERWRITING_CALLS)
@pytest.mark.parametrize("zarr_format", [2, 3])
def test_overwrite_with_unencodable_attributes_keeps_existing_node(
    call: str, zarr_format: int
) -> None:
    """tests/test_api.py::test_overwrite_unencodable_attributes_keeps_existing_node: attributes
    that are not JSON raise TypeError; the node being replaced used to be deleted first (an
    empty store was left), now nothing is touched."""
    store, before = _seeded_store()
    with pytest.raises(TypeError, match="JSON serializable"):
        _OVERWRITING_CALLS[call](store, attributes={"x": object()}, zarr_format=zarr_format)
    assert {key: store.get(key) for key in store.list()} == before
    np.testing.assert_array_equal(zarr.open_array(store, mode="r")[:], [1, 1, 1, 1])


def test_group_create_array_overwrite_with_unencodable_attributes_keeps_member() -> None:
    """The same through a group's ``create_array(overwrite=True)``."""
    g = zarr.group()
    g.create_array("a", shape=(2,), dtype="u1")[:] = 7
    with pytest.raises(TypeError, match="JSON serializable"):
        g.create_array("a", shape=(3,), dtype="u1", overwrite=True, attributes={"x": {1j}})
    np.testing.assert_array_equal(g["a"][:], [7, 7])


# -- open(config=...) for a group ------------------------------------------------------------


@pytest.mark.parametrize("mode", ["a", "w", "r+"])
@pytest.mark.parametrize("exists", [True, False])
def test_open_refuses_array_config_for_a_group(mode: str, exists: bool) -> None:
    """tests/test_api.py::test_open_group_with_config: ``zarr.open(config=...)`` that opens or
    creates a group raises TypeError (the config was silently dropped), before anything is
    created or replaced."""
    store = zarr.storage.MemoryStore()
    if exists:
        zarr.create_group(store, attributes={"k": 1})
    before = {key: store.get(key) for key in store.list()}
    expected = TypeError if exists or mode != "r+" else zarr.errors.GroupNotFoundError
    with pytest.raises(expected):
        zarr.open(store=store, mode=mode, config={"order": "F"})
    assert {key: store.get(key) for key in store.list()} == before


def test_open_applies_config_to_an_array() -> None:
    """An array found by ``open`` still takes the config."""
    store = zarr.storage.MemoryStore()
    zarr.create_array(store, shape=(2, 2), dtype="i1")
    assert zarr.open(store=store, mode="a", config={"order": "F"}).config.order == "F"
    node = _run(zasync.open, store=store, mode="r", config={"write_empty_chunks": True})
    assert node.config.write_empty_chunks is True
    with pytest.raises(TypeError):
        _run(zasync.open, store={}, config={"order": "F"})


# -- a zarr array of either flavour as an index -------------------------------------------------


def _indexed_group() -> tuple[Array, Array, Array]:
    g = zarr.create_group(store={})
    values = g.create_array(name="values", shape=(2, 2), chunks=(1, 1), dtype="i8")
    values[...] = [[1, 2], [3, 4]]
    mask = g.create_array(name="mask", shape=(2, 2), chunks=(1, 1), dtype="?")
    mask[...] = [[False, True], [False, True]]
    rows = g.create_array(name="rows", shape=(2,), dtype="i8")
    rows[...] = [1, 0]
    return values, mask, rows


def test_async_selection_with_a_blocking_array_index() -> None:
    """tests/test_indexing.py::TestAsync::test_async_vindex_with_zarr_array: an AsyncArray's
    ``vindex.getitem`` given a blocking ``Array`` mask raised VindexInvalidSelectionError (only
    an AsyncArray index was read first); now a zarr array of either flavour is."""
    values, mask, rows = _indexed_group()
    target = values.async_array

    async def main() -> None:
        np.testing.assert_array_equal(await target.vindex.getitem(mask), [2, 4])
        np.testing.assert_array_equal(await target.getitem(mask), [2, 4])
        np.testing.assert_array_equal(await target.oindex.getitem((rows, rows)), [[4, 3], [2, 1]])
        await target.vindex.setitem(mask, 0)

    anyio.run(main)
    np.testing.assert_array_equal(values[...], [[1, 0], [3, 0]])


def test_blocking_selection_with_an_async_array_index() -> None:
    """And the other way round: a blocking array indexed by AsyncArrays."""
    values, mask, rows = _indexed_group()
    np.testing.assert_array_equal(values.vindex[mask.async_array], [2, 4])
    np.testing.assert_array_equal(values[mask.async_array], [2, 4])
    np.testing.assert_array_equal(values.oindex[rows.async_array, :], [[3, 4], [1, 2]])
    values.oindex[rows.async_array, 0] = -1
    np.testing.assert_array_equal(values[...], [[-1, 2], [-1, 4]])


# -- out= of another data type -------------------------------------------------------------------


@pytest.mark.parametrize("out_dtype", ["f8", "i4", ">i8", "u2"])
@pytest.mark.parametrize(
    ("method", "selection"),
    [
        ("get_basic_selection", slice(5, 15)),
        ("get_orthogonal_selection", np.arange(5, 15)),
        ("get_coordinate_selection", np.arange(5, 15)),
        ("get_mask_selection", (np.arange(30) >= 5) & (np.arange(30) < 15)),
    ],
)
def test_out_of_another_dtype_gets_converted_values(
    method: str, selection: object, out_dtype: str
) -> None:
    """tests/test_indexing.py::test_get_selection_out: an ``out=`` array whose data type is not
    the array's (float64 for an int64 array) received the raw chunk bytes (7 read as 3.5e-323,
    or a ValueError for a narrower type); it now gets the values, converted as numpy assigns."""
    z = zarr.create_array(store={}, shape=(30,), chunks=(7,), dtype="i8")
    z[:] = np.arange(30)
    out = np.zeros(10, dtype=out_dtype)
    assert getattr(z, method)(selection, out=out) is out
    np.testing.assert_array_equal(out, np.arange(5, 15))
    assert out.dtype == np.dtype(out_dtype)


def test_out_of_another_dtype_async() -> None:
    """The same through an AsyncArray."""
    z = zarr.create_array(store={}, shape=(6,), chunks=(4,), dtype="u1")
    z[:] = np.arange(6)
    out = np.zeros(6, dtype="f4")
    anyio.run(lambda: z.async_array.get_orthogonal_selection(slice(None), out=out))
    np.testing.assert_array_equal(out, np.arange(6))


# -- stores that opt out of consolidated metadata ------------------------------------------------


class _NoConsolidation(zarr.storage.MemoryStore):
    @property
    def supports_consolidated_metadata(self) -> bool:
        return False


class _AsyncNoConsolidation(zarr.storage.AsyncMemoryStore):
    @property
    def supports_consolidated_metadata(self) -> bool:
        return False


def _hierarchy_with_consolidated_document(store: zarr.storage.MemoryStore) -> None:
    """A hierarchy consolidated through a plain store over the same data, then a member added."""
    root = zarr.create_group(store)
    root.create_group("a/b")
    zarr.consolidate_metadata(zarr.storage.MemoryStore(store._store_dict))
    root.create_group("late")


def test_consolidate_metadata_refuses_a_store_that_opts_out() -> None:
    """tests/test_metadata/test_consolidated.py::
    test_consolidate_metadata_raises_for_self_consolidating_stores: ``supports_consolidated_
    metadata = False`` was ignored (the document was written); it is a TypeError, and nothing
    is written."""
    store = _NoConsolidation()
    zarr.create_group(store).create_group("a/b")
    before = {key: store.get(key) for key in store.list()}
    with pytest.raises(TypeError, match="does not support consolidated metadata"):
        zarr.consolidate_metadata(store)
    assert {key: store.get(key) for key in store.list()} == before
    async_store = _AsyncNoConsolidation()
    with pytest.raises(TypeError, match="does not support consolidated metadata"):
        _run(zasync.consolidate_metadata, async_store)


def test_open_group_on_a_store_that_opts_out_of_consolidated_metadata() -> None:
    """tests/test_metadata/test_consolidated.py::test_open_group_in_non_consolidating_stores:
    such a store's consolidated document is not used (members are listed from the store), and
    ``use_consolidated=True`` is a ValueError."""
    store = _NoConsolidation()
    _hierarchy_with_consolidated_document(store)
    for use_consolidated in (None, False):
        g = zarr.open_group(store, mode="r", use_consolidated=use_consolidated)
        assert g.metadata.consolidated_metadata is None
        assert sorted(g.group_keys()) == ["a", "late"]
    with pytest.raises(ValueError, match="does not support consolidated metadata"):
        zarr.open_group(store, mode="r", use_consolidated=True)
    with pytest.raises(ValueError, match="does not support consolidated metadata"):
        zarr.open_consolidated(store, mode="r")
    # a store that supports it still reads the (stale) consolidated listing
    plain = zarr.open_group(zarr.storage.MemoryStore(store._store_dict), mode="r")
    assert sorted(plain.group_keys()) == ["a"]


# -- Group.tree() styling ------------------------------------------------------------------------


def _tree_group() -> Group:
    g = zarr.group()
    g.create_group("A").create_array(name="x", shape=(2,), dtype="float64")
    return g


def test_tree_bolds_array_names_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """tests/test_tree.py::test_tree: zarr-python 3.4 bolds every node name, arrays included
    (zarrlite bolded group names only), and ``repr`` of the tree is the styled text on a
    terminal (zarrlite's repr was never styled)."""
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    bold, end = "\x1b[1m", "\x1b[0m"
    expected = f"{bold}/{end}\n└── {bold}A{end}\n    └── {bold}x{end} (2,) float64\n"
    tree = _tree_group().tree()
    assert repr(tree) == str(tree) == expected
    assert repr(_tree_group().tree(plain=True)) == "/\n└── A\n    └── x (2,) float64\n"
    html = tree._repr_mimebundle_()["text/html"]
    assert "<b>A</b>" in html and "<b>x</b> (2,) float64" in html


def test_tree_is_plain_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a terminal the text has no ANSI codes (the HTML keeps its <b>)."""
    monkeypatch.setattr("sys.stdout.isatty", lambda: False)
    tree = _tree_group().tree()
    assert repr(tree) == str(tree) == "/\n└── A\n    └── x (2,) float64\n"
    assert "<b>x</b>" in tree._repr_mimebundle_()["text/html"]
    assert "<b>" not in _tree_group().tree(plain=True)._repr_mimebundle_()["text/html"]


def test_array_classes_are_subscriptable_in_annotations() -> None:
    """tests/test_v2.py did not import: ``zarr.Array[Any]`` in an annotation evaluated at
    definition time was a TypeError; as zarr-python's generic arrays, subscripting gives an
    alias of the class (its parameters are not checked)."""

    def opened() -> Array[Any]:
        return zarr.zeros((1,), store={})

    assert isinstance(opened(), Array)
    assert AsyncArray[Any].__origin__ is AsyncArray
    assert Array[zarr.metadata.ArrayV3Metadata].__origin__ is Array


# -- resize visits only the chunks it deletes ---------------------------------------------------


class _DeleteRecorder(zarr.storage.MemoryStore):
    deleted: list[str]

    def delete(self, key: str) -> None:
        self.deleted.append(key)
        super().delete(key)


def test_resize_of_a_huge_grid_deletes_only_the_chunks_outside() -> None:
    """tests/test_resize.py::test_resize_shrinking_skips_full_grid: shrinking by one row an
    array of 2**41 chunks enumerated the whole old grid (MemoryError); only the chunks outside
    the new shape are visited now."""
    store = _DeleteRecorder()
    a = zarr.create_array(store, shape=(2**40, 2), chunks=(1, 1), dtype="uint8")
    a[0, :] = 3
    a[-1, :] = 5
    store.deleted = []
    a.resize((2**40 - 1, 2))
    assert a.shape == (2**40 - 1, 2)
    assert sorted(store.deleted) == [f"c/{2**40 - 1}/0", f"c/{2**40 - 1}/1"]
    assert sorted(k for k in store.list() if k.startswith("c/")) == ["c/0/0", "c/0/1"]


@pytest.mark.parametrize(
    ("old", "new"),
    [((8, 9), (4, 5)), ((8, 9), (10, 5)), ((8, 9), (4, 12)), ((8, 9), (0, 9)), ((8, 9), (8, 9))],
)
@pytest.mark.parametrize("shards", [None, (4, 4)])
def test_resize_deletes_each_chunk_outside_once(
    old: tuple[int, int], new: tuple[int, int], shards: tuple[int, int] | None
) -> None:
    """Every stored chunk (or shard) wholly outside the new shape is deleted exactly once and
    no other; the values inside are kept."""
    store = _DeleteRecorder()
    a = zarr.create_array(store, shape=old, chunks=(2, 2), shards=shards, dtype="i4")
    data = np.arange(1, old[0] * old[1] + 1, dtype="i4").reshape(old)
    a[...] = data
    unit = shards or (2, 2)
    grid = [range(-(-s // u)) for s, u in zip(old, unit, strict=True)]
    expected = sorted(
        f"c/{i}/{j}"
        for i in grid[0]
        for j in grid[1]
        if i * unit[0] >= new[0] or j * unit[1] >= new[1]
    )
    store.deleted = []
    a.resize(new)
    assert sorted(store.deleted) == expected
    kept = tuple(slice(0, min(o, n)) for o, n in zip(old, new, strict=True))
    np.testing.assert_array_equal(a[kept], data[kept])
