"""Every example runs to completion as a script (in a subprocess, under a timeout)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# What each example must print (each also checks its own results with asserts).
EXPECTED_OUTPUT = {
    "quickstart.py": ["units: degC"],
    "asyncio_service.py": ["served 32 concurrent requests", "{'row': 0, 'mean': 127.5"],
    "trio_app.py": ["sum of all frames: 1966080.0", "read cancelled by deadline: True"],
    "threads_and_processes.py": ["threads wrote: 179200", "spawn (Executor): row sums [0, 800"],
}


def test_every_example_is_listed() -> None:
    assert sorted(p.name for p in EXAMPLES.glob("*.py")) == sorted(EXPECTED_OUTPUT)


@pytest.mark.parametrize("name", sorted(EXPECTED_OUTPUT))
def test_example_runs(name: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / name)],
        capture_output=True,
        text=True,
        timeout=100,
        cwd=tmp_path,  # examples must not depend on (or litter) the working directory
        env={**os.environ, "PYTHONWARNINGS": "error::RuntimeWarning"},
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    for text in EXPECTED_OUTPUT[name]:
        assert text in result.stdout, result.stdout
    assert list(tmp_path.iterdir()) == []
