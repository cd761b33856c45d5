"""Gaps found by running zarr-python 3.4.2's tests/test_array.py on zarrlite (plain zarrlite
here: no harness, no zarr-python internals)."""

from __future__ import annotations

import numpy as np
import pytest

import zarrlite as zarr
from zarrlite.storage import MemoryStore


@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("as_numpy", [False, True])
def test_from_array_chunks_as_numpy_array(zarr_format: int, as_numpy: bool) -> None:
    # chunks given as a numpy array (or numpy integers) were compared with "keep" by `==`:
    # "truth value of an array is ambiguous"
    src = zarr.create_array(
        {}, shape=(100, 10), chunks=(40, 10), dtype="u1", zarr_format=zarr_format
    )
    src[:] = np.arange(1000).reshape(100, 10) % 256
    data = src[:] if as_numpy else src
    result = zarr.from_array({}, data=data, chunks=np.array([11, 5]), zarr_format=zarr_format)
    assert result.chunks == (11, 5)
    np.testing.assert_array_equal(result[:], src[:])
    result = zarr.from_array({}, data=data, chunks=(np.int64(40), np.int64(10)))
    assert result.chunks == (40, 10)


@pytest.mark.parametrize("as_numpy", [False, True])
def test_from_array_shards_as_numpy_array(as_numpy: bool) -> None:
    src = zarr.create_array({}, shape=(100, 10), chunks=(40, 10), dtype="u1")
    src[:] = 7
    data = src[:] if as_numpy else src
    result = zarr.from_array({}, data=data, chunks=np.array([11, 5]), shards=np.array([440, 100]))
    assert result.shards == (440, 100)
    assert result.chunks == (11, 5)
    np.testing.assert_array_equal(result[:], src[:])


@pytest.mark.parametrize(
    ("src_name", "dest_name"), [("a", "a"), ("g/a", "g"), ("g/a", ""), ("a", "a/c")]
)
def test_from_array_overwrite_overlapping_source_raises(src_name: str, dest_name: str) -> None:
    # The destination was deleted (overwrite) before the source was copied: the data was lost.
    store = MemoryStore()
    src = zarr.create_array(store, name=src_name, data=np.arange(4.0), fill_value=-1.0)
    with pytest.raises(ValueError, match="overlap"):
        zarr.from_array(store, name=dest_name, data=src, overwrite=True)
    np.testing.assert_array_equal(zarr.open_array(store, path=src_name)[:], np.arange(4.0))


def test_from_array_overwrite_read_only_view_of_source_raises() -> None:
    store = MemoryStore()
    zarr.create_array(store, name="a", data=np.arange(4.0))
    src = zarr.open_array(store.with_read_only(True), path="a")
    with pytest.raises(ValueError, match="overlap"):
        zarr.from_array(store, name="a", data=src, overwrite=True)
    np.testing.assert_array_equal(zarr.open_array(store, path="a")[:], np.arange(4.0))


def test_from_array_overwrite_beside_source_is_allowed() -> None:
    store = MemoryStore()
    src = zarr.create_array(store, name="a", data=np.arange(4.0))
    zarr.create_array(store, name="b", data=np.zeros(2))
    result = zarr.from_array(store, name="b", data=src, overwrite=True)
    np.testing.assert_array_equal(result[:], np.arange(4.0))
    # another store's source at the same path is no overlap
    other = zarr.from_array(MemoryStore(), name="a", data=src, overwrite=True)
    np.testing.assert_array_equal(other[:], np.arange(4.0))


def test_from_array_attributes_not_shared_with_source() -> None:
    src = zarr.create_array({}, shape=(4,), dtype="i4", attributes={"nested": {"x": [1]}})
    result = zarr.from_array({}, data=src)
    result.attrs["nested"]["x"].append(99)
    assert src.attrs["nested"] == {"x": [1]}
    assert src.metadata.attributes["nested"] == {"x": [1]}


def test_create_chunk_shape_and_chunks_both_given_raises() -> None:
    # zarrlite used chunk_shape and silently dropped chunks
    with pytest.raises(ValueError, match="chunk_shape"):
        zarr.create(store={}, shape=(10,), dtype="u1", zarr_format=3, chunk_shape=(1,), chunks=(2,))
    assert zarr.create(store={}, shape=(10,), dtype="u1", chunk_shape=(2,)).chunks == (2,)


