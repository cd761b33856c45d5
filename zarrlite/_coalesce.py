"""Coalescing of byte ranges into fewer reads (pure; shared by both flavours).

One policy for every reader that fetches many ranges of one value: the partial shard reader
(``zarrlite._async.shard_reader``) and ``Store.get_ranges``. Neighbouring ranges merge when the
gap between them is at most ``max_gap`` bytes and the merged read stays at most ``max_bytes``
long, as zarr-python's ``coalesce_ranges`` (config ``array.sharding_coalesce_*``).
"""

from __future__ import annotations

from collections.abc import Sequence

from zarrlite._byte_request import ByteRequest, RangeByteRequest

__all__ = ["coalesce_ranges", "plan_range_reads"]


def coalesce_ranges(
    ranges: Sequence[tuple[int, int]], max_gap: int, max_bytes: int
) -> list[tuple[int, int, list[int]]]:
    """Merge ``(offset, length)`` ranges into fewer ``(start, end, members)`` reads.

    Ranges are taken in offset order; a range joins the current read when the gap before it is
    at most ``max_gap`` bytes and the read stays at most ``max_bytes`` long (a single range
    longer than that is read alone). ``members`` are indices into ``ranges``.
    """
    order = sorted(range(len(ranges)), key=lambda i: ranges[i][0])
    merged: list[tuple[int, int, list[int]]] = []
    for i in order:
        offset, length = ranges[i]
        end = offset + length
        if merged:
            start, last_end, members = merged[-1]
            if offset - last_end <= max_gap and max(end, last_end) - start <= max_bytes:
                merged[-1] = (start, max(end, last_end), [*members, i])
                continue
        merged.append((offset, end, [i]))
    return merged


def plan_range_reads(
    byte_ranges: Sequence[ByteRequest | None], max_gap: int, max_bytes: int
) -> list[tuple[ByteRequest | None, list[tuple[int, int, int | None]]]]:
    """The reads that serve ``byte_ranges`` of one value: ``(request, members)`` pairs.

    ``RangeByteRequest`` inputs are coalesced (:func:`coalesce_ranges`); every other input
    (``None``, offset and suffix requests) is read alone. Each member is ``(input index, offset
    in the read, length)``, its bytes ``data[offset:offset + length]`` of the read's ``data``
    (``length`` None: the whole read).
    """
    plain: list[tuple[ByteRequest | None, list[tuple[int, int, int | None]]]] = []
    indices: list[int] = []
    spans: list[tuple[int, int]] = []
    for index, request in enumerate(byte_ranges):
        if isinstance(request, RangeByteRequest):
            indices.append(index)
            spans.append((request.start, request.end - request.start))
        else:
            plain.append((request, [(index, 0, None)]))
    merged: list[tuple[ByteRequest | None, list[tuple[int, int, int | None]]]] = []
    for start, end, members in coalesce_ranges(spans, max_gap, max_bytes):
        parts: list[tuple[int, int, int | None]] = [
            (indices[m], spans[m][0] - start, spans[m][1]) for m in members
        ]
        merged.append((RangeByteRequest(start, end), parts))
    return merged + plain
