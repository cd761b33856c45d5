# Generated from zarrlite/_async/group_arrays.py by codegen. Do not edit.

"""Array members of a group: ``create_array`` and its shorthands (``zeros``, ``*_like``...).

A mixin of :class:`~zarrlite._sync.group.Group`, kept apart to keep that module small.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import numpy as np

from zarrlite._defaults import DEFAULT_FILL_VALUE
from zarrlite._sync.array import Array
from zarrlite._sync.creation import (
    create_array_at,
    refuse_v3_compressor,
    refuse_v3_dimension_separator,
    require_dtype,
    with_write_empty_chunks,
)
from zarrlite._sync.store.path import StorePath, normalize_path
from zarrlite._types import ZarrFormat
from zarrlite.config import ArrayConfigLike
from zarrlite.errors import (
    ContainsArrayError,
    ContainsGroupError,
    ContainsGroupTypeError,
    ZarrRuntimeWarning,
    ZarrUserWarning,
)
from zarrlite.metadata.dtypes import parse_dtype

if TYPE_CHECKING:
    from zarrlite._sync.hierarchy import NodeMetadata

__all__ = ["GroupArrays"]


def _parse_deprecated_compressor(compressor: Any, compressors: Any, zarr_format: ZarrFormat) -> Any:
    """``Group.create_array``'s ``compressor``/``compressors`` as zarr-python 3.4 reads them.

    ``compressor`` (one codec, or None for none) stands for ``compressors``: giving both is a
    ``ValueError``, and for a v3 group it warns (``ZarrUserWarning``). Deliberately unlike
    zarr-python, a v2 member with neither gets the Zstd of ``create_array(zarr_format=2)``, not
    numcodecs' default Blosc (docs/api-coverage.md, Group.create_array).
    """
    if not (isinstance(compressor, str) and compressor == "auto"):
        if not (isinstance(compressors, str) and compressors == "auto"):
            raise ValueError("Cannot specify both `compressor` and `compressors`.")
        if zarr_format == 3:
            warnings.warn(
                "The `compressor` argument is deprecated. Use `compressors` instead.",
                ZarrUserWarning,
                stacklevel=3,
            )
        return () if compressor is None else (compressor,)
    return compressors


# zarr-python's group shorthands (zeros, full, *_like...) call ``zarr.create``, so they also
# take its zarr-python-2 vocabulary; these arguments of it have no effect there (a warning).
_IGNORED_CREATE_ARGUMENTS = (
    "synchronizer",
    "chunk_store",
    "cache_metadata",
    "cache_attrs",
    "read_only",
    "object_codec",
    "meta_array",
)


def _create_vocabulary(arguments: dict[str, Any], zarr_format: ZarrFormat) -> dict[str, Any]:
    """``arguments`` of a group shorthand with ``create``'s own names (``chunk_shape``,
    ``dimension_separator``, ``codecs``, ``write_empty_chunks`` and the ignored ones) turned
    into :func:`create_array_at`'s, checked as ``create`` checks them."""
    arguments = dict(arguments)
    for name in _IGNORED_CREATE_ARGUMENTS:
        if arguments.pop(name, None) is not None:
            warnings.warn(
                f"the {name!r} argument is accepted for compatibility but has no effect in "
                "zarrlite",
                ZarrRuntimeWarning,
                stacklevel=4,
            )
    chunk_shape = arguments.pop("chunk_shape", None)
    if chunk_shape is not None:
        arguments["chunks"] = chunk_shape
    separator = arguments.pop("dimension_separator", None)
    refuse_v3_dimension_separator(separator, zarr_format)
    if separator is not None:
        arguments.setdefault("chunk_key_encoding", {"name": "v2", "separator": separator})
    if arguments.get("codecs") is not None and zarr_format == 2:
        raise ValueError(
            "codecs= describes a Zarr v3 codec pipeline; use compressor/filters for v2"
        )
    write_empty_chunks = arguments.pop("write_empty_chunks", None)
    if write_empty_chunks is not None:
        arguments["config"] = with_write_empty_chunks(
            arguments.get("config"), write_empty_chunks, stacklevel=4
        )
    return arguments


