# Generated from tests/_async/test_store_ranges.py by codegen. Do not edit.

"""Coalesced byte-range reads: the plan (``zarrlite._coalesce``) and ``get_ranges_sync``,
checked against slicing and against zarr-python's own plan."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite._byte_request import slice_for
from zarrlite._coalesce import plan_range_reads
from zarrlite._sync.store import (
    MemoryStore,
    OffsetByteRequest,
    RangeByteRequest,
    SuffixByteRequest,
)


@st.composite
def requests(draw: Any) -> Any:
    kind = draw(st.sampled_from(["range", "range", "range", "offset", "suffix", "none"]))
    if kind == "range":
        start = draw(st.integers(0, 300))
        return RangeByteRequest(start, start + draw(st.integers(0, 80)))
    if kind == "offset":
        return OffsetByteRequest(draw(st.integers(0, 300)))
    if kind == "suffix":
        return SuffixByteRequest(draw(st.integers(0, 300)))
    return None


@settings(max_examples=60, deadline=None)
@given(
    value=st.binary(max_size=256),
    wanted=st.lists(requests(), max_size=12),
    gap=st.integers(0, 64),
    limit=st.integers(1, 200),
)
def test_get_ranges_sync_matches_slicing(
    value: bytes, wanted: list[Any], gap: int, limit: int
) -> None:
    store = MemoryStore({"k": value})
    found = store.get_ranges_sync("k", wanted, max_gap_bytes=gap, max_coalesced_bytes=limit)
    assert sorted(index for index, _ in found) == list(range(len(wanted)))
    for index, data in found:
        assert data == value[slice_for(wanted[index], len(value))]
    reads = plan_range_reads(wanted, gap, limit)
    for request, members in reads:
        if isinstance(request, RangeByteRequest) and len(members) > 1:
            assert request.end - request.start <= limit  # merged reads respect the limit
    zarr_coalesce = pytest.importorskip("zarr.core._coalesce")
    zarr_abc = pytest.importorskip("zarr.abc.store")
    theirs = [
        zarr_abc.RangeByteRequest(r.start, r.end) if isinstance(r, RangeByteRequest) else None
        for r in wanted
    ]
    groups, _ = zarr_coalesce.coalesce_ranges(theirs, max_gap_bytes=gap, max_coalesced_bytes=limit)
    ours = [
        sorted(index for index, _, _ in members)
        for request, members in reads
        if isinstance(request, RangeByteRequest)
    ]
    assert sorted(ours) == sorted(sorted(index for index, _ in group) for group in groups)
