"""Shared pytest configuration: async tests run under both asyncio and trio."""

from __future__ import annotations

import pytest


# Explicit list: anyio's default would silently drop trio if it were not installed.
@pytest.fixture(
    scope="module",
    params=[pytest.param("asyncio", id="asyncio"), pytest.param("trio", id="trio")],
)
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """The anyio backend of a test marked ``@pytest.mark.anyio``."""
    return request.param  # type: ignore[no-any-return]
