"""zarr-python's ``zarr.registry``: codec and buffer classes by name.

Codecs: :func:`register_codec` / :func:`get_codec_class` (the registry of
:mod:`zarrlite.codecs`). Buffers: classes registered by fully qualified name; the one in use is
named by the config key ``buffer`` (``ndbuffer``) when it is set, else zarrlite's numpy classes
(:mod:`zarrlite.buffer.cpu`); a name that is not registered is a ``ValueError`` (zarr-python's
``BadConfigError`` is one too). No entry points are scanned.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from zarrlite import config
from zarrlite.codecs import get_codec_class, register_codec

if TYPE_CHECKING:
    from zarrlite.buffer._core import Buffer, NDBuffer

__all__ = [
    "get_buffer_class",
    "get_codec_class",
    "get_ndbuffer_class",
    "register_buffer",
    "register_codec",
    "register_ndbuffer",
]

_T = TypeVar("_T")
_DEFAULT_BUFFER = "zarrlite.buffer.cpu.Buffer"
_DEFAULT_NDBUFFER = "zarrlite.buffer.cpu.NDBuffer"
# Filled on first use (_load): ``import zarrlite`` imports this module, not the buffer classes.
_buffers: dict[str, type[Buffer]] = {}
_ndbuffers: dict[str, type[NDBuffer]] = {}


def _load() -> None:
    if _DEFAULT_BUFFER not in _buffers:
        from zarrlite.buffer import cpu

        _buffers.setdefault(_DEFAULT_BUFFER, cpu.Buffer)
        _ndbuffers.setdefault(_DEFAULT_NDBUFFER, cpu.NDBuffer)


def _qualname(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def register_buffer(cls: type[Buffer], qualname: str | None = None) -> None:
    """Register a buffer class under ``qualname`` (default: its module and class name)."""
    _load()
    _buffers[qualname or _qualname(cls)] = cls


def register_ndbuffer(cls: type[NDBuffer], qualname: str | None = None) -> None:
    """Register an n-d buffer class under ``qualname`` (default: its module and class name)."""
    _load()
    _ndbuffers[qualname or _qualname(cls)] = cls


def _selected(kind: str, default: str, registered: dict[str, type[_T]]) -> type[_T]:
    _load()
    name = config.get(kind, default)
    try:
        return registered[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"{kind} class {name!r} is not registered; registered: {sorted(registered)}"
        ) from None


def get_buffer_class(reload_config: bool = False) -> type[Buffer]:
    """The buffer class in use. ``reload_config`` is accepted for zarr-python's signature
    (zarrlite reads its config afresh on every call)."""
    return _selected("buffer", _DEFAULT_BUFFER, _buffers)


def get_ndbuffer_class(reload_config: bool = False) -> type[NDBuffer]:
    """The n-d buffer class in use (``reload_config`` as in :func:`get_buffer_class`)."""
    return _selected("ndbuffer", _DEFAULT_NDBUFFER, _ndbuffers)
