"""Arrays written by hand as zarr-python 2.18 (and other writers) lay them out on disk: zarrlite
reads them exactly as zarr-python 3.4.2 does (values, dtype, fill value), and what zarrlite
writes back into them zarr-python reads."""

from __future__ import annotations

import base64
import itertools
import json
import math
from pathlib import Path
from typing import Any

import numcodecs
import numpy as np
import pytest

import zarrlite

zarr = pytest.importorskip("zarr", minversion="3.4")

pytestmark = pytest.mark.filterwarnings(
    "ignore::UserWarning", "ignore::FutureWarning", "ignore:overflow encountered:RuntimeWarning"
)

F8 = np.arange(30, dtype="<f8").reshape(5, 6) * 1.5
STRUCT = np.array([(1, 2.5), (-3, np.nan), (7, 1e300)], dtype=[("a", "<i4"), ("b", "<f8")])
STRINGS = np.array(["a", "", "héllo", "x" * 40, "😀"], dtype=object)


def _pad(dtype: np.dtype[Any], fill: Any) -> Any:
    """The value zarr 2 pads a new chunk with: its fill value (zeros for null)."""
    if fill is None or dtype.fields is not None:
        return np.zeros((), dtype)
    if dtype.kind in "SV":
        return base64.b64decode(fill)
    if dtype.kind in "mM":
        return np.array(fill, "i8").view(dtype.newbyteorder("<"))
    if dtype.kind == "f" and isinstance(fill, str):
        return float(fill)
    return fill


def _write_v2(
    root: Path,
    data: np.ndarray[Any, Any],
    chunks: tuple[int, ...],
    *,
    fill_value: Any,
    filters: list[Any] | None = None,
    compressor: Any = None,
    order: str = "C",
    separator: str | None = None,
    missing: tuple[tuple[int, ...], ...] = (),
    extra: dict[str, Any] | None = None,
) -> None:
    root.mkdir(parents=True)
    meta: dict[str, Any] = {
        "chunks": list(chunks),
        "compressor": None if compressor is None else compressor.get_config(),
        "dtype": data.dtype.str if data.dtype.fields is None else data.dtype.descr,
        "fill_value": fill_value,
        "filters": [f.get_config() for f in filters] if filters else None,
        "order": order,
        "shape": list(data.shape),
        "zarr_format": 2,
    }
    if separator is not None:
        meta["dimension_separator"] = separator
    meta.update(extra or {})
    (root / ".zarray").write_text(json.dumps(meta, indent=4, sort_keys=True))
    grid = [math.ceil(s / c) for s, c in zip(data.shape, chunks, strict=True)]
    for index in itertools.product(*(range(g) for g in grid)):
        if index in missing:
            continue
        region = tuple(
            slice(i * c, min((i + 1) * c, s))
            for i, c, s in zip(index, chunks, data.shape, strict=True)
        )
        block = np.empty(chunks, dtype=data.dtype)
        if data.dtype == object:
            block[...] = b"" if isinstance(data.flat[0], bytes) else ""
        else:
            block[...] = _pad(data.dtype, fill_value)
        block[tuple(slice(0, n) for n in data[region].shape)] = data[region]
        encoded: Any = np.asfortranarray(block) if order == "F" else block
        for codec in filters or ():
            encoded = codec.encode(encoded)
        if compressor is not None:
            encoded = compressor.encode(encoded)
        raw = encoded.tobytes(order="A") if isinstance(encoded, np.ndarray) else bytes(encoded)
        key = (separator or ".").join(map(str, index)) or "0"
        (root / key).parent.mkdir(parents=True, exist_ok=True)
        (root / key).write_bytes(raw)


