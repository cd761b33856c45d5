"""Module paths: the generated package, the hand-written pairs and shared test helpers."""

from __future__ import annotations

import zarrlite._async.group as group_module
from zarrlite._async import api
from zarrlite._async.array import AsyncArray
from zarrlite._backend.async_ import map_limited, run_cpu
from zarrlite._facade.async_ import IndexFacade
from zarrlite.errors import ReadOnlyError

from tests._async.helpers import make_store


async def main(monkeypatch: Any) -> None:
    monkeypatch.setattr("zarrlite._async.pipeline.AsyncChunkPipeline.batch", 1)
    async_ = await make_store()
    array = await api.open_array(async_)
    await map_limited(run_cpu, [array], limit=2)
    assert isinstance(array, (AsyncArray, IndexFacade, group_module.AsyncGroup, ReadOnlyError))
