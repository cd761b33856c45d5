# Generated from zarrlite/_async/group.py by codegen. Do not edit.

"""``Group``: a Zarr group and its members."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import attrs

from zarrlite._facade.sync import GroupFacade
from zarrlite._info import GroupInfo, store_type_name
from zarrlite._sync.array import Array
from zarrlite._sync.consolidated import (
    read_node_metadata,
)
from zarrlite._sync.group_arrays import GroupArrays
from zarrlite._sync.group_consolidation import GroupConsolidation
from zarrlite._sync.hierarchy import (
    NodeMetadata,
    metadata_lock,
    read_metadata,
    read_metadata_many,
    warn_not_a_node,
    write_metadata,
    write_missing_parents,
    write_new_node,
)
from zarrlite._sync.node import Node, unwrap_node
from zarrlite._sync.relocation import copy_node_keys, delete_node_documents
from zarrlite._sync.store.path import StorePath, make_store_path, normalize_path
from zarrlite._tree import TreeNode, TreeRepr
from zarrlite._types import ZarrFormat
from zarrlite.errors import (
    ArrayNotFoundKeyError,
    ContainsArrayError,
    ContainsArrayTypeError,
    ContainsGroupError,
    GroupNotFoundError,
    GroupNotFoundKeyError,
    ReadOnlyError,
    array_instead_of_group,
    describe_path,
)
from zarrlite.metadata import GroupMetadata

__all__ = ["Group", "node_from_metadata"]

_METADATA_NAMES_BY_FORMAT = {
    3: frozenset({"zarr.json"}),
    2: frozenset({".zarray", ".zattrs", ".zgroup", ".zmetadata"}),
}


def node_from_metadata(store_path: StorePath, metadata: NodeMetadata) -> Array | Group:
    """The array or group object for metadata found at ``store_path``."""
    if isinstance(metadata, GroupMetadata):
        return Group(metadata, store_path)
    return Array(metadata, store_path)


class Group(Node, GroupArrays, GroupConsolidation, GroupFacade):
    """A Zarr group (v2 or v3): a node holding arrays and other groups."""

    def __init__(self, metadata: GroupMetadata | Any, store_path: StorePath | None = None) -> None:
        """From metadata and a store path, or (``Group(async_group)``, as zarr-python) another
        group handle of either flavour, alone: same store and path."""
        # Whether this group's own stored document holds the consolidated metadata (False for a
        # member group whose cache was cut out of an ancestor's): only then is it rewritten.
        stores_consolidated = getattr(metadata, "consolidated_metadata", None) is not None
        # For such a member group, the ancestor handle and the path from it: changes made here
        # are applied there too (zarr-python's two handles share one consolidated metadata).
        self._consolidated_parent: tuple[Group, str] | None = None
        if store_path is None:
            node: Any = metadata
            metadata, store_path = unwrap_node(node, (GroupMetadata,), "group")
            stores_consolidated = node._stores_consolidated
            if isinstance(node, Group):  # not a handle of the other flavour
                self._consolidated_parent = node._consolidated_parent
        self.metadata = metadata
        self.store_path = store_path
        self._stores_consolidated = stores_consolidated

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        store: Any,
        zarr_format: ZarrFormat | None = None,
        use_consolidated: bool | str | None = None,
    ) -> Group:
        """Open the group at ``store``; ``zarr_format=None`` detects the format.

        ``use_consolidated``: None uses consolidated metadata when present, True requires it,
        False ignores it, a string names the v2 document holding it.
        """
        store_path = make_store_path(store)
        metadata = read_node_metadata(store_path, zarr_format, use_consolidated)
        where = f"{describe_path(store_path.path)} in {store_path.store!r}"
        if metadata is None:
            raise GroupNotFoundError(f"no group found at {where}")
        if not isinstance(metadata, GroupMetadata):
            raise array_instead_of_group(
                metadata.zarr_format, f"expected a group at {where} but found an array"
            )
        return cls(metadata, store_path)

    @classmethod
    def from_store(
        cls,
        store: Any,
        *,
        attributes: dict[str, Any] | None = None,
        zarr_format: ZarrFormat = 3,
        overwrite: bool = False,
    ) -> Group:
        """Create a new group at ``store``."""
        store_path = make_store_path(store)
        return cls.create_at(
            store_path, attributes=attributes, zarr_format=zarr_format, overwrite=overwrite
        )

    @classmethod
    def create_at(
        cls,
        store_path: StorePath,
        *,
        attributes: dict[str, Any] | None = None,
        zarr_format: ZarrFormat = 3,
        overwrite: bool = False,
    ) -> Group:
        """Create a new group at a store path (and any missing parent groups)."""
        if store_path.read_only:
            raise ReadOnlyError(f"cannot create a group in read-only store {store_path.store!r}")
        metadata = GroupMetadata(attributes=dict(attributes or {}), zarr_format=zarr_format)
        write_new_node(store_path, metadata, overwrite=overwrite)
        return cls(metadata, store_path)

    @classmethod
    def from_dict(cls, store_path: StorePath, data: dict[str, Any]) -> Group:
        """A group object from a metadata dict (nothing is written)."""
        return cls(GroupMetadata.from_dict(data), store_path)

    # -- properties ------------------------------------------------------------------------

    @property
    def zarr_format(self) -> ZarrFormat:
        return self.metadata.zarr_format  # type: ignore[no-any-return]

    @property
    def synchronizer(self) -> None:
        """Always None (kept for zarr-python compatibility)."""
        return None

    @property
    def info(self) -> GroupInfo:
        """A summary of the group (no I/O).

        With consolidated metadata it also counts the members listed there (recursively), as
        zarr-python does.
        """
        info = GroupInfo(
            name=self.path,  # zarr-python shows the path: "" for the root, "a/b" below
            zarr_format=self.zarr_format,
            read_only=self.read_only,
            store_type=store_type_name(self.store),
        )
        consolidated = self.metadata.consolidated_metadata
        if consolidated is None:
            return info
        members = list(consolidated.flattened_metadata.values())
        groups = sum(isinstance(m, GroupMetadata) for m in members)
        return attrs.evolve(
            info,
            count_members=len(members),
            count_arrays=len(members) - groups,
            count_groups=groups,
        )

    def info_complete(self) -> GroupInfo:
        """:attr:`info` plus member counts (recursive)."""
        members = [node for _, node in self._members(max_depth=None)]
        arrays = sum(isinstance(m, Array) for m in members)
        return attrs.evolve(
            self.info,
            count_members=len(members),
            count_arrays=arrays,
            count_groups=len(members) - arrays,
        )

    # -- member access ---------------------------------------------------------------------

    def _child_path(self, key: str) -> StorePath:
        return self.store_path / normalize_path(key)

    def _cached_member(self, path: str) -> Array | Group | None:
        """The member at relative ``path`` from the consolidated metadata, if it is there."""
        consolidated = self.metadata.consolidated_metadata
        if consolidated is None:
            return None
        metadata = consolidated.get(path)
        if metadata is None:
            return None
        child = self.store_path / path
        if isinstance(metadata, GroupMetadata):
            node = Group(
                attrs.evolve(metadata, consolidated_metadata=consolidated.subtree(path)), child
            )
            node._stores_consolidated = False
            node._consolidated_parent = (self, path)
            return node
        return Array(metadata, child)

    def getitem(self, key: str) -> Array | Group:
        """The member at ``key`` (nested paths like ``"a/b"`` allowed); ``KeyError`` if absent.

        Consolidated metadata is consulted first; a name missing from it is looked up in the store.
        """
        path = normalize_path(key)
        cached = self._cached_member(path)
        if cached is not None:
            return cached
        child = self.store_path / path
        metadata = read_metadata(child, self.zarr_format)
        if metadata is None:
            raise KeyError(key)
        return node_from_metadata(child, metadata)

    def _member(self, path: str) -> Array | Group | None:
        """The member at ``path``, or None."""
        try:
            return self.getitem(path)
        except KeyError:
            return None

    # zarr-python's AsyncGroup.get names its parameter ``key``, its blocking Group.get ``path``:
    # the blocking twin is in the facade (zarrlite/_facade/sync.py).

    def get_array(self, path: str) -> Array:
        """The array at ``path``; ``ContainsGroupError`` if it is a group,
        ``ArrayNotFoundError`` (also a ``KeyError``) if nothing is there."""
        node = self._member(path)
        if node is None:
            raise ArrayNotFoundKeyError(
                f"no array found at {path!r} below group {self.name!r} in {self.store!r}"
            )
        if not isinstance(node, Array):
            raise ContainsGroupError(
                f"member {path!r} of group {self.name!r} is a group, not an array"
            )
        return node

    def get_group(self, path: str) -> Group:
        """The group at ``path``; ``ContainsArrayError`` if it is an array,
        ``GroupNotFoundError`` (also a ``KeyError``) if nothing is there."""
        node = self._member(path)
        if node is None:
            raise GroupNotFoundKeyError(
                f"no group found at {path!r} below group {self.name!r} in {self.store!r}"
            )
        if not isinstance(node, Group):
            raise ContainsArrayError(
                f"member {path!r} of group {self.name!r} is an array, not a group"
            )
        return node

    def contains(self, member: str) -> bool:
        """Whether a member exists at ``member`` (a name or nested path)."""
        if self._cached_member(normalize_path(member)) is not None:
            return True
        return read_metadata(self._child_path(member), self.zarr_format) is not None

    def setitem(self, key: str, value: Any) -> None:
        """Store array-like ``value`` as a new array ``key`` (replacing any existing member)."""
        self.create_array(key, data=value, overwrite=True)

    def delitem(self, key: str) -> None:
        """Delete the member at ``key`` with everything below it; ``KeyError`` if absent."""
        if self.read_only:
            raise ReadOnlyError(f"cannot delete {key!r}: group {self.name!r} is read-only")
        child = self._child_path(key)
        metadata = read_metadata(child, self.zarr_format)
        if metadata is None:
            # Keys left below ``key`` by an interrupted delete or move (its documents went
            # first) are removed, so that a failed call can be retried; otherwise absent.
            if child.is_empty():
                raise KeyError(key)
        else:
            delete_node_documents(child, metadata)
        child.delete_dir()
        self._forget_members([child.path[len(self.path) :].strip("/")])

    def _members(
        self, max_depth: int | None = 0, *, use_consolidated_for_children: bool = True
    ) -> Iterator[tuple[str, Array | Group]]:
        # The lazy listing behind ``members`` (a tuple on the blocking Group, an async
        # generator on AsyncGroup, as in zarr-python; see _facade/).
        if max_depth is not None and max_depth < 0:
            raise ValueError(f"max_depth must be None or >= 0, got {max_depth}")
        deeper = None if max_depth is None else max_depth - 1
        consolidated = self.metadata.consolidated_metadata
        if consolidated is not None:
            for name in sorted(consolidated.children()):
                node = self._cached_member(name)
                assert node is not None
                yield name, node
                if isinstance(node, Group) and (max_depth is None or max_depth > 0):
                    if not use_consolidated_for_children:
                        node = Group.open(node.store_path, self.zarr_format, False)
                    for sub, child in node._members(
                        deeper, use_consolidated_for_children=use_consolidated_for_children
                    ):
                        yield f"{name}/{sub}", child
            return
        # Only this format's own documents are skipped: in a v3 group ".zarray" can be a member
        # (a directory holding a zarr.json), as zarr-python lists it.
        skipped = _METADATA_NAMES_BY_FORMAT[self.zarr_format]
        names = sorted([name for name in self.store.list_dir(self.path) if name not in skipped])

        paths = [self._child_path(name) for name in names]
        found = read_metadata_many(paths, self.zarr_format)
        for name, path, metadata in zip(names, paths, found, strict=True):
            if metadata is None:
                warn_not_a_node(path)
                continue
            if not use_consolidated_for_children and isinstance(metadata, GroupMetadata):
                metadata = attrs.evolve(metadata, consolidated_metadata=None)
            node = node_from_metadata(path, metadata)
            yield name, node
            if isinstance(node, Group) and (max_depth is None or max_depth > 0):
                for sub, child in node._members(
                    deeper, use_consolidated_for_children=use_consolidated_for_children
                ):
                    yield f"{name}/{sub}", child

    def nmembers(self, max_depth: int | None = 0) -> int:
        """Number of members (recursively with ``max_depth``)."""
        return len([name for name, _ in self._members(max_depth)])

    def keys(self) -> Iterator[str]:
        """Names of the direct members."""
        for name, _ in self._members():
            yield name

    def arrays(self) -> Iterator[tuple[str, Array]]:
        """``(name, array)`` for the direct array members."""
        for name, node in self._members():
            if isinstance(node, Array):
                yield name, node

    def groups(self) -> Iterator[tuple[str, Group]]:
        """``(name, group)`` for the direct group members."""
        for name, node in self._members():
            if isinstance(node, Group):
                yield name, node

    def array_keys(self) -> Iterator[str]:
        for name, _ in self.arrays():
            yield name

    def group_keys(self) -> Iterator[str]:
        for name, _ in self.groups():
            yield name

    def array_values(self) -> Iterator[Array]:
        for _, node in self.arrays():
            yield node

    def group_values(self) -> Iterator[Group]:
        for _, node in self.groups():
            yield node

    # -- creating members ------------------------------------------------------------------

    def create_group(
        self, name: str, *, overwrite: bool = False, attributes: dict[str, Any] | None = None
    ) -> Group:
        """Create a child group."""
        node = Group.create_at(
            self._child_path(name),
            attributes=attributes,
            zarr_format=self.zarr_format,
            overwrite=overwrite,
        )
        self._remember_members([(normalize_path(name), node.metadata)])
        return node

    def require_group(self, name: str, overwrite: bool = False) -> Group:
        """The child group ``name``, created if missing; ``ContainsArrayTypeError`` (a
        ``TypeError``, as in zarr-python) if an array is there.

        A group created by another task or process between the lookup and the creation is
        opened, so concurrent calls all get the group.
        """
        if overwrite:
            return self.create_group(name, overwrite=True)
        node = self._member(name)
        if node is None:
            try:
                return self.create_group(name)
            except (ContainsArrayError, ContainsGroupError):
                node = self._member(name)  # created concurrently since the lookup
                if node is None:  # the error is about something else (an array above it)
                    raise
        if not isinstance(node, Group):
            raise ContainsArrayTypeError(
                f"member {name!r} of group {self.name!r} in {self.store!r} is an array, not a group"
            )
        return node

    def require_groups(self, *names: str) -> tuple[Group, ...]:
        """Several child groups, each created if missing."""
        return tuple([self.require_group(name) for name in names])

    def update_attributes(self, new_attributes: dict[str, Any]) -> Group:
        """Merge ``new_attributes`` into the attributes and persist them.

        As ``dict.update`` (and zarr-python), ``new_attributes`` may also be ``(key, value)``
        pairs.
        """
        new = dict(new_attributes)
        return self._write_attributes(lambda old: {**old, **new})

    def replace_attributes(self, attributes: dict[str, Any]) -> Group:
        """Replace all attributes and persist them."""
        return self._write_attributes(lambda old: dict(attributes))

    def _write_attributes(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Group:
        if self.read_only:
            raise ReadOnlyError(f"group {self.name!r} in {self.store!r} is read-only")
        with metadata_lock(self.store_path):
            metadata = attrs.evolve(self.metadata, attributes=change(self.metadata.attributes))
            stored = attrs.evolve(metadata, consolidated_metadata=None)
            if self._stores_consolidated or self.zarr_format == 3:
                # The stored consolidated metadata, not this handle's copy: members another
                # handle added since this one was opened stay listed, and a handle opened
                # without it (use_consolidated=False) does not drop it from zarr.json. (A v2
                # group's .zmetadata is a document of its own, untouched otherwise.)
                found = self._read_stored()
                if found is not None:
                    stored = attrs.evolve(stored, consolidated_metadata=found.consolidated_metadata)
            write_metadata(self.store_path, stored)
            self.metadata = metadata
        return self

    def create_hierarchy(
        self, nodes: dict[str, Any], *, overwrite: bool = False
    ) -> Iterator[tuple[str, Array | Group]]:
        """Create many members at once (paths relative to this group); yields ``(path, node)``
        for each node written (existing parent groups are kept and not yielded).

        As in zarr-python, every node must have this group's Zarr format and none may be the
        group itself (a key such as ``""``): ``ValueError``.
        """
        # Imported here: bulk builds on this module's node types.
        from zarrlite._sync.bulk import create_hierarchy_at

        for key, metadata in nodes.items():
            if metadata.zarr_format != self.zarr_format:
                raise ValueError(
                    f"the node at {key!r} has zarr_format {metadata.zarr_format}, but this group "
                    f"has zarr_format {self.zarr_format}: all nodes must match their group"
                )
            if normalize_path(key) == "":
                raise ValueError(
                    f"the nodes define a root node ({key!r}), but this group is the root: remove "
                    "it, or use create_rooted_hierarchy to create a rooted hierarchy"
                )
        created: list[tuple[str, NodeMetadata]] = []
        for path, node in create_hierarchy_at(self.store_path, nodes, overwrite=overwrite):
            created.append((path, node.metadata))
            yield path, node
        self._remember_members(created)

    def tree(
        self,
        expand: bool | None = None,
        level: int | None = None,
        *,
        max_nodes: int = 500,
        plain: bool = False,
    ) -> TreeRepr:
        """The hierarchy below this group as text (HTML in Jupyter).

        ``level`` is the maximum depth below this group shown, as ``members(max_depth=level)``
        (zarr-python's meaning): None (default) shows everything, 0 the direct members only,
        1 also their members, and so on. ``expand`` (default True) says whether the HTML view
        starts unfolded; ``plain`` drops all styling.
        """
        if level is not None and level < 0:
            raise ValueError(f"level must be None or >= 0, got {level}")
        nodes = []
        for path, node in self._members(max_depth=level):
            name = path.rsplit("/", 1)[-1]
            if isinstance(node, Array):
                nodes.append(TreeNode(name, path, tuple(node.shape), str(node.dtype)))
            else:
                nodes.append(TreeNode(name, path))
        return TreeRepr(
            self.name,
            tuple(nodes),
            max_nodes=max_nodes,
            plain=plain,
            expand=True if expand is None else expand,
        )

    def move(self, source: str, dest: str) -> None:
        """Move the member at ``source`` (with everything below it) to ``dest``.

        Both paths are relative to this group. ``dest`` must not exist; its missing parent groups
        are created. Keys are copied, metadata documents last (``dest``'s own ones at the very
        end), so an interrupted copy leaves nothing at ``dest`` that opens as a node and the
        move can be retried. Then ``source``'s own documents are deleted (``source`` is gone)
        and the rest of its keys; keys left by an interruption there are removed by
        ``delitem(source)``.
        """
        if self.read_only:
            raise ReadOnlyError(f"cannot move {source!r}: group {self.name!r} is read-only")
        origin = self._child_path(source)
        target = self._child_path(dest)
        metadata = read_metadata(origin)
        if metadata is None:
            raise KeyError(source)
        existing = read_metadata(target)
        if existing is not None:
            # The class names what is there, as everywhere else a node blocks a new one.
            found = (
                ContainsGroupError if isinstance(existing, GroupMetadata) else ContainsArrayError
            )
            kind = "a group" if found is ContainsGroupError else "an array"
            raise found(f"cannot move {source!r} to {dest!r}: {dest!r} exists ({kind})")
        if not origin.path or (target.path + "/").startswith(origin.path + "/"):
            raise ValueError(f"cannot move {source!r} into itself ({dest!r})")
        write_missing_parents(target, self.zarr_format)
        copy_node_keys(origin, target)
        delete_node_documents(origin, metadata)
        origin.delete_dir()
        consolidated = self.metadata.consolidated_metadata
        if consolidated is not None:
            source_path = origin.path[len(self.path) :].strip("/")
            dest_path = target.path[len(self.path) :].strip("/")
            moved = [
                (dest_path + path[len(source_path) :], node)
                for path, node in sorted(
                    consolidated.flattened_metadata.items(), key=lambda i: i[0].count("/")
                )
                if path == source_path or path.startswith(source_path + "/")
            ]
            self._forget_members([source_path])
            self._remember_members(moved)

    # -- dunders ---------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.store_path}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Group):
            return NotImplemented
        return (self.store_path, self.metadata) == (other.store_path, other.metadata)

    __hash__ = None  # type: ignore[assignment]
