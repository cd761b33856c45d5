# Generated from tests/data/codegen/async/imports.py by codegen. Do not edit.

"""Module paths: the generated package, the hand-written pairs and shared test helpers."""

from __future__ import annotations

import zarrlite._sync.group as group_module
from tests._sync.helpers import make_store
from zarrlite._backend.sync import map_limited, run_cpu
from zarrlite._facade.sync import IndexFacade
from zarrlite._sync import api
from zarrlite._sync.array import Array
from zarrlite.errors import ReadOnlyError


def main(monkeypatch: Any) -> None:
    monkeypatch.setattr("zarrlite._sync.pipeline.ChunkPipeline.batch", 1)
    async_ = make_store()
    array = api.open_array(async_)
    map_limited(run_cpu, [array], limit=2)
    assert isinstance(array, (Array, IndexFacade, group_module.Group, ReadOnlyError))
