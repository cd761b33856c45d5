"""zarr-python's ``zarr.core.dtype`` path: the same classes as :mod:`zarrlite.dtype`.

Code written for zarr-python imports data types from here (``from zarr.core.dtype import
VariableLengthUTF8``), and xarray tells zarr-python >= 3.1 apart by ``hasattr(zarr.core,
"dtype")``.
"""

from __future__ import annotations

# The same names as zarrlite.dtype exports, by construction: one list to keep.
from zarrlite.dtype import *  # noqa: F403
from zarrlite.dtype import __all__ as __all__
