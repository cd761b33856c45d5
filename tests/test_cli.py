"""The ``zarrlite`` command line against zarr-python 3.4.2's ``zarr`` command.

zarr-python's command needs typer (its ``cli`` extra). When typer is installed the oracle is
the real command (``typer.testing.CliRunner``); otherwise it is the same sequence of
``zarr.metadata.migrate_v3`` calls that command makes (zarr/_cli/cli.py).
"""

from __future__ import annotations

import asyncio
import importlib.util
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import zarrlite
from tests.test_migrate_v3 import tree
from zarrlite._cli import main
from zarrlite.metadata.migrate_v3 import migrate_v2_to_v3

zarr = pytest.importorskip("zarr")
zmig = pytest.importorskip("zarr.metadata.migrate_v3")

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


def write_v2(path: Path) -> None:
    root = zarrlite.open_group(str(path), mode="w", zarr_format=2, attributes={"t": 1})
    root.create_array("a", shape=(4,), chunks=(2,), dtype="i4")[...] = np.arange(4)
    sub = root.create_group("sub")
    sub.create_array("b", shape=(2, 2), dtype="f8", order="F")[...] = [[1, 2], [3, 4]]


def _zarr_command(argv: list[str]) -> int:
    """Exit code of zarr-python's ``zarr`` command for ``argv`` (migrate / remove-metadata)."""
    if importlib.util.find_spec("typer") is not None:
        from typer.testing import CliRunner
        from zarr._cli.cli import app

        return int(CliRunner().invoke(app, argv).exit_code)
    flags = {a for a in argv if a.startswith("--")}
    positional = [a for a in argv if not a.startswith("--")]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _zarr_sequence(positional, flags)
    except Exception:
        return 1
    return 0


def _zarr_sequence(positional: list[str], flags: set[str]) -> None:
    def existing(path: str) -> Any:
        return zarr.core.sync.sync(zarr.storage.LocalStore.open(path, mode="r+"))

    def remove(store: Any, fmt: int, force: bool, dry_run: bool) -> None:
        asyncio.run(zmig.remove_metadata(store, fmt, force=force, dry_run=dry_run))

    dry_run, force = "--dry-run" in flags, "--force" in flags
    if positional[0] == "remove-metadata":
        remove(existing(positional[2]), int(positional[1][1:]), force, dry_run)
        return
    input_store = existing(positional[2])
    output_store = None
    if len(positional) > 3:
        output_store = zarr.core.sync.sync(zarr.storage.LocalStore.open(positional[3], mode="w-"))
    write_store = input_store if output_store is None else output_store
    if "--overwrite" in flags:
        remove(write_store, 3, force, dry_run)
    zmig.migrate_v2_to_v3(input_store=input_store, output_store=output_store, dry_run=dry_run)
    if "--remove-v2-metadata" in flags:
        remove(write_store, 2, False, dry_run)


def compare(workdir: Path, prepare: Any, argv: list[str]) -> tuple[int, dict[str, bytes]]:
    """Run ``argv`` (``{}`` standing for a store directory, ``{out}`` for a second one) with
    both commands on twin copies; assert the same exit code and resulting files."""
    results = []
    for name, run in (("z", _zarr_command), ("l", main)):
        base = workdir / name
        store, out = base / "data.zarr", base / "out.zarr"
        base.mkdir()
        prepare(store)
        args = [a.replace("{out}", str(out)).replace("{}", str(store)) for a in argv]
        code = run(args)
        files = {f"data/{k}": v for k, v in tree(store).items()}
        files.update({f"out/{k}": v for k, v in tree(out).items()} if out.exists() else {})
        results.append((code, files))
    assert results[0][0] == results[1][0], (results[0][0], results[1][0])
    assert results[0][1] == results[1][1]
    return results[1]


def migrated(path: Path) -> None:
    write_v2(path)
    migrate_v2_to_v3(input_store=zarrlite.storage.LocalStore(path))


def v3_only(path: Path) -> None:
    migrated(path)
    for key in tree(path):
        if key.rsplit("/", 1)[-1] in (".zarray", ".zattrs", ".zgroup"):
            (path / key).unlink()


