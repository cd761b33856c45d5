"""What kind of selection is this: the dispatch of ``Array.__getitem__``/``__setitem__``.

The predicates reproduce zarr-python 3.4's (``zarr.core.indexing``) so that the same expression
reaches the same kind of indexer, quirks included: ``a[[1, 2], [3, 4]]`` is a coordinate
(vindex) selection, ``a[[1, 2], :]`` and ``a[[1, 2], [True, False, True]]`` are orthogonal, and
a selection zarr-python sends nowhere valid (``a[..., [1, 2]]``) fails here too.
"""

from __future__ import annotations

import numbers
from typing import Any, Literal, TypeAlias

import numpy as np

from zarrlite.errors import ArrayIndexError
from zarrlite.indexing._common import ensure_tuple

__all__ = [
    "FieldNotFoundError",
    "Fields",
    "SelectionKind",
    "check_fields",
    "classify_selection",
    "is_pure_fancy_indexing",
    "is_pure_orthogonal_indexing",
    "normalize_fields",
    "pop_fields",
]

Fields: TypeAlias = "str | list[str]"
SelectionKind: TypeAlias = Literal["basic", "orthogonal", "coordinate", "mask"]


class FieldNotFoundError(ArrayIndexError, KeyError):
    """A field name that the structured dtype does not have.

    An IndexError like zarr-python's, and a KeyError like a missing key of ``dtype.fields``.
    """

    def __str__(self) -> str:
        # KeyError would repr() the message; show it as written.
        return str(self.args[0]) if self.args else ""


# -- zarr-python's predicates -----------------------------------------------------------------


def _is_bool(x: Any) -> bool:
    return type(x) in (bool, np.bool_)


def _is_zero_dim_integer(x: Any) -> bool:
    return isinstance(x, np.ndarray) and x.ndim == 0 and x.dtype.kind in "ui"


def _is_integer(x: Any) -> bool:
    # A 0-d integer array is an integer, as in numpy (zarr-python takes it for a 1-element
    # coordinate array: a[np.array(3)] has shape (1,) there and is an IndexError on 2-d).
    return (isinstance(x, numbers.Integral) and not _is_bool(x)) or _is_zero_dim_integer(x)


def _is_integer_list(x: Any) -> bool:
    return isinstance(x, list) and len(x) > 0 and all(_is_integer(i) for i in x)


def _is_bool_list(x: Any) -> bool:
    return isinstance(x, list) and len(x) > 0 and all(_is_bool(i) for i in x)


def _is_integer_array(x: Any) -> bool:
    return (
        not np.isscalar(x)
        and hasattr(x, "shape")
        and hasattr(x, "dtype")
        and x.dtype.kind in "ui"
        and x.shape != ()
    )


def _is_bool_array(x: Any) -> bool:
    return hasattr(x, "shape") and hasattr(x, "dtype") and x.dtype == bool


def _is_int_or_bool_iterable(x: Any) -> bool:
    return _is_integer_list(x) or _is_integer_array(x) or _is_bool_array(x) or _is_bool_list(x)


def is_pure_fancy_indexing(selection: Any, ndim: int) -> bool:
    """Whether ``a[selection]`` is vectorised indexing (zarr-python's rule).

    True for a boolean array; on a 1-D array for an integer list/array or a boolean list; else
    for a tuple of exactly ``ndim`` integers / integer lists / integer arrays with at least one
    list or array (no slice, no Ellipsis).
    """
    if _is_bool_array(selection):
        return True
    if ndim == 1 and (
        _is_integer_list(selection) or _is_integer_array(selection) or _is_bool_list(selection)
    ):
        return True
    if not isinstance(selection, tuple) or len(selection) != ndim:
        return False
    if any(isinstance(item, slice) or item is Ellipsis for item in selection):
        return False
    return all(
        _is_integer(item) or _is_integer_list(item) or _is_integer_array(item) for item in selection
    ) and any(_is_integer_list(item) or _is_integer_array(item) for item in selection)


