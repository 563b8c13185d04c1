"""``bevilling followup``: per appropriation, what was granted, changed, spent and what is left.

::

    bevilling followup --year YEAR [PATH ...]
                       [report options and filters as for ``list``] [--allow-errors]

For each appropriation with money, changes or spending in YEAR: Bevilget (granted, as
printed), Ændringer (the changes in force that year), Forbrug (spent), Rest (remaining =
granted + changes − spent) and Bortfalder (the remaining that lapses with the year), with
totals.  Changes and spending are read from the ``bevilling-changes/1`` and
``bevilling-spending/1`` files among the PATHs (the ledger folder by default).  Ledgers that
fail ``bevilling check`` are refused (exit 1, the errors on stderr) unless ``--allow-errors``.
Exit codes: 0 reported, 1 the ledgers have errors, 2 usage error or unreadable path.
Docs: docs/reports.md.
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
    """The description, arguments and defaults of ``bevilling followup``."""
    parser.description = _(
        "Follow up on a year: per appropriation what was granted, the changes in force,"
        " what was spent, what remains and what lapses with the year, with totals."
        " Changes and spending come from the change and spending files among the paths."
        " Docs: docs/reports.md."
    )
    parser.add_argument(
        "--year",
        type=year_type,
        metavar=_("YEAR"),
        required=True,
        help=_("the year to follow up"),
    )
    add_report_options(parser)
    parser.set_defaults(run=run, command="followup")


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling followup``."""
    setup = report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, chosen, locale = setup
    from bevilling.reports import MixedPriceLevelsError, followup, render_followup

    try:
        result = followup(
            ledgers, args.year, filter=chosen, allow_errors=True, **price_options(args)
        )
    except MixedPriceLevelsError as error:
        return mixed_price_levels(args, error)
    warn_mixed_price_levels(args, result.prices)
    text = render_followup(
        result, args.format, locale=locale, csv_dialect=args.csv_dialect, width=width(args)
    )
    write(text, args)
    return EXIT_OK
