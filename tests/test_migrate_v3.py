"""zarrlite.metadata.migrate_v3 against zarr-python 3.4.2's zarr.metadata.migrate_v3.

Each case writes a v2 hierarchy (with zarr-python or zarrlite) into a fresh temporary
directory, copies it, migrates one copy with each library, and compares the ``zarr.json``
documents byte for byte, the data both libraries read back, and the refusals.
"""

from __future__ import annotations

import asyncio
import inspect
import os
import shutil
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import anyio
import numcodecs
import numpy as np
import pytest

import zarrlite
from zarrlite.metadata import migrate_v3 as lmig
from zarrlite.storage import LocalStore, MemoryStore, StorePath

zarr = pytest.importorskip("zarr")
zmig = pytest.importorskip("zarr.metadata.migrate_v3")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")  # zarr-python's v2 warnings


@pytest.fixture
def workdir() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="zarrlite-migrate-"))
    try:
        yield path
    finally:
        shutil.rmtree(path)  # only ever the fresh directory under /tmp made above


def tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` by its key."""
    out = {}
    for dirpath, _, names in os.walk(root):
        for name in names:
            full = Path(dirpath) / name
            out[full.relative_to(root).as_posix()] = full.read_bytes()
    return out


def documents(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(root).items() if k.rsplit("/", 1)[-1] == "zarr.json"}


def run(fn: Callable[[], Any]) -> BaseException | None:
    try:
        with warnings.catch_warnings():
            # zarr-python warns on v3 data types without a spec (null_terminated_bytes...);
            # its RuntimeWarning is for the deletes it never awaits after a refusal.
            warnings.simplefilter("ignore")
            fn()
    except Exception as e:
        return e
    return None


def migrate_both(source: Path) -> tuple[Path, Path, BaseException | None, BaseException | None]:
    """Copies of ``source`` migrated in place by zarr-python and by zarrlite."""
    z_dir, l_dir = source.with_name(source.name + "-z"), source.with_name(source.name + "-l")
    shutil.copytree(source, z_dir)
    shutil.copytree(source, l_dir)
    z_err = run(lambda: zmig.migrate_v2_to_v3(input_store=zarr.storage.LocalStore(z_dir)))
    l_err = run(lambda: lmig.migrate_v2_to_v3(input_store=LocalStore(l_dir)))
    return z_dir, l_dir, z_err, l_err


# ---------------------------------------------------------------- arrays

STRINGS = np.array([["ab", "c", "", "def", "g"]] * 4)

ARRAY_CASES: dict[str, dict[str, Any]] = {
    "default": {"dtype": "f8"},
    "zstd-checksum": {"dtype": "f4", "compressors": numcodecs.Zstd(level=3, checksum=True)},
    "blosc": {"dtype": "i2", "compressors": numcodecs.Blosc(cname="lz4", clevel=3, shuffle=2)},
    "blosc-noshuffle": {"dtype": "u4", "compressors": numcodecs.Blosc(shuffle=0)},
    "gzip": {"dtype": "u1", "compressors": numcodecs.GZip(level=3)},
    "zlib": {"dtype": "i8", "compressors": numcodecs.Zlib(level=4)},
    "lz4": {"dtype": "f4", "compressors": numcodecs.LZ4()},
    "bz2": {"dtype": "f4", "compressors": numcodecs.BZ2()},
    "crc32": {"dtype": "i4", "compressors": numcodecs.CRC32()},
    "no-compressor": {"dtype": "bool", "compressors": None},
    "order-F": {"dtype": "i4", "order": "F"},
    "order-F-blosc": {"dtype": "f8", "order": "F", "compressors": numcodecs.Blosc()},
    "big-endian-slash": {
        "dtype": ">i4",
        "chunk_key_encoding": {"name": "v2", "separator": "/"},
    },
    "delta": {"dtype": "i8", "filters": [numcodecs.Delta(dtype="i8")], "compressors": None},
    "astype": {"dtype": "f8", "filters": [numcodecs.AsType(encode_dtype="f4", decode_dtype="f8")]},
    "fixedscaleoffset": {
        "dtype": "f8",
        "filters": [numcodecs.FixedScaleOffset(offset=1, scale=10, dtype="f8", astype="i4")],
    },
    "nan-fill-attrs": {"dtype": "f4", "fill_value": float("nan"), "attributes": {"a": [1, "x"]}},
    "inf-fill": {"dtype": "f2", "fill_value": float("-inf")},
    "complex-fill": {"dtype": "c16", "fill_value": 1 + 2j},
    "datetime": {"dtype": "M8[s]"},
    "none-fill-bool": {"dtype": "bool", "fill_value": None},
    "none-fill-datetime": {"dtype": "M8[s]", "fill_value": None},
    "fixed-bytes": {"dtype": "S3", "fill_value": b"ab"},
    "fixed-unicode": {"dtype": "<U3", "fill_value": "xy"},
    "fixed-unicode-blosc": {"dtype": "<U3", "compressors": numcodecs.Blosc()},
    "fixed-bytes-non-ascii-fill": {"dtype": "S2", "fill_value": b"\xff\x00"},
    "unicode-attributes": {"dtype": "i1", "attributes": {"\u00fc": "\u00e9", "x": [1.5, None]}},
    "uint64-max-fill": {"dtype": "u8", "fill_value": 2**64 - 1},
    "complex-nan-fill": {"dtype": "c8", "fill_value": complex("nan+1j")},
    "timedelta": {"dtype": "m8[ms]", "fill_value": 5},
    "structured": {"dtype": [("a", "i4"), ("b", "f8")]},
    "order-F-delta": {"dtype": "i4", "order": "F", "filters": [numcodecs.Delta(dtype="i4")]},
    "two-filters": {
        "dtype": "f8",
        "filters": [
            numcodecs.Quantize(digits=2, dtype="f8"),
            numcodecs.AsType(encode_dtype="f4", decode_dtype="f8"),
        ],
    },
    "bitround": {"dtype": "f4", "filters": [numcodecs.BitRound(keepbits=5)]},
    "packbits": {"dtype": "bool", "filters": [numcodecs.PackBits()], "compressors": None},
    "lzma": {"dtype": "i2", "compressors": numcodecs.LZMA()},
    "adler32": {"dtype": "i2", "compressors": numcodecs.Adler32()},
}
# zarr-python refuses these; zarrlite refuses them with the same exception class.
REFUSED_CASES: dict[str, tuple[dict[str, Any], type[Exception]]] = {
    "blosc-autoshuffle": ({"dtype": "i2", "compressors": numcodecs.Blosc(shuffle=-1)}, ValueError),
    "shuffle-as-filter": (
        {"dtype": "f8", "filters": [numcodecs.Shuffle(elementsize=8)]},
        TypeError,
    ),
    "vlen-utf8": ({"dtype": str}, ValueError),
    "vlen-bytes": ({"dtype": "vlen-bytes"}, ValueError),
}


def sample(dtype: Any, shape: tuple[int, ...]) -> np.ndarray[Any, Any]:
    if dtype == "vlen-bytes":
        return STRINGS.astype("S")[: shape[0], : shape[1]].astype(object)
    dt = np.dtype(dtype) if dtype is not str else np.dtype("O")
    n = int(np.prod(shape))
    if dt.kind in "SU":
        return STRINGS.astype(dt)[: shape[0], : shape[1]]
    if dt.kind == "O":
        return STRINGS.astype(object)[: shape[0], : shape[1]]
    if dt.kind == "b":
        return (np.arange(n) % 3 == 0).reshape(shape)
    if dt.kind == "M":
        return (np.arange(n) * 1000).astype(dt).reshape(shape)
    return (np.arange(n) % 50).astype(dt).reshape(shape)


def write_array(lib: Any, path: Path, kwargs: dict[str, Any]) -> np.ndarray[Any, Any]:
    """A (4, 5) v2 array in (2, 2) chunks, written but for its last column of chunks (which
    reads as the fill value)."""
    kwargs = dict(kwargs)
    dtype = kwargs["dtype"]
    attributes = kwargs.pop("attributes", None)
    if kwargs["dtype"] == "vlen-bytes":  # each library's name for variable-length bytes
        kwargs["dtype"] = zarr.dtype.VariableLengthBytes() if lib is zarr else bytes
    array = lib.create_array(
        str(path), shape=(4, 5), chunks=(2, 2), zarr_format=2, attributes=attributes, **kwargs
    )
    array[:, :4] = sample(dtype, (4, 4))
    data = np.asarray(array[...])
    if data.dtype.byteorder in "<>":  # v3 reads give native byte order
        data = data.astype(data.dtype.newbyteorder("="))
    return data


def read_v3(path: Path) -> tuple[Any, Any]:
    z = zarr.open_array(zarr.storage.LocalStore(path, read_only=True), zarr_format=3)
    zl = zarrlite.open_array(LocalStore(path, read_only=True), zarr_format=3)
    return z[...], zl[...]


@pytest.mark.parametrize("writer", ["zarr", "zarrlite"])
@pytest.mark.parametrize("case", sorted(ARRAY_CASES))
def test_array_migrates_as_zarr_python(workdir: Path, writer: str, case: str) -> None:
    lib = zarr if writer == "zarr" else zarrlite
    source = workdir / "a.zarr"
    expected = write_array(lib, source, ARRAY_CASES[case])
    z_dir, l_dir, z_err, l_err = migrate_both(source)
    assert z_err is None and l_err is None, (z_err, l_err)
    assert documents(l_dir) == documents(z_dir) != {}
    # Nothing else changed: the v2 documents and the chunks are where they were.
    assert {k: v for k, v in tree(l_dir).items() if k != "zarr.json"} == tree(source)
    for got in read_v3(l_dir):
        np.testing.assert_array_equal(got, expected, strict=True)


@pytest.mark.parametrize("writer", ["zarr", "zarrlite"])
@pytest.mark.parametrize("case", sorted(REFUSED_CASES))
def test_array_refused_as_zarr_python(workdir: Path, writer: str, case: str) -> None:
    kwargs, error = REFUSED_CASES[case]
    lib = zarr if writer == "zarr" else zarrlite
    source = workdir / "a.zarr"
    write_array(lib, source, kwargs)
    z_dir, l_dir, z_err, l_err = migrate_both(source)
    assert isinstance(z_err, error), z_err
    assert type(l_err) is type(z_err) or isinstance(l_err, type(z_err)), (l_err, z_err)
    assert tree(l_dir) == tree(z_dir) == tree(source)  # nothing written


@pytest.mark.parametrize("dtype", ["f8", "i4", "S3"])
def test_null_fill_value_becomes_the_default(workdir: Path, dtype: str) -> None:
    # Deliberate difference: zarr-python raises TypeError for these v2 arrays with
    # "fill_value": null (and writes "Non" for <U3, NaN for complex); zarrlite writes the
    # data type's default, which is what both libraries read for a missing v2 chunk.
    source = workdir / "a.zarr"
    expected = write_array(zarr, source, {"dtype": dtype, "fill_value": None})
    _, l_dir, z_err, l_err = migrate_both(source)
    assert isinstance(z_err, TypeError)
    assert l_err is None
    for got in read_v3(l_dir):
        np.testing.assert_array_equal(got, expected, strict=True)


def test_zero_dimensional_order_f(workdir: Path) -> None:
    source = workdir / "a.zarr"
    array = zarr.create_array(str(source), shape=(), dtype="i4", order="F", zarr_format=2)
    array[...] = 7
    z_dir, l_dir, z_err, l_err = migrate_both(source)
    assert z_err is None and l_err is None
    assert documents(l_dir) == documents(z_dir)
    assert [int(x) for x in read_v3(l_dir)] == [7, 7]


# ---------------------------------------------------------------- hierarchies


def write_hierarchy(lib: Any, path: Path) -> dict[str, np.ndarray[Any, Any]]:
    root = lib.open_group(str(path), mode="w", zarr_format=2, attributes={"title": "root"})
    data = {}
    a = root.create_array("a", shape=(6,), chunks=(4,), dtype="i2", attributes={"u": "m"})
    a[:5] = np.arange(5)
    sub = root.create_group("sub", attributes={"level": 1})
    b = sub.create_array("b", shape=(3, 2), chunks=(2, 2), dtype="f8", order="F", fill_value=-1)
    b[:2] = [[1.5, 2.5], [3.5, 4.5]]
    deeper = sub.create_group("deeper")
    c = deeper.create_array(
        "c", shape=(5,), chunks=(2,), dtype="u1", compressors=numcodecs.Zlib(level=1)
    )
    c[...] = np.arange(5, dtype="u1")
    root.create_group("empty")
    for name, array in {"a": a, "sub/b": b, "sub/deeper/c": c}.items():
        data[name] = np.asarray(array[...])
    return data


@pytest.mark.parametrize("writer", ["zarr", "zarrlite"])
def test_hierarchy_migrates_as_zarr_python(workdir: Path, writer: str) -> None:
    source = workdir / "h.zarr"
    data = write_hierarchy(zarr if writer == "zarr" else zarrlite, source)
    z_dir, l_dir, z_err, l_err = migrate_both(source)
    assert z_err is None and l_err is None
    docs = documents(l_dir)
    assert docs == documents(z_dir)
    assert sorted(docs) == [
        "a/zarr.json",
        "empty/zarr.json",
        "sub/b/zarr.json",
        "sub/deeper/c/zarr.json",
        "sub/deeper/zarr.json",
        "sub/zarr.json",
        "zarr.json",
    ]
    for opened in (
        zarr.open_group(str(l_dir), zarr_format=3),
        zarrlite.open_group(str(l_dir), zarr_format=3),
    ):
        assert dict(opened.attrs) == {"title": "root"}
        assert dict(opened["sub"].attrs) == {"level": 1}
        for name, expected in data.items():
            np.testing.assert_array_equal(opened[name][...], expected, strict=True)


def test_consolidated_hierarchy_refused(workdir: Path) -> None:
    source = workdir / "h.zarr"
    write_hierarchy(zarrlite, source)
    zarrlite.consolidate_metadata(str(source))
    z_dir, l_dir, z_err, l_err = migrate_both(source)
    assert isinstance(z_err, NotImplementedError)
    assert isinstance(l_err, NotImplementedError)
    assert tree(l_dir) == tree(z_dir) == tree(source)


def test_consolidated_subgroup_and_separators(workdir: Path) -> None:
    # Only the root's consolidated metadata is refused: a member group's .zmetadata is not
    # read when the member is opened, and stays as it is.
    source = workdir / "h.zarr"
    root = zarr.open_group(str(source), mode="w", zarr_format=2)
    root.create_group("s").create_array("a", shape=(3,), chunks=(2,), dtype="i1")[...] = 1
    zarr.consolidate_metadata(str(source / "s"))
    slash = root.create_array(
        "t",
        shape=(3, 3),
        chunks=(2, 2),
        dtype="u2",
        chunk_key_encoding={"name": "v2", "separator": "/"},
    )
    slash[...] = np.arange(9).reshape(3, 3)
    z_dir, l_dir, z_err, l_err = migrate_both(source)
    assert z_err is None and l_err is None
    assert documents(l_dir) == documents(z_dir)
    assert "s/.zmetadata" in tree(l_dir)
    for opened in (
        zarr.open_group(str(l_dir), zarr_format=3),
        zarrlite.open_group(str(l_dir), zarr_format=3),
    ):
        np.testing.assert_array_equal(opened["t"][...], np.arange(9).reshape(3, 3))
        np.testing.assert_array_equal(opened["s/a"][...], [1, 1, 1])


def test_refusal_deep_in_a_hierarchy_writes_nothing(workdir: Path) -> None:
    # Deliberate difference: zarr-python has written zarr.json for the members it reached
    # before the refused one; zarrlite checks every node first and writes nothing.
    source = workdir / "h.zarr"
    write_hierarchy(zarrlite, source)
    zarrlite.open_group(str(source)).create_array("zz", shape=(2,), dtype=str)
    _, l_dir, z_err, l_err = migrate_both(source)
    assert isinstance(z_err, ValueError) and isinstance(l_err, ValueError)
    assert tree(l_dir) == tree(source)
    # zarr-python may or may not have written some zarr.json by then: it visits the members
    # concurrently, so how far it got before the refusal varies from run to run.


def test_existing_v3_metadata_refused(workdir: Path) -> None:
    source = workdir / "h.zarr"
    write_hierarchy(zarrlite, source)
    (source / "sub" / "zarr.json").write_bytes((source / ".zgroup").read_bytes())
    z_dir, l_dir, z_err, l_err = migrate_both(source)
    assert isinstance(z_err, ValueError) and isinstance(l_err, ValueError)
    assert "zarr.json already exists" in str(l_err)
    assert tree(l_dir) == tree(source)
    # Migrating again: the root is v3 now, which is not v2 metadata.
    for lib_dir, migrate, store in (
        (z_dir, zmig, zarr.storage.LocalStore),
        (l_dir, lmig, LocalStore),
    ):
        (lib_dir / "zarr.json").write_text('{"zarr_format": 3, "node_type": "group"}')
        with pytest.raises(TypeError, match="zarr v2 metadata"):
            migrate.migrate_v2_to_v3(input_store=store(lib_dir))


def test_empty_store_refused(workdir: Path) -> None:
    z_err = run(lambda: zmig.migrate_v2_to_v3(input_store=zarr.storage.LocalStore(workdir)))
    l_err = run(lambda: lmig.migrate_v2_to_v3(input_store=LocalStore(workdir)))
    assert isinstance(z_err, FileNotFoundError) and isinstance(l_err, FileNotFoundError)
    assert type(l_err).__name__ == type(z_err).__name__ == "GroupNotFoundError"


def test_dry_run_changes_nothing(workdir: Path, caplog: pytest.LogCaptureFixture) -> None:
    source = workdir / "h.zarr"
    write_hierarchy(zarrlite, source)
    before = tree(source)
    with caplog.at_level("INFO", logger="zarrlite.metadata.migrate_v3"):
        lmig.migrate_v2_to_v3(input_store=LocalStore(source), dry_run=True)
    assert tree(source) == before
    saved = [r.getMessage() for r in caplog.records if r.name == "zarrlite.metadata.migrate_v3"]
    assert len(saved) == 7
    assert saved[-1] == f"Saving metadata to file://{source}/zarr.json"  # the root last


def test_output_store(workdir: Path) -> None:
    source = workdir / "h.zarr"
    write_hierarchy(zarr, source)
    before = tree(source)
    z_out, l_out = workdir / "z-out", workdir / "l-out"
    zmig.migrate_v2_to_v3(
        input_store=zarr.storage.LocalStore(source), output_store=zarr.storage.LocalStore(z_out)
    )
    lmig.migrate_v2_to_v3(input_store=LocalStore(source), output_store=LocalStore(l_out))
    assert tree(source) == before
    assert tree(l_out) == tree(z_out) == documents(z_out) != {}
    # A non-empty output store is refused by both.
    z_err = run(
        lambda: zmig.migrate_v2_to_v3(
            input_store=zarr.storage.LocalStore(source), output_store=zarr.storage.LocalStore(z_out)
        )
    )
    l_err = run(
        lambda: lmig.migrate_v2_to_v3(
            input_store=LocalStore(source), output_store=LocalStore(l_out)
        )
    )
    assert isinstance(z_err, FileExistsError) and isinstance(l_err, FileExistsError)


def test_migrate_to_v3_member(workdir: Path) -> None:
    source = workdir / "h.zarr"
    write_hierarchy(zarrlite, source)
    group = zarrlite.open_group(LocalStore(source), mode="r+")
    lmig.migrate_to_v3(group["sub"], StorePath(LocalStore(source), "sub"))
    assert sorted(documents(source)) == [
        "sub/b/zarr.json",
        "sub/deeper/c/zarr.json",
        "sub/deeper/zarr.json",
        "sub/zarr.json",
    ]
    v3 = zarrlite.open_group(LocalStore(source), mode="r+", zarr_format=3, path="sub")
    with pytest.raises(TypeError, match="zarr v2 metadata"):
        lmig.migrate_to_v3(v3, StorePath(LocalStore(source), "sub"))


def test_memory_store() -> None:
    store = MemoryStore()
    zarrlite.create_array(store, shape=(3,), dtype="i4", zarr_format=2)[...] = [1, 2, 3]
    lmig.migrate_v2_to_v3(input_store=store)
    np.testing.assert_array_equal(zarrlite.open_array(store, zarr_format=3)[...], [1, 2, 3])


# ---------------------------------------------------------------- remove_metadata


def keys_removed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(set(before) - set(after))


def remove_both(
    source: Path, zarr_format: int, **kwargs: Any
) -> tuple[Path, Path, BaseException | None, BaseException | None]:
    z_dir = Path(tempfile.mkdtemp(dir=source.parent)) / "z"
    l_dir = Path(tempfile.mkdtemp(dir=source.parent)) / "l"
    shutil.copytree(source, z_dir)
    shutil.copytree(source, l_dir)
    z_err = run(
        lambda: asyncio.run(
            zmig.remove_metadata(zarr.storage.LocalStore(z_dir), zarr_format, **kwargs)
        )
    )
    l_err = run(
        lambda: anyio.run(lambda: lmig.remove_metadata(LocalStore(l_dir), zarr_format, **kwargs))
    )
    return z_dir, l_dir, z_err, l_err


def test_remove_metadata_matches_zarr_python(workdir: Path) -> None:
    source = workdir / "h.zarr"
    write_hierarchy(zarr, source)
    zarrlite.consolidate_metadata(str(source))  # a .zmetadata to remove as well
    before = tree(source)
    # No v3 metadata yet: removing v2 needs force, and without it nothing is deleted.
    z_dir, l_dir, z_err, l_err = remove_both(source, 2)
    assert isinstance(z_err, ValueError) and isinstance(l_err, ValueError)
    assert tree(l_dir) == tree(z_dir) == before
    z_dir, l_dir, z_err, l_err = remove_both(source, 2, force=True, dry_run=True)
    assert z_err is None and l_err is None
    assert tree(l_dir) == before
    z_dir, l_dir, z_err, l_err = remove_both(source, 2, force=True)
    assert z_err is None and l_err is None
    removed = keys_removed(before, tree(l_dir))
    assert removed == keys_removed(before, tree(z_dir))
    assert ".zmetadata" in removed and "sub/deeper/c/.zarray" in removed
    assert all(
        k.rsplit("/", 1)[-1] in (".zarray", ".zattrs", ".zgroup", ".zmetadata") for k in removed
    )


def test_remove_metadata_after_migration(workdir: Path) -> None:
    source = workdir / "h.zarr"
    write_hierarchy(zarrlite, source)
    lmig.migrate_v2_to_v3(input_store=LocalStore(source))
    migrated = tree(source)
    for zarr_format in (2, 3):
        z_dir, l_dir, z_err, l_err = remove_both(source, zarr_format)
        assert z_err is None and l_err is None
        assert tree(l_dir) == tree(z_dir) != migrated
        # With the v2 documents gone, the v3 ones stay unless forced.
    anyio.run(lambda: lmig.remove_metadata(LocalStore(source), 2))
    with pytest.raises(ValueError, match="no v2 metadata exists"):
        anyio.run(lambda: lmig.remove_metadata(LocalStore(source), 3))
    assert documents(source) == {k: v for k, v in migrated.items() if k.endswith("zarr.json")}


def test_remove_metadata_signature_and_refusals() -> None:
    assert inspect.iscoroutinefunction(lmig.remove_metadata)
    assert not inspect.iscoroutinefunction(lmig.migrate_v2_to_v3)
    for name in ("migrate_v2_to_v3", "migrate_to_v3", "remove_metadata"):
        z_params = inspect.signature(getattr(zmig, name)).parameters
        l_params = inspect.signature(getattr(lmig, name)).parameters
        assert [(p.name, p.kind, p.default) for p in l_params.values()] == [
            (p.name, p.kind, p.default) for p in z_params.values()
        ]
    with pytest.raises(ValueError, match="zarr_format"):
        anyio.run(lambda: lmig.remove_metadata(MemoryStore(), 4))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"read-only|read only"):
        anyio.run(lambda: lmig.remove_metadata(MemoryStore(read_only=True), 2))


def test_read_only_input_refused(workdir: Path) -> None:
    zarr.create_array(str(workdir), shape=(2,), dtype="i1", zarr_format=2)
    before = tree(workdir)
    z_err = run(
        lambda: zmig.migrate_v2_to_v3(input_store=zarr.storage.LocalStore(workdir, read_only=True))
    )
    l_err = run(lambda: lmig.migrate_v2_to_v3(input_store=LocalStore(workdir, read_only=True)))
    assert isinstance(z_err, ValueError) and isinstance(l_err, ValueError)
    assert tree(workdir) == before
