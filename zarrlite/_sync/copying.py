# Generated from zarrlite/_async/copying.py by codegen. Do not edit.

"""``copy``, ``copy_all`` and ``copy_store``: zarr-python 2's copy functions, reimplemented.

Counts are returned as ``(copied, skipped, bytes_copied)`` like zarr 2.x. When the destination
array would be encoded exactly like the source (same format and metadata), encoded chunk bytes
are copied verbatim; otherwise data is decoded and re-encoded one source chunk at a time, so any
two stores and formats work.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from zarrlite._backend.sync import map_limited
from zarrlite._sync.array import Array
from zarrlite._sync.group import Group
from zarrlite._sync.hierarchy import read_metadata, write_metadata, write_missing_parents
from zarrlite._sync.store.path import StorePath, make_store_path
from zarrlite.errors import ContainsArrayError, ContainsGroupError
from zarrlite.indexing._edges import unit_regions
from zarrlite.metadata import GroupMetadata

__all__ = ["CopyCounts", "copy", "copy_all", "copy_store"]

_IF_EXISTS = ("raise", "replace", "skip")


Progress = Callable[[int, int, int], None]


@attrs.define
class CopyCounts:
    """Running totals of one copy operation, reported to ``progress`` after each step."""

    progress: Progress | None = None
    copied: int = 0
    skipped: int = 0
    bytes_copied: int = 0
    # The blocking flavour copies keys from several threads at once.
    _lock: threading.Lock = attrs.field(factory=threading.Lock, repr=False)

    def add(self, copied: int = 0, skipped: int = 0, nbytes: int = 0) -> None:
        with self._lock:
            self.copied += copied
            self.skipped += skipped
            self.bytes_copied += nbytes
            totals = self.as_tuple()
        if self.progress is not None:
            self.progress(*totals)

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.copied, self.skipped, self.bytes_copied)


def _check_if_exists(if_exists: str) -> None:
    if if_exists not in _IF_EXISTS:
        raise ValueError(f"if_exists must be one of {_IF_EXISTS}, got {if_exists!r}")


def _check_nodes(source: Any, dest: Any, *, group_only: bool) -> None:
    """``TypeError`` unless ``source`` is an array or group (only a group for ``copy_all``) and
    ``dest`` a group of this flavour (an AttributeError deep inside the copy otherwise)."""
    kinds: tuple[type, ...] = (Group,) if group_only else (Array, Group)
    if not isinstance(source, kinds):
        wanted = "a group" if group_only else "an array or a group"
        raise TypeError(f"the source to copy must be {wanted}, got {source!r}")
    if not isinstance(dest, Group):
        raise TypeError(f"the destination of a copy must be a group, got {dest!r}")


def _join(prefix: str, name: str) -> str:
    return f"{prefix}/{name}" if prefix else name


def copy_store(
    source: Any,
    dest: Any,
    source_path: str = "",
    dest_path: str = "",
    excludes: Iterable[str] | str | None = None,
    includes: Iterable[str] | str | None = None,
    flags: int = 0,
    if_exists: str = "raise",
    dry_run: bool = False,
    log: Callable[[str], None] | None = None,
    progress: Progress | None = None,
) -> tuple[int, int, int]:
    """Copy every key under ``source_path`` of one store to ``dest_path`` of another, verbatim.

    ``excludes`` / ``includes`` are regular expressions matched against keys relative to
    ``source_path`` (an include overrides an exclude); ``if_exists`` is 'raise'
    (``ContainsArrayError`` naming the first clashing key, nothing copied), 'replace' or 'skip'.
    ``log`` receives one line per key; ``progress(copied, skipped, bytes)`` the running totals
    after each key. Returns ``(copied, skipped, bytes_copied)``.
    """
    _check_if_exists(if_exists)
    src = make_store_path(source, path=source_path, mode="r")
    dst = make_store_path(dest, path=dest_path)
    exclude = [
        re.compile(p, flags) for p in ([excludes] if isinstance(excludes, str) else excludes or [])
    ]
    include = [
        re.compile(p, flags) for p in ([includes] if isinstance(includes, str) else includes or [])
    ]
    prefix = f"{src.path}/" if src.path else ""
    keys = [key for key in src.store.list_prefix(prefix)]

    def selected(relative: str) -> bool:
        if any(p.search(relative) for p in include):
            return True
        return not any(p.search(relative) for p in exclude)

    relatives = [key[len(prefix) :] for key in keys if selected(key[len(prefix) :])]
    if if_exists == "raise":
        clashes = [r for r in relatives if dst.store.exists(_join(dst.path, r))]
        if clashes:
            raise ContainsArrayError(
                f"copy_store: key {_join(dst.path, clashes[0])!r} already exists in {dst.store!r} "
                f"({len(clashes)} clashing keys); pass if_exists='replace' or 'skip'"
            )

    counts = CopyCounts(progress)

    def copy_key(relative: str) -> None:
        target = _join(dst.path, relative)
        if if_exists == "skip" and dst.store.exists(target):
            if log:
                log(f"skip {relative}")
            counts.add(skipped=1)
            return
        data = src.store.get(prefix + relative)
        if data is None:
            return
        if not dry_run:
            dst.store.set(target, data)
        if log:
            log(f"{'would copy' if dry_run else 'copy'} {relative} ({len(data)} bytes)")
        counts.add(copied=1, nbytes=len(data))

    map_limited(copy_key, relatives, 64)
    return counts.as_tuple()


def _copy_array(
    source: Array,
    dest: StorePath,
    counts: CopyCounts,
    *,
    without_attrs: bool,
    dry_run: bool,
    log: Callable[[str], None] | None,
    create_kws: dict[str, Any],
) -> None:
    metadata = source.metadata
    if without_attrs:
        metadata = attrs.evolve(metadata, attributes={})
    if log:
        log(f"{'would copy' if dry_run else 'copy'} array {source.name} -> /{dest.path}")
    if dry_run:
        counts.add(copied=1)
        return
    if not create_kws:
        # Same encoding at the destination: copy encoded chunks byte for byte.
        write_missing_parents(dest, metadata.zarr_format)
        write_metadata(dest, metadata)
        prefix = f"{source.path}/" if source.path else ""
        names = {"zarr.json", ".zarray", ".zattrs", ".zgroup"}
        keys = [k for k in source.store.list_prefix(prefix) if k[len(prefix) :] not in names]

        def copy_chunk(key: str) -> int:
            data = source.store.get(key)
            if data is None:
                return 0
            dest.store.set(_join(dest.path, key[len(prefix) :]), data)
            counts.add(nbytes=len(data))
            return len(data)

        map_limited(copy_chunk, keys, 64)
    else:
        from zarrlite._sync.creation import create_array_at

        kwargs: dict[str, Any] = {
            "shape": source.shape,
            "dtype": source.dtype,
            "chunks": source._creation_chunks,
            "fill_value": source.fill_value,
            "attributes": dict(metadata.attributes),
            "zarr_format": source.zarr_format,
        }
        kwargs.update(create_kws)
        target = create_array_at(dest, overwrite=True, **kwargs)
        # Re-encode one source chunk region at a time to bound memory.
        for region in unit_regions(source.shape, source._pipeline.grid_shape):
            values = source.get_basic_selection(region)
            target.set_basic_selection(region, values)
            counts.add(nbytes=values.nbytes)
    counts.add(copied=1)


def _copy_node(
    source: Array | Group,
    dest: StorePath,
    counts: CopyCounts,
    *,
    shallow: bool,
    without_attrs: bool,
    if_exists: str,
    dry_run: bool,
    log: Callable[[str], None] | None,
    create_kws: dict[str, Any],
) -> None:
    existing = read_metadata(dest)
    if existing is not None:
        if if_exists == "skip":
            counts.add(skipped=1)
            if log:
                log(f"skip /{dest.path} (exists)")
            return
        if if_exists == "raise":
            error = ContainsGroupError if isinstance(source, Group) else ContainsArrayError
            raise error(f"copy: /{dest.path} already exists in {dest.store!r}")
        # An array there is replaced whole, whatever the source: a group's document written
        # over it would leave its chunks behind (v3) or a .zarray beside the .zgroup (v2).
        # A group there only gets new metadata and keeps its other members (zarr 2's merge).
        replaced = isinstance(source, Array) or not isinstance(existing, GroupMetadata)
        if not dry_run and replaced:
            dest.delete_dir()
    if isinstance(source, Array):
        _copy_array(
            source,
            dest,
            counts,
            without_attrs=without_attrs,
            dry_run=dry_run,
            log=log,
            create_kws=create_kws,
        )
        return
    if log:
        log(f"{'would copy' if dry_run else 'copy'} group {source.name} -> /{dest.path}")
    if not dry_run:
        group_metadata = attrs.evolve(
            source.metadata,
            consolidated_metadata=None,  # describes the source's members, not the copies
            zarr_format=create_kws.get("zarr_format", source.zarr_format),
        )
        if without_attrs:
            group_metadata = attrs.evolve(group_metadata, attributes={})
        write_missing_parents(dest, group_metadata.zarr_format)
        write_metadata(dest, group_metadata)
    counts.add(copied=1)
    if shallow:
        return
    for name, child in source.members():
        _copy_node(
            child,
            dest / name,
            counts,
            shallow=False,
            without_attrs=without_attrs,
            if_exists=if_exists,
            dry_run=dry_run,
            log=log,
            create_kws=create_kws,
        )


def copy(
    source: Array | Group,
    dest: Group,
    name: str | None = None,
    shallow: bool = False,
    without_attrs: bool = False,
    log: Callable[[str], None] | None = None,
    if_exists: str = "raise",
    dry_run: bool = False,
    progress: Progress | None = None,
    **create_kws: Any,
) -> tuple[int, int, int]:
    """Copy an array or group (recursively unless ``shallow``) into the group ``dest``.

    ``name`` defaults to the source's basename. ``create_kws`` (e.g. ``compressors``,
    ``chunks``, ``zarr_format``) re-encode arrays at the destination; without them encoded chunks
    are copied verbatim. ``if_exists``: 'raise' (``ContainsArrayError``/``ContainsGroupError``),
    'replace' or 'skip'; ``dry_run`` counts without writing; ``log`` receives one line per node;
    ``progress(copied, skipped, bytes)`` the running totals. Returns
    ``(copied, skipped, bytes_copied)``.
    """
    _check_if_exists(if_exists)
    _check_nodes(source, dest, group_only=False)
    target_name = name or source.basename
    if not target_name:
        raise ValueError("copy of a root node needs a name for the destination")
    counts = CopyCounts(progress)
    _copy_node(
        source,
        dest.store_path / target_name,
        counts,
        shallow=shallow,
        without_attrs=without_attrs,
        if_exists=if_exists,
        dry_run=dry_run,
        log=log,
        create_kws=create_kws,
    )
    return counts.as_tuple()


def copy_all(
    source: Group,
    dest: Group,
    shallow: bool = False,
    without_attrs: bool = False,
    log: Callable[[str], None] | None = None,
    if_exists: str = "raise",
    dry_run: bool = False,
    progress: Progress | None = None,
    **create_kws: Any,
) -> tuple[int, int, int]:
    """Copy every member of ``source`` into ``dest`` (see :func:`copy`)."""
    _check_if_exists(if_exists)
    _check_nodes(source, dest, group_only=True)
    counts = CopyCounts(progress)
    for name, child in source.members():
        _copy_node(
            child,
            dest.store_path / name,
            counts,
            shallow=shallow,
            without_attrs=without_attrs,
            if_exists=if_exists,
            dry_run=dry_run,
            log=log,
            create_kws=create_kws,
        )
    return counts.as_tuple()
