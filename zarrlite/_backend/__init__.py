"""Execution backends: the ONE hand-written async/sync pair.

``async_`` (anyio task groups and worker threads) and ``sync`` (a lazily created thread pool, or
inline calls) expose the same names with the same meaning, so code written once in
``zarrlite/_async`` runs in both flavours after codegen swaps the import. ``_primitives``
(limiters, per-key locks), ``_workers`` (the worker counts) and ``_twins`` (the store twin
registry) are shared by both flavours.
"""
