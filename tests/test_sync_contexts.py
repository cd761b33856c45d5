"""The blocking API is plain blocking code: it runs the same from a script, from threads sharing
one Array, from anyio worker threads, and inside ``asyncio.run`` / ``trio.run`` / a Jupyter-like
loop (where it blocks that loop, as any blocking call does, and never deadlocks). It starts no
event loop and no thread other than the CPU worker pool's."""

from __future__ import annotations

import asyncio
import asyncio.events as asyncio_events
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import anyio
import anyio.from_thread
import anyio.to_thread
import numpy as np
import pytest
import sniffio
import trio
import trio.lowlevel

import zarrlite as zarr
import zarrlite.api.asynchronous as azarr
import zarrlite.storage
from zarrlite.storage import AsyncMemoryStore

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


# -- one Array shared by many threads -------------------------------------------------------

ROWS = 16  # rows per chunk; thread i owns chunk row i


@pytest.fixture(params=["memory", "local"])
def store_like(request: pytest.FixtureRequest, tmp_path: Path) -> object:
    """A store argument of either built-in kind."""
    return zarr.storage.MemoryStore() if request.param == "memory" else str(tmp_path / "s.zarr")


def test_eight_threads_share_one_array(store_like: object) -> None:
    n = 8
    z = zarr.create_array(
        store=store_like, shape=(n * ROWS, 48), chunks=(ROWS, 16), dtype="i8", fill_value=-1
    )
    start = threading.Barrier(n)
    seen: dict[int, list[bool]] = {}

    def work(i: int) -> None:
        rows = slice(i * ROWS, (i + 1) * ROWS)
        start.wait(timeout=30)
        ok = []
        for round_ in range(5):  # interleave writes and reads with the other threads
            block = np.full((ROWS, 48), i * 1000 + round_, dtype="i8")
            z[rows] = block
            ok.append(bool(np.array_equal(z[rows], block)))
            # A chunk another thread is writing reads as its whole old or whole new value.
            j = (i + 1) % n
            other = z[j * ROWS : (j + 1) * ROWS, 16:32]
            ok.append(len(set(other.ravel().tolist())) == 1)
        z[rows, :16] = i  # a write of one chunk per thread, not a whole row of chunks
        seen[i] = ok

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert sorted(seen) == list(range(n)) and all(all(v) for v in seen.values()), seen
    expected = np.repeat(np.arange(n) * 1000 + 4, ROWS)[:, None].repeat(48, axis=1)
    expected[:, :16] = np.repeat(np.arange(n), ROWS)[:, None]
    np.testing.assert_array_equal(z[...], expected)
    np.testing.assert_array_equal(zarr.open_array(store=store_like, mode="r")[...], expected)


# -- inside running event loops --------------------------------------------------------------


def _check_blocked(ticks: list[float], began: float, ended: float) -> None:
    # No tick inside the call (it blocked the loop), and ticks after it (the loop recovered).
    assert not [t for t in ticks if began < t < ended], "the loop ran during a blocking call"
    assert [t for t in ticks if t > ended], "the loop did not resume after the blocking call"


def test_blocks_but_never_deadlocks_asyncio(tmp_path: Path) -> None:
    ticks: list[float] = []
    window: list[float] = []

    async def ticker(stop: asyncio.Event) -> None:
        while not stop.is_set():
            ticks.append(time.monotonic())
            await asyncio.sleep(0.001)

    async def main() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(ticker(stop))
        await asyncio.sleep(0.01)
        window.append(time.monotonic())
        z = zarr.create_array(
            store=str(tmp_path / "a.zarr"), shape=(400, 400), chunks=(50, 50), dtype="f8"
        )
        z[:] = 1.0
        assert float(z[...].sum()) == 160000.0
        window.append(time.monotonic())
        await asyncio.sleep(0.02)
        stop.set()
        await asyncio.wait_for(task, 5)

    asyncio.run(asyncio.wait_for(main(), 60))
    _check_blocked(ticks, *window)


def test_blocks_but_never_deadlocks_trio(tmp_path: Path) -> None:
    ticks: list[float] = []
    window: list[float] = []

    async def ticker() -> None:
        while True:
            ticks.append(time.monotonic())
            await trio.sleep(0.001)

    async def main() -> None:
        with trio.fail_after(60):
            async with trio.open_nursery() as nursery:
                nursery.start_soon(ticker)
                await trio.sleep(0.01)
                window.append(time.monotonic())
                z = zarr.create_array(
                    store=str(tmp_path / "t.zarr"), shape=(400, 400), chunks=(50, 50), dtype="f8"
                )
                z[:] = 1.0
                assert float(z[...].sum()) == 160000.0
                window.append(time.monotonic())
                await trio.sleep(0.02)
                nursery.cancel_scope.cancel()

    trio.run(main)
    _check_blocked(ticks, *window)