@pytest.mark.parametrize(
    ("prepare", "argv", "code"),
    [
        (write_v2, ["migrate", "v3", "{}"], 0),
        (write_v2, ["migrate", "v3", "{}", "{out}"], 0),
        (write_v2, ["migrate", "v3", "{}", "--dry-run"], 0),
        (write_v2, ["migrate", "v3", "{}", "--remove-v2-metadata"], 0),
        (write_v2, ["migrate", "v3", "{}", "{out}", "--remove-v2-metadata"], 0),
        (write_v2, ["migrate", "v3", "{}", "--dry-run", "--remove-v2-metadata"], 1),
        (write_v2, ["migrate", "v3", "--no-dry-run", "{}", "--overwrite"], 0),
        (migrated, ["migrate", "v3", "{}"], 1),
        (migrated, ["migrate", "v3", "{}", "--overwrite"], 0),
        (migrated, ["migrate", "v3", "{}", "--overwrite", "--remove-v2-metadata"], 0),
        (migrated, ["migrate", "v3", "{}", "--overwrite", "--dry-run"], 1),
        (v3_only, ["migrate", "v3", "{}", "--overwrite"], 1),
        (v3_only, ["migrate", "v3", "{}", "--overwrite", "--force"], 1),
        (write_v2, ["remove-metadata", "v2", "{}"], 1),
        (write_v2, ["remove-metadata", "v2", "{}", "--force"], 0),
        (write_v2, ["remove-metadata", "v2", "{}", "--force", "--dry-run"], 0),
        (migrated, ["remove-metadata", "v2", "{}"], 0),
        (migrated, ["remove-metadata", "v3", "{}"], 0),
        (v3_only, ["remove-metadata", "v3", "{}"], 1),
        (v3_only, ["remove-metadata", "v3", "{}", "--force"], 0),
    ],
    ids=lambda v: v.__name__ if callable(v) else " ".join(v) if isinstance(v, list) else None,
)
def test_as_zarr_command(workdir: Path, prepare: Any, argv: list[str], code: int) -> None:
    got_code, files = compare(workdir, prepare, argv)
    assert got_code == code
    if code == 0 and "--dry-run" in argv:
        before = workdir / "before"
        prepare(before)
        assert files == {f"data/{k}": v for k, v in tree(before).items()}


def test_migrated_data_reads_back(workdir: Path) -> None:
    store = workdir / "data.zarr"
    write_v2(store)
    assert main(["migrate", "v3", str(store), "--remove-v2-metadata"]) == 0
    assert sorted(tree(store)) == [
        "a/0",
        "a/1",
        "a/zarr.json",
        "sub/b/0.0",
        "sub/b/zarr.json",
        "sub/zarr.json",
        "zarr.json",
    ]
    for group in (zarr.open_group(str(store), mode="r"), zarrlite.open_group(str(store), mode="r")):
        assert group.metadata.zarr_format == 3
        assert dict(group.attrs) == {"t": 1}
        np.testing.assert_array_equal(group["a"][...], np.arange(4))
        np.testing.assert_array_equal(group["sub/b"][...], [[1, 2], [3, 4]])


def test_dry_run_log(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = workdir / "data.zarr"
    write_v2(store)
    assert main(["migrate", "v3", str(store), "--dry-run"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("Dry run enabled - no new files will be created or changed.")
    assert sorted(lines[1:]) == [
        f"Saving metadata to file://{store}/{key}"
        for key in ("a/zarr.json", "sub/b/zarr.json", "sub/zarr.json", "zarr.json")
    ]
    assert main(["remove-metadata", "v2", str(store), "--dry-run", "--force"]) == 0
    lines = capsys.readouterr().err.splitlines()
    assert lines[0].startswith("Dry run enabled - no files will be deleted or changed.")
    assert f"Deleting metadata at file://{store}/sub/b/.zarray" in lines
    assert len(lines) == 1 + 8  # 4 x .zattrs, 2 x .zgroup, 2 x .zarray


def test_verbose_and_quiet(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = workdir / "data.zarr"
    write_v2(store)
    assert main(["remove-metadata", "v2", str(store), "--force"]) == 0
    assert capsys.readouterr().err == ""  # quiet unless verbose or dry run
    write_v2(store)
    assert main(["--verbose", "migrate", "v3", str(store)]) == 0
    assert "Saving metadata to" in capsys.readouterr().err


def test_errors_and_usage(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = workdir / "missing"
    assert main(["remove-metadata", "v3", str(missing)]) == 1
    assert "FileNotFoundError" in capsys.readouterr().err
    assert not missing.exists()
    assert main(["migrate", "v3", str(workdir)]) == 1  # no Zarr there
    assert "GroupNotFoundError" in capsys.readouterr().err
    for argv in ([], ["migrate", "v2", str(workdir)], ["remove-metadata", "v4", str(workdir)]):
        assert main(argv) == 2
        assert "usage: zarrlite" in capsys.readouterr().err
    assert main(["migrate", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--dry-run", "--no-overwrite", "--force", "--remove-v2-metadata"):
        assert option in out


def test_python_dash_m(workdir: Path) -> None:
    store = workdir / "data.zarr"
    write_v2(store)
    done = subprocess.run(
        [sys.executable, "-m", "zarrlite", "migrate", "v3", str(store), "--dry-run"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"Saving metadata to file://{store}/zarr.json" in done.stderr
    assert not (store / "zarr.json").exists()
    done = subprocess.run(
        [sys.executable, "-m", "zarrlite", "migrate", "v2", str(store)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2


def test_console_script_declared() -> None:
    import tomllib

    pyproject = Path(__file__).parent.parent / "pyproject.toml"
    scripts = tomllib.loads(pyproject.read_text())["project"]["scripts"]
    assert scripts["zarrlite"] == "zarrlite._cli:main"
    assert "zarr" not in scripts  # zarr-python's command