def is_pure_orthogonal_indexing(selection: Any, ndim: int) -> bool:
    """Whether ``a[selection]`` is orthogonal indexing (zarr-python's rule).

    True for ``ndim`` integer/boolean lists or arrays, or for at most ``ndim`` items that are
    Python ints, slices and at most one integer/boolean list or array. Always False for 0-d.
    """
    if not ndim:
        return False
    items = ensure_tuple(selection)
    if len(items) == ndim and all(_is_int_or_bool_iterable(s) for s in items):
        return True
    return (
        len(items) <= ndim
        and sum(_is_int_or_bool_iterable(s) for s in items) <= 1
        and all(
            _is_int_or_bool_iterable(s) or isinstance(s, int | slice) or _is_zero_dim_integer(s)
            for s in items
        )
    )


def classify_selection(selection: Any, ndim: int) -> SelectionKind:
    """The indexer ``Array.__getitem__``/``__setitem__`` use for ``selection`` (fields popped).

    Follows zarr-python 3: pure fancy indexing goes to vindex (``"coordinate"``, or ``"mask"``
    for one boolean array, which the indexer then checks), pure orthogonal indexing with at
    least one array to ``"orthogonal"``, the rest to ``"basic"``. zarr-python also sends plain
    ints and slices through its orthogonal indexer; the result is the same as basic indexing,
    so they are reported as ``"basic"``.
    """
    if is_pure_fancy_indexing(selection, ndim):
        items = ensure_tuple(selection)
        if len(items) == 1 and (_is_bool_array(items[0]) or _is_bool_list(items[0])):
            return "mask"
        return "coordinate"
    if is_pure_orthogonal_indexing(selection, ndim) and any(
        _is_int_or_bool_iterable(s) for s in ensure_tuple(selection)
    ):
        return "orthogonal"
    return "basic"


# -- structured dtypes ------------------------------------------------------------------------


def _is_field_list(x: Any) -> bool:
    return isinstance(x, list) and len(x) > 0 and all(isinstance(i, str) for i in x)


def pop_fields(selection: Any) -> tuple[Fields | None, Any]:
    """Split field names (a str, or a list of str, anywhere in the selection) from the rest.

    One name alone gives a str (the result has that field's dtype); a list, or several names,
    give a list (a structured result). A 1-tuple left over is unwrapped, like zarr-python.
    """
    if isinstance(selection, str):
        return selection, ()
    if _is_field_list(selection):
        return list(selection), ()
    if not isinstance(selection, tuple):
        return None, selection
    names: list[str] = []
    listed = False
    rest: list[Any] = []
    for item in selection:
        if isinstance(item, str):
            names.append(item)
        elif _is_field_list(item):
            names.extend(item)
            listed = True
        else:
            rest.append(item)
    fields: Fields | None = None
    if names:
        fields = names[0] if len(names) == 1 and not listed else names
    return fields, rest[0] if len(rest) == 1 else tuple(rest)


def normalize_fields(fields: Any) -> Any:
    """The ``fields=`` argument as the pipeline takes it: None for no fields (None or an empty
    str/list/tuple, as zarr-python, which tests ``if fields``), a list for a tuple of names (a
    tuple would index a chunk by position). Anything else is left for :func:`check_fields`."""
    if isinstance(fields, str | list | tuple) and not fields:
        return None
    if isinstance(fields, tuple):
        return list(fields)
    return fields


def check_fields(fields: Fields | None, dtype: np.dtype[Any]) -> np.dtype[Any]:
    """The dtype of the result of selecting ``fields`` of ``dtype`` (``dtype`` for None)."""
    if fields is None:
        return dtype
    if not isinstance(fields, str | list | tuple):
        raise ArrayIndexError(
            f"fields must be a string or a list of strings, got {type(fields).__name__}"
        )
    if not fields:
        return dtype
    if dtype.names is None:
        raise ArrayIndexError(
            f"cannot select fields {fields!r}: the array's dtype {dtype} has no fields"
        )
    names = [fields] if isinstance(fields, str) else list(fields)
    for name in names:
        if not isinstance(name, str) or name not in dtype.names:
            raise FieldNotFoundError(
                f"field {name!r} not found in dtype {dtype}; its fields are {list(dtype.names)}"
            )
    if isinstance(fields, str):
        return dtype[fields]
    return np.dtype([(name, dtype[name]) for name in names])
