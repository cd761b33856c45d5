"""Process-wide state of write units (a chunk, or a whole shard), shared by both flavours.

``WRITE_LOCKS``: per-write-unit locks. The async pipeline and its generated blocking twin import
them from here (not from their own generated module), so a blocking ``Array`` and an
``AsyncArray`` over the same store also exclude each other. Keys are ``(str(store), key)``:
``str`` names the data (``memory://<id>``, ``file://<root>``), so wrappers, read-only copies and
twin stores share locks.

``WRITE_GENERATIONS``: lets a shard reader notice that a writer of this process replaced a shard
between its index request and its inner-chunk requests (new bytes at old offsets), and re-read
that shard whole. Counters live in a fixed number of slots (keys hashed into them): memory stays
bounded, and a collision only costs an unneeded re-read.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Hashable, Iterator

from zarrlite._backend._primitives import KeyLocks

__all__ = ["WRITE_GENERATIONS", "WRITE_LOCKS", "WriteGenerations"]

WRITE_LOCKS = KeyLocks()


class WriteGenerations:
    """Per-slot count of writes started and writes in progress."""

    def __init__(self, slots: int = 1 << 12) -> None:
        self._slots = slots
        self._started = [0] * slots
        self._active = [0] * slots
        self._lock = threading.Lock()  # keys of one slot may be written by several threads

    def slot(self, key: Hashable) -> int:
        """The slot of a write-unit key (``(str(store), key)``)."""
        return hash(key) % self._slots

    def begin(self, slot: int) -> None:
        """A write to a key of ``slot`` starts (call with the key's lock held)."""
        with self._lock:
            self._active[slot] += 1
            self._started[slot] += 1

    def end(self, slot: int) -> None:
        """That write has finished (or failed)."""
        with self._lock:
            self._active[slot] -= 1

    @contextlib.contextmanager
    def writing(self, key: Hashable) -> Iterator[None]:
        """:meth:`begin` and :meth:`end` around a write of ``key`` (its lock held)."""
        slot = self.slot(key)
        self.begin(slot)
        try:
            yield
        finally:
            self.end(slot)

    def snapshot(self, slot: int) -> int | None:
        """A value that changes whenever a write of ``slot`` starts; None while one runs."""
        return None if self._active[slot] else self._started[slot]

    def _reset_after_fork(self) -> None:
        # Threads that were writing in the parent do not exist in the child.
        self._lock = threading.Lock()
        self._active = [0] * self._slots


WRITE_GENERATIONS = WriteGenerations()

if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=WRITE_GENERATIONS._reset_after_fork)
