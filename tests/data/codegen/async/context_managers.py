"""Async context managers: the protocol, contextlib's names and the Async<Capital> rule."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from types import TracebackType
from typing import Self


class AsyncResource(AbstractAsyncContextManager["AsyncResource"]):
    async def __aenter__(self) -> Self:
        await self.open()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


@asynccontextmanager
async def opened(*resources: AsyncResource) -> AsyncIterator[list[AsyncResource]]:
    async with AsyncExitStack() as stack:
        yield [await stack.enter_async_context(r) for r in resources]
