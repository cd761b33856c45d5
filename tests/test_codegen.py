"""The sync code generator: golden async -> sync pairs, one per construct, and ``--check``.

Golden pairs are ``tests/data/codegen/async/<case>.py`` -> ``tests/data/codegen/sync/<case>.py``;
cases named ``tests_*`` get the test-only rules. After a deliberate change to the generator, run
``CODEGEN_UPDATE_GOLDEN=1 pytest tests/test_codegen.py`` and review the diff of ``sync/``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `codegen` and `tests` are not installed, only importable from here
    sys.path.insert(0, str(ROOT))

from codegen import CodegenError  # noqa: E402
from codegen.__main__ import main  # noqa: E402
from codegen.rules import RULES, SHIM_NAMES  # noqa: E402
from codegen.transform import rename_prose, transform  # noqa: E402
from codegen.tree import header, render  # noqa: E402
from tests import concurrency  # noqa: E402

DATA = ROOT / "tests" / "data" / "codegen"
CASES = sorted(path.stem for path in (DATA / "async").glob("*.py"))
# Import sections must not depend on which generated modules exist in this checkout.
FIRST_PARTY = 'lint.isort.known-first-party = ["zarrlite", "tests"]'


def _golden(case: str) -> tuple[str, Counter[str]]:
    source = f"tests/data/codegen/async/{case}.py"
    target = f"tests/data/codegen/sync/{case}.py"
    text = (ROOT / source).read_text("utf-8")
    tests = case.startswith("tests_")
    generated = render(text, source, target, ROOT, tests=tests, ruff_config=FIRST_PARTY)
    return generated.text, generated.fired


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    text, _ = _golden(case)
    expected = DATA / "sync" / f"{case}.py"
    if os.environ.get("CODEGEN_UPDATE_GOLDEN"):
        expected.write_text(text, "utf-8")
    assert text == expected.read_text("utf-8")
    assert text.startswith(header(f"tests/data/codegen/async/{case}.py") + "\n")
    compile(text, str(expected), "exec")


def test_golden_files_cover_every_rule() -> None:
    fired: Counter[str] = Counter()
    for case in CASES:
        fired.update(_golden(case)[1])
    assert [rule.id for rule in RULES if not fired[rule.id]] == []
    assert sorted(path.stem for path in (DATA / "sync").glob("*.py")) == CASES


BEHAVIOUR = """\
from collections.abc import AsyncIterator


class AsyncCountdown:
    def __init__(self, n: int) -> None:
        self.n, self.closed = n, False

    def __aiter__(self) -> "AsyncCountdown":
        return self

    async def __anext__(self) -> int:
        if self.n == 0:
            raise StopAsyncIteration
        self.n -= 1
        return self.n

    async def __aenter__(self) -> "AsyncCountdown":
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.closed = True


async def numbers(n: int) -> AsyncIterator[int]:
    async for i in AsyncCountdown(n):
        yield i


async def one() -> int:
    return 1


async def total(n: int) -> tuple[int, bool]:
    async with AsyncCountdown(n) as countdown:
        values = [i * (await one()) async for i in numbers(n)]
    return sum(values) + (await one()), countdown.closed
"""


def test_generated_code_behaves_like_its_source() -> None:
    anyio = pytest.importorskip("anyio")
    async_namespace: dict[str, Any] = {}
    exec(BEHAVIOUR, async_namespace)
    sync_namespace: dict[str, Any] = {}
    exec(transform(BEHAVIOUR, path="m.py", tests=False).text, sync_namespace)
    assert "Countdown" in sync_namespace and "AsyncCountdown" not in sync_namespace
    expected = anyio.run(async_namespace["total"], 4)
    assert sync_namespace["total"](4) == expected == (7, True)


def test_rule_table_is_consistent() -> None:
    assert len({rule.id for rule in RULES}) == len(RULES)
    assert set(SHIM_NAMES) <= set(concurrency.__all__)


def test_rename_prose_keeps_prose() -> None:
    text = "Await an AsyncArray from zarrlite._async.array; async code, asynchronous words."
    expected = "Await an Array from zarrlite._sync.array; async code, asynchronous words."
    assert rename_prose(text) == expected


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("x = 1  # codegen: async-onyl\n", "unknown codegen marker"),
        ("# codegen: async-only\nx = 1\n", "misplaced"),
        ("# codegen: async-only-start\nx = 1\n", "no matching"),
        ("x = 1  # codegen: async-only-start\n", "misplaced"),
        ("# codegen: async-only-end\n", "misplaced"),
        ("def f() -> AsyncGenerator[int]: ...\n", "exactly two type arguments"),
    ],
)
def test_errors(source: str, message: str) -> None:
    with pytest.raises(CodegenError, match=message):
        transform(source, path="m.py", tests=False)


@pytest.mark.parametrize(
    "source", ["import anyio\nanyio.Event()\n", "from anyio import Event\n", "import anyio as a\n"]
)
def test_tests_use_only_shimmed_anyio(source: str) -> None:
    with pytest.raises(CodegenError, match="anyio"):
        transform(source, path="tests/_async/test_x.py", tests=True)
    transform(source, path="zarrlite/_async/x.py", tests=False)  # the library is left alone


def test_concurrency_shim_joins_threads_and_reraises() -> None:
    seen: list[str] = []
    lock = threading.Lock()

    def work(name: str) -> None:
        concurrency.sleep(0.01)
        with lock:
            seen.append(name)

    def fail() -> None:
        raise KeyError("boom")

    with concurrency.create_task_group() as tg:
        tg.start_soon(work, "a")
        tg.start_soon(work, "b", name="task b")
    assert sorted(seen) == ["a", "b"]
    with pytest.raises(KeyError, match="boom"), concurrency.create_task_group() as tg:
        tg.start_soon(fail)
        tg.start_soon(work, "c")
    assert "c" in seen
    with pytest.raises(RuntimeError, match="not active"):
        tg.start_soon(work, "d")


# -- the command line on a temporary repository -------------------------------------------------

LIBRARY = '''\
"""A module."""

from zarrlite._async.store import AsyncStore
from zarrlite._backend.async_ import map_limited
from zarrlite._facade.async_ import ArrayFacade


class AsyncThing(ArrayFacade):
    async def get(self, store: AsyncStore) -> list[bytes]:
        return await map_limited(store.get, ["a"])
'''
TEST = """\
import pytest


