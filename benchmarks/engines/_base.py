"""The interface every engine implements; timing and memory are measured around these calls."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

import numpy as np

from benchmarks.config import ArraySpec

__all__ = ["Engine", "Unsupported"]


class Unsupported(Exception):
    """The engine cannot do this step (the figure is reported as n/a)."""


class Engine(ABC):
    """One library seen through the handful of operations the workloads need.

    ``where`` is a directory path, or ``None`` for a fresh in-memory store.
    """

    name: str
    version: str

    @abstractmethod
    def create(self, spec: ArraySpec, where: str | None) -> Any:
        """Create (overwrite) an empty array; returns a handle for the other calls."""

    @abstractmethod
    def write(self, array: Any, data: np.ndarray[Any, Any]) -> None:
        """Write the whole array."""

    @abstractmethod
    def read(self, array: Any) -> np.ndarray[Any, Any]:
        """Read the whole array."""

    @abstractmethod
    def read_points(self, array: Any, points: np.ndarray[Any, Any]) -> list[Any]:
        """Read ``points[k] = (row, col)`` one request each, in order."""

    @abstractmethod
    def read_regions(
        self, array: Any, starts: np.ndarray[Any, Any], side: int
    ) -> list[np.ndarray[Any, Any]]:
        """Read the ``side``² squares starting at ``starts[k]``, one request each."""

    @abstractmethod
    def create_group(
        self, where: str, names: Sequence[str], member: ArraySpec, consolidated: bool
    ) -> None:
        """Create a group of ``member``-shaped arrays (format ``member.zarr_format``)."""

    @abstractmethod
    def open_group(self, where: str, zarr_format: int, consolidated: bool) -> list[str]:
        """Open the group, list it and open every array; returns the sorted array names."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources (event loops, pools) before the worker exits."""
