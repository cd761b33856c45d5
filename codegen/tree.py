"""Walk the async trees, render each module (header, rewrite, ruff), compare with the sync trees."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from codegen import CodegenError
from codegen.rules import RULES, Rule
from codegen.transform import transform

__all__ = [
    "TREES",
    "Generated",
    "Plan",
    "Tree",
    "diff",
    "header",
    "plan",
    "render",
    "unused_rules",
    "write",
]


@dataclass(frozen=True)
class Tree:
    """A source directory and its generated twin, relative to the repository root."""

    source: str
    target: str
    tests: bool  # whether the test-only rules apply


TREES: tuple[Tree, ...] = (
    Tree("zarrlite/_async", "zarrlite/_sync", tests=False),
    Tree("tests/_async", "tests/_sync", tests=True),
)
_HEADER = "# Generated from {source} by codegen. Do not edit."
# ruff fixes applied to every generated module: import sorting, and `yield from` for the loops
# that re-yield an async iterator (an async generator cannot `yield from`, a generator should).
_RUFF_FIXES = ("I", "UP028")


@dataclass(frozen=True)
class Generated:
    """One generated module: where it comes from, where it goes, its text, the rules it fired."""

    source: str
    target: str
    text: str
    fired: Counter[str] = field(default_factory=Counter, compare=False)


@dataclass
class Plan:
    """Everything one run would write, plus what it found on disk."""

    files: list[Generated] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # .py files in a target tree with no source
    fired: Counter[str] = field(default_factory=Counter)
    has_sources: bool = False
    has_test_sources: bool = False


def header(source: str) -> str:
    """The first line of every generated module."""
    return _HEADER.format(source=source)


def _python_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(
        path
        for path in directory.rglob("*.py")
        if "__pycache__" not in path.parts and not path.name.startswith(".")
    )


def _ruff() -> str:
    """The ruff next to this interpreter (the project's pinned one), else the one on PATH."""
    beside = Path(sys.executable).parent / ("ruff.exe" if sys.platform == "win32" else "ruff")
    found = str(beside) if beside.is_file() else shutil.which("ruff")
    if found is None:
        raise CodegenError("<ruff>", 0, "ruff not found next to the interpreter or on PATH")
    return found


def _ruff_src(root: Path, stubs: Path) -> str:
    """A ``src`` setting that makes ruff see the generated modules before they are written.

    ruff sorts ``zarrlite._sync.x`` as first-party only if that module exists (a third-party
    section otherwise), so the first run would sort imports differently from the second. Empty
    stand-ins for every module to be generated, in ``stubs``, make it see the tree as it will be.
    """
    src = [".", "src"]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        settings = tomllib.loads(pyproject.read_text("utf-8")).get("tool", {}).get("ruff", {})
        src = settings.get("src", src)
    paths = [(root / entry).as_posix() for entry in src] + [stubs.as_posix()]
    return "src = [" + ", ".join(f'"{path}"' for path in paths) + "]"


def _run_ruff(args: list[str], text: str, root: Path, target: str) -> str:
    command = [_ruff(), *args, "--stdin-filename", target, "-"]
    done = subprocess.run(command, input=text, capture_output=True, encoding="utf-8", cwd=root)
    if done.returncode != 0:
        raise CodegenError(target, 0, f"`ruff {args[0]}` failed:\n{done.stderr.strip()}")
    return done.stdout


def render(
    source_text: str, source: str, target: str, root: Path, *, tests: bool, ruff_config: str = ""
) -> Generated:
    """The generated module for ``source`` (paths relative to ``root``) and the rules it fired.

    After the token rewrite, ruff sorts the imports (renaming ``_async`` to ``_sync`` changes
    their order), applies ``_RUFF_FIXES`` and formats the text with the repository's settings;
    ``ruff_config`` is one more ``--config`` override for the import sorting.
    """
    result = transform(source_text, path=source, tests=tests)
    text = f"{header(source)}\n\n{result.text}"
    fixes = ["check", "--select", ",".join(_RUFF_FIXES), "--fix", "--unsafe-fixes", "--exit-zero"]
    fixes += ["--quiet", *(["--config", ruff_config] if ruff_config else [])]
    text = _run_ruff(fixes, text, root, target)
    text = _run_ruff(["format", "--quiet"], text, root, target)
    return Generated(source, target, text, result.fired)


def plan(root: Path) -> Plan:
    """Render every source module under ``root`` in memory and list stale generated files."""
    result = Plan()
    jobs: list[tuple[Path, str, str, Tree]] = []  # (source file, source, target, tree)
    for tree in TREES:
        sources = _python_files(root / tree.source)
        for path in sources:
            relative = path.relative_to(root / tree.source).as_posix()
            jobs.append((path, f"{tree.source}/{relative}", f"{tree.target}/{relative}", tree))
        result.has_sources |= bool(sources)
        result.has_test_sources |= tree.tests and bool(sources)
    targets = {target for _, _, target, _ in jobs}
    for tree in TREES:
        on_disk = (p.relative_to(root).as_posix() for p in _python_files(root / tree.target))
        result.stale += [target for target in on_disk if target not in targets]
    with tempfile.TemporaryDirectory(prefix="codegen-") as stubs:
        for target in targets:
            (Path(stubs) / target).parent.mkdir(parents=True, exist_ok=True)
            (Path(stubs) / target).touch()
        config = _ruff_src(root, Path(stubs))
        for path, source, target, tree in jobs:
            text = path.read_text("utf-8")
            generated = render(text, source, target, root, tests=tree.tests, ruff_config=config)
            result.files.append(generated)
            result.fired.update(generated.fired)
    return result


def unused_rules(result: Plan) -> list[Rule]:
    """Rules that never fired although sources they apply to exist (idle_ok rules excepted)."""
    return [
        rule
        for rule in RULES
        if not rule.idle_ok
        and result.fired[rule.id] == 0
        and (result.has_test_sources if rule.tests_only else result.has_sources)
    ]


def _read(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _is_generated(data: bytes) -> bool:
    first = data.decode("utf-8", "replace").partition("\n")[0]
    prefix, _, suffix = _HEADER.partition("{source}")
    return first.startswith(prefix) and first.endswith(suffix)


def _unified(old: str, new: str, old_name: str, new_name: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def diff(result: Plan, root: Path) -> list[tuple[str, str]]:
    """(problem, unified diff) for each generated file that differs from the one on disk."""
    problems: list[tuple[str, str]] = []
    for file in result.files:
        current = _read(root / file.target)
        if current is None:
            name = f"missing: {file.target}"
            problems.append((name, _unified("", file.text, "/dev/null", file.target)))
        elif current != file.text.encode("utf-8"):
            name = f"stale: {file.target} differs from what {file.source} generates"
            text = current.decode("utf-8", "replace")
            problems.append((name, _unified(text, file.text, file.target, "(generated)")))
    for target in result.stale:
        text = (_read(root / target) or b"").decode("utf-8", "replace")
        name = f"extra: {target} has no source in an _async tree"
        problems.append((name, _unified(text, "", target, "/dev/null")))
    return problems


def write(result: Plan, root: Path) -> tuple[int, int, list[str]]:
    """Write changed files, delete stale generated ones: (written, removed, kept hand-written)."""
    written = removed = 0
    for file in result.files:
        path = root / file.target
        if _read(path) != file.text.encode("utf-8"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file.text.encode("utf-8"))
            written += 1
    kept: list[str] = []
    for target in result.stale:
        if _is_generated(_read(root / target) or b""):
            (root / target).unlink()
            removed += 1
        else:
            kept.append(target)
    return written, removed, kept