@pytest.mark.anyio
async def test_x() -> None:
    pass
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    files = {
        "zarrlite/_async/thing.py": LIBRARY,
        "zarrlite/_async/store/__init__.py": "class AsyncStore: ...\n",
        "tests/_async/test_thing.py": TEST,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    assert main(["--root", str(tmp_path)]) == 0
    return tmp_path


def _check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    capsys.readouterr()
    status = main(["--check", "--root", str(root)])
    return status, capsys.readouterr().out


def test_check_passes_after_generating(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _check(repo, capsys)
    assert status == 0, out
    assert out.startswith("codegen --check: up to date: 3 files")
    generated = (repo / "zarrlite/_sync/thing.py").read_text("utf-8")
    assert "class Thing(ArrayFacade):" in generated
    assert "from zarrlite._backend.sync import map_limited" in generated
    assert "return map_limited(store.get" in generated
    assert "pytest.mark.anyio" not in (repo / "tests/_sync/test_thing.py").read_text("utf-8")


def test_check_reports_a_modified_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "zarrlite/_sync/thing.py"
    path.write_text(path.read_text("utf-8").replace("map_limited(store.get", "map_limited(x"))
    status, out = _check(repo, capsys)
    assert status == 1
    assert "stale: zarrlite/_sync/thing.py differs" in out
    assert "-        return map_limited(x, " in out
    assert "+        return map_limited(store.get, " in out


def test_check_reports_a_missing_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "tests/_sync/test_thing.py").unlink()
    status, out = _check(repo, capsys)
    assert status == 1
    assert "missing: tests/_sync/test_thing.py" in out
    assert "+def test_x() -> None:" in out


def test_check_reports_a_stale_extra_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "zarrlite/_sync/store/helpers.py").write_text("HAND_WRITTEN = 1\n")
    status, out = _check(repo, capsys)
    assert status == 1
    assert "extra: zarrlite/_sync/store/helpers.py has no source" in out
    assert "-HAND_WRITTEN = 1" in out
    # Regenerating keeps a file that codegen did not write, and says so.
    assert main(["--root", str(repo)]) == 1
    assert (repo / "zarrlite/_sync/store/helpers.py").exists()


def test_generating_removes_files_whose_source_is_gone(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "tests/_async/test_thing.py").unlink()
    assert main(["--root", str(repo)]) == 0
    assert not (repo / "tests/_sync/test_thing.py").exists()
    assert _check(repo, capsys)[0] == 0


def test_check_reports_an_unused_rule(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = repo / "zarrlite/_async/thing.py"
    source.write_text(source.read_text("utf-8").replace("from zarrlite._facade.async_ ", "from x "))
    assert main(["--root", str(repo)]) == 0
    status, out = _check(repo, capsys)
    assert status == 1
    assert "rule '_facade.async_' never fired" in out


def test_check_on_an_empty_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out = _check(tmp_path, capsys)
    assert status == 0, out
    (tmp_path / "zarrlite/_sync").mkdir(parents=True)
    (tmp_path / "zarrlite/_sync/left_over.py").write_text("")
    assert _check(tmp_path, capsys)[0] == 1


def test_check_passes_on_this_repository() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "codegen", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
