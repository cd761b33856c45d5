"""Zarr v2 documents and numcodecs codecs, zarrlite against zarr-python 3.4 as the oracle:
stored documents zarr-python accepts are read by zarrlite to the same values, and the errors
for codecs it refuses are of the class zarr-python raises."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numcodecs
import numpy as np
import pytest

import zarrlite

zarr = pytest.importorskip("zarr", minversion="3.4")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")


def _write_document(root: Path, zarr_format: int, dtype: str, fill_value: Any) -> None:
    root.mkdir(parents=True)
    if zarr_format == 2:
        meta: dict[str, Any] = {
            "zarr_format": 2, "shape": [3], "chunks": [2], "dtype": np.dtype(dtype).str,
            "fill_value": fill_value, "order": "C", "filters": None, "compressor": None,
        }  # fmt: skip
        (root / ".zarray").write_text(json.dumps(meta))
    else:
        meta = {
            "zarr_format": 3, "node_type": "array", "shape": [3], "data_type": dtype,
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}},
            "chunk_key_encoding": {"name": "default", "configuration": {"separator": "/"}},
            "fill_value": fill_value, "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
            "attributes": {},
        }  # fmt: skip
        (root / "zarr.json").write_text(json.dumps(meta))


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize(
    ("dtype", "fill_value"),
    [("int32", "42"), ("int8", "-5"), ("uint16", "+7"), ("int64", "-9223372036854775808")],
)
def test_integer_fill_value_stored_as_text_is_read(
    tmp_path: Path, zarr_format: int, dtype: str, fill_value: str
) -> None:
    """zarr-python reads an integer fill value stored as a JSON string (``"42"``); so does
    zarrlite (it raised MetadataValidationError), and the array reads as zarr-python's."""
    root = tmp_path / "a"
    _write_document(root, zarr_format, dtype, fill_value)
    theirs = zarr.open_array(str(root), mode="r")
    ours = zarrlite.open_array(str(root), mode="r")
    assert ours.fill_value == theirs.fill_value == int(fill_value)
    assert ours.fill_value.dtype == theirs.fill_value.dtype
    np.testing.assert_array_equal(ours[...], theirs[...])


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize(("dtype", "fill_value"), [("int32", "1.5"), ("uint8", "300")])
def test_integer_fill_value_text_that_is_no_integer_of_the_type_is_refused(
    tmp_path: Path, zarr_format: int, dtype: str, fill_value: str
) -> None:
    """Text that is not an integer, or is out of the type's range, stays an error in both."""
    root = tmp_path / "a"
    _write_document(root, zarr_format, dtype, fill_value)
    with pytest.raises((TypeError, ValueError, OverflowError)):
        zarr.open_array(str(root), mode="r")
    with pytest.raises(ValueError, match="fill_value"):
        zarrlite.open_array(str(root), mode="r")


def _error(call: Callable[[], Any]) -> BaseException:
    with pytest.raises(Exception) as info:
        call()
    return info.value


