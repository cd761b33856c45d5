"""A small asyncio web service whose request handlers await zarrlite reads.

The server speaks just enough HTTP for ``GET /row/<n>``: each handler awaits a read of one row of
an array and answers with a JSON summary. Many requests are served concurrently on one event
loop: store I/O and chunk decoding run in worker threads, so the loop stays free to accept
connections. The client half fires 32 requests at once and checks the answers.

Run it with ``python examples/asyncio_service.py`` (it listens on 127.0.0.1, on a free port).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
from pathlib import Path

import numpy as np

import zarrlite.api.asynchronous as azarr

ROWS, COLS = 64, 256


async def handle_request(array: azarr.AsyncArray, row: int) -> dict[str, float]:
    """What a request handler does: await a read of one row, summarise it."""
    values = await array.getitem((row, slice(None)))
    return {"row": row, "mean": float(values.mean()), "max": float(values.max())}


async def serve(array: azarr.AsyncArray) -> asyncio.Server:
    """Start the HTTP server on a free local port."""

    async def on_connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request_line = (await reader.readline()).decode("latin-1").split()
            while (await reader.readline()).strip():  # skip the headers
                pass
            status, body = "404 Not Found", {"error": "try GET /row/<n>"}
            if len(request_line) >= 2 and request_line[0] == "GET":
                parts = request_line[1].strip("/").split("/")
                if len(parts) == 2 and parts[0] == "row" and parts[1].isdigit():
                    row = int(parts[1])
                    if row < array.shape[0]:
                        status, body = "200 OK", await handle_request(array, row)
            payload = json.dumps(body).encode()
            writer.write(
                f"HTTP/1.0 {status}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(payload)}\r\n\r\n".encode()
                + payload
            )
            await writer.drain()
        finally:
            writer.close()
            await writer.wait_closed()

    return await asyncio.start_server(on_connection, "127.0.0.1", 0)


async def fetch(port: int, path: str) -> tuple[str, dict[str, float]]:
    """A minimal HTTP client: the status line and the decoded JSON body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n".encode())
    await writer.drain()
    response = await reader.read()
    writer.close()
    await writer.wait_closed()
    head, _, body = response.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0].decode(), json.loads(body)


async def main() -> list[dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "service.zarr"
        array = await azarr.create_array(path, shape=(ROWS, COLS), chunks=(8, 64), dtype="f8")
        data = np.arange(ROWS * COLS, dtype="f8").reshape(ROWS, COLS)
        await array.setitem(Ellipsis, data)

        server = await serve(array)
        port = server.sockets[0].getsockname()[1]
        async with server:
            # 32 concurrent requests, all served by one event loop.
            answers = await asyncio.gather(*(fetch(port, f"/row/{r}") for r in range(0, ROWS, 2)))
            missing = await fetch(port, "/row/9999")
        assert missing[0].endswith("404 Not Found")
        results = []
        for row, (status, body) in zip(range(0, ROWS, 2), answers, strict=True):
            assert status.endswith("200 OK"), status
            assert body == {"row": row, "mean": data[row].mean(), "max": data[row].max()}
            results.append(body)
        return results


if __name__ == "__main__":
    responses = asyncio.run(main())
    print(f"served {len(responses)} concurrent requests; first three:")
    for response in responses[:3]:
        print(response)
