"""The ``zarrlite`` command line: zarr-python's ``zarr`` command (``zarr migrate v3``,
``zarr remove-metadata``), on argparse.

Run it as ``zarrlite ...`` (console script) or ``python -m zarrlite ...``. Subcommands,
arguments, ``--x/--no-x`` options and exit codes are zarr-python 3.4.2's: 0 on success, 1
when the operation fails (the error is printed on stderr), 2 for a usage error. Files written
or deleted are logged on stderr with ``--verbose``, and always in a dry run.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from zarrlite._sync.migration import migrate_v2_to_v3, remove_metadata
from zarrlite._sync.store._base import Store
from zarrlite._sync.store.local import LocalStore
from zarrlite._sync.store.path import make_store

__all__ = ["main"]

_logger = logging.getLogger("zarrlite.cli")
_BOOL = argparse.BooleanOptionalAction
_STORE_HELP = (
    "store: a path to a directory in the file system or a URL, e.g. 'data/example-1.zarr', "
    "'s3://example-bucket/example'"
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zarrlite",
        description="See available commands below - access help for individual commands "
        "with zarrlite COMMAND --help.",
    )
    parser.add_argument(
        "--verbose",
        action=_BOOL,
        default=False,
        help="enable verbose logging - will print info about metadata files being deleted / saved.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    migrate = commands.add_parser(
        "migrate",
        help="Migrate all v2 metadata in a zarr hierarchy to v3.",
        description="Migrate all v2 metadata in a zarr hierarchy to v3. This will create a "
        "zarr.json file for each level (every group / array). v2 files (.zarray, .zattrs "
        "etc.) will be left as-is.",
    )
    migrate.add_argument(
        "zarr_format",
        choices=["v3"],
        help="Zarr format to migrate to. Currently only 'v3' is supported.",
    )
    migrate.add_argument("input_store", help=f"Input Zarr to migrate - {_STORE_HELP}.")
    migrate.add_argument(
        "output_store",
        nargs="?",
        default=None,
        help="Output location to write generated metadata (no array data will be copied). "
        f"If not provided, metadata will be written to input_store. {_STORE_HELP}.",
    )
    migrate.add_argument(
        "--dry-run",
        action=_BOOL,
        default=False,
        help="Enable a dry-run: files that would be converted are logged, but no new files "
        "are created or changed.",
    )
    migrate.add_argument(
        "--overwrite",
        action=_BOOL,
        default=False,
        help="Remove any existing v3 metadata at the output location, before migration starts.",
    )
    migrate.add_argument(
        "--force",
        action=_BOOL,
        default=False,
        help="Only used when --overwrite is given. Allows v3 metadata to be removed when no "
        "valid v2 metadata exists at the output location.",
    )
    migrate.add_argument(
        "--remove-v2-metadata",
        action=_BOOL,
        default=False,
        help="Remove v2 metadata (if any) from the output location, after migration is complete.",
    )

    remove = commands.add_parser(
        "remove-metadata",
        help="Remove all v2 (.zarray, .zattrs, .zgroup, .zmetadata) or v3 (zarr.json) "
        "metadata files from the given Zarr.",
        description="Remove all v2 (.zarray, .zattrs, .zgroup, .zmetadata) or v3 (zarr.json) "
        "metadata files from the given Zarr. Note - this will remove metadata files at all "
        "levels of the hierarchy (every group and array).",
    )
    remove.add_argument(
        "zarr_format",
        choices=["v2", "v3"],
        help="Which format's metadata to remove - v2 or v3.",
    )
    remove.add_argument("store", help=f"The Zarr - {_STORE_HELP}.")
    remove.add_argument(
        "--force",
        action=_BOOL,
        default=False,
        help="Allow metadata to be deleted when no valid alternative exists e.g. allow "
        "deletion of v2 metadata, when no v3 metadata is present.",
    )
    remove.add_argument(
        "--dry-run",
        action=_BOOL,
        default=False,
        help="Enable a dry-run: files that would be deleted are logged, but no files are "
        "removed or changed.",
    )
    return parser


def _existing_store(store_like: str) -> Store:
    """The store ``store_like`` names, opened with mode ``'r+'``: a local directory must exist
    (``FileNotFoundError``), as zarr-python's command requires."""
    store = make_store(store_like, mode="r+")
    if isinstance(store, LocalStore):
        store = LocalStore.open(store.root, mode="r+")
    return store


def _migrate(args: argparse.Namespace) -> None:
    if args.dry_run:
        _logger.info(
            "Dry run enabled - no new files will be created or changed. Log of files that "
            "would be created on a real run:"
        )
    input_store = _existing_store(args.input_store)
    output_store = None if args.output_store is None else make_store(args.output_store, mode="w-")
    write_store = input_store if output_store is None else output_store
    if args.overwrite:
        remove_metadata(write_store, 3, force=args.force, dry_run=args.dry_run)
    migrate_v2_to_v3(input_store=input_store, output_store=output_store, dry_run=args.dry_run)
    if args.remove_v2_metadata:
        # Every node has v3 metadata now (unless this is a dry run), so no force is needed.
        remove_metadata(write_store, 2, force=False, dry_run=args.dry_run)


def _remove_metadata(args: argparse.Namespace) -> None:
    if args.dry_run:
        _logger.info(
            "Dry run enabled - no files will be deleted or changed. Log of files that would "
            "be deleted on a real run:"
        )
    store = _existing_store(args.store)
    remove_metadata(
        store, 2 if args.zarr_format == "v2" else 3, force=args.force, dry_run=args.dry_run
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default ``sys.argv[1:]``); the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as e:  # --help (0) or a usage error (2), already printed
        return e.code if isinstance(e.code, int) else 2
    # Log through a handler that lives as long as this call, so repeated calls (tests, or an
    # embedding program) neither stack handlers nor leave zarrlite's log level changed.
    package_logger = logging.getLogger("zarrlite")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    previous_level = package_logger.level
    package_logger.setLevel(logging.INFO if args.verbose or args.dry_run else logging.WARNING)
    package_logger.addHandler(handler)
    try:
        if args.command == "migrate":
            _migrate(args)
        else:
            _remove_metadata(args)
    except Exception as e:
        print(f"Error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    finally:
        package_logger.removeHandler(handler)
        package_logger.setLevel(previous_level)
    return 0
