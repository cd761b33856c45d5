"""zarr-python's ``zarr.core.group`` helpers (async): bulk node creation and lookup."""

from __future__ import annotations

from zarrlite._async.bulk import create_hierarchy, create_nodes, create_rooted_hierarchy, get_node
from zarrlite._async.group import AsyncGroup
from zarrlite.metadata import GroupMetadata  # zarr-python's create_hierarchy docs import it here

__all__ = [
    "AsyncGroup",
    "GroupMetadata",
    "create_hierarchy",
    "create_nodes",
    "create_rooted_hierarchy",
    "get_node",
]
