"""The capability flags an adapter between the two store flavours takes from the store it wraps.

Shared by :class:`~zarrlite._facade.blocking_store.AsyncOverBlockingStore` and
:class:`~zarrlite._facade.async_store.BlockingOverAsyncStore`: each presents a user's store of
the other flavour, so what that store supports is what the adapter supports.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ForwardsCapabilities"]


class ForwardsCapabilities:
    """``supports_writes``, ``supports_deletes``, ``supports_listing``,
    ``supports_partial_reads`` and ``supports_consolidated_metadata`` of ``self.store``."""

    store: Any

    @property
    def supports_writes(self) -> bool:
        return bool(self.store.supports_writes)

    @property
    def supports_deletes(self) -> bool:
        return bool(self.store.supports_deletes)

    @property
    def supports_listing(self) -> bool:
        return bool(self.store.supports_listing)

    @property
    def supports_partial_reads(self) -> bool:
        return bool(self.store.supports_partial_reads)

    @property
    def supports_consolidated_metadata(self) -> bool:
        return bool(self.store.supports_consolidated_metadata)
