"""c-blosc functions called through ctypes, from numcodecs' extension module.

numcodecs links c-blosc into its ``blosc`` extension, and its Linux and macOS wheels export
c-blosc's public functions. Called through ctypes (which releases the GIL for the call) they
skip numcodecs' Python wrappers: ~3 us a call, which for a 64 KiB chunk is a third of its
decompression and, with two worker threads, time one of them holds the GIL while the other waits.
Each name is None where the function is not exported; callers then go through numcodecs.

Only the context functions are bound (their own state per call, safe from many threads).
"""

from __future__ import annotations

import ctypes
from typing import Any

import numcodecs.blosc

__all__ = ["c_buffer", "compress_ctx", "decompress_ctx", "getitem"]


def c_buffer(data: Any, writable: bool = False) -> Any:
    """``data`` as a ctypes pointer argument, or None when only numpy's route can take it.

    ``bytes`` go as they are (read-only, so not when ``writable``); a writable contiguous
    buffer (a numpy array, a ``bytearray``, a read into a thread's scratch buffer) as the
    address of a ctypes view of it, which the caller keeps alive until the call returns
    (``ctypes.addressof`` of the view it gives back). ~0.3 us, where numpy's ``ctypes.data``
    of a buffer is ~1 us and numcodecs' argument checks ~2 us a call.
    """
    if type(data) is bytes:
        return None if writable else data
    try:
        return ctypes.c_char.from_buffer(data)
    except (TypeError, ValueError, BufferError):  # read-only, strided, or empty
        return None


def _bind(name: str, argtypes: list[Any]) -> Any:
    try:
        function = getattr(ctypes.CDLL(numcodecs.blosc.__file__), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = argtypes
    function.restype = ctypes.c_int
    return function


getitem: Any = _bind("blosc_getitem", [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_void_p])
"""``blosc_getitem(src, start, nitems, dest)``: items ``[start, start + nitems)``."""

decompress_ctx: Any = _bind(
    "blosc_decompress_ctx", [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
)
"""``blosc_decompress_ctx(src, dest, destsize, nthreads)``: the decoded size, or < 0.
It trusts the compressed size in ``src``'s header: check it against the buffer first."""

compress_ctx: Any = _bind(
    "blosc_compress_ctx",
    [
        ctypes.c_int,  # clevel
        ctypes.c_int,  # doshuffle
        ctypes.c_size_t,  # typesize
        ctypes.c_size_t,  # nbytes
        ctypes.c_void_p,  # src
        ctypes.c_void_p,  # dest
        ctypes.c_size_t,  # destsize
        ctypes.c_char_p,  # compressor name
        ctypes.c_size_t,  # blocksize (0: automatic)
        ctypes.c_int,  # internal threads
    ],
)
"""``blosc_compress_ctx(...)``: the compressed size (> 0), 0 when ``dest`` is too small, or < 0.
The same call as numcodecs' ``blosc.compress`` makes, so the bytes are identical."""
