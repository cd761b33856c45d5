"""Thread-based twins of the anyio calls that async tests make; the generated sync tests use them.

``codegen`` rewrites ``anyio.create_task_group()`` (and ``from anyio import create_task_group``)
in ``tests/_async`` to this module, so a concurrency test runs its tasks in threads when sync.
Unlike anyio, a failing task does not cancel the others: every thread runs to its end.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from types import TracebackType

__all__ = ["TaskGroup", "create_task_group", "sleep"]


class TaskGroup:
    """Runs each ``start_soon`` function in a thread; leaving the block joins them all.

    The first exception raised by a task (in time) is re-raised on exit, unless the block itself
    raised.
    """

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []
        self._errors: list[BaseException] = []
        self._lock = threading.Lock()
        self._closed = False

    def start_soon(self, func: Callable[..., object], *args: object, name: object = None) -> None:
        """Call ``func(*args)`` in a new thread (tasks may start more tasks)."""
        if self._closed:
            raise RuntimeError("this task group is not active")
        thread = threading.Thread(
            target=self._run, args=(func, args), name=None if name is None else str(name)
        )
        with self._lock:
            self._threads.append(thread)
        thread.start()

    def _run(self, func: Callable[..., object], args: tuple[object, ...]) -> None:
        try:
            func(*args)
        except BaseException as error:  # re-raised in the thread that owns the group
            with self._lock:
                self._errors.append(error)

    def __enter__(self) -> TaskGroup:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        joined = 0
        while True:
            with self._lock:
                if joined == len(self._threads):
                    self._closed = True
                    break
                thread = self._threads[joined]
            thread.join()
            joined += 1
        if exc is None and self._errors:
            raise self._errors[0]


def create_task_group() -> TaskGroup:
    """The blocking twin of ``anyio.create_task_group()``."""
    return TaskGroup()


def sleep(delay: float) -> None:
    """The blocking twin of ``anyio.sleep()``."""
    time.sleep(delay)
