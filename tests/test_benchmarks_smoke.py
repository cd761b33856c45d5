"""A tiny-size run of every benchmark workload (speed is never asserted).

zarrlite (sync and async) always runs; the peers run only where installed. Each engine checks in
its worker that the data read back equals the data written (``verified``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks.__main__ import main
from benchmarks.config import WORKLOADS
from benchmarks.engines import ENGINE_NAMES, available

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("bench")
    out = tmp / "results.json"
    engines = ",".join(name for name in ENGINE_NAMES if available(name))
    code = main(
        [
            "--size",
            "tiny",
            "--repeats",
            "1",
            "--engines",
            engines,
            "--quiet",
            "--json",
            str(out),
            "--tmpdir",
            str(tmp),
            "--markdown",
            str(tmp / "tables.md"),
        ]
    )
    assert code == 0
    data: dict[str, Any] = json.loads(Path(out).read_text())
    assert sorted(p.name for p in tmp.iterdir()) == ["results.json", "tables.md"]  # cleaned up
    tables = (tmp / "tables.md").read_text()
    assert all(f"**Workload {n}**" in tables for n in WORKLOADS)
    return data


def test_meta_names_engines_and_method(results: dict[str, Any]) -> None:
    meta = results["meta"]
    assert meta["size"] == "tiny" and meta["repeats"] == 1
    assert {"zarrlite", "zarrlite-async"} <= set(meta["engines"])
    assert "warm" in meta["warm_cache"] and meta["rss_method"]


@pytest.mark.parametrize("number", sorted(WORKLOADS))
def test_workload_structure_and_round_trip(results: dict[str, Any], number: int) -> None:
    result = results["workloads"][str(number)]
    names = [f.name for f in WORKLOADS[number].figures]
    assert [f["name"] for f in result["figures"]] == names
    for engine, entry in result["engines"].items():
        if "skipped" in entry:
            assert engine not in ("zarrlite", "zarrlite-async")
            continue
        assert "error" not in entry, entry.get("error")
        assert entry["verified"] is True, f"{engine}: data read back differs"
        for name in names:
            figure = entry["figures"][name]
            if "unsupported" in figure:
                assert engine == "tensorstore" or "does not exist" in figure["unsupported"]
                continue
            assert figure["median"] > 0 and len(figure["samples"]) == 1
            assert figure["peak_mib"] is not None
    assert "zarrlite" in result["ratios"] or len(result["engines"]) == 2
    for peers in result["ratios"].values():
        for ratios in peers.values():
            assert set(ratios) <= set(names)
            assert all(value > 0 for value in ratios.values())


def test_cli_rejects_unknown_workload(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--workloads", "9"])
    assert "workloads are among" in capsys.readouterr().err
