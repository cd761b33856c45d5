"""zarr-python's ``zarr.core.sync_group`` helpers (blocking): bulk node creation and lookup."""

from __future__ import annotations

from zarrlite._sync.bulk import create_hierarchy, create_nodes, create_rooted_hierarchy, get_node
from zarrlite._sync.group import Group

__all__ = ["Group", "create_hierarchy", "create_nodes", "create_rooted_hierarchy", "get_node"]
