#!/usr/bin/env bash
# Install zarrlite into .venv and run examples/quickstart.py.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || "$(bash scripts/python312.sh)" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e .
.venv/bin/python examples/quickstart.py
