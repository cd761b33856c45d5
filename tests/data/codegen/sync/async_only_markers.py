# Generated from tests/data/codegen/async/async_only_markers.py by codegen. Do not edit.

"""Escape hatches: statements and blocks with no blocking twin."""

from __future__ import annotations


def run(store: Store) -> None:
    store.close()
