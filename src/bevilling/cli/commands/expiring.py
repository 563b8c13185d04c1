"""``bevilling expiring``: which appropriations run out in a year, and how much that is.

::

    bevilling expiring (--year YEAR | --until YEAR) [--include-open] [PATH ...]
                       [report options and filters as for ``list``] [--allow-errors]

Lists the appropriations whose funding ends in ``--year`` (or by ``--until``), with a total,
and says how much has no fixed expiry (``--include-open`` lists those rows too).  Approved
money only unless ``--phase`` says otherwise.  Years run from 1900 to 2200; ``--year 16`` is a
usage error that suggests 2016.  Ledgers that fail ``bevilling check`` are refused (exit 1, the
errors on stderr) unless ``--allow-errors``.  Exit codes: 0 reported, 1 the ledgers have
errors, 2 usage error or unreadable path.  Docs: docs/reports.md.
"""

from __future__ import annotations

import argparse

from bevilling.cli.common import (
    EXIT_OK,
    add_report_options,
    mixed_price_levels,
    price_options,
    report_setup,
    warn_mixed_price_levels,
    width,
    write,
    year_type,
)
from bevilling.i18n.catalogs import catalog

__all__ = ["configure", "run"]

_, _n = catalog(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling expiring``."""
    parser.description = _(
        "List the appropriations whose funding ends in --year (or by --until),"
        " with a total, and say what has no fixed expiry. Approved money only unless"
        " --phase says otherwise. Docs: docs/reports.md."
    )
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument(
        "--year", type=year_type, metavar=_("YEAR"), help=_("funding that ends in this year")
    )
    when.add_argument(
        "--until", type=year_type, metavar=_("YEAR"), help=_("funding ended by this year")
    )
    parser.add_argument(
        "--include-open",
        action="store_true",
        help=_("also list the appropriations without a fixed expiry (open or declining)"),
    )
    add_report_options(parser)
    parser.set_defaults(run=run, command="expiring")


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling expiring``."""
    setup = report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, chosen, locale = setup
    from bevilling.reports import MixedPriceLevelsError, expiring, render_expiring

    try:
        result = expiring(
            ledgers, args.year, until=args.until, filter=chosen, allow_errors=True,
            **price_options(args),
        )  # fmt: skip
    except MixedPriceLevelsError as error:
        return mixed_price_levels(args, error)
    warn_mixed_price_levels(args, result.prices)
    text = render_expiring(
        result,
        args.format,
        locale=locale,
        csv_dialect=args.csv_dialect,
        width=width(args),
        include_open=args.include_open,
    )
    write(text, args)
    return EXIT_OK