class GroupArrays:
    """Creating (and requiring) array members; every new member enters the group's
    consolidated metadata, if it has some."""

    if TYPE_CHECKING:  # provided by AsyncGroup

        @property
        def name(self) -> str: ...

        @property
        def zarr_format(self) -> ZarrFormat: ...

        def _child_path(self, key: str) -> StorePath: ...

        @property
        def store(self) -> Any: ...

        def _member(self, path: str) -> Any: ...

        def _remember_members(self, created: list[tuple[str, NodeMetadata]]) -> None: ...

    def create_array(
        self,
        name: str,
        *,
        shape: Any = None,
        dtype: Any = None,
        data: Any = None,
        chunks: Any = "auto",
        shards: Any = None,
        filters: Any = "auto",
        compressors: Any = "auto",
        compressor: Any = "auto",
        serializer: Any = "auto",
        fill_value: Any = DEFAULT_FILL_VALUE,
        order: Any = None,
        attributes: dict[str, Any] | None = None,
        chunk_key_encoding: Any = None,
        dimension_names: Any = None,
        storage_options: dict[str, Any] | None = None,
        overwrite: bool = False,
        config: ArrayConfigLike | None = None,
        write_data: bool = True,
    ) -> Array:
        """Create an array member; parameters as :func:`zarrlite.create_array`."""
        require_dtype(data, dtype)
        compressors = _parse_deprecated_compressor(compressor, compressors, self.zarr_format)
        return self._create_array(
            name,
            storage_options=storage_options,
            shape=shape,
            dtype=dtype,
            data=data,
            chunks=chunks,
            shards=shards,
            filters=filters,
            compressors=compressors,
            serializer=serializer,
            fill_value=fill_value,
            order=order,
            attributes=attributes,
            chunk_key_encoding=chunk_key_encoding,
            dimension_names=dimension_names,
            overwrite=overwrite,
            config=config,
            write_data=write_data,
        )

    def _create_array(
        self,
        name: str,
        *,
        storage_options: dict[str, Any] | None = None,
        compressor: Any = "auto",
        compressors: Any = "auto",
        **arguments: Any,
    ) -> Array:
        """``create_array`` for the shorthands (``zeros``...): as in zarr-python, where they call
        ``zarr.create``, ``compressor`` replaces ``compressors`` without a warning."""
        if storage_options is not None:
            raise TypeError("storage_options are given when the store is opened, not per member")
        if not (isinstance(compressor, str) and compressor == "auto"):
            refuse_v3_compressor(compressor, self.zarr_format)
            compressors = compressor
        return self._create_member(name, compressors=compressors, **arguments)

    def _create_member(self, name: str, **arguments: Any) -> Array:
        """:func:`create_array_at` of the member ``name`` (``arguments`` as it takes them, in
        this group's format), remembered in this handle's consolidated metadata."""
        # zarr-python accepts the group's own format here; a member always takes the group's
        zarr_format = arguments.pop("zarr_format", None)
        if zarr_format is not None and zarr_format != self.zarr_format:
            raise ValueError(
                f"zarr_format={zarr_format!r} for a member of a Zarr v{self.zarr_format} group"
            )
        arguments = _create_vocabulary(arguments, self.zarr_format)
        node = create_array_at(self._child_path(name), zarr_format=self.zarr_format, **arguments)
        self._remember_members([(normalize_path(name), node.metadata)])
        return node

    def require_array(
        self,
        name: str,
        *,
        shape: Any,
        dtype: Any = None,
        exact: bool = False,
        config: ArrayConfigLike | None = None,
        **kwargs: Any,
    ) -> Array:
        """The array ``name`` if it has this shape and its dtype can be cast to ``dtype`` (is
        ``dtype``, with ``exact``), else a new one; ``TypeError`` if they do not fit or a group
        is there (``ContainsGroupTypeError``).

        An array created by another task or process between the lookup and the creation is
        checked and returned, so concurrent calls all get the array.
        """
        node = self._member(name)
        if node is None:
            try:
                return self.create_array(name, shape=shape, dtype=dtype, config=config, **kwargs)
            except (ContainsArrayError, ContainsGroupError):
                node = self._member(name)  # created concurrently since the lookup
                if node is None:  # the error is about something else (an array above it)
                    raise
        if not isinstance(node, Array):
            raise ContainsGroupTypeError(
                f"member {name!r} of group {self.name!r} in {self.store!r} is a group, not an array"
            )
        wanted_shape = (shape,) if isinstance(shape, int) else tuple(shape)
        if node.shape != wanted_shape:
            raise TypeError(f"array {name!r} has shape {node.shape}, not {wanted_shape}")
        if dtype is not None:
            # Every spelling create_array takes (str, "string", a ZDType...), not only numpy's.
            wanted = parse_dtype(dtype, node.zarr_format)
            # As zarr-python: the stored dtype must cast safely to the one asked for.
            if (exact and node.dtype != wanted) or (
                not exact and not np.can_cast(node.dtype, wanted)
            ):
                raise TypeError(f"array {name!r} has dtype {node.dtype}, not {wanted}")
        return node if config is None else node.with_config(config)

    def empty(self, *, name: str, shape: Any, **kwargs: Any) -> Array:
        """Create an array ``name`` without writing data."""
        return self._create_array(name, shape=shape, **kwargs)

    def zeros(self, *, name: str, shape: Any, **kwargs: Any) -> Array:
        """Create an array ``name`` filled with zeros."""
        return self._create_array(name, shape=shape, fill_value=0, **kwargs)

    def ones(self, *, name: str, shape: Any, **kwargs: Any) -> Array:
        """Create an array ``name`` filled with ones."""
        return self._create_array(name, shape=shape, fill_value=1, **kwargs)

    def full(self, *, name: str, shape: Any, fill_value: Any, **kwargs: Any) -> Array:
        """Create an array ``name`` filled with ``fill_value``."""
        return self._create_array(name, shape=shape, fill_value=fill_value, **kwargs)

    def create(self, name: str, **kwargs: Any) -> Array:
        """Alias of :meth:`create_array`."""
        return self.create_array(name, **kwargs)

    def empty_like(self, *, name: str, data: Any, **kwargs: Any) -> Array:
        """Create an array ``name`` like ``data`` (see :func:`zarrlite.empty_like`)."""
        return self._create_like("empty_like", name, data, {}, kwargs)

    def zeros_like(self, *, name: str, data: Any, **kwargs: Any) -> Array:
        """Create an array ``name`` like ``data``, filled with zeros."""
        return self._create_like("zeros_like", name, data, {"fill_value": 0}, kwargs)

    def ones_like(self, *, name: str, data: Any, **kwargs: Any) -> Array:
        """Create an array ``name`` like ``data``, filled with ones."""
        return self._create_like("ones_like", name, data, {"fill_value": 1}, kwargs)

    def full_like(self, *, name: str, data: Any, **kwargs: Any) -> Array:
        """Create an array ``name`` like ``data``, filled with ``fill_value`` (default:
        ``data``'s fill value when it is a zarr array; otherwise required)."""
        return self._create_like("full_like", name, data, {}, kwargs)

    def _create_like(
        self, function: str, name: str, data: Any, fill: dict[str, Any], kwargs: dict[str, Any]
    ) -> Array:
        """A member like ``data``: what :func:`like_arguments` copies in this group's format
        (shape, chunks, dtype, fill value; order, compressor and filters of a v2 array; the
        codecs of a v3 one, sharding included), as zarr-python's group methods do."""
        # Imported here: api_arrays sits above this module.
        from zarrlite._sync.api_arrays import like_arguments, refuse_like_fill_value

        refuse_like_fill_value(function, data, kwargs)
        found = like_arguments(data, self.zarr_format)
        found.pop("zarr_format", None)
        if "compressor" in found:  # v2: create_array_at's vocabulary
            found["compressors"] = found.pop("compressor")
            found["filters"] = found["filters"] or ()
        if "compressor" in kwargs:
            refuse_v3_compressor(kwargs["compressor"], self.zarr_format)
            kwargs = {**kwargs, "compressors": kwargs["compressor"]}
            del kwargs["compressor"]
        if {"filters", "compressors", "serializer", "shards"} & set(kwargs):
            found.pop("codecs", None)  # the caller describes the codecs
        if "storage_options" in kwargs:
            raise TypeError("storage_options are given when the store is opened, not per member")
        return self._create_member(name, **{**found, **fill, **kwargs})