VLEN = [numcodecs.VLenUTF8()]
CASES: dict[str, tuple[np.ndarray[Any, Any], tuple[int, ...], dict[str, Any]]] = {
    "no_separator": (F8, (2, 4), {"fill_value": 0.0, "missing": ((2, 1),)}),
    "slash_nan": (F8, (2, 4), {"fill_value": "NaN", "separator": "/", "missing": ((0, 0),)}),
    "int_fill_float": (F8, (2, 4), {"fill_value": 7, "missing": ((1, 1),)}),
    "null_fill": (F8, (2, 4), {"fill_value": None, "compressor": numcodecs.Zlib(1)}),
    "order_F_blosc": (
        np.arange(60, dtype="<i4").reshape(3, 4, 5),
        (2, 3, 2),
        {"fill_value": -9, "order": "F", "compressor": numcodecs.Blosc("lz4", 5, 1)},
    ),
    "big_endian_F": (F8.astype(">f8"), (2, 4), {"fill_value": "-Infinity", "order": "F"}),
    "delta": (
        np.arange(20, dtype="<i8") ** 2,
        (6,),
        {"fill_value": 0, "filters": [numcodecs.Delta("<i8", astype="<i4")]},
    ),
    "fixed_scale_offset": (
        np.linspace(0, 10, 21),
        (6,),
        {"fill_value": 0, "filters": [numcodecs.FixedScaleOffset(1, 10, "<f8", astype="<u2")]},
    ),
    "quantize": (np.linspace(0, 1, 21) / 3, (6,), {"fill_value": 0, "filters": [numcodecs.Quantize(2, "<f8")]}),
    "astype": (np.linspace(0, 1, 21), (6,), {"fill_value": 0, "filters": [numcodecs.AsType("<f4", "<f8")]}),
    "packbits": (np.arange(21) % 3 == 0, (6,), {"fill_value": False, "filters": [numcodecs.PackBits()]}),
    "categorize": (
        np.array(["a", "b", "a", "c", "b"], dtype="<U1"),
        (3,),
        {"fill_value": "", "filters": [numcodecs.Categorize(["a", "b", "c"], "<U1", astype="u1")]},
    ),
    "bool": (np.arange(7) % 3 == 0, (3,), {"fill_value": True, "missing": ((2,),)}),
    "datetime_ns": (
        np.array(["2020-01-01", "NaT", "1970-01-01T00:00:01", "2262-01-01", "1999-12-31"], "<M8[ns]"),
        (2,),
        {"fill_value": -9223372036854775808, "missing": ((1,),)},
    ),
    "timedelta_s": (np.array([1, -2, 3, 0, 99], "<m8[s]"), (2,), {"fill_value": 42, "missing": ((1,),)}),
    "bytes_S5": (
        np.array([b"ab", b"abcde", b"", b"x\x00y", b"zz"], "|S5"),
        (2,),
        {"fill_value": base64.b64encode(b"hi").decode(), "missing": ((1,),)},
    ),
    "unicode_U5": (np.array(["ab", "abcde", "", "é€😀", "zz"], "<U5"), (2,), {"fill_value": "hé", "missing": ((1,),)}),
    "vlen_utf8": (STRINGS, (2,), {"fill_value": None, "filters": VLEN, "missing": ((1,),)}),
    "vlen_utf8_fill_0": (STRINGS, (2,), {"fill_value": 0, "filters": VLEN, "missing": ((1,),)}),
    "vlen_bytes": (
        np.array([b"a", b"", b"h\x00llo", b"x" * 40], dtype=object),
        (3,),
        {"fill_value": None, "filters": [numcodecs.VLenBytes()], "compressor": numcodecs.Zstd(1)},
    ),
    "struct": (
        np.concatenate([STRUCT, STRUCT]),
        (2,),
        {"fill_value": base64.b64encode(np.array([(9, 0.5)], STRUCT.dtype).tobytes()).decode(), "missing": ((1,),)},
    ),
    "struct_big_endian": (
        STRUCT.astype([("a", ">i4"), ("b", ">f8")]),
        (2,),
        {"fill_value": None},
    ),
    "big_endian_int": (np.arange(30, dtype=">i4").reshape(5, 6), (2, 4), {"fill_value": 5, "missing": ((1, 1),)}),
    "complex": (np.array([1 + 2j, np.nan, -1j, 4], "<c16"), (2,), {"fill_value": ["NaN", 1.0], "missing": ((1,),)}),
    "unknown_keys": (F8, (5, 6), {"fill_value": 0.0, "extra": {"foo": 1, "bar": {"x": [1]}}}),
    "zero_d": (np.array(3.5), (), {"fill_value": 0.0}),
}  # fmt: skip


def _same(actual: np.ndarray[Any, Any], expected: np.ndarray[Any, Any]) -> None:
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    if actual.dtype.kind in "OT":
        assert actual.tolist() == expected.tolist()
    else:
        assert actual.tobytes() == expected.tobytes()


