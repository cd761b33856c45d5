"""Run workloads in one worker process per engine, interleaved, and collect medians."""

from __future__ import annotations

import multiprocessing
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import attrs
import numcodecs
import numpy as np

from benchmarks.config import WORKLOADS, ArraySpec, data_file, make_data, workload_params
from benchmarks.engines import ENGINE_NAMES, ZARRLITE_ENGINES, available
from benchmarks.worker import serve

__all__ = ["Options", "run"]

# Steps a peer does not take part in, and why (shown as n/a).
_SKIP = {
    ("zarr+zarrs", 3): "the zarrs pipeline reads local stores; in memory it is zarr-python's",
    ("zarr+zarrs", 6): "metadata only: the codec pipeline is not involved",
}
WARM_CACHE = (
    "warm: every read follows the write of the same data in the same repetition (page cache "
    "warm for local directories; dirty pages flushed with os.sync(), untimed, before each write "
    "and between write and read; each repetition's files dropped from the page cache, untimed, "
    "once it is done), after one untimed warm-up repetition per engine; no library-level chunk "
    "cache is enabled for any engine"
)


@attrs.frozen
class Options:
    size: str = "small"
    workloads: tuple[int, ...] = tuple(WORKLOADS)
    engines: tuple[str, ...] = ENGINE_NAMES
    repeats: int = 3
    tmpdir: str | None = None


class _Worker:
    """The parent's end of one engine's worker process."""

    def __init__(self, name: str) -> None:
        context = multiprocessing.get_context("spawn")
        self.name = name
        self.connection, child = context.Pipe()
        self.process = context.Process(
            target=serve, args=(name, child), daemon=True, name=f"bench-{name}"
        )
        self.process.start()
        child.close()

    def call(self, **command: Any) -> dict[str, Any]:
        self.connection.send(command)
        answer: dict[str, Any] = self.connection.recv()
        return answer

    def stop(self) -> None:
        try:
            self.call(op="stop")
        except (EOFError, BrokenPipeError, OSError):
            pass
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()


def _compression_ratio(spec: ArraySpec, data: np.ndarray[Any, Any]) -> float | None:
    if not spec.compressed:
        return None
    blosc = numcodecs.Blosc(cname="lz4", clevel=5, shuffle=1, typesize=4)
    rows, cols = spec.chunks
    chunks = [
        np.ascontiguousarray(data[r : r + rows, c : c + cols])
        for r in range(0, min(data.shape[0], 4 * rows), rows)
        for c in range(0, min(data.shape[1], 4 * cols), cols)
    ]
    return sum(c.nbytes for c in chunks) / sum(len(blosc.encode(c)) for c in chunks)


def _describe(params: dict[str, Any]) -> dict[str, Any]:
    return {
        key: attrs.asdict(value) if isinstance(value, ArraySpec) else value
        for key, value in params.items()
    }


def _summarise(workload: int, reps: list[dict[str, Any]], engine: dict[str, Any]) -> None:
    for figure in WORKLOADS[workload].figures:
        measured = [rep[figure.name] for rep in reps if figure.name in rep]
        measured = [m for m in measured if m["value"] is not None]
        samples = [m["value"] for m in measured]
        peaks = [rep[figure.name]["peak_mib"] for rep in reps if figure.name in rep]
        peaks = [p for p in peaks if p is not None]
        entry: dict[str, Any] = {
            "median": statistics.median(samples) if samples else None,
            "samples": samples,
            "unit": figure.unit,
            "peak_mib": max(peaks) if peaks else None,
            # Per sample, in the samples' order (benchmarks.measure: kernel counters).
            "kernel": [m.get("kernel") for m in measured],
        }
        why = [rep[figure.name].get("unsupported") for rep in reps if figure.name in rep]
        if not samples and any(why):
            entry["unsupported"] = next(w for w in why if w)
        engine["figures"][figure.name] = entry


def _ratios(result: dict[str, Any], workload: int) -> dict[str, Any]:
    """zarrlite engine / peer per figure, oriented so that > 1 means zarrlite is faster."""
    engines = result["engines"]
    ratios: dict[str, Any] = {}
    for ours in ZARRLITE_ENGINES:
        if ours not in engines:
            continue
        for peer, theirs in engines.items():
            if peer in ZARRLITE_ENGINES:
                continue
            for figure in WORKLOADS[workload].figures:
                a = engines[ours]["figures"].get(figure.name, {}).get("median")
                b = theirs["figures"].get(figure.name, {}).get("median")
                if a and b:
                    value = a / b if figure.higher_is_better else b / a
                    ratios.setdefault(ours, {}).setdefault(peer, {})[figure.name] = value
    return ratios


