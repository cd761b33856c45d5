# Generated from zarrlite/_async/selection.py by codegen. Do not edit.

"""Selection entry points shared by every array: the get_*/set_* family and oindex/vindex/blocks.

All of them build an indexer (pure, ``zarrlite.indexing``) and hand it to the chunk pipeline.
The async flavour has the complete family, read and write, so the blocking twin is generated.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from zarrlite._facade.sync import IndexFacade
from zarrlite.errors import ReadOnlyError
from zarrlite.indexing import (
    BasicIndexer,
    CoordinateIndexer,
    Indexer,
    MaskIndexer,
    OrthogonalIndexer,
    check_fields,
    classify_selection,
    normalize_fields,
    pop_fields,
)
from zarrlite.indexing._edges import ChunkLen
from zarrlite.metadata import ArrayV2Metadata, ArrayV3Metadata

if TYPE_CHECKING:
    from zarrlite._sync.pipeline import ChunkPipeline

__all__ = ["BlockIndex", "OIndex", "Selectable", "VIndex"]


class Selectable:
    """Mixin: every way of reading and writing a selection of an array."""

    shape: tuple[int, ...]

    if TYPE_CHECKING:  # provided as properties by the array class

        @property
        def _pipeline(self) -> ChunkPipeline: ...

        @property
        def dtype(self) -> np.dtype[Any]: ...

        @property
        def read_only(self) -> bool: ...

        def _before_chunk_writes(self) -> None: ...

    @property
    def _chunk_shape(self) -> tuple[ChunkLen, ...]:
        # The inner chunk grid of a sharded array: reads and writes are planned per inner chunk.
        # Per axis a chunk length, or the chunk edges of a rectilinear axis.
        return self._pipeline.grid_shape

    def _read(
        self, indexer: Indexer, out: Any = None, fields: Any = None, prototype: Any = None
    ) -> Any:
        fields = normalize_fields(fields)
        dtype = self.dtype if fields is None else check_fields(fields, self.dtype)
        order = self._pipeline.config.order
        if out is not None:
            out = _out_array(out)
            if out.shape != tuple(indexer.result_shape):
                raise ValueError(
                    f"out has shape {out.shape}, the selection has shape {indexer.result_shape}"
                )
            # Decoded straight into ``out`` only when it holds the data type as stored: any
            # other is filled by numpy's assignment below, which converts (decoding the bytes
            # into it would reinterpret them).
            if indexer.shape == indexer.result_shape and out.dtype == dtype:
                if 0 not in indexer.shape:
                    self._pipeline.read(indexer, out, fields)
                return out
        buffer = np.empty(indexer.shape, dtype=dtype, order=order)
        if buffer.dtype != dtype:
            # numpy allocates M8[2generic] (a generic time unit with a scale) as plain M8: the
            # same bytes, viewed as the array's data type
            buffer = buffer.view(dtype)
        if 0 not in indexer.shape:
            self._pipeline.read(indexer, buffer, fields)
        result = buffer.reshape(indexer.result_shape)
        if out is not None:
            out[...] = result
            return out
        return result

    def _write(self, indexer: Indexer, value: Any, fields: Any = None) -> None:
        if self.read_only:
            raise ReadOnlyError(
                f"cannot write to array at {self._pipeline.store_path}: it is read-only"
            )
        if isinstance(value, Selectable):
            value = value.getitem(Ellipsis)
        fields = normalize_fields(fields)
        dtype = self.dtype if fields is None else check_fields(fields, self.dtype)
        data = np.asarray(value, dtype=dtype)
        if data.ndim != 0:
            # numpy's assignment rule: leading length-1 axes beyond the selection's are
            # dropped, then the value broadcasts to the selection.
            extra = data.ndim - len(indexer.result_shape)
            if extra > 0 and data.shape[:extra] == (1,) * extra:
                data = data.reshape(data.shape[extra:])
            try:
                data = np.broadcast_to(data, indexer.result_shape).reshape(indexer.shape)
            except ValueError:
                points = isinstance(indexer, CoordinateIndexer | MaskIndexer)
                if points and 0 < data.size == indexer.shape[0]:
                    # zarr-python flattens the value of a point (vindex) write: one element
                    # per point, in C order, whatever the value's shape (when there are
                    # points; numpy's rule still holds for an empty selection).
                    data = data.reshape(indexer.shape)
                else:
                    raise ValueError(
                        f"cannot write a value of shape {np.shape(value)} "
                        f"into a selection of shape {tuple(indexer.result_shape)}"
                    ) from None
        if 0 in indexer.shape:
            return
        self._before_chunk_writes()
        self._pipeline.write(indexer, data, fields)

    def getitem(self, selection: Any, *, prototype: Any = None) -> Any:
        """Read a selection, dispatching on its kind like numpy (basic, orthogonal, coordinate, mask)."""
        selection = _materialize(selection)
        fields, selection = pop_fields(selection)
        kind = classify_selection(selection, len(self.shape))
        if kind == "coordinate":
            return self.get_coordinate_selection(selection, fields=fields)
        if kind == "mask":
            return self.get_mask_selection(selection, fields=fields)
        if kind == "orthogonal":
            return self.get_orthogonal_selection(selection, fields=fields)
        return self.get_basic_selection(selection, fields=fields)

    def setitem(self, selection: Any, value: Any, prototype: Any = None) -> None:
        """Write ``value`` into a selection of any kind (see :meth:`getitem`)."""
        selection = _materialize(selection)
        fields, selection = pop_fields(selection)
        kind = classify_selection(selection, len(self.shape))
        if kind == "coordinate":
            self.set_coordinate_selection(selection, value, fields=fields)
        elif kind == "mask":
            self.set_mask_selection(selection, value, fields=fields)
        elif kind == "orthogonal":
            self.set_orthogonal_selection(selection, value, fields=fields)
        else:
            self.set_basic_selection(selection, value, fields=fields)

    def get_basic_selection(
        self,
        selection: Any = Ellipsis,
        *,
        out: Any = None,
        prototype: Any = None,
        fields: Any = None,
    ) -> Any:
        """Read integers, slices (step > 0) and Ellipsis, like numpy basic indexing.

        A 0-d result (every axis given an integer, or any selection of a 0-d array) is a numpy
        scalar (``np.float64``...), as in numpy and zarr-python; with ``out=``, ``out``.
        """
        selection = _materialize(selection)
        indexer = BasicIndexer(selection, self.shape, self._chunk_shape)
        result = self._read(indexer, out, fields)
        if out is None and not indexer.shape:
            return result[()]
        return result

    def set_basic_selection(
        self, selection: Any, value: Any, *, fields: Any = None, prototype: Any = None
    ) -> None:
        """Write a basic selection."""
        selection = _materialize(selection)
        self._write(BasicIndexer(selection, self.shape, self._chunk_shape), value, fields)

    def get_orthogonal_selection(
        self, selection: Any, *, out: Any = None, fields: Any = None, prototype: Any = None
    ) -> Any:
        """Read with an independent integer/boolean array, slice or integer per axis."""
        selection = _materialize(selection)
        indexer = OrthogonalIndexer(selection, self.shape, self._chunk_shape)
        return self._read(indexer, out, fields)

    def set_orthogonal_selection(
        self, selection: Any, value: Any, *, fields: Any = None, prototype: Any = None
    ) -> None:
        """Write an orthogonal selection."""
        selection = _materialize(selection)
        indexer = OrthogonalIndexer(selection, self.shape, self._chunk_shape)
        self._write(indexer, value, fields)

    def get_coordinate_selection(
        self, selection: Any, *, out: Any = None, fields: Any = None, prototype: Any = None
    ) -> Any:
        """Read points given by integer arrays (broadcast together), one per axis."""
        selection = _materialize(selection)
        indexer = CoordinateIndexer(selection, self.shape, self._chunk_shape)
        return self._read(indexer, out, fields)

    def set_coordinate_selection(
        self, selection: Any, value: Any, *, fields: Any = None, prototype: Any = None
    ) -> None:
        """Write points given by integer arrays."""
        selection = _materialize(selection)
        indexer = CoordinateIndexer(selection, self.shape, self._chunk_shape)
        self._write(indexer, value, fields)

    def get_mask_selection(
        self, mask: Any, *, out: Any = None, fields: Any = None, prototype: Any = None
    ) -> Any:
        """Read the elements where a boolean array of the array's shape is True."""
        mask = _materialize(mask)
        indexer = MaskIndexer(mask, self.shape, self._chunk_shape)
        return self._read(indexer, out, fields)

    def set_mask_selection(
        self, mask: Any, value: Any, *, fields: Any = None, prototype: Any = None
    ) -> None:
        """Write the elements where a boolean mask is True."""
        mask = _materialize(mask)
        self._write(MaskIndexer(mask, self.shape, self._chunk_shape), value, fields)

    def get_block_selection(
        self, selection: Any, *, out: Any = None, fields: Any = None, prototype: Any = None
    ) -> Any:
        """Read whole chunks, selected by their grid coordinates (ints or slices per axis)."""
        selection = _materialize(selection)
        indexer = self._pipeline.block_indexer(selection, self.shape)
        return self._read(indexer, out, fields)

    def set_block_selection(
        self, selection: Any, value: Any, *, fields: Any = None, prototype: Any = None
    ) -> None:
        """Write whole chunks selected by grid coordinates."""
        selection = _materialize(selection)
        self._write(self._pipeline.block_indexer(selection, self.shape), value, fields)

    @property
    def oindex(self) -> OIndex:
        """Orthogonal indexing: ``a.oindex[[0, 2], 1:3]``."""
        return OIndex(self)

    @property
    def vindex(self) -> VIndex:
        """Vectorised (coordinate or mask) indexing: ``a.vindex[[0, 2], [1, 3]]``."""
        return VIndex(self)

    @property
    def blocks(self) -> BlockIndex:
        """Block (chunk-grid) indexing: ``a.blocks[0, 1:3]``."""
        return BlockIndex(self)


