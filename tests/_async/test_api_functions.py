"""Module-level functions beyond create/open: copy*, from_array, create_hierarchy, tree,
save/load, compatibility-only arguments."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from zarrlite._async import api
from zarrlite._async.array import AsyncArray
from zarrlite._async.group import AsyncGroup
from zarrlite._async.store.memory import AsyncMemoryStore
from zarrlite.errors import ContainsArrayError, ContainsGroupError, ZarrRuntimeWarning
from zarrlite.metadata import GroupMetadata

pytestmark = pytest.mark.anyio


async def _source(zarr_format: int = 3) -> AsyncGroup:
    root = await api.open_group(AsyncMemoryStore(), mode="w", zarr_format=zarr_format)
    sub = await root.create_group("sub", attributes={"s": 1})
    arr = await sub.create_array(
        "a", shape=(10, 7), chunks=(4, 4), dtype="f4", attributes={"u": "m"}
    )
    await arr.setitem(Ellipsis, np.arange(70, dtype="f4").reshape(10, 7))
    await root.create_array("b", shape=(3,), dtype="i8", fill_value=-1)
    return root


# -- copy ------------------------------------------------------------------------------------


async def test_copy_group_verbatim_with_progress() -> None:
    source = await _source()
    dest = await api.open_group(AsyncMemoryStore(), mode="w")
    seen: list[tuple[int, int, int]] = []
    copied, skipped, nbytes = await api.copy(
        await source.getitem("sub"), dest, progress=lambda *t: seen.append(t)
    )
    assert (copied, skipped) == (2, 0)  # the group and its array
    chunk_bytes = 0
    async for key in source.store.list_prefix("sub/a/c/"):
        data = await source.store.get(key)
        assert data is not None
        assert bytes(data) == bytes(await dest.store.get(key))  # type: ignore[arg-type]
        chunk_bytes += len(data)
    assert nbytes == chunk_bytes > 0
    assert seen[-1] == (copied, skipped, nbytes)
    copy = await dest.getitem("sub/a")
    assert isinstance(copy, AsyncArray) and copy.attrs == {"u": "m"}
    np.testing.assert_array_equal(
        await copy.getitem(Ellipsis), np.arange(70, dtype="f4").reshape(10, 7)
    )


async def test_copy_if_exists_and_dry_run() -> None:
    source = await _source()
    dest = await api.open_group(AsyncMemoryStore(), mode="w")
    array = await source.getitem("b")
    assert await api.copy(array, dest, dry_run=True) == (1, 0, 0)
    assert not await dest.contains("b")
    await api.copy(array, dest)
    with pytest.raises(ContainsArrayError, match="/b"):
        await api.copy(array, dest)
    assert await api.copy(array, dest, if_exists="skip") == (0, 1, 0)
    assert (await api.copy(array, dest, if_exists="replace", name="b"))[0] == 1
    await dest.create_group("sub")
    with pytest.raises(ContainsGroupError, match="/sub"):
        await api.copy(await source.getitem("sub"), dest)
    with pytest.raises(ValueError, match="if_exists"):
        await api.copy(array, dest, if_exists="merge")


@pytest.mark.parametrize("zarr_format", [2, 3])
async def test_copy_group_replacing_an_array(zarr_format: int) -> None:
    # The array is deleted first: writing the group's document over it left a .zarray beside
    # the .zgroup (v2: the copy of the group's array then failed) or its chunks behind (v3).
    source = await _source(zarr_format)
    dest = await api.open_group(AsyncMemoryStore(), mode="w", zarr_format=zarr_format)
    old = await dest.create_array("sub", shape=(6,), chunks=(2,), dtype="f8")
    await old.setitem(Ellipsis, 1.5)
    copied_count, skipped, _ = await api.copy(
        await source.getitem("sub"), dest, if_exists="replace"
    )
    assert (copied_count, skipped) == (2, 0)
    assert isinstance(await dest.getitem("sub"), AsyncGroup)
    copied = await dest.getitem("sub/a")
    assert isinstance(copied, AsyncArray)
    np.testing.assert_array_equal(
        await copied.getitem(Ellipsis), np.arange(70, dtype="f4").reshape(10, 7)
    )
    left = sorted([k async for k in dest.store.list_prefix("sub/") if not k.startswith("sub/a/")])
    assert left == (["sub/.zattrs", "sub/.zgroup"] if zarr_format == 2 else ["sub/zarr.json"])


async def test_copy_converts_formats_and_codecs() -> None:
    source = await _source(3)
    dest = await api.open_group(AsyncMemoryStore(), mode="w", zarr_format=2)
    await api.copy_all(source, dest, zarr_format=2, compressors=None)
    copied = await dest.getitem("sub/a")
    assert isinstance(copied, AsyncArray) and copied.zarr_format == 2
    assert copied.compressors == ()
    np.testing.assert_array_equal(
        await copied.getitem(Ellipsis), np.arange(70, dtype="f4").reshape(10, 7)
    )
    group = await dest.getitem("sub")
    assert isinstance(group.metadata, GroupMetadata) and group.metadata.zarr_format == 2


async def test_copy_store_with_filters() -> None:
    source = await _source()
    target = AsyncMemoryStore()
    copied, _, nbytes = await api.copy_store(source.store, target, excludes=["^sub/"])
    keys = sorted([k async for k in target.list()])
    assert keys == ["b/zarr.json", "zarr.json"] and copied == 2 and nbytes > 0
    await api.copy_store(source.store, target, source_path="sub", dest_path="moved")
    np.testing.assert_array_equal(
        await (await api.open_array(target, path="moved/a")).getitem((0, slice(None))),
        np.arange(7, dtype="f4"),
    )
    with pytest.raises(ContainsArrayError, match=r"zarr\.json"):
        await api.copy_store(source.store, target)
    assert (await api.copy_store(source.store, target, if_exists="skip"))[0] > 0  # sub/ keys


async def test_copy_of_something_that_is_no_node_is_a_type_error() -> None:
    # Was an AttributeError ('int' object has no attribute 'basename') from inside the copy.
    source = await _source()
    dest = await api.open_group(AsyncMemoryStore(), mode="w")
    array = await source.getitem("b")
    for call, message in (
        (lambda: api.copy(1, dest), "source"),  # type: ignore[arg-type]
        (lambda: api.copy(array, np.zeros(2)), "destination"),  # type: ignore[arg-type]
        (lambda: api.copy(source, array), "destination"),  # type: ignore[arg-type]
        (lambda: api.copy_all(array, dest), "source"),  # type: ignore[arg-type]
        (lambda: api.copy_all(source, {}), "destination"),  # type: ignore[arg-type]
    ):
        with pytest.raises(TypeError, match=message):
            await call()
    assert [key async for key in dest.store.list()] == ["zarr.json"]


# -- from_array, create_hierarchy, tree, save/load -------------------------------------------


async def test_from_array_keep_auto_and_explicit() -> None:
    source = await _source()
    array = await source.getitem("sub/a")
    assert isinstance(array, AsyncArray)
    kept = await api.from_array(AsyncMemoryStore(), data=array)
    assert kept.chunks == array.chunks and kept.compressors == array.compressors
    np.testing.assert_array_equal(await kept.getitem(Ellipsis), await array.getitem(Ellipsis))
    explicit = await api.from_array(
        AsyncMemoryStore(), data=array, chunks=(5, 7), compressors=None, write_data=False
    )
    assert explicit.chunks == (5, 7) and explicit.compressors == ()
    assert (await explicit.getitem(Ellipsis) == 0).all()
    auto = await api.from_array(AsyncMemoryStore(), data=np.ones((50, 3)), chunks="auto")
    assert auto.shape == (50, 3) and auto.dtype == np.dtype("f8")


async def test_create_hierarchy_adds_parents_and_yields_nodes() -> None:
    template = await api.create_array(AsyncMemoryStore(), shape=(4,), dtype="u2")
    nodes = {"x/y/arr": template.metadata, "g": GroupMetadata(attributes={"k": 1})}
    store = AsyncMemoryStore()
    made = {path: node async for path, node in api.create_hierarchy(store=store, nodes=nodes)}
    assert sorted(made) == ["", "g", "x", "x/y", "x/y/arr"]
    assert isinstance(made["x/y/arr"], AsyncArray) and isinstance(made["x"], AsyncGroup)
    root = await api.open_group(store, mode="r")
    assert [p async for p, _ in root.members(max_depth=None)] == ["g", "x", "x/y", "x/y/arr"]
    assert (await root.getitem("g")).attrs == {"k": 1}
    with pytest.raises(ContainsGroupError):
        async for _ in api.create_hierarchy(store=store, nodes={"g": template.metadata}):
            pass


async def test_tree_levels_and_expand() -> None:
    source = await _source()
    text = str(await api.tree(source))
    assert "sub" in text and "a (10, 7) float32" in text and "b (3,) int64" in text
    # level is the maximum depth below the group, as members(max_depth=level): 0 = direct
    # members only (zarr-python's meaning)
    shallow = str(await source.tree(level=0))
    assert "sub" in shallow and "b (3,) int64" in shallow and "a (10, 7)" not in shallow
    assert str(await source.tree(level=1)) == text == str(await source.tree(level=5))
    assert str(await api.tree(source, level=0)) == shallow
    lines = [str(await source.tree(level=n)).count("\n") for n in (0, 1)]
    assert lines == [3, 4]  # root, then below it: sub, b | sub, a, b; each line ends with \n
    # zarr-python's text: a newline after every line; a truncated tree starts with a note
    assert text.endswith("a (10, 7) float32\n") and repr(await source.tree()) == text
    cut = str(await source.tree(max_nodes=1))
    assert cut.startswith(
        "Truncated at max_nodes=1, some nodes and their children may be missing\n/\n"
    )
    assert cut.endswith("\n") and cut.count("\n") == 3
    with pytest.raises(ValueError, match="level"):
        await source.tree(level=-1)
    folded = (await source.tree(expand=False))._repr_mimebundle_()["text/html"]
    unfolded = (await source.tree(expand=True))._repr_mimebundle_()["text/html"]
    assert folded.startswith("<details>") and unfolded.startswith("<details open>")


async def test_save_and_load(tmp_path: Path) -> None:
    await api.save(tmp_path / "one", np.arange(4))
    np.testing.assert_array_equal(await api.load(tmp_path / "one"), np.arange(4))
    await api.save(tmp_path / "many", np.arange(2), named=np.ones(3))
    loaded = await api.load(tmp_path / "many")
    assert sorted(loaded) == ["arr_0", "named"]
    np.testing.assert_array_equal(await loaded["named"], np.ones(3))
    with pytest.raises(ValueError, match="at least one"):
        await api.save_group(tmp_path / "none")


async def test_compatibility_only_arguments_warn_and_are_ignored() -> None:
    with pytest.warns(ZarrRuntimeWarning, match="synchronizer"):
        arr = await api.create((4,), synchronizer=object(), store=AsyncMemoryStore())
    assert arr.shape == (4,)
    with pytest.warns(ZarrRuntimeWarning, match="cache_attrs"):
        await api.open_group(AsyncMemoryStore(), cache_attrs=True)


async def test_write_empty_chunks_argument_is_applied_with_a_deprecation_warning() -> None:
    # zarr-python 3.4 applies it and warns (ZarrRuntimeWarning); zarrlite did not warn.
    store = AsyncMemoryStore()
    for call in (
        lambda: api.create((4,), chunks=(2,), store=store, write_empty_chunks=True, overwrite=True),
        lambda: api.zeros((4,), chunks=(2,), store=store, write_empty_chunks=True, overwrite=True),
        lambda: api.open_array(store, mode="w", shape=(4,), chunks=(2,), write_empty_chunks=True),
    ):
        with pytest.warns(ZarrRuntimeWarning, match="write_empty_chunks"):
            arr = await call()
        assert arr.config.write_empty_chunks is True
        await arr.setitem(Ellipsis, 0)
        assert sorted([key async for key in store.list_prefix("c/")]) == ["c/0", "c/1"]


async def test_storage_options_need_a_remote_url(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="storage_options"):
        await api.open_group(str(tmp_path / "g"), storage_options={"anon": True})


async def test_create_nodes_rooted_hierarchy_and_get_node() -> None:
    from zarrlite._async.bulk import create_nodes, create_rooted_hierarchy, get_node
    from zarrlite.errors import NodeNotFoundError

    template = await api.create_array(AsyncMemoryStore(), shape=(3,), dtype="i1")
    store = AsyncMemoryStore()
    made = [p async for p, _ in create_nodes(store=store, nodes={"a/b": template.metadata})]
    assert made == ["a/b"]
    assert await store.get("a/zarr.json") is None  # no implicit parent
    assert isinstance(await get_node(store, "a/b", 3), AsyncArray)
    with pytest.raises(NodeNotFoundError, match="'a'"):
        await get_node(store, "a", 3)

    other = AsyncMemoryStore()
    nodes = {"r": GroupMetadata(attributes={"top": True}), "r/x": template.metadata}
    root = await create_rooted_hierarchy(store=other, nodes=nodes)
    assert isinstance(root, AsyncGroup) and root.path == "r" and root.attrs == {"top": True}
    with pytest.raises(ValueError, match="single root"):
        await create_rooted_hierarchy(store=AsyncMemoryStore(), nodes={"p": template.metadata, "q": template.metadata})


# -- mode "w-" ------------------------------------------------------------------------------


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


async def test_mode_w_minus_refuses_any_data_below_the_path(tmp_path: Path) -> None:
    """As zarr-python: mode "w-" refuses a location holding any key, Zarr node or not (e.g. a
    directory with only ``notes.txt``), naming the path, and stores nothing; a key that only
    shares the name's prefix, or data outside the path, is no obstacle."""
    (tmp_path / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "sub" / "deep" / "notes.txt").write_text("x")
    (tmp_path / "subx").write_text("y")
    before = _files(tmp_path)
    attempts = [
        lambda store, path: api.open_group(store, path=path, mode="w-"),
        lambda store, path: api.open_group(store, path=path, mode="w-", zarr_format=2),
        lambda store, path: api.open_array(store, path=path, mode="w-", shape=(2,), dtype="i4"),
        lambda store, path: api.open(store, path=path, mode="w-", shape=(2,), dtype="i4"),
        lambda store, path: api.open(store, path=path, mode="w-"),
        lambda store, path: api.create(shape=(2,), store=store, path=path, mode="w-"),
    ]
    for attempt in attempts:
        with pytest.raises(FileExistsError, match=r"'sub'.*already contains data"):
            await attempt(tmp_path, "sub")
        with pytest.raises(FileExistsError, match=r"'' \(root\).*already contains data"):
            await attempt(str(tmp_path), None)
        memory = AsyncMemoryStore({"sub/notes.txt": b"x"})
        with pytest.raises(FileExistsError, match="'sub'"):
            await attempt(memory, "sub")
        assert memory.store_dict == {"sub/notes.txt": b"x"}
    assert _files(tmp_path) == before
    # "subx" shares the prefix only; data beside the new node is not below it
    assert isinstance(await api.open_group(tmp_path, path="su", mode="w-"), AsyncGroup)
    memory = AsyncMemoryStore({"subx": b"y", "other/notes.txt": b"x"})
    assert isinstance(await api.open_array(memory, path="sub", mode="w-", shape=(1,)), AsyncArray)
