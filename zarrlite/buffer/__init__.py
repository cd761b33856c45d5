"""zarr-python's ``zarr.buffer``: the buffer classes of its store API.

zarrlite's own reads and writes move ``bytes`` and numpy arrays; store methods return these
buffers only when a caller passes a ``prototype`` (``store.get(key, prototype=...)``), as code
written for zarr-python does. ``cpu`` holds the numpy-backed classes; there is no ``gpu``.
"""

from __future__ import annotations

from zarrlite.buffer import cpu
from zarrlite.buffer._core import BufferPrototype

__all__ = ["cpu", "default_buffer_prototype"]


def default_buffer_prototype() -> BufferPrototype:
    """The prototype of the buffer classes in use (:mod:`zarrlite.registry`; by default
    ``cpu.Buffer`` and ``cpu.NDBuffer``)."""
    from zarrlite.registry import get_buffer_class, get_ndbuffer_class

    return BufferPrototype(buffer=get_buffer_class(), nd_buffer=get_ndbuffer_class())
