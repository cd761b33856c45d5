"""Experimental parts of the API, as zarr-python's ``zarr.experimental``: names and behaviour may
change without a deprecation period."""

from __future__ import annotations

__all__: list[str] = []
