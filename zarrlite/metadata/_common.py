"""Helpers shared by the metadata classes: field validation and JSON encoding."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import numpy as np

from zarrlite._types import JSON
from zarrlite.errors import BaseZarrError, MetadataValidationError

__all__ = [
    "check_extra_fields",
    "dumps_json",
    "loads_document",
    "parse_attributes",
    "parse_field",
    "parse_shape",
    "require",
]

T = TypeVar("T")


def _default(obj: Any) -> Any:
    """JSON for numpy values found in user attributes."""
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(f"{obj!r} of type {type(obj).__name__} is not JSON serializable")


def dumps_json(obj: JSON, indent: int | None = 2) -> bytes:
    """Encode a document as zarr-python does (``json.dumps`` with ``indent``, ASCII only).

    Fill values arrive already encoded (``"NaN"``); numpy scalars and arrays in attributes
    become plain JSON numbers and lists.
    """
    if indent is None:
        return json.dumps(obj, default=_default).encode("utf-8")
    # The indented form comes from json's pure-Python encoder (~35 us for an array document;
    # the compact form is C, ~5 us). Sibling arrays often have equal documents: indent each
    # distinct document once.
    compact = json.dumps(obj, default=_default)
    indented = _INDENTED.get((compact, indent))
    if indented is None:
        indented = json.dumps(obj, indent=indent, default=_default).encode("utf-8")
        if len(compact) <= _INDENTED_MAX_CHARS:
            if len(_INDENTED) >= _INDENTED_MAX_ENTRIES:
                _INDENTED.clear()
            _INDENTED[(compact, indent)] = indented
    return indented


_INDENTED: dict[tuple[str, int], bytes] = {}
_INDENTED_MAX_ENTRIES = 256
_INDENTED_MAX_CHARS = 16 << 10


def loads_document(name: str, raw: bytes) -> dict[str, JSON]:
    """Parse a stored document that must be a JSON object; errors name the document."""
    if raw == b"{}":  # zarr-python's .zattrs of every node without attributes
        return {}
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as e:
        raise MetadataValidationError(f"{name}: not valid JSON ({e})") from None
    if not isinstance(data, dict):
        raise MetadataValidationError(f"{name}: expected a JSON object, got {type(data).__name__}")
    return data


def require(data: Mapping[str, JSON], key: str, source: str) -> JSON:
    """``data[key]``, or MetadataValidationError naming the missing key and its document."""
    if key not in data:
        raise MetadataValidationError(f"{source}: missing required field {key!r}")
    return data[key]


def parse_field(source: str, key: str, value: Any, parser: Callable[[Any], T]) -> T:
    """Run ``parser(value)``; wrap a failure in MetadataValidationError naming field and value.

    zarrlite's own errors (e.g. UnknownCodecError) keep their class, with the context added.
    """
    try:
        return parser(value)
    except BaseZarrError as e:
        raise type(e)(f"{source}: invalid {key!r} {value!r}: {e}") from e
    except (ValueError, TypeError, KeyError) as e:
        raise MetadataValidationError(f"{source}: invalid {key!r} {value!r}: {e}") from e


def parse_shape(value: Any) -> tuple[int, ...]:
    """A shape: a sequence of integers >= 0 (an int is a 1-d shape)."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        value = (value,)
    if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
        raise TypeError(f"shape must be a sequence of integers, got {value!r}")
    out = []
    for size in value:
        if isinstance(size, bool) or not isinstance(size, int | np.integer) or size < 0:
            raise ValueError(f"shape {value!r} must hold integers >= 0, got {size!r}")
        out.append(int(size))
    return tuple(out)


def parse_attributes(value: Any) -> dict[str, JSON]:
    """A copy of the attributes dict (``None`` is ``{}``); keys must be strings."""
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise TypeError(f"attributes must be a dict with string keys, got {value!r}")
    return dict(value)


def check_extra_fields(value: Any, reserved: frozenset[str], source: str = "") -> dict[str, JSON]:
    """Unknown v3 keys: only objects with ``"must_understand": false`` may be kept."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"extra_fields must be a dict, got {value!r}")
    where = f"{source}: " if source else ""
    for key, item in value.items():
        if key in reserved:
            raise MetadataValidationError(f"{where}extra field {key!r} is a reserved key")
        if not (isinstance(item, Mapping) and item.get("must_understand") is False):
            raise MetadataValidationError(
                f"{where}unknown field {key!r} (value {item!r}) is not allowed: an extension "
                'field must be an object with "must_understand": false'
            )
    return dict(value)
