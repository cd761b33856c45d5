"""Make ``zarrlite.codecs`` importable on its own while other layers are being written.

If ``import zarrlite`` fails (its root imports layers that may be incomplete), a bare package
module is installed so that ``zarrlite.codecs`` and its dependencies (``zarrlite.errors``,
``zarrlite._types``, ``zarrlite.config``) import alone.
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
