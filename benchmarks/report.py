"""Plain-text tables of benchmark results (one per workload) with ratios against every peer."""

from __future__ import annotations

from typing import Any

from benchmarks.engines import ZARRLITE_ENGINES

__all__ = ["format_meta", "format_workload"]


def _number(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _params(result: dict[str, Any]) -> str:
    params = result["params"]
    spec = params.get("array") or params.get("member")
    parts = []
    if spec is not None:
        shape = "x".join(map(str, spec["shape"]))
        chunks = "x".join(map(str, spec["chunks"]))
        text = f"{spec['dtype']} {shape}, chunks {chunks}"
        if spec.get("shards"):
            text += f" in shards {'x'.join(map(str, spec['shards']))}"
        parts.append(text)
    for key in ("points", "regions", "region", "members", "inner_reads"):
        if key in params:
            parts.append(f"{key} {params[key]}")
    if result.get("compression_ratio"):
        parts.append(f"compression ratio {result['compression_ratio']:.2f}")
    return "; ".join(parts)


def format_workload(result: dict[str, Any]) -> str:
    """The table of one workload: medians, peak RSS added, then zarrlite / peer ratios."""
    engines = list(result["engines"])
    header = [f"Workload {result['number']}: {result['title']}", f"  ({_params(result)})"]
    rows = [["figure", *engines]]
    figures = result["figures"]
    for figure in figures:
        row = [f"{figure['name']} ({figure['unit']})"]
        for name in engines:
            entry = result["engines"][name]
            value = entry["figures"].get(figure["name"], {}).get("median")
            row.append(
                "skip" if "skipped" in entry else "FAIL" if "error" in entry else _number(value)
            )
        rows.append(row)
    for figure in figures:
        row = [f"peak RSS added, {figure['name']} (MiB)"]
        for name in engines:
            peak = result["engines"][name]["figures"].get(figure["name"], {}).get("peak_mib")
            row.append(_number(peak))
        if any(cell != "n/a" for cell in row[1:]):  # a count, not a timed step: no memory
            rows.append(row)
    row = ["read back == written"]
    for name in engines:
        verified = result["engines"][name].get("verified")
        row.append("n/a" if verified is None else "yes" if verified else "NO")
    rows.append(row)
    text = "\n".join(header) + "\n" + _table(rows)
    peers = [name for name in engines if name not in ZARRLITE_ENGINES]
    ratios = result.get("ratios", {})
    if peers and ratios:
        rows = [["zarrlite / peer (> 1: zarrlite faster)", *[f"vs {p}" for p in peers]]]
        for ours in ZARRLITE_ENGINES:
            for figure in figures:
                cells = [ratios.get(ours, {}).get(p, {}).get(figure["name"]) for p in peers]
                if any(c is not None for c in cells):
                    rows.append(
                        [
                            f"{ours}: {figure['name']}",
                            *["n/a" if c is None else f"{c:.2f}x" for c in cells],
                        ]
                    )
        if len(rows) > 1:
            text += "\n\n" + _table(rows)
    notes = [
        f"  {name}: {result['engines'][name]['skipped']}"
        for name in engines
        if "skipped" in result["engines"][name]
    ]
    unsupported = {
        (name, e["unsupported"])
        for name in engines
        for e in result["engines"][name]["figures"].values()
        if "unsupported" in e
    }
    notes += [f"  {name}: {why}" for name, why in sorted(unsupported)]
    if notes:
        text += "\n n/a or skip:\n" + "\n".join(notes)
    return text + "\n"


def format_meta(meta: dict[str, Any]) -> str:
    """A few lines saying how the numbers were taken."""
    engines = ", ".join(f"{name} {v}" for name, v in meta["engines"].items())
    lines = [
        f"size {meta['size']}; {meta['cpus']} CPUs; Python {meta['python']}; "
        f"numpy {meta['numpy']}; numcodecs {meta['numcodecs']}",
        f"engines: {engines}",
        f"timing: {meta['timing']}",
        f"cache: {meta['warm_cache']}",
        f"peak RSS: {meta['rss_method']}",
        f"units: {meta['units']}",
    ]
    if meta.get("engines_not_installed"):
        lines.append(f"not installed: {', '.join(meta['engines_not_installed'])}")
    return "\n".join(lines) + "\n"


def format_markdown(results: dict[str, Any]) -> str:
    """All workloads as Markdown tables (for the README): medians per engine, then zarrlite's
    ratio to zarr-python and to the best of the other peers (> 1: zarrlite faster)."""
    lines: list[str] = []
    for result in results["workloads"].values():
        engines = [name for name in result["engines"] if "skipped" not in result["engines"][name]]
        peers = [name for name in engines if name not in ZARRLITE_ENGINES]
        others = [name for name in peers if name != "zarr-python"]
        lines.append(f"**Workload {result['number']}**: {result['title']} ({_params(result)})")
        lines.append("")
        head = ["figure", *engines, "zarrlite / zarr-python"]
        if others:
            head.append(f"zarrlite / best of {', '.join(others)}")
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        ratios = result.get("ratios", {}).get("zarrlite", {})
        for figure in result["figures"]:
            name = figure["name"]
            row = [f"{name} ({figure['unit']})"]
            for engine in engines:
                entry = result["engines"][engine]["figures"].get(name, {})
                row.append(
                    "FAIL"
                    if "error" in result["engines"][engine]
                    else ("—" if entry.get("median") is None else _number(entry["median"]))
                )
            versus = ratios.get("zarr-python", {}).get(name)
            row.append("—" if versus is None else f"{versus:.2f}x")
            if others:
                against = [ratios.get(p, {}).get(name) for p in others]
                known = [a for a in against if a is not None]
                row.append(f"{min(known):.2f}x" if known else "—")
            lines.append("| " + " | ".join(row) + " |")
        peaks = []
        for engine in engines:
            values = [e.get("peak_mib") for e in result["engines"][engine]["figures"].values()]
            known = [v for v in values if v is not None]
            peaks.append(f"{engine} {max(known):.0f}" if known else f"{engine} —")
        lines.append("")
        lines.append(f"Peak RSS added by a step, MiB (largest step): {', '.join(peaks)}.")
        lines.append("")
    return "\n".join(lines)
