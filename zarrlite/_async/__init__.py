"""The async source of truth (anyio: asyncio and trio); ``zarrlite._sync`` is generated from it."""
