"""Shared pytest configuration: async tests run under both asyncio and trio; a local S3 server."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pytest


# Explicit list: anyio's default would silently drop trio if it were not installed.
@pytest.fixture(
    scope="module",
    params=[pytest.param("asyncio", id="asyncio"), pytest.param("trio", id="trio")],
)
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """The anyio backend of a test marked ``@pytest.mark.anyio``."""
    return request.param  # type: ignore[no-any-return]


# -- a local S3 server (moto) for the remote-store tests ------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _http(url: str, method: str = "GET") -> None:
    request = urllib.request.Request(url, method=method)
    with urllib.request.urlopen(request, timeout=5) as response:  # loopback only
        response.read()


@pytest.fixture(scope="session")
def s3_server() -> Iterator[str]:
    """The endpoint URL of moto's standalone S3 server, started on 127.0.0.1 for the session.

    The remote-store tests must run in CI: there, a missing moto, s3fs or obstore is a failure,
    not a skip.
    """
    missing = [m for m in ("moto", "s3fs", "obstore") if importlib.util.find_spec(m) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing} missing: install the test extra (pip install -e '.[test]')")
        pytest.skip(f"{missing} not installed")
    port = _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        deadline = time.monotonic() + 30
        while True:  # bounded wait for the server to answer
            try:
                _http(f"{endpoint}/moto-api/")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto server did not start on {endpoint}") from None
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="session")
def s3_bucket(s3_server: str) -> str:
    """A bucket on the local S3 server (tests use a unique prefix inside it)."""
    name = "zarrlite-tests"
    _http(f"{s3_server}/{name}", method="PUT")
    return name


@pytest.fixture(scope="session")
def s3_storage_options(s3_server: str) -> dict[str, Any]:
    """s3fs storage_options that reach the local server."""
    return {
        "key": "testing",
        "secret": "testing",
        "endpoint_url": s3_server,
        "client_kwargs": {"region_name": "us-east-1"},
    }


@pytest.fixture
def s3_url(s3_bucket: str) -> str:
    """A fresh, empty location on the local S3 server: ``s3://<bucket>/<unique prefix>``."""
    return f"s3://{s3_bucket}/{uuid.uuid4().hex}"
