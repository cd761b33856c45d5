"""The blocking API (generated from the async one): ``zarr.api.synchronous``'s functions."""

from __future__ import annotations

from zarrlite._sync.api import *  # noqa: F403
from zarrlite._sync.api import __all__ as __all__
