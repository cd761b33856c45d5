"""Arrays using ``scale_offset``, ``cast_value``, ``numcodecs.zfpy`` and ``numcodecs.pcodec``:
zarrlite <-> zarr-python 3.4.2 both ways, with byte-identical chunk files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite
import zarrlite.codecs as zc

zarr = pytest.importorskip("zarr", minversion="3.4")
import zarr.codecs as zcodecs  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::FutureWarning")

NAN_MAP = {"encode": [("NaN", -32768)], "decode": [(-32768, "NaN")]}

# (id, dtype, fill, zarrlite filters, zarr-python filters, serializer name or None, sharded)
CASES: list[tuple[str, str, Any, list[Any], list[Any], str | None, bool]] = [
    ("scale_offset", "float64", 0.0,
     [zc.ScaleOffset(offset=2, scale=10)], [zcodecs.ScaleOffset(offset=2, scale=10)], None, False),
    ("scale_offset_int", "int32", 7,
     [zc.ScaleOffset(offset=-3, scale=4)], [zcodecs.ScaleOffset(offset=-3, scale=4)], None, False),
    ("quantize_u16", "float32", 0.0,
     [zc.ScaleOffset(offset=-25, scale=100), zc.CastValue(data_type="uint16", out_of_range="clamp")],
     [zcodecs.ScaleOffset(offset=-25, scale=100),
      zcodecs.CastValue(data_type="uint16", out_of_range="clamp")], None, False),
    ("nan_map", "float64", np.nan,
     [zc.ScaleOffset(scale=100), zc.CastValue(data_type="int16", scalar_map=NAN_MAP)],
     [zcodecs.ScaleOffset(scale=100), zcodecs.CastValue(data_type="int16", scalar_map=NAN_MAP)],
     None, False),
    ("to_float16_sharded", "float64", 0.0,
     [zc.CastValue(data_type="float16", rounding="towards-zero")],
     [zcodecs.CastValue(data_type="float16", rounding="towards-zero")], None, True),
    ("zfpy", "float64", 0.0, [], [], "ZFPY", False),
    ("pcodec", "float32", 0.0, [], [], "PCodec", False),
]  # fmt: skip

SERIALIZER_CONFIG = {"ZFPY": {"mode": 4, "tolerance": -1, "rate": -1, "precision": -1}}


def _values(dtype: str, fill: Any) -> np.ndarray[Any, Any]:
    values = (np.linspace(-3.21, 5.43, 60) * 7).reshape(6, 10).astype(dtype)
    if np.isnan(fill):
        values[2, 3:6] = np.nan
    return values


def _chunk_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != "zarr.json"
    }


def _codecs_json(root: Path) -> Any:
    return json.loads((root / "zarr.json").read_text())["codecs"]


def _same(actual: np.ndarray[Any, Any], expected: np.ndarray[Any, Any]) -> None:
    assert actual.dtype == expected.dtype
    np.testing.assert_array_equal(actual, expected)  # NaN == NaN here


@pytest.mark.parametrize(
    ("dtype", "fill", "ours_filters", "theirs_filters", "serializer", "sharded"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_both_ways_byte_identical(
    tmp_path: Path,
    dtype: str,
    fill: Any,
    ours_filters: list[Any],
    theirs_filters: list[Any],
    serializer: str | None,
    sharded: bool,
) -> None:
    pytest.importorskip("cast_value_rs")  # zarr-python's cast_value backend
    if serializer is not None:
        pytest.importorskip(serializer.lower())
        from zarr.codecs import numcodecs as zn

        config = SERIALIZER_CONFIG.get(serializer, {})
        ours_serializer: Any = getattr(zc, serializer)(**config)
        theirs_serializer: Any = getattr(zn, serializer)(**config)
    else:
        ours_serializer = theirs_serializer = "auto"
    values = _values(dtype, fill)
    common: dict[str, Any] = {
        "shape": values.shape,
        "chunks": (3, 5),
        "dtype": dtype,
        "fill_value": fill,
        "compressors": None,
        "shards": (6, 10) if sharded else None,
    }
    ours = zarrlite.create_array(
        tmp_path / "ours", filters=ours_filters, serializer=ours_serializer, **common
    )
    ours[:, :8] = values[:, :8]  # the last chunk column stays fill value
    theirs = zarr.create_array(
        str(tmp_path / "theirs"), filters=theirs_filters, serializer=theirs_serializer, **common
    )
    theirs[:, :8] = values[:, :8]
    expected = np.asarray(theirs[...])

    assert _codecs_json(tmp_path / "ours") == _codecs_json(tmp_path / "theirs")
    assert _chunk_files(tmp_path / "ours") == _chunk_files(tmp_path / "theirs")
    _same(np.asarray(zarr.open_array(str(tmp_path / "ours"), mode="r")[...]), expected)
    _same(np.asarray(zarrlite.open_array(tmp_path / "theirs", mode="r")[...]), expected)
    _same(np.asarray(ours[...]), expected)
    # what the codecs keep of the data, and the fill value where nothing was written
    assert np.isnan(fill) or np.all(expected[:, 8:] == fill)
    close = np.isclose(expected[:, :8], values[:, :8], rtol=1e-2, atol=1e-2, equal_nan=True)
    assert close.all()


def test_cast_value_out_of_range_is_an_error_on_write(tmp_path: Path) -> None:
    ours = zarrlite.create_array(
        tmp_path / "a", shape=(4,), chunks=(4,), dtype="float32", compressors=None,
        filters=[zc.CastValue(data_type="uint8")],
    )  # fmt: skip
    with pytest.raises(ValueError, match=r"cast_value.*300.*uint8"):
        ours[:] = [1, 2, 3, 300]
    with pytest.raises(ValueError, match=r"cast_value.*nan"):
        zarrlite.create_array(
            tmp_path / "b", shape=(4,), dtype="float32", fill_value=np.nan,
            filters=[zc.CastValue(data_type="uint8")],
        )  # fmt: skip