def test_deprecated_enum_names_importable_from_codec_modules() -> None:
    # zarr-python defines them in zarr.codecs.blosc/bytes/sharding; code imports them from there
    from zarrlite.codecs.blosc import BloscCname, BloscShuffle
    from zarrlite.codecs.bytes import Endian
    from zarrlite.codecs.sharding import ShardingCodecIndexLocation

    assert BloscShuffle is zarr.codecs.BloscShuffle
    with pytest.warns(DeprecationWarning, match="BloscShuffle.shuffle"):
        assert BloscShuffle.shuffle == "shuffle"
    with pytest.warns(DeprecationWarning, match="BloscCname.zstd"):
        assert BloscCname.zstd == "zstd"
    with pytest.warns(DeprecationWarning, match="Endian.big"):
        assert Endian.big == "big"
    with pytest.warns(DeprecationWarning, match="ShardingCodecIndexLocation.start"):
        assert ShardingCodecIndexLocation.start == "start"


@pytest.mark.parametrize("compressor", [zarr.codecs.GzipCodec(), zarr.codecs.BloscCodec()])
def test_sharding_codec_refuses_variable_size_index_codecs_when_built(compressor: object) -> None:
    # refused only when an array was created with the codec; now at construction, as zarr-python
    with pytest.raises(ValueError, match="fixed size"):
        zarr.codecs.ShardingCodec(
            chunk_shape=(2,), index_codecs=(zarr.codecs.BytesCodec(), compressor)
        )
    with pytest.raises(ValueError, match="fixed size"):
        zarr.codecs.ShardingCodec.from_dict(
            {
                "name": "sharding_indexed",
                "configuration": {
                    "chunk_shape": [2],
                    "index_codecs": [{"name": "bytes"}, compressor.to_dict()],  # type: ignore[attr-defined]
                },
            }
        )
    codec = zarr.codecs.ShardingCodec(chunk_shape=(2, 2))  # default index codecs: fixed size
    assert codec.index_codecs == (zarr.codecs.BytesCodec(), zarr.codecs.Crc32cCodec())


def test_codec_enum_arguments_are_coerced_with_a_deprecation_warning() -> None:
    # coerce_enum existed but no codec called it: a plain Enum was a ValueError, and a str-Enum
    # passed the check and was stored as str(member), e.g. cname "Cname.zstd"
    import enum

    class Shuffle(enum.Enum):
        bitshuffle = "bitshuffle"

    class Cname(str, enum.Enum):  # noqa: UP042 (the old mixin style: str() is "Cname.zstd")
        zstd = "zstd"

    class Endianness(enum.Enum):
        big = "big"

    class Location(enum.Enum):
        start = "start"

    with pytest.warns(DeprecationWarning, match="enum") as record:
        blosc = zarr.codecs.BloscCodec(cname=Cname.zstd, shuffle=Shuffle.bitshuffle)
        endian = zarr.codecs.BytesCodec(endian=Endianness.big)
        shard = zarr.codecs.ShardingCodec(chunk_shape=(2,), index_location=Location.start)
    assert len(record) == 4
    assert all(w.filename == __file__ for w in record)  # the warning points at the caller
    assert blosc.to_dict()["configuration"]["cname"] == "zstd"  # type: ignore[index]
    assert type(blosc.cname) is str
    assert blosc.shuffle == "bitshuffle"
    assert endian.endian == "big"
    assert shard.index_location == "start"


def test_zdtype_from_json_of_another_data_type_is_a_data_type_validation_error() -> None:
    # was TypeError (not a ValueError), and a v2 object_codec_id on a non-object dtype passed
    from zarrlite.errors import DataTypeValidationError

    with pytest.raises(DataTypeValidationError):
        zarr.dtype.Bool.from_native_dtype(np.dtype("f8"))
    with pytest.raises(DataTypeValidationError):
        zarr.dtype.Bool.from_json("float64", zarr_format=3)
    with pytest.raises(DataTypeValidationError):
        zarr.dtype.Bool.from_json({"name": "|f8", "object_codec_id": None}, zarr_format=2)
    with pytest.raises(DataTypeValidationError):
        zarr.dtype.Bool.from_json({"name": "|b1", "object_codec_id": "vlen-utf8"}, zarr_format=2)
    with pytest.raises(DataTypeValidationError):
        zarr.dtype.Bool.from_json(["|b1"], zarr_format=2)  # type: ignore[arg-type]
    with pytest.raises(DataTypeValidationError):
        zarr.dtype.VariableLengthBytes.from_json(
            {"name": "|O", "object_codec_id": "vlen-utf8"}, zarr_format=2
        )
    assert zarr.dtype.Bool.from_json({"name": "|b1", "object_codec_id": None}, zarr_format=2) == (
        zarr.dtype.Bool()
    )
    assert (
        zarr.dtype.VariableLengthBytes.from_json(
            {"name": "|O", "object_codec_id": "vlen-bytes"}, zarr_format=2
        )
        == zarr.dtype.VariableLengthBytes()
    )


