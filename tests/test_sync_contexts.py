"""The blocking API is plain blocking code: it runs the same from a script, a thread, and inside
``asyncio.run`` / ``trio.run`` (where it blocks that loop, as any blocking call does)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import textwrap
from pathlib import Path

import numpy as np
import trio

TYPICAL_SCRIPT = textwrap.dedent(
    """
    import numpy as np
    import zarrlite as zarr

    def run(path):
        z = zarr.create_array(store=path, shape=(100, 100), chunks=(10, 10), dtype="f4")
        z[:] = np.arange(10000, dtype="f4").reshape(100, 100)
        z.attrs["units"] = "m"
        again = zarr.open_array(path, mode="r")
        assert again[5, 5] == 505
        assert again.attrs["units"] == "m"
        g = zarr.open_group(path + "_group", mode="w")
        g.create_array("x", shape=(3,), dtype="i4")[:] = [1, 2, 3]
        g2 = zarr.open_group(path + "_group", mode="r")
        assert list(g2["x"][:]) == [1, 2, 3]
        return float(np.asarray(again).sum())
    """
)


def _namespace() -> dict[str, object]:
    namespace: dict[str, object] = {}
    exec(TYPICAL_SCRIPT, namespace)
    return namespace


EXPECTED = float(np.arange(10000, dtype="f4").sum())


def test_plain_script(tmp_path: Path) -> None:
    script = tmp_path / "script.py"
    script.write_text(TYPICAL_SCRIPT + f"\nprint(run({str(tmp_path / 'a.zarr')!r}))\n")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert float(out.stdout) == EXPECTED


def test_from_threads(tmp_path: Path) -> None:
    run = _namespace()["run"]
    results: list[float] = []
    threads = [
        threading.Thread(target=lambda i=i: results.append(run(str(tmp_path / f"t{i}.zarr"))))  # type: ignore[operator]
        for i in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert results == [EXPECTED] * 4


def test_inside_asyncio_run(tmp_path: Path) -> None:
    run = _namespace()["run"]

    async def main() -> float:
        return run(str(tmp_path / "aio.zarr"))  # type: ignore[operator, no-any-return]

    assert asyncio.run(main()) == EXPECTED


def test_inside_trio_run(tmp_path: Path) -> None:
    run = _namespace()["run"]

    async def main() -> float:
        return run(str(tmp_path / "trio.zarr"))  # type: ignore[operator, no-any-return]

    assert trio.run(main) == EXPECTED


def test_sync_api_starts_no_event_loop_thread(tmp_path: Path) -> None:
    before = {t.ident for t in threading.enumerate()}
    _namespace()["run"](str(tmp_path / "n.zarr"))  # type: ignore[operator]
    new = [t for t in threading.enumerate() if t.ident not in before]
    # Only the CPU worker pool's threads may appear; never an event loop.
    assert all("zarrlite-worker" in t.name for t in new), [t.name for t in new]