@pytest.mark.anyio
async def test_blocking_api_mixes_with_async_api_in_one_task(
    anyio_backend: str, tmp_path: Path
) -> None:
    # Same store object, both flavours, in the loop's own thread: no "attached to a different
    # loop", no re-entrancy error (PAIN-POINTS #4).
    store = AsyncMemoryStore()
    a = await azarr.create_array(store=store, shape=(20,), chunks=(5,), dtype="i4")
    await a.setitem(slice(None), np.arange(20, dtype="i4"))
    z = zarr.open_array(store=store, mode="r+")  # converted to the blocking twin, same data
    assert z[3:7].tolist() == [3, 4, 5, 6]
    z[:5] = 0
    assert (await a.getitem(slice(0, 6))).tolist() == [0, 0, 0, 0, 0, 5]


@pytest.mark.anyio
async def test_from_anyio_worker_threads(anyio_backend: str, tmp_path: Path) -> None:
    z = zarr.create_array(
        store=str(tmp_path / "w.zarr"), shape=(8, 100), chunks=(1, 100), dtype="i4"
    )
    loop_thread = threading.get_ident()

    def write_and_read(i: int) -> bool:
        assert threading.get_ident() != loop_thread
        z[i] = np.full(100, i, dtype="i4")
        return bool((z[i] == i).all())

    results: dict[int, bool] = {}

    async def one(i: int) -> None:
        results[i] = await anyio.to_thread.run_sync(write_and_read, i)

    with anyio.fail_after(60):
        async with anyio.create_task_group() as group:
            for i in range(8):
                group.start_soon(one, i)
    assert results == {i: True for i in range(8)}
    np.testing.assert_array_equal(z[:, 0], np.arange(8))


def test_jupyter_like_running_loop(tmp_path: Path) -> None:
    # ipykernel runs cells as tasks on one asyncio loop that runs forever in the main thread:
    # blocking calls and top-level awaits share a cell, and cells run one after another on the
    # same loop (zarr-python 3 users hit "a second asyncio.run fails" and loop affinity there).
    path = str(tmp_path / "nb.zarr")
    loop = asyncio.new_event_loop()
    outputs: list[object] = []

    async def cell_1() -> None:
        assert asyncio.get_running_loop() is loop
        z = zarr.create_array(store=path, shape=(10, 10), chunks=(5, 5), dtype="i4")
        z[:] = np.arange(100).reshape(10, 10)
        outputs.append(int(z[9, 9]))
        a = await azarr.open_array(store=path)  # "top-level await" in the same cell
        outputs.append((await a.getitem((slice(0, 2), 0))).tolist())

    async def cell_2() -> None:
        z = zarr.open_array(path, mode="r")
        outputs.append(float(np.asarray(z).sum()))
        probe = asyncio.sleep(0)
        with pytest.raises(RuntimeError):  # proof that this really runs inside a running loop
            asyncio.run(probe)
        probe.close()

    def callback() -> None:  # a plain loop callback (e.g. a widget handler) may use it too
        outputs.append(zarr.open_array(path, mode="r")[0, :3].tolist())

    async def kernel() -> None:
        for cell in (cell_1, cell_2):
            await asyncio.wait_for(loop.create_task(cell()), 30)
        loop.call_soon(callback)
        await asyncio.sleep(0.01)
        loop.stop()

    main = loop.create_task(kernel())
    loop.run_forever()
    try:
        assert main.done(), "the kernel loop stopped before its cells finished"
        main.result()
    finally:
        loop.close()
    assert outputs == [99, [0, 10], 4950.0, [0, 1, 2]]


# -- no event loop, no background loop thread ------------------------------------------------


class _LoopFreeMemoryStore(zarr.storage.MemoryStore):
    """Fails any request made while an event loop runs in the requesting thread."""

    def _get(self, key: str, byte_range: object) -> bytes | None:
        assert asyncio_events._get_running_loop() is None, "a request ran inside an event loop"
        assert current_async_library_or_none() is None
        return super()._get(key, byte_range)  # type: ignore[arg-type]

    def _set(self, key: str, value: object) -> None:
        assert asyncio_events._get_running_loop() is None, "a request ran inside an event loop"
        super()._set(key, value)  # type: ignore[arg-type]


