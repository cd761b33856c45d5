"""Codec registry: v3 codec names -> classes, and numcodecs objects for Zarr v2.

Every codec module registers its class(es) when imported; ``zarrlite.codecs`` imports them all,
so importing anything from ``zarrlite.codecs`` fills the registry. Third parties add codecs
with :func:`register_codec`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zarrlite._types import JSON
from zarrlite.codecs._base import Codec
from zarrlite.errors import UnknownCodecError

__all__ = ["codec_from_dict", "codec_from_numcodecs", "get_codec_class", "register_codec"]

_CODECS: dict[str, type[Codec]] = {}


def register_codec(name: str, cls: type[Codec]) -> None:
    """Make ``{"name": name, ...}`` build codecs of ``cls`` (replacing any previous class)."""
    if not (isinstance(cls, type) and issubclass(cls, Codec)):
        raise TypeError(f"cannot register {cls!r} as codec {name!r}: not a Codec subclass")
    _CODECS[name] = cls


def get_codec_class(name: str) -> type[Codec]:
    """The class registered for ``name``; ``UnknownCodecError`` listing the known names."""
    try:
        return _CODECS[name]
    except (KeyError, TypeError):
        raise UnknownCodecError(
            f"unknown codec {name!r}; known codecs: {', '.join(sorted(_CODECS))}"
        ) from None


def codec_from_dict(data: Mapping[str, JSON] | str | Codec) -> Codec:
    """A codec from its JSON form ``{"name": ..., "configuration": {...}}``, a bare name, or
    an instance (returned unchanged)."""
    if isinstance(data, Codec):
        return data
    if isinstance(data, str):
        return get_codec_class(data).from_dict({"name": data})
    if not isinstance(data, Mapping):
        raise TypeError(f"expected a codec, a codec name or a codec JSON object, got {data!r}")
    name = data.get("name")
    if not isinstance(name, str):
        raise ValueError(f"a codec JSON object needs a string 'name', got {dict(data)!r}")
    return get_codec_class(name).from_dict(dict(data))


def codec_from_numcodecs(obj: Any) -> Any:
    """A numcodecs codec object from a numcodecs instance, its ``{"id": ...}`` config dict,
    a bare id string, or a zarrlite ``numcodecs.<id>`` wrapper (unwrapped)."""
    import numcodecs

    wrapped = getattr(obj, "numcodecs_codec", None)
    if wrapped is not None and isinstance(obj, Codec):
        return wrapped
    if isinstance(obj, numcodecs.abc.Codec):
        return obj
    if isinstance(obj, str):
        obj = {"id": obj}
    if not isinstance(obj, Mapping):
        raise TypeError(f"expected a numcodecs codec or its config dict, got {obj!r}")
    config = dict(obj)
    codec_id = config.get("id")
    if not isinstance(codec_id, str):
        raise ValueError(f"a numcodecs config needs a string 'id', got {config!r}")
    try:
        return numcodecs.get_codec(config)
    except (ValueError, KeyError) as error:
        known = ", ".join(sorted(numcodecs.registry.codec_registry))
        if codec_id in numcodecs.registry.codec_registry:
            raise ValueError(f"numcodecs codec {codec_id!r}: invalid config {obj!r}") from error
        raise UnknownCodecError(
            f"unknown numcodecs codec id {codec_id!r}; known ids: {known}"
        ) from None
    except TypeError as error:
        raise ValueError(f"numcodecs codec {codec_id!r}: invalid config {obj!r}: {error}") from None
