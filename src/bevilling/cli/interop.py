"""The interop commands of ``bevilling``: ``import``, ``export``, ``diff`` and ``schema``.

Registered by :func:`bevilling.cli.build_parser`; kept in their own module so that the four
commands do not crowd ``cli.py``.  Like the rest of the CLI they only parse arguments, call
the library, print and return an exit code (0 clean, 1 problems, 2 usage error or a path or
output that cannot be used).  Library modules are imported inside the commands.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

# cli imports this module only inside build_parser, so importing it here makes no cycle.
from bevilling.cli.app import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, _add_paths

if TYPE_CHECKING:
    from bevilling.core.model import Expiry, LedgerSet

__all__ = ["add_diff", "add_export", "add_import", "add_schema"]


def _error(message: str) -> int:
    sys.stderr.write(f"bevilling: {message}\n")
    return EXIT_USAGE


# --- bevilling import ------------------------------------------------------------------------


def _expiry(text: str) -> Expiry:
    """``--expires``: what a ledger's ``expires:`` accepts (see :func:`loader.parse_expiry`)."""
    from bevilling.read import parse_expiry

    expiry = parse_expiry(text)
    if expiry is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not a year, open or declining")
    return expiry


def add_import(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``bevilling import TABLE ... -o LEDGER.yaml``."""
    parser = commands.add_parser(
        "import",
        help="make a ledger from tables copied out of Word/PDF, CSV or .xlsx",
        description="Read appropriation tables (tab-separated text copied from a Word or PDF"
        " budget paper, CSV, or the first sheet of an .xlsx workbook) and write them as a new"
        " ledger file. Several TABLE files become several tables of one ledger. Nothing is"
        " written when any row or header cannot be mapped. See docs/interop.md.",
    )
    parser.add_argument("tables", nargs="+", metavar="TABLE", help="the table files to read")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="LEDGER.yaml",
        help="the ledger file to write (refused if it exists, unless --force)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")
    parser.add_argument(
        "--name",
        action="append",
        default=[],
        metavar="CAPTION",
        help="the printed caption of each TABLE file, in order (repeat)",
    )
    parser.add_argument(
        "--category",
        action="append",
        default=[],
        choices=["driftsmidler", "indsatsmidler", "særindsatser"],
        help="the category of each table, in order (one applies to all);"
        " by default told from the caption or the total line",
    )
    parser.add_argument(
        "--id-prefix",
        action="append",
        default=[],
        metavar="PREFIX",
        help="give rows ids PREFIX01, PREFIX02, … (one per table, in order)",
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="map a column (header text or number) to a field, or to - to leave it out (repeat)",
    )
    parser.add_argument("--title", help="the ledger's title (default: the first caption)")
    parser.add_argument("--document", help="the source document (default: the file names)")
    parser.add_argument(
        "--unit",
        choices=["1000 DKK", "DKK", "mio DKK"],
        help="the unit, when the headers do not say it",
    )
    parser.add_argument(
        "--phase",
        choices=["approved", "proposed"],
        default="approved",
        help="approved money (default) or a proposal (a budget note)",
    )
    parser.add_argument(
        "--price-level",
        type=int,
        metavar="YEAR",
        help="the price level (p/l), when the headers do not say it",
    )
    parser.add_argument(
        "--expires",
        type=_expiry,
        metavar="YEAR|open|declining",
        help="the expiry of rows in tables without an Udløb column",
    )
    parser.set_defaults(run=_run_import)


def _run_import(args: argparse.Namespace) -> int:
    import os

    from bevilling.audit import render_problems_text
    from bevilling.core.model import Category, Phase, Unit
    from bevilling.interop import ImportOptions, import_tables, parse_mapping
    from bevilling.read import load_string
    from bevilling.write import OutputExistsError, dump, without_locations, write_atomic

    if os.path.lexists(args.output) and not args.force:
        return _error(f"{args.output} exists; use --force to overwrite it")
    try:
        mapping = parse_mapping(args.map)
    except ValueError as error:
        return _error(str(error))
    options = ImportOptions(
        output=args.output,
        title=args.title,
        document=args.document,
        unit=Unit(args.unit) if args.unit else None,
        phase=Phase(args.phase),
        price_level=args.price_level,
        names=tuple(args.name),
        categories=tuple(Category(c) for c in args.category),
        id_prefixes=tuple(args.id_prefix),
        mapping=mapping,
        expires=args.expires,
    )
    result = import_tables(args.tables, options)
    if result.problems:
        sys.stderr.write(render_problems_text(result.problems, result.sources))
    if any(p.code == "import-unreadable" for p in result.problems):
        return EXIT_USAGE
    if not result.ok or result.ledger is None:
        sys.stderr.write(f"bevilling: nothing written to {args.output}: fix the problems above\n")
        return EXIT_PROBLEMS
    comment = "\n".join(
        [f"Imported by `bevilling import` from {', '.join(args.tables)}.", *result.notes]
    )
    text = dump(result.ledger, comment=comment)
    back = load_string(text, args.output)
    if back.problems or [without_locations(x) for x in back.ledgers] != [
        without_locations(result.ledger)
    ]:  # pragma: no cover - a bug in dump; never write a file that does not read back
        sys.stderr.write(render_problems_text(back.problems, back.sources))
        return _error("internal error: the ledger does not read back as imported; not written")
    try:
        write_atomic(args.output, text, force=args.force)
    except OutputExistsError as error:
        return _error(str(error))
    except OSError as error:
        return _error(f"cannot write {args.output}: {error.strerror or error}")
    tables = len(result.ledger.tables)
    rows = len(result.ledger.appropriations)
    sys.stdout.write(
        f"wrote {args.output}: {rows} appropriation{'s' * (rows != 1)} in {tables}"
        f" table{'s' * (tables != 1)}\n"
    )
    return EXIT_OK


# --- bevilling export ------------------------------------------------------------------------


def add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``bevilling export --to FORMAT [PATH ...] -o FILE``."""
    parser = commands.add_parser(
        "export",
        help="export the ledgers to Excel, an open-data package, JSON or CSV",
        description="Export the ledgers: xlsx (one sheet per table, live sums, a sheet of"
        " expiring funds; needs pip install 'bevilling[excel]'), datapackage (a Frictionless"
        " data package directory: datapackage.json and CSV), json or csv as in the reports.",
    )
    _add_paths(parser)
    parser.add_argument(
        "--to",
        required=True,
        choices=["xlsx", "datapackage", "json", "csv"],
        help="the format to write",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="the file (a directory for datapackage) to write; json and csv"
        " print to standard output without it",
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing output")
    parser.add_argument("--locale", help="csv: number format locale (da, en)")
    parser.set_defaults(run=_run_export)


def _run_export(args: argparse.Namespace) -> int:
    import os

    from bevilling.cli.app import _load_clean
    from bevilling.i18n.formatting import resolve_locale
    from bevilling.interop import export
    from bevilling.write import OutputExistsError, write_atomic, write_files_atomic

    if args.output is None and args.to in {"xlsx", "datapackage"}:
        return _error(f"--to {args.to} needs -o FILE")
    if args.output is not None and os.path.lexists(args.output) and not args.force:
        return _error(f"{args.output} exists; use --force to overwrite it")
    try:
        locale = resolve_locale(args.locale)
    except ValueError as error:
        return _error(str(error))
    ledgers = _load_clean(args.paths)
    if isinstance(ledgers, int):
        return ledgers
    try:
        if args.to == "xlsx":
            write_atomic(args.output, export.export_xlsx(ledgers), force=args.force)
        elif args.to == "datapackage":
            write_files_atomic(args.output, export.export_datapackage(ledgers), force=args.force)
        else:
            text = (
                export.export_json(ledgers)
                if args.to == "json"
                else export.export_csv(ledgers, locale=locale)
            )
            if args.output is None:
                sys.stdout.write(text)
                return EXIT_OK
            write_atomic(args.output, text, force=args.force)
    except export.MissingExtraError as error:
        return _error(str(error))
    except OutputExistsError as error:
        return _error(str(error))
    except OSError as error:
        return _error(f"cannot write {args.output}: {error.strerror or error}")
    count = sum(1 for _ in ledgers.entries())
    sys.stdout.write(f"wrote {args.output}: {count} appropriations ({args.to})\n")
    return EXIT_OK


# --- bevilling diff --------------------------------------------------------------------------


def add_diff(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``bevilling diff OLD NEW`` and ``bevilling diff --git REV [PATH ...]``."""
    parser = commands.add_parser(
        "diff",
        help="show what changed between two versions of the ledgers",
        description="List the appropriations added, removed and changed between OLD and NEW"
        " (files or directories), or, with --git REV, between the ledgers at git revision REV"
        " and the working tree, with the change in each table's sum and the grand totals.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="OLD NEW; with --git: the ledger paths (default: ledger/)",
    )
    parser.add_argument("--git", metavar="REV", help="compare the ledgers at git revision REV")
    parser.add_argument(
        "--format",
        choices=["text", "markdown", "json"],
        default="text",
        help="text (default), markdown for a pull-request comment, or json",
    )
    parser.add_argument("--locale", help="number format and words: da (default) or en")
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when there are differences (like git diff --exit-code)",
    )
    parser.set_defaults(run=_run_diff)


def _run_diff(args: argparse.Namespace) -> int:
    from bevilling.cli.app import DEFAULT_PATHS, _load_clean
    from bevilling.i18n.formatting import resolve_locale
    from bevilling.interop import GitError, diff, git_ledger_texts, load_texts, render_diff

    try:
        locale = resolve_locale(args.locale)
    except ValueError as error:
        return _error(str(error))
    if args.git is not None:
        paths = args.paths or DEFAULT_PATHS
        try:
            texts = git_ledger_texts(args.git, paths)
        except GitError as error:
            return _error(str(error))
        old: LedgerSet | int = _checked(load_texts(texts))
        new = _load_clean(paths)
    else:
        if len(args.paths) != 2:
            return _error("diff takes OLD and NEW (two files or directories), or --git REV")
        old = _load_clean([args.paths[0]])
        new = _load_clean([args.paths[1]])
    if isinstance(old, int):
        return old
    if isinstance(new, int):
        return new
    result = diff(old, new)
    sys.stdout.write(render_diff(result, args.format, locale=locale))
    return EXIT_PROBLEMS if args.exit_code and not result.empty else EXIT_OK


def _checked(ledgers: LedgerSet) -> LedgerSet | int:
    """The old revision's ledgers, or the exit code after printing their problems."""
    from bevilling.audit import render_problems_text

    if ledgers.valid:
        return ledgers
    sys.stderr.write(render_problems_text(ledgers.problems, ledgers.sources))
    sys.stderr.write("bevilling: the ledgers at the old revision have errors (shown above)\n")
    return EXIT_PROBLEMS


# --- bevilling schema ------------------------------------------------------------------------


def add_schema(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``bevilling schema``."""
    parser = commands.add_parser(
        "schema",
        help="print the JSON Schema of the ledger format (for editors)",
        description="Print the JSON Schema (draft 2020-12) of ledger format v1. Save it and"
        " point your editor's YAML extension at it; see docs/interop.md.",
    )
    parser.set_defaults(run=_run_schema)


def _run_schema(args: argparse.Namespace) -> int:
    from bevilling.read import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK
