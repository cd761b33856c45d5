"""Which of a store class's methods a user's subclass overrides, for both flavours' ``Store``
base classes (``_route_through_public_overrides`` in ``_async/store/_base.py``): class
inspection only, no I/O, so it is written once here rather than in the generated twins."""

from __future__ import annotations

__all__ = ["bypasses_override", "defining_class"]


def defining_class(cls: type, name: str) -> type | None:
    """The class in ``cls``'s MRO that defines ``name``, or None."""
    return next((klass for klass in cls.__mro__ if name in klass.__dict__), None)


def bypasses_override(cls: type, public: str, shortcuts: tuple[str, ...]) -> bool:
    """Whether a user's class overrides the public method ``public`` below a zarrlite class
    that gives one of ``shortcuts``: the shortcut, written for zarrlite's ``public``, would read
    or write without the override."""
    owner = defining_class(cls, public)
    if owner is None or owner.__module__.startswith("zarrlite."):
        return False
    for shortcut in shortcuts:
        other = defining_class(cls, shortcut)
        if other is not None and other is not owner and issubclass(owner, other):
            return True
    return False
