"""Make ``zarrlite.indexing`` importable on its own while other packages are being written.

The indexing layer is pure (numpy, attrs and ``zarrlite.errors`` only). If ``import zarrlite``
fails because the package root imports layers that are still incomplete, a bare package module
is installed instead, so that these tests exercise the indexing code and nothing else.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2] / "zarrlite"


def _install_bare_package() -> None:
    try:
        import zarrlite  # noqa: F401
    except Exception:
        for name in [m for m in sys.modules if m == "zarrlite" or m.startswith("zarrlite.")]:
            del sys.modules[name]
        package = types.ModuleType("zarrlite")
        package.__path__ = [str(_ROOT)]
        sys.modules["zarrlite"] = package


_install_bare_package()
