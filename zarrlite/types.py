"""Type aliases for annotations, under zarr-python 3.4's ``zarr.types`` names.

zarr-python's ``Array`` and ``AsyncArray`` are generic over their metadata class, so it can
name format-specific arrays (``ArrayV2`` = ``Array[ArrayV2Metadata]``). zarrlite's array
classes are not generic: one class serves both formats, so every array alias here is the
plain class (``ArrayV2`` and ``ArrayV3`` are ``Array``; tell the formats apart at runtime by
``array.metadata.zarr_format``). The aliases are for annotations; ``isinstance`` works with
them as with the classes themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Generic, TypeAlias, TypedDict, TypeVar

from zarrlite._async.array import AsyncArray
from zarrlite._sync.array import Array
from zarrlite._types import JSON, ZarrFormat

__all__ = [
    "JSON",
    "AnyArray",
    "AnyAsyncArray",
    "ArrayV2",
    "ArrayV3",
    "AsyncArrayV2",
    "AsyncArrayV3",
    "DTypeConfig_V2",
    "DTypeJSON",
    "ZarrFormat",
]

AnyAsyncArray: TypeAlias = AsyncArray
"""A Zarr format 2 or 3 :class:`~zarrlite.AsyncArray`."""

AsyncArrayV2: TypeAlias = AsyncArray
"""A Zarr format 2 :class:`~zarrlite.AsyncArray` (the same class: zarrlite's is not generic)."""

AsyncArrayV3: TypeAlias = AsyncArray
"""A Zarr format 3 :class:`~zarrlite.AsyncArray` (the same class: zarrlite's is not generic)."""

AnyArray: TypeAlias = Array
"""A Zarr format 2 or 3 :class:`~zarrlite.Array`."""

ArrayV2: TypeAlias = Array
"""A Zarr format 2 :class:`~zarrlite.Array` (the same class: zarrlite's is not generic)."""

ArrayV3: TypeAlias = Array
"""A Zarr format 3 :class:`~zarrlite.Array` (the same class: zarrlite's is not generic)."""

DTypeJSON: TypeAlias = "str | int | float | Sequence[DTypeJSON] | Mapping[str, object] | None"
"""The JSON form of a data type: a v3 name or ``{"name", "configuration"}`` object, or the
v2 form ``ZDType.to_json(zarr_format=2)`` returns (see :class:`DTypeConfig_V2`)."""

_TName = TypeVar("_TName")
_TObjectCodecID = TypeVar("_TObjectCodecID")


# The name is zarr-python's (not CapWords).
class DTypeConfig_V2(TypedDict, Generic[_TName, _TObjectCodecID]):
    """A data type in Zarr format 2: the ``dtype`` field of ``.zarray`` and, for object
    arrays, the id of the codec that encodes the objects (``"vlen-utf8"``...), else None."""

    name: _TName
    object_codec_id: _TObjectCodecID
