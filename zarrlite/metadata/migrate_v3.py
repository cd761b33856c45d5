"""Migrate Zarr v2 metadata to Zarr v3: zarr-python's ``zarr.metadata.migrate_v3``.

As in zarr-python 3.4.2, :func:`migrate_v2_to_v3` and :func:`migrate_to_v3` block and
:func:`remove_metadata` is a coroutine function (``asyncio.run(remove_metadata(...))``, or
``anyio.run``). The blocking ``remove_metadata`` is ``zarrlite._sync.migration.remove_metadata``,
which the ``zarrlite`` command line uses. This module is not imported by ``zarrlite.metadata``
itself, which stays free of I/O.
"""

from __future__ import annotations

from zarrlite._async.migration import remove_metadata
from zarrlite._sync.migration import migrate_to_v3, migrate_v2_to_v3

__all__ = ["migrate_to_v3", "migrate_v2_to_v3", "remove_metadata"]