@pytest.mark.parametrize("cls", ["NullTerminatedBytes", "RawBytes", "FixedLengthUTF32"])
@pytest.mark.parametrize("length", [0, -1])
def test_fixed_length_data_type_refuses_a_length_below_one(cls: str, length: int) -> None:
    # the instance was built and failed later, when its numpy dtype was asked for
    with pytest.raises(ValueError, match="length must be >= 1"):
        getattr(zarr.dtype, cls)(length=length)
    assert getattr(zarr.dtype, cls)(length=np.int64(2)).to_native_dtype().itemsize in (2, 8)


@pytest.mark.filterwarnings("ignore:The 'generic' unit for NumPy timedelta:DeprecationWarning")
@pytest.mark.parametrize("kind", ["M8", "m8"])
@pytest.mark.parametrize("byteorder", ["<", ">"])
@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize("zarr_format", [2, 3])
@pytest.mark.parametrize("structured", [False, True])
def test_generic_time_unit_round_trip(
    kind: str, byteorder: str, scale: int, zarr_format: int, structured: bool
) -> None:
    # numpy's astype does not swap the bytes of a generic-unit datetime64 ('>M8' -> '<M8'):
    # big-endian values were stored byte-swapped (1 read back as 2**56); a scale on the generic
    # unit (M8[2generic]) was refused when opening v3 and dropped from the v2 typestr
    leaf = np.dtype(f"{byteorder}{kind}[{scale}generic]")
    dtype = np.dtype([("time", leaf)]) if structured else leaf
    counts = np.array([0, 1, -2, 100], dtype=f"{byteorder}i8")
    array = zarr.create_array(
        {}, data=counts.view(dtype), chunks=(2,), zarr_format=zarr_format, compressors=None
    )
    array.resize((6,))
    result = np.asarray(zarr.open_array(array.store, mode="r")[:])
    values = result["time"] if structured else result
    assert np.datetime_data(values.dtype) == ("generic", scale)
    as_int = values.view(values.dtype.byteorder + "i8")  # the stored counts, in their order
    np.testing.assert_array_equal(as_int[:4], [0, 1, -2, 100])
    fill = 0 if structured else np.iinfo(np.int64).min
    np.testing.assert_array_equal(as_int[4:], [fill, fill])


@pytest.mark.parametrize("cls", ["DateTime64", "TimeDelta64"])
def test_time_data_type_normalises_microsecond_alias_and_keeps_generic_scale(cls: str) -> None:
    # unit "μs" stayed "μs" (unequal to the instance read back from numpy, which says "us");
    # a generic unit's scale_factor was dropped from the numpy dtype
    zdtype = getattr(zarr.dtype, cls)(unit="μs", scale_factor=3)
    assert zdtype.unit == "us"
    assert zdtype == getattr(zarr.dtype, cls).from_native_dtype(zdtype.to_native_dtype())
    generic = getattr(zarr.dtype, cls)(unit="generic", scale_factor=2)
    assert np.datetime_data(generic.to_native_dtype()) == ("generic", 2)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"unit": "invalid"},
        {"unit": "s", "scale_factor": 0},
        {"unit": "s", "scale_factor": 2**31},
        {"unit": "s", "endianness": "middle"},
    ],
)
def test_time_data_type_refuses_bad_parameters_when_built(kwargs: dict[str, object]) -> None:
    # accepted, and failed later (or gave a numpy dtype of another unit)
    with pytest.raises(ValueError):
        zarr.dtype.DateTime64(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        zarr.dtype.TimeDelta64(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("endianness", ["little", "big"])
def test_struct_base64_fill_value_is_little_endian_in_v3(endianness: str) -> None:
    # v3 metadata has no byte order: the base64 bytes were read in the fields' byte order
    fields = (
        ("field1", zarr.dtype.Int32(endianness=endianness)),  # type: ignore[arg-type]
        ("field2", zarr.dtype.Float64(endianness=endianness)),  # type: ignore[arg-type]
    )
    value = zarr.dtype.Struct(fields=fields).from_json_scalar("AQAAAAAAAAAAAPA/", zarr_format=3)
    assert (value["field1"], value["field2"]) == (1, 1.0)
    assert value.dtype == zarr.dtype.Struct(fields=fields).to_native_dtype()


def test_struct_data_type_needs_a_field() -> None:
    # Struct(fields=()) was built, and failed only when its numpy dtype was asked for
    with pytest.raises(ValueError, match="at least one field"):
        zarr.dtype.Struct(fields=())
