"""``python -m zarrlite``: the ``zarrlite`` command line (see ``zarrlite._cli``)."""

from __future__ import annotations

import sys

from zarrlite._cli import main

if __name__ == "__main__":
    sys.exit(main())
