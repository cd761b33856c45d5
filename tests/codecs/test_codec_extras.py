"""``scale_offset``, ``cast_value``, ``numcodecs.zfpy``/``pcodec`` and the deprecated enum shims,
checked against zarr-python 3.4.2 (JSON and chunk bytes) and cast-value-rs (values)."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from codec_oracle import spec_of, to_json, write
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from strategies import assert_same

import zarrlite.codecs as zc
from zarrlite.codecs import (
    ArraySpec,
    CastValue,
    CodecChain,
    ScaleOffset,
    codec_from_dict,
    numcodecs_extra,
)
from zarrlite.codecs._casting import ROUNDING_MODES, cast_values
from zarrlite.errors import ZarrDeprecationWarning

zarr = pytest.importorskip("zarr", minversion="3.4")
import zarr.codecs as zcodecs  # noqa: E402

NUMERIC = ["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]
NUMERIC += ["float16", "float32", "float64"]


def _spec(dtype: str, shape: tuple[int, ...] = (6,), fill: Any = 0) -> ArraySpec:
    return ArraySpec(shape=shape, dtype=np.dtype(dtype), fill_value=np.dtype(dtype).type(fill))


def _bits(array: np.ndarray[Any, Any]) -> bytes:
    return np.ascontiguousarray(array).tobytes()


# ------------------------------------------------------------------ casting vs cast-value-rs


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    source=st.sampled_from(NUMERIC),
    target=st.sampled_from(NUMERIC),
    rounding=st.sampled_from(ROUNDING_MODES),
    out_of_range=st.sampled_from([None, "clamp", "wrap"]),
)
def test_casts_match_cast_value_rs(
    data: st.DataObject, source: str, target: str, rounding: str, out_of_range: str | None
) -> None:
    rs = pytest.importorskip("cast_value_rs")
    if out_of_range == "wrap" and target.startswith("float"):
        out_of_range = "clamp"
    array = data.draw(hnp.arrays(np.dtype(source), st.integers(0, 12)))
    if source.startswith("float") and not target.startswith("float"):
        array = array[np.isfinite(array)]  # NaN/inf to an integer always raise (tested below)
    try:
        expected = rs.cast_array(
            array, target_dtype=target, rounding_mode=rounding, out_of_range_mode=out_of_range
        )
    except ValueError:
        with pytest.raises(ValueError, match="cast_value"):
            cast_values(array, np.dtype(target), rounding, out_of_range)
        return
    actual = cast_values(array, np.dtype(target), rounding, out_of_range)
    assert actual.dtype == expected.dtype
    assert _bits(actual) == _bits(expected)  # NaN payloads and signed zeros included


@pytest.mark.parametrize(
    ("values", "target", "rounding", "out_of_range", "expected"),
    [
        ([0.5, 1.5, 2.5, -0.5, -2.5, 2.4], "int8", "nearest-even", None, [0, 2, 2, 0, -2, 2]),
        ([0.5, 1.5, 2.5, -0.5, -2.5, 2.4], "int8", "nearest-away", None, [1, 2, 3, -1, -3, 2]),
        ([0.49999999999999994], "int8", "nearest-away", None, [0]),
        ([2.7, -2.7], "int8", "towards-zero", None, [2, -2]),
        ([2.1, -2.7], "int8", "towards-positive", None, [3, -2]),
        ([2.7, -2.1], "int8", "towards-negative", None, [2, -3]),
        ([300.0, -300.0], "uint8", "nearest-even", "clamp", [255, 0]),
        ([300.0, -300.0, 256.7], "uint8", "nearest-even", "wrap", [44, 212, 1]),
        ([1e20], "int64", "nearest-even", "wrap", [7766279631452241920]),
        ([1e300, -1e300], "float32", "nearest-even", "clamp", [np.inf, -np.inf]),
        ([65520.0], "float16", "towards-zero", None, [65504.0]),
        ([1 / 3], "float32", "towards-positive", None, [np.float32(0.33333334)]),
    ],
)
def test_cast_examples(
    values: list[float], target: str, rounding: str, out_of_range: str | None, expected: list[Any]
) -> None:
    out = cast_values(np.array(values), np.dtype(target), rounding, out_of_range)
    assert out.dtype == np.dtype(target)
    assert out.tolist() == np.array(expected, dtype=target).tolist()


def test_cast_errors_name_the_value() -> None:
    with pytest.raises(ValueError, match=r"cast_value.*300.*uint8.*clamp"):
        cast_values(np.array([1.0, 300.0]), np.dtype("uint8"), "nearest-even", None)
    with pytest.raises(ValueError, match=r"cast_value.*nan.*uint8"):
        cast_values(np.array([np.nan]), np.dtype("uint8"), "nearest-even", "clamp")
    with pytest.raises(ValueError, match=r"cast_value.*inf"):
        cast_values(np.array([np.inf]), np.dtype("int8"), "nearest-even", "wrap")
    with pytest.raises(ValueError, match=r"cast_value.*70000.*float16"):
        cast_values(np.array([70000]), np.dtype("float16"), "nearest-even", None)
    mapped = cast_values(np.array([np.nan, 2.0]), np.dtype("uint8"), "nearest-even", None,
                         [(np.float64("nan"), np.uint8(9))])  # fmt: skip
    assert mapped.tolist() == [9, 2]


# ------------------------------------------------------------------ JSON forms


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data_type": "uint8"},
        {"data_type": "int16", "rounding": "towards-zero", "out_of_range": "clamp"},
        {"data_type": "uint32", "out_of_range": "wrap"},
        {
            "data_type": "int16",
            "scalar_map": {"encode": [("NaN", -1)], "decode": [(-1, "NaN")]},
        },
    ],
)
def test_cast_value_json_matches_zarr_python(kwargs: dict[str, Any]) -> None:
    theirs = to_json(zcodecs.CastValue(**kwargs).to_dict())
    ours = CastValue(**kwargs)
    assert ours.to_dict() == theirs
    assert codec_from_dict(theirs) == ours
    assert CastValue.from_dict(ours.to_dict()) == ours
    assert hash(ours) == hash(CastValue.from_dict(theirs))


@pytest.mark.parametrize(
    "kwargs", [{}, {"offset": 5}, {"scale": 0.1}, {"offset": "NaN", "scale": 2}, {"offset": 1.5}]
)
def test_scale_offset_json_matches_zarr_python(kwargs: dict[str, Any]) -> None:
    theirs = zcodecs.ScaleOffset(**kwargs).to_dict()
    ours = ScaleOffset(**kwargs)
    assert ours.to_dict() == theirs
    assert codec_from_dict(theirs) == ours
    assert ScaleOffset.from_dict({"name": "scale_offset", "configuration": {}}) == ScaleOffset()


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: CastValue(data_type="string"), "integer or float"),
        (lambda: CastValue(data_type="bfloat16"), "no numpy equivalent"),
        (lambda: CastValue(data_type="uint8", rounding="up"), "rounding must be"),
        (lambda: CastValue(data_type="uint8", out_of_range="error"), "out_of_range must be"),
        (lambda: CastValue(data_type="float32", out_of_range="wrap"), "wrap.*integer"),
        (lambda: CastValue(data_type="uint8", scalar_map={"both": []}), "encode.*decode"),
        (lambda: CastValue(data_type="uint8", scalar_map={"encode": [1]}), "pair"),
        (lambda: codec_from_dict({"name": "cast_value"}), "needs 'data_type'"),
        (
            lambda: codec_from_dict(
                {"name": "cast_value", "configuration": {"data_type": "u1", "x": 1}}
            ),
            "unknown",
        ),
        (lambda: codec_from_dict({"name": "scale_offset", "configuration": {"x": 1}}), "unknown"),
    ],
)
def test_invalid_configurations(build: Any, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        build()


def test_validation_against_the_array() -> None:
    with pytest.raises(TypeError, match=r"scale_offset.*offset"):
        ScaleOffset(offset=[1])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"scale_offset.*integer or float"):
        ScaleOffset().validate(_spec("bool", fill=False))
    with pytest.raises(ValueError, match=r"scale_offset.*offset 1.5.*int16"):
        ScaleOffset(offset=1.5).validate(_spec("int16"))
    with pytest.raises(ValueError, match="scale must not be zero"):
        ScaleOffset(scale="0x0000").validate(_spec("float16"))
    with pytest.raises(ValueError, match=r"cast_value.*array's data type"):
        CastValue(data_type="uint8").validate(_spec("complex64"))
    with pytest.raises(ValueError, match=r"cast_value.*scalar_map encode value 300.*uint8"):
        CastValue(data_type="uint8", scalar_map={"encode": [[1, 300]]}).validate(_spec("f4"))
    # a NaN fill value cannot become uint8 unless mapped
    with pytest.raises(ValueError, match=r"cast_value.*nan"):
        CastValue(data_type="uint8").validate(_spec("float32", fill=np.nan))
    mapped = CastValue(data_type="uint8", scalar_map={"encode": [["NaN", 0]]})
    assert mapped.resolve_spec(_spec("float32", fill=np.nan)).fill_value == 0


# ------------------------------------------------------------------ scale_offset arithmetic


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    dtype=st.sampled_from(NUMERIC[:8]),
)
def test_scale_offset_integers_are_exact_or_raise(data: st.DataObject, dtype: str) -> None:
    info = np.iinfo(dtype)
    offset = data.draw(st.integers(int(info.min), int(info.max)))
    scale = data.draw(st.integers(int(info.min), int(info.max)).filter(lambda s: s != 0))
    array = data.draw(hnp.arrays(np.dtype(dtype), st.integers(0, 8)))
    codec, spec = ScaleOffset(offset=offset, scale=scale), _spec(dtype, array.shape)
    codec.validate(spec)
    exact = [(int(x) - offset) * scale for x in array.tolist()]
    if all(info.min <= v <= info.max for v in exact):
        encoded = codec.encode(array, spec)
        assert encoded.dtype == array.dtype and encoded.tolist() == exact
        assert codec.decode(encoded, spec).tolist() == array.tolist()
    else:
        with pytest.raises(ValueError, match=r"scale_offset.*outside the range"):
            codec.encode(array, spec)


def test_scale_offset_decode_checks_remainder_and_floats_stay_in_type() -> None:
    spec = _spec("int16")
    with pytest.raises(ValueError, match=r"scale_offset.*7 / 2.*remainder"):
        ScaleOffset(scale=2).decode(np.array([4, 7], dtype="int16"), spec)
    with pytest.raises(ValueError, match=r"scale_offset.*outside the range"):
        ScaleOffset(offset=1, scale=-1).decode(np.array([-32768], dtype="int16"), spec)
    wraps = ScaleOffset(offset=-1, scale=-1).decode(np.array([-32768], dtype="int16"), spec)
    assert wraps.tolist() == [32767]  # -32768 / -1 overflows int16 on the way, not at the end
    f32 = ScaleOffset(offset=1, scale=0.1).encode(np.array([2.0, 3.0], "f4"), _spec("f4"))
    assert f32.dtype == np.float32
    assert _bits(f32) == _bits((np.array([2.0, 3.0], "f4") - np.float32(1)) * np.float32(0.1))
    big = ScaleOffset(offset=2, scale=3).encode(np.array([2**62], "u8"), _spec("u8"))
    assert big.tolist() == [(2**62 - 2) * 3]
    # the next codec sees the encoded fill value
    assert ScaleOffset(offset=2, scale=10).resolve_spec(_spec("f8", fill=3)).fill_value == 10.0


# ------------------------------------------------------------------ chunk bytes vs zarr-python

CHAINS = [
    ("float64", [zcodecs.ScaleOffset(offset=2, scale=10)], True),
    ("float32", [zcodecs.ScaleOffset(offset="NaN", scale=1)], True),
    ("int32", [zcodecs.ScaleOffset(offset=-3, scale=-2)], False),
    ("float64", [zcodecs.ScaleOffset(offset=1, scale=100),
                 zcodecs.CastValue(data_type="uint16", out_of_range="clamp")], False),
    ("float32", [zcodecs.CastValue(data_type="int8", rounding="towards-negative",
                                   out_of_range="wrap")], False),
    ("float64", [zcodecs.CastValue(data_type="float16", rounding="towards-zero")], True),
    ("int32", [zcodecs.CastValue(data_type="float16")], False),
    ("float64", [zcodecs.CastValue(data_type="int16",
                                   scalar_map={"encode": [("NaN", -1)], "decode": [(-1, "NaN")]})],
     True),
    ("uint64", [zcodecs.CastValue(data_type="float32", rounding="nearest-away")], False),
]  # fmt: skip


def _sample(dtype: str, nan: bool) -> np.ndarray[Any, Any]:
    values = np.linspace(-7.3, 13.7, 24).reshape(4, 6)
    if dtype.startswith("uint"):
        values = np.abs(values) * 1e17 if dtype == "uint64" else np.abs(values)
    out = values.astype(dtype)
    if nan:
        out[1, 2] = np.nan
    return out


@pytest.mark.parametrize(("dtype", "filters", "nan"), CHAINS, ids=lambda v: str(v))
def test_chunks_match_zarr_python(dtype: str, filters: list[Any], nan: bool) -> None:
    pytest.importorskip("cast_value_rs")
    array = _sample(dtype, nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = write(array, filters=filters, compressors=None, fill_value=0)
    spec = spec_of(written)
    chain = written.v3_chain().evolve_from_array_spec(spec)
    chain.validate(spec)
    assert chain.to_dicts() == written.metadata["codecs"]
    raw = written.raw()
    assert raw is not None
    expected = written.read()
    decoded = chain.decode(raw, spec)
    assert _bits(decoded) == _bits(expected)
    encoded = chain.encode(array, spec)
    assert encoded is not None and bytes(encoded) == raw
    written.put(bytes(encoded))
    assert _bits(written.read()) == _bits(expected)


@pytest.mark.parametrize(
    ("name", "config", "dtype"),
    [
        ("ZFPY", {"mode": 4, "tolerance": -1, "rate": -1, "precision": -1}, "float64"),
        ("ZFPY", {"mode": 2, "tolerance": -1, "rate": 16, "precision": -1}, "float32"),
        ("PCodec", {}, "float64"),
        ("PCodec", {"level": 3}, "int32"),
    ],
)
def test_optional_numcodecs_match_zarr_python(
    name: str, config: dict[str, Any], dtype: str
) -> None:
    pytest.importorskip(name.lower())
    from zarr.codecs import numcodecs as zn

    array = (np.arange(24).reshape(4, 6) * 1.5).astype(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = write(array, serializer=getattr(zn, name)(**config), compressors=None)
    spec = spec_of(written)
    chain = written.v3_chain().evolve_from_array_spec(spec)
    chain.validate(spec)
    assert chain.to_dicts() == written.metadata["codecs"]
    raw = written.raw()
    assert raw is not None
    assert_same(chain.decode(raw, spec), written.read())
    encoded = chain.encode(array, spec)
    assert encoded is not None and bytes(encoded) == raw
    # F-ordered input is encoded in C order, as zarr-python does
    assert bytes(chain.encode(np.asfortranarray(array), spec) or b"") == raw  # type: ignore[arg-type]


@pytest.mark.parametrize(("cls", "package"), [(zc.ZFPY, "zfpy"), (zc.PCodec, "pcodec")])
def test_optional_numcodecs_without_their_package(
    monkeypatch: pytest.MonkeyPatch, cls: Any, package: str
) -> None:
    monkeypatch.setattr(numcodecs_extra, "package_available", lambda name: False)
    codec = codec_from_dict({"name": cls.name, "configuration": {}})  # metadata still parses
    assert isinstance(codec, cls) and codec.to_dict() == {"name": cls.name, "configuration": {}}
    with pytest.raises(ImportError, match=rf"{cls.name}.*'{package}' package.*pip install"):
        codec.validate(_spec("float64"))
    with pytest.raises(ImportError, match=package):
        CodecChain.from_codecs([codec]).decode(b"", _spec("float64"))


def test_optional_numcodecs_validate_types() -> None:
    pytest.importorskip("zfpy")
    pytest.importorskip("pcodec")
    with pytest.raises(ValueError, match=r"zfpy.*int16"):
        zc.ZFPY(mode=4).validate(_spec("int16"))
    with pytest.raises(ValueError, match=r"zfpy.*dimensions"):
        zc.ZFPY(mode=4).validate(_spec("float64", shape=(1,) * 5))
    with pytest.raises(ValueError, match=r"pcodec.*uint8"):
        zc.PCodec().validate(_spec("uint8"))


# ------------------------------------------------------------------ deprecated shims


@pytest.mark.parametrize(
    ("name", "member"),
    [("BloscCname", "zstd"), ("BloscCname", "lz4hc"), ("BloscShuffle", "bitshuffle"),
     ("Endian", "little"), ("ShardingCodecIndexLocation", "start")],
)  # fmt: skip
def test_deprecated_shims_return_strings(name: str, member: str) -> None:
    with pytest.warns(ZarrDeprecationWarning, match=rf"{name}\.{member} is deprecated"):
        value = getattr(getattr(zc, name), member)
    with pytest.warns(DeprecationWarning):
        theirs = getattr(getattr(zcodecs, name), member)
    assert value == theirs == member
    assert type(value) is str
    with pytest.raises(AttributeError, match="no member 'nope'"):
        getattr(zc, name).nope  # noqa: B018
    # the plain string works where the shim was used
    assert (
        zc.BloscCodec(cname="zstd", shuffle="bitshuffle").to_dict()["configuration"]["cname"]
        == "zstd"
    )


def test_blosc_shuffle_from_int_as_zarr_python() -> None:
    for code in (0, 1, 2):  # no warning (filterwarnings=error)
        assert zc.BloscShuffle.from_int(code) == zcodecs.BloscShuffle.from_int(code)
    for bad in (3, -1):
        with pytest.raises(ValueError):
            zcodecs.BloscShuffle.from_int(bad)
        with pytest.raises(ValueError, match="0, 1 or 2"):
            zc.BloscShuffle.from_int(bad)


def test_enum_arguments_are_coerced_with_a_warning() -> None:
    import enum

    from zarrlite.codecs._deprecated import coerce_enum

    class Cname(enum.StrEnum):
        zstd = "zstd"

    with pytest.warns(ZarrDeprecationWarning, match=r"BloscCodec\(cname=...\).*'zstd'"):
        value = coerce_enum(Cname.zstd, "cname", "BloscCodec")
    assert value == "zstd" and type(value) is str
    assert coerce_enum("lz4", "cname", "BloscCodec") == "lz4"  # no warning (filterwarnings=error)
