"""``python -m benchmarks``: run the workloads of issue #7 and print one table per workload."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from benchmarks.config import SIZES, WORKLOADS
from benchmarks.engines import ENGINE_NAMES
from benchmarks.report import format_markdown, format_meta, format_workload
from benchmarks.runner import Options, run


def _numbers(text: str) -> tuple[int, ...]:
    numbers = tuple(int(part) for part in text.split(",") if part.strip())
    unknown = [n for n in numbers if n not in WORKLOADS]
    if unknown or not numbers:
        raise argparse.ArgumentTypeError(f"workloads are among {sorted(WORKLOADS)}, got {text!r}")
    return numbers


def _engines(text: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [n for n in names if n not in ENGINE_NAMES]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"engines are among {list(ENGINE_NAMES)}, got {text!r}")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--size",
        choices=SIZES,
        default="small",
        help="full = the issue's sizes (256 MiB arrays); default: small",
    )
    parser.add_argument(
        "--workloads",
        type=_numbers,
        default=tuple(WORKLOADS),
        help="comma-separated workload numbers, e.g. 1,2,5 (default: all)",
    )
    parser.add_argument(
        "--engines",
        type=_engines,
        default=ENGINE_NAMES,
        help=f"comma-separated, among {','.join(ENGINE_NAMES)} (default: all that are installed)",
    )
    parser.add_argument("--repeats", type=int, default=3, help="timed repetitions (>= 3)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    parser.add_argument("--markdown", metavar="PATH", help="also write Markdown tables (README)")
    parser.add_argument("--tmpdir", help="directory for the local stores (default: system temp)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be >= 1")
    options = Options(
        size=args.size,
        workloads=args.workloads,
        engines=args.engines,
        repeats=args.repeats,
        tmpdir=args.tmpdir,
    )

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[bench] {message}", file=sys.stderr, flush=True)

    def show(result: dict[str, Any]) -> None:
        print(format_workload(result), flush=True)

    results = run(options, progress, show)
    print(format_meta(results["meta"]))
    if args.json:
        with open(args.json, "w") as out:
            json.dump(results, out, indent=1)
    if args.markdown:
        with open(args.markdown, "w") as out:
            out.write(format_markdown(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
