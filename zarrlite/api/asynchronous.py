"""The async API (asyncio and trio): ``zarr.api.asynchronous``'s functions as coroutines."""

from __future__ import annotations

from zarrlite._async.api import *  # noqa: F403
from zarrlite._async.api import __all__ as __all__
