"""``AsyncGroup``: a Zarr group and its members."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import attrs

from zarrlite._async.array import AsyncArray
from zarrlite._async.consolidated import (
    read_node_metadata,
)
from zarrlite._async.group_arrays import AsyncGroupArrays
from zarrlite._async.group_consolidation import AsyncGroupConsolidation
from zarrlite._async.hierarchy import (
    NodeMetadata,
    metadata_lock,
    read_metadata,
    read_metadata_many,
    warn_not_a_node,
    write_metadata,
    write_missing_parents,
    write_new_node,
)
from zarrlite._async.node import AsyncNode, unwrap_node
from zarrlite._async.relocation import copy_node_keys, delete_node_documents
from zarrlite._async.store.path import AsyncStorePath, make_store_path, normalize_path
from zarrlite._facade.async_ import GroupFacade
from zarrlite._info import GroupInfo, store_type_name
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

__all__ = ["AsyncGroup", "node_from_metadata"]

_METADATA_NAMES_BY_FORMAT = {
    3: frozenset({"zarr.json"}),
    2: frozenset({".zarray", ".zattrs", ".zgroup", ".zmetadata"}),
}


def node_from_metadata(
    store_path: AsyncStorePath, metadata: NodeMetadata
) -> AsyncArray | AsyncGroup:
    """The array or group object for metadata found at ``store_path``."""
    if isinstance(metadata, GroupMetadata):
        return AsyncGroup(metadata, store_path)
    return AsyncArray(metadata, store_path)


class AsyncGroup(AsyncNode, AsyncGroupArrays, AsyncGroupConsolidation, GroupFacade):
    """A Zarr group (v2 or v3): a node holding arrays and other groups."""

    def __init__(
        self, metadata: GroupMetadata | Any, store_path: AsyncStorePath | None = None
    ) -> None:
        """From metadata and a store path, or (``Group(async_group)``, as zarr-python) another
        group handle of either flavour, alone: same store and path."""
        # Whether this group's own stored document holds the consolidated metadata (False for a
        # member group whose cache was cut out of an ancestor's): only then is it rewritten.
        stores_consolidated = getattr(metadata, "consolidated_metadata", None) is not None
        # For such a member group, the ancestor handle and the path from it: changes made here
        # are applied there too (zarr-python's two handles share one consolidated metadata).
        self._consolidated_parent: tuple[AsyncGroup, str] | None = None
        if store_path is None:
            node: Any = metadata
            metadata, store_path = unwrap_node(node, (GroupMetadata,), "group")
            stores_consolidated = node._stores_consolidated
            if isinstance(node, AsyncGroup):  # not a handle of the other flavour
                self._consolidated_parent = node._consolidated_parent
        self.metadata = metadata
        self.store_path = store_path
        self._stores_consolidated = stores_consolidated

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    async def open(
        cls,
        store: Any,
        zarr_format: ZarrFormat | None = None,
        use_consolidated: bool | str | None = None,
    ) -> AsyncGroup:
        """Open the group at ``store``; ``zarr_format=None`` detects the format.

        ``use_consolidated``: None uses consolidated metadata when present, True requires it,
        False ignores it, a string names the v2 document holding it.
        """
        store_path = await make_store_path(store)
        metadata = await read_node_metadata(store_path, zarr_format, use_consolidated)
        where = f"{describe_path(store_path.path)} in {store_path.store!r}"
        if metadata is None:
            raise GroupNotFoundError(f"no group found at {where}")
        if not isinstance(metadata, GroupMetadata):
            raise array_instead_of_group(
                metadata.zarr_format, f"expected a group at {where} but found an array"
            )
        return cls(metadata, store_path)

    @classmethod
    async def from_store(
        cls,
        store: Any,
        *,
        attributes: dict[str, Any] | None = None,
        zarr_format: ZarrFormat = 3,
        overwrite: bool = False,
    ) -> AsyncGroup:
        """Create a new group at ``store``."""
        store_path = await make_store_path(store)
        return await cls.create_at(
            store_path, attributes=attributes, zarr_format=zarr_format, overwrite=overwrite
        )

    @classmethod
    async def create_at(
        cls,
        store_path: AsyncStorePath,
        *,
        attributes: dict[str, Any] | None = None,
        zarr_format: ZarrFormat = 3,
        overwrite: bool = False,
    ) -> AsyncGroup:
        """Create a new group at a store path (and any missing parent groups)."""
        if store_path.read_only:
            raise ReadOnlyError(f"cannot create a group in read-only store {store_path.store!r}")
        metadata = GroupMetadata(attributes=dict(attributes or {}), zarr_format=zarr_format)
        await write_new_node(store_path, metadata, overwrite=overwrite)
        return cls(metadata, store_path)

    @classmethod
    def from_dict(cls, store_path: AsyncStorePath, data: dict[str, Any]) -> AsyncGroup:
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

    async def info_complete(self) -> GroupInfo:
        """:attr:`info` plus member counts (recursive)."""
        members = [node async for _, node in self._members(max_depth=None)]
        arrays = sum(isinstance(m, AsyncArray) for m in members)
        return attrs.evolve(
            self.info,
            count_members=len(members),
            count_arrays=arrays,
            count_groups=len(members) - arrays,
        )

    # -- member access ---------------------------------------------------------------------

    def _child_path(self, key: str) -> AsyncStorePath:
        return self.store_path / normalize_path(key)

    def _cached_member(self, path: str) -> AsyncArray | AsyncGroup | None:
        """The member at relative ``path`` from the consolidated metadata, if it is there."""
        consolidated = self.metadata.consolidated_metadata
        if consolidated is None:
            return None
        metadata = consolidated.get(path)
        if metadata is None:
            return None
        child = self.store_path / path
        if isinstance(metadata, GroupMetadata):
            node = AsyncGroup(
                attrs.evolve(metadata, consolidated_metadata=consolidated.subtree(path)), child
            )
            node._stores_consolidated = False
            node._consolidated_parent = (self, path)
            return node
        return AsyncArray(metadata, child)

    async def getitem(self, key: str) -> AsyncArray | AsyncGroup:
        """The member at ``key`` (nested paths like ``"a/b"`` allowed); ``KeyError`` if absent.

        Consolidated metadata is consulted first; a name missing from it is looked up in the store.
        """
        path = normalize_path(key)
        cached = self._cached_member(path)
        if cached is not None:
            return cached
        child = self.store_path / path
        metadata = await read_metadata(child, self.zarr_format)
        if metadata is None:
            raise KeyError(key)
        return node_from_metadata(child, metadata)

    async def _member(self, path: str) -> AsyncArray | AsyncGroup | None:
        """The member at ``path``, or None."""
        try:
            return await self.getitem(path)
        except KeyError:
            return None

    # zarr-python's AsyncGroup.get names its parameter ``key``, its blocking Group.get ``path``:
    # the blocking twin is in the facade (zarrlite/_facade/sync.py).
    # codegen: async-only-start
    async def get(self, key: str, default: Any = None) -> Any:
        """The member at ``key``, or ``default``."""
        node = await self._member(key)
        return default if node is None else node

    # codegen: async-only-end

    async def get_array(self, path: str) -> AsyncArray:
        """The array at ``path``; ``ContainsGroupError`` if it is a group,
        ``ArrayNotFoundError`` (also a ``KeyError``) if nothing is there."""
        node = await self._member(path)
        if node is None:
            raise ArrayNotFoundKeyError(
                f"no array found at {path!r} below group {self.name!r} in {self.store!r}"
            )
        if not isinstance(node, AsyncArray):
            raise ContainsGroupError(
                f"member {path!r} of group {self.name!r} is a group, not an array"
            )
        return node

    async def get_group(self, path: str) -> AsyncGroup:
        """The group at ``path``; ``ContainsArrayError`` if it is an array,
        ``GroupNotFoundError`` (also a ``KeyError``) if nothing is there."""
        node = await self._member(path)
        if node is None:
            raise GroupNotFoundKeyError(
                f"no group found at {path!r} below group {self.name!r} in {self.store!r}"
            )
        if not isinstance(node, AsyncGroup):
            raise ContainsArrayError(
                f"member {path!r} of group {self.name!r} is an array, not a group"
            )
        return node

    async def contains(self, member: str) -> bool:
        """Whether a member exists at ``member`` (a name or nested path)."""
        if self._cached_member(normalize_path(member)) is not None:
            return True
        return await read_metadata(self._child_path(member), self.zarr_format) is not None

    async def setitem(self, key: str, value: Any) -> None:
        """Store array-like ``value`` as a new array ``key`` (replacing any existing member)."""
        await self.create_array(key, data=value, overwrite=True)

    async def delitem(self, key: str) -> None:
        """Delete the member at ``key`` with everything below it; ``KeyError`` if absent."""
        if self.read_only:
            raise ReadOnlyError(f"cannot delete {key!r}: group {self.name!r} is read-only")
        child = self._child_path(key)
        metadata = await read_metadata(child, self.zarr_format)
        if metadata is None:
            # Keys left below ``key`` by an interrupted delete or move (its documents went
            # first) are removed, so that a failed call can be retried; otherwise absent.
            if await child.is_empty():
                raise KeyError(key)
        else:
            await delete_node_documents(child, metadata)
        await child.delete_dir()
        await self._forget_members([child.path[len(self.path) :].strip("/")])

    async def _members(
        self, max_depth: int | None = 0, *, use_consolidated_for_children: bool = True
    ) -> AsyncIterator[tuple[str, AsyncArray | AsyncGroup]]:
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
                if isinstance(node, AsyncGroup) and (max_depth is None or max_depth > 0):
                    if not use_consolidated_for_children:
                        node = await AsyncGroup.open(node.store_path, self.zarr_format, False)
                    async for sub, child in node._members(deeper, use_consolidated_for_children=use_consolidated_for_children):
                        yield f"{name}/{sub}", child
            return
        # Only this format's own documents are skipped: in a v3 group ".zarray" can be a member
        # (a directory holding a zarr.json), as zarr-python lists it.
        skipped = _METADATA_NAMES_BY_FORMAT[self.zarr_format]
        names = sorted(
            [name async for name in self.store.list_dir(self.path) if name not in skipped]
        )

        paths = [self._child_path(name) for name in names]
        found = await read_metadata_many(paths, self.zarr_format)
        for name, path, metadata in zip(names, paths, found, strict=True):
            if metadata is None:
                warn_not_a_node(path)
                continue
            if not use_consolidated_for_children and isinstance(metadata, GroupMetadata):
                metadata = attrs.evolve(metadata, consolidated_metadata=None)
            node = node_from_metadata(path, metadata)
            yield name, node
            if isinstance(node, AsyncGroup) and (max_depth is None or max_depth > 0):
                async for sub, child in node._members(
                    deeper, use_consolidated_for_children=use_consolidated_for_children
                ):
                    yield f"{name}/{sub}", child

    async def nmembers(self, max_depth: int | None = 0) -> int:
        """Number of members (recursively with ``max_depth``)."""
        return len([name async for name, _ in self._members(max_depth)])

    async def keys(self) -> AsyncIterator[str]:
        """Names of the direct members."""
        async for name, _ in self._members():
            yield name

    async def arrays(self) -> AsyncIterator[tuple[str, AsyncArray]]:
        """``(name, array)`` for the direct array members."""
        async for name, node in self._members():
            if isinstance(node, AsyncArray):
                yield name, node

    async def groups(self) -> AsyncIterator[tuple[str, AsyncGroup]]:
        """``(name, group)`` for the direct group members."""
        async for name, node in self._members():
            if isinstance(node, AsyncGroup):
                yield name, node

    async def array_keys(self) -> AsyncIterator[str]:
        async for name, _ in self.arrays():
            yield name

    async def group_keys(self) -> AsyncIterator[str]:
        async for name, _ in self.groups():
            yield name

    async def array_values(self) -> AsyncIterator[AsyncArray]:
        async for _, node in self.arrays():
            yield node

    async def group_values(self) -> AsyncIterator[AsyncGroup]:
        async for _, node in self.groups():
            yield node

    # -- creating members ------------------------------------------------------------------

    async def create_group(
        self, name: str, *, overwrite: bool = False, attributes: dict[str, Any] | None = None
    ) -> AsyncGroup:
        """Create a child group."""
        node = await AsyncGroup.create_at(
            self._child_path(name),
            attributes=attributes,
            zarr_format=self.zarr_format,
            overwrite=overwrite,
        )
        await self._remember_members([(normalize_path(name), node.metadata)])
        return node

    async def require_group(self, name: str, overwrite: bool = False) -> AsyncGroup:
        """The child group ``name``, created if missing; ``ContainsArrayTypeError`` (a
        ``TypeError``, as in zarr-python) if an array is there.

        A group created by another task or process between the lookup and the creation is
        opened, so concurrent calls all get the group.
        """
        if overwrite:
            return await self.create_group(name, overwrite=True)
        node = await self._member(name)
        if node is None:
            try:
                return await self.create_group(name)
            except (ContainsArrayError, ContainsGroupError):
                node = await self._member(name)  # created concurrently since the lookup
                if node is None:  # the error is about something else (an array above it)
                    raise
        if not isinstance(node, AsyncGroup):
            raise ContainsArrayTypeError(
                f"member {name!r} of group {self.name!r} in {self.store!r} is an array, not a group"
            )
        return node

    async def require_groups(self, *names: str) -> tuple[AsyncGroup, ...]:
        """Several child groups, each created if missing."""
        return tuple([await self.require_group(name) for name in names])

    async def update_attributes(self, new_attributes: dict[str, Any]) -> AsyncGroup:
        """Merge ``new_attributes`` into the attributes and persist them.

        As ``dict.update`` (and zarr-python), ``new_attributes`` may also be ``(key, value)``
        pairs.
        """
        new = dict(new_attributes)
        return await self._write_attributes(lambda old: {**old, **new})

    async def replace_attributes(self, attributes: dict[str, Any]) -> AsyncGroup:
        """Replace all attributes and persist them."""
        return await self._write_attributes(lambda old: dict(attributes))

    async def _write_attributes(
        self, change: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> AsyncGroup:
        if self.read_only:
            raise ReadOnlyError(f"group {self.name!r} in {self.store!r} is read-only")
        async with metadata_lock(self.store_path):
            metadata = attrs.evolve(self.metadata, attributes=change(self.metadata.attributes))
            stored = attrs.evolve(metadata, consolidated_metadata=None)
            if self._stores_consolidated or self.zarr_format == 3:
                # The stored consolidated metadata, not this handle's copy: members another
                # handle added since this one was opened stay listed, and a handle opened
                # without it (use_consolidated=False) does not drop it from zarr.json. (A v2
                # group's .zmetadata is a document of its own, untouched otherwise.)
                found = await self._read_stored()
                if found is not None:
                    stored = attrs.evolve(
                        stored, consolidated_metadata=found.consolidated_metadata
                    )
            await write_metadata(self.store_path, stored)
            self.metadata = metadata
        return self

    async def create_hierarchy(
        self, nodes: dict[str, Any], *, overwrite: bool = False
    ) -> AsyncIterator[tuple[str, AsyncArray | AsyncGroup]]:
        """Create many members at once (paths relative to this group); yields ``(path, node)``
        for each node written (existing parent groups are kept and not yielded).

        As in zarr-python, every node must have this group's Zarr format and none may be the
        group itself (a key such as ``""``): ``ValueError``.
        """
        # Imported here: bulk builds on this module's node types.
        from zarrlite._async.bulk import create_hierarchy_at

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
        async for path, node in create_hierarchy_at(self.store_path, nodes, overwrite=overwrite):
            created.append((path, node.metadata))
            yield path, node
        await self._remember_members(created)

    async def tree(
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
        async for path, node in self._members(max_depth=level):
            name = path.rsplit("/", 1)[-1]
            if isinstance(node, AsyncArray):
                nodes.append(TreeNode(name, path, tuple(node.shape), str(node.dtype)))
            else:
                nodes.append(TreeNode(name, path))
        return TreeRepr(
            self.name, tuple(nodes), max_nodes=max_nodes, plain=plain,
            expand=True if expand is None else expand,
        )

    async def move(self, source: str, dest: str) -> None:
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
        metadata = await read_metadata(origin)
        if metadata is None:
            raise KeyError(source)
        existing = await read_metadata(target)
        if existing is not None:
            # The class names what is there, as everywhere else a node blocks a new one.
            found = ContainsGroupError if isinstance(existing, GroupMetadata) else ContainsArrayError
            kind = "a group" if found is ContainsGroupError else "an array"
            raise found(f"cannot move {source!r} to {dest!r}: {dest!r} exists ({kind})")
        if not origin.path or (target.path + "/").startswith(origin.path + "/"):
            raise ValueError(f"cannot move {source!r} into itself ({dest!r})")
        await write_missing_parents(target, self.zarr_format)
        await copy_node_keys(origin, target)
        await delete_node_documents(origin, metadata)
        await origin.delete_dir()
        consolidated = self.metadata.consolidated_metadata
        if consolidated is not None:
            source_path = origin.path[len(self.path) :].strip("/")
            dest_path = target.path[len(self.path) :].strip("/")
            moved = [
                (dest_path + path[len(source_path) :], node)
                for path, node in sorted(consolidated.flattened_metadata.items(), key=lambda i: i[0].count("/"))
                if path == source_path or path.startswith(source_path + "/")
            ]
            await self._forget_members([source_path])
            await self._remember_members(moved)

    # -- dunders ---------------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.store_path}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AsyncGroup):
            return NotImplemented
        return (self.store_path, self.metadata) == (other.store_path, other.metadata)

    __hash__ = None  # type: ignore[assignment]

