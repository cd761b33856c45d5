"""Generate the blocking twin of zarrlite's async code (``python -m codegen``; see ``__main__``)."""

from __future__ import annotations

__all__ = ["CodegenError"]


class CodegenError(Exception):
    """The async source uses a construct the generator cannot turn into blocking code."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message
