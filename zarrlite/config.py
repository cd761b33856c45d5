"""Runtime configuration, with zarr-python's key names.

``zarrlite.config.get("array.order")``, ``zarrlite.config.set({"async.concurrency": 32})`` (also
usable as a context manager that restores the previous values), ``zarrlite.config.reset()``.
Environment variables ``ZARR_<SECTION>__<KEY>`` (e.g. ``ZARR_ARRAY__ORDER=F``) set defaults at
import time, as in zarr-python.

The configuration is read once, at the API layer, into a frozen :class:`ArrayConfig` that travels
with each array: nothing deep in the stack consults global state.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import copy
import os
import threading
import warnings
from collections.abc import Mapping
from typing import Any, Literal

import attrs

from zarrlite.errors import ZarrDeprecationWarning

__all__ = [
    "ArrayConfig",
    "ArrayConfigLike",
    "enable_gpu",
    "get",
    "pprint",
    "refresh",
    "reset",
    "set",
    "to_dict",
    "update",
]

DEFAULTS: dict[str, Any] = {
    "default_zarr_format": 3,
    "array.order": "C",
    "array.write_empty_chunks": False,
    "array.read_missing_chunks": True,
    "array.target_shard_size_bytes": None,
    "array.rectilinear_chunks": False,
    # Partial reads of a shard: byte ranges of inner chunks at most this far apart are read as
    # one request (a gap costs less than a round trip to an object store)...
    "array.sharding_coalesce_max_gap_bytes": 1 << 20,
    # ...as long as the merged request stays at most this long.
    "array.sharding_coalesce_max_bytes": 16 << 20,
    "array.allow_unsafe_pickle_decode": False,
    # In-flight store requests per store instance (shared across calls and threads).
    "async.concurrency": 64,
    # Seconds a blocking call into a user's async store may take (BlockingOverAsyncStore).
    "async.timeout": None,
    # CPU worker threads for codec work; None = os.cpu_count().
    "threading.max_workers": None,
    # A chunk transfer whose threads are as many as the CPUs keeps each pool thread on its own
    # CPU (the blocking API: its helpers, on the CPUs other than the caller's).
    "threading.spread_workers": True,
    "json_indent": 2,
    "codec_pipeline.batch_size": 1,
}

_lock = threading.Lock()
_values: dict[str, Any] = {}


def _from_environment() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, raw in os.environ.items():
        if not name.startswith("ZARR_") or "__" not in name:
            continue
        key = name[len("ZARR_") :].lower().replace("__", ".")
        try:
            found[key] = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            found[key] = raw
    return found


def reset() -> None:
    """Restore the defaults (and the environment overrides)."""
    with _lock:
        _values.clear()
        _values.update(copy.deepcopy(DEFAULTS))
        _values.update(_from_environment())


def refresh() -> None:
    """Re-read the defaults and the ``ZARR_*`` environment variables (same as :func:`reset`)."""
    reset()


def get(key: str, default: Any = ...) -> Any:
    """The value of ``key``; a section name (``"array"``) gives a dict of its keys.

    ``KeyError`` naming the key when it is unknown and no default is given.
    """
    try:
        return _values[key]
    except KeyError:
        prefix = key + "."
        section = {k[len(prefix) :]: v for k, v in _values.items() if k.startswith(prefix)}
        if section:
            return section
        if default is not ...:
            return default
        raise KeyError(f"unknown zarrlite config key {key!r}; known keys: {sorted(_values)}") from None


def pprint() -> None:
    """Print every setting, one ``key: value`` per line."""
    with _lock:
        flat = dict(_values)
    for key, value in sorted(flat.items()):
        print(f"{key}: {value!r}")


def to_dict() -> dict[str, Any]:
    """A copy of every setting, nested by section as zarr-python's (donfig's) ``to_dict``:
    ``{"default_zarr_format": 3, "array": {"order": "C", ...}, ...}``."""
    with _lock:
        flat = copy.deepcopy(_values)
    return _nested(flat)


def _nested(flat: Mapping[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for key, value in sorted(flat.items(), key=lambda item: item[0].count(".")):
        *sections, name = key.split(".")
        where = nested
        for section in sections:
            inner = where.setdefault(section, {})
            if not isinstance(inner, dict):  # both "a" and "a.b" set: keep the dotted key
                where = {}
                nested[key] = value
                break
            where = inner
        else:
            where[name] = value
    return nested


def __getattr__(name: str) -> Any:
    # zarr-python's ``zarr.config`` is a donfig object whose ``config`` attribute is the nested
    # settings dict (xarray reads ``zarr.config.config["default_zarr_format"]``). Here it is a
    # snapshot, as to_dict(): change settings with set() or update(), not by assigning into it.
    if name == "config":
        return to_dict()
    # donfig's ``defaults``: the list of default settings dicts (zarr-python has one).
    if name == "defaults":
        return [_nested(copy.deepcopy(DEFAULTS))]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def enable_gpu() -> None:
    """zarr-python's switch to CuPy buffers; zarrlite works on numpy arrays only."""
    raise NotImplementedError(
        "zarrlite works with numpy arrays in CPU memory only: there is no GPU (CuPy) buffer "
        "support to enable"
    )


