"""The process-wide registry of named in-memory stores (``ManagedMemoryStore``).

Flavour-neutral, so that the async and the blocking ``ManagedMemoryStore`` of one name share one
dict. The registry holds its dicts weakly: a name's data lives as long as some store uses it.
"""

from __future__ import annotations

import threading
import weakref

__all__ = ["ManagedDict", "get_or_create", "lookup"]


class ManagedDict(dict[str, bytes]):
    """A dict that can be weakly referenced (a plain dict cannot)."""

    __slots__ = ("__weakref__",)


_registry: weakref.WeakValueDictionary[str, ManagedDict] = weakref.WeakValueDictionary()
_lock = threading.Lock()  # makes "look up, else insert" one step
_counter = 0


def get_or_create(name: str | None) -> tuple[ManagedDict, str]:
    """The dict registered as ``name`` (made when absent; a fresh name when None)."""
    global _counter
    if name is not None and (not isinstance(name, str) or "/" in name):
        raise ValueError(
            f"invalid ManagedMemoryStore name {name!r}: a str without '/' (give a location "
            "inside the store as path=...)"
        )
    with _lock:
        if name is None:
            # zarr-python's scheme (0, 1, ...), skipping names a user has already taken.
            while str(_counter) in _registry:
                _counter += 1
            name = str(_counter)
            _counter += 1
        found = _registry.get(name)
        if found is None:
            found = _registry[name] = ManagedDict()
        return found, name


def lookup(name: str) -> ManagedDict | None:
    """The dict registered as ``name``, or None."""
    return _registry.get(name)
