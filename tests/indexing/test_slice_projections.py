"""The two ways of projecting a slice on a chunk grid (Python integers for a few chunks, numpy
for many) give the same projections."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zarrlite.indexing import _dims


@settings(max_examples=500, deadline=None)
@given(
    start=st.integers(0, 5000),
    step=st.integers(1, 300),
    n=st.integers(1, 200),
    length=st.integers(1, 128),
)
def test_scalar_and_vectorized_projections_agree(start: int, step: int, n: int, length: int) -> None:
    scalar = _dims.slice_projections_scalar(start, step, n, length)
    vectorized = _dims.slice_projections_vectorized(start, step, n, length)
    assert scalar == vectorized
    # Every item lands exactly once, at its position in the output.
    placed = sorted(
        (k, chunk * length + inner)
        for chunk, inner_slice, out_slice, _ in scalar
        for k, inner in zip(
            range(out_slice.start, out_slice.stop),
            range(inner_slice.start, inner_slice.stop, inner_slice.step),
            strict=True,
        )
    )
    assert placed == [(k, start + k * step) for k in range(n)]


def test_slices_over_many_chunks_take_the_vectorized_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real = _dims.slice_projections_vectorized

    def spy(start: int, step: int, n: int, length: int) -> list[_dims.DimProjection]:
        calls.append(n)
        return real(start, step, n, length)

    monkeypatch.setattr(_dims, "slice_projections_vectorized", spy)
    few = _dims.slice_dim(slice(0, 100), 1000, 10, 0)  # 10 chunks
    many = _dims.slice_dim(slice(0, 1000), 1000, 10, 0)  # 100 chunks
    assert calls == [1000]
    assert len(few.projections) == 10 and len(many.projections) == 100
