# Generated from zarrlite/_async/api.py by codegen. Do not edit.

"""The module-level functions of ``zarr.api.asynchronous``, with zarr-python 3.4's signatures.

Every function here is also generated as a blocking twin (``zarrlite.api.synchronous``). Unlike
zarr-python, ``store`` may be given positionally in both flavours.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from zarrlite import config as _config
from zarrlite._backend.sync import run_io
from zarrlite._sync.api_arrays import (
    array,
    create,
    create_array,
    empty,
    empty_like,
    from_array,
    full,
    full_like,
    like_arguments,
    ones,
    ones_like,
    store_path_for,
    warn_unsupported,
    zeros,
    zeros_like,
)
from zarrlite._sync.array import Array
from zarrlite._sync.bulk import create_hierarchy
from zarrlite._sync.consolidated import read_node_metadata, store_consolidated
from zarrlite._sync.copying import copy, copy_all, copy_store
from zarrlite._sync.creation import data_to_numpy
from zarrlite._sync.group import Group, node_from_metadata
from zarrlite._sync.hierarchy import read_metadata
from zarrlite._sync.loading import LazyArrays
from zarrlite._sync.store.path import StorePath
from zarrlite._types import ZarrFormat
from zarrlite.buffer._core import NDArrayLike
from zarrlite.config import ArrayConfigLike
from zarrlite.errors import (
    ArrayNotFoundError,
    ArrayNotFoundTypeError,
    ContainsArrayError,
    ContainsArrayGroupNotFoundError,
    ContainsGroupError,
    GroupNotFoundError,
    ReadOnlyError,
    array_instead_of_group,
    describe_path,
    group_instead_of_array,
)
from zarrlite.metadata import GroupMetadata

__all__ = [
    "array",
    "consolidate_metadata",
    "copy",
    "copy_all",
    "copy_store",
    "create_hierarchy",
    "from_array",
    "tree",
    "create",
    "create_array",
    "create_group",
    "empty",
    "empty_like",
    "full",
    "full_like",
    "group",
    "load",
    "ones",
    "ones_like",
    "open",
    "open_array",
    "open_consolidated",
    "open_group",
    "open_like",
    "save",
    "save_array",
    "save_group",
    "zeros",
    "zeros_like",
]

_CREATE_MODES = ("a", "w", "w-")


def _where(store_path: StorePath) -> str:
    return f"{describe_path(store_path.path)} in {store_path.store!r}"


def _missing_directory(store_path: StorePath) -> str:
    """``": the directory '...' does not exist"`` when a local store's root is missing (usually
    a mistyped path, which zarr-python reports as "... does not exist"), else ``""``."""
    root = getattr(store_path.store, "root", None)
    if isinstance(root, Path) and not run_io(root.is_dir):
        return f": the directory {str(root)!r} does not exist"
    return ""


# -- opening ---------------------------------------------------------------------------------


def open(
    store: Any = None,
    *,
    mode: str | None = None,
    zarr_format: ZarrFormat | None = None,
    path: str | None = None,
    storage_options: dict[str, Any] | None = None,
    config: ArrayConfigLike | None = None,
    **kwargs: Any,
) -> Array | Group:
    """Open the array or group at ``store``/``path``, whichever is there.

    With a creating mode and nothing there, a group is created, or an array when ``shape`` is
    among ``kwargs``. The default mode is ``"r"`` for a read-only store, else ``"a"``.
    """
    store_path = store_path_for(store, path, mode, storage_options)
    if mode is None:
        mode = "r" if store_path.read_only else "a"
    if "shape" in kwargs:
        return open_array(store_path, zarr_format=zarr_format, mode=mode, config=config, **kwargs)
    if mode not in ("w", "w-"):
        use_consolidated = kwargs.get("use_consolidated")
        metadata = read_node_metadata(store_path, zarr_format, use_consolidated)
        if metadata is not None:
            node = node_from_metadata(store_path, metadata)
            if isinstance(node, Array):
                return node if config is None else node.with_config(config)
            _refuse_group_config(config, store_path)
            return node
        if mode in ("r", "r+"):
            raise GroupNotFoundError(
                f"no array or group found at {_where(store_path)} (mode {mode!r} needs one)"
            )
    # Before open_group creates (or, in mode "w", replaces) anything.
    _refuse_group_config(config, store_path)
    return open_group(store_path, mode=mode, zarr_format=zarr_format, **kwargs)


def _refuse_group_config(config: ArrayConfigLike | None, store_path: StorePath) -> None:
    """``config`` is an array's runtime setting: given to :func:`open` for a group (found, or
    created without ``shape``) it is a ``TypeError``, as in zarr-python, not silently dropped."""
    if config is not None:
        raise TypeError(
            f"config={config!r} is for arrays, but open() resolves {_where(store_path)} to a "
            "group (give shape=... to create an array, or open_group without config)"
        )


def open_array(
    store: Any = None,
    *,
    zarr_format: ZarrFormat | None = None,
    path: str = "",
    storage_options: dict[str, Any] | None = None,
    config: ArrayConfigLike | None = None,
    **kwargs: Any,
) -> Array:
    """Open the array at ``store``/``path``; with mode ``a``/``w``/``w-`` create it if needed.

    ``kwargs`` takes ``mode`` and, for creation, :func:`create`'s arguments. Without a mode (as
    in zarr-python) a missing array is an ``ArrayNotFoundError``: only an explicit ``"a"``,
    ``"w"`` or ``"w-"`` creates one.
    """
    mode = kwargs.pop("mode", None)
    store_path = store_path_for(store, path, mode, storage_options)
    if mode == "w-" and "shape" not in kwargs:
        # An existing node is reported before the missing shape, as zarr-python does.
        existing = read_metadata(store_path, None)
        if existing is not None:
            kind, error = (
                ("group", ContainsGroupError)
                if isinstance(existing, GroupMetadata)
                else ("array", ContainsArrayError)
            )
            raise error(f"a {kind} already exists at {_where(store_path)} (mode 'w-')")
    if mode in ("w", "w-"):
        return create(
            store=store_path,
            zarr_format=zarr_format,
            overwrite=(mode == "w"),
            config=config,
            **kwargs,
        )
    metadata = read_metadata(store_path, zarr_format)
    if isinstance(metadata, GroupMetadata):
        raise group_instead_of_array(
            metadata.zarr_format, f"expected an array at {_where(store_path)} but found a group"
        )
    if metadata is not None:
        return Array(metadata, store_path, config)
    if mode in _CREATE_MODES and "shape" in kwargs:
        return create(store=store_path, zarr_format=zarr_format, config=config, **kwargs)
    if mode in _CREATE_MODES:
        raise ArrayNotFoundTypeError(
            f"no array found at {_where(store_path)}, and no shape given to create one "
            f"(mode {mode!r})"
        )
    raise ArrayNotFoundError(
        f"no array found at {_where(store_path)} (mode {mode!r}){_missing_directory(store_path)}"
    )


def open_group(
    store: Any = None,
    *,
    mode: str = "a",
    cache_attrs: bool | None = None,
    synchronizer: Any = None,
    path: str | None = None,
    chunk_store: Any = None,
    storage_options: dict[str, Any] | None = None,
    zarr_format: ZarrFormat | None = None,
    meta_array: Any = None,
    attributes: dict[str, Any] | None = None,
    use_consolidated: bool | str | None = None,
) -> Group:
    """Open the group at ``store``/``path``; mode ``a`` (default) creates it when missing.

    ``use_consolidated``: None (default) uses the group's consolidated metadata when it has
    some, True requires it (``ValueError`` otherwise), False ignores it, and a string names the
    v2 document holding it (default ``.zmetadata``).
    """
    warn_unsupported(
        cache_attrs=cache_attrs,
        synchronizer=synchronizer,
        chunk_store=chunk_store,
        meta_array=meta_array,
    )
    store_path = store_path_for(store, path, mode, storage_options)
    if mode in ("w", "w-"):
        return Group.create_at(
            store_path,
            attributes=attributes,
            zarr_format=zarr_format or _config.get("default_zarr_format"),
            overwrite=(mode == "w"),
        )
    metadata = read_node_metadata(store_path, zarr_format, use_consolidated)
    if metadata is not None and not isinstance(metadata, GroupMetadata):
        raise array_instead_of_group(
            metadata.zarr_format, f"expected a group at {_where(store_path)} but found an array"
        )
    if metadata is not None:
        return Group(metadata, store_path)
    if mode == "a":
        return Group.create_at(
            store_path,
            attributes=attributes,
            zarr_format=zarr_format or _config.get("default_zarr_format"),
        )
    raise GroupNotFoundError(
        f"no group found at {_where(store_path)} (mode {mode!r}){_missing_directory(store_path)}"
    )


def group(
    store: Any = None,
    *,
    overwrite: bool = False,
    chunk_store: Any = None,
    cache_attrs: bool | None = None,
    synchronizer: Any = None,
    path: str | None = None,
    zarr_format: ZarrFormat | None = None,
    meta_array: Any = None,
    attributes: dict[str, Any] | None = None,
    storage_options: dict[str, Any] | None = None,
) -> Group:
    """Open the group at ``store``/``path``, creating it if missing (replacing it if ``overwrite``)."""
    return open_group(
        store,
        mode="w" if overwrite else "a",
        chunk_store=chunk_store,
        cache_attrs=cache_attrs,
        synchronizer=synchronizer,
        path=path,
        zarr_format=zarr_format,
        meta_array=meta_array,
        attributes=attributes,
        storage_options=storage_options,
    )


def create_group(
    store: Any,
    *,
    path: str | None = None,
    zarr_format: ZarrFormat | None = None,
    overwrite: bool = False,
    attributes: dict[str, Any] | None = None,
    storage_options: dict[str, Any] | None = None,
) -> Group:
    """Create a new group; ``ContainsGroupError``/``ContainsArrayError`` if a node exists."""
    store_path = store_path_for(store, path, None, storage_options)
    return Group.create_at(
        store_path,
        attributes=attributes,
        zarr_format=zarr_format or _config.get("default_zarr_format"),
        overwrite=overwrite,
    )


def open_like(a: Any, path: str, *, zarr_format: ZarrFormat | None = None, **kwargs: Any) -> Array:
    """:func:`open_array` at ``path`` inside ``store`` (a keyword; default: a new memory store)
    with the creation arguments of an array like ``a`` (see ``like_arguments``).

    The mode defaults to ``"a"``. As in zarr-python, ``a``'s format is not inherited: an
    existing array of either format is opened, a missing one is created in ``zarr_format`` or
    the default format (``a``'s codecs are copied only when that is ``a``'s format).
    """
    arguments = like_arguments(a, zarr_format or _config.get("default_zarr_format"))
    arguments.pop("zarr_format")
    arguments |= kwargs
    if arguments.get("mode") is None:
        arguments["mode"] = "a"
    store = arguments.pop("store", None)
    return open_array(store, path=path, zarr_format=zarr_format, **arguments)


# -- saving and loading ----------------------------------------------------------------------


def require_ndarray_like(value: Any, what: str) -> None:
    """``save``/``save_array``/``save_group`` store numpy-like arrays only, as zarr-python 3.4
    (its ``NDArrayLike`` check): a list, a scalar or a zarr array is a ``TypeError`` naming
    ``what``; ``zarr.array``/``from_array`` take those."""
    if not isinstance(value, NDArrayLike):
        raise TypeError(
            f"{what} must be a numpy or other NDArrayLike array, not {type(value).__name__}"
            " (use np.asarray(...) for a list or scalar, from_array for a zarr array)"
        )


def save_array(
    store: Any,
    arr: Any,
    *,
    zarr_format: ZarrFormat | None = None,
    path: str | None = None,
    storage_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """Write the numpy-like ``arr`` as a new array at ``store``/``path``.

    ``kwargs`` go to :func:`create`, with ``mode`` (default ``"a"``) and ``overwrite`` as there:
    an existing node raises ``ContainsArrayError``/``ContainsGroupError`` unless
    ``overwrite=True`` or ``mode="w"``; ``mode="w-"`` needs an empty location.
    """
    require_ndarray_like(arr, "save_array: arr")
    values = data_to_numpy(arr)
    chunks = getattr(arr, "chunks", None)
    create(
        values.shape,
        dtype=values.dtype,
        chunks=kwargs.pop("chunks", chunks if isinstance(chunks, tuple) else None),
        store=store,
        path=path,
        zarr_format=zarr_format,
        storage_options=storage_options,
        overwrite=bool(kwargs.pop("overwrite", False)),
        mode=kwargs.pop("mode", None) or "a",
        data=values,
        **kwargs,
    )


def save_group(
    store: Any,
    *args: Any,
    zarr_format: ZarrFormat | None = None,
    path: str | None = None,
    storage_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """Write several arrays into a new group: positional ones as ``arr_0``, ``arr_1``...

    Every value must be numpy-like (as in zarr-python: not a list, scalar or zarr array),
    else ``TypeError`` before anything is written.
    """
    for i, value in enumerate(args):
        require_ndarray_like(value, f"save_group: Positional argument {i} (arr_{i})")
    for name, value in kwargs.items():
        require_ndarray_like(value, f"save_group: Keyword argument {name!r}")
    if not args and not kwargs:
        raise ValueError("save_group needs at least one array to save")
    named = {f"arr_{i}": value for i, value in enumerate(args)} | kwargs
    # Every value is read (and its data type checked) before the group replaces anything.
    named = {name: data_to_numpy(value) for name, value in named.items()}
    root = group(
        store, overwrite=True, path=path, zarr_format=zarr_format, storage_options=storage_options
    )
    for name, value in named.items():
        root.create_array(name, data=value, overwrite=True)


def save(
    store: Any,
    *args: Any,
    zarr_format: ZarrFormat | None = None,
    path: str | None = None,
    storage_options: dict[str, Any] | None = None,
    **kwargs: Any,
) -> None:
    """One positional array and no keywords: :func:`save_array`; otherwise :func:`save_group`."""
    if len(args) == 1 and not kwargs:
        save_array(
            store, args[0], zarr_format=zarr_format, path=path, storage_options=storage_options
        )
    else:
        save_group(
            store,
            *args,
            zarr_format=zarr_format,
            path=path,
            storage_options=storage_options,
            **kwargs,
        )


def load(
    store: Any,
    path: str | None = None,
    zarr_format: ZarrFormat | None = None,
    *,
    storage_options: dict[str, Any] | None = None,
) -> Any:
    """An array's data as numpy; for a group, a lazy read-only mapping of its arrays by name.

    The mapping reads an array only when it is looked up: ``loaded["x"]`` is the numpy data
    (a coroutine to await in the async API).
    """
    node = open(
        store, path=path, zarr_format=zarr_format, mode="r", storage_options=storage_options
    )
    if isinstance(node, Array):
        return node.getitem(Ellipsis)
    return LazyArrays({name: child for name, child in node.arrays()})


# -- consolidated metadata -------------------------------------------------------------------


def consolidate_metadata(
    store: Any,
    path: str | None = None,
    zarr_format: ZarrFormat | None = None,
    *,
    storage_options: dict[str, Any] | None = None,
) -> Group:
    """Store the metadata of every node below the group at ``store``/``path`` with that group
    (v3: inside its ``zarr.json``; v2: in ``.zmetadata``) and return the group.

    Opening the group later lists and opens its members without further metadata requests.
    The stored copy is a cache: run this again after changing the hierarchy from elsewhere.
    """
    store_path = store_path_for(store, path, None, storage_options)
    if not store_path.store.supports_consolidated_metadata:
        raise TypeError(
            f"cannot consolidate metadata: {store_path.store!r} does not support consolidated "
            "metadata"
        )
    root = read_node_metadata(store_path, zarr_format, False)
    if root is None:
        raise GroupNotFoundError(f"no group found at {_where(store_path)} to consolidate")
    if not isinstance(root, GroupMetadata):
        # Also a GroupNotFoundError (FileNotFoundError), which zarr-python raises here.
        raise ContainsArrayGroupNotFoundError(
            f"expected a group at {_where(store_path)} but found an array: only groups hold "
            "consolidated metadata"
        )
    group = Group(root, store_path)
    if group.read_only:
        raise ReadOnlyError(f"cannot consolidate metadata in read-only store {store_path.store!r}")
    members = {
        name: node.metadata
        for name, node in group.members(max_depth=None, use_consolidated_for_children=False)
    }
    return Group(store_consolidated(store_path, root, members), store_path)


def open_consolidated(*args: Any, use_consolidated: Literal[True] = True, **kwargs: Any) -> Group:
    """:func:`open_group` with ``use_consolidated=True``: the group must have consolidated metadata."""
    if use_consolidated is not True:
        raise TypeError(
            f"open_consolidated needs use_consolidated=True, got {use_consolidated!r}; "
            "use open_group(use_consolidated=False) to bypass consolidated metadata"
        )
    return open_group(*args, use_consolidated=True, **kwargs)


def tree(grp: Group, expand: bool | None = None, level: int | None = None) -> Any:
    """The hierarchy below ``grp`` as text; same as ``grp.tree(expand, level)`` (``level``: the
    maximum depth below ``grp`` shown, 0 = direct members only)."""
    return grp.tree(expand=expand, level=level)
