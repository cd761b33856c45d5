"""``numcodecs.<id>`` codecs in v3 arrays: bytes compatible with zarr-python 3.4.2's wrappers."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pytest
from codec_oracle import spec_of, write
from strategies import assert_same

from zarrlite.codecs import ArraySpec, BytesCodec, CodecChain, codec_from_numcodecs
from zarrlite.codecs import numcodecs_ as ours

zn = pytest.importorskip("zarr.codecs.numcodecs")

BYTES_BYTES = [
    ("Blosc", {}),
    ("Blosc", {"cname": "zstd", "clevel": 3, "shuffle": 2}),
    ("Zstd", {"level": 2}),
    ("LZ4", {}),
    ("Zlib", {"level": 4}),
    ("GZip", {"level": 4}),
    ("BZ2", {}),
    ("LZMA", {}),
    ("Shuffle", {}),
    ("CRC32", {}),
    ("CRC32C", {}),
    ("Adler32", {}),
    ("Fletcher32", {}),
    ("JenkinsLookup3", {}),
]

ARRAY_ARRAY = [
    ("Delta", {"dtype": "<i4"}, "<i4"),
    ("Delta", {"dtype": "<i4", "astype": "<i2"}, "<i4"),
    ("FixedScaleOffset", {"offset": 2, "scale": 10, "dtype": "<f8", "astype": "<u2"}, "<f8"),
    ("Quantize", {"digits": 2}, "<f8"),
    ("BitRound", {"keepbits": 4}, "<f4"),
    ("AsType", {"encode_dtype": "<f4"}, "<f8"),
    ("PackBits", {}, "bool"),
]


def sample(dtype: str, shape: tuple[int, ...] = (6, 5)) -> np.ndarray[Any, Any]:
    if dtype == "bool":
        return (np.arange(np.prod(shape)) % 3 == 0).reshape(shape)  # type: ignore[no-any-return]
    return (np.arange(np.prod(shape)) * 1.25 + 3).astype(dtype).reshape(shape)


def round_trip(
    written: Any, array: np.ndarray[Any, Any], deterministic: bool
) -> np.ndarray[Any, Any]:
    spec = spec_of(written)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        chain = written.v3_chain().evolve_from_array_spec(spec)
    chain.validate(spec)
    raw = written.raw()
    assert raw is not None
    decoded = chain.decode(raw, spec)
    out = np.empty_like(array)
    chain.decode_into(raw, spec, out)
    assert_same(out, decoded)
    encoded = chain.encode(array, spec)
    assert encoded is not None
    if deterministic:
        assert bytes(encoded) == raw
    written.put(bytes(encoded))
    assert_same(np.asarray(written.read()), decoded)
    return decoded  # type: ignore[no-any-return]


@pytest.mark.parametrize(("name", "config"), BYTES_BYTES, ids=lambda v: str(v))
def test_bytes_bytes_wrappers(name: str, config: dict[str, Any]) -> None:
    array = sample("<i4")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = write(array, compressors=[getattr(zn, name)(**config)])
    decoded = round_trip(written, array, deterministic=name != "GZip")
    assert_same(decoded, array)


@pytest.mark.parametrize(("name", "config", "dtype"), ARRAY_ARRAY, ids=lambda v: str(v))
def test_array_array_wrappers(name: str, config: dict[str, Any], dtype: str) -> None:
    array = sample(dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        written = write(array, filters=[getattr(zn, name)(**config)], compressors=None)
    decoded = round_trip(written, array, deterministic=True)
    if name in ("Delta", "PackBits", "AsType"):
        assert_same(decoded, array)
    else:
        assert np.allclose(decoded, array, rtol=0.05)


def test_delta_without_dtype_fills_it_from_the_array() -> None:
    spec = ArraySpec(shape=(5,), dtype=np.dtype("<i8"), fill_value=np.int64(0))
    chain = CodecChain.from_codecs([ours.Delta(), BytesCodec()]).evolve_from_array_spec(spec)
    assert chain.codecs[0].to_dict() == {
        "name": "numcodecs.delta",
        "configuration": {"dtype": "<i8"},
    }
    array = np.array([1, 4, 9, 16, 25], dtype="<i8")
    encoded = chain.encode(array, spec)
    assert encoded is not None
    assert np.frombuffer(encoded, "<i8").tolist() == [1, 3, 5, 7, 9]
    assert_same(chain.decode(encoded, spec), array)
    assert_same(ours.Delta().decode(ours.Delta().encode(array, spec), spec), array)


def test_wrappers_are_values() -> None:
    import pickle

    zlib = ours.Zlib(level=3)
    assert zlib == ours.Zlib(level=3) != ours.Zlib(level=4)
    assert pickle.loads(pickle.dumps(zlib)) == zlib
    assert repr(zlib) == "Zlib(codec_name='numcodecs.zlib', codec_config={'level': 3})"
    with pytest.raises(AttributeError):
        zlib.configuration = {}  # type: ignore[misc]
    assert codec_from_numcodecs(zlib).get_config() == {"id": "zlib", "level": 3}
    assert ours.CRC32().encoded_size(10) == 14
    assert ours.Shuffle(elementsize=4).encoded_size(16) == 16
    assert ours.Zlib().encoded_size(16) is None
    with pytest.raises(ValueError, match=r"numcodecs.zlib.*invalid configuration"):
        ours.Zlib(nonsense=1)
    with pytest.raises(ValueError, match=r"numcodecs.quantize.*invalid configuration"):
        _ = ours.Quantize(digits=2).numcodecs_codec  # dtype is only known after evolve
    with pytest.raises(ValueError, match=r"packbits.*bool"):
        ours.PackBits().validate(ArraySpec(shape=(2,), dtype=np.dtype("u1"), fill_value=0))


def test_zarr_python_module_paths_import() -> None:
    # zarr-python's import paths: ``zarr.codecs.numcodecs.<Name>`` (also as an attribute after a
    # plain import) and the ``zarr.codecs.SubchunkWriteOrder`` literal type
    import zarrlite
    from zarrlite.codecs.numcodecs import Zlib

    assert Zlib is ours.Zlib
    public = sorted(n for n in dir(zn) if not n.startswith("_") and isinstance(getattr(zn, n), type))
    assert sorted(zarrlite.codecs.numcodecs.__all__) == public
    for name in public:
        assert getattr(zarrlite.codecs.numcodecs, name).name == getattr(zn, name).codec_name
    assert Zlib(level=1).to_dict() == zn.Zlib(level=1).to_dict()
    zc = pytest.importorskip("zarr.codecs")
    assert zarrlite.codecs.SubchunkWriteOrder == zc.SubchunkWriteOrder
