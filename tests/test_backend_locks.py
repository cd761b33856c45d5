"""``KeyLocks`` and ``ConcurrencyLimiter``: exclusion and limits across threads, tasks and loops."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable

import anyio
import anyio.to_thread
import pytest
import trio

from tests.test_backend import Gauge
from zarrlite._backend.sync import ConcurrencyLimiter, KeyLocks


def run_threads(target: Callable[[int], object], count: int) -> None:
    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
        assert not thread.is_alive()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.001)


# -- KeyLocks ---------------------------------------------------------------------------------


def test_key_locks_exclude_threads() -> None:
    locks = KeyLocks()
    gauge = Gauge()
    counter = {"k": 0}

    def bump(_: int) -> None:
        for _ in range(40):
            with locks.hold("k"), gauge:
                value = counter["k"]
                time.sleep(0)  # invite a lost update if exclusion were broken
                counter["k"] = value + 1

    run_threads(bump, 8)
    assert counter["k"] == 320
    assert gauge.peak == 1
    assert len(locks) == 0  # entries are dropped once unused


def test_key_locks_different_keys_do_not_block_each_other() -> None:
    locks = KeyLocks()
    both_inside = threading.Barrier(2, timeout=10)

    def hold(i: int) -> None:
        with locks.hold(f"key{i}"):
            both_inside.wait()  # would time out if the keys excluded each other

    run_threads(hold, 2)


@pytest.mark.anyio
async def test_key_locks_exclude_tasks(anyio_backend: str) -> None:
    locks = KeyLocks()
    gauge = Gauge()
    counter = {"k": 0}

    async def bump() -> None:
        for _ in range(20):
            async with locks.hold("k"):
                with gauge:
                    value = counter["k"]
                    await anyio.sleep(0)
                    counter["k"] = value + 1

    async with anyio.create_task_group() as group:
        for _ in range(8):
            group.start_soon(bump)
    assert counter["k"] == 160
    assert gauge.peak == 1
    assert len(locks) == 0


@pytest.mark.anyio
async def test_key_locks_exclude_tasks_and_threads_together(anyio_backend: str) -> None:
    locks = KeyLocks()
    gauge = Gauge()

    def in_thread() -> None:
        for _ in range(10):
            with locks.hold(("store", "c/0")), gauge:
                time.sleep(0.001)

    async def in_task() -> None:
        for _ in range(10):
            async with locks.hold(("store", "c/0")):
                with gauge:
                    await anyio.sleep(0.001)

    async with anyio.create_task_group() as group:
        for _ in range(3):
            group.start_soon(anyio.to_thread.run_sync, in_thread)
            group.start_soon(in_task)
    assert gauge.peak == 1
    assert len(locks) == 0


@pytest.mark.anyio
async def test_key_locks_cancelled_waiter_leaves_no_entry(anyio_backend: str) -> None:
    locks = KeyLocks()
    async with locks.hold("k"):
        with anyio.move_on_after(0.02) as scope:
            async with locks.hold("k"):
                pytest.fail("acquired a held key")
        assert scope.cancelled_caught
    assert len(locks) == 0
    async with locks.hold("k"):
        pass


def test_hold_many_takes_overlapping_sets_without_deadlock() -> None:
    # Threads taking overlapping key sets given in different orders: sorted acquisition means
    # no cycle; single-key holders interleave with them.
    locks = KeyLocks()
    inside: dict[str, int] = {}
    overlaps: list[str] = []
    guard = threading.Lock()

    def enter(keys: list[str]) -> None:
        with guard:
            for key in keys:
                inside[key] = inside.get(key, 0) + 1
                if inside[key] > 1:
                    overlaps.append(key)

    def leave(keys: list[str]) -> None:
        with guard:
            for key in keys:
                inside[key] -= 1

    def worker(i: int) -> None:
        for round_ in range(50):
            keys = [f"k{(i + j + round_) % 5}" for j in range(3)]
            keys = keys if i % 2 else keys[::-1]
            with locks.hold_many(keys):
                enter(keys)
                time.sleep(0.0002)
                leave(keys)
            with locks.hold(keys[0]):
                enter(keys[:1])
                leave(keys[:1])

    run_threads(worker, 4)
    assert overlaps == []
    assert len(locks) == 0


def test_try_hold_many_takes_all_keys_or_none_and_never_waits() -> None:
    locks = KeyLocks()
    held = locks.try_hold_many(["b", "a"])
    assert held is not None
    with held:
        assert locks.try_hold_many(["c", "a"]) is None  # "a" is busy: "c" is not kept either
        assert len(locks) == 2
        other = locks.try_hold_many(["c"])
        assert other is not None
        with other:
            pass
    assert len(locks) == 0
    # A key with a thread queued for it is busy too (slots pass first-in first-out).
    with locks.hold("k"):
        waiter = threading.Thread(target=lambda: locks.hold("k").__enter__())
        waiter.start()
        deadline = time.monotonic() + 5
        while locks._entries["k"].slots._waiters == deque() and time.monotonic() < deadline:
            time.sleep(0.001)
        assert locks.try_hold_many(["k"]) is None
    waiter.join(5)
    assert locks._entries["k"].slots._borrowed == 1  # the waiter got it


def test_keys_taken_by_try_hold_many_pass_to_their_waiters() -> None:
    locks = KeyLocks()
    held = locks.try_hold_many(["a", "b", "c"])
    assert held is not None
    order: list[str] = []

    def wait_for(key: str) -> None:
        with locks.hold(key):
            order.append(key)

    with held:
        waiters = [threading.Thread(target=wait_for, args=(key,)) for key in ("b", "c")]
        for waiter in waiters:
            waiter.start()
        deadline = time.monotonic() + 5
        while (
            any(not locks._entries[key].slots._waiters for key in ("b", "c"))
            and time.monotonic() < deadline
        ):
            time.sleep(0.001)
        assert order == []  # still held
    for waiter in waiters:
        waiter.join(5)
    assert sorted(order) == ["b", "c"]
    assert len(locks) == 0  # every entry checked in
    again = locks.try_hold_many(["a", "b", "c"])
    assert again is not None
    with again:
        assert len(locks) == 3


@pytest.mark.anyio
async def test_hold_many_in_tasks_releases_everything_on_cancellation(anyio_backend: str) -> None:
    locks = KeyLocks()
    async with locks.hold("b"):
        with anyio.move_on_after(0.02) as scope:
            async with locks.hold_many(["c", "a", "b"]):  # gets "a", then waits for "b"
                pytest.fail("acquired a held key")
        assert scope.cancelled_caught
        async with locks.hold("a"):  # "a" was given back
            pass
    assert len(locks) == 0
    async with locks.hold_many(["a", "b", "a"]):  # duplicates are held once
        assert len(locks) == 2
    assert len(locks) == 0


# -- ConcurrencyLimiter ----------------------------------------------------------------------


def test_limiter_bounds_threads() -> None:
    limiter = ConcurrencyLimiter(3)
    gauge = Gauge()

    def work(_: int) -> None:
        for _ in range(10):
            with limiter, gauge:
                time.sleep(0.001)

    run_threads(work, 16)
    assert gauge.peak == 3
    assert limiter.borrowed == 0 and limiter.waiting == 0


def test_limiter_is_shared_by_two_event_loops_and_threads() -> None:
    """One limiter, used at once from an asyncio loop, a trio loop and plain threads."""
    limiter = ConcurrencyLimiter(2)
    gauge = Gauge()

    async def task() -> None:
        for _ in range(5):
            async with limiter:
                with gauge:
                    await anyio.sleep(0.002)

    async def many_tasks() -> None:
        async with anyio.create_task_group() as group:
            for _ in range(6):
                group.start_soon(task)

    def plain(_: int) -> None:
        for _ in range(5):
            with limiter, gauge:
                time.sleep(0.002)

    errors: list[BaseException] = []

    def loop(runner: Callable[[], object]) -> None:
        try:
            runner()
        except BaseException as error:
            errors.append(error)

    loops = [
        threading.Thread(target=loop, args=(lambda: asyncio.run(many_tasks()),)),
        threading.Thread(target=loop, args=(lambda: trio.run(many_tasks),)),
    ]
    for thread in loops:
        thread.start()
    run_threads(plain, 3)
    for thread in loops:
        thread.join(30)
        assert not thread.is_alive()
    assert errors == []
    assert gauge.peak == 2
    assert limiter.borrowed == 0 and limiter.waiting == 0


@pytest.mark.anyio
async def test_limiter_bounds_tasks_and_survives_cancellation(anyio_backend: str) -> None:
    limiter = ConcurrencyLimiter(4)
    gauge = Gauge()

    async def task() -> None:
        async with limiter:
            with gauge:
                await anyio.sleep(0.002)

    async with anyio.create_task_group() as group:
        for _ in range(30):
            group.start_soon(task)
    assert gauge.peak == 4
    limiter.total = 1
    async with limiter:
        with anyio.move_on_after(0.02) as scope:
            async with limiter:
                pytest.fail("took a second slot of a limiter of 1")
        assert scope.cancelled_caught
    assert limiter.borrowed == 0 and limiter.waiting == 0


def test_limiter_passes_on_a_slot_granted_to_an_abandoned_waiter() -> None:
    limiter = ConcurrencyLimiter(1)
    limiter.acquire()
    waiter = limiter._take_or_queue(in_task=False)
    assert waiter is not None
    limiter.release()  # hands the slot to the waiter
    assert waiter.granted and limiter.borrowed == 1
    limiter._abandon(waiter)  # e.g. cancelled just after the grant: the slot must not leak
    assert limiter.borrowed == 0 and limiter.waiting == 0


def test_limiter_is_first_in_first_out_and_total_can_grow() -> None:
    limiter = ConcurrencyLimiter(1)
    order: list[int] = []
    limiter.acquire()

    def take(i: int) -> None:
        with limiter:
            order.append(i)

    threads = []
    for i in range(3):
        threads.append(threading.Thread(target=take, args=(i,)))
        threads[-1].start()
        wait_until(lambda i=i: limiter.waiting == i + 1)  # type: ignore[misc]
    limiter.release()
    for thread in threads:
        thread.join(10)
    assert order == [0, 1, 2]

    limiter.acquire()  # growing the total lets waiters in without any release
    inside = threading.Barrier(3, timeout=10)

    def hold(_: int) -> None:
        with limiter:
            inside.wait()

    helpers = [threading.Thread(target=hold, args=(i,)) for i in range(2)]
    for thread in helpers:
        thread.start()
    wait_until(lambda: limiter.waiting == 2)
    limiter.total = 3
    inside.wait()
    for thread in helpers:
        thread.join(10)
    limiter.release()
    assert limiter.borrowed == 0


def test_limiter_rejects_misuse() -> None:
    with pytest.raises(ValueError, match="total"):
        ConcurrencyLimiter(0)
    limiter = ConcurrencyLimiter(2)
    with pytest.raises(ValueError, match="total"):
        limiter.total = True
    with pytest.raises(RuntimeError, match="without a matching acquire"):
        limiter.release()
    assert "total=2" in repr(limiter)


def test_write_generations_mark_a_write_in_progress_and_a_new_generation() -> None:
    from zarrlite._write_locks import WriteGenerations

    generations = WriteGenerations(slots=8)
    key = ("memory://1", "c/0/0")
    slot = generations.slot(key)
    before = generations.snapshot(slot)
    assert before is not None
    with generations.writing(key):
        assert generations.snapshot(slot) is None  # a reader re-reads the shard whole
    after = generations.snapshot(slot)
    assert after is not None and after != before
    with pytest.raises(OSError), generations.writing(key):
        raise OSError("write failed")
    assert generations.snapshot(slot) not in (None, after)  # ended, and counted