def current_async_library_or_none() -> str | None:
    try:
        return sniffio.current_async_library()
    except sniffio.AsyncLibraryNotFoundError:
        return None


def _forbid(*_: object, **__: object) -> None:
    raise AssertionError("the blocking API started an event loop")


@pytest.mark.parametrize("kind", ["memory", "local"])
def test_sync_api_runs_no_event_loop_and_starts_only_pool_threads(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for target, name in [
        (asyncio, "run"),
        (asyncio, "new_event_loop"),
        (asyncio, "Runner"),
        (asyncio.events, "new_event_loop"),
        (asyncio.BaseEventLoop, "run_forever"),
        (trio, "run"),
        (trio.lowlevel, "start_guest_run"),
        (anyio, "run"),
        (anyio.from_thread, "start_blocking_portal"),
        (anyio.from_thread, "run"),
        (anyio.from_thread, "run_sync"),
    ]:
        monkeypatch.setattr(target, name, _forbid)
    started: list[str] = []
    original_start = threading.Thread.start

    def recording_start(self: threading.Thread) -> None:
        started.append(self.name)
        original_start(self)

    monkeypatch.setattr(threading.Thread, "start", recording_start)
    store: object = _LoopFreeMemoryStore() if kind == "memory" else str(tmp_path / "n.zarr")
    with zarr.config.set({"threading.max_workers": 3}):
        root = zarr.open_group(store=store, mode="w")
        z = root.create_array("x", shape=(300, 300), chunks=(20, 20), dtype="f4")
        z[:] = np.ones((300, 300), dtype="f4")
        z[5:17, 3:290] = 2.0  # partial chunks: read-modify-write
        assert float(z[...].sum()) == 90000.0 + 12 * 287
        assert zarr.open_group(store=store, mode="r")["x"].oindex[[0, 299], [0, 299]].sum() == 4.0
        assert sorted(root.keys()) == ["x"]
    assert all(name.startswith("zarrlite-worker") for name in started), started
    assert len(started) <= 3, started  # the pool never exceeds threading.max_workers


def test_reentrant_blocking_calls_never_deadlock() -> None:
    # zarr-python 3 raises SyncError for these (PAIN-POINTS #4): zarrlite arrays as values and
    # indices, and blocking calls made from inside a store read, i.e. inside the worker pool,
    # from several threads at once, with a pool much smaller than the work.
    other = zarr.create_array(store=None, shape=(40, 40), chunks=(5, 5), dtype="i8")
    other[...] = 1
    probe = zarr.create_array(store=None, shape=(10, 10), chunks=(5, 5), dtype="i8")
    probe[...] = 1

    class NestingStore(zarr.storage.MemoryStore):
        def _get(self, key: str, byte_range: object) -> bytes | None:
            assert int(probe[...].sum()) == 100  # a whole fan-out from inside a request
            return super()._get(key, byte_range)  # type: ignore[arg-type]

    z = zarr.create_array(store=NestingStore(), shape=(40, 40), chunks=(5, 5), dtype="i8")
    z[...] = other  # an Array as the value
    index = zarr.create_array(store=None, shape=(3,), chunks=(2,), dtype="i8")
    index[...] = [0, 17, 39]
    results: list[bool] = []

    def work() -> None:
        results.append(bool((z.oindex[index, index] == 1).all()) and int(z[...].sum()) == 1600)

    with zarr.config.set({"threading.max_workers": 2}):
        threads = [threading.Thread(target=work, daemon=True) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    assert not any(t.is_alive() for t in threads), "deadlock"
    assert results == [True] * 4


@pytest.mark.parametrize("node", ["group", "array"])
@pytest.mark.parametrize("where", ["memory", "local"])
def test_attribute_updates_from_threads_are_all_kept(node: str, where: str, tmp_path: Path) -> None:
    # Each update merges into the previous one's result (the node's lock), in memory and stored.
    store = zarrlite.storage.MemoryStore() if where == "memory" else str(tmp_path / "t.zarr")
    handle = (
        zarr.open_group(store, mode="w")
        if node == "group"
        else zarr.create_array(store, shape=(2,), dtype="i1")
    )
    start = threading.Barrier(16)

    def update(i: int) -> None:
        start.wait()
        for j in range(5):
            handle.attrs[f"k{i}_{j}"] = i

    threads = [threading.Thread(target=update, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    expected = {f"k{i}_{j}": i for i in range(16) for j in range(5)}
    assert dict(handle.attrs) == expected
    assert dict(zarr.open(store, mode="r").attrs) == expected
