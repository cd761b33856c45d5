# Generated from zarrlite/_async/group_consolidation.py by codegen. Do not edit.

"""Keeping a group's consolidated metadata current as members are created and deleted.

A mixin of :class:`~zarrlite._sync.group.Group`, kept apart to keep that module small.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from zarrlite._sync.consolidated import (
    DEFAULT_V2_CONSOLIDATED_KEY,
    with_members,
    without_members,
)
from zarrlite._sync.hierarchy import (
    NodeMetadata,
    metadata_lock,
    parent_paths,
    read_metadata,
    write_metadata,
)
from zarrlite._types import ZarrFormat
from zarrlite.metadata import ConsolidatedMetadata, GroupMetadata

if TYPE_CHECKING:
    from zarrlite._sync.group import Group
    from zarrlite._sync.store.path import StorePath

__all__ = ["GroupConsolidation"]


class GroupConsolidation:
    """Members created or deleted through a group handle enter or leave its consolidated
    metadata (and the stored one, and the ancestor handle's it was cut out of)."""

    if TYPE_CHECKING:  # provided by AsyncGroup
        metadata: GroupMetadata
        store_path: StorePath
        _stores_consolidated: bool
        _consolidated_parent: tuple[Group, str] | None

        @property
        def zarr_format(self) -> ZarrFormat: ...

    def _read_stored(self) -> GroupMetadata | None:
        """This group's metadata as stored now (None if no group is there any more)."""
        found = read_metadata(
            self.store_path, self.zarr_format, consolidated_key=DEFAULT_V2_CONSOLIDATED_KEY
        )
        return found if isinstance(found, GroupMetadata) else None

    def _update_consolidated(
        self, change: Callable[[ConsolidatedMetadata], ConsolidatedMetadata]
    ) -> None:
        """Apply ``change`` to this handle's consolidated metadata and, if this group stores
        it, to the stored one: read, changed and written back under the node's lock, so the
        group's stored attributes (set through other handles) and members added concurrently
        are kept. A stored group that no longer has consolidated metadata is left as it is."""
        with metadata_lock(self.store_path):
            consolidated = self.metadata.consolidated_metadata
            if consolidated is None:
                return
            self.metadata = attrs.evolve(self.metadata, consolidated_metadata=change(consolidated))
            if not self._stores_consolidated:
                return
            stored = self._read_stored()
            if stored is None or stored.consolidated_metadata is None:
                return
            write_metadata(
                self.store_path,
                attrs.evolve(stored, consolidated_metadata=change(stored.consolidated_metadata)),
            )

    def _remember_members(self, created: list[tuple[str, NodeMetadata]]) -> None:
        """Add members created through this handle (and their implicit parents) to its cache."""
        consolidated = self.metadata.consolidated_metadata
        if consolidated is None or not created:
            return
        known = {path for path, _ in created} | set(consolidated.flattened_metadata)
        parents = sorted(
            {p for path, _ in created for p in parent_paths(path)[1:] if p not in known},
            key=lambda p: p.count("/"),
        )
        found = [(p, read_metadata(self.store_path / p, self.zarr_format)) for p in parents]
        entries = [(p, m) for p, m in found if m is not None] + created
        self._update_consolidated(lambda old: with_members(old, entries))
        if self._consolidated_parent is not None:
            parent, prefix = self._consolidated_parent
            parent._remember_members([(f"{prefix}/{p}", m) for p, m in entries])

    def _forget_members(self, paths: list[str]) -> None:
        """Drop deleted members from this handle's cache."""
        self._update_consolidated(lambda old: without_members(old, paths))
        if self._consolidated_parent is not None:
            parent, prefix = self._consolidated_parent
            parent._forget_members([f"{prefix}/{p}" for p in paths])