def _flatten(values: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in values.items():
        full = f"{prefix}{key}"
        if isinstance(value, Mapping) and full not in DEFAULTS:
            flat.update(_flatten(value, full + "."))
        else:
            flat[full] = value
    return flat


def update(values: Mapping[str, Any]) -> None:
    """Set several keys at once (dotted keys or nested dicts)."""
    flat = _flatten(values)
    with _lock:
        _values.update(flat)


class _Restorer(contextlib.AbstractContextManager["_Restorer"]):
    def __init__(self, previous: dict[str, Any]) -> None:
        self._previous = previous

    def __exit__(self, *exc_info: object) -> None:
        with _lock:
            for key, value in self._previous.items():
                if value is _MISSING:
                    _values.pop(key, None)
                else:
                    _values[key] = value


_MISSING = object()
_REMOVED_PREFIXES = (
    "array.v2_default_compressor",
    "array.v2_default_filters",
    "array.v3_default_filters",
    "array.v3_default_serializer",
    "array.v3_default_compressors",
)


def set(values: Mapping[str, Any] | None = None, **kwargs: Any) -> _Restorer:
    """Set keys; the returned object, used in ``with``, restores the previous values on exit."""
    given = dict(values or {})
    given.update({k.replace("__", "."): v for k, v in kwargs.items()})
    flat = _flatten(given)
    for key in flat:
        if key.startswith(_REMOVED_PREFIXES):
            warnings.warn(
                f"config key {key!r} was removed in zarr-python 3.1 and has no effect: default "
                "codecs are chosen in code; pass filters/compressors/serializer instead",
                ZarrDeprecationWarning,
                stacklevel=2,
            )
    with _lock:
        previous = {key: _values.get(key, _MISSING) for key in flat}
        _values.update(flat)
    return _Restorer(previous)


@attrs.frozen
class ArrayConfig:
    """Runtime settings of one array (not stored in its metadata)."""

    order: Literal["C", "F"] = attrs.field(default="C")
    write_empty_chunks: bool = attrs.field(default=False)
    read_missing_chunks: bool = attrs.field(default=True)
    sharding_coalesce_max_gap_bytes: int = attrs.field(default=1 << 20)
    sharding_coalesce_max_bytes: int = attrs.field(default=16 << 20)

    @sharding_coalesce_max_gap_bytes.validator
    @sharding_coalesce_max_bytes.validator
    def _check_bytes(self, attribute: attrs.Attribute[int], value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"array.{attribute.name} must be an int >= 0, got {value!r}")

    @write_empty_chunks.validator
    @read_missing_chunks.validator
    def _check_bool(self, attribute: attrs.Attribute[bool], value: bool) -> None:
        # A truthy string such as "no" would silently mean True; zarr-python refuses it too.
        if not isinstance(value, bool):
            raise ValueError(f"array.{attribute.name} must be a bool, got {value!r}")

    @order.validator
    def _check_order(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("C", "F"):
            raise ValueError(f"array order must be 'C' or 'F', got {value!r}")

    @classmethod
    def from_config(cls, value: ArrayConfigLike | None = None) -> ArrayConfig:
        """Resolve a user ``config=`` argument; unspecified keys come from the global config."""
        if isinstance(value, ArrayConfig):
            return value
        if not value:
            # Every array opened with no config= takes this path: one instance per global state.
            current = tuple(map(_values.get, _ARRAY_CONFIG_KEYS))
            try:
                found = _GLOBAL_ARRAY_CONFIGS.get(current)
                cacheable = True
            except TypeError:  # an unhashable setting: built (and checked) every time
                found, cacheable = None, False
            if found is None:
                kwargs: dict[str, Any] = dict(zip(_ARRAY_KEYS, current, strict=True))
                found = cls(**kwargs)
                if cacheable:
                    if len(_GLOBAL_ARRAY_CONFIGS) > 64:
                        _GLOBAL_ARRAY_CONFIGS.clear()
                    _GLOBAL_ARRAY_CONFIGS[current] = found
            return found
        given = dict(value or {})
        unknown = sorted(builtins.set(given) - {a.name for a in attrs.fields(cls)})
        if unknown:  # TypeError, as zarr-python's ArrayConfig.from_dict
            raise TypeError(
                f"unknown array config keys {unknown}; valid keys are "
                f"{[a.name for a in attrs.fields(cls)]}"
            )
        kwargs = {a.name: given.get(a.name, get(f"array.{a.name}")) for a in attrs.fields(cls)}
        return cls(**kwargs)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ArrayConfig:
        """zarr-python's spelling: an ArrayConfig from a dict of some of its fields, the others
        taken from the global ``array.*`` config; an unknown key is a ``TypeError``."""
        return cls.from_config(dict(data))

    def to_dict(self) -> dict[str, Any]:
        """Every field by name (the dict ``from_dict`` takes)."""
        return {a.name: getattr(self, a.name) for a in attrs.fields(type(self))}


ArrayConfigLike = ArrayConfig | Mapping[str, Any]
_ARRAY_KEYS = tuple(a.name for a in attrs.fields(ArrayConfig))
_ARRAY_CONFIG_KEYS = tuple(f"array.{name}" for name in _ARRAY_KEYS)
_GLOBAL_ARRAY_CONFIGS: dict[tuple[Any, ...], ArrayConfig] = {}

reset()
