"""The backend pair: ``map_limited``, ``run_cpu``, ``run_io`` in both flavours, and fork safety.

Hand-written (not generated): the sync half calls ``zarrlite._backend.sync`` directly, the async
half runs under asyncio and trio. Locks and limiters are in ``test_backend_locks.py``.
"""

from __future__ import annotations

import functools
import gc
import os
import signal
import threading
import time
import weakref
from collections.abc import Callable, Iterator

import anyio
import pytest

from zarrlite._backend import async_, sync


class Gauge:
    """Counts calls in flight (thread-safe) and remembers the peak."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def __enter__(self) -> None:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self.now -= 1


@pytest.fixture
def workers() -> Iterator[Callable[[int], None]]:
    """Set the CPU worker count for one test, then restore the default."""
    yield sync.set_max_workers
    sync.set_max_workers(None)


def test_flavour_constants() -> None:
    assert async_.IS_ASYNC is True
    assert sync.IS_ASYNC is False
    assert sorted(async_.__all__) == sorted(sync.__all__)
    # The primitives are one class in both flavours, so twins can share a limiter.
    assert async_.ConcurrencyLimiter is sync.ConcurrencyLimiter


def test_max_workers_setting(workers: Callable[[int], None]) -> None:
    assert sync.get_max_workers() == (os.cpu_count() or 1)
    workers(3)
    assert sync.get_max_workers() == async_.get_max_workers() == 3
    with pytest.raises(ValueError, match="max_workers"):
        sync.set_max_workers(0)


# -- sync flavour ----------------------------------------------------------------------------


def test_sync_map_limited_order_and_limit(workers: Callable[[int], None]) -> None:
    workers(8)
    gauge = Gauge()

    def work(i: int) -> int:
        with gauge:
            time.sleep(0.002 * (i % 3))
        return i * i

    assert sync.map_limited(work, range(40), 3) == [i * i for i in range(40)]
    assert 1 < gauge.peak <= 3
    assert sync.map_limited(work, [], 3) == []


def test_sync_map_limited_runs_inline_when_fanout_is_pointless() -> None:
    caller = threading.get_ident()
    ran_in: set[int] = set()

    def where(i: int) -> int:
        ran_in.add(threading.get_ident())
        return i

    assert sync.map_limited(where, [1], 8) == [1]
    assert sync.map_limited(where, range(5), 1) == list(range(5))
    assert ran_in == {caller}
    ran_in.clear()
    sync.map_limited(lambda i: (time.sleep(0.002), where(i)), range(20), 4)
    # The caller works through the queue too, helped by pool threads.
    helpers = [t for t in threading.enumerate() if t.ident in ran_in - {caller}]
    assert helpers and all(t.name.startswith("zarrlite-worker") for t in helpers)


def test_sync_map_limited_first_exception_cancels_the_rest(workers: Callable[[int], None]) -> None:
    workers(2)
    started: list[int] = []

    def work(i: int) -> int:
        started.append(i)
        if i == 3:
            raise KeyError("boom")
        time.sleep(0.01)
        return i

    with pytest.raises(KeyError, match="boom"):
        sync.map_limited(work, range(100), 2)
    count = len(started)
    time.sleep(0.05)
    assert len(started) == count < 100  # nothing keeps running after the call returned


def test_sync_nested_map_limited_does_not_deadlock(workers: Callable[[int], None]) -> None:
    workers(2)  # fewer threads than outer items: inner calls must not wait for the pool

    def outer(i: int) -> list[int]:
        return sync.map_limited(lambda j: i * 10 + j, range(4), 4)

    assert sync.map_limited(outer, range(6), 6) == [
        [i * 10 + j for j in range(4)] for i in range(6)
    ]


def test_sync_map_limited_follows_a_new_pool_size(workers: Callable[[int], None]) -> None:
    workers(1)
    gauge = Gauge()

    def work(i: int) -> int:
        with gauge:
            time.sleep(0.005)
        return i

    sync.map_limited(work, range(6), 6)
    assert gauge.peak == 1
    workers(4)
    sync.map_limited(work, range(8), 8)
    assert gauge.peak > 1


def test_sync_run_cpu_and_run_io_are_inline() -> None:
    assert sync.run_cpu(threading.get_ident) == threading.get_ident()
    assert sync.run_io(lambda a, b: a + b, 2, 3) == 5
    start = time.monotonic()
    sync.sleep(0.01)
    assert time.monotonic() - start >= 0.009


# -- async flavour ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_map_limited_order_and_limit(anyio_backend: str) -> None:
    gauge = Gauge()

    async def work(i: int) -> int:
        with gauge:
            await anyio.sleep(0.001 * (i % 4))
        return -i

    assert await async_.map_limited(work, range(50), 4) == [-i for i in range(50)]
    assert 1 < gauge.peak <= 4
    assert await async_.map_limited(work, [], 4) == []
    assert await async_.map_limited(work, [7], 4) == [-7]


@pytest.mark.anyio
async def test_async_map_limited_exception_propagates_unwrapped(anyio_backend: str) -> None:
    finished: list[int] = []

    async def work(i: int) -> int:
        if i == 2:
            raise ValueError(f"bad item {i}")
        await anyio.sleep(0.05)
        finished.append(i)
        return i

    with pytest.raises(ValueError, match="bad item 2"):
        await async_.map_limited(work, range(20), 5)
    assert finished == []  # the others were cancelled, not left running


@pytest.mark.anyio
async def test_async_map_limited_honours_outer_cancellation(anyio_backend: str) -> None:
    async def work(i: int) -> int:
        await anyio.sleep(10)
        return i

    with anyio.move_on_after(0.05) as scope:
        await async_.map_limited(work, range(10), 3)
    assert scope.cancelled_caught


@pytest.mark.anyio
async def test_async_map_in_threads_one_trip_per_worker(
    anyio_backend: str, workers: Callable[[int], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    workers(4)
    trips: list[str] = []
    real = async_.run_cpu

    async def counting(fn: Callable[..., object], *args: object) -> object:
        trips.append(fn.__name__)
        return await real(fn, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(async_, "run_cpu", counting)
    gauge = Gauge()
    loop_thread = threading.get_ident()
    threads: set[int] = set()

    def cpu(i: int) -> int:
        assert threading.get_ident() != loop_thread
        threads.add(threading.get_ident())
        with gauge:
            time.sleep(0.002)
        return -i

    assert await async_.map_in_threads(cpu, range(40), 3) == [-i for i in range(40)]
    assert trips == ["drain"] * 3  # not one trip per item
    assert 1 < gauge.peak <= 3 and 1 < len(threads) <= 3
    trips.clear()
    assert await async_.map_in_threads(cpu, [5], 3) == [-5]
    assert trips == ["cpu"]
    assert await async_.map_in_threads(cpu, [], 3) == []
    # The blocking twin is map_limited (the caller's thread takes part).
    assert sync.map_in_threads is sync.map_limited


@pytest.mark.anyio
async def test_async_map_in_threads_first_exception_stops_the_queue(anyio_backend: str) -> None:
    started: list[int] = []

    def cpu(i: int) -> int:
        started.append(i)
        if i == 3:
            raise ValueError(f"bad item {i}")
        time.sleep(0.005)
        return i

    with pytest.raises(ValueError, match="bad item 3"):  # as is, not in an exception group
        await async_.map_in_threads(cpu, range(200), 2)
    assert 3 in started and len(started) < 20  # no item was started after the failure


@pytest.mark.anyio
async def test_async_map_in_threads_cancellation_stops_the_queue(anyio_backend: str) -> None:
    started: list[int] = []

    def cpu(i: int) -> int:
        started.append(i)
        time.sleep(0.01)
        return i

    with anyio.move_on_after(0.05) as scope:
        await async_.map_in_threads(cpu, range(1000), 2)
    assert scope.cancelled_caught
    count = len(started)
    assert 2 <= count < 50  # the threads stopped taking items (all would take ~5 s)
    time.sleep(0.05)
    assert len(started) == count  # and nothing runs on after the call returned


def test_async_cpu_work_runs_in_one_process_pool_across_event_loops(
    workers: Callable[[int], None],
) -> None:
    # The threads outlive each asyncio.run / trio.run (anyio's stop with the task that started
    # them), and max_workers bounds the work of all loops together.
    workers(2)
    gauge = Gauge()

    def cpu(_: int) -> str:
        with gauge:
            time.sleep(0.005)
        return threading.current_thread().name

    async def fan_out() -> set[str]:
        return set(await async_.map_limited(lambda i: async_.run_cpu(cpu, i), range(8), 8))

    first = anyio.run(fan_out)
    second = anyio.run(fan_out, backend="trio")
    assert first == second and len(first) == 2
    assert all(name.startswith("zarrlite-async-worker") for name in first)
    results: list[set[str]] = []
    loops = [threading.Thread(target=lambda: results.append(anyio.run(fan_out))) for _ in range(3)]
    for loop in loops:
        loop.start()
    for loop in loops:
        loop.join(30)
    assert len(results) == 3 and gauge.peak == 2  # three loops, still two threads at work


@pytest.mark.anyio
async def test_async_run_cpu_withdraws_queued_work_when_cancelled(
    anyio_backend: str, workers: Callable[[int], None]
) -> None:
    workers(1)
    ran: list[str] = []

    def cpu(name: str) -> None:
        ran.append(name)
        time.sleep(0.05)

    async with anyio.create_task_group() as tg:
        tg.start_soon(async_.run_cpu, cpu, "running")
        await anyio.sleep(0.01)
        with anyio.move_on_after(0.01) as scope:
            await async_.run_cpu(cpu, "queued")  # waits behind "running" in the 1-thread pool
        assert scope.cancelled_caught
    time.sleep(0.06)
    assert ran == ["running"]  # the queued call never started


class Payload:
    """Stands in for an array's store or the user's data."""


@pytest.mark.anyio
async def test_async_worker_threads_keep_no_reference_to_the_work(
    anyio_backend: str, workers: Callable[[int], None]
) -> None:
    # An idle anyio worker thread keeps its last call's function and arguments until its next
    # call: the caller's data must still be freed by reference counting once the call returns
    # (gc is off, so a reference cycle would keep it too).
    workers(2)

    def use(payload: Payload, item: int = 0) -> int:
        return item

    payload = Payload()
    ref = weakref.ref(payload)
    per_item = functools.partial(use, payload)
    gc.disable()
    try:
        assert await async_.run_cpu(use, payload) == 0
        assert await async_.run_io(use, payload) == 0
        assert await async_.map_in_threads(per_item, range(20), 2) == list(range(20))
        del payload, per_item
        assert ref() is None
    finally:
        gc.enable()


@pytest.mark.anyio
async def test_async_run_cpu_uses_bounded_worker_threads(
    anyio_backend: str, workers: Callable[[int], None]
) -> None:
    workers(2)
    gauge = Gauge()
    loop_thread = threading.get_ident()

    def cpu(i: int) -> int:
        assert threading.get_ident() != loop_thread
        with gauge:
            time.sleep(0.01)
        return i + 1

    async def one(i: int) -> int:
        return await async_.run_cpu(cpu, i)

    assert await async_.map_limited(one, range(8), 8) == list(range(1, 9))
    assert gauge.peak == 2
    assert await async_.run_io(threading.get_ident) != loop_thread
    await async_.sleep(0)


# -- fork ------------------------------------------------------------------------------------


def run_in_forked_child(check: Callable[[], bool], timeout: float = 30.0) -> int:
    """Fork, run ``check`` in the child, and return its exit code (0 = passed); kill it if hung."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process
        code = 3
        try:
            code = 0 if check() else 1
        finally:
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.01)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_forked_child_gets_a_fresh_pool(workers: Callable[[int], None]) -> None:
    workers(2)
    assert sync.map_limited(lambda i: i + 1, range(8), 4) == list(range(1, 9))  # pool exists now
    # A pool thread holds a lock shared with us while we fork: the child must not inherit it.
    limiter = sync.ConcurrencyLimiter(1)
    locks = sync.KeyLocks()
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with limiter, locks.hold("k"):
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    try:

        def child() -> bool:
            names: list[str] = []

            def work(i: int) -> int:
                names.append(threading.current_thread().name)
                return i * 2

            ok = sync.map_limited(work, range(8), 4) == [i * 2 for i in range(8)]
            with limiter, locks.hold("k"):
                pass
            return ok and all(name.startswith("zarrlite-worker") for name in names)

        assert run_in_forked_child(child) == 0
    finally:
        release.set()
        holder.join()
    assert limiter.borrowed == 0 and len(locks) == 0


