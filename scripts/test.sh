#!/usr/bin/env bash
# Install zarrlite with its test extra into .venv (Python 3.12, so the zarr-python interop
# tests run rather than skip) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || "$(bash scripts/python312.sh)" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
