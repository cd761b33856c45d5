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
