"""The store conformance suite on a real S3 server (moto, on 127.0.0.1; see tests/conftest.py)
through s3fs. Async tests run under asyncio only: under trio the store runs s3fs's blocking API
in worker threads, the very code the generated blocking tests run (test_s3_arrays.py covers
trio end to end)."""

from __future__ import annotations

from typing import Any

import pytest

from tests._async.test_store_conformance import StoreTests
from zarrlite._async.store import (
    AsyncFsspecStore,
    AsyncObjectStore,
    AsyncStore,
)

pytestmark = pytest.mark.anyio


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    """asyncio only (see the module docstring)."""
    return "asyncio"


@pytest.fixture(scope="module", autouse=True)
async def one_event_loop() -> None:
    """An async module-scoped fixture: anyio then runs the module's tests in one event loop
    per backend, so each S3 client is made once rather than once per test."""


class TestS3FsspecStore(StoreTests):
    many = 30
    @pytest.fixture
    def store(self, s3_url: str, s3_storage_options: dict[str, Any]) -> AsyncStore:
        return AsyncFsspecStore.from_url(s3_url, storage_options=s3_storage_options)

    async def test_repr(self, store: AsyncFsspecStore) -> None:
        assert repr(store) == f"{type(store).__name__}('s3://{store.path}')"


class TestS3ObjectStore(StoreTests):
    many = 30
    @pytest.fixture
    def store(self, s3_url: str, s3_storage_options: dict[str, Any]) -> AsyncStore:
        import obstore.store as obstore_store

        bucket, _, prefix = s3_url.removeprefix("s3://").partition("/")
        s3 = obstore_store.S3Store(
            bucket,
            prefix=prefix,
            endpoint=s3_storage_options["endpoint_url"],
            access_key_id=s3_storage_options["key"],
            secret_access_key=s3_storage_options["secret"],
            region="us-east-1",
            client_options={"allow_http": True},
        )
        return AsyncObjectStore(s3)

    async def test_repr(self, store: AsyncObjectStore) -> None:
        assert repr(store).startswith(f"{type(store).__name__}('object_store://S3Store(")
