"""Exceptions and warnings raised by zarrlite.

Every class subclasses the builtin exception zarr-python raises in the same situation, so
existing ``except`` clauses keep working after ``import zarrlite as zarr``.
"""

from __future__ import annotations

__all__ = [
    "ArrayIndexError",
    "ArrayNotFoundError",
    "ArrayNotFoundKeyError",
    "ArrayNotFoundTypeError",
    "BaseZarrError",
    "BoundsCheckError",
    "ChunkNotFoundError",
    "ContainsArrayAndGroupError",
    "ContainsArrayError",
    "ContainsArrayGroupNotFoundError",
    "ContainsArrayTypeError",
    "ContainsGroupArrayNotFoundError",
    "ContainsGroupError",
    "ContainsGroupNodeTypeError",
    "ContainsGroupTypeError",
    "DataTypeValidationError",
    "GroupNotFoundError",
    "GroupNotFoundKeyError",
    "MetadataValidationError",
    "NegativeStepError",
    "NodeNotFoundError",
    "NodeTypeValidationError",
    "PickleCodecDisabledError",
    "ReadOnlyError",
    "RectilinearChunksDisabledError",
    "UnknownCodecError",
    "UnstableSpecificationWarning",
    "VindexInvalidSelectionError",
    "ZarrDeprecationWarning",
    "ZarrFutureWarning",
    "ZarrRuntimeWarning",
    "ZarrUserWarning",
    "array_instead_of_group",
    "describe_path",
    "group_instead_of_array",
]


def describe_path(path: str) -> str:
    """How a node path is shown in messages: the root is spelled out, never an empty string."""
    return repr(path) if path else "'' (root)"


def group_instead_of_array(zarr_format: int, message: str) -> ContainsGroupError:
    """The error for opening a group as an array: a ``ContainsGroupError`` that is also what
    zarr-python raises for that format (``ArrayNotFoundError`` for v2, which looks for
    ``.zarray``; ``NodeTypeValidationError`` for v3, which reads the group's ``zarr.json``)."""
    if zarr_format == 2:
        return ContainsGroupArrayNotFoundError(message)
    return ContainsGroupNodeTypeError(message)


def array_instead_of_group(zarr_format: int, message: str) -> ContainsArrayError:
    """The error for opening an array as a group: a ``ContainsArrayError``, for v2 also the
    ``GroupNotFoundError`` zarr-python raises (it looks for ``.zgroup``)."""
    if zarr_format == 2:
        return ContainsArrayGroupNotFoundError(message)
    return ContainsArrayError(message)


class BaseZarrError(ValueError):
    """Root of zarrlite's own errors."""


class NodeNotFoundError(BaseZarrError, FileNotFoundError):
    """Nothing (neither array nor group) is stored at a path."""


class ArrayNotFoundError(NodeNotFoundError):
    """An array was expected at a path and none is there."""


class GroupNotFoundError(NodeNotFoundError):
    """A group was expected at a path and none is there."""


class ContainsArrayError(BaseZarrError, FileExistsError):
    """An array already exists where something else was to be created or opened.

    Also a ``FileExistsError``, which zarr-python raises for mode ``"w-"`` on an existing node.
    """


class ContainsGroupError(BaseZarrError, FileExistsError):
    """A group already exists where something else was to be created or opened."""


# A node of the other kind where one was expected: zarrlite's class, combined with the class
# zarr-python raises in that situation, so ``except`` clauses written for either keep working.


class ContainsArrayTypeError(ContainsArrayError, TypeError):
    """``require_group`` found an array (zarr-python raises ``TypeError``)."""


class ContainsGroupTypeError(ContainsGroupError, TypeError):
    """``require_array`` found a group (zarr-python raises ``TypeError``)."""


class ContainsArrayGroupNotFoundError(ContainsArrayError, GroupNotFoundError):
    """A v2 array where ``open_group`` (mode ``"r"``/``"r+"``) expected a group (zarr-python
    raises ``GroupNotFoundError``)."""


class ContainsGroupArrayNotFoundError(ContainsGroupError, ArrayNotFoundError):
    """A v2 group where ``open_array`` expected an array (zarr-python raises
    ``ArrayNotFoundError``)."""


class ArrayNotFoundKeyError(ArrayNotFoundError, KeyError):
    """``Group.get_array`` found no member at the path (zarr-python raises
    ``ArrayNotFoundError``; a missing member is a ``KeyError`` in zarrlite's lookups)."""


class GroupNotFoundKeyError(GroupNotFoundError, KeyError):
    """``Group.get_group`` found no member at the path (zarr-python raises
    ``GroupNotFoundError``; a missing member is a ``KeyError`` in zarrlite's lookups)."""


class ArrayNotFoundTypeError(ArrayNotFoundError, TypeError):
    """``open_array`` in mode ``"a"`` found no array and was given no ``shape`` to create one
    (zarr-python raises ``TypeError``: the shape argument is missing)."""


class ContainsArrayAndGroupError(BaseZarrError):
    """Both array and group metadata exist at one path."""


class MetadataValidationError(BaseZarrError):
    """A metadata document has an invalid or missing field."""


class NodeTypeValidationError(MetadataValidationError):
    """The ``node_type`` of a metadata document is not the one expected."""


class ContainsGroupNodeTypeError(ContainsGroupError, NodeTypeValidationError):
    """A v3 group where ``open_array`` expected an array (zarr-python raises
    ``NodeTypeValidationError``)."""


class UnknownCodecError(BaseZarrError):
    """A codec name or numcodecs id is not registered."""


class ChunkNotFoundError(BaseZarrError):
    """A chunk is missing and ``array.read_missing_chunks`` is False."""


class PickleCodecDisabledError(BaseZarrError):
    """The pickle codec was needed but ``array.allow_unsafe_pickle_decode`` is False."""


class DataTypeValidationError(ValueError):
    """A data type description (JSON or numpy-like) is invalid."""


class ReadOnlyError(ValueError):
    """A write was attempted through a read-only store or array."""


class RectilinearChunksDisabledError(ValueError):
    """A rectilinear chunk grid was asked for while config ``array.rectilinear_chunks`` is off."""


class ArrayIndexError(IndexError):
    """An array selection is not valid for this array."""


class BoundsCheckError(IndexError):
    """An index is out of the bounds of an axis."""


class NegativeStepError(IndexError):
    """A slice with a negative step was given (not supported)."""


class VindexInvalidSelectionError(IndexError):
    """A coordinate (vindex) selection is not made of integer arrays or one boolean mask."""


class ZarrDeprecationWarning(DeprecationWarning):
    """A deprecated parameter or function was used."""


class ZarrFutureWarning(FutureWarning):
    """Behaviour that will change in a future release."""


class UnstableSpecificationWarning(ZarrFutureWarning):
    """A feature outside the stable Zarr specification was used."""


class ZarrRuntimeWarning(RuntimeWarning):
    """A parameter was accepted but has no effect."""


class ZarrUserWarning(UserWarning):
    """Something the user probably did not intend."""
