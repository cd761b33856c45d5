"""``CodecChain``: the ordered codecs of an array, run as one encode/decode step.

A chain is 0+ array -> array codecs, exactly one array -> bytes codec, then 0+ bytes -> bytes
codecs (Zarr v3 spec, "Codecs"). Zarr v2 arrays use a chain of one ``V2Codec``, so both formats
go through the same object. Specs: https://zarr-specs.readthedocs.io/en/latest/v3/core/index.html

JSON: a chain is written as the list of its codecs' JSON forms, e.g.::

    [{"name": "bytes", "configuration": {"endian": "little"}},
     {"name": "zstd", "configuration": {"level": 0, "checksum": false}}]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs
import numpy as np

from zarrlite._types import JSON, BytesLike
from zarrlite.codecs._base import (
    ArrayArrayCodec,
    ArrayBytesCodec,
    ArraySpec,
    BytesBytesCodec,
    Codec,
)
from zarrlite.codecs._registry import codec_from_dict
from zarrlite.codecs._scratch import decode_scratch, scratch
from zarrlite.codecs._util import DecodesInto, flat_uint8_view
from zarrlite.codecs.bytes import BytesCodec

__all__ = ["CodecChain"]

_KIND = {ArrayArrayCodec: "array -> array", ArrayBytesCodec: "array -> bytes"}


def _kind(codec: Codec) -> str:
    for base, label in _KIND.items():
        if isinstance(codec, base):
            return label
    return "bytes -> bytes"


def _where(codec: Codec, position: int) -> str:
    """How a chain error names a codec (built only when there is an error)."""
    return f"codec {codec.name!r} ({_kind(codec)}) at position {position}"


def _selection_span(
    selection: Any, shape: tuple[int, ...]
) -> tuple[int, int, list[int], list[int]] | None:
    """First and last C-order element index of a basic selection of a chunk of ``shape``, the
    selection's shape, and its strides in elements; None for other selections or empty ones."""
    if not isinstance(selection, tuple) or len(selection) != len(shape):
        return None
    first = last = 0
    out_shape: list[int] = []
    steps: list[int] = []
    stride = 1
    for axis in range(len(shape) - 1, -1, -1):
        item, size = selection[axis], shape[axis]
        if isinstance(item, slice):
            start, stop, step = item.indices(size)
            count = len(range(start, stop, step))
            if count == 0 or step < 1:
                return None
            out_shape.append(count)
            steps.append(stride * step)
            first += start * stride
            last += (start + (count - 1) * step) * stride
        elif isinstance(item, int | np.integer) and 0 <= item < size:
            first += int(item) * stride
            last += int(item) * stride
        else:
            return None
        stride *= size
    return first, last, out_shape[::-1], steps[::-1]


