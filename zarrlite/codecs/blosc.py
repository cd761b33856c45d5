"""The ``blosc`` codec (bytes -> bytes), through ``numcodecs.Blosc``.

Spec: https://zarr-specs.readthedocs.io/en/latest/v3/codecs/blosc/index.html

JSON (``typesize`` and ``shuffle`` are always written)::

    {"name": "blosc", "configuration": {"typesize": 4, "cname": "zstd", "clevel": 5,
                                        "shuffle": "shuffle", "blocksize": 0}}

``typesize=None`` and ``shuffle=None`` mean "choose from the array": ``evolve_from_array_spec``
sets ``typesize`` to the item size (1 for variable-length types) and ``shuffle`` to
``"bitshuffle"`` for 1-byte items, else ``"shuffle"``. Unresolved, they are written as
``1``/``"bitshuffle"``, as zarr-python does.

Threads: importing this module sets ``numcodecs.blosc.use_threads = False``, as zarr-python
does. The pipeline already decodes many chunks in parallel on its own worker threads; blosc's
internal pool would oversubscribe the cores, and its global (non-context) API takes a process
wide lock, serialising those workers. Without it, numcodecs uses blosc's context functions,
which run without the GIL and are safe to call from many threads at once.
"""

from __future__ import annotations

import ctypes
import struct
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal, Self

import attrs
import numcodecs
import numcodecs.blosc
import numpy as np

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import ArraySpec, BytesBytesCodec
from zarrlite.codecs._blosc_blocks import decode_byte_range
from zarrlite.codecs._c_blosc import c_buffer, compress_ctx, decompress_ctx
from zarrlite.codecs._deprecated import BloscCname, BloscShuffle, coerce_enum
from zarrlite.codecs._registry import register_codec
from zarrlite.codecs._scratch import output_scratch
from zarrlite.codecs._util import DecodesInto, as_bytes, parse_configuration

__all__ = ["BloscCname", "BloscCodec", "BloscShuffle"]

numcodecs.blosc.use_threads = False

Shuffle = Literal["noshuffle", "shuffle", "bitshuffle"]
CNAMES = ("lz4", "lz4hc", "blosclz", "snappy", "zlib", "zstd")
SHUFFLES: tuple[Shuffle, ...] = ("noshuffle", "shuffle", "bitshuffle")
_MAX_BUFFER_BYTES = 2**31 - 1  # blosc 1 sizes are 32-bit signed
_OVERHEAD = 16  # BLOSC_MAX_OVERHEAD: a compressed chunk is at most this much larger
_TRANSIENT_MIN_BYTES = 256 << 10
_SIZES = struct.Struct("<i4xi")  # the decoded and the compressed size, from offset 4


def _check_int(name: str, value: Any, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"codec 'blosc': {name} must be an int, got {value!r}")
    if value < low or (high is not None and value > high):
        bounds = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise ValueError(f"codec 'blosc': {name} must be {bounds}, got {value!r}")
    return int(value)


def _parse_typesize(value: Any) -> int | None:
    return None if value is None else _check_int("typesize", value, 1)


def _parse_clevel(value: Any) -> int:
    return _check_int("clevel", value, 0, 9)


def _parse_blocksize(value: Any) -> int:
    return _check_int("blocksize", value, 0)


def _parse_cname(value: Any) -> str:
    value = coerce_enum(value, "cname", "BloscCodec")
    if value not in CNAMES:
        raise ValueError(f"codec 'blosc': cname must be one of {list(CNAMES)}, got {value!r}")
    return str(value)


def _parse_shuffle(value: Any) -> Shuffle | None:
    value = coerce_enum(value, "shuffle", "BloscCodec")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2:
        return SHUFFLES[value]  # numcodecs' integer constants
    if value is None or value in SHUFFLES:
        return value  # type: ignore[no-any-return]
    raise ValueError(f"codec 'blosc': shuffle must be one of {list(SHUFFLES)}, got {value!r}")


