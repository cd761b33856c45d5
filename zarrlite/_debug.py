"""``print_debug_info``: the versions a bug report needs."""

from __future__ import annotations

import importlib.metadata
import platform
import sys

__all__ = ["print_debug_info"]

_PACKAGES = (
    "zarrlite", "numpy", "numcodecs", "anyio", "attrs", "crc32c",
    "fsspec", "s3fs", "obstore", "trio", "dask", "zarr", "tensorstore",
)


def print_debug_info() -> None:
    """Print the versions of Python, the OS, zarrlite and its (optional) dependencies."""
    print(f"platform: {platform.platform()}")
    print(f"python: {sys.version.split()[0]}")
    for name in _PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            version = "not installed"
        print(f"{name}: {version}")