@pytest.mark.parametrize("name", sorted(CASES))
def test_zarr2_files_read_and_written_as_zarr_python(tmp_path: Path, name: str) -> None:
    data, chunks, options = CASES[name]
    _write_v2(tmp_path / "a", data, chunks, **options)
    theirs = zarr.open_array(tmp_path / "a", mode="r")
    ours = zarrlite.open_array(tmp_path / "a", mode="r")
    _same(ours[...], theirs[...])
    assert repr(ours.fill_value) == repr(theirs.fill_value) or (
        np.asarray(ours.fill_value).tobytes() == np.asarray(theirs.fill_value).tobytes()
    )
    # writing back through zarrlite gives what zarr-python's own write back gives
    for path, lib in ((tmp_path / "a", zarr), (tmp_path / "b", zarrlite)):
        if lib is zarrlite:
            _write_v2(path, data, chunks, **options)
        lib.open_array(path, mode="r+")[...] = data if data.ndim else data[()]
    _same(zarr.open_array(tmp_path / "b", mode="r")[...], zarr.open_array(tmp_path / "a")[...])


@pytest.mark.parametrize(
    ("data_type", "v2_dtype", "fill", "expected"),
    [
        ("float32", "<f4", 1e40, np.float32(np.inf)),
        ("float32", "<f4", -3.5e38, np.float32(-np.inf)),
        ("float16", "<f2", 1e5, np.float16(np.inf)),
        ("complex64", "<c8", [1e40, 0], np.complex64(complex(np.inf, 0))),
    ],
)
@pytest.mark.parametrize("zarr_format", [2, 3])
def test_stored_fill_value_past_the_float_range_reads_as_infinity(
    tmp_path: Path, data_type: str, v2_dtype: str, fill: Any, expected: Any, zarr_format: int
) -> None:
    """A stored fill value outside the float type's range (``1e40`` for float32) is read as
    zarr-python reads it, numpy's cast to infinity (was: MetadataValidationError, the array
    could not be opened). A user-given fill value that does not fit is still refused."""
    if zarr_format == 3:
        meta: dict[str, Any] = {
            "zarr_format": 3, "node_type": "array", "shape": [4], "data_type": data_type,
            "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [2]}},
            "chunk_key_encoding": {"name": "default"}, "fill_value": fill,
            "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}],
        }  # fmt: skip
        (tmp_path / "zarr.json").write_text(json.dumps(meta))
    else:
        meta = {
            "zarr_format": 2, "shape": [4], "chunks": [2], "dtype": v2_dtype,
            "fill_value": fill, "compressor": None, "filters": None, "order": "C",
        }  # fmt: skip
        (tmp_path / ".zarray").write_text(json.dumps(meta))
    theirs = zarr.open_array(tmp_path, mode="r")
    ours = zarrlite.open_array(tmp_path, mode="r")
    assert repr(ours.fill_value) == repr(theirs.fill_value) == repr(expected)
    _same(ours[...], theirs[...])
    with pytest.raises(ValueError, match="out of range"):
        zarrlite.create_array({}, shape=(2,), dtype=data_type, fill_value=fill)


@pytest.mark.parametrize("compressor", [None, {"id": "zstd", "level": 0, "checksum": False}])
def test_zarr_python_3_0_fixed_length_strings_with_vlen_utf8(
    tmp_path: Path, compressor: dict[str, Any] | None
) -> None:
    """zarr-python 3.0.0-3.0.8 wrote Zarr v2 ``<U n`` arrays with ``filters: [vlen-utf8]``
    (zarr-python #3100, #3132): zarrlite reads them as that version did (``<U n`` values) and
    writes into them (was TypeError 'object arrays are not supported' on read). zarr-python
    3.4.2 cannot open them at all."""
    meta = {
        "shape": [5], "fill_value": "", "zarr_format": 2, "order": "C",
        "filters": [{"id": "vlen-utf8"}], "dimension_separator": ".",
        "compressor": compressor, "chunks": [3], "dtype": "<U6",
    }  # fmt: skip
    (tmp_path / ".zarray").write_text(json.dumps(meta))
    codec = None if compressor is None else numcodecs.get_codec(compressor)
    raw = bytes(numcodecs.VLenUTF8().encode(np.array(["this", "is", "a"], dtype=object)))
    (tmp_path / "0").write_bytes(raw if codec is None else codec.encode(raw))
    with pytest.raises(ValueError, match="No Zarr data type"):
        zarr.open_array(tmp_path, mode="r")
    ours = zarrlite.open_array(tmp_path, mode="r+")
    assert ours.dtype == np.dtype("<U6")
    assert ours[...].tolist() == ["this", "is", "a", "", ""]
    ours[3:] = ["1d", "string"]
    again = zarrlite.open_array(tmp_path, mode="r")
    assert again[...].tolist() == ["this", "is", "a", "1d", "string"]
    stored = (tmp_path / "1").read_bytes()
    decoded = numcodecs.VLenUTF8().decode(stored if codec is None else codec.decode(stored))
    assert decoded.tolist() == ["1d", "string", ""]  # vlen-utf8, as the metadata says