def run(
    options: Options,
    progress: Callable[[str], None] | None = None,
    on_workload: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Run the benchmark; returns the JSON-ready results."""
    say = progress or (lambda _message: None)
    engines = [name for name in options.engines if available(name)]
    missing = [name for name in options.engines if name not in engines]
    root = Path(tempfile.mkdtemp(prefix="zarrlite-bench-", dir=options.tmpdir))
    workers = {name: _Worker(name) for name in engines}
    results: dict[str, Any] = {"meta": {}, "workloads": {}}
    try:
        infos = {name: worker.call(op="info") for name, worker in workers.items()}
        for name, info in infos.items():
            if "error" in info:
                raise RuntimeError(f"engine {name} failed to start:\n{info['error']}")
        results["meta"] = {
            "size": options.size,
            "repeats": options.repeats,
            "engines": {name: infos[name]["version"] for name in engines},
            "engines_not_installed": missing,
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "numpy": np.__version__,
            "numcodecs": version("numcodecs"),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "timing": (
                f"median of {options.repeats} timed repetitions per figure; engines "
                "interleaved (the order rotates every repetition); each engine in its "
                "own worker process, with its library's default thread count"
            ),
            "warm_cache": WARM_CACHE,
            "units": (
                "MB/s = 10^6 bytes of uncompressed data per second; us/op; ms per group; "
                "x = bytes read by the process (/proc/self/io rchar) over the stored bytes needed"
            ),
            "ratios": "zarrlite / peer, oriented so that > 1 means zarrlite is faster",
            "rss_method": next(iter(infos.values()))["rss_method"] if infos else None,
        }
        for number in options.workloads:
            result = _run_workload(number, options, root, workers, say)
            results["workloads"][str(number)] = result
            if on_workload is not None:
                on_workload(result)
    finally:
        for worker in workers.values():
            worker.stop()
        shutil.rmtree(root, ignore_errors=True)
    return results


def _run_workload(
    number: int,
    options: Options,
    root: Path,
    workers: dict[str, _Worker],
    say: Callable[[str], None],
) -> dict[str, Any]:
    workload = WORKLOADS[number]
    params = workload_params(number, options.size)
    result: dict[str, Any] = {
        "number": number,
        "title": workload.title,
        "params": _describe(params),
        "figures": [{"name": f.name, "unit": f.unit} for f in workload.figures],
        "compression_ratio": None,
        "engines": {},
    }
    spec: ArraySpec | None = params.get("array")
    path = None
    if spec is not None:
        data = make_data(spec)
        path = data_file(root, spec)
        np.save(path, data)
        # The workers' first timed writes followed this 256 MiB file by a few seconds, while
        # the kernel wrote it back (every engine's first repetitions of workload 1 were slow).
        os.sync()
        result["compression_ratio"] = _compression_ratio(spec, data)
        del data
    taking_part: list[str] = []
    for name, worker in workers.items():
        entry: dict[str, Any] = {"figures": {}, "verified": None}
        result["engines"][name] = entry
        if (name, number) in _SKIP:
            entry["skipped"] = _SKIP[name, number]
            continue
        say(f"workload {number}: {name} setup + warm-up")
        answer = worker.call(op="setup", workload=number, size=options.size, root=str(root))
        if "error" not in answer:
            answer = worker.call(op="rep", index=0, verify=True)
        if "error" in answer:
            entry["error"] = answer["error"]
            say(f"workload {number}: {name} failed:\n{answer['error']}")
            continue
        entry["verified"] = answer.get("verified")
        taking_part.append(name)
    reps: dict[str, list[dict[str, Any]]] = {name: [] for name in taking_part}
    for index in range(1, options.repeats + 1):
        shift = index % max(1, len(taking_part))
        for name in taking_part[shift:] + taking_part[:shift]:
            if "error" in result["engines"][name]:
                continue
            answer = workers[name].call(op="rep", index=index, verify=False)
            if "error" in answer:
                result["engines"][name]["error"] = answer["error"]
                say(f"workload {number}: {name} failed:\n{answer['error']}")
            else:
                reps[name].append(answer)
        say(f"workload {number}: repetition {index}/{options.repeats} done")
    for name in taking_part:
        workers[name].call(op="teardown")
        _summarise(number, reps[name], result["engines"][name])
    if path is not None:
        path.unlink(missing_ok=True)
    result["ratios"] = _ratios(result, number)
    return result
