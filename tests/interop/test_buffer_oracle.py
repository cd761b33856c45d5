"""``zarrlite.buffer`` against zarr-python's ``zarr.buffer``: the same operations on both
libraries' buffers and stores give the same observable results (bytes, numpy dtype, shape and
values, lengths, error classes), and each library's buffers are accepted by the other's stores
where zarr-python code would pass them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite
import zarrlite.buffer
import zarrlite.core.buffer
import zarrlite.registry
from zarrlite.storage import LocalStore, MemoryStore, RangeByteRequest, SuffixByteRequest

zarr = pytest.importorskip("zarr", minversion="3.4", reason="zarr-python is the oracle")
pytest.importorskip("zarr.buffer")  # and its submodules used below, as attributes
pytest.importorskip("zarr.core.buffer")
pytest.importorskip("zarr.registry")
pytest.importorskip("zarr.storage")

OURS = zarrlite.buffer.cpu
THEIRS = zarr.buffer.cpu


def outcome(call: Callable[[], Any]) -> Any:
    """A comparable summary of ``call()``: its value made plain, or its exception class."""
    try:
        value = call()
    except Exception as error:
        return ("raised", type(error).__name__)
    return plain(value)


def plain(value: Any) -> Any:
    if isinstance(value, OURS.Buffer | THEIRS.Buffer):
        return ("Buffer", value.to_bytes())
    if isinstance(value, OURS.NDBuffer | THEIRS.NDBuffer):
        array = value.as_numpy_array()
        return ("NDBuffer", array.dtype.str, array.shape, array.tobytes())
    if isinstance(value, np.ndarray):
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, memoryview):
        return ("memoryview", value.tobytes())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def test_module_names_match() -> None:
    assert set(zarr.buffer.__all__) - {"gpu"} <= set(zarrlite.buffer.__all__)
    assert set(THEIRS.__all__) <= set(OURS.__all__)
    assert set(zarr.core.buffer.__all__) <= set(zarrlite.core.buffer.__all__)
    assert set(THEIRS.__all__) <= set(zarrlite.core.buffer.cpu.__all__)
    assert zarrlite.core.buffer.Buffer is zarrlite.core.buffer.core.Buffer
    assert zarrlite.core.buffer.cpu.Buffer is OURS.Buffer
    assert issubclass(OURS.Buffer, zarrlite.core.buffer.Buffer)
    assert issubclass(OURS.NDBuffer, zarrlite.core.buffer.NDBuffer)
    for name in ["register_buffer", "get_buffer_class", "register_ndbuffer", "get_ndbuffer_class"]:
        assert callable(getattr(zarrlite.registry, name)), name


def test_default_prototype() -> None:
    ours = zarrlite.buffer.default_buffer_prototype()
    theirs = zarr.buffer.default_buffer_prototype()
    assert ours == (OURS.Buffer, OURS.NDBuffer) and theirs == (THEIRS.Buffer, THEIRS.NDBuffer)
    assert ours._fields == theirs._fields == ("buffer", "nd_buffer")
    assert zarrlite.core.buffer.default_buffer_prototype() == ours
    assert OURS.buffer_prototype == OURS.numpy_buffer_prototype() == ours
    assert zarrlite.registry.get_buffer_class() is OURS.Buffer
    assert zarrlite.registry.get_ndbuffer_class() is OURS.NDBuffer


BUFFER_CASES: list[tuple[str, Callable[[Any], Any]]] = [
    ("from_bytes", lambda m: m.Buffer.from_bytes(b"abcdef")),
    ("from_bytearray", lambda m: m.Buffer.from_bytes(bytearray(b"xy"))),
    ("from_int16_view", lambda m: m.Buffer.from_bytes(memoryview(np.arange(3, dtype="<i2")))),
    ("from_str", lambda m: m.Buffer.from_bytes("abc")),
    ("len", lambda m: len(m.Buffer.from_bytes(b"abcdef"))),
    ("slice", lambda m: m.Buffer.from_bytes(b"abcdef")[1:4]),
    ("open_slice", lambda m: m.Buffer.from_bytes(b"abcdef")[-2:]),
    ("int_key", lambda m: m.Buffer.from_bytes(b"abcdef")[1]),
    ("stepped_slice", lambda m: m.Buffer.from_bytes(b"abcdef")[::2]),
    ("add", lambda m: m.Buffer.from_bytes(b"ab") + m.Buffer.from_bytes(b"cd")),
    ("add_bytes", lambda m: m.Buffer.from_bytes(b"ab") + b"cd"),
    (
        "combine",
        lambda m: m.Buffer.from_bytes(b"a").combine(
            [m.Buffer.from_bytes(b"bc"), m.Buffer.create_zero_length()]
        ),
    ),
    ("zero_length", lambda m: m.Buffer.create_zero_length()),
    ("zero_length_len", lambda m: len(m.Buffer.create_zero_length())),
    ("as_numpy_array", lambda m: m.Buffer.from_bytes(b"\x01\x02").as_numpy_array()),
    ("as_array_like", lambda m: m.Buffer.from_bytes(b"\x01\x02").as_array_like()),
    ("as_buffer_like", lambda m: m.Buffer.from_bytes(b"\x01\x02").as_buffer_like()),
    ("read_only", lambda m: m.Buffer.from_bytes(b"ab").as_numpy_array().flags.writeable),
    ("writable", lambda m: m.Buffer.from_bytes(bytearray(b"ab")).as_numpy_array().flags.writeable),
    ("from_array_like", lambda m: m.Buffer.from_array_like(np.array([7, 8], dtype="B"))),
    ("from_2d", lambda m: m.Buffer.from_array_like(np.zeros((2, 2), dtype="B"))),
    ("from_int32", lambda m: m.Buffer.from_array_like(np.zeros(2, dtype="i4"))),
    ("from_our_buffer", lambda m: m.Buffer.from_buffer(OURS.Buffer.from_bytes(b"ours"))),
    ("from_their_buffer", lambda m: m.Buffer.from_buffer(THEIRS.Buffer.from_bytes(b"theirs"))),
    ("eq", lambda m: m.Buffer.from_bytes(b"ab") == m.Buffer.from_bytes(b"ab")),
    ("ne", lambda m: m.Buffer.from_bytes(b"ab") == m.Buffer.from_bytes(b"ac")),
    ("eq_bytes", lambda m: m.Buffer.from_bytes(b"ab") == b"ab"),
    ("hash", lambda m: hash(m.Buffer.from_bytes(b"ab"))),
    ("base_from_bytes", lambda m: m.Buffer.__mro__[1].from_bytes(b"ab")),
    ("base_init", lambda m: m.Buffer.__mro__[1](np.zeros(2, dtype="B"))),
]


@pytest.mark.parametrize(("name", "case"), BUFFER_CASES, ids=[n for n, _ in BUFFER_CASES])
def test_buffer_behaves_as_zarr_pythons(name: str, case: Callable[[Any], Any]) -> None:
    assert outcome(lambda: case(OURS)) == outcome(lambda: case(THEIRS))


def _set_slice(module: Any, data: Any) -> Any:
    buffer = module.Buffer.from_bytes(data)
    buffer[1:3] = np.frombuffer(b"XY", dtype="B")
    return buffer


@pytest.mark.parametrize("data", [bytearray(b"abcd"), b"abcd"], ids=["writable", "read-only"])
def test_buffer_setitem(data: Any) -> None:
    # each library gets its own copy of a bytearray (the first would change it)
    ours = outcome(lambda: _set_slice(OURS, data[:]))
    assert ours == outcome(lambda: _set_slice(THEIRS, data[:]))


def test_to_bytes_of_wrapped_bytes_is_free() -> None:
    value = b"x" * 1000
    assert OURS.Buffer.from_bytes(value).to_bytes() is value
    reversed_view = OURS.Buffer.from_array_like(np.frombuffer(value + b"y", dtype="B")[::-1])
    assert reversed_view.to_bytes() == (value + b"y")[::-1]


def _datetime(module: Any) -> Any:
    return module.NDBuffer.create(shape=(2,), dtype=">M8[2D]", fill_value=np.datetime64(4, "2D"))


NDBUFFER_CASES: list[tuple[str, Callable[[Any], Any]]] = [
    ("create_zeros", lambda m: m.NDBuffer.create(shape=(2, 3), dtype="<i4")),
    ("create_fill", lambda m: m.NDBuffer.create(shape=[2], dtype="f8", fill_value=1.5)),
    ("create_f_order", lambda m: m.NDBuffer.create(shape=(2, 3), dtype="u1", order="F")),
    ("create_datetime", _datetime),
    ("empty_shape", lambda m: m.NDBuffer.empty((2, 3), ">u2").shape),
    ("empty_dtype", lambda m: m.NDBuffer.empty((2,), ">M8[2generic]").dtype.str),
    ("from_numpy_list", lambda m: m.NDBuffer.from_numpy_array([[1, 2], [3, 4]])),
    ("as_scalar", lambda m: m.NDBuffer.from_numpy_array(np.array([5])).as_scalar()),
    ("as_scalar_many", lambda m: m.NDBuffer.from_numpy_array(np.arange(3)).as_scalar()),
    (
        "dtype_shape_len",
        lambda m: (lambda b: (b.dtype.str, b.shape, len(b)))(
            m.NDBuffer.from_numpy_array(np.zeros((4, 2), ">i2"))
        ),
    ),
    ("byteorder_big", lambda m: m.NDBuffer.from_numpy_array(np.zeros(1, ">i2")).byteorder),
    ("byteorder_none", lambda m: m.NDBuffer.from_numpy_array(np.zeros(1, "u1")).byteorder),
    ("reshape", lambda m: m.NDBuffer.from_numpy_array(np.arange(6)).reshape((2, 3))),
    ("reshape_flat", lambda m: m.NDBuffer.from_numpy_array(np.ones((2, 3))).reshape(-1)),
    ("squeeze", lambda m: m.NDBuffer.from_numpy_array(np.ones((1, 3, 1))).squeeze((0, 2))),
    (
        "transpose",
        lambda m: m.NDBuffer.from_numpy_array(np.arange(6).reshape(2, 3)).transpose((1, 0)),
    ),
    ("astype", lambda m: m.NDBuffer.from_numpy_array(np.arange(3)).astype("f4")),
    (
        "astype_generic_time",
        lambda m: m.NDBuffer.from_numpy_array(np.array([3], "<M8")).astype(">M8"),
    ),
    ("copy", lambda m: m.NDBuffer.from_numpy_array(np.arange(3)).copy()),
    ("getitem_tuple", lambda m: m.NDBuffer.from_numpy_array(np.arange(6).reshape(2, 3))[1, 2]),
    ("getitem_slice", lambda m: m.NDBuffer.from_numpy_array(np.arange(6))[2:4]),
    (
        "all_equal_true",
        lambda m: m.NDBuffer.create(shape=(3,), dtype="i4", fill_value=7).all_equal(7),
    ),
    ("all_equal_false", lambda m: m.NDBuffer.from_numpy_array(np.arange(3)).all_equal(0)),
    ("all_equal_none", lambda m: m.NDBuffer.create(shape=(3,), dtype="i4").all_equal(None)),
    ("all_equal_nan", lambda m: m.NDBuffer.from_numpy_array(np.full(3, np.nan)).all_equal(np.nan)),
    (
        "all_equal_nan_off",
        lambda m: m.NDBuffer.from_numpy_array(np.full(3, np.nan)).all_equal(
            np.nan, equal_nan=False
        ),
    ),
    (
        "all_equal_neg_zero",
        lambda m: m.NDBuffer.from_numpy_array(np.array([-0.0, 0.0])).all_equal(0.0),
    ),
    ("all_equal_zero", lambda m: m.NDBuffer.from_numpy_array(np.zeros(4)).all_equal(0.0)),
    ("all_equal_str", lambda m: m.NDBuffer.from_numpy_array(np.array(["a", "a"])).all_equal("a")),
    ("all_equal_empty", lambda m: m.NDBuffer.create(shape=(0,), dtype="f8").all_equal(1.0)),
]


@pytest.mark.parametrize(("name", "case"), NDBUFFER_CASES, ids=[n for n, _ in NDBUFFER_CASES])
def test_ndbuffer_behaves_as_zarr_pythons(name: str, case: Callable[[Any], Any]) -> None:
    assert outcome(lambda: case(OURS)) == outcome(lambda: case(THEIRS))


def test_ndbuffer_fill_setitem_and_repr() -> None:
    results = []
    for module in (OURS, THEIRS):
        buffer = module.NDBuffer.create(shape=(2, 2), dtype="i2")
        buffer.fill(3)
        buffer[0] = module.NDBuffer.from_numpy_array(np.array([1, 2], dtype="i2"))
        buffer[1, 1] = 9
        results.append((plain(buffer), repr(buffer).replace(module.__name__, "")))
    assert results[0] == results[1]
    assert zarrlite.core.buffer.NDBuffer.__name__ == "NDBuffer"


# -- stores ------------------------------------------------------------------------------------


def _their_store_results(store: Any) -> list[Any]:
    prototype = zarr.buffer.default_buffer_prototype()
    from zarr.abc.store import RangeByteRequest, SuffixByteRequest

    async def run() -> list[Any]:
        await store.set("k", THEIRS.Buffer.from_bytes(b"0123456789"))
        await store.set_if_not_exists("k", THEIRS.Buffer.from_bytes(b"ignored"))
        await store.set_if_not_exists("n", THEIRS.Buffer.from_bytes(b"new"))
        return [
            await store.get("k", prototype),
            await store.get("k", prototype, RangeByteRequest(2, 5)),
            await store.get("k", prototype=prototype, byte_range=SuffixByteRequest(3)),
            await store.get("missing", prototype),
            await store.get("n", prototype),
            await store.get_partial_values(
                prototype, [("k", RangeByteRequest(0, 2)), ("missing", None), ("n", None)]
            ),
        ]

    return asyncio.run(run())


def _our_store_results(store: Any, prototype: Any) -> list[Any]:
    store.set("k", OURS.Buffer.from_bytes(b"0123456789"))
    store.set_if_not_exists("k", OURS.Buffer.from_bytes(b"ignored"))
    store.set_if_not_exists("n", OURS.Buffer.from_bytes(b"new"))
    return [
        store.get("k", prototype),
        store.get("k", prototype, RangeByteRequest(2, 5)),
        store.get("k", prototype=prototype, byte_range=SuffixByteRequest(3)),
        store.get("missing", prototype),
        store.get("n", prototype),
        store.get_partial_values(
            prototype, [("k", RangeByteRequest(0, 2)), ("missing", None), ("n", None)]
        ),
    ]


@pytest.mark.parametrize("kind", ["memory", "local"])
def test_store_reads_and_writes_with_buffers_match(kind: str, tmp_path: Path) -> None:
    theirs = _their_store_results(zarr.storage.MemoryStore())
    store = MemoryStore() if kind == "memory" else LocalStore(tmp_path / "store")
    ours = _our_store_results(store, zarrlite.buffer.default_buffer_prototype())
    assert plain(ours) == plain(theirs)
    assert isinstance(ours[0], OURS.Buffer) and isinstance(ours[5][0], OURS.Buffer)
    # zarr-python's own prototype gives zarr-python's buffers
    with_theirs = _our_store_results(store, zarr.buffer.default_buffer_prototype())
    assert isinstance(with_theirs[0], THEIRS.Buffer) and plain(with_theirs) == plain(theirs)
    # without a prototype: bytes, the same bytes
    assert store.get("k") == b"0123456789" and type(store.get("k")) is bytes


def test_memory_store_over_a_dict_of_zarr_python_buffers() -> None:
    # zarr-python fills a dict[str, Buffer]; zarrlite reads the arrays and the values from it.
    data: dict[str, Any] = {}
    reference = zarr.create_array(
        zarr.storage.MemoryStore(data), shape=(5, 4), chunks=(2, 3), dtype="i4", fill_value=-1
    )
    reference[:] = np.arange(20).reshape(5, 4)
    assert all(isinstance(value, THEIRS.Buffer) for value in data.values())
    store = MemoryStore(data)
    assert (zarrlite.open_array(store, mode="r")[:] == np.arange(20).reshape(5, 4)).all()
    assert store.get("zarr.json") == data["zarr.json"].to_bytes()
    assert store.get("c/0/0", RangeByteRequest(1, 3)) == data["c/0/0"].to_bytes()[1:3]
    # and zarrlite's own buffers in the dict
    ours = {key: OURS.Buffer.from_bytes(value.to_bytes()) for key, value in data.items()}
    assert (zarrlite.open_array(MemoryStore(ours), mode="r")[1:3] == reference[1:3]).all()
    # an array written into that dict stores bytes next to the buffers
    array = zarrlite.open_array(MemoryStore(ours), mode="r+")
    array[0, 0] = 99
    assert isinstance(ours["c/0/0"], bytes) and array[0, 0] == 99


def test_zarr_python_reads_what_it_gets_from_zarrlite_buffers() -> None:
    # Code that copies values from a zarrlite store into a zarr-python store, as its users do.
    source = MemoryStore()
    array = zarrlite.create_array(source, shape=(6,), chunks=(4,), dtype="u2")
    array[:] = np.arange(6)
    target = zarr.storage.MemoryStore()
    prototype = zarrlite.buffer.default_buffer_prototype()

    async def copy() -> None:
        for key in source.list():
            await target.set(key, THEIRS.Buffer.from_buffer(source.get(key, prototype)))

    asyncio.run(copy())
    assert (zarr.open_array(target, mode="r")[:] == np.arange(6)).all()


def test_registry_follows_zarr_pythons() -> None:
    class Custom(OURS.Buffer):
        pass

    zarrlite.registry.register_buffer(Custom)
    zarrlite.registry.register_ndbuffer(OURS.NDBuffer, qualname="my.NDBuffer")
    # registering does not select (zarr-python: the config key "buffer" does)
    assert zarrlite.registry.get_buffer_class() is OURS.Buffer
    assert zarrlite.registry.get_ndbuffer_class(reload_config=True) is OURS.NDBuffer
    name = f"{Custom.__module__}.{Custom.__qualname__}"
    with zarrlite.config.set({"buffer": name, "ndbuffer": "my.NDBuffer"}):
        assert zarrlite.registry.get_buffer_class() is Custom
        assert zarrlite.buffer.default_buffer_prototype().buffer is Custom
        assert zarrlite.registry.get_ndbuffer_class() is OURS.NDBuffer
        store = MemoryStore({"k": b"v"})
        assert type(store.get("k", zarrlite.buffer.default_buffer_prototype())) is Custom
    with zarrlite.config.set({"buffer": "no.such.Buffer"}):
        with pytest.raises(ValueError, match=r"no\.such\.Buffer"):
            zarrlite.registry.get_buffer_class()
    with zarr.config.set({"buffer": "no.such.Buffer"}):
        with pytest.raises(ValueError, match=r"no\.such\.Buffer"):
            zarr.registry.get_buffer_class()