def _zarr_array(item: Any) -> Selectable | None:
    """``item`` as this flavour's array when it is a zarrlite array of either flavour."""
    if isinstance(item, Selectable):
        return item
    if isinstance(getattr(item, "metadata", None), (ArrayV2Metadata, ArrayV3Metadata)):
        # Imported here: the array module imports this one.
        from zarrlite._sync.array import array_handle

        return array_handle(item)
    return None


def _materialize(selection: Any) -> Any:
    """A zarr array (either flavour) used as (part of) a selection, read into numpy first, as
    zarr-python does."""
    items = selection if isinstance(selection, tuple) else (selection,)
    arrays = [_zarr_array(item) for item in items]
    if all(array is None for array in arrays):
        return selection
    read = [
        item if array is None else array.getitem(Ellipsis)
        for item, array in zip(items, arrays, strict=True)
    ]
    return tuple(read) if isinstance(selection, tuple) else read[0]


def _out_array(out: Any) -> np.ndarray[Any, Any]:
    """The array an ``out=`` argument names: a numpy array, or the one an NDBuffer wraps.

    Anything else (a list, say) is refused: a copy of it would be filled, never ``out``.
    """
    if isinstance(out, np.ndarray):
        return out
    unwrap = getattr(out, "as_ndarray_like", None)  # zarr-python's NDBuffer
    array = unwrap() if callable(unwrap) else None
    if isinstance(array, np.ndarray):
        return array
    raise TypeError(f"out must be a numpy array (or an NDBuffer), got {type(out).__name__}")


