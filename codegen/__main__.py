"""``python -m codegen [--check] [--root DIR]``: generate zarrlite's blocking code from its async code.

How the sync API is generated
-----------------------------
``zarrlite/_async/**`` is the source of truth, written once on anyio. This tool rewrites every
``.py`` under it into ``zarrlite/_sync/**`` (same relative path), and ``tests/_async/**`` into
``tests/_sync/**``, the way httpcore and unasync do. The output is committed, so installs, pytest,
mypy and coverage need no build step, and reviewers see the real blocking code.

The rewrite works on tokens (tokenize-rt), not lines of text, following the table in
``codegen/rules.py`` (one rule per line, each with its reason): ``async``/``await`` are dropped;
``AsyncArray`` becomes ``Array`` (any ``Async<Capital>`` name loses the prefix, including inside
forward-reference strings and docstrings); ``__aenter__``, ``__aiter__``, ``aclose``,
``AsyncIterator``, ``AsyncGenerator[Y, S]`` (-> ``Generator[Y, S, None]``),
``asynccontextmanager`` … map to their blocking names; imports of ``zarrlite._async`` and of the
hand-written pairs ``zarrlite._backend.async_`` / ``zarrlite._facade.async_`` point at
``zarrlite._sync``, ``_backend.sync`` and ``_facade.sync``. In tests, ``@pytest.mark.anyio`` is
removed and anyio task groups become the thread-based ``tests/concurrency.py``. Code with no
blocking twin is marked ``# codegen: async-only`` (one statement) or enclosed in
``# codegen: async-only-start`` / ``# codegen: async-only-end`` lines.

Each generated module starts with ``# Generated from <source> by codegen. Do not edit.``, has its
imports sorted (ruff's isort rules) and is formatted with ``ruff format`` under the repository's
configuration, so it reads like hand-written code and compares byte for byte.

``--check`` (run by CI and ``nox -s codegen``) rebuilds everything in memory and exits 1 with a
unified diff when a generated file differs, is missing, or has no source any more (every ``.py``
in a ``_sync`` tree must be generated), or when a rule of the table never fired (except rules
marked ``idle_ok``). Without ``--check`` the files are written and stale generated files removed.
Exit status 2 means the async source uses a construct the generator cannot rewrite.
Requires Python >= 3.12, whose tokenizer splits f-strings into tokens.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from codegen import CodegenError
from codegen.rules import RULES
from codegen.tree import TREES, diff, plan, unused_rules, write

_DEFAULT_ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m codegen", description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if stale")
    parser.add_argument(
        "--root", type=Path, default=_DEFAULT_ROOT, help="repository root (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    if sys.version_info < (3, 12):
        print("codegen: needs Python >= 3.12 (f-strings must be tokenized)", file=sys.stderr)
        return 2
    root: Path = args.root.resolve()
    try:
        result = plan(root)
    except CodegenError as error:
        print(f"codegen: error: {error}", file=sys.stderr)
        return 2
    trees = ", ".join(f"{tree.source} -> {tree.target}" for tree in TREES)
    fired = sum(1 for rule in RULES if result.fired[rule.id])
    unused = [f"codegen: rule {rule.id!r} never fired" for rule in unused_rules(result)]
    counts = f"{len(result.files)} files ({trees}); {fired}/{len(RULES)} rules fired"
    if args.check:
        problems = diff(result, root)
        for name, text in problems:
            print(f"codegen: {name}\n{text}")
        for message in unused:
            print(message)
        if problems or unused:
            print(
                f"codegen --check: FAILED: {len(problems)} files differ, {len(unused)} rules never "
                "fired; run `python -m codegen`, or remove the dead rules from codegen/rules.py"
            )
            return 1
        print(f"codegen --check: up to date: {counts}")
        return 0
    written, removed, kept = write(result, root)
    for message in unused:
        print(message, file=sys.stderr)
    for target in kept:
        print(
            f"codegen: {target} has no source and no generated header; not removed", file=sys.stderr
        )
    print(f"codegen: {counts}; {written} written, {removed} stale removed")
    return 1 if kept else 0


if __name__ == "__main__":
    sys.exit(main())