@attrs.frozen
class CodecChain:
    """aa* -> ab -> bb*, validated by :meth:`from_codecs`."""

    array_array_codecs: tuple[ArrayArrayCodec, ...]
    array_bytes_codec: ArrayBytesCodec
    bytes_bytes_codecs: tuple[BytesBytesCodec, ...]

    @classmethod
    def from_codecs(cls, codecs: Iterable[Codec | Mapping[str, JSON] | str]) -> CodecChain:
        """Build and check a chain; ``ValueError`` names a misplaced or missing codec."""
        array_array: list[ArrayArrayCodec] = []
        array_bytes: ArrayBytesCodec | None = None
        bytes_bytes: list[BytesBytesCodec] = []
        parsed = [codec_from_dict(c) for c in codecs]
        for position, codec in enumerate(parsed):
            if isinstance(codec, ArrayArrayCodec):
                if array_bytes is not None:
                    raise ValueError(
                        f"{_where(codec, position)} must come before the array -> bytes codec "
                        f"{array_bytes.name!r}"
                    )
                array_array.append(codec)
            elif isinstance(codec, ArrayBytesCodec):
                if array_bytes is not None:
                    raise ValueError(
                        f"{_where(codec, position)} is a second array -> bytes codec (after "
                        f"{array_bytes.name!r}); a codec chain needs exactly one"
                    )
                array_bytes = codec
            elif isinstance(codec, BytesBytesCodec):
                if array_bytes is None:
                    raise ValueError(
                        f"{_where(codec, position)} must come after an array -> bytes codec"
                    )
                bytes_bytes.append(codec)
            else:
                raise TypeError(
                    f"{codec!r} is not an array->array, array->bytes or bytes->bytes codec"
                )
        if array_bytes is None:
            names = [c.name for c in parsed]
            raise ValueError(
                f"a codec chain needs exactly one array -> bytes codec (e.g. 'bytes'), "
                f"got none in {names}"
            )
        return cls(tuple(array_array), array_bytes, tuple(bytes_bytes))

    # -- introspection ---------------------------------------------------------------------

    @property
    def codecs(self) -> tuple[Codec, ...]:
        """All codecs, in encoding order."""
        return (*self.array_array_codecs, self.array_bytes_codec, *self.bytes_bytes_codecs)

    @property
    def releases_gil(self) -> bool:
        """Whether decoding spends most of its time outside the GIL (worth a worker thread)."""
        from zarrlite.codecs.v2 import V2Codec

        for codec in self.codecs:
            if isinstance(codec, V2Codec):
                if codec.compressor is not None:
                    return True
            elif codec.releases_gil:
                return True
        return False

    @property
    def is_sharded(self) -> bool:
        """Whether the array -> bytes codec is ``sharding_indexed``."""
        from zarrlite.codecs.sharding import ShardingCodec

        return isinstance(self.array_bytes_codec, ShardingCodec)

    def to_dicts(self) -> list[dict[str, JSON]]:
        """The chain's JSON form (the ``codecs`` list of v3 array metadata)."""
        return [codec.to_dict() for codec in self.codecs]

    # -- array-dependent parameters --------------------------------------------------------

    def evolve_from_array_spec(self, spec: ArraySpec) -> CodecChain:
        """Each codec with its array-dependent parameters filled (e.g. blosc typesize)."""
        evolved: list[Any] = []
        for codec in self.codecs:
            codec = codec.evolve_from_array_spec(spec)
            evolved.append(codec)
            spec = codec.resolve_spec(spec)
        count = len(self.array_array_codecs)
        return CodecChain(tuple(evolved[:count]), evolved[count], tuple(evolved[count + 1 :]))

    def validate(self, spec: ArraySpec) -> None:
        """Check every codec against the spec it will see; ``ValueError`` names the codec."""
        for codec in self.codecs:
            codec.validate(spec)
            spec = codec.resolve_spec(spec)

    def _array_specs(self, spec: ArraySpec) -> list[ArraySpec]:
        """Input spec of each array -> array codec, then that of the array -> bytes codec."""
        specs = [spec]
        for codec in self.array_array_codecs:
            specs.append(codec.resolve_spec(specs[-1]))
        return specs

    def encoded_size(self, spec: ArraySpec) -> int | None:
        """Byte size of every encoded chunk if it is fixed (no compression), else None."""
        size = self.array_bytes_codec.encoded_size(self._array_specs(spec)[-1])
        for codec in self.bytes_bytes_codecs:
            if size is None:
                return None
            size = codec.encoded_size(size)
        return size

    # -- running ---------------------------------------------------------------------------

    def encode(
        self,
        array: np.ndarray[Any, Any],
        spec: ArraySpec,
        *,
        write_empty_chunks: bool = False,
        transient: bool = False,
    ) -> BytesLike | None:
        """Encode one chunk of ``spec.shape``; None means "store nothing" (an empty shard).

        ``write_empty_chunks`` reaches a sharding codec: when False (default) it leaves out
        inner chunks that are all fill value, as zarr-python does with that config.
        ``transient``: the result may be a view of a buffer of this thread that its next
        encode reuses (``BytesBytesCodec.encode_transient``), for a caller that copies it out
        first.
        """
        for codec in self.array_array_codecs:
            array = codec.encode(array, spec)
            spec = codec.resolve_spec(spec)
        temp = None
        if (
            (self.bytes_bytes_codecs or transient)
            and isinstance(self.array_bytes_codec, BytesCodec)
            and isinstance(array, np.ndarray)
            and not array.flags.c_contiguous
            and array.dtype == self.array_bytes_codec.stored_dtype(spec.dtype)
        ):
            # A strided slice of the caller's array: gather it into this thread's reused buffer
            # (a compressor reads it next and makes its own output, so the buffer is free again;
            # without one, a transient result is that buffer). A fresh chunk-sized array each
            # time cost page faults: in the main thread, glibc grew and trimmed its heap for it
            # (uncompressed 1 MiB chunks: ~1/4 more system time).
            temp = scratch(array.nbytes)
            if temp is not None:
                gathered = temp.view(array.dtype).reshape(array.shape)
                np.copyto(gathered, array)
                array = gathered
        if write_empty_chunks and self.is_sharded:
            data = self.array_bytes_codec.encode(array, spec, write_empty_chunks=True)  # type: ignore[call-arg]
        else:
            data = self.array_bytes_codec.encode(array, spec)
        if data is None:
            return None
        last = len(self.bytes_bytes_codecs) - 1
        for index, bb in enumerate(self.bytes_bytes_codecs):
            data = bb.encode_transient(data) if transient and index == last else bb.encode(data)
        if (
            not transient
            and temp is not None
            and np.may_share_memory(np.frombuffer(data, np.uint8), temp)
        ):
            data = bytes(data)  # a pass-through codec: the result must outlive the buffer
        return data

    def _decode_array(self, data: BytesLike, spec: ArraySpec) -> np.ndarray[Any, Any]:
        for codec in reversed(self.bytes_bytes_codecs):
            data = codec.decode(data)
        if not self.array_array_codecs:
            return self.array_bytes_codec.decode(data, spec)
        specs = self._array_specs(spec)
        array = self.array_bytes_codec.decode(data, specs[-1])
        for aa, aa_spec in zip(reversed(self.array_array_codecs), reversed(specs[:-1])):
            array = aa.decode(array, aa_spec)
        return array

    def decode(self, data: BytesLike, spec: ArraySpec) -> np.ndarray[Any, Any]:
        """Decode one chunk: an array of ``spec.shape`` and ``spec.dtype``, contiguous in
        ``spec.order``. It may be a read-only view of ``data``."""
        array = self._decode_array(data, spec)
        if array.ndim > 1:
            array = np.asarray(array, order=spec.order)
        return array

    def decode_selection(
        self, data: BytesLike, spec: ArraySpec, selection: Any
    ) -> np.ndarray[Any, Any] | None:
        """``decode(data, spec)[selection]`` decoding only the compressed blocks it touches.

        For a basic ``selection`` (ints and slices, one per axis) of a C-ordered chunk stored
        as ``bytes`` + ``blosc``, when the selected elements span at most half the chunk;
        otherwise None (the caller decodes the whole chunk). The result may be a read-only
        view.
        """
        outer = self.bytes_bytes_codecs
        array_bytes = self.array_bytes_codec
        if (
            self.array_array_codecs
            or len(outer) != 1
            or not hasattr(outer[0], "decode_range")
            or not isinstance(array_bytes, BytesCodec)
            or (spec.order != "C" and spec.ndim > 1)
        ):
            return None
        span = _selection_span(selection, spec.shape)
        if span is None:
            return None
        first, last, shape, steps = span
        itemsize = spec.dtype.itemsize
        if 2 * (last + 1 - first) * itemsize > spec.nbytes:
            return None
        decoded = outer[0].decode_range(data, first * itemsize, (last + 1) * itemsize)
        if decoded is None:
            return None
        stored = array_bytes.stored_dtype(spec.dtype)
        part: np.ndarray[Any, Any] = np.ndarray(
            shape, stored, decoded, 0, [s * itemsize for s in steps]
        )
        return part if stored == spec.dtype else part.astype(spec.dtype)

    def direct_compressor(self, spec: ArraySpec) -> DecodesInto | None:
        """For the common chain (the ``bytes`` codec in native order plus one compressor that
        decodes into a buffer): that compressor, whose ``decode_into`` fills a flat uint8
        buffer of ``spec.nbytes`` with a chunk's values in C order. None for any other chain."""
        array_bytes = self.array_bytes_codec
        outer = self.bytes_bytes_codecs
        compressor = outer[0] if len(outer) == 1 else None
        if (
            self.array_array_codecs
            or not isinstance(compressor, DecodesInto)
            or not isinstance(array_bytes, BytesCodec)
            or array_bytes.stored_dtype(spec.dtype) != spec.dtype
            or spec.dtype.hasobject
            or spec.order != "C"
        ):
            return None
        return compressor

    def decoder_into(self, spec: ArraySpec) -> Callable[[BytesLike, np.ndarray[Any, Any]], None]:
        """``decode_into`` for a run of chunks of ``spec`` in the calling thread, specialised
        once for the common chain (see :meth:`direct_compressor`): the checks of
        :meth:`decode_into` are ~10 us a chunk, a third of a 16 KiB chunk's read.

        A chunk whose place in the output is strided goes through this thread's scratch buffer
        (bound here, with its address), so make the decoder in the thread that uses it, for
        one group of chunks at a time.
        """
        compressor = self.direct_compressor(spec)
        if compressor is None:
            return lambda data, out: self.decode_into(data, spec, out)
        decompress_into = compressor.decode_into
        shape, dtype, nbytes = tuple(spec.shape), spec.dtype, spec.nbytes
        temp = decode_scratch(nbytes)
        if temp is None:  # too large for a per-thread buffer
            to_temp = None
        else:
            to_temp = compressor.decoder_to(temp)
            typed = temp.view(dtype).reshape(shape)

        def decode(data: BytesLike, out: np.ndarray[Any, Any]) -> None:
            if out.flags.c_contiguous and out.flags.writeable and out.shape == shape:
                decompress_into(data, out.reshape(-1).view(np.uint8))
            elif to_temp is None:
                self.decode_into(data, spec, out)
            else:
                to_temp(data)
                out[...] = typed

        return decode

    def decode_into(self, data: BytesLike, spec: ArraySpec, out: np.ndarray[Any, Any]) -> None:
        """Decode one chunk into ``out`` (a view of shape ``spec.shape`` in the caller's output).

        Without array -> array codecs, the innermost compressor decompresses straight into
        ``out`` when it can (blosc, zstd; ``out`` contiguous, same byte order): no extra copy.
        """
        array_bytes = self.array_bytes_codec
        if self.array_array_codecs:
            out[...] = self._decode_array(data, spec)
            return
        outer = self.bytes_bytes_codecs
        for codec in reversed(outer[1:]):
            data = codec.decode(data)
        if outer:
            first = outer[0]
            if (
                isinstance(first, DecodesInto)
                and isinstance(array_bytes, BytesCodec)
                and out.shape == spec.shape
                and out.dtype == array_bytes.stored_dtype(spec.dtype)
            ):
                target = flat_uint8_view(out)
                if target is not None and target.size == spec.nbytes:
                    first.decode_into(data, target)
                    return
            temp = None
            if isinstance(first, DecodesInto) and isinstance(array_bytes, BytesCodec):
                # A strided target: decompress into this thread's reused buffer, then copy.
                temp = decode_scratch(spec.nbytes)
                if temp is not None:
                    first.decode_into(data, temp)
                    array_bytes.decode_into(memoryview(temp), spec, out)
                    return
            data = first.decode(data)
        decode_into = getattr(array_bytes, "decode_into", None)
        if decode_into is not None:
            decode_into(data, spec, out)
        else:
            out[...] = array_bytes.decode(data, spec)
