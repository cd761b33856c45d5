"""The few names metadata needs from ``zarrlite.codecs``, imported when first used.

Importing lazily keeps ``zarrlite.metadata`` importable on its own (and free of import
cycles with codecs that read metadata).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from zarrlite.codecs._base import Codec

__all__ = ["build_codec_chain", "evolve_codecs", "parse_codecs", "parse_numcodec", "v2_chain"]


def parse_codecs(value: Any) -> tuple[Codec, ...]:
    """Codec objects from instances, ``{"name", "configuration"}`` dicts or names."""
    from zarrlite.codecs import codec_from_dict

    if value is None:
        return ()
    if isinstance(value, dict | str) or not isinstance(value, Iterable):
        value = [value]
    return tuple(codec_from_dict(item) for item in value)


def evolve_codecs(
    codecs: tuple[Codec, ...], chunk_shape: tuple[int, ...], dtype: np.dtype[Any], fill: Any
) -> tuple[Codec, ...]:
    """Fill each codec's array-dependent parameters and validate it (as zarr-python does)."""
    from zarrlite.codecs import ArraySpec

    spec = ArraySpec(shape=chunk_shape, dtype=dtype, fill_value=fill)
    out = []
    for codec in codecs:
        evolved = codec.evolve_from_array_spec(spec)
        evolved.validate(spec)
        out.append(evolved)
        spec = evolved.resolve_spec(spec)
    return tuple(out)


def build_codec_chain(codecs: tuple[Codec, ...]) -> Any:
    """``CodecChain.from_codecs(codecs)`` (which checks the aa* -> ab -> bb* order)."""
    from zarrlite.codecs import CodecChain

    return CodecChain.from_codecs(codecs)


def parse_numcodec(value: Any) -> Any:
    """A numcodecs codec object from an instance or its config dict (None stays None)."""
    from zarrlite.codecs import codec_from_numcodecs

    return None if value is None else codec_from_numcodecs(value)


def v2_chain(filters: tuple[Any, ...] | None, compressor: Any, order: str) -> Any:
    """The one-codec chain that decodes Zarr v2 chunks."""
    from zarrlite.codecs import CodecChain, V2Codec

    return CodecChain.from_codecs([V2Codec(filters=filters, compressor=compressor, order=order)])
