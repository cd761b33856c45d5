"""zarr-python's ``zarr.abc``: the abstract store and its protocols (:mod:`zarrlite.abc.store`)."""

from __future__ import annotations

from zarrlite.abc import store as store

__all__: list[str] = []
