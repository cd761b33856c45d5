"""zarr-python's ``zarr.core.dtype`` path: the same classes as :mod:`zarrlite.dtype`.

Code written for zarr-python imports data types from here (``from zarr.core.dtype import
VariableLengthUTF8``), and xarray tells zarr-python >= 3.1 apart by ``hasattr(zarr.core,
"dtype")``.
"""

from __future__ import annotations

from zarrlite.dtype import (
    Bool,
    Complex64,
    Complex128,
    DateTime64,
    FixedLengthUTF32,
    Float16,
    Float32,
    Float64,
    Int8,
    Int16,
    Int32,
    Int64,
    NullTerminatedBytes,
    RawBytes,
    Struct,
    Structured,
    TimeDelta64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    VariableLengthBytes,
    VariableLengthUTF8,
    ZDType,
    parse_data_type,
    parse_dtype,
)

__all__ = [
    "Bool",
    "Complex64",
    "Complex128",
    "DateTime64",
    "FixedLengthUTF32",
    "Float16",
    "Float32",
    "Float64",
    "Int8",
    "Int16",
    "Int32",
    "Int64",
    "NullTerminatedBytes",
    "RawBytes",
    "Struct",
    "Structured",
    "TimeDelta64",
    "UInt8",
    "UInt16",
    "UInt32",
    "UInt64",
    "VariableLengthBytes",
    "VariableLengthUTF8",
    "ZDType",
    "parse_data_type",
    "parse_dtype",
]
