# Generated from tests/data/codegen/async/context_managers.py by codegen. Do not edit.

"""Async context managers: the protocol, contextlib's names and the Async<Capital> rule."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from types import TracebackType
from typing import Self


class Resource(AbstractContextManager["Resource"]):
    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@contextmanager
def opened(*resources: Resource) -> Iterator[list[Resource]]:
    with ExitStack() as stack:
        yield [stack.enter_context(r) for r in resources]
