"""Reading stored array documents that older writers left invalid.

Only documents read from a store pass through here (``ArrayV2Metadata.from_dict`` and
``ArrayV3Metadata.from_dict``, so consolidated metadata too); what a user passes when creating
an array is checked strictly. Each reading is one zarr-python 3.4 also makes, so both libraries
find the same chunks:

- a chunk size stored as ``true`` is 1; one stored as ``0`` or ``false`` (written by older
  zarr-python on axes of length 0) is the smallest size the axis can have: 1, or the inner
  chunk size of a sharded array. On an axis that is not empty no chunk can exist under it, so
  the array holds only its fill value, and a warning says to recreate it;
- a ``regular`` grid whose chunk shape mixes sizes with lists of edge lengths (zarr-python
  3.2 wrote ``chunks=(2, (5, 10, 5))`` so) is the ``rectilinear`` grid it describes, with a
  warning: zarrlite stores that grid before the array's next chunk write, so that every
  reader finds the chunks;
- in a ``rectilinear`` grid, edges stored as ``true`` or as whole floats (``4.0``) are the
  integers they equal, and configuration keys other than ``kind`` and ``chunk_shapes`` are
  ignored;
- the inner chunk shape of a sharding codec may hold ``true`` (1).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any, TypeGuard

import attrs

from zarrlite._types import JSON
from zarrlite.errors import ZarrUserWarning

__all__ = ["Reading", "mark_read", "repair_v2_document", "repair_v3_document"]

_RECREATE = (
    "Recreate it with the chunk shape you want (zarrlite.from_array(array, store=..., "
    "chunks=..., write_data=False, overwrite=True) keeps its data type, fill value, "
    "attributes and codecs)."
)


@attrs.frozen
class Reading:
    """How a stored document was read: what to tell the user, and whether the document
    must be stored as read before chunks are written under it (readers of the stored
    document would not find them, or could not open it)."""

    warnings: tuple[str, ...] = ()
    rewrite_before_writing: bool = False

    def __add__(self, other: Reading) -> Reading:
        return Reading(
            self.warnings + other.warnings,
            self.rewrite_before_writing or other.rewrite_before_writing,
        )


def _size(stored: Any, span: int | None, unit: int) -> tuple[Any, bool | None]:
    """One stored entry of a regular chunk shape (``span``: the axis length, None where
    unknown, as in a sharding codec's inner chunk shape): the size read, and whether it is
    a stored 0 (True on an axis holding elements, False on an empty one; None otherwise)."""
    if stored is True:
        return 1, None
    if (stored is False or (isinstance(stored, int) and stored == 0)) and span is not None:
        return unit, span > 0
    return stored, None


def _chunk_shape(
    stored: Any, spans: Sequence[int | None], units: Sequence[int]
) -> tuple[list[Any], Reading] | None:
    if not isinstance(stored, list | tuple) or len(stored) != len(spans):
        return None
    out: list[Any] = []
    zeros: list[int] = []
    rewrite = False
    for axis, (size, span) in enumerate(zip(stored, spans, strict=True)):
        read, zero = _size(size, span, units[axis] if axis < len(units) else 1)
        out.append(read)
        rewrite = rewrite or zero is not None
        if zero:
            zeros.append(axis)
    if not zeros:
        return out, Reading(rewrite_before_writing=rewrite)
    warning = (
        f"the stored chunk shape {list(stored)!r} has a chunk size of 0 on axes {zeros}, which "
        f"hold elements: it is read as {out!r}, and as no chunk can be stored under a chunk "
        f"size of 0, the array holds only its fill value. {_RECREATE}"
    )
    return out, Reading((warning,), rewrite_before_writing=True)


def _inner_chunk_shape(codecs: Any) -> tuple[list[Any], list[int]]:
    """The codecs with their sharding codecs' inner chunk shapes read, and the first one's
    inner chunk shape (``[]`` if there is none): the unit of the outer chunk sizes."""
    if not isinstance(codecs, list | tuple):
        return codecs, []
    out: list[Any] = []
    units: list[int] = []
    for codec in codecs:
        config = codec.get("configuration") if isinstance(codec, Mapping) else None
        if not (
            isinstance(codec, Mapping)
            and codec.get("name") == "sharding_indexed"
            and isinstance(config, Mapping)
        ):
            out.append(codec)
            continue
        config = dict(config)
        inner = config.get("chunk_shape")
        if isinstance(inner, list | tuple):
            read = _chunk_shape(inner, [None] * len(inner), [])
            if read is not None:
                config["chunk_shape"] = inner = read[0]
        if "codecs" in config:
            config["codecs"], _ = _inner_chunk_shape(config["codecs"])
        if not units and isinstance(inner, list) and all(_is_size(s) for s in inner):
            units = [int(s) for s in inner]
        out.append({**codec, "configuration": config})
    return out, units


def _is_size(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _is_shape(value: Any) -> TypeGuard[Sequence[int]]:
    return isinstance(value, list | tuple) and all(
        isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in value
    )


def _edge(value: Any) -> Any:
    if value is True:
        return 1
    if isinstance(value, float) and value.is_integer() and value >= 1:
        return int(value)
    return value


def _rectilinear_axis(spec: Any) -> Any:
    if not isinstance(spec, list | tuple):
        return spec
    return [
        [_edge(entry[0]), entry[1]] if isinstance(entry, list | tuple) and len(entry) == 2
        else _edge(entry)
        for entry in spec
    ]


def repair_v3_document(doc: Mapping[str, JSON]) -> tuple[dict[str, Any], Reading]:
    """``doc`` (a ``zarr.json`` array document) as zarr-python 3.4 reads it, and how."""
    out: dict[str, Any] = dict(doc)
    out["codecs"], units = _inner_chunk_shape(doc.get("codecs"))
    if "codecs" not in doc:
        del out["codecs"]
    grid = doc.get("chunk_grid")
    shape = doc.get("shape")
    if not isinstance(grid, Mapping) or not isinstance(grid.get("configuration"), Mapping):
        return out, Reading()
    config: dict[str, Any] = dict(grid["configuration"])  # type: ignore[arg-type]
    reading = Reading()
    if grid.get("name") == "regular" and _is_shape(shape):
        read = _chunk_shape(config.get("chunk_shape"), list(shape), units)
        if read is not None:
            sizes, reading = read
            lists = [axis for axis, size in enumerate(sizes) if isinstance(size, list)]
            if lists and len(lists) < len(sizes):
                warning = (
                    f"the 'regular' chunk grid lists chunk edge lengths on axes {lists}, which "
                    "only a 'rectilinear' grid can declare (zarr-python 3.2 wrote such grids); "
                    "it is read as that rectilinear grid, which zarrlite stores before it next "
                    "writes chunks."
                )
                reading += Reading((warning,), rewrite_before_writing=True)
                config = {"kind": "inline", "chunk_shapes": sizes}
                grid = {"name": "rectilinear", "configuration": config}
            else:
                config["chunk_shape"] = sizes
    if grid.get("name") == "rectilinear" and isinstance(config.get("chunk_shapes"), list):
        config = {
            "kind": config.get("kind"),
            "chunk_shapes": [_rectilinear_axis(spec) for spec in config["chunk_shapes"]],
        }
    out["chunk_grid"] = {**grid, "configuration": config}
    return out, reading


def repair_v2_document(doc: Mapping[str, JSON]) -> tuple[dict[str, Any], Reading]:
    """``doc`` (a ``.zarray`` document) as zarr-python 3.4 reads it, and how."""
    shape = doc.get("shape")
    out: dict[str, Any] = dict(doc)
    if not _is_shape(shape):
        return out, Reading()
    read = _chunk_shape(doc.get("chunks"), list(shape), [])
    if read is None:
        return out, Reading()
    out["chunks"], reading = read
    return out, reading


def mark_read(metadata: Any, reading: Reading, source: str) -> Any:
    """Warn (``ZarrUserWarning``, naming ``source``) about what the user must act on, and
    flag ``metadata`` for storing before chunks are written under it (see ``Reading``)."""
    if reading.warnings:
        warnings.warn(f"{source}: {' '.join(reading.warnings)}", ZarrUserWarning, stacklevel=3)
    if reading.rewrite_before_writing:
        object.__setattr__(metadata, "rewrite_before_writing", True)
    return metadata
