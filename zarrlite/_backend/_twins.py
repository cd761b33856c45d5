"""Which store class is the twin of which, across the async and the generated sync flavour.

Flavour-neutral, so that both store trees register into (and look up from) one table. A store
class takes part by setting ``_twin_key`` in its own body (``"memory"``, ``"local"``, ``"zip"``,
``"fsspec"``, ``"obstore"``), and by defining ``_portable_state()`` (what its twin needs to share
the same data) and the classmethod ``_from_portable_state(state)``. ``AsyncStore.__init_subclass__`` (and its generated twin)
registers each such class under ``(twin_key, is_async)``; importing ``zarrlite`` imports both
flavours, so both halves of every pair are known.

A user subclass inherits ``_twin_key`` but is not registered: converting it to the other
flavour's base class would silently drop its behaviour. A user's blocking store is wrapped for
the async flavour instead (its methods run in worker threads); a user's async store is refused by
the blocking flavour (blocking code cannot await it).
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
    user's blocking store wrapped for the async flavour; ``TypeError`` for a user's async store
    asked for in the blocking flavour."""
    cls = type(store)
    key = cls.__dict__.get("_twin_key")
    target = twin_class(key, is_async) if isinstance(key, str) else None
    if target is None or twin_class(key, not is_async) is not cls:  # type: ignore[arg-type]
        if is_async:
            # A user's blocking store keeps its behaviour: each call runs in a worker thread.
            from zarrlite._facade.blocking_store import AsyncOverBlockingStore

            return AsyncOverBlockingStore(store)
        raise TypeError(
            f"{store!r} is an async store (a zarrlite.storage.AsyncStore) with no blocking twin, "
            "so the blocking API cannot use it: use it with zarrlite.api.asynchronous, or write "
            "the store as a subclass of the blocking zarrlite.storage.Store (zarrlite.abc.store."
            "Store), which both APIs accept"
        )
    return target._from_portable_state(store._portable_state())