@attrs.frozen
class BloscCodec(BytesBytesCodec, DecodesInto):
    """Blosc meta-compression (shuffle filter + ``cname`` compressor)."""

    name: ClassVar[str] = "blosc"
    releases_gil: ClassVar[bool] = True

    typesize: int | None = attrs.field(default=None, converter=_parse_typesize)
    cname: str = attrs.field(default="zstd", converter=_parse_cname)
    clevel: int = attrs.field(default=5, converter=_parse_clevel)
    shuffle: Shuffle | None = attrs.field(default=None, converter=_parse_shuffle)
    blocksize: int = attrs.field(default=0, converter=_parse_blocksize)
    _compress_args: tuple[bytes, int, int, int, int] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        # numcodecs' compress/decompress functions, called directly: numcodecs.Blosc's methods
        # wrap every buffer in numpy views first, ~9 us a chunk (a third of a 16 KiB chunk's read).
        args = (
            self.cname.encode("ascii"),
            self.clevel,
            SHUFFLES.index(self.shuffle or "bitshuffle"),
            self.blocksize,
            self.typesize or 1,
        )
        object.__setattr__(self, "_compress_args", args)

    @classmethod
    def from_dict(cls, data: dict[str, JSON]) -> Self:
        keys = ("typesize", "cname", "clevel", "shuffle", "blocksize")
        return cls(**parse_configuration(data, (cls.name,), keys))

    def to_dict(self) -> dict[str, JSON]:
        return {
            "name": self.name,
            "configuration": {
                "typesize": self.typesize or 1,
                "cname": self.cname,
                "clevel": self.clevel,
                "shuffle": self.shuffle or "bitshuffle",
                "blocksize": self.blocksize,
            },
        }

    def evolve_from_array_spec(self, spec: ArraySpec) -> Self:
        dtype = spec.dtype
        itemsize = 1 if dtype.hasobject or dtype.kind == "T" else dtype.itemsize
        changes: dict[str, Any] = {}
        if self.typesize is None:
            changes["typesize"] = itemsize
        if self.shuffle is None:
            changes["shuffle"] = "bitshuffle" if itemsize == 1 else "shuffle"
        return attrs.evolve(self, **changes) if changes else self

    def encode(self, data: BytesLike) -> BytesLike:
        view = _contiguous(data)
        return numcodecs.blosc.compress(view, *self._compress_args)  # type: ignore[no-any-return]

    def encode_transient(self, data: BytesLike) -> BytesLike:
        # numcodecs compresses into a new buffer of the input's size and copies the result
        # into another one of the output's size: for large chunks both fresh memory every
        # time. Here the same c-blosc call writes into this thread's reused output buffer.
        # Chunks under 256 KiB go through numcodecs: their buffers come from the heap, and its
        # call costs ~3 us less than this one's ctypes arguments (16 KiB chunks written to
        # tmpfs: 264-267 -> 293-306 MB/s).
        view = _contiguous(data)
        large = compress_ctx is not None and view.nbytes >= _TRANSIENT_MIN_BYTES
        out = output_scratch(view.nbytes + _OVERHEAD) if large else None
        if out is None:
            return numcodecs.blosc.compress(view, *self._compress_args)  # type: ignore[no-any-return]
        source = c_buffer(data if type(data) is bytes else view)
        target = c_buffer(out, writable=True)
        cname, clevel, shuffle, blocksize, typesize = self._compress_args
        size = compress_ctx(
            clevel,
            shuffle,
            typesize,
            view.nbytes,
            _address(source) if source is not None else np.frombuffer(view, np.uint8).ctypes.data,
            _address(target) if target is not None else out.ctypes.data,
            out.nbytes,
            cname,
            blocksize,
            1,
        )
        if size <= 0:
            raise ValueError(f"codec 'blosc': compression of {view.nbytes} bytes failed ({size})")
        return out.data[:size]

    def decode(self, data: BytesLike) -> BytesLike:
        try:
            return as_bytes(numcodecs.blosc.decompress(data))
        except RuntimeError as error:  # numcodecs' word for a damaged buffer
            raise ValueError(f"codec 'blosc': cannot decompress the chunk: {error}") from error

    def decode_into(self, data: BytesLike, out: np.ndarray[Any, Any]) -> None:
        size = out.nbytes
        _check_sizes(data, 0, len(data) if type(data) is bytes else memoryview(data).nbytes, size)
        # Straight to c-blosc where both buffers give their address cheaply: numcodecs' checks
        # of its arguments were ~2 us of a 16 KiB chunk's ~9 us decode (see ``_c_blosc``).
        source = c_buffer(data) if decompress_ctx is not None else None
        target = c_buffer(out, writable=True) if source is not None else None
        if source is not None and target is not None:
            _decompress(source, _address(target), size)
            return
        _decompress_with_numcodecs(data, out)

    def decoder_to(self, out: np.ndarray[Any, Any]) -> Callable[[BytesLike], None]:
        # The target's address is taken once (~0.4 us of each 16 KiB chunk's decode).
        target = c_buffer(out, writable=True) if decompress_ctx is not None else None
        if target is None:
            return super().decoder_to(out)
        address, size = _address(target), out.nbytes

        def decode(data: BytesLike) -> None:
            nbytes = len(data) if type(data) is bytes else memoryview(data).nbytes
            _check_sizes(data, 0, nbytes, size)
            source = c_buffer(data)
            if source is None:
                _decompress_with_numcodecs(data, out)
            else:
                _decompress(source, address, size)

        return decode  # holds ``out``, whose memory is at ``address``

    def decode_spans_into(
        self, source: memoryview, spans: Sequence[Sequence[int]], out: np.ndarray[Any, Any]
    ) -> None:
        # One address per buffer and a ctypes call per chunk (see ``_c_blosc``).
        if decompress_ctx is None or not spans or not out.flags.c_contiguous:
            super().decode_spans_into(source, spans, out)
            return
        size = out.nbytes // len(spans)
        source_address = np.frombuffer(source, np.uint8).ctypes.data
        out_address = out.ctypes.data
        for k, (offset, length) in enumerate(spans):
            _check_sizes(source, offset, length, size)
            if decompress_ctx(source_address + offset, out_address + k * size, size, 1) != size:
                raise ValueError(
                    f"codec 'blosc': cannot decompress the {length}-byte chunk at offset {offset}"
                )

    def decode_range(self, data: BytesLike, start: int, stop: int) -> BytesLike | None:
        """Bytes ``[start, stop)`` of the decoded data, decompressing only the blosc blocks they
        lie in; None when only a full decode can do (see ``_blosc_blocks``)."""
        return decode_byte_range(data, start, stop)