V2_CODEC_MISUSE: dict[str, Callable[[Any], Any]] = {
    "two compressors": lambda lib: lib.create_array(
        {}, shape=(4,), dtype="i4", zarr_format=2,
        compressors=[numcodecs.Zlib(1), numcodecs.GZip(1)],
    ),
    "create(compressor=[two])": lambda lib: lib.create(
        shape=(4,), dtype="i4", zarr_format=2, compressor=[numcodecs.Zlib(1), numcodecs.GZip(1)]
    ),
    "v3 codec as compressor": lambda lib: lib.create_array(
        {}, shape=(4,), dtype="i4", zarr_format=2, compressors=lib.codecs.ZstdCodec()
    ),
    "create(compressor=v3 codec)": lambda lib: lib.create(
        shape=(4,), dtype="i4", zarr_format=2, compressor=lib.codecs.GzipCodec()
    ),
    "number as compressor": lambda lib: lib.create_array(
        {}, shape=(4,), dtype="i4", zarr_format=2, compressors=5
    ),
    "v3 codec as filter": lambda lib: lib.create_array(
        {}, shape=(4,), dtype="i4", zarr_format=2, filters=[lib.codecs.TransposeCodec(order=(0,))]
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(V2_CODEC_MISUSE))
def test_v2_codec_misuse_raises_zarr_pythons_class(case: str) -> None:
    """A v2 array given two compressors, or a compressor that is no numcodecs codec, raises an
    instance of zarr-python's class (was ValueError / TypeError the other way round)."""
    theirs = _error(lambda: V2_CODEC_MISUSE[case](zarr))
    ours = _error(lambda: V2_CODEC_MISUSE[case](zarrlite))
    assert isinstance(ours, type(theirs)), (ours, theirs)


@pytest.mark.parametrize(
    ("name", "config"),
    [("Zlib", {"level": 3}), ("Delta", {"dtype": "<i4"}), ("Blosc", {}), ("CRC32C", {})],
)
def test_numcodecs_wrappers_have_codec_name_and_codec_config(
    name: str, config: dict[str, Any]
) -> None:
    """zarr-python's ``numcodecs.*`` wrappers expose ``codec_name`` and ``codec_config``;
    zarrlite's give the same values (they had neither attribute)."""
    import zarr.codecs.numcodecs as theirs_module

    import zarrlite.codecs.numcodecs as ours_module

    theirs = getattr(theirs_module, name)(**config)
    ours = getattr(ours_module, name)(**config)
    assert ours.codec_name == theirs.codec_name == f"numcodecs.{name.lower()}"
    assert ours.codec_config == theirs.codec_config == {"id": name.lower(), **config}


def test_numcodecs_v3_configuration_naming_another_codec_is_refused(tmp_path: Path) -> None:
    """``{"name": "numcodecs.zlib", "configuration": {"id": "gzip"}}`` is refused as by
    zarr-python (zarrlite dropped the ``id`` and used zlib); a matching ``id`` is accepted."""
    root = tmp_path / "a"
    _write_document(root, 3, "int32", 0)
    meta = json.loads((root / "zarr.json").read_text())
    for codec_id, ok in (("zlib", True), ("gzip", False)):
        codec = {"name": "numcodecs.zlib", "configuration": {"id": codec_id, "level": 1}}
        meta["codecs"] = [meta["codecs"][0], codec]
        (root / "zarr.json").write_text(json.dumps(meta))
        if ok:
            theirs = zarr.open_array(str(root), mode="r")
            ours = zarrlite.open_array(str(root), mode="r")
            assert ours.compressors[0].to_dict() == theirs.compressors[0].to_dict()
            continue
        with pytest.raises(ValueError, match="gzip"):
            zarr.open_array(str(root), mode="r")
        with pytest.raises(ValueError, match="gzip"):
            zarrlite.open_array(str(root), mode="r")
    with pytest.raises(ValueError, match="gzip"):
        zarrlite.codecs.numcodecs.Zlib(id="gzip", level=1)


def test_numcodecs_wrappers_print_as_in_zarr_python() -> None:
    """The wrappers' repr is zarr-python's (``Zlib(codec_name=..., codec_config=...)``), so
    ``Array.info`` of an array using them reads the same (it printed ``Zlib(level=1)``)."""
    import zarr.codecs.numcodecs as theirs_module

    import zarrlite.codecs.numcodecs as ours_module

    def info(lib: Any, module: Any) -> str:
        array = lib.create_array(
            {},
            shape=(10, 20),
            chunks=(4, 6),
            dtype="<i4",
            filters=[module.Delta(dtype="<i4"), module.AsType(encode_dtype="<i2")],
            compressors=[module.Shuffle(), module.Zlib(level=1), module.CRC32()],
        )
        return str(array.info)

    assert info(zarrlite, ours_module) == info(zarr, theirs_module)
    assert repr(ours_module.Blosc(cname="zstd")) == repr(theirs_module.Blosc(cname="zstd"))


@pytest.mark.parametrize(
    ("name", "config"),
    [
        ("Zlib", {"nonsense": 1}),
        ("Delta", {"dtype": "bogus"}),
        ("FixedScaleOffset", {"scale": 2}),
        ("AsType", {"encode_dtype": "<f4", "decode_dtype": "bogus"}),
    ],
)
def test_numcodecs_wrapper_configuration_type_errors(name: str, config: dict[str, Any]) -> None:
    """A configuration numcodecs refuses with TypeError (unknown or missing argument, unknown
    dtype) gives an error that is a TypeError, as zarr-python's is (it was a ValueError only;
    zarrlite may raise it sooner, at construction)."""
    import zarr.codecs.numcodecs as theirs_module

    import zarrlite.codecs.numcodecs as ours_module

    def make(lib: Any, module: Any) -> None:
        codec = getattr(module, name)(**config)
        # zarr-python builds the numcodecs codec only when a chunk is written
        lib.create_array({}, shape=(4,), dtype="f8", filters=[codec])[...] = 1.5

    theirs = _error(lambda: make(zarr, theirs_module))
    ours = _error(lambda: make(zarrlite, ours_module))
    assert isinstance(theirs, TypeError)
    assert isinstance(ours, TypeError) and isinstance(ours, ValueError)
    assert "invalid configuration" in str(ours)


def _stored(root: Path) -> dict[str, Any]:
    """Every file under ``root``: JSON documents parsed (compared key by key), chunks as bytes."""
    documents = {".zarray", ".zattrs", ".zgroup", ".zmetadata", "zarr.json"}
    return {
        str(p.relative_to(root)): json.loads(p.read_bytes())
        if p.name in documents
        else _without_gzip_time(p.read_bytes())
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _without_gzip_time(chunk: bytes) -> bytes:
    """A gzip member records the second it was written (header bytes 4-7): the two libraries
    write a second apart now and then, so that field is not compared."""
    if chunk[:2] == b"\x1f\x8b":
        return chunk[:4] + bytes(4) + chunk[8:]
    return chunk


_F8 = np.linspace(-5, 5, 63).reshape(7, 9)
_I8 = (np.arange(63, dtype="<i8") ** 2).reshape(7, 9)
_U1 = np.array(list("abcabbacc" * 7), dtype="<U1").reshape(7, 9)

# (id, data, filters, compressor): each both ways with order C / F and separator "." / "/"
V2_WRITES: list[tuple[str, np.ndarray[Any, Any], list[Any], Any]] = [
    ("delta", _I8, [numcodecs.Delta("<i8", astype="<i4")], numcodecs.Zstd(1)),
    ("fixedscaleoffset", _F8, [numcodecs.FixedScaleOffset(0, 10, "<f8", astype="<i2")], None),
    ("quantize", _F8, [numcodecs.Quantize(3, "<f8", astype="<f4")], numcodecs.GZip(1)),
    ("astype", _F8, [numcodecs.AsType("<f4", "<f8")], numcodecs.Zlib(1)),
    ("bitround", _F8, [numcodecs.BitRound(5)], numcodecs.BZ2(1)),
    ("packbits", _I8 % 3 == 0, [numcodecs.PackBits()], numcodecs.LZMA(preset=1)),
    ("categorize", _U1, [numcodecs.Categorize(["a", "b", "c"], "<U1", astype="u1")], numcodecs.LZ4()),
    *[
        (f"blosc-{cname}-{shuffle}", _F8, [], numcodecs.Blosc(cname, 3, shuffle))
        for cname in ("lz4", "lz4hc", "blosclz", "zstd", "zlib")
        for shuffle in (-1, 0, 1, 2)
    ],
]  # fmt: skip


@pytest.mark.parametrize("separator", [".", "/"])
@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize(
    ("data", "filters", "compressor"), [c[1:] for c in V2_WRITES], ids=[c[0] for c in V2_WRITES]
)
def test_v2_filters_and_compressors_store_zarr_pythons_bytes(
    tmp_path: Path,
    data: np.ndarray[Any, Any],
    filters: list[Any],
    compressor: Any,
    order: str,
    separator: str,
) -> None:
    """zarrlite writes the same ``.zarray`` (key by key) and the same chunk bytes as
    zarr-python for numcodecs filters and compressors, memory orders and chunk separators,
    partial edge chunks included; each reads the other's array to the same values."""
    roots = {"theirs": tmp_path / "theirs", "ours": tmp_path / "ours"}
    for lib, root in ((zarr, roots["theirs"]), (zarrlite, roots["ours"])):
        array = lib.create(
            shape=data.shape, chunks=(3, 4), dtype=data.dtype, zarr_format=2, order=order,
            filters=filters, compressor=compressor, dimension_separator=separator,
            store=str(root),
        )  # fmt: skip
        array[...] = data
    assert _stored(roots["ours"]) == _stored(roots["theirs"])
    for reader in (zarr, zarrlite):
        for root in roots.values():
            read = reader.open_array(str(root), mode="r")[...]
            assert read.dtype == data.dtype
            np.testing.assert_array_equal(read, zarr.open_array(str(roots["theirs"]))[...])


# (id, data, filters, compressors) as (class name, configuration) of zarr.codecs.numcodecs
V3_NUMCODECS: list[tuple[str, np.ndarray[Any, Any], list[Any], list[Any]]] = [
    ("delta-zlib", _I8, [("Delta", {"dtype": "<i8", "astype": "<i4"})], [("Zlib", {"level": 3})]),
    ("fixedscaleoffset-shuffle", _F8,
     [("FixedScaleOffset", {"offset": 0, "scale": 10, "dtype": "<f8", "astype": "<i2"})],
     [("Shuffle", {}), ("GZip", {"level": 1})]),
    ("quantize-crc32", _F8, [("Quantize", {"digits": 3})], [("CRC32", {})]),
    ("bitround-blosc", _F8, [("BitRound", {"keepbits": 5})],
     [("Blosc", {"cname": "zstd", "clevel": 3, "shuffle": 2})]),
    ("astype-bz2-adler32", _F8, [("AsType", {"encode_dtype": "<f4"})],
     [("BZ2", {"level": 1}), ("Adler32", {})]),
    ("packbits-lzma", _I8 % 3 == 0, [("PackBits", {})], [("LZMA", {"preset": 1})]),
    ("lz4-fletcher32", _I8, [], [("LZ4", {}), ("Fletcher32", {})]),
    ("zstd-crc32c-jenkins", _I8, [], [("Zstd", {"level": 2}), ("CRC32C", {}), ("JenkinsLookup3", {})]),
]  # fmt: skip


@pytest.mark.parametrize("order", ["C", "F"])
@pytest.mark.parametrize(
    ("data", "filters", "compressors"),
    [c[1:] for c in V3_NUMCODECS],
    ids=[c[0] for c in V3_NUMCODECS],
)
def test_v3_numcodecs_codecs_store_zarr_pythons_bytes(
    tmp_path: Path,
    data: np.ndarray[Any, Any],
    filters: list[tuple[str, dict[str, Any]]],
    compressors: list[tuple[str, dict[str, Any]]],
    order: str,
) -> None:
    """A v3 array using ``numcodecs.*`` codecs: zarrlite writes zarr-python's ``zarr.json``
    (codec configurations as zarr-python fills them in) and chunk bytes; both read both."""
    import zarr.codecs.numcodecs as theirs_module

    import zarrlite.codecs.numcodecs as ours_module

    roots = {"theirs": tmp_path / "theirs", "ours": tmp_path / "ours"}
    for lib, module, root in (
        (zarr, theirs_module, roots["theirs"]),
        (zarrlite, ours_module, roots["ours"]),
    ):
        array = lib.create_array(
            str(root), shape=data.shape, chunks=(3, 4), dtype=data.dtype, config={"order": order},
            filters=[getattr(module, name)(**config) for name, config in filters],
            compressors=[getattr(module, name)(**config) for name, config in compressors],
        )  # fmt: skip
        array[...] = data
    assert _stored(roots["ours"]) == _stored(roots["theirs"])
    expected = zarr.open_array(str(roots["theirs"]))[...]
    for reader in (zarr, zarrlite):
        for root in roots.values():
            np.testing.assert_array_equal(reader.open_array(str(root), mode="r")[...], expected)


def _consolidated_tree(lib: Any, root: Path, zarr_format: int) -> None:
    group = lib.open_group(
        str(root), mode="w", zarr_format=zarr_format, attributes={"top": [1, None]}
    )
    group.create_array(
        "a", shape=(4,), dtype="<f8", fill_value=np.nan, compressors=None, attributes={"u": "é"}
    )
    sub = group.create_group("sub", attributes={"k": {"n": 1.5}})
    sub.create_array(
        "b", shape=(3, 2), chunks=(2, 2), dtype="<U3", fill_value="z", compressors=None
    )
    deeper = sub.create_group("deeper")
    deeper.create_array("c", shape=(2,), dtype="M8[s]", filters=None, compressors=None)
    deeper.attrs["x"] = 2
    sub.create_group("empty")
    lib.consolidate_metadata(str(root), path="sub")
    lib.consolidate_metadata(str(root))


@pytest.mark.parametrize("zarr_format", [2, 3])
def test_consolidated_documents_are_zarr_pythons(tmp_path: Path, zarr_format: int) -> None:
    """Consolidated metadata of nested groups with attributes (at the root and at a sub-group):
    zarrlite stores the same documents as zarr-python, and each opens the other's."""
    roots = {"theirs": tmp_path / "theirs", "ours": tmp_path / "ours"}
    _consolidated_tree(zarr, roots["theirs"], zarr_format)
    _consolidated_tree(zarrlite, roots["ours"], zarr_format)
    assert _stored(roots["ours"]) == _stored(roots["theirs"])
    for reader in (zarr, zarrlite):
        for root in roots.values():
            for path, members in (("", 6), ("sub", 4)):
                group = reader.open_consolidated(str(root), path=path, zarr_format=zarr_format)
                assert group.metadata.consolidated_metadata is not None
                assert len(dict(group.members(max_depth=None))) == members
            assert group["deeper"].attrs["x"] == 2
