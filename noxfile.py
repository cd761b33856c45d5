"""Developer sessions: ``nox -s tests lint typecheck codegen``."""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "codegen"]
PYTHON = "3.12"


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The whole test suite, interop with zarr-python included."""
    session.install("-e", ".[test]")
    session.run("pytest", "-q", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff over the whole tree."""
    session.install("ruff==0.17.6")
    session.run("ruff", "check", ".")


@nox.session(python=PYTHON)
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the library."""
    session.install("-e", ".[test]")
    session.run("mypy", "zarrlite")


@nox.session(python=PYTHON)
def codegen(session: nox.Session) -> None:
    """Fail when the generated sync code is stale."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "codegen", "--check")
