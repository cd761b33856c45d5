"""Which store class is the twin of which, across the async and the generated sync flavour.

Flavour-neutral, so that both store trees register into (and look up from) one table. A store
class takes part by setting ``_twin_key`` in its own body (``"memory"``, ``"local"``, ``"zip"``,
``"fsspec"``, ``"obstore"``), and by defining ``_portable_state()`` (what its twin needs to share
the same data) and the classmethod ``_from_portable_state(state)``. ``AsyncStore.__init_subclass__`` (and its generated twin)
registers each such class under ``(twin_key, is_async)``; importing ``zarrlite`` imports both
flavours, so both halves of every pair are known.

A user subclass inherits ``_twin_key`` but is not registered: converting it to the other
flavour's base class would silently drop its behaviour. It is wrapped instead: a user's blocking
store for the async flavour (``AsyncOverBlockingStore``: its methods run in worker threads), a
user's async store for the blocking flavour (``BlockingOverAsyncStore``: its methods run on an
event loop in a thread of its own). Converting such a wrapper back gives the wrapped store.
"""

from __future__ import annotations

from typing import Any

__all__ = ["convert", "flavour_of", "register", "twin_class"]

_classes: dict[tuple[str, bool], type[Any]] = {}


def register(cls: type[Any], twin_key: str, is_async: bool) -> None:
    """Record ``cls`` as the ``twin_key`` store of its flavour."""
    _classes[(twin_key, is_async)] = cls


def twin_class(twin_key: str, is_async: bool) -> type[Any] | None:
    """The registered class for ``twin_key`` in the given flavour, if any."""
    return _classes.get((twin_key, is_async))


def flavour_of(obj: object) -> bool | None:
    """True for an async store or store path, False for a sync one, None for anything else."""
    flavour = getattr(type(obj), "_is_async", None)
    return flavour if isinstance(flavour, bool) else None


def convert(store: Any, is_async: bool) -> Any:
    """The ``is_async`` flavour's twin of ``store``, sharing its data (and its limiter); a
    user's store of the other flavour wrapped (see above); a wrapper's own wrapped store."""
    cls = type(store)
    if getattr(cls, "_wraps_other_flavour", False) and flavour_of(store.store) is is_async:
        return store.store
    key = cls.__dict__.get("_twin_key")
    target = twin_class(key, is_async) if isinstance(key, str) else None
    if target is None or twin_class(key, not is_async) is not cls:  # type: ignore[arg-type]
        # A user's store keeps its behaviour: its own methods run in the other flavour's way.
        if is_async:
            from zarrlite._facade.blocking_store import AsyncOverBlockingStore

            return AsyncOverBlockingStore(store)
        from zarrlite._facade.async_store import BlockingOverAsyncStore

        return BlockingOverAsyncStore(store)
    return target._from_portable_state(store._portable_state())
