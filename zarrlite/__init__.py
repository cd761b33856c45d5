"""zarrlite: Zarr v2/v3 arrays for Python, async first, with a generated blocking API.

``import zarrlite as zarr`` gives the blocking API of ``zarr.api.synchronous`` (zarr-python 3);
``zarrlite.api.asynchronous`` has the same functions as coroutines (asyncio and trio).
"""

from __future__ import annotations

# zarr-python's submodules are attributes after a plain ``import zarr`` (``zarr.storage``,
# ``zarr.api.asynchronous``, ...), as here; none imports an optional dependency (fsspec,
# obstore, ... are imported when a store needs them). Not in __all__, as in zarr-python.
from zarrlite import abc as abc
from zarrlite import api as api
from zarrlite import codecs as codecs
from zarrlite import config
from zarrlite import core as core
from zarrlite import dtype as dtype
from zarrlite import errors as errors
from zarrlite import registry as registry
from zarrlite import storage as storage
from zarrlite._async.array import AsyncArray
from zarrlite._async.group import AsyncGroup
from zarrlite._debug import print_debug_info
from zarrlite._sync.api import (
    array,
    consolidate_metadata,
    copy,
    copy_all,
    copy_store,
    create,
    create_array,
    create_group,
    create_hierarchy,
    empty,
    empty_like,
    from_array,
    full,
    full_like,
    group,
    load,
    ones,
    ones_like,
    open,
    open_array,
    open_consolidated,
    open_group,
    open_like,
    save,
    save_array,
    save_group,
    tree,
    zeros,
    zeros_like,
)
from zarrlite._sync.array import Array
from zarrlite._sync.group import Group

__version__ = "0.1.0"

__all__ = [
    "Array",
    "AsyncArray",
    "AsyncGroup",
    "Group",
    "__version__",
    "array",
    "config",
    "consolidate_metadata",
    "copy",
    "copy_all",
    "copy_store",
    "create",
    "create_array",
    "create_group",
    "create_hierarchy",
    "empty",
    "empty_like",
    "from_array",
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
    "print_debug_info",
    "save",
    "save_array",
    "save_group",
    "tree",
    "zeros",
    "zeros_like",
]