def _decompress(source: Any, target_address: Any, size: int) -> None:
    """c-blosc's decompression of ``source`` (a ``c_buffer``) into ``size`` bytes at
    ``target_address``; the header was checked (``_check_sizes``)."""
    if decompress_ctx(_address(source), target_address, size, 1) != size:
        raise ValueError(f"codec 'blosc': cannot decompress the {size}-byte chunk")


def _decompress_with_numcodecs(data: BytesLike, out: np.ndarray[Any, Any]) -> None:
    try:
        numcodecs.blosc.decompress(data, out)
    except RuntimeError as error:
        raise ValueError(f"codec 'blosc': cannot decompress the chunk: {error}") from error


def _address(buffer: Any) -> Any:
    """A ``c_buffer`` result as a ``c_void_p`` argument."""
    return buffer if type(buffer) is bytes else ctypes.addressof(buffer)


def _contiguous(data: BytesLike) -> memoryview:
    view = memoryview(data)
    if view.nbytes > _MAX_BUFFER_BYTES:
        raise ValueError(
            f"codec 'blosc': cannot compress {view.nbytes} bytes in one chunk "
            f"(blosc's limit is {_MAX_BUFFER_BYTES}); use smaller chunks"
        )
    return view if view.c_contiguous else memoryview(view.tobytes())


def _check_sizes(data: BytesLike, offset: int, length: int, expected: int) -> None:
    """Check the header of the chunk at ``data[offset:offset + length]`` before c-blosc reads
    it: its decoded size must be ``expected`` (blosc fills only as many bytes as the header says,
    which would leave the rest of the target as it was), and its compressed size must lie within
    the chunk (c-blosc trusts it, and numcodecs does not check it)."""
    nbytes, cbytes = _SIZES.unpack_from(data, offset + 4) if length >= 16 else (-1, -1)
    if nbytes != expected:
        raise ValueError(f"codec 'blosc': the chunk decodes to {nbytes} bytes, expected {expected}")
    if not 16 <= cbytes <= length:
        raise ValueError(
            f"codec 'blosc': the chunk's header gives {cbytes} compressed bytes, "
            f"the chunk has {length}"
        )


register_codec("blosc", BloscCodec)
