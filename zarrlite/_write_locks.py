"""The process-wide table of per-write-unit locks (a chunk, or a whole shard).

One table for both flavours: the async pipeline and its generated blocking twin import it from
here (not from their own generated module), so a blocking ``Array`` and an ``AsyncArray`` over
the same store also exclude each other. Keys are ``(str(store), key)``: ``str`` names the data
(``memory://<id>``, ``file://<root>``), so wrappers, read-only copies and twin stores share locks.
"""

from __future__ import annotations

from zarrlite._backend._primitives import KeyLocks

__all__ = ["WRITE_LOCKS"]

WRITE_LOCKS = KeyLocks()
