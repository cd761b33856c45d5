# Generated from zarrlite/_async/__init__.py by codegen. Do not edit.

"""The async source of truth (anyio: asyncio and trio); ``zarrlite._sync`` is generated from it."""