# -- worker threads spread over the CPUs (async chunk transfers) -----------------------------

_BINDS = hasattr(os, "sched_setaffinity") and hasattr(os, "sched_getaffinity")


@pytest.mark.skipif(not _BINDS, reason="no CPU affinity on this platform")
def test_spread_cpus_only_when_the_threads_match_the_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    from zarrlite import config
    from zarrlite._backend._workers import spread_cpus

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {5, 3})
    assert spread_cpus(2) == [3, 5]
    assert spread_cpus(1) is None  # one thread: nothing to spread
    assert spread_cpus(3) is None  # more threads than CPUs
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert spread_cpus(2) is None  # fewer threads than CPUs: left to the scheduler
    with config.set({"threading.spread_workers": False}):
        assert spread_cpus(4) is None
    assert spread_cpus(4) == [0, 1, 2, 3]
    with config.set({"threading.spread_workers": "yes"}):
        with pytest.raises(ValueError, match=r"'threading\.spread_workers' must be True or False"):
            spread_cpus(4)


class MasksSeen(dict[int, set[frozenset[int]]]):
    """The CPU masks each thread ran its work items with, by thread."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()

    def record(self) -> None:
        with self._lock:
            self.setdefault(threading.get_ident(), set()).add(frozenset(os.sched_getaffinity(0)))


class FakeAffinity:
    """Per-thread CPU masks, standing in for ``os.sched_{get,set}affinity``."""

    def __init__(self, everything: set[int], refuse: bool = False) -> None:
        self.everything = everything
        self.masks: dict[int, set[int]] = {}
        self.refuse = refuse

    def get(self, pid: int) -> set[int]:
        return set(self.masks.get(threading.get_ident(), self.everything))

    def set(self, pid: int, cpus: set[int]) -> None:
        if self.refuse:
            raise OSError(22, "Invalid argument")
        self.masks[threading.get_ident()] = set(cpus)


@pytest.mark.skipif(not _BINDS, reason="no CPU affinity on this platform")
@pytest.mark.parametrize("refuse", [False, True])
def test_shared_queue_binds_each_drainer_then_restores_its_mask(
    monkeypatch: pytest.MonkeyPatch, refuse: bool
) -> None:
    from zarrlite._backend._primitives import SharedQueue

    fake = FakeAffinity({0, 1, 2, 3}, refuse=refuse)
    monkeypatch.setattr(os, "sched_getaffinity", fake.get)
    monkeypatch.setattr(os, "sched_setaffinity", fake.set)
    seen = MasksSeen()
    start = threading.Barrier(3)

    def work(item: int) -> int:
        seen.record()
        time.sleep(0.001)
        return item * 2

    queue = SharedQueue(work, list(range(60)), cpus=[2, 0])
    after: dict[int, set[int]] = {}

    def drain() -> None:
        start.wait()
        queue.drain()
        after[threading.get_ident()] = os.sched_getaffinity(0)

    threads = [threading.Thread(target=drain) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert queue.results == [2 * i for i in range(60)] and not queue.errors
    assert all(mask == {0, 1, 2, 3} for mask in after.values())  # every thread restored
    masks = [next(iter(kinds)) for kinds in seen.values() if len(kinds) == 1]
    assert len(masks) == len(seen)  # no thread changed CPUs part way
    if refuse:  # binding failed: the work ran unbound
        assert set(masks) == {frozenset({0, 1, 2, 3})}
    else:  # two drainers bound, one to each CPU; the third had no CPU left and ran unbound
        assert sorted(masks, key=sorted).count(frozenset({0, 1, 2, 3})) <= 1
        bound = [mask for mask in masks if len(mask) == 1]
        assert len(bound) == len(set(bound)) and set(bound) <= {frozenset({2}), frozenset({0})}


@pytest.mark.skipif(not _BINDS, reason="no CPU affinity on this platform")
@pytest.mark.anyio
async def test_async_map_in_threads_keeps_each_thread_on_its_own_cpu(
    anyio_backend: str, workers: Callable[[int], None]
) -> None:
    from zarrlite import config

    allowed = os.sched_getaffinity(0)
    if not 2 <= len(allowed) <= 8:
        pytest.skip(f"needs 2-8 usable CPUs, this process may use {len(allowed)}")
    workers(len(allowed))
    seen = MasksSeen()

    def work(item: int) -> int:
        seen.record()
        time.sleep(0.002)
        return item

    assert await async_.map_in_threads(work, range(80), len(allowed)) == list(range(80))
    masks = [kinds for kinds in seen.values()]
    assert all(len(kinds) == 1 and len(next(iter(kinds))) == 1 for kinds in masks)
    cpus = [next(iter(next(iter(kinds)))) for kinds in masks]
    assert len(cpus) == len(set(cpus)) and set(cpus) <= allowed
    # The pool threads got their masks back.
    for _ in range(2 * len(allowed)):
        assert await async_.run_cpu(os.sched_getaffinity, 0) == allowed

    seen.clear()
    with config.set({"threading.spread_workers": False}):
        await async_.map_in_threads(work, range(40), len(allowed))
    assert all(kinds == {frozenset(allowed)} for kinds in seen.values())


# -- the blocking fan-out binds its helpers, never the caller ---------------------------------


@pytest.mark.skipif(not _BINDS, reason="no CPU affinity on this platform")
def test_helper_cpus_leave_out_the_callers_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    from zarrlite import config
    from zarrlite._backend import _workers

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.setattr(_workers, "_current_cpu", lambda: 2)
    assert _workers.helper_cpus(4) == [0, 1, 3]
    assert _workers.helper_cpus(2) is None  # fewer threads than CPUs: left to the scheduler
    assert _workers.helper_cpus(5) is None
    with config.set({"threading.spread_workers": False}):
        assert _workers.helper_cpus(4) is None
    with config.set({"threading.spread_workers": 1}):
        with pytest.raises(ValueError, match=r"'threading\.spread_workers' must be True or False"):
            _workers.helper_cpus(4)
    monkeypatch.setattr(_workers, "_current_cpu", lambda: None)  # no sched_getcpu
    assert _workers.helper_cpus(4) is None
    monkeypatch.setattr(_workers, "_current_cpu", lambda: 7)  # not one the caller may use
    assert _workers.helper_cpus(4) is None


@pytest.mark.skipif(not _BINDS, reason="no CPU affinity on this platform")
def test_current_cpu_is_one_the_caller_may_use() -> None:
    from zarrlite._backend._workers import _current_cpu

    cpu = _current_cpu()
    assert cpu is None or cpu in os.sched_getaffinity(0)


@pytest.mark.skipif(not _BINDS, reason="no CPU affinity on this platform")
def test_sync_map_limited_binds_each_helper_but_not_the_caller(
    monkeypatch: pytest.MonkeyPatch, workers: Callable[[int], None]
) -> None:
    from zarrlite import config
    from zarrlite._backend import _workers

    fake = FakeAffinity({0, 1, 2, 3})
    monkeypatch.setattr(os, "sched_getaffinity", fake.get)
    monkeypatch.setattr(os, "sched_setaffinity", fake.set)
    monkeypatch.setattr(_workers, "_current_cpu", lambda: 1)
    workers(4)
    seen = MasksSeen()

    def work(item: int) -> int:
        seen.record()
        time.sleep(0.002)
        return item + 1

    caller = threading.get_ident()
    assert sync.map_limited(work, range(80), 4) == list(range(1, 81))
    assert seen.pop(caller) == {frozenset({0, 1, 2, 3})}  # the caller's thread ran unbound
    assert caller not in fake.masks  # and its mask was never set
    assert all(len(kinds) == 1 for kinds in seen.values())
    cpus = [next(iter(kinds)) for kinds in seen.values()]
    assert len(cpus) == len(set(cpus)) and set(cpus) <= {frozenset({0}), frozenset({2}), frozenset({3})}
    assert all(mask == {0, 1, 2, 3} for mask in fake.masks.values())  # helpers restored

    seen.clear()
    with config.set({"threading.spread_workers": False}):
        sync.map_limited(work, range(40), 4)
    assert all(kinds == {frozenset({0, 1, 2, 3})} for kinds in seen.values())