def _is_mask(selection: Any) -> bool:
    """A vindex selection made of one boolean array (a mask) rather than coordinate arrays."""
    if isinstance(selection, tuple):
        if len(selection) != 1:
            return False
        selection = selection[0]
    return isinstance(selection, np.ndarray | list) and np.asarray(selection).dtype == bool


class OIndex(IndexFacade):
    """Orthogonal indexing of one array."""

    def __init__(self, array: Selectable) -> None:
        self.array = array

    def getitem(self, selection: Any) -> Any:
        fields, selection = pop_fields(selection)
        return self.array.get_orthogonal_selection(selection, fields=fields)

    def setitem(self, selection: Any, value: Any) -> None:
        fields, selection = pop_fields(selection)
        self.array.set_orthogonal_selection(selection, value, fields=fields)


class VIndex(IndexFacade):
    """Coordinate or mask indexing of one array."""

    def __init__(self, array: Selectable) -> None:
        self.array = array

    def getitem(self, selection: Any) -> Any:
        fields, selection = pop_fields(_materialize(selection))
        if _is_mask(selection):
            return self.array.get_mask_selection(selection, fields=fields)
        return self.array.get_coordinate_selection(selection, fields=fields)

    def setitem(self, selection: Any, value: Any) -> None:
        fields, selection = pop_fields(_materialize(selection))
        if _is_mask(selection):
            self.array.set_mask_selection(selection, value, fields=fields)
        else:
            self.array.set_coordinate_selection(selection, value, fields=fields)


class BlockIndex(IndexFacade):
    """Block indexing of one array."""

    def __init__(self, array: Selectable) -> None:
        self.array = array

    def getitem(self, selection: Any) -> Any:
        fields, selection = pop_fields(selection)
        return self.array.get_block_selection(selection, fields=fields)

    def setitem(self, selection: Any, value: Any) -> None:
        fields, selection = pop_fields(selection)
        self.array.set_block_selection(selection, value, fields=fields)
