"""``bevilling export``: the ledgers as Excel, an open-data package, JSON or CSV.

::

    bevilling export --to xlsx|datapackage|json|csv [PATH ...] [-o FILE] [--force]
                     [--locale da|en] [--allow-errors] [--price-level YEAR]
                     [--allow-mixed-price-levels]

Writes the ledgers (default: ``ledger/``) as xlsx (one sheet per table, live sums, a sheet of
expiring funds), a Frictionless data package
directory (datapackage.json and CSV), or JSON or CSV as the reports write them (to stdout
without ``-o``).  An existing output is refused unless ``--force``.  Ledgers that fail
``bevilling check`` are refused (exit 1, the errors on stderr) unless ``--allow-errors``.
Exit codes: 0 written, 1 the ledgers have errors, 2 usage error, unreadable path or
unwritable output.  Docs: docs/interop.md.
"""

from __future__ import annotations

import argparse
import sys

from bevilling.cli.common import (
    EXIT_OK,
    add_allow_errors,
    add_locale,
    add_paths,
    add_price_options,
    audit_gate,
    error,
    load_clean,
    mixed_price_levels,
    overwrites_input,
    price_options,
)
from bevilling.i18n.catalogs import catalog

__all__ = ["configure", "run"]

_, _n = catalog(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling export``."""
    parser.description = _(
        "Export the ledgers: xlsx (one sheet per table, live sums, a sheet of"
        " expiring funds), datapackage (a Frictionless data package directory:"
        " datapackage.json and CSV), json or csv as in the reports."
    )
    add_paths(parser)
    parser.add_argument(
        "--to",
        required=True,
        choices=["xlsx", "datapackage", "json", "csv"],
        help=_("the format to write"),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar=_("FILE"),
        help=_(
            "the file (a directory for datapackage) to write; json and csv"
            " print to standard output without it"
        ),
    )
    parser.add_argument("--force", action="store_true", help=_("overwrite an existing output"))
    add_locale(parser)
    add_allow_errors(parser)
    add_price_options(parser)
    parser.set_defaults(run=run, command="export")


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling export``."""
    import os

    from bevilling.core.text import visible
    from bevilling.i18n.formatting import count_phrase, resolve_locale
    from bevilling.interop import export
    from bevilling.reports import MixedPriceLevelsError
    from bevilling.write import (
        STDOUT,
        OutputExistsError,
        write_atomic,
        write_files_atomic,
        write_output,
    )

    to_stdout = args.output == STDOUT  # `-o -`: standard output, not a file named "-"
    if args.output is None and args.to in {"xlsx", "datapackage"}:
        return error(_("--to {format} needs -o FILE", format=args.to))
    if to_stdout and args.to == "datapackage":
        return error(_("--to datapackage writes a directory: give -o DIR, not -o -"))
    exists = args.output is not None and not to_stdout and os.path.lexists(args.output)
    if exists and not args.force:
        return error(_("{path} exists; use --force to overwrite it", path=args.output))
    try:
        locale = resolve_locale(args.locale)
    except ValueError as exc:
        return error(str(exc))
    ledgers = load_clean(args.paths)
    if isinstance(ledgers, int):
        return ledgers
    clash = None if args.output is None or to_stdout else overwrites_input(args.output, ledgers)
    if clash is not None:
        return error(clash)
    refused = audit_gate(ledgers, "export", allow_errors=args.allow_errors)
    if refused is not None:
        return refused
    prices = price_options(args)
    try:
        if args.to == "xlsx":
            sys.stdout.flush()
            workbook = export.export_xlsx(ledgers, allow_errors=True, locale=locale, **prices)
            write_output(args.output, workbook, force=args.force)
            if to_stdout:
                return EXIT_OK
        elif args.to == "datapackage":
            package = export.export_datapackage(ledgers, allow_errors=True, locale=locale, **prices)
            write_files_atomic(args.output, package, force=args.force)
        else:
            # JSON is written as it is encoded (never the whole list at once); a refusal
            # (rows that cannot be converted) comes before its first piece.
            text = (
                export.export_json_chunks(ledgers, allow_errors=True, **prices)
                if args.to == "json"
                else (export.export_csv(ledgers, locale=locale, allow_errors=True, **prices),)
            )
            if args.output is None or to_stdout:
                for piece in text:
                    sys.stdout.write(piece)
                return EXIT_OK
            write_atomic(args.output, text, force=args.force)
    except MixedPriceLevelsError as exc:
        return mixed_price_levels(args, exc)
    except (OutputExistsError, export.TooManyRowsError) as exc:
        return error(str(exc))
    except OSError as exc:
        from bevilling.read import os_reason

        return error(_("cannot write {path}: {reason}", path=args.output, reason=os_reason(exc)))
    count = sum(1 for _entry in ledgers.entries())
    sys.stdout.write(
        _(
            "wrote {path}: {appropriations} ({format})",
            path=visible(args.output, one_line=True),
            appropriations=count_phrase(count),
            format=args.to,
        )
        + "\n"
    )
    return EXIT_OK
